import { describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  deployPolicy,
  deployPolicyInputFor,
  iamPolicyFor,
  partitionOf,
  policyStatements,
  STATEMENT_PURPOSES,
  withoutStatement,
  type DeployPolicyInput,
  type PolicyStatement
} from '../../src/iam/policy.js'
import { loadTaskDefinition } from '../../src/taskdef/index.js'

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))

const base: DeployPolicyInput = {
  region: 'eu-west-1',
  accountId: '123456789012',
  repository: { name: 'orders-api' },
  pushImage: true,
  cluster: 'prod',
  service: 'orders-api',
  family: 'orders-api',
  taskRoleArn: 'arn:aws:iam::123456789012:role/orders-api-task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  logGroups: ['/ecs/orders-api'],
  rollback: false
}

const statement = (input: DeployPolicyInput, sid: string): PolicyStatement | undefined =>
  deployPolicy(input).Statement.find(s => s.Sid === sid)
const sids = (input: DeployPolicyInput): string[] => deployPolicy(input).Statement.map(s => s.Sid)

describe('deployPolicy', () => {
  it('grants a building deploy exactly what it calls, each scoped as far as AWS allows', () => {
    expect(deployPolicy(base)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
        {
          Sid: 'EcrPushImage',
          Effect: 'Allow',
          Action: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:InitiateLayerUpload',
            'ecr:UploadLayerPart',
            'ecr:CompleteLayerUpload',
            'ecr:PutImage',
            'ecr:BatchGetImage'
          ],
          Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/orders-api'
        },
        {
          Sid: 'EcrReadImages',
          Effect: 'Allow',
          Action: ['ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/orders-api'
        },
        {
          Sid: 'EcsTaskDefinitions',
          Effect: 'Allow',
          Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
          Resource: '*'
        },
        {
          Sid: 'EcsUpdateService',
          Effect: 'Allow',
          Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
          Resource: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api'
        },
        {
          Sid: 'EcsReadTasks',
          Effect: 'Allow',
          Action: ['ecs:ListTasks', 'ecs:DescribeTasks'],
          Resource: '*',
          Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' } }
        },
        {
          Sid: 'LogsReadContainerLogs',
          Effect: 'Allow',
          Action: ['logs:GetLogEvents'],
          Resource: ['arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/orders-api:log-stream:*']
        },
        {
          Sid: 'PassTaskRoles',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: [
            'arn:aws:iam::123456789012:role/orders-api-task',
            'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
          ],
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }
        }
      ]
    })
  })

  it('never grants a wildcard action, and every Sid says what it is for', () => {
    const policy = deployPolicy({
      ...base,
      tagTaskDefinition: true,
      rollback: true
    })
    for (const s of policy.Statement) {
      expect(s.Action.every(a => /^[a-z0-9-]+:[A-Za-z]+$/.test(a))).toBe(true)
      expect(STATEMENT_PURPOSES[s.Sid]).toEqual(expect.any(String))
    }
    expect(new Set(policy.Statement.map(s => s.Sid)).size).toBe(policy.Statement.length)
  })

  it('only reads from ECR when the run pushes nothing', () => {
    const policy = deployPolicy({ ...base, pushImage: false, verify: 'off' })
    expect(sids({ ...base, pushImage: false })).not.toContain('EcrLogin')
    expect(sids({ ...base, pushImage: false })).not.toContain('EcrPushImage')
    expect(policy.Statement.find(s => s.Sid === 'EcrReadImages')?.Action).toEqual(['ecr:DescribeImages'])
    expect(JSON.stringify(policy)).not.toMatch(/PutImage|UploadLayerPart|BatchGetImage/)
  })

  it('lets a run that pushes nothing log in to ECR when it learns the registry address from the login', () => {
    const policy = deployPolicy({ ...base, pushImage: false, registryLogin: true })
    expect(policy.Statement.map(s => s.Sid).filter(s => s.startsWith('Ecr'))).toEqual([
      'EcrLogin',
      'EcrReadImages'
    ])
    expect(statement({ ...base, pushImage: false, registryLogin: true }, 'EcrLogin')?.Resource).toBe('*')
    // Without a repository in ECR there is nothing to log in to.
    expect(sids({ ...base, pushImage: false, registryLogin: true, repository: undefined })).not.toContain(
      'EcrLogin'
    )
  })

  it('has no ECR statement for an image outside ECR', () => {
    expect(
      sids({ ...base, pushImage: false, repository: undefined }).filter(s => s.startsWith('Ecr'))
    ).toEqual([])
  })

  it('scopes to a repository in another account and region', () => {
    const input = {
      ...base,
      repository: { name: 'shared/orders-api', registryId: '210987654321', region: 'us-east-1' }
    }
    expect(statement(input, 'EcrPushImage')?.Resource).toBe(
      'arn:aws:ecr:us-east-1:210987654321:repository/shared/orders-api'
    )
    expect(
      statement({ ...base, repository: { name: 'x', registryAccountId: '210987654321' } }, 'EcrReadImages')
        ?.Resource
    ).toBe('arn:aws:ecr:eu-west-1:210987654321:repository/x')
  })

  it('passes one role as a single resource, and none when the task definition has no roles', () => {
    expect(statement({ ...base, taskRoleArn: undefined }, 'PassTaskRoles')?.Resource).toBe(
      'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'
    )
    expect(sids({ ...base, taskRoleArn: undefined, executionRoleArn: undefined })).not.toContain(
      'PassTaskRoles'
    )
  })

  it('turns a role name into its ARN and does not repeat a role used twice', () => {
    expect(
      statement(
        { ...base, taskRoleArn: 'app-role', executionRoleArn: 'arn:aws:iam::123456789012:role/app-role' },
        'PassTaskRoles'
      )?.Resource
    ).toBe('arn:aws:iam::123456789012:role/app-role')
  })

  it('grants nothing more for rollback: it is an UpdateService on the same service and passes no role', () => {
    expect(deployPolicy({ ...base, rollback: true })).toEqual(deployPolicy(base))
  })

  it('reads each log group once, and none without awslogs', () => {
    expect(
      statement({ ...base, logGroups: ['/ecs/a', '/ecs/b', '/ecs/a'] }, 'LogsReadContainerLogs')?.Resource
    ).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/a:log-stream:*',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/b:log-stream:*'
    ])
    expect(sids({ ...base, logGroups: [] })).not.toContain('LogsReadContainerLogs')
  })

  it('reads target group attributes, on "*", only for a followed rollout behind a load balancer', () => {
    const policy = deployPolicy({ ...base, readTargetGroups: true })
    expect(policy.Statement.find(s => s.Sid === 'ElbReadDeregistrationDelay')).toEqual({
      Sid: 'ElbReadDeregistrationDelay',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DescribeTargetGroupAttributes'],
      Resource: '*'
    })
    expect(sids(base)).not.toContain('ElbReadDeregistrationDelay')
  })

  it('leaves out task reads when the rollout is not followed', () => {
    expect(sids({ ...base, describeTasks: false })).not.toContain('EcsReadTasks')
  })

  it('lets the deployer tag only its own family, only while registering', () => {
    expect(statement({ ...base, tagTaskDefinition: true }, 'EcsTagTaskDefinition')).toEqual({
      Sid: 'EcsTagTaskDefinition',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:*',
      Condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } }
    })
    expect(sids(base)).not.toContain('EcsTagTaskDefinition')
  })

  it('accepts cluster and service ARNs', () => {
    const input = { ...base, cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }
    expect(statement(input, 'EcsUpdateService')?.Resource).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api'
    )
    expect(statement(input, 'EcsReadTasks')?.Condition).toEqual({
      ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }
    })
    const service = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api'
    expect(statement({ ...base, service }, 'EcsUpdateService')?.Resource).toBe(service)
  })

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws']
  ])('derives the partition of %s: %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition)
  })

  it('writes aws-cn ARNs in China', () => {
    const input = { ...base, region: 'cn-north-1', taskRoleArn: 'orders-task', executionRoleArn: undefined }
    const arns = deployPolicy(input)
      .Statement.flatMap(s => [s.Resource, ...Object.values(s.Condition?.ArnEquals ?? {})].flat())
      .filter(r => r !== '*')
    expect(arns).toEqual([
      'arn:aws-cn:ecr:cn-north-1:123456789012:repository/orders-api',
      'arn:aws-cn:ecr:cn-north-1:123456789012:repository/orders-api',
      'arn:aws-cn:ecs:cn-north-1:123456789012:service/prod/orders-api',
      'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod',
      'arn:aws-cn:logs:cn-north-1:123456789012:log-group:/ecs/orders-api:log-stream:*',
      'arn:aws-cn:iam::123456789012:role/orders-task'
    ])
  })

  it('writes aws-us-gov ARNs in GovCloud, or the partition given', () => {
    expect(statement({ ...base, region: 'us-gov-west-1' }, 'EcsUpdateService')?.Resource).toBe(
      'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:service/prod/orders-api'
    )
    expect(
      statement({ ...base, region: 'us-east-1', partition: 'aws-us-gov' }, 'EcrReadImages')?.Resource
    ).toBe('arn:aws-us-gov:ecr:us-east-1:123456789012:repository/orders-api')
  })
})

