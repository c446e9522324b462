// Scopes: cluster and service ARNs, partitions.
import { describe, expect, it } from '@jest/globals'
import { deployPolicy } from '../../src/iam/policy.js'
import { partitionOf } from '../../src/iam/scope.js'
import { policyBase as base, statement } from '../../__fixtures__/policy-input.js'

describe('scopes of the policy', () => {
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
