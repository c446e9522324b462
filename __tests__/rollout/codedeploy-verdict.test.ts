// The CodeDeploy verdict, one look at a time: every deployment status, Ready with each on-pause, rollbacks, an
// unknown status, and the progress lines.
import { describe, expect, it } from '@jest/globals'
import type { DeploymentInfo } from '@aws-sdk/client-codedeploy'
import {
  initialCodeDeployState,
  KNOWN_STATUSES,
  type CodeDeployLook,
  type CodeDeployWatchRequest
} from '../../src/rollout/codedeploy-types.js'
import {
  CODEDEPLOY_ROLLBACK_APPEAR_MS,
  decideCodeDeploy,
  followingRollback
} from '../../src/rollout/codedeploy-verdict.js'
import { events } from '../../__fixtures__/codedeploy-fake.js'

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0)
const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8'
const request = (over: Partial<CodeDeployWatchRequest> = {}): CodeDeployWatchRequest => ({
  cluster: 'prod',
  service: 'web',
  deploymentId: 'd-AAAAAAAAA',
  taskDefinitionArn: arn,
  timeoutMs: 600_000,
  maxTaskFailures: 3,
  onPause: 'wait',
  followRollback: false,
  groupRollsBackOnFailure: false,
  terminationWaitMinutes: 5,
  ...over
})
const look = (
  status: string,
  over: Partial<CodeDeployLook> & { info?: Partial<DeploymentInfo> } = {}
): CodeDeployLook => ({
  now: T0 + 5_000,
  stoppedTaskCount: 0,
  ...over,
  info: { deploymentId: 'd-AAAAAAAAA', status: status as DeploymentInfo['status'], ...over.info }
})
const decide = (status: string, over: Parameters<typeof look>[1] = {}, req = request()) =>
  decideCodeDeploy(req, initialCodeDeployState(req, T0), look(status, over))