describe('policyStatements and withoutStatement', () => {
  it('list each Sid with its actions, and remove exactly one statement', () => {
    const policy = deployPolicy(base)
    const list = policyStatements(policy)
    expect(list.map(s => s.sid)).toEqual([
      'EcrLogin',
      'EcrPushImage',
      'EcrReadImages',
      'EcsTaskDefinitions',
      'EcsUpdateService',
      'EcsReadTasks',
      'LogsReadContainerLogs',
      'PassTaskRoles'
    ])
    expect(list.find(s => s.sid === 'EcsUpdateService')?.actions).toEqual([
      'ecs:DescribeServices',
      'ecs:UpdateService'
    ])
    const without = withoutStatement(policy, 'EcsUpdateService')
    expect(without.Statement.map(s => s.Sid)).toEqual(
      list.map(s => s.sid).filter(s => s !== 'EcsUpdateService')
    )
    expect(policy.Statement).toHaveLength(8)
  })
})

describe('iamPolicyFor', () => {
  it('reads roles, log groups, family and tags from the task definition', () => {
    const loaded = loadTaskDefinition(path.join(fixtures, 'console-export.json'))
    const input = deployPolicyInputFor({
      region: 'eu-west-1',
      accountId: '123456789012',
      repository: { name: 'orders-api' },
      pushImage: true,
      cluster: 'prod',
      service: 'orders-api',
      taskDefinition: loaded.definition,
      tags: loaded.tags,
      rollback: false
    })
    expect(input).toMatchObject({
      family: 'orders-api',
      taskRoleArn: 'arn:aws:iam::123456789012:role/orders-api-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      logGroups: ['/ecs/orders-api'],
      tagTaskDefinition: true
    })
  })

  it('prints the policy as JSON, with both log groups of a two-container task and its roles only', () => {
    const taskDefinition = loadTaskDefinition(path.join(fixtures, 'two-containers.json')).definition
    const json = iamPolicyFor({
      region: 'eu-west-1',
      accountId: '123456789012',
      repository: { name: 'billing', registryId: undefined },
      pushImage: true,
      cluster: 'prod',
      service: 'billing',
      taskDefinition,
      rollback: true
    })
    const policy = JSON.parse(json) as { Statement: PolicyStatement[] }
    expect(policy.Statement.find(s => s.Sid === 'LogsReadContainerLogs')?.Resource).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/billing:log-stream:*',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/billing-otel:log-stream:*'
    ])
    expect(policy.Statement.find(s => s.Sid === 'PassTaskRoles')?.Resource).toBe(
      'arn:aws:iam::123456789012:role/billing-execution'
    )
    expect(policy.Statement.map(s => s.Sid)).not.toContain('EcsTagTaskDefinition')
  })
})

