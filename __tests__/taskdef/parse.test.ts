import { describe, expect, it, beforeAll } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  loadTaskDefinition,
  locateJsonError,
  parseTaskDefinition,
  parseTaskDefinitionFile,
  TaskDefinitionError
} from '../../src/taskdef/index.js'
import { writeMalformed } from '../../__fixtures__/task-definitions/malformed.js'
import { loadYamlFor } from '../../src/yaml.js'

// The parser is loaded before a YAML file is read, as the action does.
beforeAll(() => loadYamlFor(['task-definition.yml']))

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))
const fixture = (name: string): string => path.join(fixtures, name)

function errorOf(fn: () => unknown): TaskDefinitionError {
  try {
    fn()
  } catch (e) {
    if (e instanceof TaskDefinitionError) return e
    throw e
  }
  throw new Error('expected a TaskDefinitionError')
}

describe('parseTaskDefinitionFile', () => {
  it('reads JSON and YAML versions of the same task definition to the same object', () => {
    const json = parseTaskDefinitionFile(fixture('fargate.json')).taskDefinition
    const yaml = parseTaskDefinitionFile(fixture('fargate.yaml')).taskDefinition
    // YAML's unquoted 256/512 are numbers; everything else is identical.
    expect({ ...yaml, cpu: String(yaml.cpu), memory: String(yaml.memory) }).toEqual(json)
  })

  it('unwraps DescribeTaskDefinition output and keeps its tags', () => {
    const parsed = parseTaskDefinitionFile(fixture('describe-output.json'))
    expect(parsed.unwrapped).toBe(true)
    expect(parsed.taskDefinition.family).toBe('catalog')
    expect(parsed.tags).toEqual([{ key: 'service', value: 'catalog' }])
  })

  it('does not unwrap a plain task definition', () => {
    const parsed = parseTaskDefinitionFile(fixture('fargate.json'))
    expect(parsed.unwrapped).toBe(false)
    expect(parsed.tags).toEqual([])
  })

  it('points at the line and column of a trailing comma', () => {
    const file = writeMalformed('trailing-comma.json')
    const error = errorOf(() => parseTaskDefinitionFile(file))
    expect(error.message).toMatch(
      /^trailing-comma\.json:8:3: Trailing comma before '\]'\. Fix the JSON there/
    )
    expect([error.line, error.column]).toEqual([8, 3])
    expect(error.file).toBe(file)
  })

  it('points at the line and column of a missing comma', () => {
    const error = errorOf(() => parseTaskDefinitionFile(writeMalformed('missing-comma.json')))
    expect(error.message).toMatch(
      /^missing-comma\.json:4:3: Expected ',' or '\}' after a property value but found '"'/
    )
  })

  it('points into malformed YAML', () => {
    const error = errorOf(() => parseTaskDefinitionFile(writeMalformed('unclosed-quote.yaml')))
    expect(error.message).toMatch(
      /^unclosed-quote\.yaml:\d+:\d+: Missing closing "quote\. Fix the YAML there/
    )
    expect(error.line).toBeGreaterThanOrEqual(4)
  })

  it('rejects duplicate keys in YAML with their line', () => {
    const error = errorOf(() => parseTaskDefinition('family: a\nfamily: b\n', 'td.yml'))
    expect(error.message).toMatch(/^td\.yml:2:1: Map keys must be unique/)
  })

  it('names the file when it does not exist', () => {
    const error = errorOf(() => parseTaskDefinitionFile(fixture('nope.json')))
    expect(error.message).toContain('cannot read')
    expect(error.message).toContain('no such file')
  })

  it('requires an object at the top level', () => {
    expect(errorOf(() => parseTaskDefinition('[{"family": "x"}]', 'td.json')).message).toBe(
      'td.json: the task definition must be an object with family and containerDefinitions, but the file holds an array.'
    )
    expect(errorOf(() => parseTaskDefinition('"text"', 'td.json')).message).toContain('holds a string')
    expect(errorOf(() => parseTaskDefinition('', 'td.yaml')).message).toContain('holds null')
  })

  it('accepts a byte order mark before JSON', () => {
    expect(parseTaskDefinition('\uFEFF{"family": "x"}', 'td.json').taskDefinition).toEqual({ family: 'x' })
  })
})

