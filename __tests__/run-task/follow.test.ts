// Following the one-off task with a fake clock: state changes, each log line once and none lost across pages,
// the timeout's StopTask, and the failure text with the exit code and the last lines.
import { describe, expect, it } from '@jest/globals'
import type { RunTaskCommandInput, Task } from '@aws-sdk/client-ecs'
import { FakeClock } from '../../__fixtures__/clock.js'
import { FakeSignals } from '../../__fixtures__/signals.js'
import { cancellableClock, RunCancelled, watchForCancellation } from '../../src/cancel.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import {
  oneOffFailureText,
  runOneOffTask,
  type FollowRequest,
  type LogStreamReader,
  type TaskApi
} from '../../src/run-task/follow.js'
import { afterLogPage, startLogFollow, type LogPage } from '../../src/run-task/logs.js'

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef'

/** A task whose life is a list of (time since start, status) steps, with log lines written at given times. */
function scripted(
  clock: FakeClock,
  life: { at: number; task: Partial<Task> }[],
  lines: { at: number; text: string }[] = []
) {
  const t0 = clock.now()
  const calls: string[] = []
  const ecs: TaskApi = {
    async runTask() {
      calls.push('RunTask')
      return { task: { taskArn: ARN, lastStatus: 'PROVISIONING' }, failures: [] }
    },
    async describeTasks() {
      calls.push('DescribeTasks')
      const now = clock.now() - t0
      const step = [...life].reverse().find(s => s.at <= now) ?? life[0]!
      return [{ taskArn: ARN, ...step.task }]
    },
    async stopTask(_cluster, _arn, reason) {
      calls.push(`StopTask ${reason}`)
      const now = clock.now() - t0
      life.push({
        at: now + 3_000,
        task: {
          lastStatus: 'STOPPED',
          stopCode: 'UserInitiated',
          stoppedReason: reason,
          startedAt: new Date(),
          containers: [{ name: 'app', exitCode: 143 }]
        }
      })
    }
  }
  // Pages of at most two lines; the token is the index of the next line, as a string.
  const logs: LogStreamReader = {
    async readForward(_region, _group, _stream, token) {
      const from = token ? Number(token) : 0
      const written = lines.filter(l => l.at <= clock.now() - t0)
      const page = written.slice(from, from + 2)
      return { lines: page.map(l => l.text), nextForwardToken: String(from + page.length) }
    }
  }
  return { ecs, logs, calls }
}

function request(timeoutMinutes = 30): FollowRequest {
  return {
    request: {
      cluster: 'prod',
      taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8'
    } as RunTaskCommandInput,
    cluster: 'prod',
    container: 'app',
    essential: ['app'],
    timeoutMinutes,
    logStreamFor: id => ({ group: '/ecs/web', stream: `ecs/app/${id}` })
  }
}

const running = { lastStatus: 'RUNNING', startedAt: new Date() }
function exited(code: number): Partial<Task> {
  return {
    lastStatus: 'STOPPED',
    startedAt: new Date(),
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [{ name: 'app', exitCode: code }]
  }
}

