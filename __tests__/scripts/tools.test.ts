import { describe, expect, it } from '@jest/globals'
import { nodeMajor } from '../../scripts/lib/tools.js'

describe('nodeMajor', () => {
  it('reads the major version from process.version and process.versions.node', () => {
    expect(nodeMajor('v24.11.1')).toBe(24)
    expect(nodeMajor('20.20.2')).toBe(20)
  })
})
