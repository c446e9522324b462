// The read calls a `verify: full` pre-flight check makes, through the real SDK clients: CloudWatch Logs
// DescribeLogGroups, Secrets Manager DescribeSecret, SSM DescribeParameters and IAM GetRole.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam'
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager'
import { DescribeParametersCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { ECS_TASKS_TRUST, startEmulator, type Emulator } from '../index.js'
import { clients, failure } from './support.js'

const reader = {
  accessKeyId: 'AKIAREADER000000000',
  secretAccessKey: 'reader-secret',
  arn: 'arn:aws:iam::123456789012:user/reader',
  policies: [
    {
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:DescribeLogGroups', 'ssm:DescribeParameters'],
          Resource: '*'
        },
        {
          Effect: 'Allow',
          Action: 'secretsmanager:DescribeSecret',
          Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????'
        },
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam::123456789012:role/web-task' }
      ]
    }
  ]
}
const admin = {
  accessKeyId: 'AKIAEMULATORADMIN00',
  secretAccessKey: 'emulator-secret-key',
  arn: 'arn:aws:iam::123456789012:user/deployer'
}

describe('pre-flight reads on the stand-in', () => {
  let emulator: Emulator
  let sdk: ReturnType<typeof clients>
  let asReader: ReturnType<typeof clients>
  beforeAll(async () => {
    emulator = await startEmulator({ identities: [admin, reader], logGroups: ['/ecs/seeded'] })
    sdk = clients(emulator.url)
    asReader = clients(emulator.url, reader)
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('names the endpoint variables the SDK clients read for the new services', () => {
    expect(emulator.env()).toMatchObject({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.url,
      AWS_ENDPOINT_URL_SSM: emulator.url,
      AWS_ENDPOINT_URL_IAM: emulator.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: emulator.url
    })
  })

  it('lists log groups by prefix: created, seeded and those with events', async () => {
    await sdk.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }))
    emulator.addLogEvents('/ecs/worker', 'ecs/worker/1', [{ timestamp: 1000, message: 'hello' }])
    const out = await asReader.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/w' }))
    expect(out.logGroups?.map(g => g.logGroupName)).toEqual(['/ecs/web', '/ecs/worker'])
    expect(out.logGroups?.[0]?.arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*')
    const none = await sdk.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/missing' }))
    expect(none.logGroups).toEqual([])
    const seeded = await sdk.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/seeded' }))
    expect(seeded.logGroups).toHaveLength(1)
  })

  it('refuses to create a log group twice, as CloudWatch Logs does', async () => {
    const error = await failure(sdk.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/seeded' })))
    expect(error).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists'
    })
  })

  it('describes a secret by name, ARN and partial ARN, never with its value', async () => {
    const created = await sdk.secrets.send(
      new CreateSecretCommand({ Name: 'prod/db', SecretString: 's3cret-value' })
    )
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/
    )
    for (const id of ['prod/db', created.ARN!, created.ARN!.slice(0, -7)]) {
      const out = await asReader.secrets.send(new DescribeSecretCommand({ SecretId: id }))
      expect(out.Name).toBe('prod/db')
      expect(out.ARN).toBe(created.ARN)
      expect(out.CreatedDate).toBeInstanceOf(Date)
      expect(JSON.stringify(out)).not.toContain('s3cret-value')
    }
  })

  it("answers Secrets Manager's not-found error for a missing secret, after IAM", async () => {
    const missing = await failure(sdk.secrets.send(new DescribeSecretCommand({ SecretId: 'prod/none' })))
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret."
    })
    const denied = await failure(asReader.secrets.send(new DescribeSecretCommand({ SecretId: 'other' })))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toContain(
      'is not authorized to perform: secretsmanager:DescribeSecret on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:other-'
    )
  })

  it('describes SSM parameters with a Name Equals filter, metadata only', async () => {
    await sdk.ssm.send(
      new PutParameterCommand({ Name: '/prod/web/db-url', Value: 'jdbc:x', Type: 'SecureString' })
    )
    await sdk.ssm.send(new PutParameterCommand({ Name: '/prod/web/flag', Value: 'on', Type: 'String' }))
    const out = await asReader.ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/prod/web/db-url', '/prod/none'] }]
      })
    )
    expect(out.Parameters?.map(p => [p.Name, p.Type, p.ARN])).toEqual([
      ['/prod/web/db-url', 'SecureString', 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/web/db-url']
    ])
    expect(JSON.stringify(out)).not.toContain('jdbc:x')
    const again = await failure(
      sdk.ssm.send(new PutParameterCommand({ Name: '/prod/web/flag', Value: 'off' }))
    )
    expect(again.name).toBe('ParameterAlreadyExists')
  })

  it('refuses a filter option SSM does not have for the key', async () => {
    const error = await failure(
      sdk.ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Name', Option: 'Recursive', Values: ['/x'] }]
        })
      )
    )
    expect(error.name).toBe('InvalidFilterOption')
  })

  it('gets a role with its trust policy URL-encoded, as IAM answers it', async () => {
    await sdk.iam.send(
      new CreateRoleCommand({
        RoleName: 'web-task',
        AssumeRolePolicyDocument: JSON.stringify(ECS_TASKS_TRUST)
      })
    )
    const out = await asReader.iam.send(new GetRoleCommand({ RoleName: 'web-task' }))
    expect(out.Role?.Arn).toBe('arn:aws:iam::123456789012:role/web-task')
    expect(out.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(JSON.stringify(ECS_TASKS_TRUST)))
    expect(JSON.parse(decodeURIComponent(out.Role?.AssumeRolePolicyDocument ?? ''))).toEqual(ECS_TASKS_TRUST)
    expect(out.Role?.CreateDate).toBeInstanceOf(Date)
  })

  it("answers IAM's NoSuchEntity for a missing role, and IAM's denial for a role not allowed", async () => {
    const missing = await failure(sdk.iam.send(new GetRoleCommand({ RoleName: 'nobody' })))
    expect(missing).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name nobody cannot be found.',
      status: 404
    })
    const denied = await failure(asReader.iam.send(new GetRoleCommand({ RoleName: 'nobody' })))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.status).toBe(403)
  })

  it('records the reads under their signing names, and injects faults into them like the others', async () => {
    emulator.setScenario({
      faults: { throttle: { burst: 1, operations: ['secretsmanager:DescribeSecret'] } }
    })
    const throttled = await failure(sdk.secrets.send(new DescribeSecretCommand({ SecretId: 'prod/db' })))
    expect(throttled.name).toBe('ThrottlingException')
    emulator.setScenario({ faults: {} })
    const services = new Set(emulator.requests.map(r => `${r.service}:${r.operation}`))
    for (const call of [
      'logs:DescribeLogGroups',
      'secretsmanager:DescribeSecret',
      'ssm:DescribeParameters',
      'iam:GetRole'
    ])
      expect(services).toContain(call)
  })
})
