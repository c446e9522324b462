/* eslint-disable @typescript-eslint/no-explicit-any -- responses are wire JSON; the tests read them loosely */
import { describe, it, expect } from '@jest/globals'
import { createEcsModel } from '../ecs/index.js'
import { AwsError } from '../errors.js'

const caller = {
  accessKeyId: 'AKIDEXAMPLE',
  arn: 'arn:aws:iam::123456789012:user/deployer',
  accountId: '123456789012'
}
const T0 = 1_700_000_000_000

function model() {
  return createEcsModel({ region: 'eu-west-1', accountId: '123456789012', now: () => T0, speed: 1 })
}

const fargate = {
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'web',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0',
      portMappings: [{ containerPort: 8080 }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }
      }
    }
  ]
}

async function rejection(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof AwsError) return err
    throw err
  }
  throw new Error('expected the call to fail')
}

describe('RegisterTaskDefinition', () => {
  it('returns the full task definition with ECS-set fields, revision 1 then 2', async () => {
    const ecs = model()
    const first = (await ecs.handle(
      'RegisterTaskDefinition',
      { ...fargate, tags: [{ key: 'team', value: 'a' }] },
      caller
    )) as any
    expect(first.taskDefinition).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1',
      family: 'web',
      revision: 1,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: T0 / 1000,
      registeredBy: caller.arn,
      cpu: '256',
      memory: '512'
    })
    expect(first.taskDefinition.requiresAttributes).toEqual(
      expect.arrayContaining([
        { name: 'ecs.capability.task-eni' },
        { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }
      ])
    )
    expect(first.taskDefinition.containerDefinitions[0]).toMatchObject({
      essential: true,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]
    })
    expect(first.taskDefinition.tags).toBeUndefined()
    expect(first.tags).toEqual([{ key: 'team', value: 'a' }])

    const second = (await ecs.handle('RegisterTaskDefinition', fargate, caller)) as any
    expect(second.taskDefinition.revision).toBe(2)
    expect(second.taskDefinition.taskDefinitionArn).toMatch(/task-definition\/web:2$/)
    const other = (await ecs.handle(
      'RegisterTaskDefinition',
      { ...fargate, family: 'worker' },
      caller
    )) as any
    expect(other.taskDefinition.revision).toBe(1)
  })

  it('stores "1 vCPU" / "2 GB" as CPU units and MiB', async () => {
    const out = (await model().handle(
      'RegisterTaskDefinition',
      { ...fargate, cpu: '1 vCPU', memory: '2 GB' },
      caller
    )) as any
    expect(out.taskDefinition).toMatchObject({
      cpu: '1024',
      memory: '2048',
      compatibilities: ['EC2', 'FARGATE']
    })
  })

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['no family', { ...fargate, family: '' }, 'ClientException', /Family should not be null or empty/],
    [
      'a bad family',
      { ...fargate, family: 'web app' },
      'ClientException',
      /Family contains invalid characters: "web app"/
    ],
    [
      'no containers',
      { ...fargate, containerDefinitions: [] },
      'ClientException',
      /Container list cannot be empty/
    ],
    [
      'eleven containers',
      {
        ...fargate,
        containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'x' }))
      },
      'ClientException',
      /has 11, the limit is 10/
    ],
    [
      'a container without image',
      { ...fargate, containerDefinitions: [{ name: 'web' }] },
      'ClientException',
      /Container.image should not be null or empty \(container 'web'\)/
    ],
    [
      'a container without name',
      { ...fargate, containerDefinitions: [{ image: 'x' }] },
      'ClientException',
      /Container.name should not be null or empty/
    ],
    [
      'duplicate container names',
      {
        ...fargate,
        containerDefinitions: [
          { name: 'web', image: 'a' },
          { name: 'web', image: 'b' }
        ]
      },
      'ClientException',
      /Duplicate container name 'web'/
    ],
    [
      'Fargate with bridge networking',
      { ...fargate, networkMode: 'bridge' },
      'ClientException',
      /Fargate only supports network mode ‘awsvpc’\./
    ],
    [
      'an invalid Fargate size',
      { ...fargate, cpu: '256', memory: '4096' },
      'ClientException',
      /No Fargate configuration exists for given values: 256 CPU, 4096 memory/
    ],
    [
      'Fargate without task cpu',
      { ...fargate, cpu: undefined },
      'ClientException',
      /Fargate requires that 'cpu' be defined at the task level/
    ],
    [
      'Fargate awslogs without an execution role',
      { ...fargate, executionRoleArn: undefined },
      'ClientException',
      /execution role ARN to support log driver awslogs/
    ],
    [
      'EC2 without any memory',
      { family: 'web', containerDefinitions: [{ name: 'web', image: 'x' }] },
      'ClientException',
      /container 'web'. At least one of 'memory' or 'memoryReservation' must be specified/
    ],
    [
      'links with awsvpc',
      {
        family: 'web',
        networkMode: 'awsvpc',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: 'x', links: ['db'] }]
      },
      'ClientException',
      /Links are not supported when networkMode=awsvpc/
    ],
    [
      'a server-only field',
      { ...fargate, revision: 3, status: 'ACTIVE' },
      'ClientException',
      /revision, status: these are set by ECS/
    ]
  ]
  it.each(cases)('rejects %s', async (_name, input, type, message) => {
    const error = await rejection(model().handle('RegisterTaskDefinition', input, caller))
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
  })

  it('accepts EC2 definitions with bridge networking, links and per-container memory', async () => {
    const out = (await model().handle(
      'RegisterTaskDefinition',
      {
        family: 'legacy',
        containerDefinitions: [
          { name: 'web', image: 'x', memory: 256, links: ['db'] },
          { name: 'db', image: 'y', memoryReservation: 128 }
        ]
      },
      caller
    )) as any
    expect(out.taskDefinition).toMatchObject({ networkMode: 'bridge', compatibilities: ['EC2'], revision: 1 })
  })

  it('accepts every Fargate size the guide lists and rejects the steps between', async () => {
    const ecs = model()
    for (const [cpu, memory] of [
      ['512', '4096'],
      ['4096', '30720'],
      ['8192', '20480'],
      ['16384', '122880']
    ]) {
      await expect(
        ecs.handle('RegisterTaskDefinition', { ...fargate, cpu, memory }, caller)
      ).resolves.toBeDefined()
    }
    for (const [cpu, memory] of [
      ['8192', '18432'],
      ['1024', '1024'],
      ['300', '512']
    ]) {
      expect(
        (await rejection(ecs.handle('RegisterTaskDefinition', { ...fargate, cpu, memory }, caller))).type
      ).toBe('ClientException')
    }
  })
})

