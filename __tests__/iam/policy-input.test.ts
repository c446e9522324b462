// The policy input made from settings and task definitions.
import { describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deployPolicyInputFor, iamPolicyFor } from '../../src/iam/policy-input.js'
import type { PolicyStatement } from '../../src/iam/types.js'
import { loadTaskDefinition } from '../../src/taskdef/index.js'
import { ordersApi } from '../../__fixtures__/policy-input.js'

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))

describe('iamPolicyFor', () => {
  it('reads roles, log groups, family and tags from the task definition', () => {
    const loaded = loadTaskDefinition(path.join(fixtures, 'console-export.json'))
    const input = deployPolicyInputFor({
      ...ordersApi,
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
