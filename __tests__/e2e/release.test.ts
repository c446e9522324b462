// A GitHub release of the Maven example, end to end: the bundled action on Node 24, a real Maven build, a real
// podman build and push into a real registry behind the stand-in's ECR, and the stand-in's ECS rollout.
import { describe, expect, it } from '@jest/globals'
import { DescribeImagesCommand } from '@aws-sdk/client-ecr'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import {
  deploy,
  logGroups,
  outcome,
  releaseEvent,
  shareTestStack,
  validationFailures,
  type Stack
} from './harness.js'

describe('a release, end to end', () => {
  let stack: Stack
  let mark = 0
  let first: { event: ReturnType<typeof releaseEvent>; outputs: Record<string, string> } | undefined

  shareTestStack(started => {
    stack = started
    mark = started.requestMark()
  })

  it('builds, pushes a unique tag, registers a revision, updates the service and follows it to COMPLETED', async () => {
    const event = releaseEvent({ tag: 'v1.0.0', name: 'Hello 1.0.0' })
    const tag = `1.0.0-${event.sha.slice(0, 7)}`

    const run = await deploy(stack, { event })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    first = { event, outputs: run.outputs }
    const outputs = run.outputs
    expect(outputs['image-tag']).toBe(tag)
    expect(outputs.image).toBe(`${stack.repositoryUri}:${tag}`)
    expect(outputs['image-digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(outputs['task-definition-arn']).toBe(
      `arn:aws:ecs:${stack.region}:${stack.accountId}:task-definition/${stack.family}:2`
    )
    expect(outputs['task-definition-revision']).toBe('2')
    expect(outputs['deployment-id']).toMatch(/^ecs-svc\/\d{19}$/)
    expect(outputs['previous-task-definition-arn']).toBe(stack.initialTaskDefinitionArn)
    expect(outputs['rollout-state']).toBe('COMPLETED')
    expect(fs.existsSync(outputs['task-definition']!)).toBe(true)
    expect(JSON.parse(outputs['iam-policy']!)).toMatchObject({ Version: '2012-10-17' })

    // ECR (the stand-in) and the registry behind it agree: the tag is there, with the digest the action reported.
    const images = await stack.ecr.send(
      new DescribeImagesCommand({ repositoryName: stack.repository, imageIds: [{ imageTag: tag }] })
    )
    expect(images.imageDetails?.[0]?.imageDigest).toBe(outputs['image-digest'])
    expect(images.imageDetails?.[0]?.imageTags).toContain(tag)
    expect(await stack.registryTags()).toContain(tag)
    expect(await stack.registryDigest(tag)).toBe(outputs['image-digest'])

    // The service runs the new revision, and that revision is the example's definition with the new image.
    const service = await stack.describeService()
    expect(service?.taskDefinition).toBe(outputs['task-definition-arn'])
    const primary = service?.deployments?.find(d => d.status === 'PRIMARY')
    expect(primary).toMatchObject({
      id: outputs['deployment-id'],
      rolloutState: 'COMPLETED',
      taskDefinition: outputs['task-definition-arn']
    })
    const registered = await stack.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: outputs['task-definition-arn'] })
    )
    const app = registered.taskDefinition?.containerDefinitions?.find(c => c.name === 'app')
    expect(app?.image).toBe(outputs.image)
    expect(app?.secrets?.map(s => s.name)).toEqual(['DATABASE_PASSWORD', 'API_KEY'])
    expect(app?.logConfiguration?.options?.['awslogs-group']).toBe('/ecs/hello-service')
    expect(registered.taskDefinition).toMatchObject({ cpu: '256', memory: '512', networkMode: 'awsvpc' })

    // The log tells the story stage by stage, with the real tools' own output in it.
    expect(logGroups(run)).toEqual(
      expect.arrayContaining([
        'Java build',
        'Image build',
        'Push',
        'Register task definition',
        'Update service',
        'Rollout'
      ])
    )
    const log = run.stdout
    expect(log).toContain('BUILD SUCCESS')
    expect(log).toContain('Tests run: 4, Failures: 0')
    expect(log).toContain(`${stack.repositoryUri}:${tag}`)
    expect(log).toContain(outputs['deployment-id']!)

    // The job summary names what shipped.
    expect(run.summary).toContain(tag)
    expect(run.summary).toContain(stack.service)

    expect(validationFailures(stack.requestsSince(mark))).toEqual([])
  }, 300_000)

  it('a re-run of the same release reuses the pushed image and changes nothing', async () => {
    expect(first).toBeDefined() // the release above ran; a re-run attempt has its commit and so its tag
    const tags = await stack.registryTags()
    const requestsBefore = stack.requestMark()

    const run = await deploy(stack, { event: first!.event, env: { GITHUB_RUN_ATTEMPT: '2' } })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.outputs['image-tag']).toBe(first!.outputs['image-tag'])
    expect(run.outputs['image-digest']).toBe(first!.outputs['image-digest'])
    expect(run.outputs['task-definition-arn']).toBe(first!.outputs['task-definition-arn'])
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(run.stdout).not.toContain('BUILD SUCCESS')
    expect(await stack.registryTags()).toEqual(tags)
    const operations = stack.requestsSince(requestsBefore).map(r => r.operation)
    expect(operations).not.toContain('PutImage')
    expect(operations).not.toContain('RegisterTaskDefinition')
    expect(operations).not.toContain('UpdateService')
  }, 300_000)

  it("every request the action sent passed the stand-in's check against the SDK model", () => {
    const sent = stack.requestsSince(mark)
    // Proof that the runs above really talked to the stand-in, so this check has something to check.
    const operations = new Set(sent.map(r => r.operation))
    for (const op of [
      'GetCallerIdentity',
      'DescribeServices',
      'RegisterTaskDefinition',
      'UpdateService',
      'DescribeImages'
    ])
      expect(operations).toContain(op)
    expect(validationFailures(sent)).toEqual([])
  })
})