describe('DescribeTaskDefinition, DeregisterTaskDefinition and ListTaskDefinitions', () => {
  async function registered() {
    const ecs = model()
    await ecs.handle('RegisterTaskDefinition', { ...fargate, tags: [{ key: 'v', value: '1' }] }, caller)
    await ecs.handle('RegisterTaskDefinition', fargate, caller)
    await ecs.handle('RegisterTaskDefinition', { ...fargate, family: 'api' }, caller)
    return ecs
  }

  it('describes by family (latest ACTIVE), family:revision or ARN, with tags only when asked', async () => {
    const ecs = await registered()
    const byFamily = (await ecs.handle('DescribeTaskDefinition', { taskDefinition: 'web' }, caller)) as any
    expect(byFamily.taskDefinition.revision).toBe(2)
    expect(byFamily.tags).toBeUndefined()
    const byRevision = (await ecs.handle(
      'DescribeTaskDefinition',
      { taskDefinition: 'web:1', include: ['TAGS'] },
      caller
    )) as any
    expect(byRevision.taskDefinition.revision).toBe(1)
    expect(byRevision.tags).toEqual([{ key: 'v', value: '1' }])
    const byArn = (await ecs.handle(
      'DescribeTaskDefinition',
      { taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:1' },
      caller
    )) as any
    expect(byArn.taskDefinition.family).toBe('api')
  })

  it('answers an unknown task definition with ECS error', async () => {
    const error = await rejection(
      (await registered()).handle('DescribeTaskDefinition', { taskDefinition: 'web:9' }, caller)
    )
    expect(error.type).toBe('ClientException')
    expect(error.message).toBe('Unable to describe task definition.')
  })

  it('deregisters a revision: INACTIVE, still describable, no longer the latest of its family', async () => {
    const ecs = await registered()
    const out = (await ecs.handle('DeregisterTaskDefinition', { taskDefinition: 'web:2' }, caller)) as any
    expect(out.taskDefinition).toMatchObject({ status: 'INACTIVE', deregisteredAt: T0 / 1000 })
    expect(
      ((await ecs.handle('DescribeTaskDefinition', { taskDefinition: 'web' }, caller)) as any).taskDefinition
        .revision
    ).toBe(1)
    expect(
      ((await ecs.handle('DescribeTaskDefinition', { taskDefinition: 'web:2' }, caller)) as any)
        .taskDefinition.status
    ).toBe('INACTIVE')
    const bare = await rejection(ecs.handle('DeregisterTaskDefinition', { taskDefinition: 'web' }, caller))
    expect(bare.message).toMatch(/needs family:revision/)
  })

  it('lists by family, status and sort order, with paging', async () => {
    const ecs = await registered()
    await ecs.handle('DeregisterTaskDefinition', { taskDefinition: 'web:1' }, caller)
    const arn = (name: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${name}`
    expect(await ecs.handle('ListTaskDefinitions', {}, caller)).toEqual({
      taskDefinitionArns: [arn('api:1'), arn('web:2')]
    })
    expect(
      await ecs.handle('ListTaskDefinitions', { familyPrefix: 'web', status: 'INACTIVE' }, caller)
    ).toEqual({
      taskDefinitionArns: [arn('web:1')]
    })
    const desc = (await ecs.handle('ListTaskDefinitions', { sort: 'DESC', maxResults: 1 }, caller)) as any
    expect(desc.taskDefinitionArns).toEqual([arn('web:2')])
    const next = (await ecs.handle(
      'ListTaskDefinitions',
      { sort: 'DESC', maxResults: 1, nextToken: desc.nextToken },
      caller
    )) as any
    expect(next).toEqual({ taskDefinitionArns: [arn('api:1')] })
  })
})
