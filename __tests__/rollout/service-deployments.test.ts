// ROLLING through the Service Deployments API: ECS's own status where it is authoritative, read without doubling the
// calls; early success criteria; the circuit breaker's threshold configuration; rollback through StopServiceDeployment.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { rollbackThroughServiceDeployment } from '../../src/rollout/rollback.js'
import {
  circuitBreakerPhrase,
  circuitBreakerThreshold,
  earlySuccessOf,
  phaseOf
} from '../../src/rollout/service-deployment-facts.js'
import { SERVICE_DEPLOYMENT_EVERY_MS, watchRollout } from '../../src/rollout/watch.js'
import type { RolloutResult } from '../../src/rollout/types.js'
import {
  old,
  OLD,
  OURS,
  ours,
  request,
  SERVICE_DEPLOYMENT,
  setup,
  td
} from '../../__fixtures__/rollout-fakes.js'

const withSd = () => request({ serviceDeploymentArn: SERVICE_DEPLOYMENT })
const sd = (status: string, more: Partial<ServiceDeployment> = {}): ServiceDeployment =>
  ({ status, ...more }) as ServiceDeployment

describe('service deployment facts', () => {
  it('gives every status of the model its phase, and an unknown one "unknown"', () => {
    expect(
      [
        'PENDING',
        'IN_PROGRESS',
        'STOP_REQUESTED',
        'ROLLBACK_REQUESTED',
        'ROLLBACK_IN_PROGRESS',
        'SUCCESSFUL',
        'STOPPED',
        'ROLLBACK_SUCCESSFUL',
        'ROLLBACK_FAILED',
        'PAUSED_FOR_A_FUTURE_REASON',
        undefined
      ].map(phaseOf)
    ).toEqual([
      'ongoing',
      'ongoing',
      'ongoing',
      'rolling-back',
      'rolling-back',
      'succeeded',
      'stopped',
      'rolled-back',
      'rollback-failed',
      'unknown',
      'unknown'
    ])
  })

  it('computes the circuit breaker threshold for each thresholdConfiguration type', () => {
    const breaker = (type?: 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT' | 'COUNT', value?: number) => ({
      enable: true,
      rollback: true,
      ...(type ? { thresholdConfiguration: { type, value } } : {})
    })
    // The default: BOUNDED_PERCENT 50, within 3..200.
    expect(circuitBreakerThreshold(2, breaker())).toBe(3)
    expect(circuitBreakerThreshold(10, breaker())).toBe(5)
    expect(circuitBreakerThreshold(1000, breaker())).toBe(200)
    expect(circuitBreakerThreshold(10, breaker('BOUNDED_PERCENT', 10))).toBe(3)
    expect(circuitBreakerThreshold(1000, breaker('UNBOUNDED_PERCENT', 50))).toBe(500)
    expect(circuitBreakerThreshold(2, breaker('UNBOUNDED_PERCENT', 10))).toBe(1)
    expect(circuitBreakerThreshold(50, breaker('COUNT', 7))).toBe(7)
    expect(circuitBreakerThreshold(50, { enable: false, rollback: false })).toBeUndefined()
    expect(
      circuitBreakerPhrase(
        {
          deploymentConfiguration: {
            deploymentCircuitBreaker: { ...breaker('COUNT', 2), resetOnHealthyTask: false }
          }
        },
        4
      )
    ).toBe('circuit breaker trips at 2 failed tasks (COUNT 2), counted across healthy tasks, then rolls back')
  })

  it('reads earlySuccessCriteria: healthyPercent of the desired count, DEFERRED or BLOCKING cleanup', () => {
    const service = (criteria: {
      enable: boolean
      healthyPercent?: number
      sourceServiceRevisionCleanup?: 'DEFERRED'
    }) => ({
      deploymentConfiguration: { earlySuccessCriteria: criteria }
    })
    expect(earlySuccessOf(service({ enable: true, healthyPercent: 50 }), 3)).toEqual({
      healthyTasks: 2,
      deferredCleanup: false
    })
    expect(earlySuccessOf(service({ enable: true, sourceServiceRevisionCleanup: 'DEFERRED' }), 4)).toEqual({
      healthyTasks: 4,
      deferredCleanup: true
    })
    expect(earlySuccessOf(service({ enable: false, healthyPercent: 50 }), 4)).toBeUndefined()
  })
})

