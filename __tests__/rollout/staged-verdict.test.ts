// The verdict on one look at a service deployment: every status of the model, rollbacks, stops, wait-until.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import {
  judgeServiceDeployment,
  SERVICE_DEPLOYMENT_STATUSES,
  unknownValues,
  type StagedContext
} from '../../src/rollout/staged-verdict.js'
import { LIFECYCLE_STAGES } from '../../src/settings/types.js'

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl'
const REVISION = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/7000000000000000001'
const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`
const HOOK = 'arn:aws:lambda:eu-west-1:123456789012:function:smoke'

const ctx = (over: Partial<StagedContext> = {}): StagedContext => ({
  serviceDeploymentArn: ARN,
  targetTaskDefinitionArn: td(8),
  waitUntil: { kind: 'deployed' },
  followRollback: false,
  revisions: new Map([[REVISION, td(7)]]),
  previousTaskDefinitionArn: td(7),
  hookStages: new Map([['HOOK1', 'POST_TEST_TRAFFIC_SHIFT']]),
  ...over
})
const sd = (over: Partial<ServiceDeployment>): ServiceDeployment => ({
  serviceDeploymentArn: ARN,
  status: 'IN_PROGRESS',
  lifecycleStage: 'SCALE_UP',
  ...over
})
const rollingBack = (
  status: 'ROLLBACK_REQUESTED' | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_SUCCESSFUL' | 'ROLLBACK_FAILED'
) =>
  sd({
    status,
    lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
    rollback: {
      reason: `Lifecycle hook ${HOOK} returned FAILED in stage POST_TEST_TRAFFIC_SHIFT.`,
      serviceRevisionArn: REVISION
    },
    lifecycleHookDetails: [{ hookId: 'HOOK1', targetType: 'AWS_LAMBDA', targetArn: HOOK, status: 'FAILED' }]
  })

describe('judgeServiceDeployment', () => {
  it('handles every status of the SDK model', () => {
    const outcomes = Object.fromEntries(
      SERVICE_DEPLOYMENT_STATUSES.map(status => [
        status,
        judgeServiceDeployment(sd({ status }), ctx())?.outcome ?? 'following'
      ])
    )
    expect(outcomes).toEqual({
      PENDING: 'following',
      IN_PROGRESS: 'following',
      STOP_REQUESTED: 'FAILED',
      ROLLBACK_REQUESTED: 'ROLLING_BACK',
      ROLLBACK_IN_PROGRESS: 'ROLLING_BACK',
      SUCCESSFUL: 'COMPLETED',
      STOPPED: 'FAILED',
      ROLLBACK_SUCCESSFUL: 'ROLLED_BACK',
      ROLLBACK_FAILED: 'FAILED'
    })
  })

  it('success only on SUCCESSFUL', () => {
    expect(judgeServiceDeployment(sd({ status: 'SUCCESSFUL' }), ctx())).toEqual({
      outcome: 'COMPLETED',
      ok: true,
      cause: 'Service deployment r2Dp4WQxl of web:8 succeeded',
      details: []
    })
    for (const stage of LIFECYCLE_STAGES)
      expect(
        judgeServiceDeployment(sd({ lifecycleStage: stage as ServiceDeployment['lifecycleStage'] }), ctx())
      ).toBeUndefined()
  })

  it('without rollback-on-failure, a rollback fails at once: why, the failed hook, and the revision it returns to', () => {
    for (const status of ['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'] as const) {
      const v = judgeServiceDeployment(rollingBack(status), ctx({ lastStage: 'POST_TEST_TRAFFIC_SHIFT' }))
      expect(v?.outcome).toBe('ROLLING_BACK')
      expect(v?.cause).toBe(
        'Service deployment r2Dp4WQxl of web:8 failed in POST_TEST_TRAFFIC_SHIFT: ' +
          `Lifecycle hook ${HOOK} returned FAILED in stage POST_TEST_TRAFFIC_SHIFT; hook ${HOOK} FAILED in POST_TEST_TRAFFIC_SHIFT. ` +
          'ECS is rolling back to web:7 (service revision 7000000000000000001); the run does not wait for it (rollback-on-failure is false). ' +
          `Follow it with: aws ecs describe-service-deployments --service-deployment-arns ${ARN}`
      )
    }
  })

  it('with rollback-on-failure, a rollback is followed to ROLLBACK_SUCCESSFUL (ROLLED_BACK) or ROLLBACK_FAILED', () => {
    const follow = ctx({ followRollback: true })
    expect(judgeServiceDeployment(rollingBack('ROLLBACK_REQUESTED'), follow)).toBeUndefined()
    expect(judgeServiceDeployment(rollingBack('ROLLBACK_IN_PROGRESS'), follow)).toBeUndefined()
    const back = judgeServiceDeployment(rollingBack('ROLLBACK_SUCCESSFUL'), follow)
    expect(back).toMatchObject({ outcome: 'ROLLED_BACK', ok: false, restoredTaskDefinitionArn: td(7) })
    expect(back?.cause).toMatch(
      /^ECS rolled back to web:7 \(service revision 7000000000000000001\): Service deployment r2Dp4WQxl of web:8 failed in POST_TEST_TRAFFIC_SHIFT: Lifecycle hook/
    )
    const worst = judgeServiceDeployment(
      { ...rollingBack('ROLLBACK_FAILED'), statusReason: 'tasks of web:7 failed to start' },
      follow
    )
    expect(worst?.outcome).toBe('FAILED')
    expect(worst?.cause).toMatch(
      /and ECS's rollback to web:7 \(service revision 7000000000000000001\) FAILED too: tasks of web:7 failed to start\. The service may be left between revisions/
    )
  })

  it('names the circuit breaker counts and the alarms in ALARM', () => {
    const v = judgeServiceDeployment(
      sd({
        status: 'ROLLBACK_REQUESTED',
        rollback: { reason: 'ECS deployment circuit breaker: tasks failed to start.' },
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
        alarms: { status: 'TRIGGERED', alarmNames: ['5xx', 'latency'], triggeredAlarmNames: ['5xx'] }
      }),
      ctx({ revisions: new Map() })
    )
    expect(v?.cause).toContain(
      'failed in SCALE_UP: ECS deployment circuit breaker: tasks failed to start; circuit breaker: 3 of 3 tasks failed; alarm in ALARM: 5xx. ECS is rolling back to web:7; the run does not wait'
    )
  })

  it('STOPPED: superseded is REPLACED; otherwise says who stopped it', () => {
    expect(
      judgeServiceDeployment(
        sd({ status: 'STOPPED', statusReason: 'Superseded by a newer service deployment.' }),
        ctx()
      )?.outcome
    ).toBe('REPLACED')
    expect(judgeServiceDeployment(sd({ status: 'STOP_REQUESTED' }), ctx(), `${ARN}-newer`)?.outcome).toBe(
      'REPLACED'
    )
    expect(
      judgeServiceDeployment(
        sd({ status: 'STOPPED', alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['5xx'] } }),
        ctx(),
        ARN
      )?.cause
    ).toBe(
      "Service deployment r2Dp4WQxl of web:8 was stopped in SCALE_UP by ECS: alarm 5xx in ALARM, and the service's alarms do not roll back"
    )
    expect(judgeServiceDeployment(sd({ status: 'STOPPED' }), ctx(), ARN)?.cause).toContain(
      'by a StopServiceDeployment outside this run'
    )
  })

  it('an unknown status is reported and never success; finished, it fails', () => {
    const future = sd({ status: 'PAUSED_FOR_REVIEW' as ServiceDeployment['status'] })
    expect(unknownValues(future)).toEqual(['status PAUSED_FOR_REVIEW'])
    expect(judgeServiceDeployment(future, ctx())).toBeUndefined()
    expect(judgeServiceDeployment({ ...future, finishedAt: new Date() }, ctx())).toMatchObject({
      outcome: 'FAILED',
      ok: false
    })
    expect(unknownValues(sd({ lifecycleStage: 'WARM_UP' as ServiceDeployment['lifecycleStage'] }))).toEqual([
      'lifecycle stage WARM_UP'
    ])
  })

  it('wait-until a stage: green once in it (or past it) healthy; not while something fails', () => {
    const until = ctx({ waitUntil: { kind: 'stage', stage: 'BAKE_TIME' } })
    expect(
      judgeServiceDeployment(sd({ lifecycleStage: 'POST_PRODUCTION_TRAFFIC_SHIFT' }), until)
    ).toBeUndefined()
    expect(judgeServiceDeployment(sd({ lifecycleStage: 'BAKE_TIME' }), until)).toMatchObject({
      outcome: 'STAGE_REACHED',
      ok: true,
      stage: 'BAKE_TIME'
    })
    expect(judgeServiceDeployment(sd({ lifecycleStage: 'CLEAN_UP' }), until)?.stage).toBe('CLEAN_UP')
    const alarmed = sd({
      lifecycleStage: 'BAKE_TIME',
      alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['5xx'] }
    })
    expect(judgeServiceDeployment(alarmed, until)).toBeUndefined()
    expect(judgeServiceDeployment(sd({ status: 'SUCCESSFUL' }), until)?.outcome).toBe('COMPLETED')
  })
})