describe('locateJsonError', () => {
  const at = (text: string): string | undefined => {
    const found = locateJsonError(text)
    if (!found) return undefined
    let line = 1
    let col = 1
    for (const c of text.slice(0, found.offset)) {
      if (c === '\n') {
        line++
        col = 1
      } else col++
    }
    return `${line}:${col} ${found.message}`
  }

  it('finds nothing wrong in valid JSON', () => {
    expect(at('{"a": [1, -2.5e3, true, null, "x\\n\\u00e9"], "b": {}}')).toBeUndefined()
  })

  it.each([
    ['{"a": }', "1:7 Expected a value but found '}'"],
    ['{"a": 1,}', "1:9 Trailing comma before '}'"],
    ["{'a': 1}", "1:2 Expected a double-quoted property name but found '''"],
    ['{"a": 1', "1:8 Expected ',' or '}' after a property value but found the end of the file"],
    ['{"a": "x', "1:9 Unterminated string (missing closing '\"')"],
    ['{"a": tru}', "1:7 Expected a value but found 't'"],
    ['{"a": 01}', '1:8 Numbers may not have leading zeros'],
    ['{"a" 1}', "1:6 Expected ':' after the property name but found '1'"],
    ['{}\n{}', "2:1 Unexpected '{' after the end of the JSON value"],
    ['  \n ', '2:2 The file is empty'],
    [
      '{"a": "\t"}',
      '1:8 Control character (a raw tab or line break) inside a string; write it as \\t or \\n'
    ],
    ['{"a": "\\x"}', '1:9 Bad escape in a string']
  ])('%j → %s', (text, expected) => {
    expect(at(text)).toBe(expected)
  })

  it('agrees with JSON.parse about what is valid', () => {
    const samples = ['{"a":1}', '[1,]', '{"a":[1,2]}', '{"a":"\\u12"}', '-', '1.', '"ok"', '{"a":1}}']
    for (const s of samples) {
      let valid = true
      try {
        JSON.parse(s)
      } catch {
        valid = false
      }
      expect({ s, valid: locateJsonError(s) === undefined }).toEqual({ s, valid })
    }
  })
})

describe('loadTaskDefinition', () => {
  it('loads a console export: cleaned, tags moved out, with notes on what was ignored', () => {
    const loaded = loadTaskDefinition(fixture('console-export.json'))
    expect(loaded.family).toBe('orders-api')
    expect(loaded.tags).toEqual([
      { key: 'team', value: 'orders' },
      { key: 'cost-center', value: '' }
    ])
    expect(loaded.definition).not.toHaveProperty('revision')
    expect(loaded.definition).not.toHaveProperty('tags')
    expect(loaded.definition).not.toHaveProperty('taskDefinitionArn')
    expect(loaded.notes[0]).toContain(
      'Ignoring taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy'
    )
  })

  it('loads DescribeTaskDefinition output with the wrapper tags', () => {
    const loaded = loadTaskDefinition(fixture('describe-output.json'))
    expect(loaded.tags).toEqual([{ key: 'service', value: 'catalog' }])
    expect(loaded.notes[0]).toContain('DescribeTaskDefinition output')
    expect(loaded.definition.containerDefinitions?.[0]?.name).toBe('catalog')
  })

  it('lists every problem of an invalid file in one error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-'))
    const file = path.join(dir, 'bad.json')
    fs.writeFileSync(
      file,
      JSON.stringify({
        family: 'bad family',
        containerDefinitions: [{ name: 'a' }, { name: 'a', image: 'x', memory: 128 }],
        colour: 'red'
      })
    )
    const error = errorOf(() => loadTaskDefinition(file))
    expect(error.message.split('\n')).toEqual([
      'bad.json is not a valid task definition (5 problems); fix them in the file:',
      '  - bad.json: colour: field colour is not a task definition field; remove it',
      '  - bad.json: family: "bad family" is not a valid family name; use up to 255 letters, numbers, hyphens and underscores',
      '  - bad.json: containerDefinitions[0].image: missing; every container needs an image',
      '  - bad.json: containerDefinitions[0].memory: no memory for this container and none for the task; on EC2 set the task memory or memory/memoryReservation of each container',
      '  - bad.json: containerDefinitions[1].name: "a" is already the name of containerDefinitions[0]; container names must be unique'
    ])
  })

  it('reports the missing family and the invalid Fargate size of the fixtures', () => {
    expect(errorOf(() => loadTaskDefinition(fixture('missing-family.json'))).message).toContain(
      'family: missing'
    )
    expect(errorOf(() => loadTaskDefinition(fixture('invalid-fargate-size.json'))).message).toContain(
      'memory: 4096 MiB does not fit cpu 256 on Fargate; with cpu 256 use memory 512, 1024 or 2048'
    )
  })
})
