import { afterEach, describe, expect, it } from '@jest/globals'
import { StopServiceDeploymentCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { failure } from '../support.js'
import { lambda, role } from '../strategy-stack.js'
import { closeAll, deploy, follow, strategyService } from './staged-support.js'

afterEach(closeAll)

describe('BLUE_GREEN', () => {
  it('goes through every lifecycle stage, bakes with both revisions running, and ends SUCCESSFUL on the new revision', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 })
    // Stages of 10 ECS seconds, looked at every 5: none is missed.
    s.emulator.setScenario({ stageSeconds: 10 })
    const arn = await deploy(s)
    expect((await s.serviceDeployment(arn)).status).toBe('PENDING')
    const seen: string[] = []
    let bakeView: { deployments: number; running: number[]; weights: number[] } | undefined
    for (let t = 0; t < 2000; t += 5) {
      const d = await s.serviceDeployment(arn)
      if (d.lifecycleStage && seen[seen.length - 1] !== d.lifecycleStage) seen.push(d.lifecycleStage)
      if (d.lifecycleStage === 'BAKE_TIME' && !bakeView) {
        const svc = await s.service()
        bakeView = {
          deployments: svc.deployments?.length ?? 0,
          running: (svc.deployments ?? []).map(x => x.runningCount ?? 0),
          weights: [
            d.targetServiceRevision?.requestedProductionTrafficWeight ?? -1,
            d.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight ?? -1
          ]
        }
      }
      if (d.status === 'SUCCESSFUL') break
      s.pass(5)
    }
    // RECONCILE_SERVICE only when more than one revision is ACTIVE at the start.
    expect(seen).toEqual([
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRE_PRODUCTION_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP'
    ])
    // During the bake the legacy view shows both revisions running, and all production traffic on the new one.
    expect(bakeView).toEqual({ deployments: 2, running: [2, 2], weights: [100, 0] })
    const done = await s.serviceDeployment(arn)
    expect(done.status).toBe('SUCCESSFUL')
    expect(done.targetServiceRevision?.requestedTestTrafficWeight).toBe(100)
    const svc = await s.service()
    expect(svc.taskDefinition).toMatch(/task-definition\/web:2$/)
    expect(svc.deployments?.map(d => d.rolloutState)).toEqual(['COMPLETED'])
    expect(svc.currentServiceDeployment).toBe(arn)
    // ECS names the task set in the events of a task set based deployment.
    const messages = (svc.events ?? []).map(e => e.message ?? '')
    const id = svc.deployments?.[0]?.id ?? ''
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\(service web, taskSet ${id}\\) has started 2 tasks: \\(task [0-9a-f]{32}\\) \\(task [0-9a-f]{32}\\)\\.$`
        )
      )
    )
    expect(messages).toContain(`(service web) (deployment ${id}) deployment completed.`)
  }, 20_000)

  it('a Lambda hook that answers FAILED rolls the deployment back to the source revision', async () => {
    const s = await strategyService({
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [
        {
          targetType: 'AWS_LAMBDA',
          hookTargetArn: lambda('smoke'),
          roleArn: role,
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT']
        }
      ]
    })
    s.emulator.setScenario({ lambdaHooks: [{ stage: 'POST_TEST_TRAFFIC_SHIFT', status: 'FAILED' }] })
    const arn = await deploy(s)
    const { seen, last } = await follow(s, arn, 1)
    expect(seen).toContain('ROLLBACK_REQUESTED POST_TEST_TRAFFIC_SHIFT')
    expect(seen).toContain('ROLLBACK_IN_PROGRESS POST_TEST_TRAFFIC_SHIFT')
    expect(last.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(last.rollback?.reason).toBe(
      `Lifecycle hook ${lambda('smoke')} returned FAILED in stage POST_TEST_TRAFFIC_SHIFT.`
    )
    expect(last.rollback?.serviceRevisionArn).toBe(last.sourceServiceRevisions?.[0]?.arn)
    expect(last.lifecycleHookDetails).toEqual([
      expect.objectContaining({ targetType: 'AWS_LAMBDA', targetArn: lambda('smoke'), status: 'FAILED' })
    ])
    const svc = await s.service()
    expect(svc.taskDefinition).toMatch(/task-definition\/web:1$/)
    expect(svc.runningCount).toBe(2)
  })

  it('a Lambda hook IN_PROGRESS is called back until it answers', async () => {
    const s = await strategyService({
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [
        {
          targetType: 'AWS_LAMBDA',
          hookTargetArn: lambda('wait'),
          roleArn: role,
          lifecycleStages: ['PRE_SCALE_UP']
        }
      ]
    })
    s.emulator.setScenario({
      lambdaHooks: [{ status: 'IN_PROGRESS', inProgressSeconds: 120, then: 'SUCCEEDED' }]
    })
    const arn = await deploy(s)
    s.pass(60)
    const waiting = await s.serviceDeployment(arn)
    expect(waiting.lifecycleStage).toBe('PRE_SCALE_UP')
    expect(waiting.lifecycleHookDetails?.[0]?.status).toBe('IN_PROGRESS')
    expect((await follow(s, arn)).last.status).toBe('SUCCESSFUL')
  })

  it('StopServiceDeployment ROLLBACK rolls back; ABORT and a finished deployment are refused', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 30 })
    const arn = await deploy(s)
    s.pass(120)
    expect(
      await failure(
        s.sdk.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ABORT' }))
      )
    ).toMatchObject({
      name: 'InvalidParameterException',
      message: 'stopType ABORT is not supported: the valid value is ROLLBACK.'
    })
    await s.sdk.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
    )
    expect((await s.serviceDeployment(arn)).status).toBe('ROLLBACK_REQUESTED')
    const { last } = await follow(s, arn)
    expect(last.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(last.rollback?.reason).toBe('Rollback requested by StopServiceDeployment.')
    expect(
      await failure(s.sdk.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn })))
    ).toMatchObject({
      name: 'ConflictException'
    })
    const missing = arn.replace(/\/\d+$/, '/1234567890123456789')
    expect(
      await failure(s.sdk.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: missing })))
    ).toMatchObject({
      name: 'ServiceDeploymentNotFoundException'
    })
  })

  it("the circuit breaker counts the new revision's failed tasks against its COUNT threshold and rolls back", async () => {
    const s = await strategyService({
      strategy: 'BLUE_GREEN',
      deploymentCircuitBreaker: {
        enable: true,
        rollback: true,
        thresholdConfiguration: { type: 'COUNT', value: 4 }
      }
    })
    s.emulator.setScenario({ failures: [{ kind: 'exit', taskDefinition: 'web:2' }] })
    const arn = await deploy(s)
    const { last } = await follow(s, arn)
    expect(last.status).toBe('ROLLBACK_SUCCESSFUL')
    expect(last.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 4 })
    expect(last.rollback?.reason).toBe('ECS deployment circuit breaker: tasks failed to start.')
  })
})

describe('how a staged deployment ends', () => {
  it('starts with RECONCILE_SERVICE when it begins with two revisions ACTIVE', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 30 })
    await deploy(s)
    s.pass(100)
    const second = await s.sdk.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:3' })
    )
    const arn = second.service?.currentServiceDeployment ?? ''
    s.pass(1)
    expect((await s.serviceDeployment(arn)).lifecycleStage).toBe('RECONCILE_SERVICE')
  })

  it('an alarm without rollback stops the deployment: STOP_REQUESTED, then STOPPED', async () => {
    const s = await strategyService({
      strategy: 'BLUE_GREEN',
      alarms: { alarmNames: ['web-latency'], enable: true, rollback: false }
    })
    s.emulator.setScenario({ alarms: [{ name: 'web-latency', stage: 'TEST_TRAFFIC_SHIFT' }] })
    const arn = await deploy(s)
    const { seen, last } = await follow(s, arn, 1)
    expect(seen).toContain('STOP_REQUESTED TEST_TRAFFIC_SHIFT')
    expect(last.status).toBe('STOPPED')
    expect(last.stoppedAt).toBeInstanceOf(Date)
    expect(last.rollback).toBeUndefined()
  })

  it("the snapshot gives the service deployment's status, rollback start and end as the API does", async () => {
    const s = await strategyService({
      strategy: 'BLUE_GREEN',
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
    })
    s.emulator.setScenario({ alarms: [{ name: 'web-5xx', stage: 'TEST_TRAFFIC_SHIFT' }] })
    const arn = await deploy(s)
    const { last } = await follow(s, arn, 1)
    expect(last.status).toBe('ROLLBACK_SUCCESSFUL')
    const snapshot = s.emulator.snapshot() as {
      ecs: {
        services: { deploymentHistory: { id: string; serviceDeployment?: Record<string, unknown> }[] }[]
      }
    }
    const id = arn.slice(arn.lastIndexOf('/') + 1)
    const mine = snapshot.ecs.services[0]!.deploymentHistory.find(d => d.id.endsWith(id))
    const sd = mine?.serviceDeployment as { status: string; finishedAt: number; rollbackStartedAt: number }
    expect(sd.status).toBe('ROLLBACK_SUCCESSFUL')
    // The API's dates hold whole milliseconds; the snapshot keeps the simulated moment.
    expect(Math.floor(sd.finishedAt)).toBe(last.finishedAt!.getTime())
    expect(Math.floor(sd.rollbackStartedAt)).toBe(last.rollback!.startedAt!.getTime())
    expect(sd.rollbackStartedAt).toBeLessThan(sd.finishedAt)
  })

  it('a rollback the scenario makes fail ends ROLLBACK_FAILED', async () => {
    const s = await strategyService({
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [
        {
          targetType: 'AWS_LAMBDA',
          hookTargetArn: lambda('check'),
          roleArn: role,
          lifecycleStages: ['POST_SCALE_UP']
        }
      ]
    })
    s.emulator.setScenario({ lambdaHooks: [{ targetArn: 'check', status: 'FAILED' }], rollbackFails: true })
    const { last } = await follow(s, await deploy(s), 1)
    expect(last.status).toBe('ROLLBACK_FAILED')
  })
})
