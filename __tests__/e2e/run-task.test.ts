// Migrations, then the rollout, end to end on the stand-in: the bundled action runs a one-off task with the new
// image after registering the task definition and before updating the service; the task passes, exits 1, or runs
// past its timeout and is stopped. Only a task that passes lets the service be updated.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, type RunTaskCommandInput } from '@aws-sdk/client-ecs'
import {
  deploy,
  deployInputs,
  releaseEvent,
  startTestStack,
  validationFailures,
  pushExampleImage,
  tagImageAgain,
  type ActionRun,
  type Stack
} from './harness.js'

const BASE_TAG = 'base'
const MIGRATE = 'java -jar /app/app.jar migrate'

describe('a one-off task before the update (run-task-command)', () => {
  let stack: Stack

  beforeAll(async () => {
    stack = await startTestStack()
    await pushExampleImage(stack, BASE_TAG)
  }, 180_000)
  beforeEach(() => {
    stack.emulator.setScenario({
      taskStartSeconds: 30,
      healthyAfterSeconds: 15,
      runTasks: [],
      runTaskFailures: []
    })
  })
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)

  /** Tags the base image again as `tag` (as aws ecr put-image does) and deploys it with the one-off task. */
  async function release(tag: string, inputs: Record<string, string>): Promise<ActionRun> {
    await tagImageAgain(stack, BASE_TAG, tag)
    const {
      'build-args': _a,
      'container-engine': _e,
      ...deployOnly
    } = deployInputs(stack, {
      'image-tag': tag,
      ...inputs
    })
    return deploy(stack, { inputs: deployOnly, event: releaseEvent({ tag: `v${tag}` }) })
  }

  function calls(mark: number, operation: string) {
    return stack.requestsSince(mark).filter(r => r.operation === operation && r.status === 200)
  }

  it('migrations pass, then the service deploys the same image: RunTask before UpdateService, each log line once', async () => {
    stack.emulator.setScenario({
      runTasks: [
        {
          command: 'migrate',
          exitCode: 0,
          runSeconds: 30,
          logLines: [
            'Flyway Community Edition 10.17',
            'Migrating schema "public" to version "7 - add orders"',
            'Successfully applied 1 migration'
          ]
        }
      ]
    })
    const mark = stack.requestMark()
    const run = await release('3.0.0', { 'run-task-command': MIGRATE })

    expect(errorLine(run)).toBeUndefined()
    expect(run.exitCode).toBe(0)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(run.outputs['run-task-exit-code']).toBe('0')
    const taskArn = run.outputs['run-task-arn']!
    const registered = run.outputs['task-definition-arn']!

    // Order: registered, then the task, then the service; the task ran the registered revision with the command.
    const order = stack
      .requestsSince(mark)
      .filter(
        r =>
          r.status === 200 &&
          ['RegisterTaskDefinition', 'RunTask', 'StopTask', 'UpdateService'].includes(r.operation)
      )
      .map(r => r.operation)
    expect(order).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService'])
    const runTask = calls(mark, 'RunTask')[0]!.input as RunTaskCommandInput
    expect(runTask).toMatchObject({
      cluster: stack.cluster,
      taskDefinition: registered,
      count: 1,
      startedBy: expect.stringMatching(/^release-to-ecs_v3-0-0_[0-9a-f]{7}$/),
      propagateTags: 'TASK_DEFINITION',
      overrides: {
        containerOverrides: [{ name: 'app', command: ['java', '-jar', '/app/app.jar', 'migrate'] }]
      },
      networkConfiguration: { awsvpcConfiguration: { subnets: expect.any(Array) } }
    })
    const described = await stack.ecs.send(
      new DescribeTasksCommand({ cluster: stack.cluster, tasks: [taskArn] })
    )
    const task = described.tasks?.[0]
    expect(task?.taskDefinitionArn).toBe(registered)
    expect(task?.containers?.find(c => c.name === 'app')?.image).toBe(run.outputs.image)
    expect(calls(mark, 'UpdateService')[0]?.input).toMatchObject({ taskDefinition: registered })

    const log = groupLines(run, 'Run task')
    for (const line of ['Flyway Community Edition 10.17', 'Successfully applied 1 migration'])
      expect(log.filter(l => l === `app | ${line}`)).toHaveLength(1)
    expect(log.filter(l => l.startsWith('app | '))).toHaveLength(3)
    // The state comes after the lines written before it: the last line, then STOPPED.
    expect(log.slice(-2)).toEqual([
      'app | Successfully applied 1 migration',
      `Task ${taskArn.split('/').pop()} STOPPED`
    ])
    expect(validationFailures(stack.requestsSince(mark))).toEqual([])
  }, 150_000)

  it('a dry run prints the RunTask request it would send, and runs nothing', async () => {
    const mark = stack.requestMark()
    const run = await release('3.0.9', { 'run-task-command': MIGRATE, 'dry-run': 'true' })

    expect(run.exitCode).toBe(0)
    const line = run.stdout.split('\n').find(l => l.startsWith('Run a one-off task of hello-service'))
    expect(line).toContain('on container app before the update, stopped after 30 min')
    const request = JSON.parse(line!.slice(line!.indexOf('{'))) as RunTaskCommandInput
    expect(request).toMatchObject({
      cluster: stack.cluster,
      taskDefinition: 'hello-service',
      overrides: {
        containerOverrides: [{ name: 'app', command: ['java', '-jar', '/app/app.jar', 'migrate'] }]
      }
    })
    expect(run.stdout).toContain('"ecs:RunTask"')
    expect(calls(mark, 'RunTask')).toEqual([])
  }, 150_000)

  it('migrations exit 1: the run fails with the exit code and the last log lines, and no service is updated', async () => {
    stack.emulator.setScenario({
      runTasks: [
        {
          command: 'migrate',
          exitCode: 1,
          runSeconds: 20,
          logLines: [
            'Flyway Community Edition 10.17',
            'ERROR: Migration V7__add_orders.sql failed: relation "orders" already exists'
          ]
        }
      ]
    })
    const mark = stack.requestMark()
    const run = await release('3.0.1', { 'run-task-command': MIGRATE })

    expect(run.exitCode).not.toBe(0)
    const error = errorLine(run)!
    expect(error.title).toBe('Run task failed')
    expect(error.message).toContain(
      'Run task failed, so no service was updated: Container app exited with code 1.'
    )
    expect(error.message).toContain('relation "orders" already exists')
    expect(run.outputs['run-task-exit-code']).toBe('1')
    expect(run.outputs['run-task-arn']).toMatch(/:task\//)
    expect(groupLines(run, 'Run task')).toContain(
      'app | ERROR: Migration V7__add_orders.sql failed: relation "orders" already exists'
    )
    expect(calls(mark, 'RunTask')).toHaveLength(1)
    expect(calls(mark, 'UpdateService')).toEqual([])
  }, 150_000)

  it('a migration that runs past its timeout is stopped, and the run says so', async () => {
    stack.emulator.setScenario({
      runTasks: [{ command: 'migrate', runsUntilStopped: true, logLines: ['Waiting for schema lock'] }]
    })
    const mark = stack.requestMark()
    // 0.05 minutes: three seconds of the action's own clock.
    const run = await release('3.0.2', { 'run-task-command': MIGRATE, 'run-task-timeout-minutes': '0.05' })

    expect(run.exitCode).not.toBe(0)
    const error = errorLine(run)!
    expect(error.title).toBe('Run task timed out')
    expect(error.message).toContain('The task ran past run-task-timeout-minutes (0.05) and was stopped.')
    const stops = calls(mark, 'StopTask')
    expect(stops).toHaveLength(1)
    expect(stops[0]?.input).toMatchObject({
      cluster: stack.cluster,
      task: run.outputs['run-task-arn'],
      reason: 'release-to-ecs: run-task-timeout-minutes (0.05) reached'
    })
    expect(calls(mark, 'UpdateService')).toEqual([])
  }, 150_000)
})

/** The one ::error line of a run, unescaped. */
function errorLine(run: ActionRun): { title: string; message: string } | undefined {
  const line = run.stdout.split('\n').find(l => l.startsWith('::error'))
  if (line === undefined) return undefined
  const end = line.indexOf('::', 2)
  const unescape = (s: string) =>
    s
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%2C/g, ',')
      .replace(/%3A/g, ':')
      .replace(/%25/g, '%')
  return {
    title: unescape(/title=([^,]*)/.exec(line.slice(0, end))?.[1] ?? ''),
    message: unescape(line.slice(end + 2))
  }
}

/** The lines of one of the action's log groups. */
function groupLines(run: ActionRun, name: string): string[] {
  const lines = run.stdout.split('\n')
  const start = lines.indexOf(`::group::${name}`)
  expect(start).toBeGreaterThanOrEqual(0)
  const end = lines.indexOf('::endgroup::', start)
  return lines.slice(start + 1, end === -1 ? undefined : end)
}

/** Builds the example's image (a stand-in jar: nothing runs it) and pushes it to the stack's ECR as `tag`. */