describe('runOneOffTask', () => {
  it('shows each state once and every log line once, in order, including those written as it stopped', async () => {
    const clock = new FakeClock()
    const logger = new RecordingLogger()
    const text = Array.from({ length: 7 }, (_, i) => `line ${i + 1}`)
    const { ecs, logs } = scripted(
      clock,
      [
        { at: 0, task: { lastStatus: 'PENDING' } },
        { at: 4_000, task: running },
        { at: 30_000, task: exited(0) }
      ],
      [
        ...text.slice(0, 5).map((t, i) => ({ at: 5_000 + i * 100, text: t })),
        { at: 29_000, text: text[5]! },
        { at: 30_000, text: text[6]! }
      ]
    )
    const result = await runOneOffTask(request(), { ecs, logs, clock, logger })

    expect(result.verdict).toEqual({ ok: true, exitCode: 0 })
    expect(result.taskArn).toBe(ARN)
    expect(logger.lines.filter(l => l.startsWith('Task '))).toEqual([
      'Task 0123456789abcdef PENDING',
      'Task 0123456789abcdef RUNNING',
      'Task 0123456789abcdef STOPPED'
    ])
    expect(logger.lines.filter(l => l.startsWith('app | '))).toEqual(text.map(t => `app | ${t}`))
    // Fast looks at first, never a real sleep, and never slower than the idle cadence.
    expect(clock.sleeps.length).toBeGreaterThan(0)
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(3_000)
  })

  it('fails on exit 1 with the exit code and the last lines in the message', async () => {
    const clock = new FakeClock()
    const { ecs, logs } = scripted(
      clock,
      [
        { at: 0, task: running },
        { at: 5_000, task: exited(1) }
      ],
      [
        { at: 1_000, text: 'Flyway 10' },
        { at: 2_000, text: 'ERROR: relation "users" already exists' }
      ]
    )
    const result = await runOneOffTask(request(), { ecs, logs, clock, logger: new RecordingLogger() })

    expect(result.verdict).toMatchObject({ ok: false, exitCode: 1 })
    const { cause, details } = oneOffFailureText(result)
    expect(cause).toBe('Run task failed, so no service was updated: Container app exited with code 1.')
    expect(details).toEqual([
      'Last 2 log lines of the task:',
      '  Flyway 10',
      '  ERROR: relation "users" already exists'
    ])
  })

  it('stops a task that runs past the timeout, and says so', async () => {
    const clock = new FakeClock()
    const { ecs, logs, calls } = scripted(clock, [{ at: 0, task: running }])
    const result = await runOneOffTask(request(1), { ecs, logs, clock, logger: new RecordingLogger() })

    expect(calls.filter(c => c.startsWith('StopTask'))).toEqual([
      'StopTask release-to-ecs: run-task-timeout-minutes (1) reached'
    ])
    expect(result.timedOut).toBe(true)
    expect(result.verdict).toMatchObject({
      ok: false,
      reason: 'The task ran past run-task-timeout-minutes (1) and was stopped.',
      exitCode: 143
    })
  })

  it('fails with the placement failures when RunTask starts no task, and makes no other call', async () => {
    const clock = new FakeClock()
    const calls: string[] = []
    const ecs: TaskApi = {
      runTask: async () => ({ failures: [{ reason: 'RESOURCE:MEMORY' }] }),
      describeTasks: async () => (calls.push('DescribeTasks'), []),
      stopTask: async () => void calls.push('StopTask')
    }
    const logs: LogStreamReader = { readForward: async () => ({ lines: [] }) }
    const result = await runOneOffTask(request(), { ecs, logs, clock, logger: new RecordingLogger() })
    expect(result.verdict).toMatchObject({
      ok: false,
      reason: 'ECS could not place the task: RESOURCE:MEMORY.'
    })
    expect(calls).toEqual([])
  })

  it('keeps following the state when the log cannot be read, with one warning', async () => {
    const clock = new FakeClock()
    const logger = new RecordingLogger()
    const { ecs } = scripted(clock, [
      { at: 0, task: running },
      { at: 5_000, task: exited(0) }
    ])
    const logs: LogStreamReader = {
      readForward: async () => {
        throw new Error('not allowed to read /ecs/web')
      }
    }
    const result = await runOneOffTask(request(), { ecs, logs, clock, logger })
    expect(result.verdict.ok).toBe(true)
    expect(logger.warnings.map(w => w.message)).toEqual([
      "Cannot follow the task's log: not allowed to read /ecs/web"
    ])
  })
})

describe('afterLogPage', () => {
  it('reads on while pages bring a new token, and stops at the page that returns the token it was asked with', () => {
    let state = startLogFollow()
    const pages: LogPage[] = [
      { lines: ['a', 'b'], nextForwardToken: 'f/2' },
      { lines: ['c'], nextForwardToken: 'f/3' },
      { lines: [], nextForwardToken: 'f/3' }
    ]
    const more: boolean[] = []
    for (const page of pages) {
      const next = afterLogPage(state, page, 2)
      state = next.state
      more.push(next.more)
    }
    expect(more).toEqual([true, true, false])
    expect(state).toEqual({ token: 'f/3', last: ['b', 'c'], total: 3 })
  })
})

describe('a cancelled run', () => {
  it('stops the one-off task with a reason naming the cancellation, says so, and ends as cancelled', async () => {
    const clock = new FakeClock()
    const signals = new FakeSignals()
    const cancellation = watchForCancellation(signals, clock, {
      onCancel: () => undefined,
      onSigterm: () => undefined
    })
    const { ecs, logs, calls } = scripted(clock, [
      { at: 0, task: { lastStatus: 'PENDING' } },
      { at: 5_000, task: running }
    ])
    const logger = new RecordingLogger()
    clock.at(42_000, () => signals.send('SIGINT'))
    const following = runOneOffTask(request(), {
      ecs,
      logs,
      logger,
      clock: cancellableClock(clock, cancellation)
    })

    const error = await following.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunCancelled)
    const reason = 'release-to-ecs: the workflow run was cancelled'
    expect(calls.filter(c => c.startsWith('StopTask'))).toEqual([`StopTask ${reason}`])
    const line = `Stopped one-off task 0123456789abcdef (StopTask: "${reason}")`
    expect(logger.lines).toContain(line)
    expect((error as RunCancelled).done).toEqual([line])
    cancellation.dispose()
  })
})
