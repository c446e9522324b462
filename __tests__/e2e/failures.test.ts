// Releases that go wrong, and one that succeeds through trouble: a broken build, tasks that crash, and an
// AWS that throttles a third of the calls.
import { afterEach, describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutExample,
  deploy,
  errorAnnotations,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  validationFailures,
  type Stack
} from './harness.js'

describe('releases that go wrong', () => {
  let stack: Stack

  shareTestStack(started => (stack = started))
  afterEach(() => {
    stack?.emulator.setScenario({ failures: [] })
  })

  it('a source that does not compile fails the run with the compiler output, and pushes nothing', async () => {
    const mark = stack.requestMark()
    const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
    const source = path.join(workspace, 'src/main/java/com/example/hello/HelloService.java')
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('return 8080;', 'return 8080'))

    const run = await deploy(stack, { workspace })

    expect(run.exitCode).toBe(1)
    const log = run.stdout + run.stderr
    expect(log).toContain('COMPILATION ERROR')
    expect(log).toMatch(/HelloService\.java:\[\d+,\d+\] ';' expected/)
    expect(errorAnnotations(run).join('\n')).toMatch(/Java build failed|mvn -B package/)
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(await stack.registryTags()).toEqual([])
    expect((await stack.describeService())?.taskDefinition).toBe(stack.initialTaskDefinitionArn)
  }, 240_000)

  it('tasks of the new image that crash fail the run with the cause, and ECS rolls back', async () => {
    const event = releaseEvent({ tag: 'v1.1.0' })
    const tag = `1.1.0-${event.sha.slice(0, 7)}`
    stack.emulator.setScenario({
      failures: [
        {
          image: `:${tag}`,
          kind: 'exit',
          exitCode: 1,
          logLines: [
            'Exception in thread "main" java.lang.IllegalStateException: DATABASE_PASSWORD is not set'
          ]
        }
      ]
    })

    const run = await deploy(stack, { event })

    expect(run.exitCode).toBe(1)
    // max-task-failures fails it (FAILED), or ECS's circuit breaker does and rolls back on its own (ROLLING_BACK).
    expect(['FAILED', 'ROLLING_BACK']).toContain(run.outputs['rollout-state'])
    const errors = errorAnnotations(run).join('\n')
    expect(errors).toMatch(/exit(ed)? .*code 1|Essential container in task exited|circuit breaker/i)
    // The crashing container's own last words reach the log.
    expect(run.stdout).toContain('DATABASE_PASSWORD is not set')
    // The image was pushed and registered; the service is back on what it ran before.
    expect(await stack.registryTags()).toContain(tag)
    const service = await stack.waitForSteadyState(60_000)
    expect(service.taskDefinition).toBe(stack.initialTaskDefinitionArn)
  }, 300_000)

  it('a release still ends right when AWS throttles a third of the calls', async () => {
    stack.emulator.setScenario({ faults: { throttle: { rate: 0.33 } } })
    const mark = stack.requestMark()
    const event = releaseEvent({ tag: 'v1.2.0' })
    const tag = `1.2.0-${event.sha.slice(0, 7)}`

    let run
    try {
      run = await deploy(stack, { event })
    } finally {
      stack.emulator.setScenario({ faults: {} })
    }

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const sent = stack.requestsSince(mark)
    // The throttling really happened, and the action went through it.
    expect(sent.filter(r => r.errorType === 'ThrottlingException').length).toBeGreaterThan(3)
    expect(run.outputs['image-tag']).toBe(tag)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(await stack.registryDigest(tag)).toBe(run.outputs['image-digest'])
    const service = await stack.describeService()
    expect(service?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    expect(validationFailures(sent)).toEqual([])
  }, 300_000)
})
