// The one table of input names and defaults says what action.yml says.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import { parse } from 'yaml'
import { INPUTS, inputDefault, Outputs } from '../../src/settings/index.js'

const action = parse(fs.readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}

describe('the input and output table', () => {
  it('names every input of action.yml, and only those', () => {
    expect(
      Object.values(INPUTS)
        .map(i => i.name)
        .sort()
    ).toEqual(Object.keys(action.inputs).sort())
  })

  it("gives every input action.yml's default, and none where action.yml has none", () => {
    for (const [name, spec] of Object.entries(action.inputs))
      expect([name, inputDefault(name)]).toEqual([
        name,
        spec.default === undefined ? undefined : String(spec.default)
      ])
  })

  it('names every output of action.yml, and only those', () => {
    expect(Object.values(Outputs).sort()).toEqual(Object.keys(action.outputs).sort())
  })
})