describe('following a rolling deployment with its service deployment', () => {
  /** A rollout of 2 tasks over `seconds`, COMPLETED at the end, its service deployment SUCCESSFUL with it. */
  function longRollout(ecs: ReturnType<typeof setup>['ecs'], seconds: number) {
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(seconds - 10, [ours({ running: 2 }), old({ running: 0 })])
      .at(seconds, [ours({ running: 2, state: 'COMPLETED' })])
      .serviceDeployment(0, sd('IN_PROGRESS'))
      .serviceDeployment(seconds, sd('SUCCESSFUL'))
  }

  it('confirms success with ECS and reads it far less often than DescribeServices over a long rollout', async () => {
    const { ecs, deps } = setup()
    longRollout(ecs, 600)
    const result = await watchRollout(withSd(), deps)

    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    expect(result.finishedAt - ecs.timeOf(600).getTime()).toBeLessThanOrEqual(1000)
    const describes = ecs.calls.describeService.length
    expect(result.serviceDeploymentCalls).toBe(ecs.serviceDeploymentCalls.length)
    // At most one read per SERVICE_DEPLOYMENT_EVERY_MS, plus one per transition and the verdict's.
    expect(ecs.serviceDeploymentCalls.length).toBeLessThanOrEqual(600_000 / SERVICE_DEPLOYMENT_EVERY_MS + 3)
    expect(ecs.serviceDeploymentCalls.length * 5).toBeLessThan(describes)
    // The whole: well under one call per 2 s on average.
    expect((describes + ecs.serviceDeploymentCalls.length) / 600).toBeLessThan(0.5)
  })

  it('never calls COMPLETED a success when ECS says the service deployment is rolling back', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(20, [ours({ running: 2, state: 'COMPLETED' })])
      .serviceDeployment(
        0,
        sd('ROLLBACK_IN_PROGRESS', {
          rollback: { reason: 'ECS deployment alarms: CloudWatch alarm(s) p99 in ALARM state.' }
        })
      )
    const result = await watchRollout(
      request({ serviceDeploymentArn: SERVICE_DEPLOYMENT, followEcsRollback: false }),
      deps
    )
    expect(result.ok).toBe(false)
    expect(result.outcome).toBe('ROLLING_BACK')
    expect(result.cause).toContain('ECS deployment alarms: CloudWatch alarm(s) p99 in ALARM state')
  })

  it('reports a status it does not know, and does not count it as success', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(20, [ours({ running: 2, state: 'COMPLETED' })])
      .serviceDeployment(0, sd('IN_PROGRESS'))
      .serviceDeployment(20, sd('HALF_DONE'))
    const result = await watchRollout(withSd(), deps)
    expect(result).toMatchObject({ outcome: 'FAILED', ok: false })
    expect(result.cause).toMatch(
      /ECS reports status HALF_DONE for service deployment .* which release-to-ecs does not know/
    )
  })

  it('fails when ECS says the deployment was stopped, naming why, within the slow cadence', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .serviceDeployment(0, sd('IN_PROGRESS'))
      .serviceDeployment(40, sd('STOPPED', { statusReason: 'Stopped by user arn:aws:iam::123:user/ops.' }))
    const result = await watchRollout(withSd(), deps)
    expect(result.outcome).toBe('FAILED')
    expect(result.cause).toBe(
      `Service deployment ${SERVICE_DEPLOYMENT} of web:8 was stopped: Stopped by user arn:aws:iam::123:user/ops`
    )
    expect(result.finishedAt - ecs.timeOf(40).getTime()).toBeLessThanOrEqual(
      SERVICE_DEPLOYMENT_EVERY_MS + 3_000
    )
  })

  it('names the rollback reason, circuit breaker counts and threshold, and how to follow the service deployment', async () => {
    const { ecs, deps } = setup()
    ecs.circuitBreakerRollback = true
    const breakerReason = 'ECS deployment circuit breaker: tasks failed to start.'
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(8, [
        ours({ state: 'FAILED', reason: breakerReason, failed: 3 }),
        old({ status: 'PRIMARY', id: OLD, state: 'IN_PROGRESS' })
      ])
      .event(8, `(service web) (deployment ${OURS}) deployment failed: tasks failed to start.`)
      .event(8, `(service web) rolling back to deployment ${OLD}.`)
      .serviceDeployment(0, sd('IN_PROGRESS'))
      .serviceDeployment(
        8,
        sd('ROLLBACK_IN_PROGRESS', {
          statusReason: breakerReason,
          rollback: { reason: breakerReason },
          deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 }
        })
      )
    const result = await watchRollout(
      request({ serviceDeploymentArn: SERVICE_DEPLOYMENT, followEcsRollback: false }),
      deps
    )
    expect(result.outcome).toBe('ROLLING_BACK')
    expect(result.cause).toContain(
      `Deployment ${OURS} of web:8 failed: ECS deployment circuit breaker: tasks failed to start (service deployment: circuit breaker: 3 failed tasks, threshold 3). ECS is rolling back to web:7`
    )
    expect(result.cause).toMatch(
      new RegExp(
        `Follow it with: aws ecs describe-service-deployments --service-deployment-arns ${SERVICE_DEPLOYMENT}$`
      )
    )
    expect(result.details).toContain('  circuit breaker TRIGGERED: 3 failed tasks of 3 allowed')
    // Within a second of ECS's rollback.
    expect(result.finishedAt - ecs.timeOf(8).getTime()).toBeLessThanOrEqual(1000)
  })

  it('goes on through DescribeServices alone when the service deployment cannot be read, saying so once', async () => {
    const { ecs, deps, logger } = setup()
    longRollout(ecs, 90)
    ecs.serviceDeploymentError = Object.assign(
      new Error('User: x is not authorized to perform: ecs:DescribeServiceDeployments'),
      {
        name: 'AccessDeniedException'
      }
    )
    const result = await watchRollout(withSd(), deps)
    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    expect(ecs.serviceDeploymentCalls).toHaveLength(1)
    expect(logger.lines.filter(l => l.includes('Allow ecs:DescribeServiceDeployments'))).toHaveLength(1)
  })

  it('ends when ECS says SUCCESSFUL, even before deployments[] shows COMPLETED', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(50, [ours({ running: 2 }), old({ running: 0 })])
      .serviceDeployment(0, sd('IN_PROGRESS'))
      .serviceDeployment(30, sd('SUCCESSFUL'))
    const result = await watchRollout(withSd(), deps)
    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    expect(result.cause).toContain('service deployment SUCCESSFUL')
  })
})

