// Following a rollout like an operator, end to end: the bundled action deploys an image that is already in ECR
// (so no Java build) to the stand-in's service, and each scenario makes ECS behave differently: a rollout that
// completes, circuit breakers with and without rollback, a concurrent deployment, crashing tasks, no capacity,
// failing health checks, a timeout, the action's own rollback, and throttled polling.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, ListTasksCommand, UpdateServiceCommand, type Task } from '@aws-sdk/client-ecs'
import {
  createLoadBalancedService,
  deploy,
  deployInputs,
  releaseEvent,
  startTestStack,
  validationFailures,
  pushExampleImage,
  tagImageAgain,
  type ActionRun,
  type Stack
} from './harness.js'

/** The stand-in's ECS as its snapshot shows it (times in ms, except createdAt in seconds like the API). */
interface SnapshotDeployment {
  id: string
  status: string
  taskDefinition: string
  rolloutState: string
  rolloutStateReason?: string
  rolloutStateChangedAt: number
  createdAt: number
}
interface SnapshotService {
  serviceName: string
  taskDefinition: string
  events: { id: string; createdAt: number; message: string }[]
  deployments: SnapshotDeployment[]
  deploymentHistory: SnapshotDeployment[]
}

/** ECS behaving as it does when nothing goes wrong: what every scenario starts from. */
const calm = {
  taskStartSeconds: 10,
  healthyAfterSeconds: 5,
  drainSeconds: 5,
  failures: [],
  placementFailure: false,
  concurrentDeployment: null,
  faults: {}
}
/** At the stack's 30 ECS seconds per real second: tasks run after 1 s and are healthy 0.5 s later. */
const brisk = { taskStartSeconds: 30, healthyAfterSeconds: 15, drainSeconds: 15 }

const BASE_TAG = 'base'

