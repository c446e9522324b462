// The statements of each service (task definitions, updates, task reads, target groups, logs and roles), for one
// service and for a release of several: exactly the services named, every role, every family.
import { describe, expect, it } from '@jest/globals'
import { policyBase as base, sids, statement } from '../../__fixtures__/policy-input.js'
import { deployPolicy } from '../../src/iam/policy.js'
import { iamPolicyFor } from '../../src/iam/policy-input.js'
import type { DeployPolicyInput, PolicyDocument } from '../../src/iam/types.js'

const ACCOUNT = '123456789012'
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`

const web: DeployPolicyInput = {
  region: 'eu-west-1',
  accountId: ACCOUNT,
  repository: { name: 'shop' },
  pushImage: true,
  cluster: 'prod',
  service: 'web',
  family: 'web',
  taskRoleArn: role('web-task'),
  executionRoleArn: role('ecsTaskExecutionRole'),
  logGroups: ['/ecs/web'],
  tagTaskDefinition: true,
  rollback: true
}

const find = (policy: PolicyDocument, sid: string) => policy.Statement.find(s => s.Sid === sid)

describe('a policy for several services', () => {
  const policy = deployPolicy({
    ...web,
    otherServices: [
      {
        cluster: 'jobs',
        service: 'worker',
        family: 'worker',
        taskRoleArn: role('worker-task'),
        executionRoleArn: role('ecsTaskExecutionRole'),
        logGroups: ['/ecs/worker'],
        tagTaskDefinition: true
      },
      { cluster: 'prod', service: 'cron', family: 'cron', logGroups: ['/ecs/web'], readTargetGroups: true }
    ]
  })

  it('updates exactly the services named, each by its exact ARN, in their clusters', () => {
    expect(find(policy, 'EcsUpdateService')?.Resource).toEqual([
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/web`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/jobs/worker`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/cron`
    ])
    expect(find(policy, 'EcsReadTasks')?.Condition).toEqual({
      ArnEquals: {
        'ecs:cluster': [
          `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod`,
          `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/jobs`
        ]
      }
    })
  })

  it('passes every role of every task definition, once each, and tags every tagged family', () => {
    expect(find(policy, 'PassTaskRoles')?.Resource).toEqual([
      role('web-task'),
      role('ecsTaskExecutionRole'),
      role('worker-task')
    ])
    expect(find(policy, 'EcsTagTaskDefinition')?.Resource).toEqual([
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/web:*`,
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/worker:*`
    ])
    // Registering has no resource-level permission: one statement on "*" covers every family.
    expect(find(policy, 'EcsTaskDefinitions')?.Resource).toBe('*')
    expect(find(policy, 'LogsReadContainerLogs')?.Resource).toEqual([
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/web:log-stream:*`,
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/worker:log-stream:*`
    ])
    expect(find(policy, 'ElbReadDeregistrationDelay')).toBeDefined()
  })

  it('is the single-service policy when there is one service', () => {
    const one = deployPolicy(web)
    expect(find(one, 'EcsUpdateService')?.Resource).toBe(`arn:aws:ecs:eu-west-1:${ACCOUNT}:service/prod/web`)
    expect(deployPolicy({ ...web, otherServices: [] })).toEqual(one)
  })

  it('iamPolicyFor reads the roles, log groups and tags of each task definition', () => {
    const td = (family: string, task: string) => ({
      family,
      taskRoleArn: role(task),
      containerDefinitions: [
        {
          name: 'app',
          logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': `/ecs/${family}` } }
        }
      ]
    })
    const json = JSON.parse(
      iamPolicyFor({
        region: 'eu-west-1',
        accountId: ACCOUNT,
        pushImage: false,
        cluster: 'prod',
        service: 'web',
        taskDefinition: td('web', 'web-task'),
        rollback: false,
        otherServices: [
          {
            cluster: 'prod',
            service: 'worker',
            taskDefinition: td('worker', 'worker-task'),
            tags: [{ key: 'a', value: 'b' }]
          }
        ]
      })
    ) as PolicyDocument
    expect(find(json, 'PassTaskRoles')?.Resource).toEqual([role('web-task'), role('worker-task')])
    expect(find(json, 'EcsTagTaskDefinition')?.Resource).toBe(
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/worker:*`
    )
    expect(find(json, 'EcsUpdateService')?.Resource).toHaveLength(2)
  })
})

describe('a release whose services deploy in different ways', () => {
  // web rolls; canary (another cluster) is a CANARY service: followed through its service deployments.
  const policy = deployPolicy({
    ...web,
    readServiceDeployments: true,
    stopServiceDeployment: true,
    otherServices: [
      {
        cluster: 'edge',
        service: 'canary',
        family: 'canary',
        logGroups: ['/ecs/canary'],
        stagedDeployment: { stop: true, continue: true }
      }
    ]
  })
  const arn = (kind: string, cluster: string, service: string) =>
    `arn:aws:ecs:eu-west-1:${ACCOUNT}:${kind}/${cluster}/${service}/*`
  const clusterArn = (c: string) => `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/${c}`

  it('follows the staged service through its service deployments and revisions, in its cluster only', () => {
    expect(find(policy, 'EcsFollowServiceDeployment')).toMatchObject({
      Action: ['ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions'],
      Resource: [arn('service-deployment', 'edge', 'canary'), arn('service-revision', 'edge', 'canary')],
      Condition: { ArnEquals: { 'ecs:cluster': clusterArn('edge') } }
    })
    expect(find(policy, 'EcsListServiceDeployments')?.Resource).toBe(
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/edge/canary`
    )
    expect(find(policy, 'EcsContinueServiceDeployment')?.Resource).toBe(
      arn('service-deployment', 'edge', 'canary')
    )
  })

  it('reads only the rolling service deployments of the rolling service, and stops either in one statement', () => {
    expect(find(policy, 'EcsReadServiceDeployments')).toMatchObject({
      Resource: arn('service-deployment', 'prod', 'web'),
      Condition: { ArnEquals: { 'ecs:cluster': clusterArn('prod') } }
    })
    expect(policy.Statement.filter(s => s.Sid === 'EcsStopServiceDeployment')).toHaveLength(1)
    expect(find(policy, 'EcsStopServiceDeployment')).toMatchObject({
      Resource: [arn('service-deployment', 'edge', 'canary'), arn('service-deployment', 'prod', 'web')],
      Condition: { ArnEquals: { 'ecs:cluster': [clusterArn('edge'), clusterArn('prod')] } }
    })
  })
})

describe('the service statements of one service', () => {
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
})
