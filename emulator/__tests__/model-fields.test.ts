import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { Sha256 } from '@smithy/core/checksum'
import { SignatureV4 } from '@smithy/signature-v4'
import { startEmulator, type Emulator } from '../index.js'
import { DEFAULT_ADMIN } from '../identities.js'
import { describeUnknown, hasOperation, unknownMembers } from '../model-fields.js'

describe('unknownMembers (from the SDK schemas)', () => {
  it('accepts a full RegisterTaskDefinition input', () => {
    const input = {
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
      containerDefinitions: [
        {
          name: 'web',
          image: 'repo/web:1',
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          environment: [{ name: 'A', value: 'b' }],
          secrets: [{ name: 'S', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/x' }],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
          healthCheck: { command: ['CMD-SHELL', 'true'], interval: 30 },
          dockerLabels: { any: 'thing' }
        }
      ],
      tags: [{ key: 'app', value: 'web' }]
    }
    expect(unknownMembers('ecs', 'RegisterTaskDefinition', input)).toEqual([])
  })

  it('finds unknown members at every level, with where they are and what is allowed', () => {
    const found = unknownMembers('ecs', 'RegisterTaskDefinition', {
      family: 'web',
      taskDefinitionArn: 'arn:...',
      revision: 3,
      containerDefinitions: [
        { name: 'web', image: 'x', logConfiguration: { logDriver: 'awslogs', option: {} } }
      ]
    })
    expect(found.map(f => [f.at, f.name])).toEqual([
      ['', 'taskDefinitionArn'],
      ['', 'revision'],
      ['containerDefinitions[0].logConfiguration', 'option']
    ])
    expect(describeUnknown(found[2]!)).toBe(
      'Unknown parameter in containerDefinitions[0].logConfiguration: "option", must be one of: logDriver, options, secretOptions'
    )
  })

  it('knows the other services and their operations', () => {
    expect(
      unknownMembers('ecs', 'UpdateService', {
        cluster: 'c',
        service: 's',
        forceNewDeployment: true,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
      })
    ).toEqual([])
    expect(
      unknownMembers('ecr', 'DescribeImages', {
        repositoryName: 'web',
        imageIds: [{ imageTag: 't', tag: 'x' }]
      }).map(f => f.name)
    ).toEqual(['tag'])
    expect(
      unknownMembers('logs', 'GetLogEvents', { logGroupName: 'g', logStreamName: 's', startFromHead: true })
    ).toEqual([])
    expect(hasOperation('sts', 'AssumeRoleWithWebIdentity')).toBe(true)
    expect(hasOperation('elasticloadbalancing', 'DescribeTargetGroupAttributes')).toBe(true)
    expect(unknownMembers('elasticloadbalancing', 'DescribeTargetGroupAttributes', { Names: [] })).toEqual([
      { at: '', name: 'Names', allowed: ['TargetGroupArn'] }
    ])
    expect(hasOperation('ecs', 'DeployEverything')).toBe(false)
  })
})

describe('the server rejects unknown members', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })

  async function post(service: 'ecs' | 'ecr', target: string, body: unknown) {
    const url = new URL(emulator.url)
    const signer = new SignatureV4({
      credentials: DEFAULT_ADMIN,
      region: 'us-east-1',
      service,
      sha256: Sha256
    })
    const text = JSON.stringify(body)
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body: text
    })
    const response = await fetch(emulator.url, { method: 'POST', headers: signed.headers, body: text })
    return { status: response.status, body: (await response.json()) as { __type: string; message: string } }
  }

  it('answers ClientException for ECS, naming the member and its place', async () => {
    const { status, body } = await post('ecs', 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'x', essentail: true }]
    })
    expect(status).toBe(400)
    expect(body.__type).toBe('ClientException')
    expect(body.message).toMatch(
      /^Parameter validation failed:\nUnknown parameter in containerDefinitions\[0\]: "essentail", must be one of: name, image, /
    )
  })

  it('answers ValidationException for ECR', async () => {
    const { body } = await post('ecr', 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', {
      repositoryName: 'web'
    })
    expect(body).toEqual({
      __type: 'ValidationException',
      message:
        'Parameter validation failed:\nUnknown parameter in input: "repositoryName", must be one of: registryId, repositoryNames, nextToken, maxResults'
    })
  })

  it('answers UnknownOperationException for an operation the service does not have', async () => {
    const { body } = await post('ecs', 'AmazonEC2ContainerServiceV20141113.DeployEverything', {})
    expect(body.__type).toBe('UnknownOperationException')
  })
})
