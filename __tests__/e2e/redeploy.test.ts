// Redeploying from a workflow_dispatch: an earlier release's image by tag or by digest, without building;
// a tag ECR does not have, refused before anything changes; and a rebuild from the checked-out ref.
import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutExample,
  deploy,
  deployInputs,
  errorAnnotations,
  logGroups,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  validationFailures,
  workflowDispatchEvent,
  type Stack
} from './harness.js'

/** Steps a redeploy must not run: nothing is built, nothing is pushed. */
const buildGroups = ['Java build', 'Image build', 'Push']

describe('redeploying from a workflow_dispatch', () => {
  let stack: Stack
  const released: { tag: string; image: string; digest: string; workspace: string }[] = []

  shareTestStack(started => (stack = started))

  async function imageOf(taskDefinitionArn: string | undefined): Promise<string | undefined> {
    const described = await stack.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })
    )
    return described.taskDefinition?.containerDefinitions?.find(c => c.name === 'app')?.image
  }

  it('two releases ship first: v1.0.0 (Maven build) and v1.1.0 (the same jar, a new image)', async () => {
    for (const version of ['1.0.0', '1.1.0']) {
      const event = releaseEvent({ tag: `v${version}` })
      const first = released[0]
      // v1.1.0 reuses v1.0.0's checkout and jar: the Java build is not what this file tests.
      const run = await deploy(stack, {
        event,
        workspace: first?.workspace,
        inputs: deployInputs(stack, first ? { 'java-build': 'none' } : {})
      })
      expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(run.outputs['rollout-state']).toBe('COMPLETED')
      released.push({
        tag: run.outputs['image-tag']!,
        image: run.outputs.image!,
        digest: run.outputs['image-digest']!,
        workspace: run.workspace
      })
    }
    expect(released[0]!.tag).toMatch(/^1\.0\.0-[0-9a-f]{7}$/)
    expect(released[1]!.tag).toMatch(/^1\.1\.0-[0-9a-f]{7}$/)
    expect(released[1]!.digest).not.toBe(released[0]!.digest)
    expect(await imageOf((await stack.describeService())?.taskDefinition)).toBe(released[1]!.image)
  }, 240_000)

  it('image-tag of v1.0.0 rolls the service back to that image without building or pushing', async () => {
    const v1 = released[0]!
    const tags = await stack.registryTags()
    const mark = stack.requestMark()
    const event = workflowDispatchEvent({ inputs: { environment: 'production', 'image-tag': v1.tag } })

    const run = await deploy(stack, { event, inputs: deployInputs(stack, { 'image-tag': v1.tag }) })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    // Nothing was built: no build stage, no Maven, no engine; the registry holds the same tags as before.
    expect(logGroups(run)).not.toEqual(expect.arrayContaining([expect.stringMatching(buildGroups.join('|'))]))
    expect(run.stdout).not.toContain('BUILD SUCCESS')
    expect(run.stdout).not.toMatch(/podman (build|push|login)/)
    expect(await stack.registryTags()).toEqual(tags)
    const sent = stack.requestsSince(mark)
    expect(mutatingRequests(sent)).toEqual(['ecs RegisterTaskDefinition', 'ecs UpdateService'])
    // The new revision runs v1.0.0's image, and the service rolled out to it.
    expect(run.outputs.image).toBe(v1.image)
    expect(run.outputs['image-digest']).toBe(v1.digest)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    const service = await stack.describeService()
    expect(service?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    expect(await imageOf(run.outputs['task-definition-arn'])).toBe(v1.image)
    // The build inputs the workflow still passes are called out as ignored.
    expect(run.stdout).toMatch(
      /^::warning title=Build inputs ignored::build-args, container-engine are ignored: image-tag deploys an existing image/m
    )
    expect(validationFailures(sent)).toEqual([])
  }, 120_000)

  it('image with a digest deploys exactly that image, pinned by digest', async () => {
    const v11 = released[1]!
    const tags = await stack.registryTags()
    const mark = stack.requestMark()
    const pinned = `${stack.repositoryUri}@${v11.digest}`

    const run = await deploy(stack, {
      event: workflowDispatchEvent({ inputs: { environment: 'production' } }),
      inputs: deployInputs(stack, { image: pinned })
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(logGroups(run)).not.toEqual(expect.arrayContaining([expect.stringMatching(buildGroups.join('|'))]))
    expect(await stack.registryTags()).toEqual(tags)
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([
      'ecs RegisterTaskDefinition',
      'ecs UpdateService'
    ])
    expect(run.outputs['image-digest']).toBe(v11.digest)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(await imageOf(run.outputs['task-definition-arn'])).toBe(pinned)
    expect((await stack.describeService())?.taskDefinition).toBe(run.outputs['task-definition-arn'])
  }, 120_000)

  it('a tag ECR does not have fails before anything changes, naming the tag', async () => {
    const before = (await stack.describeService())?.taskDefinition
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: workflowDispatchEvent({ inputs: { environment: 'production', 'image-tag': '9.9.9-0000000' } }),
      inputs: deployInputs(stack, { 'image-tag': '9.9.9-0000000' })
    })

    expect(run.exitCode).toBe(1)
    const errors = errorAnnotations(run).join('\n')
    expect(errors).toContain('9.9.9-0000000')
    expect(errors).toContain('nothing was changed')
    expect(run.stdout).toMatch(/^::error title=ECR::/m)
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect((await stack.describeService())?.taskDefinition).toBe(before)
    expect(run.summary).toContain('9.9.9-0000000')
  }, 120_000)

  it('a dispatch without image-tag rebuilds from the checked-out ref', async () => {
    // The ref checked out for the dispatch carries a hotfix the releases did not have.
    const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
    const file = path.join(workspace, 'task-definition.json')
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('"value": "1.0.0"', '"value": "1.0.1-hotfix"')
    )
    const event = workflowDispatchEvent({
      branch: 'hotfix/1.0.1',
      inputs: { environment: 'production', version: '1.0.1' }
    })
    const tags = await stack.registryTags()

    const run = await deploy(stack, { event, workspace, inputs: deployInputs(stack, { version: '1.0.1' }) })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(logGroups(run)).toEqual(expect.arrayContaining(buildGroups))
    expect(run.stdout).toContain('BUILD SUCCESS')
    expect(fs.existsSync(path.join(workspace, 'target/app.jar'))).toBe(true)
    const tag = `1.0.1-${event.sha.slice(0, 7)}`
    expect(run.outputs['image-tag']).toBe(tag)
    expect(await stack.registryTags()).toEqual(expect.arrayContaining([...tags, tag]))
    expect(await stack.registryDigest(tag)).toBe(run.outputs['image-digest'])
    const registered = await stack.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: run.outputs['task-definition-arn'] })
    )
    const app = registered.taskDefinition?.containerDefinitions?.find(c => c.name === 'app')
    expect(app?.environment).toContainEqual({ name: 'APP_VERSION', value: '1.0.1-hotfix' })
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
  }, 240_000)
})
