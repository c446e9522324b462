// Re-running a release job is safe: on a repository with immutable tags, after an attempt that died while the
// rollout was still going, and with force-new-deployment to roll the same revision out again.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  deploy,
  deployInputs,
  logGroups,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  validationFailures,
  type GithubEvent,
  type Stack
} from './harness.js'

describe('re-running a release', () => {
  let stack: Stack
  let release: { event: GithubEvent; workspace: string; outputs: Record<string, string> } | undefined
  let secondRelease: GithubEvent | undefined

  shareTestStack(started => (stack = started), { imageTagMutability: 'IMMUTABLE' })
  afterEach(() => {
    stack?.emulator.setScenario({ taskStartSeconds: 10 })
  })

  it('on a repository with immutable tags, a re-run passes and pushes nothing', async () => {
    const event = releaseEvent({ tag: 'v2.0.0' })
    const first = await deploy(stack, { event })
    expect(outcome(first)).toMatchObject({ exitCode: 0, errors: [] })
    release = { event, workspace: first.workspace, outputs: first.outputs }
    const tags = await stack.registryTags()
    expect(tags).toEqual([first.outputs['image-tag']])
    const mark = stack.requestMark()

    const again = await deploy(stack, { event, env: { GITHUB_RUN_ATTEMPT: '2' } })

    expect(outcome(again)).toMatchObject({ exitCode: 0, errors: [] })
    expect(again.stdout).toContain('is already in ECR')
    expect(logGroups(again)).not.toContain('Push')
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(await stack.registryTags()).toEqual(tags)
    expect(again.outputs['image-digest']).toBe(first.outputs['image-digest'])
    expect(again.outputs['task-definition-arn']).toBe(first.outputs['task-definition-arn'])
    expect(again.outputs['rollout-state']).toBe('COMPLETED')
    expect(again.summary).toContain('already in ECR: not rebuilt')
  }, 240_000)

  it('a re-run after an attempt that died mid-rollout follows that deployment instead of starting another', async () => {
    expect(release).toBeDefined()
    // Tasks take 10 real seconds to start: the first attempt registers and updates, then "dies" (does not wait).
    stack.emulator.setScenario({ taskStartSeconds: 300 })
    const event = releaseEvent({ tag: 'v2.1.0' })
    secondRelease = event
    const inputs = deployInputs(stack, { 'java-build': 'none' })
    const died = await deploy(stack, {
      event,
      workspace: release!.workspace,
      inputs: { ...inputs, 'wait-for-service-stability': 'false' }
    })
    expect(outcome(died)).toMatchObject({ exitCode: 0, errors: [] })
    expect(died.outputs['rollout-state']).toBe('SKIPPED')
    const deploymentId = died.outputs['deployment-id']!
    const rolling = (await stack.describeService())?.deployments?.find(d => d.id === deploymentId)
    expect(rolling).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })
    const mark = stack.requestMark()

    const rerun = await deploy(stack, {
      event,
      workspace: release!.workspace,
      inputs,
      env: { GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(outcome(rerun)).toMatchObject({ exitCode: 0, errors: [] })
    expect(rerun.stdout).toContain(
      `Following the deployment already in progress for this task definition: ${deploymentId}`
    )
    expect(rerun.outputs['deployment-id']).toBe(deploymentId)
    expect(rerun.outputs['task-definition-arn']).toBe(died.outputs['task-definition-arn'])
    expect(rerun.outputs['rollout-state']).toBe('COMPLETED')
    const sent = stack.requestsSince(mark)
    expect(mutatingRequests(sent)).toEqual([])
    const service = await stack.describeService()
    expect(service?.deployments).toEqual([
      expect.objectContaining({ id: deploymentId, rolloutState: 'COMPLETED' })
    ])
    expect(validationFailures(sent)).toEqual([])
  }, 120_000)

  it('force-new-deployment on a re-run starts a new deployment of the same revision', async () => {
    expect(secondRelease).toBeDefined()
    const before = await stack.describeService()
    const primary = before?.deployments?.find(d => d.status === 'PRIMARY')
    expect(primary?.rolloutState).toBe('COMPLETED')
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: secondRelease!,
      workspace: release!.workspace,
      inputs: deployInputs(stack, { 'java-build': 'none', 'force-new-deployment': 'true' }),
      env: { GITHUB_RUN_ATTEMPT: '3' }
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.outputs['deployment-id']).toMatch(/^ecs-svc\/\d{19}$/)
    expect(run.outputs['deployment-id']).not.toBe(primary?.id)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    // The same revision again: no image pushed, no revision registered, one forced UpdateService.
    expect(run.outputs['task-definition-arn']).toBe(before?.taskDefinition)
    const sent = stack.requestsSince(mark)
    expect(mutatingRequests(sent)).toEqual(['ecs UpdateService'])
    expect(sent.find(r => r.operation === 'UpdateService')?.input).toMatchObject({ forceNewDeployment: true })
    const after = await stack.describeService()
    expect(after?.deployments).toEqual([
      expect.objectContaining({
        id: run.outputs['deployment-id'],
        taskDefinition: before?.taskDefinition,
        rolloutState: 'COMPLETED'
      })
    ])
  }, 120_000)
})
