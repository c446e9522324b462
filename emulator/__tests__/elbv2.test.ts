import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals'
import { Sha256 } from '@smithy/core/checksum'
import { SignatureV4 } from '@smithy/signature-v4'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ListClustersCommand,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { DEFAULT_ADMIN, startEmulator, type Emulator } from '../index.js'
import { clients, failure } from './support.js'

const account = '123456789012'
const targetGroup = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:${account}:targetgroup/${name}/0123456789abcdef`
const WEB = targetGroup('web')
const OLD = targetGroup('old')
const NOBODY = targetGroup('nobody')
const READER = { accessKeyId: 'AKIAREADER', secretAccessKey: 'reader-secret' }
const ECS_ONLY = { accessKeyId: 'AKIAECSONLY', secretAccessKey: 'ecs-secret' }

async function attributes(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<Record<string, string>> {
  const { Attributes } = await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))
  return Object.fromEntries((Attributes ?? []).map(a => [a.Key ?? '', a.Value ?? '']))
}

describe('Elastic Load Balancing v2 DescribeTargetGroupAttributes', () => {
  let emulator: Emulator
  let elbv2: ElasticLoadBalancingV2Client

  beforeAll(async () => {
    emulator = await startEmulator({
      identities: [
        { ...DEFAULT_ADMIN, arn: `arn:aws:iam::${account}:user/deployer` },
        {
          ...READER,
          arn: `arn:aws:iam::${account}:user/reader`,
          policies: [
            {
              Statement: {
                Effect: 'Allow',
                Action: 'elasticloadbalancing:DescribeTargetGroupAttributes',
                Resource: '*'
              }
            }
          ]
        },
        {
          ...ECS_ONLY,
          arn: `arn:aws:iam::${account}:user/ci`,
          policies: [{ Statement: { Effect: 'Allow', Action: 'ecs:*', Resource: '*' } }]
        }
      ]
    })
    // Target groups exist through the ECS services that name them: "web" stays, "old" belonged to a deleted service.
    const { ecs } = clients(emulator.url)
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [
          { name: 'web', image: 'web:1', memory: 512, portMappings: [{ containerPort: 80 }] }
        ]
      })
    )
    for (const [serviceName, targetGroupArn] of [
      ['web', WEB],
      ['old', OLD]
    ] as const) {
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName,
          taskDefinition: 'web:1',
          desiredCount: 0,
          loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 80 }]
        })
      )
    }
    await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'old' }))
    ecs.destroy()
    elbv2 = clients(emulator.url).elbv2
  })
  afterAll(async () => {
    elbv2.destroy()
    await emulator.stop()
  })
  beforeEach(() => {
    emulator.setScenario({ faults: {}, drainSeconds: 5 })
    emulator.requests.length = 0
  })

  it('reports the scenario drainSeconds (floored) as the deregistration delay, with AWS defaults', async () => {
    expect(await attributes(elbv2, WEB)).toEqual({
      'deregistration_delay.timeout_seconds': '5',
      'deregistration_delay.connection_termination.enabled': 'false',
      'stickiness.enabled': 'false',
      'stickiness.type': 'lb_cookie',
      'load_balancing.algorithm.type': 'round_robin',
      'slow_start.duration_seconds': '0'
    })
    emulator.setScenario({ drainSeconds: 42.9 })
    expect((await attributes(elbv2, WEB))['deregistration_delay.timeout_seconds']).toBe('42')
    emulator.setScenario({ drainSeconds: 0.5 })
    expect((await attributes(elbv2, OLD))['deregistration_delay.timeout_seconds']).toBe('0')
  })

  it('reports the drain in real seconds when the stand-in runs faster than ECS', async () => {
    const fast = await startEmulator({ speed: 30 })
    try {
      const { ecs, elbv2: client } = clients(fast.url)
      await ecs.send(new CreateClusterCommand({ clusterName: 'fast' }))
      const td = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'fast',
          containerDefinitions: [
            {
              name: 'app',
              image: 'ghcr.io/example-org/fast:1',
              memory: 256,
              portMappings: [{ containerPort: 8080 }]
            }
          ]
        })
      )
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'fast',
          serviceName: 'fast',
          taskDefinition: td.taskDefinition!.taskDefinitionArn!,
          desiredCount: 0,
          loadBalancers: [{ targetGroupArn: WEB, containerName: 'app', containerPort: 8080 }]
        })
      )
      fast.setScenario({ drainSeconds: 300 })
      expect((await attributes(client, WEB))['deregistration_delay.timeout_seconds']).toBe('10')
    } finally {
      await fast.stop()
    }
  })

  it('records the call with service elasticloadbalancing, its operation, input and caller', async () => {
    await attributes(elbv2, WEB)
    expect(emulator.requests).toEqual([
      {
        time: expect.any(Number),
        answeredAt: expect.any(Number),
        service: 'elasticloadbalancing',
        operation: 'DescribeTargetGroupAttributes',
        input: { TargetGroupArn: WEB },
        accessKeyId: DEFAULT_ADMIN.accessKeyId,
        identityArn: `arn:aws:iam::${account}:user/deployer`,
        status: 200
      }
    ])
    const recorded = (await fetch(`${emulator.url}/_emulator/requests`).then(r => r.json())) as {
      service: string
      operation: string
    }[]
    expect(
      recorded.filter(
        r => r.service === 'elasticloadbalancing' && r.operation === 'DescribeTargetGroupAttributes'
      )
    ).toHaveLength(1)
  })

  it('answers TargetGroupNotFound for a target group no service names', async () => {
    expect(
      await failure(elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: NOBODY })))
    ).toEqual({
      name: 'TargetGroupNotFoundException',
      message: 'One or more target groups not found',
      status: 400
    })
    expect(emulator.requests.at(-1)).toMatchObject({ status: 400, errorType: 'TargetGroupNotFound' })
  })

  it('answers ValidationError naming a malformed or missing ARN', async () => {
    for (const bad of [
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web',
      `arn:aws:elasticloadbalancing:us-east-1:${account}:targetgroup/${'x'.repeat(33)}/0123456789abcdef`,
      `arn:aws:elasticloadbalancing:us-east-1:${account}:loadbalancer/app/web/0123456789abcdef`,
      'web'
    ]) {
      expect(
        await failure(elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: bad })))
      ).toEqual({ name: 'ValidationError', message: `'${bad}' is not a valid target group ARN`, status: 400 })
    }
    const missing = await failure(elbv2.send(new DescribeTargetGroupAttributesCommand({} as never)))
    expect(missing).toMatchObject({ name: 'ValidationError', status: 400 })
    expect(missing.message).toContain("'targetGroupArn'")
  })

  it('needs elasticloadbalancing:DescribeTargetGroupAttributes on "*"', async () => {
    const reader = clients(emulator.url, READER).elbv2
    expect((await attributes(reader, WEB))['deregistration_delay.timeout_seconds']).toBe('5')
    reader.destroy()

    const ci = clients(emulator.url, ECS_ONLY).elbv2
    expect(await failure(ci.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: WEB })))).toEqual(
      {
        name: 'AccessDenied',
        message: `User: arn:aws:iam::${account}:user/ci is not authorized to perform: elasticloadbalancing:DescribeTargetGroupAttributes on resource: * because no identity-based policy allows the elasticloadbalancing:DescribeTargetGroupAttributes action`,
        status: 403
      }
    )
    ci.destroy()
  })

  it('passes injected throttling to the client as Throttling, only for the targeted operation', async () => {
    emulator.setScenario({
      faults: { throttle: { burst: 1, operations: ['elasticloadbalancing:DescribeTargetGroupAttributes'] } }
    })
    const { ecs } = clients(emulator.url)
    await ecs.send(new ListClustersCommand({}))
    ecs.destroy()
    expect(
      await failure(elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: WEB })))
    ).toEqual({
      name: 'Throttling',
      message: 'Rate exceeded',
      status: 400
    })
    expect(await attributes(elbv2, WEB)).toHaveProperty(['deregistration_delay.timeout_seconds'], '5')
    expect(emulator.requests.map(r => [r.service, r.status, r.errorType])).toEqual([
      ['ecs', 200, undefined],
      ['elasticloadbalancing', 400, 'Throttling'],
      ['elasticloadbalancing', 200, undefined]
    ])
  })

  it('answers UnknownOperationException for operations the stand-in does not serve', async () => {
    expect(await failure(elbv2.send(new DescribeTargetGroupsCommand({})))).toMatchObject({
      name: 'UnknownOperationException',
      status: 400
    })
  })

  it('is reached through AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 by a client without an endpoint', async () => {
    const env = emulator.env()
    const saved = { ...process.env }
    Object.assign(process.env, env)
    try {
      const client = new ElasticLoadBalancingV2Client({ credentials: DEFAULT_ADMIN, maxAttempts: 1 })
      expect(await attributes(client, WEB)).toHaveProperty(['deregistration_delay.timeout_seconds'], '5')
      client.destroy()
    } finally {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    }
  })
})

describe('query requests on the wire', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })

  /** A form POST, signed for `service` when given (raw, so members the SDK would drop reach the server). */
  async function post(form: Record<string, string>, service?: string) {
    const url = new URL(emulator.url)
    const body = new URLSearchParams(form).toString()
    let headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded'
    }
    if (service) {
      const signer = new SignatureV4({
        credentials: DEFAULT_ADMIN,
        region: 'us-east-1',
        service,
        sha256: Sha256
      })
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: {},
        headers,
        body
      })
      headers = signed.headers
    }
    const response = await fetch(emulator.url, { method: 'POST', headers, body })
    return { status: response.status, text: await response.text() }
  }

  it('answers in the ELBv2 namespace, and refuses unsigned ELBv2 calls like AWS', async () => {
    const ok = await post(
      { Action: 'DescribeTargetGroupAttributes', Version: '2015-12-01', TargetGroupArn: WEB },
      'elasticloadbalancing'
    )
    expect(ok.status).toBe(400)
    expect(ok.text).toMatch(
      /^<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>TargetGroupNotFound<\/Code>/
    )
    const unsigned = await post({
      Action: 'DescribeTargetGroupAttributes',
      Version: '2015-12-01',
      TargetGroupArn: WEB
    })
    expect(unsigned.status).toBe(403)
    expect(unsigned.text).toContain('<Code>MissingAuthenticationToken</Code>')
    expect(emulator.requests.at(-1)).toMatchObject({
      service: 'elasticloadbalancing',
      status: 403,
      errorType: 'MissingAuthenticationToken'
    })
  })

  it('routes by the SigV4 scope before Version, and checks ELBv2 members against the ELBv2 schema', async () => {
    // No Version at all: the scope alone makes it an ELBv2 call.
    const { status, text } = await post(
      { Action: 'DescribeTargetGroupAttributes', TargetGroupArn: WEB, Names: 'x' },
      'elasticloadbalancing'
    )
    expect(status).toBe(400)
    expect(text).toContain('<Code>ValidationError</Code>')
    expect(text).toContain('Unknown parameter in input: &quot;Names&quot;, must be one of: TargetGroupArn')
    expect(emulator.requests.at(-1)).toMatchObject({
      service: 'elasticloadbalancing',
      operation: 'DescribeTargetGroupAttributes'
    })
    const unknown = await post({ Action: 'DeleteEverything', Version: '2015-12-01' }, 'elasticloadbalancing')
    expect(unknown.text).toContain('<Code>UnknownOperationException</Code>')
    expect(unknown.text).toContain('elasticloadbalancing has no operation DeleteEverything')
  })

  it('still serves STS, signed or by Version', async () => {
    const signed = await post({ Action: 'GetCallerIdentity', Version: '2011-06-15' }, 'sts')
    expect(signed.status).toBe(200)
    expect(signed.text).toContain(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    )
    const { sts } = clients(emulator.url)
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(account)
    sts.destroy()
  })
})
