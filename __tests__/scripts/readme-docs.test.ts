import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import { inputsTable, readmeDrift, updateReadme } from '../../scripts/readme-docs.js'
import { STATEMENT_PURPOSES } from '../../src/iam/purposes.js'

const readme = fs.readFileSync('README.md', 'utf8')
const actionYml = fs.readFileSync('action.yml', 'utf8')

describe('README inputs and outputs', () => {
  it('document every input and output of action.yml (run `npm run docs` to fix)', () => {
    expect(readmeDrift(readme, actionYml)).toEqual([])
  })

  it('drift is caught: an input added to action.yml without the README fails the check', () => {
    const withNewInput = actionYml.replace(
      /^inputs:\n/m,
      'inputs:\n  canary-percent:\n    description: Share of traffic for the canary.\n    required: false\n'
    )
    const drift = readmeDrift(readme, withNewInput)
    expect(drift).toEqual([
      expect.stringContaining(
        'missing from README.md: | `canary-percent` |  | Share of traffic for the canary. |'
      )
    ])
  })

  it('a removed input is caught too', () => {
    const without = actionYml.replace(/^ {2}platform:\n( {4}.*\n)+/m, '')
    expect(readmeDrift(readme, without)).toEqual([
      expect.stringContaining('not in action.yml: | `platform` |')
    ])
  })

  it('renders defaults and required inputs', () => {
    const table = inputsTable(
      'inputs:\n  a:\n    description: A | B\n    required: true\n  b:\n    description: B\n    default: x\n'
    )
    expect(table.split('\n').slice(2)).toEqual(['| `a` | required | A \\| B |', '| `b` | `x` | B |'])
  })

  it('regenerating is stable', () => {
    expect(updateReadme(updateReadme(readme, actionYml), actionYml)).toBe(updateReadme(readme, actionYml))
  })
})

describe('README least-privilege table', () => {
  it('lists every statement the policy generator can write, and no other', () => {
    const documented = [...readme.matchAll(/^\| `(\w+)` \| `[a-z0-9-]+:/gm)].map(m => m[1])
    expect([...documented].sort()).toEqual(Object.keys(STATEMENT_PURPOSES).sort())
  })
})