describe('following the rollout', () => {
  let stack: Stack

  beforeAll(async () => {
    stack = await startTestStack()
    await pushExampleImage(stack, BASE_TAG)
  }, 180_000)
  beforeEach(async () => {
    // Every scenario starts from the service steady on the task definition it ran before any test.
    stack.emulator.setScenario(calm)
    await stack.ecs.send(
      new UpdateServiceCommand({
        cluster: stack.cluster,
        service: stack.service,
        taskDefinition: stack.initialTaskDefinitionArn,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
      })
    )
    await stack.waitForSteadyState(60_000)
  }, 90_000)
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)

  /** An image of this release in ECR under `tag`: the base image tagged again, as `aws ecr put-image` does. */
  async function releaseImage(tag: string): Promise<string> {
    return tagImageAgain(stack, BASE_TAG, tag)
  }

  async function setCircuitBreaker(enable: boolean, rollback: boolean): Promise<void> {
    await stack.ecs.send(
      new UpdateServiceCommand({
        cluster: stack.cluster,
        service: stack.service,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable, rollback } }
      })
    )
  }

  /** Deploys the image with this tag (already in ECR) with the given inputs, as a workflow without a build would. */
  function deployTag(tag: string, inputs: Record<string, string> = {}) {
    const {
      'build-args': _args,
      'container-engine': _engine,
      ...deployOnly
    } = deployInputs(stack, {
      'image-tag': tag,
      ...inputs
    })
    return deploy(stack, {
      inputs: deployOnly,
      event: releaseEvent({ tag: `v${tag}` })
    })
  }

  function ecsService(): SnapshotService {
    const snapshot = stack.emulator.snapshot() as { ecs: { services: SnapshotService[] } }
    const service = snapshot.ecs.services.find(s => s.serviceName === stack.service)
    if (!service) throw new Error(`The stand-in has no service ${stack.service}.`)
    return service
  }

  /** Every deployment the service ever had (the stand-in's history), by id. */
  function deployment(id: string | undefined): SnapshotDeployment | undefined {
    return ecsService().deploymentHistory.find(d => d.id === id)
  }

  async function stoppedTasksOf(deploymentId: string): Promise<Task[]> {
    const listed = await stack.ecs.send(
      new ListTasksCommand({ cluster: stack.cluster, startedBy: deploymentId, desiredStatus: 'STOPPED' })
    )
    const arns = listed.taskArns ?? []
    if (arns.length === 0) return []
    const described = await stack.ecs.send(new DescribeTasksCommand({ cluster: stack.cluster, tasks: arns }))
    return described.tasks ?? []
  }

  function updateServiceCalls(mark: number): { taskDefinition?: string }[] {
    return stack
      .requestsSince(mark)
      .filter(r => r.operation === 'UpdateService' && r.status === 200)
      .map(r => r.input as { taskDefinition?: string })
  }

  it('a rollout that completes: COMPLETED, with every progress line and service event once, in order', async () => {
    stack.emulator.setScenario({ taskStartSeconds: 90, healthyAfterSeconds: 30, drainSeconds: 30 })
    const image = await releaseImage('2.0.0')

    const run = await deployTag('2.0.0')

    expect(failure(run)).toBeUndefined()
    expect(run.stdout).not.toContain('::warning')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(run.outputs.image).toBe(image)
    const id = run.outputs['deployment-id']!
    const arn = run.outputs['task-definition-arn']!
    const label = arn.slice(arn.lastIndexOf('/') + 1)
    const log = rolloutLog(run)

    // One progress line per change of counts, from the first look to COMPLETED, never the same line twice in a row.
    const progress = log.filter(line => line.startsWith(`new ${id} `))
    expect(progress.length).toBeGreaterThanOrEqual(3)
    expect(progress[0]).toMatch(new RegExp(`^new ${id} \\(${label}\\) IN_PROGRESS desired 2, running 0`))
    expect(progress.at(-1)).toMatch(new RegExp(`^new ${id} \\(${label}\\) COMPLETED desired 2, running 2`))
    progress.slice(1).forEach((line, i) => expect(line).not.toBe(progress[i]))
    const running = progress.map(line => Number(/running (\d+)/.exec(line)?.[1]))
    expect(running).toEqual([...running].sort((a, b) => a - b))

    // The service's events since the deployment began, each printed once, oldest first, with ECS's time.
    const created = deployment(id)?.createdAt ?? 0
    const expected = ecsService()
      .events.filter(e => e.createdAt >= created)
      .reverse()
      .map(e => `${new Date(e.createdAt * 1000).toISOString().slice(11, 19)} ${e.message}`)
    expect(expected.map(e => e.slice(9))).toEqual([
      expect.stringMatching(/has started 2 tasks/),
      // No load balancer: ECS stops the old tasks without draining them.
      expect.stringMatching(/has stopped 2 running tasks/),
      `(service ${stack.service}) (deployment ${id}) deployment completed.`,
      `(service ${stack.service}) has reached a steady state.`
    ])
    expect(log.filter(line => /^\d\d:\d\d:\d\d \(service /.test(line))).toEqual(expected)
    expect(log.at(-1)).toMatch(new RegExp(`^Deployment ${id} of ${label} completed in (\\d\\.\\d|\\d+)s$`))

    expect(ecsService()).toMatchObject({
      taskDefinition: arn,
      deployments: [{ id, status: 'PRIMARY', rolloutState: 'COMPLETED' }]
    })
    expect(validationFailures(stack.requestsSince(0))).toEqual([])
  }, 120_000)

  it('behind a load balancer: reads the drain once, looks slowly while old tasks drain, and sees the end within a second', async () => {
    // A second service of the same family behind a target group, steady on the initial task definition.
    stack.emulator.setScenario(calm)
    const { service } = await createLoadBalancedService(stack, 2)
    // At 30 ECS seconds per real second: new tasks run after 1 s, old ones drain for 300 ECS seconds (10 s).
    stack.emulator.setScenario({ taskStartSeconds: 30, healthyAfterSeconds: 15, drainSeconds: 300 })
    await releaseImage('2.0.1')
    const mark = stack.requestMark()

    const run = await deployTag('2.0.1', { service })

    expect(failure(run)).toBeUndefined()
    expect(run.exitCode).toBe(0)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    const log = rolloutLog(run)
    expect(log).toContain(`Old tasks drain for 10s before they stop (deregistration delay of ${service})`)
    const requests = stack.requestsSince(mark)
    expect(requests.filter(r => r.operation === 'DescribeTargetGroupAttributes').map(r => r.status)).toEqual([
      200
    ])
    // The generated policy grants that read, on "*", because the service has a target group.
    const policy = JSON.parse(run.outputs['iam-policy'] ?? '{}') as {
      Statement: { Sid: string; Resource: string }[]
    }
    expect(policy.Statement.find(st => st.Sid === 'ElbReadDeregistrationDelay')?.Resource).toBe('*')

    // While the drain runs, looks come at the usual pace, not every second; the end is seen within a second.
    const snapshot = stack.emulator.snapshot() as { ecs: { services: SnapshotService[] } }
    const lb = snapshot.ecs.services.find(s => s.serviceName === service)!
    const id = run.outputs['deployment-id']
    const completedAt = lb.deploymentHistory.find(d => d.id === id)!.rolloutStateChangedAt
    const reads = requests.filter(
      r =>
        r.operation === 'DescribeServices' && (r.input as { services?: string[] }).services?.[0] === service
    )
    const looks = reads.map(r => r.time)
    const drainStart = completedAt - 10_000
    const whileDraining = looks.filter(t => t > drainStart + 3_500 && t < completedAt - 3_000)
    const gaps = whileDraining.slice(1).map((t, i) => t - whileDraining[i]!)
    expect(gaps.length).toBeGreaterThanOrEqual(1)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_400)
    // The look that saw COMPLETED: when its answer left (the stand-in moves its model on as it handles a request).
    const lastLook = reads.at(-1)!.answeredAt!
    expect(lastLook - completedAt).toBeGreaterThanOrEqual(0)
    expect(lastLook - completedAt).toBeLessThanOrEqual(1_000)
  }, 120_000)

  it('a circuit breaker without rollback: FAILED with the pull error, and the service left as ECS left it', async () => {
    await setCircuitBreaker(true, false)
    stack.emulator.setScenario({ ...brisk, failures: [{ image: ':2.1.0', kind: 'pull' }] })
    await releaseImage('2.1.0')
    const mark = stack.requestMark()

    const run = await deployTag('2.1.0', { 'max-task-failures': '0' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('FAILED')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    const { title, message } = failure(run)!
    expect(title).toBe('Rollout failed')
    const cause =
      `Deployment ${id} of ${label} failed: Tasks of ${label} failed to start: CannotPullContainerError: ` +
      `pull image manifest has been retried 5 time(s): failed to resolve ref ${stack.repositoryUri}:2.1.0: not found ` +
      '(ECS: ECS deployment circuit breaker: tasks failed to start.)'
    // ECS's service deployment adds the circuit breaker's count and threshold.
    expect(message.startsWith(`${cause} (service deployment: circuit breaker: `)).toBe(true)
    expect(message.slice(cause.length)).toMatch(
      /^ \(service deployment: circuit breaker: \d+ failed tasks, threshold 3\)$/
    )
    const log = rolloutLog(run)
    expect(log).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\d\\d:\\d\\d:\\d\\d \\(service ${stack.service}\\) \\(deployment ${id}\\) deployment failed: tasks failed to start\\.$`
        )
      )
    )
    // Each stopped task is shown with ECS's reason; a task that never started has no exit code.
    const stopped = await stoppedTasksOf(id)
    expect(stopped.length).toBeGreaterThanOrEqual(3)
    // Those that had STOPPED when the verdict came (a batch still stopping is not described yet).
    const shown = log.filter(line => /^Task [0-9a-f]{32} /.test(line))
    expect(shown.length).toBeGreaterThanOrEqual(2)
    for (const line of shown) {
      expect(line).toMatch(
        new RegExp(`^Task ([0-9a-f]{32}) \\(${label}\\) stopped at .*: CannotPullContainerError`)
      )
      expect(stopped.map(t => t.taskArn?.split('/').pop())).toContain(line.split(' ')[1])
    }
    expect(log).toContain('  container app: no exit code, ' + stopped[0]!.containers![0]!.reason)

    // ECS did not roll back, and neither did the action: its deployment stays PRIMARY and FAILED.
    expect(deployment(id)).toMatchObject({ status: 'PRIMARY', rolloutState: 'FAILED' })
    expect(ecsService().taskDefinition).toBe(run.outputs['task-definition-arn'])
    expect(updateServiceCalls(mark)).toHaveLength(1)
  }, 120_000)

  it('a circuit breaker with rollback: the run fails at once with ROLLING_BACK, naming where ECS goes back to', async () => {
    stack.emulator.setScenario({
      ...brisk,
      failures: [{ image: ':2.1.5', kind: 'exit', exitCode: 1, logLines: ['Error: DB_URL is not set'] }]
    })
    await releaseImage('2.1.5')
    const mark = stack.requestMark()

    const run = await deployTag('2.1.5', { 'max-task-failures': '0' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLING_BACK')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    const previous = run.outputs['previous-task-definition-arn']!
    // ECS's rollback: the deployment of the previous revision it started after ours.
    const history = ecsService().deploymentHistory
    const ours = history.find(d => d.id === id)!
    const rollback = history.find(
      d => d.id !== id && d.taskDefinition === previous && d.createdAt >= ours.createdAt
    )
    expect(rollback).toBeDefined()
    const { title, message } = failure(run)!
    expect(title).toBe('Rollout failed; ECS is rolling back')
    expect(message).toMatch(
      new RegExp(
        `^Deployment ${id} of ${label} failed: Essential container "app" of ${label} exited with code 1 .*\\. ` +
          `ECS is rolling back to ${labelOf(previous)}( \\(deployment ${rollback!.id}\\))?; ` +
          'the run does not wait for it \\(rollback-on-failure is false\\)\\. ' +
          // The service has service deployments: ECS's own record of this one is where to follow it.
          `Follow it with: aws ecs describe-service-deployments --service-deployment-arns ${run.outputs['service-deployment-arn']}$`
      )
    )
    expect(run.stdout).not.toContain('Following the rollback to its end.')
    expect(rolloutLog(run)).toContain('  container app: exit code 1')
    // The action changed nothing after its own deployment: ECS rolls back on its own.
    expect(updateServiceCalls(mark)).toHaveLength(1)
    expect(run.stdout).not.toContain('Rolling back service')
  }, 120_000)

  it('a circuit breaker with rollback and rollback-on-failure: ROLLED_BACK, followed to its end, the action did not roll back itself', async () => {
    stack.emulator.setScenario({
      ...brisk,
      failures: [
        {
          image: ':2.2.0',
          kind: 'exit',
          exitCode: 1,
          logLines: ['Exception in thread "main" java.lang.OutOfMemoryError: Java heap space']
        }
      ]
    })
    await releaseImage('2.2.0')
    const mark = stack.requestMark()

    const run = await deployTag('2.2.0', { 'max-task-failures': '0', 'rollback-on-failure': 'true' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    const previous = run.outputs['previous-task-definition-arn']!
    expect(previous).toBe(stack.initialTaskDefinitionArn)
    const rollback = ecsService().deployments.find(d => d.status === 'PRIMARY')!
    expect(rollback.id).not.toBe(id)
    // ECS's reason is the FAILED deployment's, or (once that left the list) its "deployment failed" event.
    const why =
      `Deployment ${id} of ${label} failed: Essential container "app" of ${label} exited with code 1 ` +
      '\\(ECS: (ECS deployment circuit breaker|deployment failed): tasks failed to start\\.\\)'
    const { title, message } = failure(run)!
    expect(title).toBe('Rollout failed and was rolled back')
    expect(message).toMatch(
      new RegExp(
        `^ECS rolled back to ${labelOf(previous)} \\(deployment ${rollback.id} completed\\)\\. ${why}` +
          // ECS's service deployment adds the circuit breaker's count and threshold.
          ' \\(service deployment: (ECS deployment circuit breaker: tasks failed to start; )?circuit breaker: \\d+ failed tasks, threshold 3\\)$'
      )
    )
    const log = rolloutLog(run)
    expect(log).toContain('  container app: exit code 1')
    expect(log).toContain('    | Exception in thread "main" java.lang.OutOfMemoryError: Java heap space')
    expect(log).toContainEqual(
      expect.stringMatching(
        new RegExp(`^ECS is rolling back to ${labelOf(previous)} \\(deployment ${rollback.id}\\): ${why}$`)
      )
    )

    // ECS put the service back; the action sent exactly one UpdateService, its own deployment's.
    expect(ecsService()).toMatchObject({
      taskDefinition: previous,
      deployments: [{ id: rollback.id, taskDefinition: previous, rolloutState: 'COMPLETED' }]
    })
    expect(deployment(id)).toMatchObject({ rolloutState: 'FAILED' })
    expect(updateServiceCalls(mark)).toEqual([
      expect.objectContaining({ taskDefinition: run.outputs['task-definition-arn'] })
    ])
    expect(run.stdout).not.toContain('Rolling back service')
  }, 120_000)

  it('a deployment somebody else starts meanwhile: REPLACED, naming the other deployment', async () => {
    stack.emulator.setScenario({
      taskStartSeconds: 90,
      healthyAfterSeconds: 30,
      drainSeconds: 30,
      concurrentDeployment: { afterSeconds: 30, taskDefinition: stack.initialTaskDefinitionArn }
    })
    await releaseImage('2.3.0')
    const mark = stack.requestMark()

    const run = await deployTag('2.3.0', { 'rollback-on-failure': 'true' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('REPLACED')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    const other = ecsService().deploymentHistory.find(
      d => d.id !== id && d.taskDefinition === stack.initialTaskDefinitionArn && d.status === 'PRIMARY'
    )!
    expect(other).toBeDefined()
    expect(failure(run)).toEqual({
      title: 'Deployment replaced',
      message:
        `Deployment ${id} of ${label} was replaced by deployment ${other.id} of ${labelOf(stack.initialTaskDefinitionArn)}, ` +
        'started outside this run. Find out who deployed (service events, CloudTrail UpdateService) and re-run when the service is yours.'
    })
    // The service is somebody else's now: no rollback although rollback-on-failure is true.
    expect(updateServiceCalls(mark)).toHaveLength(1)
    expect(ecsService().taskDefinition).toBe(stack.initialTaskDefinitionArn)
  }, 120_000)

  it('tasks that keep exiting without a circuit breaker: FAILED at max-task-failures, with exit code and container logs', async () => {
    await setCircuitBreaker(false, false)
    const lines = [
      'Starting HelloService 2.4.0 on port 8080',
      'Connecting to jdbc:postgresql://db.internal:5432/hello',
      'Exception in thread "main" java.net.UnknownHostException: db.internal'
    ]
    stack.emulator.setScenario({
      ...brisk,
      failures: [{ image: ':2.4.0', kind: 'exit', exitCode: 3, logLines: lines }]
    })
    await releaseImage('2.4.0')

    const run = await deployTag('2.4.0') // max-task-failures defaults to 3

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('FAILED')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    // Tasks start (and crash) two at a time, so the count may pass 3 in one step.
    const { title, message } = failure(run)!
    expect(title).toBe('Rollout failed')
    const count = Number(/^(\d+) tasks/.exec(message)?.[1])
    expect(count).toBeGreaterThanOrEqual(3)
    expect(message).toBe(
      `${count} tasks of ${label} stopped (max-task-failures is 3): Essential container "app" of ${label} exited with code 3`
    )
    const log = rolloutLog(run)
    const stopped = await stoppedTasksOf(id)
    const shown = log.filter(line => /^Task [0-9a-f]{32} /.test(line))
    expect(shown).toHaveLength(count)
    for (const line of shown) {
      expect(line).toMatch(
        new RegExp(
          `^Task [0-9a-f]{32} \\(${label}\\) stopped at \\d\\d:\\d\\d:\\d\\d: Essential container in task exited( \\(app exit 3\\))?$`
        )
      )
      expect(stopped.map(t => t.taskArn?.split('/').pop())).toContain(line.split(' ')[1])
    }
    // Each task's essential container: its exit code, then its own last words from awslogs.
    const block = [
      `  container app: exit code 3`,
      `    last ${lines.length} log lines:`,
      ...lines.map(l => `    | ${l}`)
    ]
    const first = log.indexOf(shown[0]!)
    expect(log.slice(first + 1, first + 1 + block.length)).toEqual(block)
    // The first five in full; a crash loop after that gets one line per task.
    expect(log.filter(line => line === '  container app: exit code 3')).toHaveLength(Math.min(count, 5))

    // Without a circuit breaker ECS keeps trying: the deployment is still IN_PROGRESS, the old tasks still serve.
    expect(deployment(id)).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })
    const old = ecsService().deployments.find(d => d.taskDefinition === stack.initialTaskDefinitionArn)
    expect(old).toBeDefined()
  }, 120_000)

  it('no capacity to place tasks: FAILED, called a capacity problem', async () => {
    stack.emulator.setScenario({ placementFailure: true })
    await releaseImage('2.5.0')

    const run = await deployTag('2.5.0')

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('FAILED')
    const label = labelOf(run)
    expect(failure(run)).toEqual({
      title: 'Rollout failed',
      message:
        `ECS could not place tasks of ${label} (a capacity problem): (service ${stack.service}) was unable to place a task ` +
        'because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. ' +
        'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.'
    })
    const log = rolloutLog(run)
    expect(
      log.filter(line => /^\d\d:\d\d:\d\d \(service .*\) was unable to place a task/.test(line))
    ).toHaveLength(5)
    expect(log).toContain(
      "Check the cluster's capacity (container instances, capacity providers, subnets) and the task's cpu, memory, ports and placement constraints."
    )
    expect(deployment(run.outputs['deployment-id'])).toMatchObject({ rolloutState: 'IN_PROGRESS' })
    expect(await stoppedTasksOf(run.outputs['deployment-id']!)).toEqual([])
  }, 120_000)

  it('failing health checks: FAILED, called a health check failure, with a warning while it happens', async () => {
    await setCircuitBreaker(false, false)
    stack.emulator.setScenario({ ...brisk, failures: [{ image: ':2.6.0', kind: 'health-check' }] })
    await releaseImage('2.6.0')

    const run = await deployTag('2.6.0', { 'max-task-failures': '2' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('FAILED')
    const label = labelOf(run)
    const { title, message } = failure(run)!
    expect(title).toBe('Rollout failed')
    const count = Number(/^(\d+) tasks/.exec(message)?.[1])
    expect(count).toBeGreaterThanOrEqual(2)
    expect(message).toBe(
      `${count} tasks of ${label} stopped (max-task-failures is 2): Tasks of ${label} failed health checks: Task failed container health checks`
    )
    const warnings = run.stdout
      .split('\n')
      .filter(line => line.startsWith('::warning title=Health checks failing::'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      new RegExp(`Health checks are failing for tasks of ${label}: .*failed container health checks`)
    )
    const log = rolloutLog(run)
    expect(
      log.filter(line =>
        /^Task [0-9a-f]{32} .* stopped at .*: Task failed container health checks( \(.*\))?$/.test(line)
      )
    ).toHaveLength(count)
    expect(log.some(line => /\(task [0-9a-f]{32}\) failed container health checks\.$/.test(line))).toBe(true)
  }, 120_000)

  it('a rollout slower than wait-for-minutes: TIMED_OUT, with the last state and events', async () => {
    stack.emulator.setScenario({ taskStartSeconds: 3600, healthyAfterSeconds: 5, drainSeconds: 5 })
    await releaseImage('2.7.0')

    const run = await deployTag('2.7.0', { 'wait-for-minutes': '0.1' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('TIMED_OUT')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    const started = ecsService().events.find(e => e.message.includes('has started 2 tasks'))!
    expect(failure(run)).toEqual({
      title: 'Rollout timed out',
      message:
        `The rollout of ${label} (deployment ${id}) did not finish within 6s: IN_PROGRESS, desired 2, running 0, pending 2, failed 0; ` +
        `last events: ${new Date(started.createdAt * 1000).toISOString().slice(11, 19)} ${started.message}. ` +
        'Raise wait-for-minutes if the service needs longer to start.'
    })
    // About 6 s of following (plus the action's start), not the rollout's two real minutes.
    expect(run.durationMs).toBeLessThan(30_000)
    expect(deployment(id)).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })
  }, 120_000)

  it('rollback-on-failure: the action rolls back itself, follows it, and fails saying what was restored', async () => {
    await setCircuitBreaker(false, false)
    stack.emulator.setScenario({
      ...brisk,
      failures: [{ image: ':2.8.0', kind: 'exit', exitCode: 137, logLines: ['Killed'] }]
    })
    await releaseImage('2.8.0')
    const mark = stack.requestMark()

    const run = await deployTag('2.8.0', { 'rollback-on-failure': 'true', 'max-task-failures': '2' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
    const id = run.outputs['deployment-id']!
    const label = labelOf(run)
    const previous = run.outputs['previous-task-definition-arn']!
    // The service has service deployments: ECS rolls back (StopServiceDeployment ROLLBACK), not a second update.
    const calls = updateServiceCalls(mark)
    expect(calls.map(c => c.taskDefinition)).toEqual([run.outputs['task-definition-arn']])
    const arn = run.outputs['service-deployment-arn']!
    const stops = stack
      .requestsSince(mark)
      .filter(r => r.operation === 'StopServiceDeployment' && r.status === 200)
    expect(stops.map(r => r.input)).toEqual([{ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }])
    const back = ecsService().deployments[0]!
    expect(back).toMatchObject({ taskDefinition: previous, status: 'PRIMARY', rolloutState: 'COMPLETED' })
    const { title, message } = failure(run)!
    expect(title).toBe('Rollout failed and was rolled back')
    // How many tasks stopped before the first look depends on the machine's pace: at least max-task-failures.
    expect(message).toMatch(
      new RegExp(
        `^Rolled back to ${labelOf(previous)} \\(ECS rollback completed\\)\\. ` +
          `\\d+ tasks of ${label} stopped \\(max-task-failures is 2\\): Essential container "app" of ${label} exited with code 137$`
      )
    )
    const log = rolloutLog(run)
    expect(log).toContain(
      `Rolling back service ${stack.service} to ${labelOf(previous)}: StopServiceDeployment ROLLBACK on ${arn} (rollback-on-failure is true)`
    )
    expect(log).toContain(
      `Following ECS's rollback of deployment ${id} of ${label} on service ${stack.service} (up to 5m00s)`
    )
    expect(log).toContain(`Service ${stack.service} runs ${labelOf(previous)} again; the run still fails.`)
    expect(ecsService().taskDefinition).toBe(previous)
    expect(deployment(id)).toMatchObject({ status: 'INACTIVE' })
  }, 120_000)

  it('throttled polling: half the DescribeServices calls refused, and still the right verdict (ROLLED_BACK)', async () => {
    stack.emulator.setScenario({
      taskStartSeconds: 60,
      healthyAfterSeconds: 15,
      drainSeconds: 30,
      failures: [{ image: ':2.9.0', kind: 'pull' }],
      faults: { throttle: { rate: 0.5, operations: ['ecs:DescribeServices'] } }
    })
    await releaseImage('2.9.0')
    const mark = stack.requestMark()

    let run: ActionRun
    try {
      run = await deployTag('2.9.0', { 'max-task-failures': '0', 'rollback-on-failure': 'true' })
    } finally {
      stack.emulator.setScenario({ faults: {} })
    }

    const describes = stack.requestsSince(mark).filter(r => r.operation === 'DescribeServices')
    const throttled = describes.filter(r => r.errorType === 'ThrottlingException')
    expect(throttled.length).toBeGreaterThanOrEqual(3)
    expect(throttled.length).toBeLessThan(describes.length)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
    const label = labelOf(run)
    expect(failure(run)?.message).toMatch(
      new RegExp(
        `^ECS rolled back to ${labelOf(stack.initialTaskDefinitionArn)} \\(deployment ecs-svc/\\d+ completed\\)\\. ` +
          `Deployment ${run.outputs['deployment-id']} of ${label} failed: Tasks of ${label} failed to start: CannotPullContainerError`
      )
    )
    expect(ecsService().taskDefinition).toBe(stack.initialTaskDefinitionArn)
  }, 120_000)
})

