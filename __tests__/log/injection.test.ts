// Text from outside cannot become a workflow command, path by path: an input, the release, an ECS event, a stopped
// task's reason and a container's log line each carry every command form. run() goes through a release that fails
// its rollout (AWS mocked, the action's real logger, masks and failure), stdout is captured, and read as the runner
// reads it: no command the action did not mean, and every mask the action issued still applies.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ServiceEvent,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { actionsLogger, forgetSecrets, setSecret } from '../../src/log.js'
import { run } from '../../src/main.js'
import { actionDeps, type ActionDeps } from '../../src/runtime.js'
import {
  account,
  actionRun,
  newArn,
  oldArn as currentArn,
  deployment,
  exampleWorkspace,
  releaseContext,
  releaseInputs,
  service,
  stubIdentityAndLogin
} from '../../__fixtures__/action-run.js'
import {
  captureStdout,
  HOSTILE_LINES,
  readAsRunner,
  unintendedCommands
} from '../../__fixtures__/runner-commands.js'
import type { GithubContext } from '../../src/release.js'

const ecs = mockClient(ECSClient)
const ecr = mockClient(ECRClient)
const sts = mockClient(STSClient)
const logs = mockClient(CloudWatchLogsClient)

const HOSTILE = HOSTILE_LINES
const hostileText = (lead: string) => [lead, ...HOSTILE].join('\n')

const taskArn = `arn:aws:ecs:eu-west-1:${account}:task/prod/0123456789abcdef0123456789abcdef`
const tag = '1.2.0-0123456'
const started = new Date(Date.UTC(2026, 10, 23, 12, 0, 0)) // the fake clock's start
const assumed = {
  AccessKeyId: 'ASIAASSUMEDKEY000001',
  SecretAccessKey: 'assumed-secret-access-key',
  SessionToken: 'assumed-session-token'
}

interface Hostile {
  inputs?: Record<string, string>
  context?: GithubContext
  event?: string
  stoppedReason?: string
  logLines?: string[]
}

let workspace: string
const stdout = captureStdout()

function registeredExample(): TaskDefinition {
  const file = JSON.parse(fs.readFileSync(path.join(workspace, 'task-definition.json'), 'utf8'))
  delete file.tags
  return { ...file, taskDefinitionArn: newArn, revision: 8, status: 'ACTIVE' }
}

/** A release of an image already in ECR, with an assumed role, whose rollout fails: tasks exit and ECS says so. */
function failingRollout(hostile: Hostile): void {
  ecr.on(DescribeImagesCommand).resolves({
    imageDetails: [{ imageDigest: `sha256:${'e'.repeat(64)}`, imageTags: [tag], imageSizeInBytes: 1000 }]
  })
  sts
    .on(AssumeRoleCommand)
    .resolves({ Credentials: { ...assumed, Expiration: new Date(started.getTime() + 3600e3) } })
  ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: registeredExample() })
  ecs
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: { taskDefinitionArn: newArn, revision: 8 } })
  const steady = service([
    deployment({ id: 'ecs-svc/1', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
  ])
  const events: ServiceEvent[] = [
    {
      id: 'e1',
      createdAt: new Date(started.getTime() + 1000),
      message: hostile.event ?? '(service web) has started 1 tasks: (task 0123456789abcdef0123456789abcdef).'
    }
  ]
  const failed = service(
    [
      deployment({
        id: 'ecs-svc/2',
        taskDefinition: newArn,
        createdAt: started,
        rolloutState: 'FAILED',
        rolloutStateReason: 'tasks failed to start.',
        runningCount: 0,
        failedTasks: 3
      }),
      deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ],
    events
  )
  ecs.on(UpdateServiceCommand).resolves({ service: failed })
  ecs
    .on(DescribeServicesCommand)
    .resolvesOnce({ services: [steady] })
    .resolves({ services: [failed] })
  ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn] })
  ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        taskArn,
        taskDefinitionArn: newArn,
        lastStatus: 'STOPPED',
        stoppedReason: hostile.stoppedReason ?? 'Essential container in task exited',
        stoppedAt: new Date(started.getTime() + 2000),
        containers: [{ name: 'app', exitCode: 1, lastStatus: 'STOPPED' }]
      }
    ]
  })
  logs.on(GetLogEventsCommand).resolves({
    events: (hostile.logLines ?? ['Starting hello-service']).map((message, i) => ({ timestamp: i, message }))
  })
}

