// The CodeDeploy path end to end against a scripted CodeDeploy and a fake clock: what a person reads, what was
// asked of CodeDeploy, and the verdict.
import { describe, expect, it } from '@jest/globals'
import type { Service, Task } from '@aws-sdk/client-ecs'
import { FakeClock } from '../../__fixtures__/clock.js'
import { FakeCodeDeploy, type Look } from '../../__fixtures__/codedeploy-fake.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import { createCodeDeployPath, CodeDeployError, type CodeDeployRequest } from '../../src/deploy/codedeploy.js'
import type { RolloutSource } from '../../src/rollout/types.js'

const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`
const registered = { arn: td(8), revision: 8, isNew: true }
const service: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: td(7),
  deploymentController: { type: 'CODE_DEPLOY' },
  loadBalancers: [{ targetGroupArn: 'arn:tg', containerName: 'app', containerPort: 8080 }],
  taskSets: [{ id: 'ecs-svc/blue', status: 'PRIMARY', taskDefinition: td(7) }]
}

function setup(over: Partial<CodeDeployRequest> = {}, stopped: Task[] = []) {
  const clock = new FakeClock()
  const logger = new RecordingLogger()
  const codedeploy = new FakeCodeDeploy(clock)
  const listed: string[] = []
  /** When DescribeServices (the service's events) was called. */
  const described: number[] = []
  const ecs: RolloutSource = {
    describeService: async () => {
      described.push(clock.now())
      return {
        ...service,
        events: [
          {
            id: 'e1',
            createdAt: new Date(clock.now() + 3_000),
            message: '(service web) has reached a steady state.'
          }
        ]
      }
    },
    listStoppedTasks: async (_c, _s, startedBy) => {
      listed.push(startedBy)
      return stopped.filter(t => t.startedBy === startedBy).map(t => t.taskArn!)
    },
    describeTasks: async () => stopped,
    describeTaskDefinition: async () => undefined
  }
  const request: CodeDeployRequest = {
    cluster: 'prod',
    service: 'web',
    targetId: 'prod:web',
    described: service,
    application: 'AppECS-prod-web',
    deploymentGroup: 'DgpECS-prod-web',
    configName: 'CodeDeployDefault.ECSAllAtOnce',
    appSpec: { kind: 'generated' },
    forceNewDeployment: false,
    onBusy: 'wait',
    onPause: 'wait',
    timeoutMs: 10 * 60_000,
    maxTaskFailures: 3,
    rollbackOnFailure: false,
    groupRollsBackOnFailure: false,
    terminationWaitMinutes: 1,
    ...over
  }
  const path = createCodeDeployPath(request, { codedeploy, ecs, clock, logger, random: () => 0.5 })
  return { clock, logger, codedeploy, path, listed, described }
}

const ID = 'd-AAAAAAAAA'
const success: Look[] = [
  { at: 0, status: 'Created' },
  { at: 2_000, status: 'InProgress', events: { BeforeInstall: 'Skipped', Install: 'InProgress' } },
  {
    at: 10_000,
    status: 'InProgress',
    events: { BeforeInstall: 'Skipped', Install: 'Succeeded', AllowTraffic: 'InProgress' },
    weights: { blue: 90, green: 10 }
  },
  {
    at: 20_000,
    status: 'Baking',
    events: { BeforeInstall: 'Skipped', Install: 'Succeeded', AllowTraffic: 'Succeeded' },
    weights: { blue: 0, green: 100 }
  },
  {
    at: 80_000,
    status: 'Succeeded',
    events: { BeforeInstall: 'Skipped', Install: 'Succeeded', AllowTraffic: 'Succeeded' },
    weights: { blue: 0, green: 100 }
  }
]

async function run(s: ReturnType<typeof setup>, looks: Look[]) {
  s.codedeploy.script(ID, looks)
  const started = await s.path.start(registered)
  const result = await s.path.follow(started, registered)
  return { started, result }
}

describe('the CodeDeploy path', () => {
  it('creates the deployment with the AppSpec of the new task definition and follows it to Succeeded', async () => {
    const s = setup()
    const { started, result } = await run(s, success)
    expect(started).toEqual({ id: ID, codedeployDeploymentId: ID, alreadyServing: false })
    expect(JSON.parse(s.codedeploy.lastContent)).toMatchObject({
      Resources: [
        {
          TargetService: {
            Properties: {
              TaskDefinition: td(8),
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 }
            }
          }
        }
      ]
    })
    expect(s.codedeploy.calls.slice(0, 2)).toEqual([
      'RegisterApplicationRevision AppECS-prod-web',
      'CreateDeployment AppECS-prod-web/DgpECS-prod-web'
    ])
    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    const text = s.logger.text()
    expect(text).toContain(
      `Started CodeDeploy deployment ${ID} of web:8 (application AppECS-prod-web, deployment group DgpECS-prod-web, CodeDeployDefault.ECSAllAtOnce)`
    )
    expect(text).toContain('  Install: Succeeded')
    expect(text).toContain('Task sets: blue ecs-svc/blue 90 % traffic')
    expect(text).toContain(
      `CodeDeploy deployment ${ID}: Baking (baking: all production traffic is on the replacement task set`
    )
    expect(text).toContain('Still waiting after')
    // The verdict within a second of Succeeded (the bake's end is known), and no call that changes anything.
    expect(result.finishedAt - (Date.UTC(2026, 10, 23, 12, 0, 0) + 80_000)).toBeLessThanOrEqual(1_000)
    expect(s.codedeploy.calls.filter(c => /Stop|Continue/.test(c))).toEqual([])
    expect(s.clock.sleeps.every(ms => ms <= 4_000)).toBe(true)
  })

  it('a long bake: under 30 status calls a minute in all, 0.75 s apart after the bake began and 3 s later, the verdict within a second of Succeeded', async () => {
    const bakeMs = 20 * 60_000
    const s = setup({ terminationWaitMinutes: 20, timeoutMs: 30 * 60_000 })
    const baking = success[3]!
    const { result } = await run(s, [
      ...success.slice(0, 3),
      baking,
      { ...success[4]!, at: baking.at + bakeMs }
    ])

    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    const created = Date.UTC(2026, 10, 23, 12, 0, 0)
    const bakeFrom = created + baking.at
    const succeededAt = bakeFrom + bakeMs
    expect(result.finishedAt - succeededAt).toBeGreaterThanOrEqual(0)
    expect(result.finishedAt - succeededAt).toBeLessThanOrEqual(1_000)
    // Over the 20-minute bake, every status read counted (GetDeployment, GetDeploymentTarget, the service's events):
    // fewer than 30 a minute.
    const bakeMinutes = bakeMs / 60_000
    const inBake = (from: number, to: number) =>
      s.codedeploy.countBetween('GetDeployment ', from, to) +
      s.codedeploy.countBetween('GetDeploymentTarget ', from, to) +
      s.described.filter(at => at > from && at <= to).length
    expect(inBake(bakeFrom, succeededAt) / bakeMinutes).toBeLessThan(30)
    // Two minutes of looks every 0.75 s once Baking began, then every 3 s; the target every 30 s, events every 60 s.
    expect(
      s.codedeploy.countBetween('GetDeployment ', bakeFrom + 2_000, bakeFrom + 2 * 60_000)
    ).toBeGreaterThanOrEqual(150)
    expect(s.codedeploy.countBetween('GetDeployment ', bakeFrom + 3 * 60_000, bakeFrom + 18 * 60_000)).toBe(
      300
    )
    expect(s.codedeploy.countBetween('GetDeploymentTarget ', bakeFrom, succeededAt)).toBeLessThanOrEqual(
      bakeMinutes * 2 + 2
    )
    expect(s.described.filter(at => at > bakeFrom + 3 * 60_000 && at <= bakeFrom + 18 * 60_000).length).toBe(
      15
    )
    expect(Math.max(...s.clock.sleeps)).toBe(3_000)
  })

  it.each([
    [60_000 + 1_234, 1_000],
    [5 * 60_000 + 1_234, 3_000]
  ])(
    'a hook that fails at a moment nobody knows, %i ms in: seen within %i ms, one GetDeployment a look',
    async (failsAt, within) => {
      const s = setup({ timeoutMs: 30 * 60_000 })
      const { result } = await run(s, [
        {
          at: 0,
          status: 'InProgress',
          events: { Install: 'Succeeded', AfterAllowTestTraffic: 'InProgress' }
        },
        {
          at: failsAt,
          status: 'Failed',
          events: { Install: 'Succeeded', AfterAllowTestTraffic: 'Failed' },
          errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'A lifecycle event hook failed.' }
        }
      ])
      const created = Date.UTC(2026, 10, 23, 12, 0, 0)
      expect(result).toMatchObject({ outcome: 'FAILED', ok: false })
      expect(result.cause).toContain('(lifecycle event AfterAllowTestTraffic Failed)')
      expect(result.finishedAt - (created + failsAt)).toBeLessThanOrEqual(within)
      // After the first 20 s (a look a second): a GetDeployment per 0.75 s for two minutes after the hook began,
      // then one per 3 s; the target every 10 s, then every 30 s.
      const looks = s.codedeploy.countBetween('GetDeployment ', created + 20_000, created + failsAt)
      const targets = s.codedeploy.countBetween('GetDeploymentTarget ', created + 20_000, created + failsAt)
      const attentive = Math.min(failsAt, 120_000) - 20_000
      const quiet = Math.max(0, failsAt - 120_000)
      expect(looks).toBeLessThanOrEqual(attentive / 750 + quiet / 3_000 + 2)
      expect(targets).toBeLessThanOrEqual(attentive / 10_000 + quiet / 30_000 + 2)
    }
  )

  it('the result keeps each deployment followed with its lifecycle events (times) and task sets, and the service events', async () => {
    const s = setup({ rollbackOnFailure: true, groupRollsBackOnFailure: true })
    s.codedeploy.script('d-RRRRRRRRR', [
      { at: 0, status: 'InProgress', weights: { blue: 100, green: 0 } },
      { at: 6_000, status: 'Succeeded', events: { Install: 'Succeeded' }, weights: { blue: 100, green: 0 } }
    ])
    const { result } = await run(s, [
      { at: 0, status: 'InProgress', events: { Install: 'Succeeded', AfterInstall: 'InProgress' } },
      {
        at: 4_000,
        status: 'Failed',
        events: { Install: 'Succeeded', AfterInstall: 'Failed' },
        errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'A lifecycle event hook failed.' },
        rollbackDeploymentId: 'd-RRRRRRRRR'
      }
    ])
    expect(result.outcome).toBe('ROLLED_BACK')
    expect(result.codeDeploy?.map(t => [t.deploymentId, t.status, t.rollbackOf])).toEqual([
      [ID, 'Failed', undefined],
      ['d-RRRRRRRRR', 'Succeeded', ID]
    ])
    const ours = result.codeDeploy![0]!
    expect(ours.lifecycleEvents.map(e => `${e.name} ${e.status}`)).toEqual([
      'BeforeInstall Pending',
      'Install Succeeded',
      'AfterInstall Failed',
      'AllowTestTraffic Pending',
      'AfterAllowTestTraffic Pending',
      'BeforeAllowTraffic Pending',
      'AllowTraffic Pending',
      'AfterAllowTraffic Pending'
    ])
    expect(ours.lifecycleEvents[1]).toMatchObject({
      startedAt: expect.any(Number),
      endedAt: expect.any(Number)
    })
    expect(ours.taskSets.map(t => `${t.label} ${t.trafficWeight} ${t.running}/${t.desired}`)).toEqual([
      'Blue 100 2/2',
      'Green 0 2/2'
    ])
    expect(result.events.map(e => e.message)).toEqual(['(service web) has reached a steady state.'])
    expect(s.logger.text()).toContain('(service web) has reached a steady state.')
  })

  it('a re-run when the service already serves the task definition does nothing', async () => {
    const s = setup({ described: { ...service, taskDefinition: td(8) } })
    expect(await s.path.start({ ...registered, isNew: false })).toEqual({ id: '', alreadyServing: true })
    expect(s.codedeploy.calls).toEqual([])
  })

  describe('Ready, handled like a pause', () => {
    const ready: Look[] = [
      { at: 0, status: 'InProgress', events: { Install: 'InProgress' } },
      { at: 5_000, status: 'Ready', events: { Install: 'Succeeded', AfterAllowTestTraffic: 'Succeeded' } }
    ]
    const afterContinue: Look[] = [
      { at: 0, status: 'InProgress', events: { Install: 'Succeeded', AllowTraffic: 'InProgress' } },
      {
        at: 3_000,
        status: 'Succeeded',
        events: { Install: 'Succeeded', AllowTraffic: 'Succeeded' },
        weights: { blue: 0, green: 100 }
      }
    ]

    it('on-pause continue: ContinueDeployment READY_WAIT at once, then on to Succeeded', async () => {
      const s = setup({ onPause: 'continue' })
      s.codedeploy.onContinue = afterContinue
      const { result } = await run(s, ready)
      expect(s.codedeploy.calls.filter(c => c.startsWith('Continue'))).toEqual([
        `ContinueDeployment ${ID} READY_WAIT`
      ])
      expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
      expect(s.logger.text()).toContain('Continuing deployment d-AAAAAAAAA at once (on-pause is continue)')
    })

    it('on-pause exit: ends green, PAUSED, continuing nothing', async () => {
      const s = setup({ onPause: 'exit' })
      const { result } = await run(s, ready)
      expect(result).toMatchObject({ outcome: 'PAUSED', ok: true })
      expect(result.cause).toContain(
        'aws deploy continue-deployment --deployment-id d-AAAAAAAAA --deployment-wait-type READY_WAIT'
      )
      expect(s.codedeploy.calls.filter(c => c.startsWith('Continue'))).toEqual([])
    })

    it('on-pause wait: follows until it is continued elsewhere', async () => {
      const s = setup()
      const { result } = await run(s, [
        ...ready,
        { at: 60_000, status: 'InProgress' },
        { at: 62_000, status: 'Succeeded' }
      ])
      expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
      expect(
        s.logger.lines.filter(l => l.startsWith('Waiting for the deployment to be continued elsewhere'))
      ).toHaveLength(1)
    })

    it('on-pause wait, never continued, with rollback-on-failure: times out, stops it with rollback, ROLLED_BACK', async () => {
      const s = setup({ rollbackOnFailure: true, timeoutMs: 60_000 })
      s.codedeploy.onStop = {
        rollbackId: 'd-RRRRRRRRR',
        rollback: [
          { at: 0, status: 'InProgress' },
          { at: 4_000, status: 'Succeeded' }
        ]
      }
      const { started, result } = await run(s, ready)
      expect(result).toMatchObject({ outcome: 'TIMED_OUT', ok: false })
      const back = await s.path.rollBack(result, started, registered)
      expect(s.codedeploy.calls).toContain(`StopDeployment ${ID} autoRollback=true`)
      expect(back).toMatchObject({ outcome: 'ROLLED_BACK', ok: false, restoredTaskDefinitionArn: td(7) })
      expect(back.cause).toMatch(
        /^Stopped CodeDeploy deployment d-AAAAAAAAA and rolled back to the original task set \(rollback deployment d-RRRRRRRRR succeeded\)\. CodeDeploy deployment d-AAAAAAAAA of web:8 did not finish within 1m00s: it is Ready/
      )
    })
  })

  it('a timeout whose StopDeployment is refused: still TIMED_OUT, the refusal in the one-line cause and as a warning', async () => {
    const s = setup({ rollbackOnFailure: true, timeoutMs: 60_000 })
    s.codedeploy.stopError = new Error('AWS denied codedeploy:StopDeployment on the deployment group')
    const { started, result } = await run(s, [
      { at: 0, status: 'InProgress', events: { AfterInstall: 'InProgress' } }
    ])
    const back = await s.path.rollBack(result, started, registered)
    expect(back).toMatchObject({ outcome: 'TIMED_OUT', ok: false })
    expect(back.cause).toMatch(
      /^CodeDeploy deployment d-AAAAAAAAA of web:8 did not finish within 1m00s: .* The run could not roll it back: StopDeployment failed: AWS denied codedeploy:StopDeployment/
    )
    expect(s.logger.warnings.map(w => w.message).join('\n')).toContain(
      'The rollback could not be started: AWS denied codedeploy:StopDeployment'
    )
  })

  it("a failing hook with the group rolling back and rollback-on-failure: follows CodeDeploy's rollback to its end", async () => {
    const s = setup({ rollbackOnFailure: true, groupRollsBackOnFailure: true })
    s.codedeploy.script('d-RRRRRRRRR', [
      { at: 0, status: 'InProgress' },
      { at: 6_000, status: 'Succeeded' }
    ])
    const { result } = await run(s, [
      { at: 0, status: 'InProgress', events: { Install: 'Succeeded', AfterInstall: 'InProgress' } },
      {
        at: 4_000,
        status: 'Failed',
        events: { Install: 'Succeeded', AfterInstall: 'Failed' },
        errorInformation: {
          code: 'HOOK_EXECUTION_FAILURE',
          message: 'The deployment failed because a lifecycle event hook failed.'
        },
        rollbackDeploymentId: 'd-RRRRRRRRR'
      }
    ])
    expect(result).toMatchObject({ outcome: 'ROLLED_BACK', ok: false, restoredTaskDefinitionArn: td(7) })
    expect(result.cause).toContain('(rollback deployment d-RRRRRRRRR succeeded)')
    expect(result.cause).toContain('HOOK_EXECUTION_FAILURE')
    expect(result.cause).toContain('(lifecycle event AfterInstall Failed)')
    expect(s.codedeploy.calls.filter(c => c.startsWith('Stop'))).toEqual([])
  })

  it('failed without any rollback: says so, and rollBack cannot stop a finished deployment', async () => {
    const s = setup({ rollbackOnFailure: true })
    const { started, result } = await run(s, [
      { at: 0, status: 'InProgress' },
      {
        at: 3_000,
        status: 'Failed',
        errorInformation: { code: 'ECS_UPDATE_ERROR', message: 'tasks failed to start' }
      }
    ])
    expect(result).toMatchObject({ outcome: 'FAILED', ok: false })
    const back = await s.path.rollBack(result, started, registered)
    expect(back.details.at(-1)).toContain('StopDeployment only stops a running one')
    expect(s.codedeploy.calls.filter(c => c.startsWith('Stop'))).toEqual([])
  })

  it('a deployment no longer followed (another service of the release failed) is stopped with rollback', async () => {
    const s = setup({ rollbackOnFailure: true })
    s.codedeploy.script(ID, [{ at: 0, status: 'InProgress', events: { Install: 'InProgress' } }])
    s.codedeploy.onStop = { rollbackId: 'd-RRRRRRRRR', rollback: [{ at: 0, status: 'Succeeded' }] }
    const started = await s.path.start(registered)
    // No verdict of its own: the release rolls it back while it still installs.
    const withRelease = {
      outcome: 'FAILED' as const,
      ok: false,
      cause: 'web is rolled back with the release (worker failed).',
      details: [],
      events: [],
      stoppedTasks: [],
      finishedAt: s.clock.now(),
      polls: 0
    }
    const back = await s.path.rollBack(withRelease, started, registered)
    expect(s.codedeploy.calls).toContain(`StopDeployment ${ID} autoRollback=true`)
    expect(back).toMatchObject({ outcome: 'ROLLED_BACK', ok: false })
    expect(back.cause).toContain('web is rolled back with the release (worker failed).')
  })

  it('replacement tasks that keep stopping: explained as on ECS, and stopped with rollback under rollback-on-failure', async () => {
    const crashed: Task = {
      taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/abc',
      startedBy: 'ecs-svc/green',
      lastStatus: 'STOPPED',
      taskDefinitionArn: td(8),
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 1 }]
    }
    const tasks = ['a', 'b', 'c'].map(id => ({
      ...crashed,
      taskArn: `${crashed.taskArn}${id}`,
      stoppedAt: new Date()
    }))
    const s = setup({ rollbackOnFailure: true }, tasks)
    s.codedeploy.onStop = { rollbackId: 'd-RRRRRRRRR', rollback: [{ at: 0, status: 'Succeeded' }] }
    const { started, result } = await run(s, [
      { at: 0, status: 'InProgress', events: { Install: 'InProgress' } }
    ])
    expect(s.listed).toContain('ecs-svc/green')
    expect(result).toMatchObject({ outcome: 'FAILED', ok: false })
    expect(result.cause).toContain(
      '3 tasks of the replacement task set (web:8) stopped (max-task-failures is 3): Essential container "app" of web:8 exited with code 1'
    )
    const back = await s.path.rollBack(result, started, registered)
    expect(back).toMatchObject({ outcome: 'ROLLED_BACK' })
    expect(s.codedeploy.calls).toContain(`StopDeployment ${ID} autoRollback=true`)
  })

  it('another deployment in the group: on-busy fail refuses, naming it', async () => {
    const s = setup({ onBusy: 'fail' })
    const busy = Object.assign(
      new Error("The Deployment Group 'DgpECS-prod-web' already has an active Deployment 'd-OTHER0001'"),
      { name: 'DeploymentLimitExceededException' }
    )
    s.codedeploy.next = [busy]
    await expect(s.path.start(registered)).rejects.toThrow(CodeDeployError)
    s.codedeploy.next = [busy]
    await expect(s.path.start(registered)).rejects.toThrow(
      'already has a deployment in progress (d-OTHER0001); on-busy is fail'
    )
  })

  it('another deployment in the group: on-busy wait waits for it to end, then creates ours', async () => {
    const s = setup()
    const busy = Object.assign(
      new Error("The Deployment Group 'DgpECS-prod-web' already has an active Deployment 'd-OTHER0001'"),
      { name: 'DeploymentLimitExceededException' }
    )
    s.codedeploy.next = [busy, ID]
    s.codedeploy.script('d-OTHER0001', [
      { at: 0, status: 'InProgress' },
      { at: 12_000, status: 'Succeeded' }
    ])
    const started = await s.path.start(registered)
    expect(started.id).toBe(ID)
    expect(s.logger.text()).toContain('waiting for it to end (on-busy is wait)')
    expect(s.codedeploy.calls.filter(c => c.startsWith('CreateDeployment'))).toHaveLength(2)
  })

  it('cancel: StopDeployment with automatic rollback, in one line', async () => {
    const s = setup()
    s.codedeploy.script(ID, [{ at: 0, status: 'InProgress' }])
    const line = await s.path.cancel!({ id: ID, codedeployDeploymentId: ID, alreadyServing: false })
    expect(s.codedeploy.calls).toEqual([`StopDeployment ${ID} autoRollback=true`])
    expect(line).toBe(
      `Asked CodeDeploy to stop deployment ${ID} and roll back to the original task set (StopDeployment with autoRollbackEnabled): Succeeded, Stopped and rolled back.`
    )
  })
})
