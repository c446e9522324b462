import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceRevisionsCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { failure } from '../support.js'
import { stack, tg, type Stack } from '../strategy-stack.js'
import { closeAll, deploy, follow, strategyService, track } from './staged-support.js'

afterEach(closeAll)

describe('LINEAR and CANARY', () => {
  it('LINEAR shifts production traffic in steps; an alarm in ALARM rolls it back with the alarm named', async () => {
    const s = await strategyService({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
    })
    s.emulator.setScenario({ alarms: [{ name: 'web-5xx', afterSeconds: 300 }] })
    const arn = await deploy(s)
    const weights: number[] = []
    for (let t = 0; t < 300; t += 10) {
      const d = await s.serviceDeployment(arn)
      const w = d.targetServiceRevision?.requestedProductionTrafficWeight
      if (d.status === 'IN_PROGRESS' && w !== undefined && weights[weights.length - 1] !== w) weights.push(w)
      s.pass(10)
    }
    expect(weights.slice(0, 4)).toEqual([0, 25, 50, 75])
    const { last } = await follow(s, arn)
    expect(last.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(last.alarms).toEqual({
      status: 'TRIGGERED',
      alarmNames: ['web-5xx'],
      triggeredAlarmNames: ['web-5xx']
    })
    expect(last.rollback?.reason).toBe('ECS deployment alarms: CloudWatch alarm(s) web-5xx in ALARM state.')
  })

  it('CANARY sends canaryPercent first, bakes, then everything', async () => {
    const s = await strategyService({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 }
    })
    const arn = await deploy(s)
    const weights = new Set<number>()
    let last: ServiceDeployment | undefined
    for (let t = 0; t < 3000 && last?.status !== 'SUCCESSFUL'; t += 10) {
      last = await s.serviceDeployment(arn)
      weights.add(last.targetServiceRevision?.requestedProductionTrafficWeight ?? -1)
      s.pass(10)
    }
    expect([...weights]).toEqual([0, 10, 100])
    expect(last?.status).toBe('SUCCESSFUL')
  })
})

describe('PAUSE hooks', () => {
  const pause = (action?: 'CONTINUE' | 'ROLLBACK') => ({
    strategy: 'BLUE_GREEN' as const,
    lifecycleHooks: [
      {
        targetType: 'PAUSE' as const,
        lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const],
        timeoutConfiguration: { timeoutInMinutes: 30, ...(action ? { action } : {}) }
      }
    ]
  })

  async function paused(s: Stack, arn: string): Promise<ServiceDeployment> {
    for (let t = 0; t < 600; t += 5) {
      const d = await s.serviceDeployment(arn)
      if (d.lifecycleHookDetails?.some(h => h.status === 'AWAITING_ACTION')) return d
      s.pass(5)
    }
    throw new Error('never paused')
  }

  it('waits in AWAITING_ACTION until ContinueServiceDeployment CONTINUE, refusing a wrong hook id', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN' })
    const arn = await deploy(s, pause())
    const d = await paused(s, arn)
    const hook = d.lifecycleHookDetails?.[0]
    expect(hook).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'ROLLBACK' })
    expect(hook?.hookId).toMatch(/^ecs-pause-[A-Za-z0-9_-]{43}$/)
    expect(hook?.expiresAt?.getTime()).toBeGreaterThan(Date.now())
    s.pass(600)
    expect((await s.serviceDeployment(arn)).lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT')
    expect(
      await failure(
        s.sdk.ecs.send(
          new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: 'ecs-pause-nope' })
        )
      )
    ).toMatchObject({
      name: 'InvalidParameterException',
      message: 'The service deployment has no lifecycle hook with hookId ecs-pause-nope.'
    })
    await s.sdk.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: arn,
        hookId: hook?.hookId,
        action: 'CONTINUE'
      })
    )
    expect(
      await failure(
        s.sdk.ecs.send(
          new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: hook?.hookId })
        )
      )
    ).toMatchObject({
      name: 'InvalidParameterException',
      message: `The lifecycle hook ${hook?.hookId} is SUCCEEDED, not AWAITING_ACTION.`
    })
    expect((await follow(s, arn)).last.status).toBe('SUCCESSFUL')
  })

  it('times out with its action: ROLLBACK by default, CONTINUE when configured', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN' })
    const arn = await deploy(s, pause())
    await paused(s, arn)
    s.pass(30 * 60)
    const { last } = await follow(s, arn)
    expect(last.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(last.lifecycleHookDetails?.[0]?.status).toBe('TIMED_OUT')
    const c = await strategyService({ strategy: 'BLUE_GREEN' })
    const arn2 = await deploy(c, pause('CONTINUE'))
    await paused(c, arn2)
    c.pass(30 * 60)
    expect((await follow(c, arn2)).last.status).toBe('SUCCESSFUL')
  })
})

describe('what ECS accepts for these strategies', () => {
  it('needs advancedConfiguration on each load balancer, and strategy settings in range', async () => {
    const s = track(
      await stack({
        loadBalancers: [{ targetGroupArn: tg('blue'), containerName: 'web', containerPort: 8080 }]
      })
    )
    const update = (deploymentConfiguration: DeploymentConfiguration) =>
      failure(
        s.sdk.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', deploymentConfiguration }))
      )
    expect(await update({ strategy: 'BLUE_GREEN' })).toMatchObject({
      name: 'InvalidParameterException',
      message:
        'loadBalancers[0].advancedConfiguration is required for the BLUE_GREEN deployment strategy: give alternateTargetGroupArn, productionListenerRule and roleArn.'
    })
    expect(await update({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 1 } })).toMatchObject({
      message: 'linearConfiguration.stepPercent must be between 3 and 100, got 1.'
    })
    expect(await update({ strategy: 'ROLLING', canaryConfiguration: { canaryPercent: 5 } })).toMatchObject({
      message: 'canaryConfiguration is only valid with the CANARY deployment strategy.'
    })
  })

  it('DescribeServiceRevisions shows the revision a service deployment deploys', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN' })
    const arn = await deploy(s)
    const target = (await s.serviceDeployment(arn)).targetServiceRevision?.arn
    const out = await s.sdk.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [target ?? ''] })
    )
    expect(out.serviceRevisions?.[0]).toMatchObject({
      serviceRevisionArn: target,
      containerImages: [{ containerName: 'web', image: 'web:2' }]
    })
    expect(out.serviceRevisions?.[0]?.taskDefinition).toMatch(/web:2$/)
  })
})
