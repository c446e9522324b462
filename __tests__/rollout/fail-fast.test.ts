// A circuit breaker that rolls back fails the run at once unless the run is asked to wait for ECS's rollback.
import { describe, it, expect } from '@jest/globals'
import { watchRollout } from '../../src/rollout/watch.js'
import {
  appTaskDefinition,
  old,
  OLD,
  OURS,
  ours,
  request,
  setup,
  type DeploymentSpec
} from '../../__fixtures__/rollout-fakes.js'

const ROLLBACK = 'ecs-svc/2222222222222222222'

/** Our deployment fails at 30 s; ECS's rollback to web:7 is listed with it and completes at 70 s. */
function circuitBreakerRollsBack(ecs: ReturnType<typeof setup>['ecs'], rollbackListed = true) {
  ecs.circuitBreakerRollback = true
  ecs.taskDefinition = appTaskDefinition()
  const failed = ours({
    status: rollbackListed ? 'ACTIVE' : 'PRIMARY',
    state: 'FAILED',
    reason: 'ECS deployment circuit breaker: tasks failed to start.',
    failed: 3
  })
  const rollback: DeploymentSpec = {
    id: ROLLBACK,
    rev: 7,
    status: 'PRIMARY',
    desired: 2,
    running: 2,
    pending: 0,
    failed: 0
  }
  ecs
    .at(0, [ours({ pending: 2 }), old()])
    .at(30, rollbackListed ? [failed, { ...rollback, state: 'IN_PROGRESS' }] : [failed, old()])
    .at(70, [{ ...rollback, state: 'COMPLETED' }])
    .event(30, `(service web) (deployment ${OURS}) deployment failed: tasks failed to start.`)
  if (rollbackListed) ecs.event(30.2, `(service web) rolling back to deployment ${OLD}.`)
  ecs.stopped = [
    {
      at: 12,
      id: 't1',
      reason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 1 }]
    }
  ]
}

/** The look that first saw FAILED (at 30 s) was the last one, and the verdict came within a second of it. */
function expectVerdictOnTheLookThatSawFailed(ecs: ReturnType<typeof setup>['ecs'], finishedAt: number) {
  const looks = ecs.calls.describeService
  const sawFailed = looks.findIndex(at => at >= ecs.timeOf(30).getTime())
  expect(sawFailed).toBe(looks.length - 1)
  expect(finishedAt - looks[sawFailed]!).toBeLessThanOrEqual(1000)
}

describe('a circuit breaker that rolls back', () => {
  it('fails within a second of FAILED, naming the rollback deployment, its revision and how to follow it', async () => {
    const { ecs, deps, logger } = setup()
    circuitBreakerRollsBack(ecs)
    const result = await watchRollout(request({ followEcsRollback: false }), deps)
    expect(result.outcome).toBe('ROLLING_BACK')
    expect(result.ok).toBe(false)
    expectVerdictOnTheLookThatSawFailed(ecs, result.finishedAt)
    expect(result.cause).toBe(
      `Deployment ${OURS} of web:8 failed: Essential container "app" of web:8 exited with code 1 ` +
        '(ECS: ECS deployment circuit breaker: tasks failed to start.). ' +
        `ECS is rolling back to web:7 (deployment ${ROLLBACK}); the run does not wait for it (rollback-on-failure is false). ` +
        'Follow it with: aws ecs describe-services --cluster prod --services web --query "services[0].deployments"'
    )
    expect(result.restoredTaskDefinitionArn).toBeUndefined()
    expect(logger.text()).not.toContain('Following the rollback to its end.')
  })

  it('fails at once also when ECS has not listed its rollback deployment yet, naming the revision before this run', async () => {
    const { ecs, deps } = setup()
    circuitBreakerRollsBack(ecs, false)
    const result = await watchRollout(request({ followEcsRollback: false }), deps)
    expect(result.outcome).toBe('ROLLING_BACK')
    expectVerdictOnTheLookThatSawFailed(ecs, result.finishedAt)
    expect(result.cause).toContain(
      'ECS is rolling back to web:7; the run does not wait for it (rollback-on-failure is false).'
    )
  })

  it('is followed to its end when the run waits for it (rollback-on-failure true)', async () => {
    const { ecs, deps, logger } = setup()
    circuitBreakerRollsBack(ecs)
    const result = await watchRollout(request({ followEcsRollback: true }), deps)
    expect(result.outcome).toBe('ROLLED_BACK')
    expect(result.finishedAt).toBeGreaterThanOrEqual(ecs.timeOf(70).getTime())
    expect(logger.text()).toContain('Following the rollback to its end.')
  })
})
