// The service deployment watch on an injected clock: a scripted DescribeServiceDeployments, pause hooks with each
// on-pause, a timeout with and without rollback-on-failure, and how soon a verdict follows ECS.
import { describe, expect, it } from '@jest/globals'
import type {
  DeploymentLifecycleHookAction,
  Service,
  ServiceDeployment,
  ServiceRevision
} from '@aws-sdk/client-ecs'
import { FakeClock } from '../../__fixtures__/clock.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import type { ServiceDeploymentSource, StagedWatchRequest } from '../../src/rollout/staged-types.js'
import { watchServiceDeployment } from '../../src/rollout/staged-watch.js'

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl'
const REVISION = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/7000000000000000001'
const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`

/** ECS as a list of (from ms after the start, what DescribeServiceDeployments shows). */
class ScriptedEcs implements ServiceDeploymentSource {
  readonly calls: { at: number; op: string; args?: unknown[] }[] = []
  constructor(
    private readonly clock: FakeClock,
    private readonly script: [number, Partial<ServiceDeployment>][],
    private readonly start = clock.now()
  ) {}
  continued: { hookId: string; action: string }[] = []
  stopped = 0
  private overrides: Partial<ServiceDeployment> | undefined
  private at() {
    return this.clock.now() - this.start
  }
  current(): ServiceDeployment {
    let shown: Partial<ServiceDeployment> = {}
    for (const [from, sd] of this.script) if (this.at() >= from) shown = sd
    return { serviceDeploymentArn: ARN, ...shown, ...this.overrides }
  }
  /** From now on, show this (after a Continue or a Stop). */
  show(sd: Partial<ServiceDeployment>) {
    this.overrides = sd
  }
  beforeDescribe?: () => void
  async describeServiceDeployments(): Promise<ServiceDeployment[]> {
    this.beforeDescribe?.()
    this.calls.push({ at: this.at(), op: 'DescribeServiceDeployments' })
    return [this.current()]
  }
  async describeServiceRevisions(arns: string[]): Promise<ServiceRevision[]> {
    this.calls.push({ at: this.at(), op: 'DescribeServiceRevisions' })
    return arns.map(a => ({ serviceRevisionArn: a, taskDefinition: td(7) }))
  }
  async stopServiceDeployment(arn: string): Promise<void> {
    this.calls.push({ at: this.at(), op: 'StopServiceDeployment', args: [arn] })
    this.stopped++
    this.onStop?.()
  }
  onStop?: () => void
  onContinue?: (action: string) => void
  async continueServiceDeployment(
    arn: string,
    hookId: string,
    action: DeploymentLifecycleHookAction
  ): Promise<void> {
    this.calls.push({ at: this.at(), op: 'ContinueServiceDeployment', args: [arn, hookId, action] })
    this.continued.push({ hookId, action })
    this.onContinue?.(action)
  }
  async describeService(): Promise<Service | undefined> {
    this.calls.push({ at: this.at(), op: 'DescribeServices' })
    return { serviceName: 'web', status: 'ACTIVE', currentServiceDeployment: ARN, events: [] }
  }
  async listStoppedTasks(): Promise<string[]> {
    return []
  }
  async describeTasks() {
    return []
  }
  async describeTaskDefinition() {
    return undefined
  }
  count(op: string) {
    return this.calls.filter(c => c.op === op).length
  }
}

const request = (over: Partial<StagedWatchRequest> = {}): StagedWatchRequest => ({
  cluster: 'prod',
  service: 'web',
  region: 'eu-west-1',
  serviceDeploymentArn: ARN,
  deploymentId: 'ecs-svc/1111111111111111111',
  taskDefinitionArn: td(8),
  previousTaskDefinitionArn: td(7),
  configuration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 20 },
  timeoutMs: 60 * 60_000,
  followRollback: false,
  waitUntil: { kind: 'deployed' },
  onPause: 'wait',
  ...over
})

const target = (running: number, prod = 0, test = prod > 0 ? 100 : 0) => ({
  arn: 'arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/8000000000000000001',
  requestedTaskCount: 2,
  runningTaskCount: running,
  pendingTaskCount: 2 - running,
  requestedTestTrafficWeight: test,
  requestedProductionTrafficWeight: prod
})
const S = 1_000
const M = 60_000
/** A BLUE_GREEN deployment with a 20 minute bake that ends SUCCESSFUL at 20m + 40 s. */
const blueGreen: [number, Partial<ServiceDeployment>][] = [
  [0, { status: 'PENDING' }],
  [2 * S, { status: 'IN_PROGRESS', lifecycleStage: 'PRE_SCALE_UP', targetServiceRevision: target(0) }],
  [4 * S, { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', targetServiceRevision: target(1) }],
  [
    15 * S,
    { status: 'IN_PROGRESS', lifecycleStage: 'TEST_TRAFFIC_SHIFT', targetServiceRevision: target(2, 0, 100) }
  ],
  [
    20 * S,
    {
      status: 'IN_PROGRESS',
      lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
      targetServiceRevision: target(2, 100)
    }
  ],
  [30 * S, { status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME', targetServiceRevision: target(2, 100) }],
  [
    20 * M + 30 * S,
    { status: 'IN_PROGRESS', lifecycleStage: 'CLEAN_UP', targetServiceRevision: target(2, 100) }
  ],
  [
    20 * M + 40 * S,
    { status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP', targetServiceRevision: target(2, 100) }
  ]
]

function setup(script: [number, Partial<ServiceDeployment>][]) {
  const clock = new FakeClock()
  const logger = new RecordingLogger()
  const ecs = new ScriptedEcs(clock, script)
  return { clock, logger, ecs, deps: { ecs, clock, logger, random: () => 0.5 } }
}

describe('watchServiceDeployment', () => {
  it('follows BLUE_GREEN through every stage to SUCCESSFUL: within a second, one status call per 2 s or fewer', async () => {
    const { ecs, deps, logger, clock } = setup(blueGreen)
    const start = clock.now()
    const result = await watchServiceDeployment(request(), deps)

    expect(result).toMatchObject({
      outcome: 'COMPLETED',
      ok: true,
      cause: 'Service deployment r2Dp4WQxl of web:8 succeeded'
    })
    expect(clock.now() - start - (20 * M + 40 * S)).toBeLessThanOrEqual(1_000)
    const lookups = ecs.count('DescribeServiceDeployments')
    // One look per 2 s, plus the fast looks of the first seconds and the short stages.
    expect(lookups).toBeLessThanOrEqual((20 * M + 40 * S) / 2_000 + 25)
    expect(ecs.count('DescribeServices')).toBeLessThan(lookups)
    expect(result.timeline?.map(s => s.stage)).toEqual([
      'PRE_SCALE_UP',
      'SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP'
    ])
    const lines = logger.lines
    expect(lines).toContain('SCALE_UP | web:8 running 1/2, pending 1')
    expect(lines).toContain('TEST_TRAFFIC_SHIFT: test 100 % | web:8 running 2/2')
    expect(lines).toContain('PRODUCTION_TRAFFIC_SHIFT: 100 % → blue/green 0/100 | web:8 running 2/2')
    expect(lines).toContainEqual(
      expect.stringMatching(/^BAKE_TIME: (20m00s|19m5\ds) left \| web:8 running 2\/2$/)
    )
    // The bake counts down in the heartbeat.
    expect(lines).toContainEqual(expect.stringMatching(/^Still waiting after \S+: BAKE_TIME: 1\dm\d\ds left/))
  })

  it('a rollback in a long bake without rollback-on-failure: fails at the next look (3 s there), naming the revision', async () => {
    const rollbackAt = 10 * M + 123
    const { deps, clock } = setup([
      ...blueGreen.slice(0, 6),
      [
        rollbackAt,
        {
          status: 'ROLLBACK_REQUESTED',
          lifecycleStage: 'BAKE_TIME',
          rollback: {
            reason: 'ECS deployment alarms: CloudWatch alarm(s) 5xx in ALARM state.',
            serviceRevisionArn: REVISION
          },
          alarms: { status: 'TRIGGERED', alarmNames: ['5xx'], triggeredAlarmNames: ['5xx'] }
        }
      ]
    ])
    const start = clock.now()
    const result = await watchServiceDeployment(request(), deps)
    expect(result.outcome).toBe('ROLLING_BACK')
    expect(result.cause).toMatch(
      /failed in BAKE_TIME: ECS deployment alarms: CloudWatch alarm\(s\) 5xx in ALARM state; alarm in ALARM: 5xx\. ECS is rolling back to web:7 \(service revision 7000000000000000001\)/
    )
    // Deep in a long bake, far from its last change and from its end, the watch looks every 3 s.
    expect(clock.now() - start - rollbackAt).toBeLessThanOrEqual(3_000)
  })

  it('a 20-minute bake: under 30 status calls a minute in all, every 0.75 s after the bake began, 3 s later, the end seen within a second', async () => {
    const { ecs, deps, clock } = setup(blueGreen)
    const start = clock.now()
    const result = await watchServiceDeployment(request(), deps)
    expect(result.outcome).toBe('COMPLETED')
    const bakeFrom = 30 * S
    const bakeTo = 20 * M + 30 * S
    const statusOps = ['DescribeServiceDeployments', 'DescribeServices']
    const calls = (from: number, to: number) =>
      ecs.calls.filter(c => statusOps.includes(c.op) && c.at > from && c.at <= to)
    // Every status read counted, the service's events included: fewer than 30 a minute in the bake and overall.
    expect(calls(bakeFrom, bakeTo).length / 20).toBeLessThan(30)
    expect(calls(-1, clock.now() - start).length / ((clock.now() - start) / M)).toBeLessThan(30)
    // The service's events beside the looks: every 15 s while attentive, every 60 s once the bake is quiet.
    expect(
      ecs.calls.filter(c => c.op === 'DescribeServices' && c.at > 3 * M && c.at <= 19 * M).length
    ).toBeLessThanOrEqual(17)
    const looks = ecs.calls.filter(c => c.op === 'DescribeServiceDeployments').map(c => c.at)
    const gaps = (from: number, to: number) =>
      looks.filter(at => at > from && at <= to).map(at => at - looks[looks.indexOf(at) - 1]!)
    // Attention follows change: the first two minutes of the bake at 0.75 s, then 3 s.
    expect(Math.max(...gaps(bakeFrom + 2 * S, bakeFrom + 2 * M))).toBe(750)
    expect(Math.max(...gaps(bakeFrom + 2 * M + 3 * S, bakeTo - 3 * S))).toBe(3_000)
    // CLEAN_UP (the bake's end, at 20m30s) is seen within a second, and SUCCESSFUL too.
    const seenCleanUp = looks.find(at => at >= bakeTo)!
    expect(seenCleanUp - bakeTo).toBeLessThanOrEqual(1_000)
    expect(clock.now() - start - (20 * M + 40 * S)).toBeLessThanOrEqual(1_000)
  })

  it.each([
    [30 * S + 45 * S + 123, 750],
    [30 * S + 110 * S, 750],
    [3 * M + 1_234, 3_000],
    [11 * M + 777, 3_000],
    [17 * M + 1_999, 3_000]
  ])('an alarm at %i ms in the bake: the rollback is seen within %i ms', async (alarmAt, within) => {
    const { deps, clock } = setup([
      ...blueGreen.slice(0, 6),
      [
        alarmAt,
        {
          status: 'ROLLBACK_REQUESTED',
          lifecycleStage: 'BAKE_TIME',
          rollback: { reason: 'ECS deployment alarms: 5xx in ALARM.', serviceRevisionArn: REVISION },
          alarms: { status: 'TRIGGERED', alarmNames: ['5xx'], triggeredAlarmNames: ['5xx'] }
        }
      ]
    ])
    const start = clock.now()
    const result = await watchServiceDeployment(request(), deps)
    expect(result.outcome).toBe('ROLLING_BACK')
    expect(clock.now() - start - alarmAt).toBeLessThanOrEqual(within)
  })

  it('with rollback-on-failure: follows the rollback to ROLLBACK_SUCCESSFUL', async () => {
    const rollback = {
      reason: 'Lifecycle hook x returned FAILED in stage SCALE_UP.',
      serviceRevisionArn: REVISION
    }
    const { deps } = setup([
      ...blueGreen.slice(0, 3),
      [6 * S, { status: 'ROLLBACK_REQUESTED', lifecycleStage: 'SCALE_UP', rollback }],
      [8 * S, { status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'SCALE_UP', rollback }],
      [14 * S, { status: 'ROLLBACK_SUCCESSFUL', lifecycleStage: 'SCALE_UP', rollback }]
    ])
    const result = await watchServiceDeployment(request({ followRollback: true }), deps)
    expect(result).toMatchObject({ outcome: 'ROLLED_BACK', ok: false, restoredTaskDefinitionArn: td(7) })
    expect(result.cause).toMatch(
      /^ECS rolled back to web:7 .*failed in SCALE_UP: Lifecycle hook x returned FAILED in stage SCALE_UP$/
    )
  })

  const paused = (expiresAt: Date): [number, Partial<ServiceDeployment>][] => [
    ...blueGreen.slice(0, 3),
    [
      10 * S,
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        targetServiceRevision: target(2),
        lifecycleHookDetails: [
          {
            hookId: 'ecs-pause-abc',
            targetType: 'PAUSE',
            status: 'AWAITING_ACTION',
            expiresAt,
            timeoutAction: 'ROLLBACK'
          }
        ]
      }
    ]
  ]

  it('on-pause exit: ends green with PAUSED and the hook id, after saying how to continue', async () => {
    const clock = new FakeClock()
    const { deps, logger, ecs } = setup([])
    const script = paused(new Date(clock.now() + 60 * M))
    const local = new ScriptedEcs(deps.clock, script)
    const result = await watchServiceDeployment(request({ onPause: 'exit' }), { ...deps, ecs: local })
    expect(result).toMatchObject({
      outcome: 'PAUSED',
      ok: true,
      hookId: 'ecs-pause-abc',
      stage: 'POST_TEST_TRAFFIC_SHIFT'
    })
    expect(logger.text()).toContain(
      `Continue it with: aws ecs continue-service-deployment --service-deployment-arn ${ARN} --hook-id ecs-pause-abc --action CONTINUE --region eu-west-1`
    )
    expect(local.continued).toEqual([])
    expect(ecs.calls).toEqual([])
  })

  it('on-pause continue: ContinueServiceDeployment CONTINUE at once, then follows to the end', async () => {
    const { deps } = setup([])
    const ecs = new ScriptedEcs(deps.clock, paused(new Date(deps.clock.now() + 60 * M)))
    // ECS is slow to show the answer: the hook still looks AWAITING_ACTION for a few seconds; it is answered once.
    const answeredAt = deps.clock.now()
    ecs.onContinue = () => {
      const shownAt = deps.clock.now() + 5_000
      const check = () =>
        deps.clock.now() >= shownAt
          ? ecs.show({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' })
          : undefined
      ecs.beforeDescribe = check
    }
    const result = await watchServiceDeployment(request({ onPause: 'continue' }), { ...deps, ecs })
    expect(deps.clock.now()).toBeGreaterThan(answeredAt)
    expect(ecs.continued).toEqual([{ hookId: 'ecs-pause-abc', action: 'CONTINUE' }])
    expect(result.outcome).toBe('COMPLETED')
  })

  it('on-pause wait: keeps following until the hook is answered elsewhere (here it times out and ECS rolls back)', async () => {
    const { deps, logger } = setup([])
    const expires = new Date(deps.clock.now() + 5 * M)
    const ecs = new ScriptedEcs(deps.clock, [
      ...paused(expires),
      [
        5 * M,
        {
          status: 'ROLLBACK_REQUESTED',
          lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
          rollback: {
            reason: 'Lifecycle hook ecs-pause-abc timed out in stage POST_TEST_TRAFFIC_SHIFT.',
            serviceRevisionArn: REVISION
          }
        }
      ]
    ])
    const result = await watchServiceDeployment(request(), { ...deps, ecs })
    expect(ecs.continued).toEqual([])
    expect(result.outcome).toBe('ROLLING_BACK')
    expect(
      logger.lines.filter(l =>
        l.startsWith(
          'The deployment waits in POST_TEST_TRAFFIC_SHIFT on pause hook ecs-pause-abc; it times out at'
        )
      )
    ).toHaveLength(1)
    // Near the hook's known timeout the watch looks often: the verdict within a second.
    expect(deps.clock.now() - expires.getTime()).toBeLessThanOrEqual(1_000)
  })

  it('continue-deployment: answers the waiting hook with the given action', async () => {
    const { deps } = setup([])
    const ecs = new ScriptedEcs(deps.clock, paused(new Date(deps.clock.now() + 60 * M)))
    ecs.onContinue = () =>
      ecs.show({
        status: 'ROLLBACK_SUCCESSFUL',
        rollback: {
          reason: 'Rollback requested by ContinueServiceDeployment for lifecycle hook ecs-pause-abc.',
          serviceRevisionArn: REVISION
        }
      })
    const result = await watchServiceDeployment(request({ answer: { action: 'ROLLBACK' } }), { ...deps, ecs })
    expect(ecs.continued).toEqual([{ hookId: 'ecs-pause-abc', action: 'ROLLBACK' }])
    expect(result.outcome).toBe('ROLLED_BACK')
  })

  it('wait-until BAKE_TIME: green as the bake begins, rollout state the stage', async () => {
    const { deps, clock } = setup(blueGreen)
    const start = clock.now()
    const result = await watchServiceDeployment(
      request({ waitUntil: { kind: 'stage', stage: 'BAKE_TIME' } }),
      deps
    )
    expect(result).toMatchObject({ outcome: 'STAGE_REACHED', ok: true, stage: 'BAKE_TIME' })
    // The bake goes on without the run: its stage stays open in the timeline.
    expect(result.timeline?.at(-1)).toEqual({ stage: 'BAKE_TIME', startedAt: expect.any(Number) })
    expect(clock.now() - start).toBeLessThan(32 * S)
  })

  it('a timeout with rollback-on-failure: StopServiceDeployment ROLLBACK, followed to the end', async () => {
    const { deps, logger } = setup(blueGreen)
    deps.ecs.onStop = () =>
      deps.ecs.show({
        status: 'ROLLBACK_SUCCESSFUL',
        lifecycleStage: 'BAKE_TIME',
        rollback: { reason: 'Rollback requested by StopServiceDeployment.', serviceRevisionArn: REVISION }
      })
    const result = await watchServiceDeployment(request({ timeoutMs: 5 * M, followRollback: true }), deps)
    expect(deps.ecs.stopped).toBe(1)
    expect(result.outcome).toBe('ROLLED_BACK')
    expect(result.cause).toContain(
      'wait-for-minutes (5m00s) ran out in BAKE_TIME, and the run asked ECS to roll back'
    )
    expect(logger.text()).toContain(
      'asking ECS to roll back (StopServiceDeployment ROLLBACK; rollback-on-failure is true)'
    )
  })

  it('a timeout without rollback-on-failure: TIMED_OUT, suggesting wait-until in a bake', async () => {
    const { deps } = setup(blueGreen)
    const result = await watchServiceDeployment(request({ timeoutMs: 5 * M }), deps)
    expect(deps.ecs.stopped).toBe(0)
    expect(result.outcome).toBe('TIMED_OUT')
    expect(result.cause).toMatch(
      /did not finish within 5m00s: BAKE_TIME: 15m\d\ds left .*set wait-until: BAKE_TIME/
    )
  })

  it('an unknown status is reported once, followed, and never success', async () => {
    const { deps, logger } = setup([
      [0, { status: 'WARMING' as ServiceDeployment['status'] }],
      [30 * S, { status: 'WARMING' as ServiceDeployment['status'], finishedAt: new Date() }]
    ])
    const result = await watchServiceDeployment(request(), deps)
    expect(result).toMatchObject({ outcome: 'FAILED', ok: false })
    expect(result.cause).toContain('ended with status WARMING, which release-to-ecs does not know')
    expect(logger.warnings.map(w => w.message)).toEqual([
      expect.stringContaining('reports status WARMING, which release-to-ecs does not know')
    ])
  })
})
