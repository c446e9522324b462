import { describe, it, expect } from '@jest/globals'
import { createEcsModel } from '../ecs/index.js'

const caller = {
  accessKeyId: 'AKIDEXAMPLE',
  arn: 'arn:aws:iam::123456789012:user/deployer',
  accountId: '123456789012'
}
const ecs = () =>
  createEcsModel({ region: 'eu-west-1', accountId: '123456789012', now: () => 1_700_000_000_000, speed: 1 })
const clusterArn = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod'
const passedToTasks = { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }

describe('iamChecks', () => {
  it('RegisterTaskDefinition: the action on "*" and iam:PassRole on each role in the input', () => {
    const checks = ecs().iamChecks('RegisterTaskDefinition', {
      family: 'web',
      taskRoleArn: 'arn:aws:iam::123456789012:role/app',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      containerDefinitions: []
    })
    expect(checks).toEqual([
      { action: 'ecs:RegisterTaskDefinition', resource: '*' },
      { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/app', context: passedToTasks },
      { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/exec', context: passedToTasks }
    ])
  })

  it('RegisterTaskDefinition with tags also needs ecs:TagResource on the revision it creates', async () => {
    const model = ecs()
    await model.handle(
      'RegisterTaskDefinition',
      { family: 'web', memory: '512', containerDefinitions: [{ name: 'web', image: 'x' }] },
      caller
    )
    const checks = model.iamChecks('RegisterTaskDefinition', {
      family: 'web',
      tags: [{ key: 'a', value: 'b' }]
    })
    expect(checks).toContainEqual({
      action: 'ecs:TagResource',
      resource: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2',
      context: { 'ecs:CreateAction': 'RegisterTaskDefinition' }
    })
  })

  it('reads of task definitions need "*" only', () => {
    for (const operation of ['DescribeTaskDefinition', 'ListTaskDefinitions', 'DeregisterTaskDefinition']) {
      expect(ecs().iamChecks(operation, { taskDefinition: 'web:1' })).toEqual([
        { action: `ecs:${operation}`, resource: '*' }
      ])
    }
  })

  it('service calls name the service ARN (from a name or an ARN) with the ecs:cluster context', () => {
    const service = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web'
    expect(ecs().iamChecks('UpdateService', { cluster: 'prod', service: 'web' })).toEqual([
      { action: 'ecs:UpdateService', resource: service, context: { 'ecs:cluster': clusterArn } }
    ])
    expect(ecs().iamChecks('DescribeServices', { cluster: clusterArn, services: [service, 'api'] })).toEqual([
      { action: 'ecs:DescribeServices', resource: service, context: { 'ecs:cluster': clusterArn } },
      {
        action: 'ecs:DescribeServices',
        resource: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api',
        context: { 'ecs:cluster': clusterArn }
      }
    ])
    expect(ecs().iamChecks('CreateService', { serviceName: 'web' })).toEqual([
      {
        action: 'ecs:CreateService',
        resource: 'arn:aws:ecs:eu-west-1:123456789012:service/default/web',
        context: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/default' }
      }
    ])
  })

  it('task calls: ListTasks on "*", DescribeTasks and StopTask on task ARNs, all with ecs:cluster', () => {
    expect(ecs().iamChecks('ListTasks', { cluster: 'prod', serviceName: 'web' })).toEqual([
      { action: 'ecs:ListTasks', resource: '*', context: { 'ecs:cluster': clusterArn } }
    ])
    expect(
      ecs().iamChecks('DescribeTasks', { cluster: 'prod', tasks: ['0123456789abcdef0123456789abcdef'] })
    ).toEqual([
      {
        action: 'ecs:DescribeTasks',
        resource: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
        context: { 'ecs:cluster': clusterArn }
      }
    ])
    expect(ecs().iamChecks('StopTask', { cluster: 'prod', task: 'abc' })[0]?.resource).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:task/prod/abc'
    )
  })

  it('RunTask: the resolved task definition ARN plus PassRole for its roles (overrides win)', async () => {
    const model = ecs()
    await model.handle(
      'RegisterTaskDefinition',
      {
        family: 'job',
        memory: '512',
        taskRoleArn: 'arn:aws:iam::123456789012:role/app',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        containerDefinitions: [{ name: 'job', image: 'x' }]
      },
      caller
    )
    const checks = model.iamChecks('RunTask', {
      cluster: 'prod',
      taskDefinition: 'job',
      overrides: { taskRoleArn: 'arn:aws:iam::123456789012:role/other' }
    })
    expect(checks).toEqual([
      {
        action: 'ecs:RunTask',
        resource: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/job:1',
        context: { 'ecs:cluster': clusterArn }
      },
      { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/other', context: passedToTasks },
      { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/exec', context: passedToTasks }
    ])
  })
})
