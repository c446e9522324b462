import { describe, expect, it, beforeAll } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { diffTaskDefinitions, taskDefinitionsEqual } from '../../src/taskdef/diff.js'
import {
  loadTaskDefinition,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  type TaskDefinitionDocument
} from '../../src/taskdef/index.js'
import { loadYamlFor } from '../../src/yaml.js'

// The parser is loaded before a YAML file is read, as the action does.
beforeAll(() => loadYamlFor(['task-definition.yml']))

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))
const load = (name: string): TaskDefinitionDocument =>
  loadTaskDefinition(path.join(fixtures, name)).definition
/** What DescribeTaskDefinition returned for the service's current revision (server-side fields, ECS defaults and all). */
const described = parseTaskDefinitionFile(path.join(fixtures, 'describe-output.json'))
  .taskDefinition as TaskDefinition
const CURRENT_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog:2.0.0-9f8e7d6'

describe('taskDefinitionsEqual', () => {
  it('sees the rendered file and the described revision with the same image as equal, despite ECS defaults', () => {
    const rendered = renderTaskDefinition(load('fargate.json'), { image: CURRENT_IMAGE })
    expect(taskDefinitionsEqual(rendered, described)).toBe(true)
  })

  it('also for the YAML file, whose cpu and memory were numbers', () => {
    expect(
      taskDefinitionsEqual(renderTaskDefinition(load('fargate.yaml'), { image: CURRENT_IMAGE }), described)
    ).toBe(true)
  })

  it('sees a new image as a difference', () => {
    const rendered = renderTaskDefinition(load('fargate.json'), {
      image: CURRENT_IMAGE.replace('2.0.0', '2.0.1')
    })
    expect(taskDefinitionsEqual(rendered, described)).toBe(false)
  })

  it('ignores defaults ECS fills in: cpu 0, essential, protocol tcp, hostPort in awsvpc, vCPU/GB units, role names', () => {
    const mine: TaskDefinitionDocument = {
      family: 'catalog',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '.25 vCPU',
      memory: '0.5 GB',
      taskRoleArn: 'catalog-task',
      executionRoleArn: 'ecsTaskExecutionRole',
      containerDefinitions: [
        {
          name: 'catalog',
          image: CURRENT_IMAGE,
          portMappings: [{ containerPort: 8080 }],
          environment: [{ name: 'JAVA_OPTS', value: '-XX:MaxRAMPercentage=75' }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/catalog',
              'awslogs-region': 'eu-west-1',
              'awslogs-stream-prefix': 'catalog'
            }
          }
        }
      ]
    }
    expect(taskDefinitionsEqual(mine, described)).toBe(true)
  })

  it('does not ignore a meaningful difference hidden among defaults', () => {
    const changes: ((td: TaskDefinitionDocument) => void)[] = [
      td => (td.containerDefinitions![0]!.essential = false),
      td => (td.containerDefinitions![0]!.cpu = 128),
      td => (td.containerDefinitions![0]!.portMappings![0]!.protocol = 'udp'),
      td => (td.containerDefinitions![0]!.environment![0]!.value = ''),
      td => (td.memory = '1024'),
      td => (td.taskRoleArn = 'arn:aws:iam::123456789012:role/other')
    ]
    for (const change of changes) {
      const rendered = renderTaskDefinition(load('fargate.json'), { image: CURRENT_IMAGE })
      change(rendered)
      expect({ change: change.toString(), equal: taskDefinitionsEqual(rendered, described) }).toEqual({
        change: change.toString(),
        equal: false
      })
    }
  })

  it('treats a missing host port and host port 0 alike in bridge mode, but not a fixed one', () => {
    const bridge = load('ec2-bridge.json')
    const dynamic = structuredClone(bridge)
    delete dynamic.containerDefinitions![0]!.portMappings![1]!.hostPort
    expect(taskDefinitionsEqual(bridge, dynamic)).toBe(true)
    const fixed = structuredClone(bridge)
    delete fixed.containerDefinitions![0]!.portMappings![0]!.hostPort
    expect(taskDefinitionsEqual(bridge, fixed)).toBe(false)
    expect(diffTaskDefinitions(bridge, fixed)).toEqual([
      'Ports of web: 80:8080/tcp, 8081/tcp → 8080/tcp, 8081/tcp'
    ])
  })

  it('ignores the order of environment variables and secrets', () => {
    const base = load('two-containers.json')
    const reordered = structuredClone(base)
    reordered.containerDefinitions![0]!.environment!.reverse()
    reordered.containerDefinitions![0]!.secrets!.reverse()
    expect(taskDefinitionsEqual(base, reordered)).toBe(true)
  })
})

