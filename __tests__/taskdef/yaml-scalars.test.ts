// Numbers and booleans where ECS wants text, YAML 1.1 booleans, and values of the wrong kind, as a user sees them:
// the task definition that would be registered, the one warning, or the error naming the field.
import { describe, expect, it, beforeAll } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { loadTaskDefinition, type LoadedTaskDefinition } from '../../src/taskdef/index.js'
import { loadYamlFor } from '../../src/yaml.js'

// The parser is loaded before a YAML file is read, as the action does.
beforeAll(() => loadYamlFor(['task-definition.yml']))

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-scalars-'))
let count = 0
function write(ext: 'json' | 'yaml', text: string): string {
  const file = path.join(dir, `task-definition-${++count}.${ext}`)
  fs.writeFileSync(file, text)
  return file
}

const yamlHead = `family: web
requiresCompatibilities: [FARGATE]
networkMode: awsvpc
cpu: 256
memory: 512
containerDefinitions:
  - name: web
    image: web:1
`

function load(ext: 'json' | 'yaml', text: string): LoadedTaskDefinition {
  return loadTaskDefinition(write(ext, text))
}

function problemsOf(ext: 'json' | 'yaml', text: string): string {
  try {
    loadTaskDefinition(write(ext, text))
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected the task definition to be refused')
}

const env = (td: LoadedTaskDefinition) => td.definition.containerDefinitions![0]!.environment

describe('YAML scalars in text fields', () => {
  it('sends environment numbers and booleans as the text written, and says so once, naming each field', () => {
    const td = load(
      'yaml',
      `${yamlHead}    environment:
      - { name: PORT, value: 8080 }
      - { name: DEBUG, value: true }
      - { name: RATIO, value: 1.10 }
      - { name: CODE, value: 007 }
      - { name: NAME, value: app }
`
    )
    expect(env(td)).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'DEBUG', value: 'true' },
      { name: 'RATIO', value: '1.10' },
      { name: 'CODE', value: '007' },
      { name: 'NAME', value: 'app' }
    ])
    expect(td.warnings).toHaveLength(1)
    const warning = td.warnings[0]!
    expect(warning).toMatch(/converted 4 values to the type ECS expects/)
    expect(warning).toContain('containerDefinitions[0].environment[0].value: 8080 → "8080"')
    expect(warning).toContain('containerDefinitions[0].environment[1].value: true → "true"')
    expect(warning).toContain('containerDefinitions[0].environment[2].value: 1.1 → "1.10"')
    expect(warning).toContain('containerDefinitions[0].environment[3].value: 7 → "007"')
    expect(warning).not.toContain('environment[4]')
  })

  it('converts docker labels, log options, secrets, commands and tags the same way', () => {
    const td = load(
      'yaml',
      `${yamlHead}    command: [sleep, 3600]
    dockerLabels: { version: 2, public: false }
    logConfiguration:
      logDriver: awslogs
      options: { awslogs-group: /ecs/web, awslogs-create-group: true, max-buffer-size: 25 }
executionRoleArn: arn:aws:iam::123456789012:role/exec
tags:
  - { key: year, value: 2024 }
`
    )
    const container = td.definition.containerDefinitions![0]!
    expect(container.command).toEqual(['sleep', '3600'])
    expect(container.dockerLabels).toEqual({ version: '2', public: 'false' })
    expect(container.logConfiguration?.options).toEqual({
      'awslogs-group': '/ecs/web',
      'awslogs-create-group': 'true',
      'max-buffer-size': '25'
    })
    expect(td.tags).toEqual([{ key: 'year', value: '2024' }])
    expect(td.warnings).toHaveLength(1)
    for (const field of [
      'containerDefinitions[0].command[1]',
      'containerDefinitions[0].dockerLabels.version',
      'containerDefinitions[0].logConfiguration.options.awslogs-create-group',
      'tags[0].value'
    ])
      expect(td.warnings[0]).toContain(field)
  })

  it('converts numbers in JSON too, and stays silent for task-level cpu and memory', () => {
    const td = load(
      'json',
      JSON.stringify({
        family: 'web',
        cpu: 256,
        memory: 512,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'web', image: 'web:1', environment: [{ name: 'PORT', value: 8080 }] }]
      })
    )
    expect(td.definition.cpu).toBe('256')
    expect(env(td)).toEqual([{ name: 'PORT', value: '8080' }])
    expect(td.warnings).toHaveLength(1)
    expect(td.warnings[0]).toContain('environment[0].value: 8080 → "8080"')
    expect(td.warnings[0]).not.toMatch(/\bcpu\b: 256/)
  })

  it('follows YAML merge keys, keeping the text written', () => {
    const td = load(
      'yaml',
      `${yamlHead}    environment:
      - { name: RATIO, value: 1.10 }
    logConfiguration:
      logDriver: awslogs
      options:
        <<: { awslogs-group: /ecs/web, max-buffer-size: 25 }
        awslogs-stream-prefix: web
executionRoleArn: arn:aws:iam::123456789012:role/exec
`
    )
    expect(env(td)).toEqual([{ name: 'RATIO', value: '1.10' }])
    expect(td.definition.containerDefinitions![0]!.logConfiguration?.options).toEqual({
      'awslogs-group': '/ecs/web',
      'max-buffer-size': '25',
      'awslogs-stream-prefix': 'web'
    })
  })

  it('has no warning when every value is already text', () => {
    const td = load('yaml', `${yamlHead}    environment:\n      - { name: PORT, value: "8080" }\n`)
    expect(td.warnings).toEqual([])
  })

  it('refuses a map or a list where ECS wants one string, naming the file and the field', () => {
    const message = problemsOf(
      'yaml',
      `${yamlHead}    environment:
      - name: CONFIG
        value: { a: 1 }
      - name: HOSTS
        value: [a, b]
    secrets:
      - name: DB
        valueFrom: [arn]
`
    )
    expect(message).toMatch(
      /task-definition-\d+\.yaml: containerDefinitions\[0\]\.environment\[0\]\.value: expected text but found a map/
    )
    expect(message).toMatch(
      /containerDefinitions\[0\]\.environment\[1\]\.value: expected text but found a list/
    )
    expect(message).toMatch(
      /containerDefinitions\[0\]\.secrets\[0\]\.valueFrom: expected text but found a list/
    )
    expect(message).toMatch(/write the whole value in quotes/)
  })
})