describe('decideCodeDeploy', () => {
  it.each(['Created', 'Queued', 'InProgress', 'Baking'])(
    '%s: keeps following, and says what the status means',
    status => {
      const decision = decide(status)
      expect(decision.step).toEqual({ kind: 'wait' })
      expect(decision.lines[0]).toMatch(new RegExp(`^CodeDeploy deployment d-AAAAAAAAA: ${status} \\(`))
    }
  )

  it('Baking: says the original task set goes after the termination wait, and that only then it is Succeeded', () => {
    expect(decide('Baking').lines[0]).toContain(
      'terminates the original one after the termination wait (5 min) and then reports Succeeded'
    )
  })

  it('Succeeded: the only success', () => {
    const step = decide('Succeeded').step
    expect(step).toMatchObject({ kind: 'done', verdict: { outcome: 'COMPLETED', ok: true } })
    const verdicts = KNOWN_STATUSES.filter(s => s !== 'Succeeded').map(s => decide(s).step)
    expect(verdicts.filter(s => s.kind === 'done' && s.verdict.ok && s.verdict.outcome !== 'PAUSED')).toEqual(
      []
    )
  })

  it('Failed: the error, the failed lifecycle event and the traffic, and no rollback by the group', () => {
    const step = decide('Failed', {
      info: {
        errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'A lifecycle event hook failed.' }
      },
      target: {
        lifecycleEvents: events({ BeforeInstall: 'Succeeded', Install: 'Succeeded', AfterInstall: 'Failed' }),
        taskSetsInfo: [
          { taskSetLabel: 'Blue' as const, trafficWeight: 100 },
          { taskSetLabel: 'Green' as const, trafficWeight: 0 }
        ]
      }
    }).step
    expect(step).toMatchObject({ kind: 'done', verdict: { outcome: 'FAILED', ok: false, active: false } })
    const cause = step.kind === 'done' ? step.verdict.cause : ''
    expect(cause).toContain(
      'CodeDeploy deployment d-AAAAAAAAA of web:8 failed: HOOK_EXECUTION_FAILURE: A lifecycle event hook failed'
    )
    expect(cause).toContain('(lifecycle event AfterInstall Failed)')
    expect(cause).toContain('started no automatic rollback')
    expect(cause).toContain('Traffic when it ended: blue 100 %, green 0 %.')
  })

  it('Failed with the group rolling back: waits a little for the rollback deployment to appear', () => {
    const req = request({ groupRollsBackOnFailure: true })
    expect(decide('Failed', {}, req).step).toEqual({ kind: 'wait' })
    const late = decide('Failed', { now: T0 + 5_000 }, req)
    const later = decideCodeDeploy(
      req,
      late.state,
      look('Failed', { now: T0 + 5_000 + CODEDEPLOY_ROLLBACK_APPEAR_MS })
    )
    expect(later.step).toMatchObject({ kind: 'done', verdict: { outcome: 'FAILED' } })
  })

  it('Failed and rolled back by CodeDeploy, without rollback-on-failure: fails at once, naming the rollback deployment', () => {
    const step = decide('Failed', { info: { rollbackInfo: { rollbackDeploymentId: 'd-BBBBBBBBB' } } }).step
    expect(step).toMatchObject({
      kind: 'done',
      verdict: { outcome: 'ROLLING_BACK', rollbackDeploymentId: 'd-BBBBBBBBB' }
    })
    expect(step.kind === 'done' && step.verdict.cause).toContain(
      'aws deploy get-deployment --deployment-id d-BBBBBBBBB'
    )
  })

  it('with rollback-on-failure: follows the rollback, ROLLED_BACK once it succeeds, still failing', () => {
    const req = request({ followRollback: true })
    const failed = decide(
      'Failed',
      {
        info: {
          rollbackInfo: { rollbackDeploymentId: 'd-BBBBBBBBB' },
          errorInformation: { code: 'ECS_UPDATE_ERROR', message: 'tasks failed to start' }
        }
      },
      req
    )
    expect(failed.step).toMatchObject({ kind: 'follow-rollback', rollbackDeploymentId: 'd-BBBBBBBBB' })
    const failure = failed.step.kind === 'follow-rollback' ? failed.step.failure : ''
    const state = followingRollback(failed.state, 'd-BBBBBBBBB', failure, T0 + 6_000)
    const inProgress = decideCodeDeploy(
      req,
      state,
      look('InProgress', { now: T0 + 7_000, info: { deploymentId: 'd-BBBBBBBBB' } })
    )
    expect(inProgress.step).toEqual({ kind: 'wait' })
    expect(inProgress.lines[0]).toContain('d-BBBBBBBBB (rollback): InProgress')
    const done = decideCodeDeploy(
      req,
      inProgress.state,
      look('Succeeded', { now: T0 + 9_000, info: { deploymentId: 'd-BBBBBBBBB' } })
    )
    expect(done.step).toMatchObject({ kind: 'done', verdict: { outcome: 'ROLLED_BACK', ok: false } })
    expect(done.step.kind === 'done' && done.step.verdict.cause).toMatch(
      /rollback deployment d-BBBBBBBBB succeeded\). CodeDeploy deployment d-AAAAAAAAA of web:8 failed: ECS_UPDATE_ERROR/
    )
    const rollbackFailed = decideCodeDeploy(req, inProgress.state, look('Failed', { now: T0 + 9_000 }))
    expect(rollbackFailed.step).toMatchObject({ kind: 'done', verdict: { outcome: 'FAILED', ok: false } })
  })

  it("Stopped (an alarm): STOPPED, with CodeDeploy's reason", () => {
    const step = decide('Stopped', {
      info: {
        errorInformation: { code: 'ALARM_ACTIVE', message: 'CloudWatch alarm web-5xx went into ALARM state.' }
      }
    }).step
    expect(step).toMatchObject({ kind: 'done', verdict: { outcome: 'STOPPED', ok: false } })
    expect(step.kind === 'done' && step.verdict.cause).toContain(
      'was stopped: ALARM_ACTIVE: CloudWatch alarm web-5xx'
    )
  })

  describe('Ready (waiting for ContinueDeployment), like a pause', () => {
    it('on-pause continue: asks to continue once', () => {
      const req = request({ onPause: 'continue' })
      const first = decide('Ready', {}, req)
      expect(first.step).toEqual({ kind: 'continue' })
      expect(decideCodeDeploy(req, first.state, look('Ready')).step).toEqual({ kind: 'wait' })
    })

    it('on-pause exit: ends green, PAUSED, with the command that continues it', () => {
      const step = decide('Ready', {}, request({ onPause: 'exit' })).step
      expect(step).toMatchObject({ kind: 'done', verdict: { outcome: 'PAUSED', ok: true, active: true } })
      expect(step.kind === 'done' && step.verdict.cause).toContain(
        'aws deploy continue-deployment --deployment-id d-AAAAAAAAA --deployment-wait-type READY_WAIT'
      )
    })

    it('on-pause wait: says once how to continue it, then waits until the timeout', () => {
      const req = request({ readyWaitMinutes: 60 })
      const first = decide('Ready', {}, req)
      expect(first.step).toEqual({ kind: 'wait' })
      expect(first.lines).toEqual([
        expect.stringContaining('the group stops the deployment after 60 min'),
        'Waiting for the deployment to be continued elsewhere (on-pause is wait): aws deploy continue-deployment --deployment-id d-AAAAAAAAA --deployment-wait-type READY_WAIT'
      ])
      expect(decideCodeDeploy(req, first.state, look('Ready', { now: T0 + 10_000 })).lines).toEqual([])
      const timedOut = decideCodeDeploy(req, first.state, look('Ready', { now: T0 + 600_000 })).step
      expect(timedOut).toMatchObject({ kind: 'done', verdict: { outcome: 'TIMED_OUT', active: true } })
      expect(timedOut.kind === 'done' && timedOut.verdict.cause).toContain(
        'It waits for ContinueDeployment (on-pause is wait).'
      )
    })
  })

  it('an unknown status is reported and never success', () => {
    const step = decide('Paused').step
    expect(step).toMatchObject({ kind: 'done', verdict: { outcome: 'FAILED', ok: false } })
    expect(step.kind === 'done' && step.verdict.cause).toContain(
      '"Paused", a status release-to-ecs does not know: it is not taken for success'
    )
  })

  it('a deployment CodeDeploy does not return: waits a few seconds, then fails', () => {
    const req = request()
    const state = initialCodeDeployState(req, T0)
    expect(decideCodeDeploy(req, state, { now: T0 + 1_000, stoppedTaskCount: 0 }).step).toEqual({
      kind: 'wait'
    })
    expect(decideCodeDeploy(req, state, { now: T0 + 11_000, stoppedTaskCount: 0 }).step).toMatchObject({
      kind: 'done',
      verdict: { ok: false }
    })
  })

  it('max-task-failures: fails while CodeDeploy still installs, the deployment still active', () => {
    const step = decide('InProgress', {
      stoppedTaskCount: 3,
      taskExplanation: 'Essential container "app" of web:8 exited with code 1'
    }).step
    expect(step).toMatchObject({ kind: 'done', verdict: { outcome: 'FAILED', active: true } })
    expect(step.kind === 'done' && step.verdict.cause).toContain(
      '3 tasks of the replacement task set (web:8) stopped (max-task-failures is 3): Essential container "app"'
    )
  })

  it('progress: one line per lifecycle event change and per task set change, nothing for what stayed', () => {
    const req = request()
    const target = (e: Record<string, string>, green: number) => ({
      lifecycleEvents: events(e),
      taskSetsInfo: [
        {
          identifer: 'ecs-svc/1',
          taskSetLabel: 'Blue' as const,
          trafficWeight: 100 - green,
          desiredCount: 2,
          runningCount: 2,
          status: 'PRIMARY'
        },
        {
          identifer: 'ecs-svc/2',
          taskSetLabel: 'Green' as const,
          trafficWeight: green,
          desiredCount: 2,
          runningCount: 2,
          status: 'ACTIVE'
        }
      ]
    })
    const a = decideCodeDeploy(
      req,
      initialCodeDeployState(req, T0),
      look('InProgress', { target: target({ BeforeInstall: 'Succeeded', Install: 'InProgress' }, 0) })
    )
    expect(a.lines).toEqual([
      expect.stringContaining('InProgress (in progress)'),
      '  BeforeInstall: Succeeded',
      '  Install: InProgress',
      'Task sets: blue ecs-svc/1 100 % traffic, 2/2 running (PRIMARY) | green ecs-svc/2 0 % traffic, 2/2 running (ACTIVE)'
    ])
    const b = decideCodeDeploy(
      req,
      a.state,
      look('InProgress', { target: target({ BeforeInstall: 'Succeeded', Install: 'InProgress' }, 0) })
    )
    expect(b.lines).toEqual([])
    const c = decideCodeDeploy(
      req,
      b.state,
      look('InProgress', {
        target: target({ BeforeInstall: 'Succeeded', Install: 'Succeeded', AllowTraffic: 'InProgress' }, 10)
      })
    )
    expect(c.lines).toEqual([
      '  Install: Succeeded',
      '  AllowTraffic: InProgress',
      'Task sets: blue ecs-svc/1 90 % traffic, 2/2 running (PRIMARY) | green ecs-svc/2 10 % traffic, 2/2 running (ACTIVE)'
    ])
  })
})
