// A cancelled run, through run(): the runner's SIGINT (and SIGTERM) arrive through injected signals at moments of the
// fake clock, during the build, the push and the rollout, with each on-cancel.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import * as fs from 'node:fs'
import { run } from '../src/main.js'
import { cancellableClock, RunCancelled, watchForCancellation } from '../src/cancel.js'
import { systemClock } from '../src/clock.js'
import type { CommandResult } from '../src/exec.js'
import {
  account,
  actionRun,
  oldArn,
  newArn,
  digest,
  deployment,
  exampleWorkspace,
  registry,
  releaseInputs,
  service,
  stubIdentityAndLogin
} from '../__fixtures__/action-run.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { FakeSignals } from '../__fixtures__/signals.js'

const ecs = mockClient(ECSClient)
const ecr = mockClient(ECRClient)
const sts = mockClient(STSClient)

const sdArn = (id: string) => `arn:aws:ecs:eu-west-1:${account}:service-deployment/prod/web/${id}`

const withSd = (s: Service, id?: string): Service => (id ? { ...s, currentServiceDeployment: sdArn(id) } : s)
const steady = (sd?: string) =>
  withSd(service([deployment({ id: 'ecs-svc/1', taskDefinition: oldArn, rolloutState: 'COMPLETED' })]), sd)
const rolling = (sd?: string) =>
  withSd(
    service([
      deployment({
        id: 'ecs-svc/2',
        taskDefinition: newArn,
        rolloutState: 'IN_PROGRESS',
        runningCount: 0,
        pendingCount: 1
      }),
      deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: oldArn, rolloutState: 'COMPLETED' })
    ]),
    sd
  )

let workspace: string

/** Service deployments on the service when `sd`: the old one before the update, ours (2) after. */
function stubService(sd: boolean) {
  ecs.on(UpdateServiceCommand).resolves({ service: rolling(sd ? '2' : undefined) })
  ecs
    .on(DescribeServicesCommand)
    .resolvesOnce({ services: [steady(sd ? '1' : undefined)] })
    .resolves({ services: [rolling(sd ? '2' : undefined)] })
}

beforeEach(() => {
  workspace = exampleWorkspace()
  for (const m of [ecs, ecr, sts]) m.reset()
  stubIdentityAndLogin(sts, ecr, 'registry-password')
  ecr
    .on(DescribeImagesCommand)
    .rejectsOnce(Object.assign(new Error('not found'), { name: 'ImageNotFoundException' }))
    .resolves({ imageDetails: [{ imageDigest: digest, imageTags: ['1.2.0-0123456'], imageSizeInBytes: 1 }] })
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: oldArn,
      family: 'hello-service',
      revision: 7,
      containerDefinitions: [{ name: 'app', image: `${registry}/web:1.1.0-aaaaaaa` }]
    }
  })
  ecs
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: { taskDefinitionArn: newArn, revision: 8, family: 'hello-service' } })
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  ecs.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: sdArn('2') })
})

afterEach(() => {
  fs.rmSync(workspace, { recursive: true, force: true })
})

/** run() with fake signals; SIGINT `cancelAfterMs` into the run (the fake clock moves only in the rollout). */
function cancelled(inputs: Record<string, string>, cancelAfterMs?: number) {
  const h = actionRun(workspace, { ...releaseInputs, ...inputs })
  const signals = new FakeSignals()
  const clock = h.deps.clock as FakeClock
  if (cancelAfterMs !== undefined) clock.at(cancelAfterMs, () => signals.send('SIGINT'))
  return { h, signals, clock, deps: { ...h.deps, signals } }
}