describe('booleans', () => {
  it('takes YAML 1.1 yes/no/on/off for a boolean field, as the user meant, and says so', () => {
    const td = load(
      'yaml',
      `${yamlHead}    essential: yes
    readonlyRootFilesystem: off
`
    )
    const container = td.definition.containerDefinitions![0]!
    expect(container.essential).toBe(true)
    expect(container.readonlyRootFilesystem).toBe(false)
    expect(td.warnings[0]).toContain('containerDefinitions[0].essential: yes → true')
    expect(td.warnings[0]).toContain('containerDefinitions[0].readonlyRootFilesystem: off → false')
  })

  it('keeps yes as text where ECS wants text (YAML 1.2 reads it so, and it is what was written)', () => {
    const td = load('yaml', `${yamlHead}    environment:\n      - { name: FEATURE, value: yes }\n`)
    expect(env(td)).toEqual([{ name: 'FEATURE', value: 'yes' }])
    expect(td.warnings).toEqual([])
  })

  it('refuses any other text for a boolean, and quoted true in JSON with how to write it', () => {
    expect(problemsOf('yaml', `${yamlHead}    essential: maybe\n`)).toMatch(
      /containerDefinitions\[0\]\.essential: expected true or false but found text "maybe"/
    )
    const json = (essential: unknown) =>
      JSON.stringify({
        family: 'web',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: 'web:1', essential }]
      })
    expect(problemsOf('json', json('true'))).toMatch(
      /containerDefinitions\[0\]\.essential: "true" is text; write true without quotes/
    )
    expect(problemsOf('json', json('yes'))).toMatch(
      /containerDefinitions\[0\]\.essential: expected true or false/
    )
  })
})

describe('numbers and structure', () => {
  it('refuses a quoted port, a fraction and a list where an object goes, once per field', () => {
    const message = problemsOf(
      'yaml',
      `${yamlHead}    portMappings:
      - containerPort: "8080"
    memoryReservation: 12.5
    logConfiguration: [awslogs]
`
    )
    expect(message).toContain(
      'containerDefinitions[0].portMappings[0].containerPort: "8080" is text; write the number without quotes: 8080'
    )
    expect(message).toContain('containerDefinitions[0].memoryReservation: 12.5 must be a whole number')
    expect(message).toContain(
      'containerDefinitions[0].logConfiguration: expected an object with fields but found a list'
    )
    expect(message.match(/portMappings\[0\]\.containerPort/g)).toHaveLength(1)
  })

  it('names a misspelt nested field and a PascalCase field from a CloudFormation template', () => {
    const message = problemsOf(
      'yaml',
      `${yamlHead}    Essential: true
    logConfiguration:
      logDriver: awslogs
      option: { awslogs-group: /ecs/web }
`
    )
    expect(message).toContain(
      'containerDefinitions[0].Essential: field Essential is not a container definition field; did you mean essential?'
    )
    expect(message).toContain(
      'containerDefinitions[0].logConfiguration.option: field option is not a field of LogConfiguration'
    )
  })
})