describe('early success criteria and the circuit breaker threshold in the deployments[] view', () => {
  it('DEFERRED cleanup: done within a second of COMPLETED while the old tasks still run (no wait for their drain)', async () => {
    const { ecs, deps } = setup()
    ecs.deploymentConfiguration = {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      earlySuccessCriteria: { enable: true, healthyPercent: 50, sourceServiceRevisionCleanup: 'DEFERRED' }
    }
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(24, [ours({ running: 1, pending: 1 }), old()])
      .at(47.3, [ours({ running: 1, pending: 1, state: 'COMPLETED' }), old({ status: 'ACTIVE' })])
      .at(200, [ours({ running: 2, state: 'COMPLETED' })])
    const result = await watchRollout(request(), deps)
    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    expect(result.finishedAt).toBeGreaterThanOrEqual(ecs.timeOf(47.3).getTime())
    expect(result.finishedAt - ecs.timeOf(47.3).getTime()).toBeLessThanOrEqual(1000)
  })

  it('without early success the same look-alike rollout is not near its end: slower looks (the criteria matter)', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(24, [ours({ running: 1, pending: 1 }), old()])
      .at(47.3, [ours({ running: 1, pending: 1, state: 'COMPLETED' }), old({ status: 'ACTIVE' })])
    const result = await watchRollout(request(), deps)
    expect(result.finishedAt - ecs.timeOf(47.3).getTime()).toBeGreaterThan(1000)
  })

  it('shows the threshold of the configured breaker once tasks fail (COUNT 1, and the default 3 of 2 tasks)', async () => {
    for (const [config, at] of [
      [{ enable: true, rollback: false, thresholdConfiguration: { type: 'COUNT' as const, value: 1 } }, 1],
      [{ enable: true, rollback: false }, 3]
    ] as const) {
      const { ecs, deps, logger } = setup()
      ecs.deploymentConfiguration = { deploymentCircuitBreaker: config }
      ecs
        .at(0, [ours({ pending: 2 }), old()])
        .at(5, [ours({ pending: 2, failed: 1 }), old()])
        .at(10, [ours({ running: 2, state: 'COMPLETED' })])
      await watchRollout(request(), deps)
      expect(logger.lines).toContain(
        `new ${OURS} (web:8) IN_PROGRESS desired 2, running 0, pending 2, failed 1 (circuit breaker at ${at}) | old (web:7) desired 2, running 2`
      )
    }
  })
})

