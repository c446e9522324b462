// Untrusted text never becomes a workflow command, end to end: `node24 dist/index.js` against the stand-in, once with
// a dispatched version carrying every command form, once with a crashing container whose log lines do. Each run's
// stdout and stderr are read the way the runner reads them (__fixtures__/runner-commands.ts).
import { describe, expect, it } from '@jest/globals'
import { HOSTILE_LINES, readAsRunner, unintendedCommands } from '../../__fixtures__/runner-commands.js'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  releaseEvent,
  shareTestStack,
  workflowDispatchEvent,
  type ActionRun,
  type Stack
} from './harness.js'

const hostile = (lead: string) => [lead, ...HOSTILE_LINES].join('\n')

/** What the runner makes of a run: no command the action did not mean, every mask it issued taken and kept. */
function expectInert(run: ActionRun): string {
  const reading = readAsRunner(run.stdout, run.stderr)
  // The action's own masks are the add-mask lines it wrote itself; hostile ones reach stdout escaped.
  const own = run.stdout
    .split('\n')
    .filter(line => line.startsWith('::add-mask::') && !line.includes('INJECTED'))
    .map(line => line.slice('::add-mask::'.length))
  expect(unintendedCommands(reading, { secrets: own, marker: 'INJECTED' })).toEqual([])
  expect(reading.refusedStops).toEqual([])
  expect(reading.stopped).toBe(false)
  expect(reading.masks).toEqual(expect.arrayContaining(own))
  const shown = reading.shown.join('\n')
  for (const secret of own) expect(shown).not.toContain(secret)
  return shown
}

describe('untrusted text in a real run', () => {
  let stack: Stack
  shareTestStack(started => (stack = started))

  it('a dispatched version carrying commands is printed inert, and the registry login is still masked', async () => {
    const version = hostile('1.3.0')
    const run = await deploy(stack, {
      event: workflowDispatchEvent({ inputs: { version } }),
      workspace: checkoutPrebuilt(stack),
      inputs: deployInputs(stack, { 'java-build': 'none', version })
    })

    const shown = expectInert(run)
    // A version with line breaks may be refused as an input; when it is accepted, it reached the log and the run
    // went on to log in to the registry.
    if (run.exitCode === 0) {
      expect(shown).toContain('INJECTED-warning')
      // Accepted: the registry password was masked after the version was printed, and the mask was taken.
      const masks = run.stdout.indexOf('\n::add-mask::')
      expect(masks).toBeGreaterThan(run.stdout.indexOf('INJECTED-warning'))
    } else {
      expect(run.exitCode).toBe(1)
      expect(errorAnnotations(run).join('\n')).toMatch(/\bversion\b/)
    }
  }, 300_000)

  it("a crashing container's log lines carrying commands are shown inert, and the run fails", async () => {
    const event = releaseEvent({ tag: 'v1.4.0' })
    const tag = `1.4.0-${event.sha.slice(0, 7)}`
    stack.emulator.setScenario({
      failures: [
        {
          image: `:${tag}`,
          kind: 'exit',
          exitCode: 1,
          logLines: ['Starting hello-service', ...HOSTILE_LINES, hostile('Exception in thread "main"')]
        }
      ]
    })
    try {
      const run = await deploy(stack, {
        event,
        workspace: checkoutPrebuilt(stack),
        inputs: deployInputs(stack, { 'java-build': 'none' })
      })

      expect(run.exitCode).toBe(1)
      const shown = expectInert(run)
      expect(shown).toContain('Starting hello-service')
      expect(shown).toContain('\\::warning::INJECTED-warning') // a log line that started a line, escaped
    } finally {
      stack.emulator.setScenario({ failures: [] })
    }
  }, 300_000)
})
