import { describe, expect, it } from '@jest/globals'
import { deployPolicy } from '../../src/iam/policy.js'
import { deployPolicyInputFor } from '../../src/iam/policy-input.js'

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'
const input = (verify: 'basic' | 'full' | 'off') =>
  deployPolicyInputFor({
    region: 'eu-west-1',
    accountId: '123456789012',
    repository: { name: 'web' },
    pushImage: false,
    cluster: 'prod',
    service: 'web',
    rollback: false,
    verify,
    taskDefinition: {
      family: 'web',
      taskRoleArn: 'web-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      containerDefinitions: [
        {
          name: 'app',
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
          secrets: [
            { name: 'DB', valueFrom: `${SECRET}:password::` },
            { name: 'KEY', valueFrom: '/web/key' }
          ]
        }
      ]
    }
  })
const statement = (verify: 'basic' | 'full' | 'off', sid: string) =>
  deployPolicy(input(verify)).Statement.find(s => s.Sid === sid)

describe('the pre-flight check in the generated policy', () => {
  it('reads the image manifest and config with basic and full, not with off', () => {
    const reads = ['ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']
    expect(statement('basic', 'EcrReadImages')?.Action).toEqual(reads)
    expect(statement('full', 'EcrReadImages')?.Action).toEqual(reads)
    expect(statement('off', 'EcrReadImages')?.Action).toEqual(['ecr:DescribeImages'])
  })

  it('adds the lookups only with full, each scoped to what the task definition names', () => {
    for (const level of ['basic', 'off'] as const)
      expect(
        deployPolicy(input(level))
          .Statement.map(s => s.Sid)
          .filter(s => s.startsWith('Verify'))
      ).toEqual([])
    expect(statement('full', 'VerifyLogGroups')).toMatchObject({
      Action: ['logs:DescribeLogGroups'],
      Resource: ['arn:aws:logs:eu-west-1:123456789012:log-group:*']
    })
    expect(statement('full', 'VerifySecrets')).toMatchObject({
      Action: ['secretsmanager:DescribeSecret'],
      Resource: [SECRET, `${SECRET}-??????`]
    })
    expect(statement('full', 'VerifyParameters')).toMatchObject({
      Action: ['ssm:DescribeParameters'],
      Resource: '*'
    })
    expect(statement('full', 'VerifyRoles')).toMatchObject({
      Action: ['iam:GetRole'],
      Resource: ['arn:aws:iam::123456789012:role/web-task', 'arn:aws:iam::123456789012:role/exec']
    })
    expect(JSON.stringify(deployPolicy(input('full')))).not.toMatch(/GetSecretValue|GetParameter"/)
  })
})