describe('cancellation during the rollout', () => {
  it('on-cancel leave: the deployment goes on, the log says how to follow and stop it, the step fails as cancelled', async () => {
    stubService(true)
    const { h, signals, clock, deps } = cancelled({}, 12_000)
    const cancelAt = clock.now() + 12_000
    await run(deps)

    expect(h.failures).toHaveLength(1)
    expect(h.failures[0]!.title).toBe('Run cancelled')
    expect(h.failures[0]!.message).toMatch(
      /^The workflow run was cancelled during "Rollout": on-cancel is leave: deployment ecs-svc\/2 \(arn:aws:ecs:.*service-deployment\/prod\/web\/2\) goes on in ECS/
    )
    expect(ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1)
    expect(h.logger.text()).toContain(
      `Follow it: aws ecs describe-service-deployments --service-deployment-arns ${sdArn('2')}`
    )
    expect(h.logger.text()).toContain(
      `Stop it and roll back: aws ecs stop-service-deployment --service-deployment-arn ${sdArn('2')} --stop-type ROLLBACK`
    )
    expect(h.outputs).toMatchObject({
      'rollout-state': 'CANCELLED',
      'deployment-id': 'ecs-svc/2',
      'service-deployment-arn': sdArn('2'),
      'task-definition-arn': newArn
    })
    expect(h.summaries[0]).toContain('### Cancelled')
    expect(h.summaries[0]).toContain(
      'The workflow run was cancelled (SIGINT) during Rollout; on-cancel is leave.'
    )
    // The follow loop stopped at the signal: no look, no sleep after it; the handlers are gone.
    expect(clock.now()).toBe(cancelAt)
    const looks = ecs.commandCalls(DescribeServicesCommand).length
    expect(looks).toBeGreaterThan(2)
    expect(signals.listening).toBe(0)
  })

  it("on-cancel rollback with service deployments: StopServiceDeployment ROLLBACK on this run's, said in log and summary", async () => {
    stubService(true)
    const { h, deps } = cancelled({ 'on-cancel': 'rollback' }, 12_000)
    await run(deps)

    expect(ecs.commandCalls(StopServiceDeploymentCommand).map(c => c.args[0].input)).toEqual([
      { serviceDeploymentArn: sdArn('2'), stopType: 'ROLLBACK' }
    ])
    const line = `on-cancel is rollback: asked ECS to roll back service deployment ${sdArn('2')} (StopServiceDeployment ROLLBACK); ECS puts web back on hello-service:7.`
    expect(h.logger.lines).toContain(line)
    expect(h.failures[0]!.message).toBe(`The workflow run was cancelled during "Rollout": ${line}`)
    expect(h.summaries[0]).toContain('on-cancel is rollback.')
    expect(h.outputs['rollout-state']).toBe('CANCELLED')
  })

  it('on-cancel rollback without service deployments: UpdateService back to the task definition it ran before', async () => {
    stubService(false)
    const { h, deps } = cancelled({ 'on-cancel': 'rollback' }, 12_000)
    await run(deps)

    expect(ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)
    const updates = ecs.commandCalls(UpdateServiceCommand).map(c => c.args[0].input.taskDefinition)
    expect(updates).toEqual([newArn, oldArn])
    expect(h.failures[0]!.message).toContain('on-cancel is rollback: updated web back to hello-service:7')
    expect(h.outputs['service-deployment-arn']).toBeUndefined()
  })

  it('on-cancel rollback that ECS refuses: says so, and that the deployment goes on', async () => {
    stubService(true)
    ecs
      .on(StopServiceDeploymentCommand)
      .rejects(
        Object.assign(new Error('The service deployment cannot be stopped'), { name: 'ConflictException' })
      )
    const { h, deps } = cancelled({ 'on-cancel': 'rollback' }, 12_000)
    await run(deps)

    expect(h.failures[0]!.message).toMatch(
      /on-cancel is rollback, but the rollback of deployment ecs-svc\/2 could not be asked for: .*ConflictException.*It goes on in ECS/
    )
  })
})

