import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ClientException,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  ServerException,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { DEFAULT_ADMIN, startEmulator, type Emulator } from '../../emulator/index.js'
import { FakeClock } from '../../__fixtures__/clock.js'
import { createEcsApi } from '../../src/aws/ecs.js'
import {
  AmbiguousFailure,
  CLOCK_SKEW_MS,
  isAmbiguous,
  ONCE_ATTEMPTS,
  registerTaskDefinitionOnce,
  updateServiceOnce
} from '../../src/aws/once.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const meta = { $metadata: {} }
const serverFault = () =>
  new ServerException({ message: 'We encountered an internal error.', $metadata: { httpStatusCode: 500 } })
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })

const rendered: RegisterTaskDefinitionCommandInput = {
  family: 'web',
  containerDefinitions: [{ name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0' }]
}
const arn = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`

describe('isAmbiguous', () => {
  it('is true where ECS may have done the call: server faults, lost connections, timeouts', () => {
    expect(isAmbiguous(serverFault())).toBe(true)
    expect(isAmbiguous(reset())).toBe(true)
    expect(isAmbiguous(new Error('socket hang up'))).toBe(true)
    expect(isAmbiguous(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(true)
    expect(isAmbiguous(new Error('outer', { cause: reset() }))).toBe(true)
    expect(isAmbiguous(new AmbiguousFailure(serverFault()))).toBe(true)
  })

  it('is false where ECS surely did nothing: throttling, refusals, a refused connection', () => {
    expect(
      isAmbiguous(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 }
        })
      )
    ).toBe(false)
    expect(isAmbiguous(new ClientException({ message: 'Invalid', $metadata: { httpStatusCode: 400 } }))).toBe(
      false
    )
    expect(isAmbiguous(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isAmbiguous(new Error('boom'))).toBe(false)
  })
})

describe('registerTaskDefinitionOnce', () => {
  const ecs = mockClient(ECSClient)
  afterAll(() => ecs.restore())
  let clock: FakeClock
  let logger: RecordingLogger
  beforeEach(() => {
    ecs.reset()
    clock = new FakeClock()
    logger = new RecordingLogger()
  })
  const register = () =>
    registerTaskDefinitionOnce(new ECSClient({ region: 'us-east-1' }), rendered, { clock, logger })
  const registeredAt = (offsetMs: number) => new Date(clock.now() + offsetMs)

  it('after a lost answer, uses the revision ECS did register instead of registering another', async () => {
    ecs.on(RegisterTaskDefinitionCommand).rejects(reset())
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      ...meta,
      taskDefinition: {
        ...rendered,
        taskDefinitionArn: arn(7),
        revision: 7,
        registeredAt: registeredAt(200)
      },
      tags: []
    })

    const result = await register()

    expect(result.taskDefinition?.taskDefinitionArn).toBe(arn(7))
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1)
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: 'web',
      include: ['TAGS']
    })
    expect(clock.sleeps).toEqual([1_000])
    expect(logger.lines).toEqual([
      'No sure answer to RegisterTaskDefinition of web (socket hang up); looking whether ECS did it before sending it again.',
      'ECS had done RegisterTaskDefinition of web: using that instead of sending it again.'
    ])
  })

  it('sends again when the newest revision is older than this call, is another one, or there is none', async () => {
    const older = { ...rendered, taskDefinitionArn: arn(6), revision: 6 }
    const cases = [
      { ...meta, taskDefinition: { ...older, registeredAt: registeredAt(-CLOCK_SKEW_MS - 1_000) } },
      {
        ...meta,
        taskDefinition: {
          ...older,
          containerDefinitions: [{ name: 'app', image: 'other:2' }],
          registeredAt: registeredAt(100)
        }
      }
    ]
    for (const latest of cases) {
      ecs.reset()
      ecs
        .on(RegisterTaskDefinitionCommand)
        .rejectsOnce(serverFault())
        .resolves({ ...meta, taskDefinition: { ...rendered, taskDefinitionArn: arn(7), revision: 7 } })
      ecs.on(DescribeTaskDefinitionCommand).resolves(latest)
      expect((await register()).taskDefinition?.revision).toBe(7)
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(2)
    }

    ecs.reset()
    ecs
      .on(RegisterTaskDefinitionCommand)
      .rejectsOnce(reset())
      .resolves({ ...meta, taskDefinition: { ...rendered, taskDefinitionArn: arn(1), revision: 1 } })
    ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }))
    expect((await register()).taskDefinition?.revision).toBe(1)
    expect(logger.lines.at(-1)).toBe(
      'ECS had not done RegisterTaskDefinition of web: sending it again (attempt 2 of 5).'
    )
  })

  it('throws a definite refusal at once, without looking', async () => {
    ecs
      .on(RegisterTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Invalid cpu', $metadata: {} }))
    await expect(register()).rejects.toThrow('Invalid cpu')
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0)
    expect(clock.sleeps).toEqual([])
  })

  it('gives up with the last failure after as many sends as allowed, having looked before each resend', async () => {
    ecs.on(RegisterTaskDefinitionCommand).rejects(serverFault())
    ecs.on(DescribeTaskDefinitionCommand).resolves({ ...meta })
    await expect(register()).rejects.toThrow('We encountered an internal error.')
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(ONCE_ATTEMPTS)
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(ONCE_ATTEMPTS - 1)
    expect(clock.sleeps).toEqual([1_000, 2_000, 3_000, 4_000])
  })

  it('sends nothing again when it cannot find out what ECS did, and says so', async () => {
    ecs.on(RegisterTaskDefinitionCommand).rejects(reset())
    ecs.on(DescribeTaskDefinitionCommand).rejects(serverFault())
    await expect(register()).rejects.toThrow(
      'socket hang up; whether ECS did RegisterTaskDefinition of web anyway is unknown, because looking ' +
        'failed too (ServerException: We encountered an internal error). Nothing was sent again'
    )
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1)
  })
})

describe('updateServiceOnce', () => {
  const ecs = mockClient(ECSClient)
  afterAll(() => ecs.restore())
  const clock = new FakeClock()
  const input = { cluster: 'releases', service: 'web', taskDefinition: arn(7) }
  const deployment = (createdOffsetMs: number) => ({
    id: 'ecs-svc/1',
    status: 'PRIMARY',
    taskDefinition: arn(7),
    createdAt: new Date(clock.now() + createdOffsetMs)
  })
  beforeEach(() => {
    ecs.reset()
  })

  it('after a lost answer, takes the PRIMARY deployment of our task definition that ECS started', async () => {
    ecs.on(UpdateServiceCommand).rejects(serverFault())
    ecs.on(DescribeServicesCommand).resolves({ ...meta, services: [{ deployments: [deployment(500)] }] })
    const result = await updateServiceOnce(new ECSClient({ region: 'us-east-1' }), input, { clock })
    expect(result.service?.deployments?.[0]?.id).toBe('ecs-svc/1')
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1)
    expect(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: 'releases',
      services: ['web']
    })
  })

  it('sends again when the PRIMARY deployment on that task definition is an older one', async () => {
    ecs
      .on(UpdateServiceCommand)
      .rejectsOnce(reset())
      .resolves({ ...meta, service: { deployments: [{ ...deployment(2_000), id: 'ecs-svc/2' }] } })
    ecs
      .on(DescribeServicesCommand)
      .resolves({ ...meta, services: [{ deployments: [deployment(-CLOCK_SKEW_MS - 60_000)] }] })
    const result = await updateServiceOnce(new ECSClient({ region: 'us-east-1' }), input, { clock })
    expect(result.service?.deployments?.[0]?.id).toBe('ecs-svc/2')
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(2)
  })
})

describe('once against the stand-in, through the real SDK retry', () => {
  let emulator: Emulator
  let client: ECSClient
  /** What the SDK's retry was told about each failed attempt: it retries THROTTLING and TRANSIENT only. */
  const seen: string[] = []
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 5 })
    // The SDK's standard decisions without its backoff sleeps, so the test does not wait for real.
    client = new ECSClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: DEFAULT_ADMIN,
      maxAttempts: 5,
      retryStrategy: {
        acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
        refreshRetryTokenForRetry: async (token, info) => {
          seen.push(info.errorType)
          if (!['THROTTLING', 'TRANSIENT'].includes(info.errorType) || token.getRetryCount() >= 4)
            throw new Error('no retry')
          const count = token.getRetryCount() + 1
          return { getRetryCount: () => count, getRetryDelay: () => 0 }
        },
        recordSuccess: () => undefined
      }
    })
    await client.send(new CreateClusterCommand({ clusterName: 'releases' }))
  })
  afterAll(async () => {
    client.destroy()
    await emulator.stop()
  })

  it('registers one revision and starts one deployment when answers are lost after ECS did the call', async () => {
    const family = 'once-on-the-wire'
    const first = await client.send(
      new RegisterTaskDefinitionCommand({
        family,
        containerDefinitions: [{ name: 'app', image: 'ghcr.io/example/app:1', memory: 128 }]
      })
    )
    await client.send(
      new CreateServiceCommand({
        cluster: 'releases',
        serviceName: family,
        taskDefinition: first.taskDefinition?.taskDefinitionArn,
        desiredCount: 1
      })
    )
    emulator.setScenario({
      faults: {
        drop: [
          { burst: 1, when: 'after', operations: ['RegisterTaskDefinition'] },
          { burst: 1, when: 'after', operations: ['UpdateService'] }
        ],
        serverErrors: { burst: 1, operations: ['ecs:DescribeTaskDefinition'] },
        throttle: { burst: 2, operations: ['DescribeServices'] }
      }
    })
    const clock = new FakeClock()
    const api = createEcsApi(client, { clock })
    let mark = emulator.requests.length

    const td = await api.registerTaskDefinition({
      family,
      containerDefinitions: [{ name: 'app', image: 'ghcr.io/example/app:2', memory: 128 }]
    })
    const service = await api.updateService({
      cluster: 'releases',
      service: family,
      taskDefinitionArn: td.taskDefinitionArn!,
      forceNewDeployment: true
    })

    expect(td.revision).toBe(2)
    const revisions = await client.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))
    expect(revisions.taskDefinitionArns).toHaveLength(2)
    const ours = service.deployments?.filter(d => d.taskDefinition === td.taskDefinitionArn)
    expect(ours).toHaveLength(1)
    const sent = () =>
      emulator.requests.slice(mark).map(r => `${r.operation} ${r.status} ${r.fault ?? ''}`.trim())
    expect(sent()).toEqual([
      'RegisterTaskDefinition 200 drop-after',
      'DescribeTaskDefinition 500 server-error',
      'DescribeTaskDefinition 200',
      'UpdateService 200 drop-after',
      'DescribeServices 400 throttle',
      'DescribeServices 400 throttle',
      'DescribeServices 200',
      'ListTaskDefinitions 200'
    ])
    // The lost answers reached the SDK's retry as client errors (not retried); the 500 and the throttles as retryable.
    expect(seen).toEqual(['CLIENT_ERROR', 'TRANSIENT', 'CLIENT_ERROR', 'THROTTLING', 'THROTTLING'])

    // Throttling is a sure "not done": the SDK retries it, also for UpdateService, and nothing is looked up.
    emulator.setScenario({ faults: { throttle: { burst: 2, operations: ['UpdateService'] } } })
    mark = emulator.requests.length
    await api.updateService({
      cluster: 'releases',
      service: family,
      taskDefinitionArn: td.taskDefinitionArn!,
      forceNewDeployment: false
    })
    expect(sent()).toEqual(['UpdateService 400 throttle', 'UpdateService 400 throttle', 'UpdateService 200'])
    expect(clock.sleeps).toEqual([1_000, 1_000])
    emulator.setScenario({ faults: {} })
  })
})
