import { describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  cleanTaskDefinition,
  parseTaskDefinitionFile,
  SERVER_SIDE_FIELDS,
  TaskDefinitionError
} from '../../src/taskdef/index.js'

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))

describe('cleanTaskDefinition on a console export', () => {
  const raw = parseTaskDefinitionFile(path.join(fixtures, 'console-export.json')).taskDefinition
  const { definition, tags, notes } = cleanTaskDefinition(raw)
  const container = (definition.containerDefinitions as Record<string, unknown>[])[0]!

  it('removes every field registration rejects', () => {
    for (const field of SERVER_SIDE_FIELDS) {
      if (field === 'deregisteredAt') continue // not in this export
      expect(raw).toHaveProperty(field)
      expect(definition).not.toHaveProperty(field)
    }
  })

  it('moves tags out of the task definition, keeping an empty tag value', () => {
    expect(definition).not.toHaveProperty('tags')
    expect(tags).toEqual([
      { key: 'team', value: 'orders' },
      { key: 'cost-center', value: '' }
    ])
  })

  it('drops nulls, empty lists, empty objects and meaningless empty strings, recursively', () => {
    for (const key of [
      'links',
      'entryPoint',
      'command',
      'mountPoints',
      'volumesFrom',
      'secrets',
      'ulimits',
      'hostname',
      'user',
      'workingDirectory',
      'systemControls'
    ])
      expect({ key, present: key in container }).toEqual({ key, present: false })
    expect(definition).not.toHaveProperty('volumes')
    expect(definition).not.toHaveProperty('placementConstraints')
    expect(container.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/orders-api',
        'awslogs-region': 'eu-west-1',
        'awslogs-stream-prefix': 'ecs'
      }
    })
    expect(notes).toContain('Dropped 19 empty values (null, "", [] or {}).')
  })

  it('keeps 0, false and the empty strings that mean something', () => {
    expect(container.cpu).toBe(0)
    expect(container.essential).toBe(true)
    expect(container.disableNetworking).toBe(false)
    expect(container.readonlyRootFilesystem).toBe(false)
    expect(definition.enableFaultInjection).toBe(false)
    expect((container.healthCheck as Record<string, unknown>).startPeriod).toBe(0)
    expect(container.environment).toEqual([
      { name: 'SPRING_PROFILES_ACTIVE', value: 'prod' },
      { name: 'FEATURE_FLAGS', value: '' },
      { name: 'JAVA_TOOL_OPTIONS', value: '' } // written without a value: kept as "", like the official action
    ])
    expect(container.dockerLabels).toEqual({ team: 'orders', tier: '' })
  })

  it('does not change its input', () => {
    expect(raw.revision).toBe(41)
    expect(Array.isArray(raw.volumes)).toBe(true)
  })
})

describe('cleanTaskDefinition edge cases', () => {
  it('keeps 0 host ports (dynamic port mapping on EC2) and false essentials', () => {
    const { definition } = cleanTaskDefinition({
      family: 'f',
      containerDefinitions: [
        { name: 'a', image: 'i', essential: false, portMappings: [{ containerPort: 80, hostPort: 0 }] }
      ]
    })
    expect(definition.containerDefinitions).toEqual([
      { name: 'a', image: 'i', essential: false, portMappings: [{ containerPort: 80, hostPort: 0 }] }
    ])
  })

  it('drops list items that are empty and lists that become empty', () => {
    const { definition } = cleanTaskDefinition({
      family: 'f',
      containerDefinitions: [
        {
          name: 'a',
          image: 'i',
          portMappings: [{}, null, { containerPort: 80 }],
          environment: [{ name: '', value: '' }],
          ulimits: [{}]
        }
      ]
    })
    expect(definition.containerDefinitions).toEqual([
      { name: 'a', image: 'i', portMappings: [{ containerPort: 80 }] }
    ])
  })

  it('turns numeric task cpu and memory (YAML) into the strings the API takes, and leaves containers alone', () => {
    const { definition } = cleanTaskDefinition({
      family: 'f',
      cpu: 256,
      memory: 512,
      containerDefinitions: [{ name: 'a', image: 'i', memory: 512 }]
    })
    expect(definition.cpu).toBe('256')
    expect(definition.memory).toBe('512')
    expect((definition.containerDefinitions as Record<string, unknown>[])[0]!.memory).toBe(512)
  })

  it('has no notes for a clean file', () => {
    expect(
      cleanTaskDefinition({ family: 'f', containerDefinitions: [{ name: 'a', image: 'i' }] }).notes
    ).toEqual([])
  })

  it('rejects tags that are not key/value objects', () => {
    expect(() => cleanTaskDefinition({ family: 'f', tags: { team: 'x' } })).toThrow(TaskDefinitionError)
    expect(() => cleanTaskDefinition({ family: 'f', tags: [{ value: 'x' }] })).toThrow(
      'tags[0]: expected { "key": "...", "value": "..." } with a non-empty key.'
    )
  })
})