describe('cancellation before the update', () => {
  /** A runner whose `step` ("docker push") runs until stopped, sending SIGINT (and `then`) once it started. */
  function blockingRunner(
    h: ReturnType<typeof actionRun>,
    signals: FakeSignals,
    step: string,
    then?: () => void
  ) {
    const inner = h.deps.runner
    let release: ((r: CommandResult) => void) | undefined
    const stopped: string[] = []
    return {
      stopped,
      release: () => release?.({ exitCode: 143, stdout: '', stderr: '' }),
      runner: {
        run: async (command: string, args: readonly string[], options?: Parameters<typeof inner.run>[2]) => {
          if (`${command} ${args[0]}` !== step) return inner.run(command, args, options)
          h.commands.push({ command, args, options })
          const result = new Promise<CommandResult>(resolve => (release = resolve))
          setImmediate(() => {
            signals.send('SIGINT')
            then?.()
          })
          return result
        },
        stopRunning: () => {
          stopped.push(step)
          if (!then) release?.({ exitCode: 143, stdout: '', stderr: '' })
          return [step.split(' ')[0]!]
        }
      }
    }
  }

  it('during the build: the build process is stopped, nothing registered or updated, and the log says what was done', async () => {
    stubService(true)
    const { h, signals, deps } = cancelled({ 'on-cancel': 'rollback' })
    const blocking = blockingRunner(h, signals, 'docker build')
    await run({ ...deps, runner: blocking.runner })

    expect(blocking.stopped).toEqual(['docker build'])
    expect(h.logger.lines).toContain('Stopped docker (SIGTERM)')
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0)
    expect(ecs.commandCalls(StopServiceDeploymentCommand)).toHaveLength(0)
    expect(h.failures).toEqual([
      {
        title: 'Run cancelled',
        message: expect.stringMatching(
          /^The workflow run was cancelled during "Image build": The service was not updated, so there is nothing to roll back\./
        )
      }
    ])
    // The build's own failure (exit 143) is a note, not the cause.
    expect(h.summaries[0]).toContain('### Cancelled')
    expect(h.outputs['rollout-state']).toBeUndefined()
    expect(fs.readdirSync(workspace).filter(n => n.startsWith('release-to-ecs-auth-'))).toEqual([])
  })

  it('SIGTERM while a push ignores SIGINT: the registry login is removed at once, before the kill', async () => {
    stubService(true)
    const { h, signals, deps } = cancelled({})
    let authDirAtSigterm: boolean | undefined
    const blocking = blockingRunner(h, signals, 'docker push', () => {
      const login = h.commands.find(c => c.args[0] === 'login')!
      const authDir = login.options!.env!.DOCKER_CONFIG!
      expect(fs.existsSync(authDir)).toBe(true)
      signals.send('SIGTERM')
      authDirAtSigterm = fs.existsSync(authDir)
      blocking.release()
    })
    await run({ ...deps, runner: blocking.runner })

    expect(authDirAtSigterm).toBe(false)
    expect(h.logger.text()).toContain('SIGTERM: removing temporary credentials now')
    expect(h.failures[0]!.title).toBe('Run cancelled')
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
  })
})

describe('the cancellable clock', () => {
  it('ends a sleep at the signal, and every later one at once, with RunCancelled', async () => {
    const clock = new FakeClock()
    const signals = new FakeSignals()
    const cancellation = watchForCancellation(signals, clock, {
      onCancel: () => undefined,
      onSigterm: () => undefined
    })
    const sleeping = cancellableClock(clock, cancellation)
    const start = clock.now()
    clock.at(2_500, () => signals.send('SIGINT'))
    await expect(sleeping.sleep(60_000)).rejects.toBeInstanceOf(RunCancelled)
    expect(clock.now() - start).toBe(2_500)
    await expect(sleeping.sleep(1)).rejects.toBeInstanceOf(RunCancelled)
    expect(cancellation.requested).toEqual({ signal: 'SIGINT', at: start + 2_500 })
    cancellation.dispose()
    expect(signals.listening).toBe(0)
  })

  it('the system clock leaves no timer behind once aborted', async () => {
    const controller = new AbortController()
    const sleeping = systemClock.sleep(3_600_000, controller.signal)
    controller.abort()
    await expect(sleeping).resolves.toBeUndefined()
  })
})