/** run() as the action runs it (its own logger, masks and failure), with AWS mocked and no processes. */
async function runHostile(hostile: Hostile): Promise<{ masked: string[] }> {
  failingRollout(hostile)
  const h = actionRun(workspace, {
    ...releaseInputs,
    'image-tag': tag,
    'role-to-assume': `arn:aws:iam::${account}:role/deployer`,
    ...hostile.inputs
  })
  const real = actionDeps()
  const masked: string[] = []
  const deps: ActionDeps = {
    ...h.deps,
    logger: real.logger,
    mask: value => {
      masked.push(value)
      real.mask(value)
    },
    fail: (message, title) => actionsLogger.error(message, { title }), // as the action's, without the exit code
    githubContext: () => hostile.context ?? releaseContext
  }
  await run(deps)
  // One more mask after everything: the runner must still be taking commands.
  setSecret('a-mask-after-the-run')
  actionsLogger.info('a-mask-after-the-run')
  return { masked: [...masked, 'a-mask-after-the-run'] }
}

/** Reads the captured stdout as the runner would, and checks what every path must hold. */
function expectInert(masked: string[], visible: string | undefined): void {
  const reading = readAsRunner(stdout.text())
  expect(unintendedCommands(reading, { secrets: masked, marker: 'INJECTED' })).toEqual([])
  expect(reading.refusedStops).toEqual([])
  expect(reading.stopped).toBe(false)
  // Every mask the action issued was taken as one, and none of the secrets shows.
  expect(reading.masks).toEqual(expect.arrayContaining(masked))
  const shown = reading.shown.join('\n')
  for (const secret of masked) expect(shown).not.toContain(secret)
  expect(reading.shown.at(-1)).toBe('***')
  // The hostile text reached the log (so this path was tested), to be read, not obeyed.
  if (visible === undefined) return
  expect(shown).toContain(visible)
  expect(shown).toContain('INJECTED-warning')
}

beforeEach(() => {
  workspace = exampleWorkspace()
  for (const m of [ecs, ecr, sts, logs]) m.reset()
  stubIdentityAndLogin(sts, ecr, 'registry-password')
})

afterEach(() => {
  forgetSecrets()
  fs.rmSync(workspace, { recursive: true, force: true })
})

describe('text from outside, printed by a run, is never a workflow command', () => {
  it('an input: version', async () => {
    const { masked } = await runHostile({ inputs: { version: hostileText('1.2.0') } })
    // A version with line breaks may be refused as an input; when it is accepted, the run goes on and masks more.
    const accepted = stdout.text().includes('Release v1.2.0 (version 1.2.0\n')
    if (accepted)
      // The keys, the assumed role's credentials, and the password of the login that finds ECR's host.
      expect(masked).toEqual(
        expect.arrayContaining([
          'very-secret-key',
          assumed.SecretAccessKey,
          assumed.SessionToken,
          'registry-password'
        ])
      )
    else {
      const errors = readAsRunner(stdout.text()).commands.filter(c => c.name === 'error')
      expect(errors.map(c => c.data).join('\n')).toMatch(/\bversion\b/)
    }
    expectInert(masked, accepted ? 'version 1.2.0' : undefined)
  })

  it('the release: its tag and its name', async () => {
    const context: GithubContext = {
      ...releaseContext,
      payload: {
        action: 'published',
        release: { tag_name: hostileText('v1.2.0'), name: hostileText('Spring') }
      }
    }
    const { masked } = await runHostile({ context })
    // A tag with line breaks is refused before anything else, naming tag_name; the refusal is inert too.
    const errors = readAsRunner(stdout.text()).commands.filter(c => c.name === 'error')
    expect(errors.map(c => c.data).join('\n')).toMatch(/tag_name contains a line break/)
    expectInert(masked, undefined)
  })

  it('an ECS service event', async () => {
    const { masked } = await runHostile({ event: hostileText('(service web) has started 1 tasks.') })
    expectInert(masked, 'has started 1 tasks.')
  })

  it("a stopped task's reason", async () => {
    const { masked } = await runHostile({ stoppedReason: hostileText('Essential container in task exited') })
    expectInert(masked, 'Essential container in task exited')
  })

  it("a container's log line", async () => {
    const { masked } = await runHostile({
      logLines: ['Starting hello-service', ...HOSTILE, hostileText('multi')]
    })
    expectInert(masked, 'Starting hello-service')
  })
})
