// Service deployments: read and stopped on rolling services, followed on staged ones.
import { describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deployPolicy } from '../../src/iam/policy.js'
import { deployPolicyInputFor } from '../../src/iam/policy-input.js'
import { loadTaskDefinition } from '../../src/taskdef/index.js'

const fixtures = fileURLToPath(new URL('../../__fixtures__/task-definitions/', import.meta.url))

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
