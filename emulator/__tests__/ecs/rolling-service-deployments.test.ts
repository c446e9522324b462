import { afterEach, describe, expect, it } from '@jest/globals'
import {
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration
} from '@aws-sdk/client-ecs'
import { createEcsModel } from '../../ecs/index.js'
import { stack, tg, type Stack } from '../strategy-stack.js'

let current: Stack | undefined
afterEach(async () => {
  await current?.stop()
  current = undefined
})

async function rolling(deploymentConfiguration: DeploymentConfiguration, desiredCount = 2): Promise<Stack> {
  current = await stack({ deploymentConfiguration, desiredCount })
  return current
}

async function update(s: Stack): Promise<string> {
  const out = await s.sdk.ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
  )
  return out.service?.currentServiceDeployment ?? ''
}

async function settle(s: Stack, arn: string) {
  for (let t = 0; t < 5000; t += 5) {
    const d = await s.serviceDeployment(arn)
    if (['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'].includes(d.status ?? '')) return d
    s.pass(5)
  }
  throw new Error('did not settle')
}

describe('ROLLING through the service deployments API', () => {
  it('StopServiceDeployment ROLLBACK rolls back even without rollback configured', async () => {
    const s = await rolling({ deploymentCircuitBreaker: { enable: false, rollback: false } })
    const arn = await update(s)
    s.pass(3)
    await s.sdk.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
    )
    expect((await s.serviceDeployment(arn)).status).toBe('ROLLBACK_IN_PROGRESS')
    const done = await settle(s, arn)
    expect(done.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(done.rollback?.reason).toBe('Rollback requested by StopServiceDeployment.')
    expect(done.deploymentCircuitBreaker?.status).toBe('DISABLED')
    expect((await s.service()).taskDefinition).toMatch(/web:1$/)
    // currentServiceDeployment stays the deployment that was rolled back, not the rollback itself.
    expect((await s.service()).currentServiceDeployment).toBe(arn)
  })

  it('the circuit breaker honours thresholdConfiguration COUNT', async () => {
    const s = await rolling(
      {
        deploymentCircuitBreaker: {
          enable: true,
          rollback: true,
          thresholdConfiguration: { type: 'COUNT', value: 5 }
        }
      },
      10
    )
    s.emulator.setScenario({ failures: [{ kind: 'pull', taskDefinition: 'web:2' }] })
    const arn = await update(s)
    const done = await settle(s, arn)
    expect(done.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(done.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 5 })
    expect(done.deploymentConfiguration?.deploymentCircuitBreaker?.thresholdConfiguration).toEqual({
      type: 'COUNT',
      value: 5
    })
  })

  it('earlySuccessCriteria DEFERRED: SUCCESSFUL once the healthy share runs, while the old tasks still drain', async () => {
    current = await stack({
      loadBalancers: [{ targetGroupArn: tg('web'), containerName: 'web', containerPort: 8080 }],
      deploymentConfiguration: {
        earlySuccessCriteria: { enable: true, healthyPercent: 50, sourceServiceRevisionCleanup: 'DEFERRED' }
      }
    })
    const s = current
    s.emulator.setScenario({ drainSeconds: 300 })
    const arn = await update(s)
    const done = await settle(s, arn)
    expect(done.status).toBe('SUCCESSFUL')
    // Done while the old revision's tasks still drain: the legacy view still lists it.
    const svc = await s.service()
    expect(svc.deployments?.map(d => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'COMPLETED'],
      ['ACTIVE', 'COMPLETED']
    ])
  })

  it('a bad thresholdConfiguration is refused', async () => {
    const s = await rolling({})
    const refused = s.sdk.ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod',
        service: 'web',
        deploymentConfiguration: {
          deploymentCircuitBreaker: {
            enable: true,
            rollback: true,
            thresholdConfiguration: { type: 'COUNT', value: 2.5 }
          }
        }
      })
    )
    await expect(refused).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'deploymentCircuitBreaker.thresholdConfiguration.value must be a whole number >= 0, got 2.5.'
    })
  })
})

describe('IAM for the service deployment operations', () => {
  const model = createEcsModel({ region: 'eu-west-1', accountId: '123456789012', now: () => 0, speed: 1 })
  const deployment = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/1234567890123456789'
  const revision = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/1234567890123456789'
  const onProd = { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }

  it('Stop and Continue act on the service-deployment ARN, DescribeServiceRevisions on the service-revision ARN', () => {
    expect(model.iamChecks('StopServiceDeployment', { serviceDeploymentArn: deployment })).toEqual([
      { action: 'ecs:StopServiceDeployment', resource: deployment, context: onProd }
    ])
    expect(
      model.iamChecks('ContinueServiceDeployment', { serviceDeploymentArn: deployment, hookId: 'x' })
    ).toEqual([{ action: 'ecs:ContinueServiceDeployment', resource: deployment, context: onProd }])
    expect(model.iamChecks('DescribeServiceRevisions', { serviceRevisionArns: [revision] })).toEqual([
      { action: 'ecs:DescribeServiceRevisions', resource: revision, context: onProd }
    ])
  })

  it('UpdateService passes the roles of lifecycle hooks and advancedConfiguration to ecs.amazonaws.com', () => {
    const role = 'arn:aws:iam::123456789012:role/ecs-infrastructure'
    const checks = model.iamChecks('UpdateService', {
      cluster: 'prod',
      service: 'web',
      deploymentConfiguration: { lifecycleHooks: [{ roleArn: role, hookTargetArn: 'arn:aws:lambda:x' }] },
      loadBalancers: [{ advancedConfiguration: { roleArn: role } }]
    })
    expect(checks).toContainEqual({
      action: 'iam:PassRole',
      resource: role,
      context: { 'iam:PassedToService': 'ecs.amazonaws.com' }
    })
    expect(checks.filter(c => c.action === 'iam:PassRole')).toHaveLength(1)
  })
})
