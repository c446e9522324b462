// The CODE_DEPLOY services' statements: each one's application, group and configuration exactly, never UpdateService.
import { describe, expect, it } from '@jest/globals'
import { policyBase as base, sids, statement } from '../../__fixtures__/policy-input.js'
import type { CodeDeployPolicyInput, DeployPolicyInput } from '../../src/iam/types.js'

const ARN = 'arn:aws:codedeploy:eu-west-1:123456789012'
const access = (service: string, over: Partial<CodeDeployPolicyInput> = {}): CodeDeployPolicyInput => ({
  application: `AppECS-prod-${service}`,
  deploymentGroup: `DgpECS-prod-${service}`,
  deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
  stop: false,
  continue: false,
  ...over
})

describe('the CodeDeploy statements', () => {
  it('grant the one CODE_DEPLOY service its application, group and configuration; the service is only read', () => {
    const input: DeployPolicyInput = { ...base, codedeploy: access('orders-api', { stop: true }) }
    expect(statement(input, 'CodeDeployApplication')?.Resource).toBe(
      `${ARN}:application:AppECS-prod-orders-api`
    )
    expect(statement(input, 'CodeDeployDeploymentGroup')).toMatchObject({
      Action: expect.arrayContaining(['codedeploy:CreateDeployment', 'codedeploy:StopDeployment']),
      Resource: `${ARN}:deploymentgroup:AppECS-prod-orders-api/DgpECS-prod-orders-api`
    })
    expect(statement(input, 'CodeDeployDeploymentGroup')?.Action).not.toContain(
      'codedeploy:ContinueDeployment'
    )
    expect(statement(input, 'EcsReadService')?.Resource).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api'
    )
    expect(sids(input)).not.toContain('EcsUpdateService')
    expect(sids(input)).not.toContain('EcsReadServiceDeployments')
  })

  it('with services: each CODE_DEPLOY service its own application and group, the rolling worker updated', () => {
    const input: DeployPolicyInput = {
      ...base,
      service: 'web',
      codedeploy: access('web', { stop: true }),
      readServiceDeployments: true,
      stopServiceDeployment: true,
      otherServices: [
        { cluster: 'prod', service: 'worker', family: 'worker', logGroups: [] },
        {
          cluster: 'prod',
          service: 'admin',
          family: 'admin',
          logGroups: [],
          codedeploy: access('admin', { application: 'shop', deploymentGroup: 'shop-admin', stop: true })
        }
      ]
    }
    expect(statement(input, 'CodeDeployApplication')?.Resource).toEqual([
      `${ARN}:application:AppECS-prod-web`,
      `${ARN}:application:shop`
    ])
    expect(statement(input, 'CodeDeployDeploymentGroup')?.Resource).toEqual([
      `${ARN}:deploymentgroup:AppECS-prod-web/DgpECS-prod-web`,
      `${ARN}:deploymentgroup:shop/shop-admin`
    ])
    // One configuration both use: listed once.
    expect(statement(input, 'CodeDeployDeploymentConfig')?.Resource).toBe(
      `${ARN}:deploymentconfig:CodeDeployDefault.ECSAllAtOnce`
    )
    const service = (name: string) => `arn:aws:ecs:eu-west-1:123456789012:service/prod/${name}`
    expect(statement(input, 'EcsReadService')?.Resource).toEqual([service('web'), service('admin')])
    expect(statement(input, 'EcsUpdateService')?.Resource).toBe(service('worker'))
    // Only the rolling worker has service deployments to read and stop.
    const workerDeployments = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/worker/*'
    expect(statement(input, 'EcsReadServiceDeployments')?.Resource).toBe(workerDeployments)
    expect(statement(input, 'EcsStopServiceDeployment')?.Resource).toBe(workerDeployments)
  })

  it('has no CodeDeploy statement when no service deploys with CodeDeploy', () => {
    expect(sids(base).filter(s => s.startsWith('CodeDeploy'))).toEqual([])
  })
})
