// A registry that fails for a moment (5xx, 429, a lost connection) gets the same login or push again, a few times;
// a refusal does not.
import { afterAll, describe, expect, it } from '@jest/globals'
import {
  createEngineSession,
  isTransientRegistryFailure,
  loginToRegistry,
  pushImage,
  REGISTRY_TRIES
} from '../../src/image/engine.js'
import { FakeClock } from '../../__fixtures__/clock.js'
import type { CommandResult, Runner } from '../../src/exec.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const session = createEngineSession()
afterAll(() => session.dispose())

/** A runner that answers each call with the next result, and records the calls. */
function scripted(results: CommandResult[]): Runner & { calls: string[][] } {
  const calls: string[][] = []
  return {
    calls,
    async run(command, args) {
      calls.push([command, ...args])
      return results[Math.min(calls.length - 1, results.length - 1)]!
    }
  }
}

const ok: CommandResult = { exitCode: 0, stdout: '', stderr: '' }
const serverError: CommandResult = {
  exitCode: 125,
  stdout: '',
  stderr:
    'Error: writing blob: initiating layer upload to /v2/web/blobs/uploads/ in 127.0.0.1:5000: received unexpected HTTP status: 500 Internal Server Error'
}
const denied: CommandResult = {
  exitCode: 125,
  stdout: '',
  stderr:
    'Error: trying to reuse blob sha256:abc at destination: checking whether a blob exists: 403 (Forbidden)'
}

describe('registry retries', () => {
  it('pushes again after a 5xx, waiting on the clock, and says so', async () => {
    const runner = scripted([serverError, ok])
    const clock = new FakeClock()
    const logger = new RecordingLogger()
    await pushImage('podman', ['127.0.0.1:5000/web:1.0.0-abc1234'], { runner, logger, session, clock })
    expect(runner.calls).toHaveLength(2)
    expect(runner.calls[1]).toEqual(runner.calls[0])
    expect(clock.sleeps).toEqual([2000])
    expect(logger.lines).toContain(
      'podman push failed because the registry failed for a moment; trying again in 2s (try 2 of 4).'
    )
  })

  it('gives up after the last try with the engine output', async () => {
    const runner = scripted([serverError])
    const clock = new FakeClock()
    await expect(
      pushImage('podman', ['127.0.0.1:5000/web:1'], { runner, logger: new RecordingLogger(), session, clock })
    ).rejects.toThrow(/^Pushing 127\.0\.0\.1:5000\/web:1 failed: podman push exited with code 125\./)
    expect(runner.calls).toHaveLength(REGISTRY_TRIES)
    expect(clock.sleeps).toEqual([2000, 4000, 6000])
  })

  it('does not push again after a refusal', async () => {
    const runner = scripted([denied, ok])
    const clock = new FakeClock()
    await expect(
      pushImage('podman', ['127.0.0.1:5000/web:1'], { runner, logger: new RecordingLogger(), session, clock })
    ).rejects.toThrow(/403/)
    expect(runner.calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('logs in again after a 5xx on the registry check', async () => {
    const runner = scripted([
      {
        exitCode: 125,
        stdout: '',
        stderr:
          'Error: authenticating creds for "127.0.0.1:5000": pinging container registry 127.0.0.1:5000: received unexpected HTTP status: 503 Service Unavailable'
      },
      ok
    ])
    const clock = new FakeClock()
    await loginToRegistry(
      'podman',
      '127.0.0.1:5000',
      { username: 'AWS', password: 'pw' },
      { runner, logger: new RecordingLogger(), session, clock }
    )
    expect(runner.calls).toHaveLength(2)
    expect(clock.sleeps).toEqual([2000])
  })

  it('tells a moment of failure from a refusal', () => {
    expect(isTransientRegistryFailure(serverError.stderr)).toBe(true)
    expect(isTransientRegistryFailure('received unexpected HTTP status: 429 Too Many Requests')).toBe(true)
    expect(
      isTransientRegistryFailure('read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer')
    ).toBe(true)
    // A connection the registry dropped in the middle of a blob upload.
    expect(
      isTransientRegistryFailure(
        'Error: writing blob: Patch "http://127.0.0.1:5000/v2/web/blobs/uploads/x": write tcp 127.0.0.1:1->127.0.0.1:2: write: broken pipe'
      )
    ).toBe(true)
    expect(isTransientRegistryFailure(denied.stderr)).toBe(false)
    expect(isTransientRegistryFailure('Error: tag web:1 already exists: TAG_INVALID')).toBe(false)
  })
})
