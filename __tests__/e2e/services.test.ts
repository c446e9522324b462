// Several services of one release (input `services`): a web service and a worker in one cluster, deployed from one
// build and one image, followed together with one DescribeServices per look; a failing worker rolls back both (or
// only itself); a busy worker blocks the release before anything changes; a re-run changes nothing.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutPrebuilt,
  deploy,
  errorAnnotations,
  logGroups,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  type GithubEvent,
  type Stack
} from './harness.js'
import {
  createWorker,
  servicesInputs,
  servicesOutput,
  WORKER,
  workerTaskDefinition
} from './services-worker.js'

describe('several services of one release', () => {
  let stack: Stack
  let workspace: string
  let firstRelease: { event: GithubEvent; outputs: Record<string, string> } | undefined

  shareTestStack(started => (stack = started))
  afterEach(() => {
    stack?.emulator.setScenario({ taskStartSeconds: 10, failures: [] })
  })

  beforeAll(async () => {
    workspace = checkoutPrebuilt(stack)
    await createWorker(stack, workspace)
  }, 60_000)

  const servicesInput = () =>
    [
      `- service: ${stack.service}`,
      '  task-definition: task-definition.json',
      '  container-name: app',
      `- service: ${WORKER}`,
      '  task-definition: worker-task-definition.json',
      '  container-name: worker'
    ].join('\n')

  const inputs = (overrides: Record<string, string> = {}) => servicesInputs(stack, servicesInput(), overrides)

  const services = async (): Promise<Record<string, Service>> => {
    const answer = await stack.ecs.send(
      new DescribeServicesCommand({ cluster: stack.cluster, services: [stack.service, WORKER] })
    )
    return Object.fromEntries((answer.services ?? []).map(s => [s.serviceName!, s]))
  }
  const imageOf = async (taskDefinitionArn: string | undefined) => {
    const answer = await stack.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })
    )
    return answer.taskDefinition?.containerDefinitions?.[0]?.image
  }
  const describeCalls = (requests: ReturnType<Stack['requestsSince']>) =>
    requests
      .filter(r => r.service === 'ecs' && r.operation === 'DescribeServices')
      .map(r => ((r.input as { services?: string[] }).services ?? []).length)

  it("a dry run prints each service's plan and changes nothing", async () => {
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v0.9.1' }),
      workspace,
      inputs: inputs({ 'dry-run': 'true', 'services-order': 'sequential', 'rollback-on-failure': 'true' })
    })
    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(run.stdout).toMatch(
      new RegExp(`^\\[${stack.service}\\] Register a new revision of hello-service`, 'm')
    )
    expect(run.stdout).toMatch(
      new RegExp(`^\\[${WORKER}\\] Update service ${WORKER} in cluster ${stack.cluster}`, 'm')
    )
    expect(run.stdout).toContain(`Update ${stack.service}, ${WORKER} one after another`)
    expect(run.stdout).toContain(
      'If one fails: roll back every service this run updated (rollback-scope all)'
    )
  }, 120_000)

  it('a bad worker task definition is refused before any change, naming its entry', async () => {
    const broken = path.join(workspace, 'broken-worker.json')
    fs.writeFileSync(
      broken,
      JSON.stringify({ ...workerTaskDefinition(stack.accountId, stack.region), cpu: 'lots' })
    )
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v0.9.2' }),
      workspace,
      inputs: inputs({
        services: servicesInput().replace('worker-task-definition.json', 'broken-worker.json')
      })
    })
    expect(run.exitCode).toBe(1)
    expect(errorAnnotations(run).join('\n')).toContain(`services[1].task-definition (service ${WORKER}): `)
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
  }, 120_000)

  it('deploys web and worker from one build and one image, followed with one DescribeServices per look', async () => {
    const before = await services()
    // Tasks take a few real seconds to start: the watchers look several times.
    stack.emulator.setScenario({ taskStartSeconds: 90 })
    const mark = stack.requestMark()

    const event = releaseEvent({ tag: 'v1.0.0' })
    const run = await deploy(stack, { event, workspace, inputs: inputs() })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const sent = stack.requestsSince(mark)
    // One image: one build and push, one tag in the registry.
    expect(logGroups(run).filter(g => g.startsWith('Push'))).toHaveLength(1)
    expect(await stack.registryTags()).toEqual([run.outputs['image-tag']])
    // Both registered, then both updated.
    expect(mutatingRequests(sent).filter(r => r.startsWith('ecs '))).toEqual([
      'ecs RegisterTaskDefinition',
      'ecs RegisterTaskDefinition',
      'ecs UpdateService',
      'ecs UpdateService'
    ])
    const after = await services()
    for (const name of [stack.service, WORKER]) {
      expect(after[name]?.taskDefinition).not.toBe(before[name]?.taskDefinition)
      expect(after[name]?.deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED' })])
    }
    // The same image, by digest-checked tag, in both task definitions.
    const image = run.outputs.image!
    expect(await imageOf(after[stack.service]?.taskDefinition)).toBe(image)
    expect(await imageOf(after[WORKER]?.taskDefinition)).toBe(image)

    // Followed together: the looks name both services in one call; far fewer calls than looks of each alone.
    const calls = describeCalls(sent)
    const both = calls.filter(n => n === 2).length
    expect(both).toBeGreaterThan(3)
    expect(calls.filter(n => n > 2)).toEqual([])
    expect(both).toBeGreaterThan(calls.filter(n => n === 1).length)
    // Progress lines say whose they are.
    expect(run.stdout).toMatch(new RegExp(`^\\[${WORKER}\\] Following deployment ecs-svc/`, 'm'))
    expect(run.stdout).toMatch(
      new RegExp(`^\\[${stack.service}\\] Deployment ecs-svc/\\S+ of \\S+ completed`, 'm')
    )

    // The summary: one row per service; the outputs: one entry per service.
    expect(run.summary).toContain('### Services')
    for (const name of [stack.service, WORKER]) {
      const row = run.summary.split('\n').find(l => l.startsWith(`| \`${name}\` in`))
      expect(row).toContain('**COMPLETED**')
      expect(row).toContain(after[name]!.deployments![0]!.id!)
    }
    const map = servicesOutput(run.outputs)
    expect(Object.keys(map)).toEqual([stack.service, WORKER])
    for (const name of [stack.service, WORKER])
      expect(map[name]).toMatchObject({
        cluster: stack.cluster,
        'task-definition-arn': after[name]!.taskDefinition,
        'deployment-id': after[name]!.deployments![0]!.id,
        'rollout-state': 'COMPLETED',
        'previous-task-definition-arn': before[name]!.taskDefinition
      })
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(run.outputs['task-definition-arn']).toBe(after[stack.service]!.taskDefinition)
    // The policy names exactly both services.
    const policy = JSON.parse(run.outputs['iam-policy']!) as {
      Statement: { Sid: string; Resource: unknown }[]
    }
    expect(policy.Statement.find(s => s.Sid === 'EcsUpdateService')?.Resource).toEqual([
      `arn:aws:ecs:${stack.region}:${stack.accountId}:service/${stack.cluster}/${stack.service}`,
      `arn:aws:ecs:${stack.region}:${stack.accountId}:service/${stack.cluster}/${WORKER}`
    ])
    firstRelease = { event, outputs: run.outputs }
  }, 240_000)

  it('a re-run after success changes nothing', async () => {
    expect(firstRelease).toBeDefined()
    const mark = stack.requestMark()

    const again = await deploy(stack, {
      event: firstRelease!.event,
      workspace,
      inputs: inputs(),
      env: { GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(outcome(again)).toMatchObject({ exitCode: 0, errors: [] })
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(again.stdout).toContain('already serve this release: nothing to deploy')
    const map = servicesOutput(again.outputs)
    for (const name of [stack.service, WORKER]) {
      expect(map[name]?.['rollout-state']).toBe('COMPLETED')
      expect(map[name]?.['task-definition-arn']).toBe(
        servicesOutput(firstRelease!.outputs)[name]?.['task-definition-arn']
      )
    }
  }, 240_000)

  it("a re-run after an attempt that died mid-rollout follows each service's deployment, changing nothing", async () => {
    stack.emulator.setScenario({ taskStartSeconds: 240 })
    const event = releaseEvent({ tag: 'v1.5.0' })
    const died = await deploy(stack, {
      event,
      workspace,
      inputs: inputs({ 'wait-for-service-stability': 'false' })
    })
    expect(outcome(died)).toMatchObject({ exitCode: 0, errors: [] })
    expect(servicesOutput(died.outputs)[WORKER]?.['rollout-state']).toBe('SKIPPED')
    stack.emulator.setScenario({ taskStartSeconds: 10 })
    const mark = stack.requestMark()

    const again = await deploy(stack, {
      event,
      workspace,
      inputs: inputs(),
      env: { GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(outcome(again)).toMatchObject({ exitCode: 0, errors: [] })
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    for (const name of [stack.service, WORKER]) {
      expect(again.stdout).toContain(
        `[${name}] Following the deployment already in progress for this task definition`
      )
      expect(servicesOutput(again.outputs)[name]).toMatchObject({
        'deployment-id': servicesOutput(died.outputs)[name]?.['deployment-id'],
        'rollout-state': 'COMPLETED'
      })
    }
  }, 240_000)

  /** A release whose worker exits 1 on its new image, with rollback-on-failure and the given inputs. */
  async function failingWorkerRelease(version: string, overrides: Record<string, string> = {}) {
    const before = await services()
    stack.emulator.setScenario({
      failures: [
        {
          kind: 'exit',
          taskDefinition: WORKER,
          image: `:${version}`,
          exitCode: 1,
          logLines: ['worker: no queue']
        }
      ]
    })
    const run = await deploy(stack, {
      event: releaseEvent({ tag: `v${version}` }),
      workspace,
      inputs: inputs({ 'rollback-on-failure': 'true', ...overrides })
    })
    expect(run.exitCode).toBe(1)
    expect(errorAnnotations(run).join('\n')).toContain(`${WORKER}: `)
    return { run, before, after: await services(), states: servicesOutput(run.outputs) }
  }

  it('a worker that fails to start with rollback-on-failure puts both services back (rollback-scope all)', async () => {
    const { run, before, after, states } = await failingWorkerRelease('2.0.0')
    for (const name of [stack.service, WORKER]) {
      expect(after[name]?.taskDefinition).toBe(before[name]?.taskDefinition)
      expect(after[name]?.deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED' })])
      expect(states[name]?.['rollout-state']).toBe('ROLLED_BACK')
    }
    expect(run.stdout).toMatch(new RegExp(`^\\[${stack.service}\\] Rolling back: ${WORKER} failed`, 'm'))
    expect(run.stdout).toContain(`[${WORKER}]     | worker: no queue`)
    expect(run.summary).toContain('rolled back with the release')
  }, 240_000)

  it('with rollback-scope failed only the failed worker goes back', async () => {
    const { before, after, states } = await failingWorkerRelease('2.1.0', { 'rollback-scope': 'failed' })
    expect(after[WORKER]?.taskDefinition).toBe(before[WORKER]?.taskDefinition)
    expect(after[stack.service]?.taskDefinition).not.toBe(before[stack.service]?.taskDefinition)
    expect(await imageOf(after[stack.service]?.taskDefinition)).toContain(':2.1.0')
    expect(states[stack.service]?.['rollout-state']).toBe('COMPLETED')
    expect(states[WORKER]?.['rollout-state']).toBe('ROLLED_BACK')
  }, 240_000)

  it('a busy worker blocks the whole release before anything changes (on-busy fail)', async () => {
    stack.emulator.setScenario({ taskStartSeconds: 150 })
    const updated = await stack.ecs.send(
      new UpdateServiceCommand({ cluster: stack.cluster, service: WORKER, forceNewDeployment: true })
    )
    const other = updated.service?.deployments?.find(d => d.status === 'PRIMARY')?.id
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v3.0.0' }),
      workspace,
      inputs: inputs({ 'on-busy': 'fail' })
    })

    expect(run.exitCode).toBe(1)
    const errors = errorAnnotations(run).join('\n')
    expect(errors).toContain(`The service "${WORKER}" has a deployment in progress (${other}`)
    expect(errors).toContain('nothing was changed')
    const sent = stack.requestsSince(mark)
    expect(mutatingRequests(sent)).toEqual([])
    expect(sent.filter(r => ['RegisterTaskDefinition', 'UpdateService'].includes(r.operation))).toEqual([])
    expect(logGroups(run)).not.toContain('Push')
  }, 240_000)

  it('migrations pass, then web and worker deploy on the same image: one RunTask before both updates', async () => {
    stack.emulator.setScenario({
      runTasks: [
        { command: 'migrate', exitCode: 0, runSeconds: 20, logLines: ['Successfully applied 1 migration'] }
      ]
    })
    const before = await services()
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v4.0.0' }),
      workspace,
      inputs: inputs({ 'run-task-command': 'java -jar /app/app.jar migrate' })
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const order = stack
      .requestsSince(mark)
      .filter(r => r.status === 200 && ['RunTask', 'UpdateService'].includes(r.operation))
      .map(
        r =>
          `${r.operation}${r.operation === 'UpdateService' ? ` ${(r.input as { service: string }).service}` : ''}`
      )
    // The one-off task first; the two updates after it (services-order parallel: in either order).
    expect(order[0]).toBe('RunTask')
    expect(order.slice(1).sort()).toEqual(
      [`UpdateService ${stack.service}`, `UpdateService ${WORKER}`].sort()
    )
    expect(run.outputs['run-task-exit-code']).toBe('0')
    expect(run.stdout).toContain('Successfully applied 1 migration')
    const after = await services()
    const image = run.outputs.image!
    for (const name of [stack.service, WORKER]) {
      expect(after[name]?.taskDefinition).not.toBe(before[name]?.taskDefinition)
      expect(await imageOf(after[name]?.taskDefinition)).toBe(image)
    }
    expect(run.outputs['image-digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
  }, 240_000)

  it('migrations exit 1: the release fails with the exit code and no service is updated', async () => {
    stack.emulator.setScenario({
      runTasks: [
        {
          command: 'migrate',
          exitCode: 1,
          runSeconds: 10,
          logLines: ['ERROR: Migration V8__add_index.sql failed: column "sku" does not exist']
        }
      ]
    })
    const before = await services()
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v4.0.1' }),
      workspace,
      inputs: inputs({ 'run-task-command': 'java -jar /app/app.jar migrate' })
    })

    expect(run.exitCode).toBe(1)
    const errors = errorAnnotations(run).join('\n')
    expect(errors).toContain('Run task failed, so no service was updated')
    expect(errors).toContain('column "sku" does not exist')
    expect(run.outputs['run-task-exit-code']).toBe('1')
    const sent = stack.requestsSince(mark)
    expect(sent.filter(r => r.operation === 'RunTask' && r.status === 200)).toHaveLength(1)
    expect(sent.filter(r => r.operation === 'UpdateService')).toEqual([])
    const after = await services()
    for (const name of [stack.service, WORKER])
      expect(after[name]?.taskDefinition).toBe(before[name]?.taskDefinition)
  }, 240_000)
})
