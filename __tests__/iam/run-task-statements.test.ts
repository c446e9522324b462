// The policy's statements for the one-off task: only with run-task-command, scoped to the family and the cluster.
import { describe, expect, it } from '@jest/globals'
import { deployPolicy } from '../../src/iam/policy.js'
import { deployPolicyInputFor, type IamPolicyForInput } from '../../src/iam/policy-input.js'

const taskDefinition = {
  family: 'web',
  taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
  containerDefinitions: [
    {
      name: 'app',
      image: 'x',
      logConfiguration: {
        logDriver: 'awslogs' as const,
        options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }
      }
    }
  ]
}
const input: IamPolicyForInput = {
  region: 'eu-west-1',
  accountId: '123456789012',
  pushImage: false,
  cluster: 'prod',
  service: 'web',
  taskDefinition,
  rollback: false
}
const sid = (policy: ReturnType<typeof deployPolicy>, name: string) =>
  policy.Statement.find(s => s.Sid === name)

describe('the one-off task in the IAM policy', () => {
  it('adds nothing without run-task-command', () => {
    const policy = deployPolicy(deployPolicyInputFor(input))
    expect(policy.Statement.map(s => s.Sid)).not.toContain('EcsRunTask')
    expect(policy.Statement.map(s => s.Sid)).not.toContain('EcsFollowTask')
  })

  it('allows RunTask on the family and DescribeTasks/StopTask on the cluster tasks, both with ecs:cluster', () => {
    const policy = deployPolicy(
      deployPolicyInputFor({ ...input, runTask: { family: 'web', container: 'app' } })
    )
    const cluster = { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' } }
    expect(sid(policy, 'EcsRunTask')).toEqual({
      Sid: 'EcsRunTask',
      Effect: 'Allow',
      Action: ['ecs:RunTask'],
      Resource: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:*',
      Condition: cluster
    })
    expect(sid(policy, 'EcsFollowTask')).toEqual({
      Sid: 'EcsFollowTask',
      Effect: 'Allow',
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
      Resource: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/*',
      Condition: cluster
    })
    expect(sid(policy, 'LogsReadContainerLogs')?.Resource).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web:log-stream:*'
    ])
  })

  it('reads the log group of its own task definition and passes its roles too', () => {
    const own = {
      family: 'web-migrate',
      taskRoleArn: 'arn:aws:iam::123456789012:role/migrate-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/web-exec',
      containerDefinitions: [
        {
          name: 'migrate',
          image: 'x',
          logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/migrate' } }
        }
      ]
    }
    const policy = deployPolicy(
      deployPolicyInputFor({
        ...input,
        runTask: { family: 'web-migrate', taskDefinition: own, container: 'migrate' }
      })
    )
    expect(sid(policy, 'EcsRunTask')?.Resource).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/web-migrate:*'
    )
    expect(sid(policy, 'LogsReadContainerLogs')?.Resource).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web:log-stream:*',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/migrate:log-stream:*'
    ])
    expect(sid(policy, 'PassTaskRoles')?.Resource).toEqual([
      'arn:aws:iam::123456789012:role/web-task',
      'arn:aws:iam::123456789012:role/web-exec',
      'arn:aws:iam::123456789012:role/migrate-task'
    ])
  })
})
