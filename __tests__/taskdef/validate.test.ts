import { describe, expect, it, beforeAll } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  cleanTaskDefinition,
  cpuUnits,
  fargateMemoryOptions,
  memoryMiB,
  parseTaskDefinitionFile,
  TASK_DEFINITION_FIELDS,
  validateTaskDefinition
} from '../../src/taskdef/index.js'
import { loadYamlFor } from '../../src/yaml.js'

// The parser is loaded before a YAML file is read, as the action does.
beforeAll(() => loadYamlFor(['task-definition.yml']))

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))
const cleaned = (name: string): Record<string, unknown> =>
  cleanTaskDefinition(parseTaskDefinitionFile(path.join(fixtures, name)).taskDefinition).definition

const fargate = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image: 'web:1' }],
  ...extra
})

describe('validateTaskDefinition on the fixtures', () => {
  it.each([
    'console-export.json',
    'two-containers.json',
    'ec2-bridge.json',
    'fargate.json',
    'fargate.yaml',
    'describe-output.json'
  ])('%s has no problems', name => {
    expect(validateTaskDefinition(cleaned(name))).toEqual([])
  })

  it('finds the missing family', () => {
    expect(validateTaskDefinition(cleaned('missing-family.json'))).toEqual([
      'family: missing; every task definition needs a family name (letters, numbers, hyphens and underscores)'
    ])
  })

  it('finds the invalid Fargate pair', () => {
    expect(validateTaskDefinition(cleaned('invalid-fargate-size.json'))).toEqual([
      'memory: 4096 MiB does not fit cpu 256 on Fargate; with cpu 256 use memory 512, 1024 or 2048'
    ])
  })
})

