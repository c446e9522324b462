// The builder: every concern's statements in one policy, and the lookups the e2e removal test uses.
import { describe, expect, it } from '@jest/globals'
import { deployPolicy, policyStatements, withoutStatement } from '../../src/iam/policy.js'
import { STATEMENT_PURPOSES } from '../../src/iam/purposes.js'
import { policyBase as base } from '../../__fixtures__/policy-input.js'

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

  it('grants nothing more for rollback: it is an UpdateService on the same service and passes no role', () => {
    expect(deployPolicy({ ...base, rollback: true })).toEqual(deployPolicy(base))
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
