// Several services of one release on different deployment paths: a CODE_DEPLOY web service (a CodeDeploy deployment
// of its own application and group) and a ROLLING worker (UpdateService), released and followed together; a slow
// rolling web service whose worker fails mid-rollout (both put back at once, without waiting for web to finish); and
// a release of two services cancelled mid-rollout with on-cancel rollback.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { GetDeploymentCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { CreateServiceCommand, DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs'
import {
  checkoutPrebuilt,
  createCodeDeployService,
  deploy,
  errorAnnotations,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  type Stack
} from './harness.js'
import { createWorker, servicesInputs, servicesOutput, WORKER } from './services-worker.js'

const WEB = 'web-cd'
/** A rolling web service of many tasks replaced one at a time: its rollout outlasts a failing worker's. */
const SLOW = 'web-slow'

describe('a CODE_DEPLOY service and a ROLLING service in one release', () => {
  let stack: Stack
  let workspace: string
  let codedeploy: CodeDeployClient | undefined
  let group: { application: string; deploymentGroup: string }

  shareTestStack(started => (stack = started))
  afterEach(() => stack?.emulator.setScenario({ taskStartSeconds: 10, failures: [] }))
  afterAll(() => codedeploy?.destroy())

  beforeAll(async () => {
    workspace = checkoutPrebuilt(stack)
    await createWorker(stack, workspace)
    const made = await createCodeDeployService(stack, WEB)
    codedeploy = made.client
    group = made
    await stack.ecs.send(
      new CreateServiceCommand({
        cluster: stack.cluster,
        serviceName: SLOW,
        taskDefinition: stack.initialTaskDefinitionArn,
        desiredCount: 12,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0e2e000000000a001'] } },
        deploymentConfiguration: {
          maximumPercent: 110,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: { enable: false, rollback: false }
        }
      })
    )
  }, 60_000)

  const inputs = (overrides: Record<string, string> = {}, web = WEB, workerLines: string[] = []) =>
    servicesInputs(
      stack,
      [
        `- service: ${web}`,
        '  task-definition: task-definition.json',
        '  container-name: app',
        `- service: ${WORKER}`,
        '  task-definition: worker-task-definition.json',
        '  container-name: worker',
        ...workerLines
      ].join('\n'),
      overrides
    )
  const services = async (): Promise<Record<string, Service>> => {
    const answer = await stack.ecs.send(
      new DescribeServicesCommand({ cluster: stack.cluster, services: [WEB, SLOW, WORKER] })
    )
    return Object.fromEntries((answer.services ?? []).map(s => [s.serviceName!, s]))
  }
  /** Waits until these services each run one deployment, completed (ECS finished what the run left). */
  const settled = async (names: string[], timeoutMs = 90_000): Promise<Record<string, Service>> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const now = await services()
      const done = names.every(
        n => now[n]?.deployments?.length === 1 && now[n]?.deployments?.[0]?.rolloutState === 'COMPLETED'
      )
      if (done || Date.now() > deadline) return now
      await new Promise(resolve => setTimeout(resolve, 500))
    }
  }
  const requests = (mark: number, operation: string) =>
    stack.requestsSince(mark).filter(r => r.operation === operation)
  /** The services whose service deployment the run stopped (StopServiceDeployment), by name, sorted. */
  const stoppedServices = (mark: number) =>
    requests(mark, 'StopServiceDeployment')
      .map(r => (r.input as { serviceDeploymentArn?: string }).serviceDeploymentArn?.split('/')[2])
      .sort()

  it('both succeed: CreateDeployment in the web service own group, UpdateService of the worker only', async () => {
    const before = await services()
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v3.0.0' }),
      workspace,
      // The worker's entry gives its own size and variables; web keeps the inputs'.
      inputs: inputs({ 'rollback-on-failure': 'true', 'environment-variables': 'LOG=info' }, WEB, [
        '  cpu: 512',
        '  memory: 1024',
        '  environment-variables: QUEUE=orders'
      ])
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const sent = stack.requestsSince(mark)
    const registeredTaskDefinitions = sent
      .filter(r => r.operation === 'RegisterTaskDefinition')
      .map(
        r =>
          r.input as { family?: string; cpu?: string; containerDefinitions?: { environment?: unknown[] }[] }
      )
    const worker = registeredTaskDefinitions.find(t => t.family === WORKER)
    expect(worker).toMatchObject({ cpu: '512' })
    expect(worker?.containerDefinitions?.[0]?.environment).toEqual([{ name: 'QUEUE', value: 'orders' }])
    const web = registeredTaskDefinitions.find(t => t.family !== WORKER)
    expect(web?.containerDefinitions?.[0]?.environment).toEqual(
      expect.arrayContaining([{ name: 'LOG', value: 'info' }])
    )
    expect(web?.cpu).not.toBe('512')
    const mutating = mutatingRequests(sent)
    expect(mutating.filter(r => r === 'ecs UpdateService')).toHaveLength(1)
    expect(mutating).toContain('codedeploy CreateDeployment')
    const updates = sent.filter(r => r.operation === 'UpdateService')
    expect(updates.map(r => (r.input as { service?: string }).service)).toEqual([WORKER])
    const created = sent.filter(r => r.operation === 'CreateDeployment')
    expect(created.map(r => r.input)).toEqual([
      expect.objectContaining({
        applicationName: group.application,
        deploymentGroupName: group.deploymentGroup
      })
    ])
    // Every read of both services' sides happened before the first change.
    const operations = sent.map(r => r.operation)
    expect(operations.indexOf('GetDeploymentConfig')).toBeLessThan(
      operations.indexOf('RegisterTaskDefinition')
    )

    const after = await services()
    const map = servicesOutput(run.outputs)
    expect(map[WEB]?.['rollout-state']).toBe('COMPLETED')
    expect(map[WORKER]?.['rollout-state']).toBe('COMPLETED')
    for (const name of [WEB, WORKER]) {
      expect(after[name]?.taskDefinition).not.toBe(before[name]?.taskDefinition)
      expect(after[name]?.taskDefinition).toBe(map[name]?.['task-definition-arn'])
    }
    const id = String(map[WEB]?.['deployment-id'])
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    const info = (await codedeploy!.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo
    expect(info?.status).toBe('Succeeded')
    expect(run.stdout).toMatch(new RegExp(`^\\[${WEB}\\] CodeDeploy application ${group.application}`, 'm'))
    expect(run.stdout).toMatch(new RegExp(`^\\[${WORKER}\\] Following deployment ecs-svc/`, 'm'))

    // The policy: the web service only read, its own application and group; the worker updated.
    const policy = JSON.parse(run.outputs['iam-policy']!) as {
      Statement: { Sid: string; Resource: unknown }[]
    }
    const resource = (sid: string) => policy.Statement.find(s => s.Sid === sid)?.Resource
    const arn = (kind: string, name: string) => `arn:aws:${kind}:${stack.region}:${stack.accountId}:${name}`
    expect(resource('EcsReadService')).toBe(arn('ecs', `service/${stack.cluster}/${WEB}`))
    expect(resource('EcsUpdateService')).toBe(arn('ecs', `service/${stack.cluster}/${WORKER}`))
    expect(resource('CodeDeployDeploymentGroup')).toBe(
      arn('codedeploy', `deploymentgroup:${group.application}/${group.deploymentGroup}`)
    )
  }, 240_000)

  it('a worker that crashes while web is mid-rollout: both put back at once, without waiting for web to finish', async () => {
    const before = await services()
    // web replaces 12 tasks one at a time (minutes of ECS time); the worker's first task exits within seconds.
    stack.emulator.setScenario({
      taskStartSeconds: 30,
      failures: [
        { kind: 'exit', taskDefinition: WORKER, image: ':4.0.0', exitCode: 1, logLines: ['worker: no queue'] }
      ]
    })
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v4.0.0' }),
      workspace,
      inputs: inputs(
        { 'rollback-on-failure': 'true', 'rollback-scope': 'all', 'max-task-failures': '1' },
        SLOW
      )
    })

    expect(run.exitCode).toBe(1)
    expect(errorAnnotations(run).join('\n')).toContain(`${WORKER}: `)
    // web was not followed to its end: its rollback started as soon as the worker failed, while it rolled out.
    expect(run.stdout).toContain(
      `[${SLOW}] Rolling back: ${WORKER} failed, and rollback-scope is all (its own rollout was still in progress).`
    )
    expect(run.stdout).not.toMatch(
      new RegExp(`^\\[${SLOW}\\] Deployment ecs-svc/\\S+ of \\S+ completed`, 'm')
    )
    // Each through its own service deployment: StopServiceDeployment ROLLBACK on both.
    const map = servicesOutput(run.outputs)
    expect(stoppedServices(mark)).toEqual([SLOW, WORKER].sort())
    expect(map[SLOW]?.['rollout-state']).toBe('ROLLED_BACK')
    expect(map[WORKER]?.['rollout-state']).toBe('ROLLED_BACK')
    const after = await settled([SLOW, WORKER])
    for (const name of [SLOW, WORKER]) expect(after[name]?.taskDefinition).toBe(before[name]?.taskDefinition)
    expect(run.summary).toContain('rolled back with the release')
  }, 240_000)

  it('a release of two services cancelled mid-rollout with on-cancel rollback: both rolled back within the grace period', async () => {
    const before = await services()
    // Tasks that take 15 s of real time to start: both rollouts are in flight when the runner cancels.
    stack.emulator.setScenario({ taskStartSeconds: 450, failures: [] })
    let cancelledAt = 0
    const cancelWhen = (log: string) => {
      const both = [SLOW, WORKER].every(name => log.includes(`[${name}] Following deployment`))
      if (both && cancelledAt === 0) {
        cancelledAt = Date.now()
        stack.emulator.setScenario({ taskStartSeconds: 10 })
      }
      return both
    }
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v5.0.0' }),
      workspace,
      inputs: inputs({ 'on-cancel': 'rollback' }, SLOW),
      cancelWhen
    })

    expect(run.exitCode).toBe(1)
    // The run ended by itself before the runner's SIGTERM.
    expect(run.cancellation?.map(c => c.signal)).toEqual(['SIGINT'])
    const map = servicesOutput(run.outputs)
    expect(stoppedServices(mark)).toEqual([SLOW, WORKER].sort())
    for (const stop of requests(mark, 'StopServiceDeployment')) {
      expect(stop.time - cancelledAt).toBeLessThan(7_500)
      expect((stop.input as { stopType?: string }).stopType).toBe('ROLLBACK')
    }
    for (const name of [SLOW, WORKER]) {
      expect(run.stdout).toMatch(
        new RegExp(
          `^${name}: on-cancel is rollback: asked ECS to roll back service deployment \\S+/${name}/\\S+ \\(StopServiceDeployment ROLLBACK\\)`,
          'm'
        )
      )
      expect(run.summary).toContain(
        `${name}: on-cancel is rollback: asked ECS to roll back service deployment`
      )
      expect(map[name]?.['rollout-state']).toBe('CANCELLED')
    }
    expect(run.summary).toContain('### Cancelled')
    expect(run.summary).toContain(
      'The workflow run was cancelled (SIGINT) during Rollout; on-cancel is rollback.'
    )
    const after = await settled([SLOW, WORKER])
    for (const name of [SLOW, WORKER]) expect(after[name]?.taskDefinition).toBe(before[name]?.taskDefinition)
  }, 240_000)
})
