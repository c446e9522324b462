// Runs that must change nothing: a dry run, and inputs the action refuses. Each one is checked against the
// stand-in's request record (no mutating call) and the registry itself (no image).
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
  releaseEvent,
  shareTestStack,
  validationFailures,
  type Stack
} from './harness.js'

describe('runs that change nothing', () => {
  let stack: Stack

  shareTestStack(started => (stack = started))

  it('a dry run decides the tag, the commands and the task definition, and sends no mutating request', async () => {
    const mark = stack.requestMark()
    const event = releaseEvent({ tag: 'v1.4.0' })
    const tag = `1.4.0-${event.sha.slice(0, 7)}`

    const run = await deploy(stack, { event, inputs: deployInputs(stack, { 'dry-run': 'true' }) })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.outputs['image-tag']).toBe(tag)
    expect(run.outputs.image).toBe(`${stack.repositoryUri}:${tag}`)
    const rendered = JSON.parse(fs.readFileSync(run.outputs['task-definition']!, 'utf8')) as {
      family: string
      containerDefinitions: { name: string; image: string }[]
    }
    expect(rendered.family).toBe(stack.family)
    expect(rendered.containerDefinitions.find(c => c.name === 'app')?.image).toBe(
      `${stack.repositoryUri}:${tag}`
    )
    const policy = JSON.parse(run.outputs['iam-policy']!) as { Statement: { Action: string | string[] }[] }
    const actions = policy.Statement.flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    expect(actions).toEqual(
      expect.arrayContaining(['ecs:RegisterTaskDefinition', 'ecs:UpdateService', 'ecr:PutImage'])
    )
    // The plan names the real commands it would run.
    expect(run.stdout).toContain('mvn -B package')
    expect(run.stdout).toContain(`podman push ${stack.repositoryUri}:${tag}`)

    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(validationFailures(stack.requestsSince(mark))).toEqual([])
    expect(await stack.registryTags()).toEqual([])
    expect((await stack.describeService())?.taskDefinition).toBe(stack.initialTaskDefinitionArn)
    // Nothing was built either: a dry run does not run Maven.
    expect(fs.existsSync(path.join(run.workspace, 'target'))).toBe(false)
  }, 180_000)

  const refusals: {
    name: string
    inputs?: Record<string, string>
    breakWorkspace?: (dir: string) => void
    says: RegExp[]
  }[] = [
    {
      name: 'an unknown container',
      inputs: { 'container-name': 'web' },
      says: [/container-name/, /"?web"?/]
    },
    {
      name: 'a malformed task definition',
      breakWorkspace: dir =>
        fs.writeFileSync(
          path.join(dir, 'task-definition.json'),
          '{ "family": "hello-service", "containerDefinitions": [\n'
        ),
      says: [/task-definition\.json/]
    },
    {
      name: 'a bad tag template',
      inputs: { 'tag-template': '{version}-{commit}' },
      says: [/tag-template/, /\{commit\}/]
    },
    {
      name: 'an invalid region',
      inputs: { 'aws-region': 'moon-base-1' },
      says: [/aws-region/, /moon-base-1/]
    },
    { name: 'a missing service', inputs: { service: 'no-such-service' }, says: [/no-such-service/] }
  ]

  for (const refusal of refusals) {
    it(`refuses ${refusal.name}: exit 1, an error naming it, and no mutating request`, async () => {
      const mark = stack.requestMark()
      const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
      refusal.breakWorkspace?.(workspace)

      const run = await deploy(stack, { workspace, inputs: deployInputs(stack, refusal.inputs) })

      expect(run.exitCode).toBe(1)
      const errors = errorAnnotations(run).join('\n')
      for (const pattern of refusal.says) expect(errors).toMatch(pattern)
      expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
      expect(await stack.registryTags()).toEqual([])
      // Refused before the build: nothing was compiled.
      expect(fs.existsSync(path.join(workspace, 'target'))).toBe(false)
    }, 120_000)
  }
})