describe('service deployments of the rolling path', () => {
  const taskDefinition = loadTaskDefinition(path.join(fixtures, 'console-export.json')).definition
  const forDeploy = (over: Partial<Parameters<typeof deployPolicyInputFor>[0]>) =>
    deployPolicy(
      deployPolicyInputFor({
        region: 'eu-west-1',
        accountId: '123456789012',
        pushImage: false,
        cluster: 'prod',
        service: 'orders-api',
        taskDefinition,
        rollback: false,
        ...over
      })
    ).Statement
  const serviceDeployments = {
    Resource: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/orders-api/*',
    Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' } }
  }

  it('reads them on the one service in the one cluster; stops one only with rollback-on-failure or on-cancel rollback', () => {
    const plain = forDeploy({})
    expect(plain.find(s => s.Sid === 'EcsReadServiceDeployments')).toEqual({
      Sid: 'EcsReadServiceDeployments',
      Effect: 'Allow',
      Action: ['ecs:DescribeServiceDeployments'],
      ...serviceDeployments
    })
    expect(plain.map(s => s.Sid)).not.toContain('EcsStopServiceDeployment')
    for (const over of [{ rollback: true }, { rollbackOnCancel: true }])
      expect(forDeploy(over).find(s => s.Sid === 'EcsStopServiceDeployment')).toEqual({
        Sid: 'EcsStopServiceDeployment',
        Effect: 'Allow',
        Action: ['ecs:StopServiceDeployment'],
        ...serviceDeployments
      })
  })

  it('grants neither for a service without service deployments, nor reading when the rollout is not followed', () => {
    const none = forDeploy({ serviceDeployments: false, rollback: true, rollbackOnCancel: true }).map(
      s => s.Sid
    )
    expect(none).not.toContain('EcsReadServiceDeployments')
    expect(none).not.toContain('EcsStopServiceDeployment')
    const unfollowed = forDeploy({ describeTasks: false, rollback: true }).map(s => s.Sid)
    expect(unfollowed).not.toContain('EcsReadServiceDeployments')
    expect(unfollowed).not.toContain('EcsStopServiceDeployment')
    // on-cancel rollback stops a deployment that is not followed, too.
    expect(forDeploy({ describeTasks: false, rollbackOnCancel: true }).map(s => s.Sid)).toContain(
      'EcsStopServiceDeployment'
    )
  })
})
