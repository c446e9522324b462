// Somebody else's deployment of the service is still rolling out when the release job starts: on-busy fail
// refuses at once with nothing changed; on-busy wait lets it finish, then deploys.
import { afterEach, describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import {
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  workflowDispatchEvent,
  type Stack
} from './harness.js'

describe('a service busy with another deployment', () => {
  let stack: Stack
  let shipped: { tag: string; taskDefinitionArn: string } | undefined

  shareTestStack(started => (stack = started))
  afterEach(() => {
    stack?.emulator.setScenario({ taskStartSeconds: 10 })
  })

  /** Somebody else (a console click, another pipeline) forces a new deployment whose tasks start slowly. */
  async function startOtherDeployment(taskStartSeconds: number): Promise<string> {
    stack.emulator.setScenario({ taskStartSeconds })
    const updated = await stack.ecs.send(
      new UpdateServiceCommand({ cluster: stack.cluster, service: stack.service, forceNewDeployment: true })
    )
    const other = updated.service?.deployments?.find(d => d.status === 'PRIMARY')
    expect(other?.rolloutState).toBe('IN_PROGRESS')
    return other!.id!
  }

  it('a release ships first, so there is an image to redeploy', async () => {
    const run = await deploy(stack, { event: releaseEvent({ tag: 'v3.0.0' }) })
    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    shipped = { tag: run.outputs['image-tag']!, taskDefinitionArn: run.outputs['task-definition-arn']! }
  }, 240_000)

  it('on-busy: fail refuses at once, names the other deployment, and changes nothing', async () => {
    expect(shipped).toBeDefined()
    const other = await startOtherDeployment(150)
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v3.1.0' }),
      inputs: deployInputs(stack, { 'on-busy': 'fail' })
    })

    expect(run.exitCode).toBe(1)
    const errors = errorAnnotations(run).join('\n')
    expect(errors).toContain('has a deployment in progress')
    expect(errors).toContain(other)
    expect(errors).toContain('on-busy is fail, so nothing was changed')
    expect(run.stdout).toMatch(/^::error title=ECS::/m)
    // It stopped in the read-only inspection: no build ran, nothing was pushed, registered or updated.
    expect(run.stdout).not.toContain('BUILD SUCCESS')
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    const service = await stack.describeService()
    expect(service?.deployments?.find(d => d.status === 'PRIMARY')?.id).toBe(other)
    await stack.waitForSteadyState(60_000)
  }, 120_000)

  it('on-busy: wait waits for the other rollout to finish, then deploys to COMPLETED', async () => {
    const other = await startOtherDeployment(240)
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: workflowDispatchEvent({ inputs: { environment: 'production' } }),
      inputs: deployInputs(stack, {
        'image-tag': shipped!.tag,
        'on-busy': 'wait',
        'force-new-deployment': 'true'
      })
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.stdout).toMatch(
      new RegExp(`busy with another rollout: deployment ${other} .*Waiting for it to finish`)
    )
    expect(run.stdout).toMatch(new RegExp(`The other rollout is over \\(${other} COMPLETED\\)`))
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    // Our UpdateService came only after the other deployment had completed.
    const over = run.stdout.indexOf('The other rollout is over')
    expect(over).toBeLessThan(run.stdout.indexOf(`Started deployment ${run.outputs['deployment-id']}`))
    const sent = stack.requestsSince(mark)
    expect(mutatingRequests(sent)).toEqual(['ecs UpdateService'])
    const service = await stack.describeService()
    expect(service?.deployments).toEqual([
      expect.objectContaining({ id: run.outputs['deployment-id'], rolloutState: 'COMPLETED' })
    ])
    expect(run.outputs['deployment-id']).not.toBe(other)
  }, 120_000)
})