/** The error annotation of a run (`::error title=T::message`), or undefined when it printed none. */
function failure(run: ActionRun): { title: string; message: string } | undefined {
  const lines = run.stdout.split('\n').filter(line => line.startsWith('::error'))
  expect(lines.length).toBeLessThanOrEqual(1)
  const line = lines[0]
  if (line === undefined) return undefined
  const end = line.indexOf('::', 2)
  const title = /title=([^,]*)/.exec(line.slice(0, end))?.[1] ?? ''
  const unescape = (s: string) =>
    s
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%2C/g, ',')
      .replace(/%3A/g, ':')
      .replace(/%25/g, '%')
  return { title: unescape(title), message: unescape(line.slice(end + 2)) }
}

/** The lines of the action's Rollout group. */
function rolloutLog(run: ActionRun): string[] {
  const lines = run.stdout.split('\n')
  const start = lines.indexOf('::group::Rollout')
  expect(start).toBeGreaterThanOrEqual(0)
  const end = lines.indexOf('::endgroup::', start)
  return lines.slice(start + 1, end === -1 ? undefined : end)
}

/** "hello-service:3" from a run's registered task definition, or from an ARN. */
function labelOf(from: ActionRun | string): string {
  const arn = typeof from === 'string' ? from : (from.outputs['task-definition-arn'] ?? '')
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** Builds the example's image (with a stand-in jar: nothing runs it) and pushes it to the stack's ECR. */