describe('validateTaskDefinition rules', () => {
  it('knows the request members from the SDK model', () => {
    for (const field of [
      'family',
      'containerDefinitions',
      'cpu',
      'memory',
      'runtimePlatform',
      'ephemeralStorage',
      'tags'
    ])
      expect(TASK_DEFINITION_FIELDS.has(field)).toBe(true)
    expect(TASK_DEFINITION_FIELDS.has('revision')).toBe(false)
  })

  it('rejects unknown top-level and container fields by name', () => {
    expect(
      validateTaskDefinition(
        fargate({ taskRole: 'x', containerDefinitions: [{ name: 'web', image: 'w', ports: [80] }] })
      )
    ).toEqual([
      'taskRole: field taskRole is not a task definition field; remove it',
      'containerDefinitions[0].ports: field ports is not a container definition field; remove it'
    ])
  })

  it('checks family names', () => {
    expect(validateTaskDefinition(fargate({ family: 'my.app' }))).toEqual([
      'family: "my.app" is not a valid family name; use up to 255 letters, numbers, hyphens and underscores'
    ])
    expect(validateTaskDefinition(fargate({ family: 'x'.repeat(256) }))).toHaveLength(1)
    expect(validateTaskDefinition(fargate({ family: 'a'.repeat(255) }))).toEqual([])
  })

  it('needs between 1 and 10 containers', () => {
    expect(validateTaskDefinition(fargate({ containerDefinitions: [] }))).toEqual([
      'containerDefinitions: missing or empty; a task definition needs at least one container with a name and an image'
    ])
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'i' }))
    expect(validateTaskDefinition(fargate({ containerDefinitions: eleven }))).toEqual([
      'containerDefinitions: 11 containers; a task definition may have at most 10'
    ])
    expect(validateTaskDefinition(fargate({ containerDefinitions: eleven.slice(0, 10) }))).toEqual([])
  })

  it('needs a name and an image in every container, names unique', () => {
    expect(
      validateTaskDefinition(
        fargate({ containerDefinitions: [{ image: 'a' }, { name: 'b' }, { name: 'b', image: 'b' }, 'x'] })
      )
    ).toEqual([
      'containerDefinitions[0].name: missing; every container needs a name',
      'containerDefinitions[1].image: missing; every container needs an image',
      'containerDefinitions[2].name: "b" is already the name of containerDefinitions[1]; container names must be unique',
      'containerDefinitions[3]: expected an object with name and image'
    ])
  })

  it('needs awsvpc on Fargate', () => {
    expect(validateTaskDefinition(fargate({ networkMode: 'bridge' }))).toEqual([
      'networkMode: "bridge"; Fargate (requiresCompatibilities FARGATE) needs "awsvpc"'
    ])
    expect(validateTaskDefinition(fargate({ networkMode: undefined }))).toEqual([
      'networkMode: missing; Fargate (requiresCompatibilities FARGATE) needs "awsvpc"'
    ])
  })

  it('needs task cpu and memory on Fargate', () => {
    expect(validateTaskDefinition(fargate({ memory: undefined }))).toEqual([
      'memory: missing; Fargate needs task-level cpu and memory, e.g. "cpu": "256", "memory": "512"'
    ])
  })

  it.each([
    ['256', '512'],
    ['.25 vCPU', '0.5 GB'],
    [512, 4096],
    ['1 vCPU', '2 GB'],
    ['1 vcpu', '8GB'],
    ['2048', '16384'],
    ['4 vCPU', '30 GB'],
    ['8 vCPU', '60 GB'],
    ['16384', '122880']
  ])('accepts Fargate cpu %j with memory %j', (cpu, memory) => {
    expect(validateTaskDefinition(fargate({ cpu, memory }))).toEqual([])
  })

  it.each([
    [
      '256',
      '3072',
      'memory: 3072 MiB does not fit cpu 256 on Fargate; with cpu 256 use memory 512, 1024 or 2048'
    ],
    [
      '4096',
      '31 GB',
      'memory: 31744 MiB does not fit cpu 4096 on Fargate; with cpu 4096 use memory from 8192 to 30720 in steps of 1024'
    ],
    [
      '8 vCPU',
      '18 GB',
      'memory: 18432 MiB does not fit cpu 8192 on Fargate; with cpu 8192 use memory from 16384 to 61440 in steps of 4096'
    ],
    [
      '300',
      '512',
      'cpu: 300 CPU units is not a Fargate size; use 256, 512, 1024, 2048, 4096, 8192, 16384 (.25 to 16 vCPU)'
    ],
    ['lots', '512', 'cpu: "lots" is not a CPU size; write CPU units ("1024") or vCPUs ("1 vCPU")']
  ])('rejects Fargate cpu %j with memory %j', (cpu, memory, problem) => {
    expect(validateTaskDefinition(fargate({ cpu, memory }))).toEqual([problem])
  })

  it('needs memory for every container on EC2 when the task has none', () => {
    const ec2 = {
      family: 'w',
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [
        { name: 'a', image: 'a', memory: 256 },
        { name: 'b', image: 'b' }
      ]
    }
    expect(validateTaskDefinition(ec2)).toEqual([
      'containerDefinitions[1].memory: no memory for this container and none for the task; on EC2 set the task memory or memory/memoryReservation of each container'
    ])
    expect(validateTaskDefinition({ ...ec2, memory: '1024' })).toEqual([])
  })

  it('rejects links and differing host ports with awsvpc', () => {
    const td = {
      family: 'w',
      networkMode: 'awsvpc',
      memory: '1024',
      containerDefinitions: [
        {
          name: 'a',
          image: 'a',
          links: ['b'],
          portMappings: [
            { containerPort: 8080, hostPort: 80 },
            { containerPort: 9090, hostPort: 9090 }
          ]
        }
      ]
    }
    expect(validateTaskDefinition(td)).toEqual([
      'containerDefinitions[0].links: links are not supported with networkMode awsvpc; remove them (containers of a task reach each other on localhost)',
      'containerDefinitions[0].portMappings[0].hostPort: 80 differs from containerPort 8080; with networkMode awsvpc they must be equal (or leave hostPort out)'
    ])
  })

  it('wants container sizes and ports as numbers, not quoted strings', () => {
    const td = fargate({
      containerDefinitions: [
        { name: 'web', image: 'w', memory: '512', cpu: 0, portMappings: [{ containerPort: '8080' }] }
      ]
    })
    expect(validateTaskDefinition(td)).toEqual([
      'containerDefinitions[0].memory: "512" must be a whole number (MiB or CPU units, without quotes)',
      'containerDefinitions[0].portMappings[0].containerPort: "8080" must be a port number, without quotes'
    ])
  })

  it('allows links and any host port in bridge mode', () => {
    expect(validateTaskDefinition(cleaned('ec2-bridge.json'))).toEqual([])
  })
})

describe('sizes', () => {
  it('reads CPU units and vCPUs', () => {
    expect([
      cpuUnits('256'),
      cpuUnits(1024),
      cpuUnits('.25 vCPU'),
      cpuUnits('2 vcpu'),
      cpuUnits('0.3 vCPU'),
      cpuUnits('x'),
      cpuUnits(-1)
    ]).toEqual([256, 1024, 256, 2048, undefined, undefined, undefined])
  })

  it('reads MiB and GB', () => {
    expect([
      memoryMiB('512'),
      memoryMiB(2048),
      memoryMiB('0.5 GB'),
      memoryMiB('2GB'),
      memoryMiB('1 TB'),
      memoryMiB('')
    ]).toEqual([512, 2048, 512, 2048, undefined, undefined])
  })

  it('lists Fargate memory for a CPU size', () => {
    expect(fargateMemoryOptions(256)).toEqual([512, 1024, 2048])
    expect(fargateMemoryOptions(512)).toEqual([1024, 2048, 3072, 4096])
    expect(fargateMemoryOptions(16384)).toEqual([
      32768, 40960, 49152, 57344, 65536, 73728, 81920, 90112, 98304, 106496, 114688, 122880
    ])
    expect(fargateMemoryOptions(128)).toEqual([])
  })
})
