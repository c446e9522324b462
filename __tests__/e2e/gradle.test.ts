// The Gradle layout: `./gradlew build` (a wrapper script), a dispatched workflow with a version input.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutExample,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  outcome,
  shareTestStack,
  workflowDispatchEvent,
  type Stack
} from './harness.js'

describe('a Gradle project', () => {
  let stack: Stack

  shareTestStack(started => (stack = started), { example: 'gradle-service' })

  it('a dispatched deploy builds with ./gradlew and rolls out the version it was given', async () => {
    const event = workflowDispatchEvent({ inputs: { version: '2.0.0' } })
    const tag = `2.0.0-${event.sha.slice(0, 7)}`

    const run = await deploy(stack, { event, example: 'gradle-service' })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.stdout).toContain('./gradlew build')
    expect(run.stdout).toContain('> Task :jar')
    expect(fs.existsSync(path.join(run.workspace, 'build/libs/greeter-service.jar'))).toBe(true)
    expect(run.outputs['image-tag']).toBe(tag)
    expect(await stack.registryDigest(tag)).toBe(run.outputs['image-digest'])
    expect((await stack.describeService())?.taskDefinition).toBe(run.outputs['task-definition-arn'])
  }, 240_000)

  it("a compile error fails the run with javac's message and pushes nothing", async () => {
    const mark = stack.requestMark()
    const tags = await stack.registryTags()
    const workspace = checkoutExample('gradle-service', path.join(stack.dir, 'workspaces'))
    const source = path.join(workspace, 'src/main/java/com/example/greeter/GreeterService.java')
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('server.start();', 'server.begin();'))

    const run = await deploy(stack, { workspace, inputs: deployInputs(stack) })

    expect(run.exitCode).toBe(1)
    expect(run.stdout + run.stderr).toMatch(/GreeterService\.java:\d+: error: cannot find symbol/)
    expect(errorAnnotations(run).join('\n')).toMatch(/gradlew build/)
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(await stack.registryTags()).toEqual(tags)
  }, 240_000)
})
