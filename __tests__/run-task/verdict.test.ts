// The gate's verdict on every way a one-off task can end: what passes, and the reason a person reads otherwise.
import { describe, expect, it } from '@jest/globals'
import type { Task } from '@aws-sdk/client-ecs'
import { placementVerdict, taskVerdict } from '../../src/run-task/verdict.js'

const started = new Date('2026-11-23T12:00:00Z')
function stopped(containers: Task['containers'], more: Partial<Task> = {}): Task {
  return {
    lastStatus: 'STOPPED',
    startedAt: started,
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers,
    ...more
  }
}

describe('taskVerdict', () => {
  it('passes when every essential container exits 0, with the command container exit code', () => {
    const task = stopped([
      { name: 'app', exitCode: 0 },
      { name: 'sidecar', exitCode: 0 }
    ])
    expect(taskVerdict(task, ['app', 'sidecar'], 'app')).toEqual({ ok: true, exitCode: 0 })
  })

  it('fails on a non-zero exit of the command container, with its exit code', () => {
    const task = stopped([{ name: 'app', exitCode: 1 }])
    expect(taskVerdict(task, ['app'], 'app')).toEqual({
      ok: false,
      reason: 'Container app exited with code 1.',
      exitCode: 1,
      neverStarted: false
    })
  })

  it('fails when another essential container exits non-zero, though the command exited 0', () => {
    const task = stopped([
      { name: 'app', exitCode: 0 },
      { name: 'proxy', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }
    ])
    expect(taskVerdict(task, ['app', 'proxy'], 'app')).toMatchObject({
      ok: false,
      reason:
        'Container proxy exited with code 137 (OutOfMemoryError: Container killed due to memory usage).',
      exitCode: 0
    })
  })

  it('ignores a non-essential container that exits non-zero', () => {
    const task = stopped([
      { name: 'app', exitCode: 0 },
      { name: 'xray', exitCode: 2 }
    ])
    expect(taskVerdict(task, ['app'], 'app')).toEqual({ ok: true, exitCode: 0 })
  })

  it('fails an essential container without an exit code, saying why the task stopped', () => {
    const task = stopped([
      { name: 'app', reason: 'Container killed' },
      { name: 'db-proxy', exitCode: 0 }
    ])
    expect(taskVerdict(task, ['app', 'db-proxy'], 'app')).toMatchObject({
      ok: false,
      reason: 'Container app did not exit normally (Container killed).'
    })
  })

  it.each([
    ['CannotPullContainerError: pull image manifest has been retried 5 time(s): not found'],
    [
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed'
    ],
    ['CannotStartContainerError: Error response from daemon: failed to create shim task']
  ])('fails a task that never started: %s', reason => {
    const task: Task = {
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason,
      containers: [{ name: 'app', lastStatus: 'STOPPED' }]
    }
    expect(taskVerdict(task, ['app'], 'app')).toEqual({
      ok: false,
      reason: `The task failed to start: ${reason}`,
      neverStarted: true
    })
  })

  it('fails a task stopped by somebody else, with the stop reason', () => {
    const task = stopped([{ name: 'app', exitCode: 143 }], {
      stopCode: 'UserInitiated',
      stoppedReason: 'Scaling activity initiated by deployment'
    })
    expect(taskVerdict(task, ['app'], 'app')).toMatchObject({
      ok: false,
      reason: 'The task was stopped before it finished: Scaling activity initiated by deployment',
      exitCode: 143
    })
  })

  it('fails a task the action stopped at the timeout, whatever its exit code', () => {
    const task = stopped([{ name: 'app', exitCode: 143 }], {
      stopCode: 'UserInitiated',
      stoppedReason: 'release-to-ecs: run-task-timeout-minutes (5) reached'
    })
    expect(taskVerdict(task, ['app'], 'app', true, 5)).toEqual({
      ok: false,
      reason: 'The task ran past run-task-timeout-minutes (5) and was stopped.',
      exitCode: 143,
      neverStarted: false
    })
  })

  it('treats every container as essential when none is named', () => {
    const task = stopped([
      { name: 'app', exitCode: 0 },
      { name: 'other', exitCode: 3 }
    ])
    expect(taskVerdict(task, [], 'app')).toMatchObject({
      ok: false,
      reason: 'Container other exited with code 3.'
    })
  })
})

describe('placementVerdict', () => {
  it('names every failure RunTask returned', () => {
    expect(
      placementVerdict([
        { reason: 'RESOURCE:MEMORY', arn: 'arn:aws:ecs:eu-west-1:123456789012:container-instance/c/1' },
        { reason: 'AGENT', detail: 'agent disconnected' }
      ])
    ).toEqual({
      ok: false,
      reason:
        'ECS could not place the task: RESOURCE:MEMORY (arn:aws:ecs:eu-west-1:123456789012:container-instance/c/1); AGENT: agent disconnected.',
      neverStarted: true
    })
  })
})
