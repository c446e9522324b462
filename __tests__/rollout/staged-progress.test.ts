// What a person reads while a service deployment runs.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { pauseLines, stagedProgressLine } from '../../src/rollout/staged-progress.js'

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl'
const REVISION = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/7000000000000000001'
const sd = (over: Partial<ServiceDeployment>): ServiceDeployment => ({
  serviceDeploymentArn: ARN,
  status: 'IN_PROGRESS',
  lifecycleStage: 'SCALE_UP',
  ...over
})

describe('progress lines', () => {
  const clock = { stageSeenAt: 0, weightSeenAt: 0 }
  const target = (weight: number, test = 100) => ({
    arn: REVISION,
    requestedTaskCount: 2,
    runningTaskCount: 2,
    pendingTaskCount: 0,
    requestedTestTrafficWeight: test,
    requestedProductionTrafficWeight: weight
  })
  it('says the stage, the traffic, the time left and the counts', () => {
    expect(
      stagedProgressLine(
        sd({ lifecycleStage: 'TEST_TRAFFIC_SHIFT', targetServiceRevision: target(0) }),
        undefined,
        clock,
        0,
        'web:8'
      )
    ).toBe('TEST_TRAFFIC_SHIFT: test 100 % | web:8 running 2/2')
    expect(
      stagedProgressLine(
        sd({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', targetServiceRevision: target(10) }),
        { strategy: 'CANARY' },
        clock,
        0,
        'web:8'
      )
    ).toBe('PRODUCTION_TRAFFIC_SHIFT: 10 % → blue/green 90/10 | web:8 running 2/2')
    expect(
      stagedProgressLine(
        sd({ lifecycleStage: 'BAKE_TIME', targetServiceRevision: target(100) }),
        { bakeTimeInMinutes: 15 },
        clock,
        11 * 60_000,
        'web:8'
      )
    ).toBe('BAKE_TIME: 4m00s left | web:8 running 2/2')
  })

  it('a pause hook: its id, when it times out and how, and the exact command', () => {
    const expiresAt = new Date(Date.UTC(2026, 11, 1, 14, 0, 0))
    const hook = {
      hookId: 'ecs-pause-abc',
      targetType: 'PAUSE' as const,
      status: 'AWAITING_ACTION' as const,
      expiresAt,
      timeoutAction: 'ROLLBACK' as const
    }
    const lines = pauseLines(
      sd({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', lifecycleHookDetails: [hook] }),
      hook,
      expiresAt.getTime() - 3_600_000,
      'eu-west-1'
    )
    expect(lines).toEqual([
      'The deployment waits in POST_TEST_TRAFFIC_SHIFT on pause hook ecs-pause-abc; it times out at 2026-12-01T14:00:00Z (in 1h00m) and then ECS will ROLLBACK.',
      `Continue it with: aws ecs continue-service-deployment --service-deployment-arn ${ARN} --hook-id ecs-pause-abc --action CONTINUE --region eu-west-1`,
      `(or roll it back with --action ROLLBACK, or run this action with continue-deployment: ${ARN})`
    ])
  })
})

describe('progress lines while going back', () => {
  const clock = { stageSeenAt: 0, weightSeenAt: 0 }
  it('a rollback leads with its status, names the stage as where it is, and counts both revisions', () => {
    const line = stagedProgressLine(
      sd({
        status: 'ROLLBACK_IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME',
        targetServiceRevision: { arn: REVISION, requestedTaskCount: 0, runningTaskCount: 0 },
        sourceServiceRevisions: [
          { arn: 'arn:src', requestedTaskCount: 2, runningTaskCount: 1, pendingTaskCount: 1 }
        ]
      }),
      { bakeTimeInMinutes: 15 },
      clock,
      60_000,
      'web:8',
      'web:7'
    )
    expect(line).toBe(
      'ROLLBACK_IN_PROGRESS, stage BAKE_TIME | web:8 running 0/0 | web:7 running 1/2, pending 1'
    )
    // Not the old mix-up of stage and status, and no countdown of a bake that no longer runs.
    expect(line).not.toMatch(/^BAKE_TIME: ROLLBACK/)
    expect(line).not.toContain('left')
  })

  it('without the source revision named or counted: says the previous revision, and only what it knows', () => {
    expect(
      stagedProgressLine(
        sd({ status: 'ROLLBACK_REQUESTED', lifecycleStage: undefined }),
        undefined,
        clock,
        0,
        'web:8'
      )
    ).toBe('ROLLBACK_REQUESTED')
    expect(
      stagedProgressLine(
        sd({
          status: 'STOPPED',
          lifecycleStage: 'SCALE_UP',
          sourceServiceRevisions: [{ arn: 'arn:src', requestedTaskCount: 2, runningTaskCount: 2 }]
        }),
        undefined,
        clock,
        0,
        'web:8'
      )
    ).toBe('STOPPED, stage SCALE_UP | the previous revision running 2/2')
  })
})