describe('rollback-on-failure through StopServiceDeployment', () => {
  const failed = (finishedAt: number): RolloutResult => ({
    outcome: 'FAILED',
    ok: false,
    cause: '3 tasks of web:8 stopped (max-task-failures is 3): Essential container "app" exited with code 1',
    details: [],
    events: [],
    stoppedTasks: [],
    finishedAt,
    polls: 7
  })

  it('asks ECS to roll back and follows the rollback deployment to ROLLED_BACK', async () => {
    const { ecs, clock, deps, logger } = setup()
    const stops: string[] = []
    ecs
      .at(0, [
        ours({
          status: 'ACTIVE',
          state: 'FAILED',
          reason: 'Rollback requested by StopServiceDeployment.'
        }),
        old({ status: 'PRIMARY', id: 'ecs-svc/3', state: 'IN_PROGRESS', running: 0, pending: 2 }),
        old()
      ])
      .at(15, [old({ status: 'PRIMARY', id: 'ecs-svc/3', state: 'COMPLETED' })])
      .serviceDeployment(
        0,
        sd('ROLLBACK_IN_PROGRESS', { rollback: { reason: 'Rollback requested by StopServiceDeployment.' } })
      )
      .serviceDeployment(
        15,
        sd('ROLLBACK_SUCCESSFUL', { rollback: { reason: 'Rollback requested by StopServiceDeployment.' } })
      )
    const result = await rollbackThroughServiceDeployment(withSd(), failed(clock.now()), SERVICE_DEPLOYMENT, {
      ...deps,
      stopServiceDeployment: async (arn, stopType) => {
        stops.push(`${arn} ${stopType}`)
      }
    })
    expect(stops).toEqual([`${SERVICE_DEPLOYMENT} ROLLBACK`])
    expect(result).toMatchObject({ outcome: 'ROLLED_BACK', ok: false, restoredTaskDefinitionArn: td(7) })
    expect(result!.cause).toMatch(
      /^Rolled back to web:7 \(ECS rollback completed\)\. 3 tasks of web:8 stopped/
    )
    expect(logger.lines).toContain(
      `Rolling back service web to web:7: StopServiceDeployment ROLLBACK on ${SERVICE_DEPLOYMENT} (rollback-on-failure is true)`
    )
  })

  it('leaves it to UpdateService when ECS refuses the stop (a deployment that already ended)', async () => {
    const { clock, deps, logger } = setup()
    const result = await rollbackThroughServiceDeployment(withSd(), failed(clock.now()), SERVICE_DEPLOYMENT, {
      ...deps,
      stopServiceDeployment: async () => {
        throw Object.assign(new Error('The service deployment cannot be stopped: it is already STOPPED'), {
          name: 'ConflictException'
        })
      }
    })
    expect(result).toBeUndefined()
    expect(logger.text()).toContain('updating the service back to web:7 instead')
  })
})
