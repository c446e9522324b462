import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import {
  ECSClient,
  CreateClusterCommand,
  ListClustersCommand,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { DEFAULT_ADMIN, startEmulator, type Emulator } from '../index.js'
import { clients, failure } from './support.js'

const account = '123456789012'

describe('the stand-in server', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('is reached by an unmodified SDK client through the AWS_ENDPOINT_URL_* variables', async () => {
    const env = emulator.env()
    expect(Object.keys(env).sort()).toEqual([
      'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
      'AWS_ENDPOINT_URL_CODEDEPLOY',
      'AWS_ENDPOINT_URL_ECR',
      'AWS_ENDPOINT_URL_ECS',
      'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
      'AWS_ENDPOINT_URL_IAM',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      'AWS_ENDPOINT_URL_SSM',
      'AWS_ENDPOINT_URL_STS',
      'AWS_REGION'
    ])
    const saved = { ...process.env }
    Object.assign(process.env, env)
    try {
      const ecs = new ECSClient({ credentials: DEFAULT_ADMIN, maxAttempts: 1 })
      await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
      const { clusterArns } = await ecs.send(new ListClustersCommand({}))
      expect(clusterArns).toContain(`arn:aws:ecs:us-east-1:${account}:cluster/prod`)
      ecs.destroy()
    } finally {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    }
  })

  it('records every request with service, operation, input, caller and status', async () => {
    emulator.requests.length = 0
    const { ecr } = clients(emulator.url)
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web', imageTagMutability: 'IMMUTABLE' }))
    await failure(ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' })))
    ecr.destroy()
    expect(emulator.requests).toEqual([
      {
        time: expect.any(Number),
        answeredAt: expect.any(Number),
        service: 'ecr',
        operation: 'CreateRepository',
        input: { repositoryName: 'web', imageTagMutability: 'IMMUTABLE' },
        accessKeyId: DEFAULT_ADMIN.accessKeyId,
        identityArn: `arn:aws:iam::${account}:user/deployer`,
        status: 200
      },
      expect.objectContaining({
        operation: 'CreateRepository',
        status: 400,
        errorType: 'RepositoryAlreadyExistsException'
      })
    ])
    for (const r of emulator.requests) expect(r.answeredAt).toBeGreaterThanOrEqual(r.time)
  })

  it('passes ECS calls to the ECS model and enforces its IAM checks', async () => {
    emulator.setIdentities([
      { ...DEFAULT_ADMIN, arn: `arn:aws:iam::${account}:user/deployer` },
      {
        accessKeyId: 'AKIAREGISTERONLY',
        secretAccessKey: 'x',
        arn: `arn:aws:iam::${account}:user/ci`,
        policies: [{ Statement: { Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: '*' } }]
      }
    ])
    const { ecs } = clients(emulator.url, { accessKeyId: 'AKIAREGISTERONLY', secretAccessKey: 'x' })
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'web:1', memory: 512 }]
      })
    )
    expect(registered.taskDefinition?.revision).toBe(1)
    const denied = await failure(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          taskRoleArn: `arn:aws:iam::${account}:role/web-task`,
          containerDefinitions: [{ name: 'web', image: 'web:1', memory: 512 }]
        })
      )
    )
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toContain(
      `is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${account}:role/web-task`
    )
    ecs.destroy()
  })

  it('answers UnknownOperationException for requests that name no operation', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'NoSuchService.DoIt' },
      body: '{}'
    })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException')
  })
})

describe('the control API under /_emulator/', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/_emulator/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('sets fault scenarios, identities and log events, and shows requests and state', async () => {
    expect(
      (await control('POST', 'scenario', { faults: { throttle: { burst: 1 } }, taskStartSeconds: 2 })).status
    ).toBe(200)
    const { ecs } = clients(emulator.url)
    expect(await failure(ecs.send(new ListClustersCommand({})))).toMatchObject({
      name: 'ThrottlingException'
    })
    await ecs.send(new ListClustersCommand({}))
    ecs.destroy()

    const requests = (await fetch(`${emulator.url}/_emulator/requests`).then(r => r.json())) as {
      errorType?: string
    }[]
    expect(requests.map(r => r.errorType)).toEqual(['ThrottlingException', undefined])
    expect((await control('POST', 'reset-requests')).status).toBe(200)
    expect(emulator.requests).toEqual([])

    await control('POST', 'identities', {
      identities: [
        { accessKeyId: 'AKIANEW', secretAccessKey: 'new', arn: `arn:aws:iam::${account}:user/new` }
      ]
    })
    const old = clients(emulator.url).sts
    const fresh = clients(emulator.url, { accessKeyId: 'AKIANEW', secretAccessKey: 'new' }).sts
    expect(await failure(old.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId'
    })
    expect((await fresh.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${account}:user/new`)
    old.destroy()
    fresh.destroy()

    await control('POST', 'logs', {
      logGroupName: '/ecs/web',
      logStreamName: 's',
      events: [{ message: 'hello' }]
    })
    const state = (await control('GET', 'state')).body
    expect(state['faults']).toEqual({ throttle: { burst: 1 } })
    expect(state['logs']).toEqual([['/ecs/web', 's']])
    expect(state).toHaveProperty('ecs')
  })

  it('answers 400 naming the bad field, and 404 for unknown calls', async () => {
    const bad = await control('POST', 'scenario', { faults: { throttle: { rate: 5 } } })
    expect(bad).toEqual({
      status: 400,
      body: { error: 'faults.throttle.rate must be a number from 0 to 1, got 5' }
    })
    const badEcs = await control('POST', 'scenario', { taskStartSecs: 1 })
    expect(badEcs.status).toBe(400)
    expect(String(badEcs.body['error'])).toContain('taskStartSecs')
    const badIdentity = await control('POST', 'identities', { identities: [{ accessKeyId: 'A', arn: 'x' }] })
    expect(badIdentity.body).toEqual({ error: 'identities[0].secretAccessKey must be a non-empty string' })
    expect((await control('GET', 'nothing')).status).toBe(404)
  })
})