describe('diffTaskDefinitions', () => {
  it('has nothing to say about identical task definitions', () => {
    expect(
      diffTaskDefinitions(described, renderTaskDefinition(load('fargate.json'), { image: CURRENT_IMAGE }))
    ).toEqual([])
  })

  it('reports a new image per container', () => {
    const next = renderTaskDefinition(load('fargate.json'), {
      image: CURRENT_IMAGE.replace('2.0.0-9f8e7d6', '2.1.0-0a1b2c3')
    })
    expect(diffTaskDefinitions(described, next)).toEqual([
      'Image of catalog: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog:2.0.0-9f8e7d6 → 123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalog:2.1.0-0a1b2c3'
    ])
  })

  it('reports environment values, but only the names of secrets', () => {
    const before = load('two-containers.json')
    const after = structuredClone(before)
    const app = after.containerDefinitions![0]!
    app.environment = [
      { name: 'SERVER_PORT', value: '8080' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'NEW_FLAG', value: 'on' }
    ]
    app.secrets = [
      {
        name: 'DB_PASSWORD',
        valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-v2-XyZ'
      },
      { name: 'STRIPE_KEY', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/billing/stripe' }
    ]
    const changes = diffTaskDefinitions(before, after)
    expect(changes).toEqual([
      'Environment of app: changed LOG_LEVEL: info → debug; added NEW_FLAG=on',
      'Secrets of app: DB_PASSWORD now comes from another secret; added STRIPE_KEY; removed API_KEY'
    ])
    expect(changes.join('\n')).not.toMatch(/secretsmanager|parameter\/billing/)
  })

  it('reports sizes, ports, command, roles, containers and other fields', () => {
    const before = load('two-containers.json')
    const after = structuredClone(before)
    after.cpu = '2 vCPU'
    after.memory = '4 GB'
    after.taskRoleArn = 'arn:aws:iam::123456789012:role/billing-task'
    after.executionRoleArn = 'arn:aws:iam::123456789012:role/billing-execution-v2'
    after.ephemeralStorage = { sizeInGiB: 30 }
    const app = after.containerDefinitions![0]!
    app.portMappings = [{ containerPort: 8080 }, { containerPort: 9090, protocol: 'udp' }]
    app.memoryReservation = 512
    app.command = ['java', '-jar', '/app.jar']
    app.healthCheck = { command: ['CMD', 'true'] }
    after.containerDefinitions = [app, { name: 'envoy', image: 'envoy:v1' }]
    expect(diffTaskDefinitions(before, after)).toEqual([
      'Task CPU: 1024 → 2048',
      'Task memory: 2048 → 4096',
      'Task role: (none) → billing-task',
      'Execution role: billing-execution → billing-execution-v2',
      'Container otel-collector removed',
      'Memory reservation of app: (none) → 512',
      'Ports of app: 8080/tcp → 8080/tcp, 9090/udp',
      'Command of app: (none) → ["java","-jar","/app.jar"]',
      'Also changed in app: healthCheck',
      'Container envoy added (image envoy:v1)',
      'Also changed: ephemeralStorage'
    ])
  })
})
