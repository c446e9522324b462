// ROLLING through service deployments, and a cancelled run, end to end: the bundled action deploys to the stand-in,
// which tells it ECS's own status of this run's service deployment; the runner's cancellation (SIGINT, SIGTERM 7.5 s
// later, the kill 2.5 s after that) is sent to its process during a build, a rollout and a one-off task.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand, type DeploymentConfiguration } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  pushExampleImage,
  releaseEvent,
  startTestStack,
  tagImageAgain,
  type ActionRun,
  type Stack
} from './harness.js'

const BASE_TAG = 'base'
const crashLine = 'Exception in thread "main" java.lang.IllegalStateException: DATABASE_PASSWORD is not set'
/** ECS behaving as it does when nothing goes wrong (at the stack's 30 ECS seconds per real second). */
const calm = {
  taskStartSeconds: 30,
  healthyAfterSeconds: 15,
  drainSeconds: 15,
  failures: [],
  runTasks: [],
  runTaskFailures: []
}
/** Tasks that take 15 s of real time to start: a rollout long enough to cancel. */
const slow = { ...calm, taskStartSeconds: 450 }

describe('ROLLING through service deployments, and cancellation', () => {
  let stack: Stack

  beforeAll(async () => {
    stack = await startTestStack()
    await pushExampleImage(stack, BASE_TAG)
  }, 180_000)
  beforeEach(async () => {
    stack.emulator.setScenario(calm)
    await configure(
      { deploymentCircuitBreaker: { enable: true, rollback: true } },
      stack.initialTaskDefinitionArn
    )
    await stack.waitForSteadyState(60_000)
  }, 90_000)
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)

  async function configure(deploymentConfiguration: DeploymentConfiguration, taskDefinition?: string) {
    await stack.ecs.send(
      new UpdateServiceCommand({
        cluster: stack.cluster,
        service: stack.service,
        deploymentConfiguration,
        ...(taskDefinition ? { taskDefinition } : {})
      })
    )
  }

  /** Deploys the base image tagged as `tag` (no build), cancelling as the runner does when `cancelWhen` says. */
  async function release(
    tag: string,
    inputs: Record<string, string> = {},
    cancelWhen?: (log: string) => boolean
  ): Promise<ActionRun> {
    await tagImageAgain(stack, BASE_TAG, tag)
    const {
      'build-args': _args,
      'container-engine': _engine,
      ...deployOnly
    } = deployInputs(stack, { 'image-tag': tag, ...inputs })
    return deploy(stack, { inputs: deployOnly, event: releaseEvent({ tag: `v${tag}` }), cancelWhen })
  }

  const calls = (mark: number, operation: string) =>
    stack.requestsSince(mark).filter(r => r.operation === operation && r.status === 200)
  const error = (run: ActionRun) => errorAnnotations(run).join('\n')

  /** Cancels once the log shows `marker`; notes when (epoch ms) and makes ECS brisk again so the test ends soon. */
  function cancelOn(marker: string | RegExp): { when: (log: string) => boolean; at: () => number } {
    let at = 0
    return {
      when: log => {
        const hit = typeof marker === 'string' ? log.includes(marker) : marker.test(log)
        if (hit && at === 0) {
          at = Date.now()
          stack.emulator.setScenario(calm)
        }
        return hit
      },
      at: () => at
    }
  }

  describe('the circuit breaker, as the service deployment reports it', () => {
    it('COUNT threshold 1 with rollback: fails at once naming ECS rollback reason and counts; the service rolls back', async () => {
      await configure({
        deploymentCircuitBreaker: {
          enable: true,
          rollback: true,
          thresholdConfiguration: { type: 'COUNT', value: 1 }
        }
      })
      stack.emulator.setScenario({
        ...calm,
        failures: [{ image: ':3.0.0', kind: 'exit', exitCode: 1, logLines: [crashLine] }]
      })
      const mark = stack.requestMark()
      const run = await release('3.0.0')

      expect(run.exitCode).toBe(1)
      expect(run.outputs['rollout-state']).toBe('ROLLING_BACK')
      const arn = run.outputs['service-deployment-arn']
      expect(arn).toMatch(
        new RegExp(
          `^arn:aws:ecs:${stack.region}:${stack.accountId}:service-deployment/${stack.cluster}/${stack.service}/\\d+$`
        )
      )
      expect(error(run)).toContain('ECS deployment circuit breaker: tasks failed to start')
      // ECS names the breaker in the deployment (quoted with its period: "start.)") or only in its service deployment,
      // as its looks fall: either way, followed by the counts.
      expect(error(run)).toMatch(
        /ECS deployment circuit breaker: tasks failed to start[ (;.].*circuit breaker: \d+ failed tasks, threshold 1\)\. ECS is rolling back to /
      )
      expect(error(run)).toContain(`aws ecs describe-service-deployments --service-deployment-arns ${arn}`)
      // The ARN came with UpdateService's answer: no ListServiceDeployments; the status calls stay few.
      expect(calls(mark, 'ListServiceDeployments')).toEqual([])
      const described = calls(mark, 'DescribeServiceDeployments')
      expect(described.length).toBeGreaterThanOrEqual(1)
      expect(described.length * 2).toBeLessThanOrEqual(calls(mark, 'DescribeServices').length)
      expect((await stack.waitForSteadyState(60_000)).taskDefinition).toBe(stack.initialTaskDefinitionArn)
    }, 120_000)

    it('rollback-on-failure rolls back through StopServiceDeployment (no breaker, no rollback configured) and follows it to the end', async () => {
      // No circuit breaker: ECS would go on; max-task-failures fails the rollout and the action rolls it back.
      await configure({ deploymentCircuitBreaker: { enable: false, rollback: false } })
      stack.emulator.setScenario({
        ...calm,
        failures: [{ image: ':3.1.0', kind: 'exit', exitCode: 1, logLines: [crashLine] }]
      })
      const mark = stack.requestMark()
      const run = await release('3.1.0', { 'rollback-on-failure': 'true', 'max-task-failures': '1' })

      expect(run.exitCode).toBe(1)
      expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
      const stops = calls(mark, 'StopServiceDeployment')
      expect(stops.map(r => r.input)).toEqual([
        { serviceDeploymentArn: run.outputs['service-deployment-arn'], stopType: 'ROLLBACK' }
      ])
      // One UpdateService: this run's; ECS did the rollback.
      expect(calls(mark, 'UpdateService')).toHaveLength(1)
      expect(run.stdout).toContain('StopServiceDeployment ROLLBACK on')
      expect(error(run)).toMatch(/^Rolled back to .* \(ECS rollback completed\)/m)
      expect(error(run)).toContain('exited with code 1')
      const service = await stack.waitForSteadyState(60_000)
      expect(service.taskDefinition).toBe(stack.initialTaskDefinitionArn)
    }, 120_000)
  })

  describe('a cancelled run', () => {
    it('on-cancel rollback during the rollout: StopServiceDeployment within the grace period, then the service rolls back', async () => {
      stack.emulator.setScenario(slow)
      const cancel = cancelOn('Following deployment')
      const mark = stack.requestMark()
      const run = await release('4.0.0', { 'on-cancel': 'rollback' }, cancel.when)

      expect(run.cancellation?.[0]?.signal).toBe('SIGINT')
      // The run ended by itself before the runner's SIGTERM.
      expect(run.cancellation?.map(c => c.signal)).toEqual(['SIGINT'])
      expect(run.exitCode).toBe(1)
      const arn = run.outputs['service-deployment-arn']
      const stops = calls(mark, 'StopServiceDeployment')
      expect(stops.map(r => r.input)).toEqual([{ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }])
      expect(stops[0]!.time - cancel.at()).toBeLessThan(7_500)
      expect(run.stdout).toContain(
        `on-cancel is rollback: asked ECS to roll back service deployment ${arn} (StopServiceDeployment ROLLBACK)`
      )
      expect(run.outputs['rollout-state']).toBe('CANCELLED')
      expect(run.outputs['deployment-id']).toBeDefined()
      expect(error(run)).toMatch(/^The workflow run was cancelled during "Rollout": on-cancel is rollback/m)
      expect(run.summary).toContain('### Cancelled')
      expect(run.summary).toContain(
        'The workflow run was cancelled (SIGINT) during Rollout; on-cancel is rollback.'
      )
      expect(run.summary).toContain('StopServiceDeployment ROLLBACK')
      const service = await stack.waitForSteadyState(60_000)
      expect(service.taskDefinition).toBe(stack.initialTaskDefinitionArn)
    }, 120_000)

    it('on-cancel leave (the default): no stop call, the log says how to follow and stop it, and ECS finishes it', async () => {
      stack.emulator.setScenario(slow)
      const cancel = cancelOn('Following deployment')
      const mark = stack.requestMark()
      const run = await release('4.1.0', {}, cancel.when)

      expect(run.exitCode).toBe(1)
      expect(calls(mark, 'StopServiceDeployment')).toEqual([])
      expect(calls(mark, 'UpdateService')).toHaveLength(1)
      const arn = run.outputs['service-deployment-arn']
      expect(run.stdout).toContain(
        `on-cancel is leave: deployment ${run.outputs['deployment-id']} (${arn}) goes on in ECS`
      )
      expect(run.stdout).toContain(
        `Follow it: aws ecs describe-service-deployments --service-deployment-arns ${arn}`
      )
      expect(run.stdout).toContain(
        `Stop it and roll back: aws ecs stop-service-deployment --service-deployment-arn ${arn} --stop-type ROLLBACK`
      )
      expect(run.outputs['rollout-state']).toBe('CANCELLED')
      expect(run.summary).toContain('on-cancel is leave')
      const service = await stack.waitForSteadyState(60_000)
      expect(service.taskDefinition).toBe(run.outputs['task-definition-arn'])
    }, 120_000)

    it('during the image build: podman is stopped, nothing is registered or updated, and no credentials are left', async () => {
      const workspace = checkoutPrebuilt(stack)
      const cancel = cancelOn(/\[command\]podman build/)
      const mark = stack.requestMark()
      const run = await deploy(stack, {
        workspace,
        inputs: deployInputs(stack, { 'java-build': 'none', 'on-cancel': 'rollback' }),
        event: releaseEvent({ tag: 'v4.2.0' }),
        cancelWhen: cancel.when
      })

      expect(run.exitCode).toBe(1)
      expect(run.cancellation?.map(c => c.signal)).toEqual(['SIGINT'])
      expect(run.stdout).toContain('Stopped podman (SIGTERM)')
      expect(run.stdout).toContain('The service was not updated, so there is nothing to roll back.')
      expect(calls(mark, 'RegisterTaskDefinition')).toEqual([])
      expect(calls(mark, 'UpdateService')).toEqual([])
      expect(run.summary).toContain('### Cancelled')
      expect(run.outputs['rollout-state']).toBeUndefined()
      // The engine's login lived under RUNNER_TEMP, and is gone.
      const runnerDirs = fs
        .readdirSync(path.dirname(workspace))
        .filter(name => name.startsWith(`${path.basename(workspace)}-runner-`))
      expect(runnerDirs.length).toBeGreaterThan(0)
      for (const dir of runnerDirs) {
        const temp = path.join(path.dirname(workspace), dir, 'temp')
        const left = fs.existsSync(temp)
          ? fs.readdirSync(temp).filter(n => n.startsWith('release-to-ecs-auth-'))
          : []
        expect(left).toEqual([])
      }
    }, 180_000)

    it('during the one-off task: StopTask names the cancellation, whatever on-cancel says, and no service is updated', async () => {
      stack.emulator.setScenario({
        ...calm,
        runTasks: [{ command: 'migrate', exitCode: 0, runSeconds: 3000, logLines: ['Migrating schema'] }]
      })
      const cancel = cancelOn('Started task')
      const mark = stack.requestMark()
      const run = await release(
        '4.3.0',
        { 'run-task-command': 'java -jar /app/app.jar migrate' },
        cancel.when
      )

      expect(run.exitCode).toBe(1)
      const stops = calls(mark, 'StopTask')
      expect(stops.map(r => (r.input as { reason?: string }).reason)).toEqual([
        'release-to-ecs: the workflow run was cancelled'
      ])
      expect(stops[0]!.time - cancel.at()).toBeLessThan(7_500)
      expect(run.stdout).toMatch(
        /Stopped one-off task \w+ \(StopTask: "release-to-ecs: the workflow run was cancelled"\)/
      )
      expect(calls(mark, 'UpdateService')).toEqual([])
      expect(error(run)).toMatch(
        /^The workflow run was cancelled during "Run task": The service was not updated/m
      )
      expect(run.summary).toContain('Stopped one-off task')
      expect(run.outputs['task-definition-arn']).toBeDefined()
    }, 120_000)
  })
})
