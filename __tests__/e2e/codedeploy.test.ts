// CodeDeploy blue/green (the CODE_DEPLOY deployment controller) through the stand-in: a release creates a CodeDeploy
// deployment of the new task definition and follows it to Succeeded; a failing hook is rolled back; the Ready wait
// is continued (on-pause continue) or left green (on-pause exit).
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import {
  ContinueDeploymentCommand,
  GetDeploymentCommand,
  type CodeDeployClient,
  type CreateDeploymentGroupCommandInput
} from '@aws-sdk/client-codedeploy'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutPrebuilt,
  createCodeDeployService,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  releaseEvent,
  shareTestStack,
  type Stack
} from './harness.js'
import { appSpecWithHook } from '../../scripts/lib/workspace.js'
import { EVENTS } from '../../__fixtures__/codedeploy-fake.js'

describe('CodeDeploy blue/green deployments', () => {
  let stack: Stack
  // Slower than the suite's default, so that a second's look sees the lifecycle events go by.
  shareTestStack(started => (stack = started), { speed: 10 })
  afterEach(() => stack?.emulator.setScenario({ codeDeployHooks: [] }))

  const clients: CodeDeployClient[] = []
  afterAll(() => clients.forEach(c => c.destroy()))
  const codedeploy = () => clients[0]!

  /** A CODE_DEPLOY service with the application and deployment group the console would make. */
  async function codeDeployService(name: string, group: Partial<CreateDeploymentGroupCommandInput> = {}) {
    const made = await createCodeDeployService(stack, name, { group })
    clients.push(made.client)
    return made
  }

  const described = async (name: string) =>
    (await stack.ecs.send(new DescribeServicesCommand({ cluster: stack.cluster, services: [name] })))
      .services?.[0]

  async function release(
    name: string,
    version: string,
    inputs: Record<string, string> = {},
    appSpec?: string
  ) {
    const workspace = checkoutPrebuilt(stack)
    if (appSpec) fs.writeFileSync(path.join(workspace, 'appspec.yaml'), appSpec)
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      event: releaseEvent({ tag: `v${version}` }),
      inputs: deployInputs(stack, { service: name, 'java-build': 'none', ...inputs }),
      workspace
    })
    return { run, mark, errors: errorAnnotations(run).join('\n') }
  }

  const operations = (mark: number, service: string) =>
    stack
      .requestsSince(mark)
      .filter(r => r.service === service)
      .map(r => r.operation)

  it('success: a CodeDeploy deployment of the new task definition, followed to Succeeded; no UpdateService', async () => {
    const name = 'web-cd'
    await codeDeployService(name)
    const { run, mark } = await release(name, '7.0.0')

    expect(run.exitCode).toBe(0)
    const id = run.outputs['codedeploy-deployment-id']
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    expect(run.outputs['deployment-id']).toBe(id)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    const service = await described(name)
    expect(service?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    expect(service?.taskSets?.filter(s => s.status === 'PRIMARY').map(s => s.taskDefinition)).toEqual([
      run.outputs['task-definition-arn']
    ])
    const info = (await codedeploy().send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo
    expect(info?.status).toBe('Succeeded')
    expect(run.stdout).toContain('  Install: InProgress')
    expect(run.stdout).toContain('  Install: Succeeded')
    expect(run.stdout).toMatch(
      /Task sets: blue \S+ 100 % traffic, 2\/2 running \(PRIMARY\) \| green \S+ 0 % traffic/
    )
    expect(run.stdout).toMatch(/Task sets: .*green \S+ 100 % traffic, 2\/2 running \(PRIMARY\)/)
    expect(run.stdout).toContain(`CodeDeploy deployment ${id} of `)
    expect(operations(mark, 'ecs')).not.toContain('UpdateService')
    expect(operations(mark, 'codedeploy')).toEqual(
      expect.arrayContaining([
        'GetApplication',
        'GetDeploymentGroup',
        'GetDeploymentConfig',
        'CreateDeployment',
        'GetDeploymentTarget'
      ])
    )
    // Every read of the CodeDeploy side happened before the first change.
    const sent = stack.requestsSince(mark).map(r => r.operation)
    expect(sent.indexOf('GetDeploymentConfig')).toBeLessThan(sent.indexOf('RegisterTaskDefinition'))
    // The job summary: every lifecycle event with its status and times, the task sets' weights, the service's events.
    expect(run.summary).toContain(`### CodeDeploy deployment ${id}: Succeeded`)
    expect(run.summary).toContain('| Lifecycle event | Status | Began (UTC) | Took |')
    for (const event of EVENTS)
      expect(run.summary).toMatch(
        new RegExp(`\\| ${event} \\| (Succeeded|Skipped) \\| (\\d\\d:\\d\\d:\\d\\d)? \\|`)
      )
    expect(run.summary).toMatch(/\| Install \| Succeeded \| \d\d:\d\d:\d\d \| [\d.]+m?s \|/)
    expect(run.summary).toMatch(/\| Green \S+ \| 100 % \| 2\/2 \| PRIMARY \|/)
    expect(run.summary).toContain('Service events during the rollout')
    expect(run.summary).toMatch(/has reached a steady state|registered \d+ targets/)
  }, 180_000)

  it('a failing hook with rollback-on-failure: exit 1 naming the hook, rolled back, the original task set serves', async () => {
    const name = 'web-cd-hook'
    await codeDeployService(name, {
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
    })
    const before = (await described(name))?.taskDefinition
    stack.emulator.setScenario({ codeDeployHooks: [{ event: 'AfterInstall', status: 'Failed' }] })
    const appSpec = appSpecWithHook('AfterInstall', 'check-green')
    const { run, errors } = await release(
      name,
      '7.1.0',
      { 'codedeploy-appspec': 'appspec.yaml', 'rollback-on-failure': 'true' },
      appSpec
    )

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
    expect(run.outputs['codedeploy-deployment-id']).toMatch(/^d-/)
    expect(errors).toContain('CodeDeploy rolled back to the original task set')
    expect(errors).toContain('HOOK_EXECUTION_FAILURE')
    expect(errors).toContain('(lifecycle event AfterInstall Failed)')
    const service = await described(name)
    expect(service?.taskDefinition).toBe(before)
    expect(service?.taskSets?.find(s => s.status === 'PRIMARY')?.taskDefinition).toBe(before)
    // The summary: our deployment with its failed hook, then CodeDeploy's rollback of it.
    const id = run.outputs['codedeploy-deployment-id']!
    expect(run.summary).toContain(`### CodeDeploy deployment ${id}: Failed`)
    expect(run.summary).toMatch(/\| AfterInstall \| Failed[^|]* \| \d\d:\d\d:\d\d \|/)
    expect(run.summary).toMatch(new RegExp(`### CodeDeploy rollback of ${id} d-[A-Z0-9]{9}: Succeeded`))
  }, 180_000)

  describe('the Ready wait (deploymentReadyOption STOP_DEPLOYMENT), handled like a pause', () => {
    const readyGroup = {
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT' as const, waitTimeInMinutes: 30 }
      }
    }

    it('on-pause continue: continued at once, then followed to Succeeded', async () => {
      const name = 'web-cd-ready'
      await codeDeployService(name, readyGroup)
      const { run, mark } = await release(name, '7.2.0', { 'on-pause': 'continue' })

      expect(run.exitCode).toBe(0)
      expect(run.outputs['rollout-state']).toBe('COMPLETED')
      expect(run.stdout).toContain('Continuing deployment')
      expect(operations(mark, 'codedeploy').filter(o => o === 'ContinueDeployment')).toHaveLength(1)
      expect((await described(name))?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    }, 180_000)

    it('on-pause exit: ends green, PAUSED, with the deployment id; continued later, it succeeds', async () => {
      const name = 'web-cd-exit'
      const { client } = await codeDeployService(name, readyGroup)
      const before = (await described(name))?.taskDefinition
      const { run, mark } = await release(name, '7.3.0', { 'on-pause': 'exit' })

      expect(run.exitCode).toBe(0)
      expect(run.outputs['rollout-state']).toBe('PAUSED')
      const id = run.outputs['codedeploy-deployment-id']!
      expect(run.stdout).toContain(
        `aws deploy continue-deployment --deployment-id ${id} --deployment-wait-type READY_WAIT`
      )
      expect(operations(mark, 'codedeploy')).not.toContain('ContinueDeployment')
      expect(mutatingRequests(stack.requestsSince(mark)).filter(r => r.includes('Continue'))).toEqual([])
      // Production traffic has not moved: the service still runs the task definition it ran.
      expect((await described(name))?.taskDefinition).toBe(before)

      await client.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' }))
      const deadline = Date.now() + 60_000
      let status: string | undefined
      while (Date.now() < deadline && status !== 'Succeeded') {
        status = (await client.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo?.status
        await new Promise(resolve => setTimeout(resolve, 200))
      }
      expect(status).toBe('Succeeded')
      expect((await described(name))?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    }, 180_000)
  })

  it('a deployment group of another service is refused before any change', async () => {
    const name = 'web-cd-wrong'
    await codeDeployService(name)
    const { run, mark, errors } = await release(name, '7.4.0', {
      'codedeploy-application': `AppECS-${stack.cluster}-web-cd`,
      'codedeploy-deployment-group': `DgpECS-${stack.cluster}-web-cd`
    })

    expect(run.exitCode).toBe(1)
    expect(errors).toContain(
      `deploys web-cd in cluster ${stack.cluster}, not ${name} in cluster ${stack.cluster}`
    )
    expect(errors).toContain('Nothing was changed')
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
  }, 120_000)
})
