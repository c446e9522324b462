import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { loadTaskDefinition, prepareTaskDefinition, renderImage } from '../../src/taskdef/index.js'
import { noOverrides } from '../../src/taskdef/overrides.js'
import { readTaskDefinitionFromEcs } from '../../src/taskdef/source.js'
import type { TaskDefinitionDocument } from '../../src/taskdef/types.js'

const fixture = (name: string) => path.join(process.cwd(), '__fixtures__', 'task-definitions', name)
const twoContainers = () => loadTaskDefinition(fixture('two-containers.json'), { containerName: 'app' })
const choices = (extra: object = {}) => ({
  containerNames: ['app'],
  containerImages: [],
  overrides: noOverrides(),
  ...extra
})

describe('prepareTaskDefinition', () => {
  it('changes nothing without container-images or overrides', () => {
    const loaded = twoContainers()
    const prepared = prepareTaskDefinition(loaded, choices(), 'td.json')
    expect(prepared.changes).toEqual([])
    expect(prepared.loaded.definition).toEqual(loaded.definition)
  })

  it('pins a sidecar with container-images and says so', () => {
    const prepared = prepareTaskDefinition(
      twoContainers(),
      choices({ containerImages: [{ container: 'otel-collector', image: 'otel/collector:0.99.0' }] }),
      'td.json'
    )
    const sidecar = prepared.loaded.definition.containerDefinitions?.find(c => c.name === 'otel-collector')
    expect(sidecar?.image).toBe('otel/collector:0.99.0')
    expect(prepared.changes).toEqual([
      'container otel-collector: image public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0 → otel/collector:0.99.0'
    ])
  })

  it('refuses container-images for a container the task definition does not have', () => {
    expect(() =>
      prepareTaskDefinition(
        twoContainers(),
        choices({ containerImages: [{ container: 'nginx', image: 'nginx:1' }] }),
        'td.json'
      )
    ).toThrow(
      'container-images names "nginx", which the task definition does not have; its containers are "app", "otel-collector".'
    )
  })

  it('refuses a container-name the task definition does not have', () => {
    expect(() =>
      prepareTaskDefinition(twoContainers(), choices({ containerNames: ['app', 'web'] }), 'td.json')
    ).toThrow('container-name: the task definition has no container named "web"')
  })

  it('applies the overrides to the named containers and lists each change', () => {
    const overrides = {
      ...noOverrides(),
      environment: [{ name: 'LOG_LEVEL', value: 'debug' }],
      cpu: '2048',
      memory: '4096'
    }
    const prepared = prepareTaskDefinition(twoContainers(), choices({ overrides }), 'td.json')
    expect(prepared.changes).toEqual([
      'container app: environment LOG_LEVEL: info → debug',
      'task cpu: 1 vCPU → 2048',
      'task memory: 2 GB → 4096'
    ])
    const sidecar = prepared.loaded.definition.containerDefinitions?.find(c => c.name === 'otel-collector')
    expect(sidecar?.environment).toBeUndefined()
  })

  it('checks the result by the task definition rules: a Fargate size that does not exist is refused', () => {
    const overrides = { ...noOverrides(), cpu: '256', memory: '4096' }
    expect(() => prepareTaskDefinition(twoContainers(), choices({ overrides }), 'td.json')).toThrow(
      /td\.json with this run's container-images and overrides is not a valid task definition \(1 problem\).*\n.*memory/
    )
  })

  it('refuses a sidecar whose image is a placeholder no input fills in', () => {
    const loaded = twoContainers()
    loaded.definition.containerDefinitions![1]!.image = 'otel:<TAG>'
    expect(() => prepareTaskDefinition(loaded, choices(), 'td.json')).toThrow(
      /containerDefinitions\[1\]\.image: .*placeholder/
    )
    // Named in container-name, it gets the run's image: no problem.
    expect(() =>
      prepareTaskDefinition(loaded, choices({ containerNames: ['app', 'otel-collector'] }), 'td.json')
    ).not.toThrow()
  })

  it('renders the run image into every named container', () => {
    const rendered = renderImage(twoContainers().definition, ['app', 'otel-collector'], 'repo/web:1')
    expect(rendered.containerDefinitions?.map(c => c.image)).toEqual(['repo/web:1', 'repo/web:1'])
  })
})

describe('readTaskDefinitionFromEcs', () => {
  const described: TaskDefinition = {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7',
    family: 'web',
    revision: 7,
    status: 'ACTIVE',
    registeredAt: new Date('2026-01-01T00:00:00Z'),
    registeredBy: 'arn:aws:iam::123456789012:role/terraform',
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
    containerDefinitions: [
      {
        name: 'app',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1',
        essential: true,
        portMappings: [{ containerPort: 8080 }]
      }
    ]
  }
  const ecs = (td: TaskDefinition, tags = [{ key: 'team', value: 'payments' }]) => {
    const asked: string[] = []
    return {
      asked,
      readTaskDefinition: async (reference: string) => {
        asked.push(reference)
        return { taskDefinition: td, tags }
      }
    }
  }

  it('reads the latest ACTIVE revision of a family, cleaned like a file, with its tags', async () => {
    const api = ecs(described, [
      { key: 'team', value: 'payments' },
      { key: 'aws:cloudformation:stack-name', value: 'web' }
    ])
    const loaded = await readTaskDefinitionFromEcs({ kind: 'family', family: 'web' }, api, {
      containerName: 'app'
    })
    expect(api.asked).toEqual(['web'])
    expect(loaded.revision).toBe(7)
    expect(loaded.tags).toEqual([{ key: 'team', value: 'payments' }])
    const definition = loaded.definition as TaskDefinitionDocument & Record<string, unknown>
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'registeredAt',
      'registeredBy',
      'compatibilities',
      'requiresAttributes'
    ])
      expect(definition[field]).toBeUndefined()
    expect(definition).toMatchObject({
      family: 'web',
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      executionRoleArn: described.executionRoleArn
    })
    expect(definition.containerDefinitions).toEqual(described.containerDefinitions)
  })

  it('asks for family:revision and ARNs as given', async () => {
    const api = ecs(described)
    await readTaskDefinitionFromEcs({ kind: 'family', family: 'web', revision: 7 }, api, {})
    await readTaskDefinitionFromEcs({ kind: 'arn', arn: described.taskDefinitionArn! }, api, {})
    expect(api.asked).toEqual(['web:7', described.taskDefinitionArn])
  })

  it('refuses an INACTIVE revision', async () => {
    await expect(
      readTaskDefinitionFromEcs(
        { kind: 'family', family: 'web', revision: 7 },
        ecs({ ...described, status: 'INACTIVE' }),
        {}
      )
    ).rejects.toThrow('task-definition-family: web:7 is INACTIVE (deregistered); nothing was changed.')
  })

  it('refuses a task definition in ECS that breaks the rules, saying where to fix it', async () => {
    await expect(
      readTaskDefinitionFromEcs({ kind: 'family', family: 'web' }, ecs({ ...described, memory: '4096' }), {})
    ).rejects.toThrow(/web:7 is not a valid task definition .*fix it where the task definition is kept/)
  })
})
