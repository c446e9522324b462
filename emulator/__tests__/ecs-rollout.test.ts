/* eslint-disable @typescript-eslint/no-explicit-any -- responses are wire JSON; the tests read them loosely */
import { describe, it, expect } from '@jest/globals'
import type { ImageLookup } from '../contract.js'
import { createEcsModel } from '../ecs/index.js'
import { AwsError } from '../errors.js'

const caller = {
  accessKeyId: 'AKIDEXAMPLE',
  arn: 'arn:aws:iam::123456789012:user/deployer',
  accountId: '123456789012'
}
const T0 = 1_700_000_000_000
const image = (tag: string) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:${tag}`
const taskDefinition = (tag: string) => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'web',
      image: image(tag),
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }
      }
    },
    { name: 'sidecar', image: 'public.ecr.aws/proxy:1', essential: false }
  ]
})

interface Setup {
  desiredCount?: number
  breaker?: { enable: boolean; rollback: boolean }
  maximumPercent?: number
  loadBalancers?: unknown[]
  speed?: number
  images?: ImageLookup
}

/** A cluster "prod" with service "web" steady on web:1 at ECS second 100; web:2 and web:3 registered. */
async function steadyService(setup: Setup = {}) {
  let now = T0
  const speed = setup.speed ?? 1
  const ecs = createEcsModel({
    region: 'eu-west-1',
    accountId: '123456789012',
    now: () => now,
    speed,
    ...(setup.images ? { images: setup.images } : {})
  })
  const call = async (operation: string, input: Record<string, unknown>): Promise<any> =>
    ecs.handle(operation, input, caller)
  /** Move the clock to this many ECS seconds after T0. */
  const at = (ecsSeconds: number) => {
    now = T0 + (ecsSeconds * 1000) / speed
  }
  const service = async () =>
    (await call('DescribeServices', { cluster: 'prod', services: ['web'] })).services[0]
  const tasks = async (filter: Record<string, unknown> = {}) => {
    const arns: string[] = (await call('ListTasks', { cluster: 'prod', ...filter })).taskArns
    return arns.length === 0 ? [] : (await call('DescribeTasks', { cluster: 'prod', tasks: arns })).tasks
  }
  await call('CreateCluster', { clusterName: 'prod' })
  for (const tag of ['1', '2', '3']) await call('RegisterTaskDefinition', taskDefinition(tag))
  await call('CreateService', {
    cluster: 'prod',
    serviceName: 'web',
    taskDefinition: 'web:1',
    desiredCount: setup.desiredCount ?? 2,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
    deploymentConfiguration: {
      maximumPercent: setup.maximumPercent ?? 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: setup.breaker ?? { enable: false, rollback: false }
    },
    ...(setup.loadBalancers ? { loadBalancers: setup.loadBalancers } : {})
  })
  at(100)
  const steady = await service()
  expect(steady.deployments).toHaveLength(1)
  expect(steady.deployments[0].rolloutState).toBe('COMPLETED')
  return { ecs, call, at, service, tasks, firstDeploymentId: steady.deployments[0].id as string }
}

const messagesOf = (service: any): string[] => service.events.map((e: any) => e.message)

const targetGroupArn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef'
/** Behind a load balancer: old tasks drain for the deregistration delay (drainSeconds) before they stop. */
const behindLb = { loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }] }

describe('a healthy rolling deployment', () => {
  it('moves counts, deployments and events over time like ECS, and records when the rollout completed', async () => {
    const { ecs, call, at, service, tasks, firstDeploymentId } = await steadyService(behindLb)
    const updated = (
      await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    ).service
    const id: string = updated.deployments[0].id
    expect(id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(updated.deployments.map((d: any) => [d.id, d.status, d.rolloutState, d.taskDefinition])).toEqual([
      [id, 'PRIMARY', 'IN_PROGRESS', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2'],
      [firstDeploymentId, 'ACTIVE', 'COMPLETED', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1']
    ])
    expect(updated.deployments[0].rolloutStateReason).toBe(`ECS deployment ${id} in progress.`)
    expect(updated.deployments[0].createdAt).toBe(T0 / 1000 + 100)

    const counts = async () =>
      (await service()).deployments.map((d: any) => [
        d.status,
        d.desiredCount,
        d.pendingCount,
        d.runningCount
      ])
    at(105)
    expect(await counts()).toEqual([
      ['PRIMARY', 2, 2, 0],
      ['ACTIVE', 2, 0, 2]
    ])
    at(111)
    expect(await counts()).toEqual([
      ['PRIMARY', 2, 0, 2],
      ['ACTIVE', 2, 0, 2]
    ])
    at(116) // new tasks healthy at 115: the old ones drain
    expect(await counts()).toEqual([
      ['PRIMARY', 2, 0, 2],
      ['ACTIVE', 0, 0, 0]
    ])
    expect((await service()).deployments[0].rolloutState).toBe('IN_PROGRESS')

    at(130)
    const done = await service()
    expect(done.deployments).toHaveLength(1)
    expect(done.deployments[0]).toMatchObject({
      id,
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${id} completed.`
    })
    expect(done.taskDefinition).toMatch(/web:2$/)
    // Old tasks stopped at 122 (drain 5 s, then STOPPING and DEPROVISIONING), so the rollout completed then, not at 130.
    const snapshot = ecs.snapshot() as any
    expect(snapshot.services[0].deployments[0].rolloutStateChangedAt).toBe(T0 + 122_000)
    expect(done.events[0].createdAt).toBe(T0 / 1000 + 122)

    const newTasks = await tasks({ startedBy: id })
    expect(messagesOf(done).slice(0, 7)).toEqual([
      '(service web) has reached a steady state.',
      `(service web) (deployment ${id}) deployment completed.`,
      expect.stringMatching(
        /^\(service web\) has stopped 2 running tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/
      ),
      `(service web) deregistered 2 targets in (target-group ${targetGroupArn})`,
      '(service web) has begun draining connections on 2 tasks.',
      `(service web) registered 2 targets in (target-group ${targetGroupArn})`,
      `(service web) has started 2 tasks: ${newTasks.map((t: any) => `(task ${t.taskArn.split('/').pop()})`).join(' ')}.`
    ])
    expect(newTasks).toHaveLength(2)
    expect(newTasks[0]).toMatchObject({
      group: 'service:web',
      startedBy: id,
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      launchType: 'FARGATE',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2',
      startedAt: T0 / 1000 + 110
    })
    expect(newTasks[0].containers.map((c: any) => [c.name, c.image, c.lastStatus])).toEqual([
      ['web', image('2'), 'RUNNING'],
      ['sidecar', 'public.ecr.aws/proxy:1', 'RUNNING']
    ])

    const stopped = await tasks({ desiredStatus: 'STOPPED' })
    expect(stopped).toHaveLength(2)
    expect(stopped[0]).toMatchObject({
      lastStatus: 'STOPPED',
      startedBy: firstDeploymentId,
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${id})`,
      stoppingAt: T0 / 1000 + 115,
      stoppedAt: T0 / 1000 + 122
    })
  })

  it('walks a task through PROVISIONING → PENDING → ACTIVATING → RUNNING and a stopping one through DEACTIVATING → STOPPED', async () => {
    const { call, at, tasks } = await steadyService({ desiredCount: 1, ...behindLb })
    const [old] = await tasks()
    const { service } = await call('UpdateService', {
      cluster: 'prod',
      service: 'web',
      taskDefinition: 'web:2'
    })
    const [fresh] = await tasks({ startedBy: service.deployments[0].id })
    const statusAt = async (second: number, task: any) => {
      at(second)
      return (await call('DescribeTasks', { cluster: 'prod', tasks: [task.taskArn] })).tasks[0].lastStatus
    }
    expect(fresh.lastStatus).toBe('PROVISIONING')
    expect(await statusAt(103, fresh)).toBe('PENDING')
    expect(await statusAt(108, fresh)).toBe('ACTIVATING')
    expect(await statusAt(110, fresh)).toBe('RUNNING')
    expect(await statusAt(116, old)).toBe('DEACTIVATING')
    expect(await statusAt(120, old)).toBe('STOPPING')
    expect(await statusAt(121, old)).toBe('DEPROVISIONING')
    expect(await statusAt(122, old)).toBe('STOPPED')
  })

  it('scales durations by speed: at 60 ECS seconds per second a rollout takes well under a real second', async () => {
    const { ecs, call, at, service } = await steadyService({ speed: 60, ...behindLb })
    await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    at(121) // ECS seconds; 21/60 of a real second after the update
    expect((await service()).deployments).toHaveLength(2)
    at(123)
    const done = await service()
    expect(done.deployments.map((d: any) => d.rolloutState)).toEqual(['COMPLETED'])
    expect((ecs.snapshot() as any).services[0].deployments[0].rolloutStateChangedAt).toBeCloseTo(
      T0 + (122 * 1000) / 60,
      0
    )
  })

  it('starts a deployment on forceNewDeployment, but not for a desired count change alone', async () => {
    const { call, at, service } = await steadyService()
    const scaled = (await call('UpdateService', { cluster: 'prod', service: 'web', desiredCount: 3 })).service
    expect(scaled.deployments).toHaveLength(1)
    at(120)
    expect((await service()).runningCount).toBe(3)
    const forced = (
      await call('UpdateService', { cluster: 'prod', service: 'web', forceNewDeployment: true })
    ).service
    expect(forced.deployments).toHaveLength(2)
    expect(forced.deployments[0].taskDefinition).toBe(forced.deployments[1].taskDefinition)
  })

  it('without a load balancer, stops old tasks at once: no draining, STOPPING and then STOPPED 2 s later', async () => {
    const { call, at, service, tasks } = await steadyService({ desiredCount: 1 })
    const [old] = await tasks()
    const id = (await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
      .service.deployments[0].id
    const statusAt = async (second: number) => {
      at(second)
      return (await call('DescribeTasks', { cluster: 'prod', tasks: [old.taskArn] })).tasks[0].lastStatus
    }
    expect(await statusAt(114)).toBe('RUNNING')
    expect(await statusAt(115)).toBe('STOPPING') // healthy at 115: stopped without a drain
    expect(await statusAt(117)).toBe('STOPPED')
    const done = await service()
    expect(done.deployments).toMatchObject([{ id, rolloutState: 'COMPLETED' }])
    expect(messagesOf(done).some(m => /draining|targets/.test(m))).toBe(false)
  })

  it('with idle targets, ELB ends the drain at once, while the target group still reports its delay', async () => {
    const { ecs, call, at, service } = await steadyService({ desiredCount: 1, ...behindLb })
    ecs.setScenario({ drainSeconds: 300, idleTargets: true })
    await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    at(117)
    const done = await service()
    expect(done.deployments.map((d: any) => d.rolloutState)).toEqual(['COMPLETED'])
    expect(messagesOf(done)).toContain('(service web) has begun draining connections on 1 tasks.')
    expect(ecs.drainDelaySeconds()).toBe(300)
  })

  it('reports target registration only for services with a load balancer', async () => {
    const withLb = await steadyService(behindLb)
    await withLb.call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    withLb.at(130)
    const messages = messagesOf(await withLb.service())
    expect(messages).toContain(`(service web) registered 2 targets in (target-group ${targetGroupArn})`)
    expect(messages).toContain(`(service web) deregistered 2 targets in (target-group ${targetGroupArn})`)

    const without = await steadyService()
    expect(messagesOf(await without.service()).some(m => m.includes('targets'))).toBe(false)
  })
})

describe('failures from the scenario', () => {
  it('pull: the task stops in PENDING with CannotPullContainerError and never starts', async () => {
    const { ecs, call, at, tasks } = await steadyService({ desiredCount: 1 })
    ecs.setScenario({ failures: [{ image: 'web:2', kind: 'pull' }] })
    const id = (await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
      .service.deployments[0].id
    at(107)
    const [failed] = await tasks({ desiredStatus: 'STOPPED', startedBy: id })
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image('2')}: not found`
    expect(failed).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason
    })
    expect(failed.startedAt).toBeUndefined()
    expect(failed.containers.find((c: any) => c.name === 'web').reason).toBe(reason)
  })

  it('exit: the task reaches RUNNING, the container exits with the code and its log lines land in its awslogs stream', async () => {
    const { ecs, call, at, tasks } = await steadyService({ desiredCount: 1 })
    ecs.setScenario({
      failures: [
        {
          image: 'web:2',
          kind: 'exit',
          exitCode: 3,
          logLines: ['Starting', 'Error: DATABASE_URL is not set']
        }
      ]
    })
    const id = (await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
      .service.deployments[0].id
    at(113)
    const [failed] = await tasks({ desiredStatus: 'STOPPED', startedBy: id })
    expect(failed).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      startedAt: T0 / 1000 + 110
    })
    expect(failed.containers.find((c: any) => c.name === 'web')).toMatchObject({
      lastStatus: 'STOPPED',
      exitCode: 3
    })
    const taskId = failed.taskArn.split('/').pop()
    const lines = ecs.logStreams().get(`/ecs/web\necs/web/${taskId}`)
    expect(lines?.map(l => l.message)).toEqual(['Starting', 'Error: DATABASE_URL is not set'])
    expect(lines?.[0]?.timestamp).toBe(T0 + 110_000)
  })

  it('health-check: the task runs, fails its container health checks and is stopped', async () => {
    const { ecs, call, at, tasks, service } = await steadyService({ desiredCount: 1 })
    ecs.setScenario({ failures: [{ taskDefinition: 'web:2', kind: 'health-check' }] })
    const id = (await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
      .service.deployments[0].id
    at(124)
    const [failed] = await tasks({ desiredStatus: 'STOPPED', startedBy: id })
    expect(failed).toMatchObject({
      stoppedReason: 'Task failed container health checks',
      healthStatus: 'UNHEALTHY',
      lastStatus: 'STOPPED'
    })
    const taskId = failed.taskArn.split('/').pop()
    const current = await service()
    expect(messagesOf(current)).toContain(`(service web) (task ${taskId}) failed container health checks.`)
    expect(current.deployments[0].failedTasks).toBe(1)
  })

  it('an image the registry does not have fails like a pull', async () => {
    const asked: string[] = []
    const images: ImageLookup = {
      exists: async uri => {
        asked.push(uri)
        return uri !== image('2')
      }
    }
    const { call, at, tasks } = await steadyService({ desiredCount: 1, images })
    const id = (await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
      .service.deployments[0].id
    at(107)
    const [failed] = await tasks({ desiredStatus: 'STOPPED', startedBy: id })
    expect(failed.stoppedReason).toBe(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image('2')}: not found`
    )
    expect(asked).toContain(image('2'))
  })

  it('without a circuit breaker, failing tasks are replaced forever while the old deployment keeps serving', async () => {
    const { ecs, call, at, service } = await steadyService({ desiredCount: 1 })
    ecs.setScenario({ failures: [{ image: 'web:2', kind: 'pull' }] })
    await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    at(100 + 3600)
    const current = await service()
    expect(current.deployments.map((d: any) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED']
    ])
    expect(current.deployments[0].failedTasks).toBeGreaterThan(500)
    expect(current.deployments[1].runningCount).toBe(1)
    // Events: newest first, capped at 100, unique ids.
    expect(current.events).toHaveLength(100)
    const times = current.events.map((e: any) => e.createdAt)
    expect([...times].sort((a: number, b: number) => b - a)).toEqual(times)
    expect(new Set(current.events.map((e: any) => e.id)).size).toBe(100)
    expect(current.events[0].message).toMatch(
      /^\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\.$/
    )
  })
})

describe('the deployment circuit breaker', () => {
  async function failingRollout(setup: Setup) {
    const harness = await steadyService({ breaker: { enable: true, rollback: false }, ...setup })
    harness.ecs.setScenario({ failures: [{ image: 'web:2', kind: 'pull' }] })
    const id: string = (
      await harness.call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    ).service.deployments[0].id
    const primary = async () => (await harness.service()).deployments.find((d: any) => d.id === id)
    return { ...harness, id, primary }
  }

  it('desired 1: trips on the third consecutive failure', async () => {
    const { at, primary, service, id } = await failingRollout({ desiredCount: 1 })
    at(114) // failures at 105 and 110
    expect(await primary()).toMatchObject({ failedTasks: 2, rolloutState: 'IN_PROGRESS' })
    at(115)
    expect(await primary()).toMatchObject({
      failedTasks: 3,
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
    expect(messagesOf(await service())).toContain(
      `(service web) (deployment ${id}) deployment failed: tasks failed to start.`
    )
  })

  it('desired 4: three failures are enough', async () => {
    const { at, primary } = await failingRollout({ desiredCount: 4 })
    at(105) // the first four tasks all fail at 105
    expect(await primary()).toMatchObject({ failedTasks: 4, rolloutState: 'FAILED' })
  })

  it('desired 10: needs 5 failures (two at a time with maximumPercent 120)', async () => {
    const { at, primary } = await failingRollout({ desiredCount: 10, maximumPercent: 120 })
    at(110)
    expect(await primary()).toMatchObject({ failedTasks: 4, rolloutState: 'IN_PROGRESS' })
    at(115)
    expect(await primary()).toMatchObject({ failedTasks: 6, rolloutState: 'FAILED' })
  })

  it('desired 500: caps the threshold at 200 (fifty at a time with maximumPercent 110)', async () => {
    const { at, primary } = await failingRollout({ desiredCount: 500, maximumPercent: 110 })
    at(115)
    expect(await primary()).toMatchObject({ failedTasks: 150, rolloutState: 'IN_PROGRESS' })
    at(120)
    expect(await primary()).toMatchObject({ failedTasks: 200, rolloutState: 'FAILED' })
  })

  it('a task that runs healthily resets the count of consecutive failures', async () => {
    const { ecs, at, primary } = await failingRollout({ desiredCount: 1 })
    at(109)
    expect((await primary()).failedTasks).toBe(1)
    ecs.setScenario({ failures: [] }) // the task launched at 105 still fails at 110; its replacement starts fine
    at(124)
    expect(await primary()).toMatchObject({ failedTasks: 2, rolloutState: 'IN_PROGRESS' })
    at(125)
    expect(await primary()).toMatchObject({ failedTasks: 0, rolloutState: 'IN_PROGRESS' })
    at(140)
    expect(await primary()).toMatchObject({ failedTasks: 0, rolloutState: 'COMPLETED' })
  })

  it('with rollback: a new PRIMARY deployment goes back to the last completed task definition and the failed one drains away', async () => {
    const { call, at, service, id, firstDeploymentId } = await failingRollout({
      desiredCount: 1,
      breaker: { enable: true, rollback: true }
    })
    at(115)
    const rolling = await service()
    const rollbackId: string = rolling.deployments[0].id
    expect(rollbackId).not.toBe(id)
    expect(
      rolling.deployments.map((d: any) => [d.status, d.rolloutState, d.taskDefinition.split('/').pop()])
    ).toEqual([
      ['PRIMARY', 'IN_PROGRESS', 'web:1'],
      ['ACTIVE', 'FAILED', 'web:2'],
      ['ACTIVE', 'COMPLETED', 'web:1']
    ])
    expect(rolling.deployments[0].rolloutStateReason).toBe(
      `ECS deployment circuit breaker: rolling back to deploymentId ${firstDeploymentId}.`
    )
    const failedAt = messagesOf(rolling).indexOf(
      `(service web) (deployment ${id}) deployment failed: tasks failed to start.`
    )
    const rollingBackAt = messagesOf(rolling).indexOf(
      `(service web) rolling back to deployment ${firstDeploymentId}.`
    )
    expect(failedAt).toBeGreaterThan(rollingBackAt) // newest first: the failure, then the rollback
    expect(rollingBackAt).toBeGreaterThanOrEqual(0)
    at(200)
    const after = await service()
    expect(after.deployments.map((d: any) => [d.id, d.rolloutState])).toEqual([[rollbackId, 'COMPLETED']])
    expect(after.taskDefinition).toMatch(/web:1$/)
    expect(messagesOf(after)[0]).toBe('(service web) has reached a steady state.')

    const listed = (await call('ListServiceDeployments', { cluster: 'prod', service: 'web' }))
      .serviceDeployments
    expect(listed.map((d: any) => d.status)).toEqual(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL'])
    const [described] = (
      await call('DescribeServiceDeployments', { serviceDeploymentArns: [listed[0].serviceDeploymentArn] })
    ).serviceDeployments
    expect(described).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      deploymentCircuitBreaker: { status: 'TRIGGERED', threshold: 3 }
    })
  })
})

describe('placement failures and concurrent deployments', () => {
  it('places nothing, repeats the "unable to place" event, and recovers when capacity returns', async () => {
    const { ecs, call, at, service } = await steadyService({ desiredCount: 1 })
    ecs.setScenario({ placementFailure: true })
    await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    at(165)
    const stuck = await service()
    const unable = messagesOf(stuck).filter(m => m.startsWith('(service web) was unable to place a task'))
    expect(unable).toHaveLength(3) // at 100, 130, 160
    expect(unable[0]).toBe(
      '(service web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.'
    )
    expect(stuck.deployments[0]).toMatchObject({
      rolloutState: 'IN_PROGRESS',
      pendingCount: 0,
      runningCount: 0,
      failedTasks: 0
    })
    ecs.setScenario({ placementFailure: false })
    at(230) // next retry at 190, running 200, healthy 205, old stopped 212
    expect((await service()).deployments.map((d: any) => d.rolloutState)).toEqual(['COMPLETED'])
  })

  it('somebody else updates the service after the next UpdateService, once', async () => {
    const { ecs, call, at, service } = await steadyService()
    ecs.setScenario({ concurrentDeployment: { afterSeconds: 8, taskDefinition: 'web:3' } })
    const ours: string = (
      await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    ).service.deployments[0].id
    at(107)
    expect((await service()).deployments[0].id).toBe(ours)
    at(108)
    const taken = await service()
    expect(taken.deployments[0].id).not.toBe(ours)
    expect(taken.deployments[0].taskDefinition).toMatch(/web:3$/)
    expect(taken.deployments.find((d: any) => d.id === ours)).toMatchObject({
      status: 'ACTIVE',
      rolloutState: 'IN_PROGRESS'
    })
    at(200)
    const settled = await service()
    expect(settled.deployments.map((d: any) => [d.taskDefinition.split('/').pop(), d.rolloutState])).toEqual([
      ['web:3', 'COMPLETED']
    ])
    await call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    at(300)
    expect((await service()).taskDefinition).toMatch(/web:2$/)
  })
})

describe('service and task calls', () => {
  async function rejection(promise: Promise<unknown>): Promise<AwsError> {
    try {
      await promise
    } catch (err) {
      if (err instanceof AwsError) return err
      throw err
    }
    throw new Error('expected the call to fail')
  }

  it("answers missing clusters and services with ECS's errors and failures", async () => {
    const { call } = await steadyService()
    expect(await call('DescribeServices', { cluster: 'prod', services: ['web', 'api'] })).toMatchObject({
      services: [{ serviceName: 'web' }],
      failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api', reason: 'MISSING' }]
    })
    const cluster = await rejection(call('DescribeServices', { cluster: 'staging', services: ['web'] }))
    expect([cluster.type, cluster.message]).toEqual(['ClusterNotFoundException', 'Cluster not found.'])
    const service = await rejection(
      call('UpdateService', { cluster: 'prod', service: 'api', desiredCount: 1 })
    )
    expect([service.type, service.message]).toEqual(['ServiceNotFoundException', 'Service not found.'])
    const td = await rejection(
      call('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:9' })
    )
    expect(td.type).toBe('ClientException')
  })

  it('refuses to update a deleted service', async () => {
    const { call } = await steadyService()
    await call('UpdateService', { cluster: 'prod', service: 'web', desiredCount: 0 })
    await call('DeleteService', { cluster: 'prod', service: 'web' })
    const error = await rejection(call('UpdateService', { cluster: 'prod', service: 'web', desiredCount: 1 }))
    expect([error.type, error.message]).toEqual(['ServiceNotActiveException', 'Service was not ACTIVE.'])
  })

  it('rejects an awsvpc service without network configuration, and a duplicate service', async () => {
    const { call } = await steadyService()
    const network = await rejection(
      call('CreateService', { cluster: 'prod', serviceName: 'api', taskDefinition: 'web:1', desiredCount: 1 })
    )
    expect(network.message).toBe(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    )
    const twice = await rejection(
      call('CreateService', {
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web:1',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['s'] } }
      })
    )
    expect(twice.message).toBe('Creation of service was not idempotent.')
  })

  it('replaces a task a user stops, and runs standalone tasks', async () => {
    const { call, at, tasks } = await steadyService({ desiredCount: 1 })
    const [task] = await tasks()
    const stopped = (await call('StopTask', { cluster: 'prod', task: task.taskArn, reason: 'testing' })).task
    expect(stopped).toMatchObject({
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'testing'
    })
    at(130)
    const running = await tasks({ serviceName: 'web' })
    expect(running).toHaveLength(1)
    expect(running[0].taskArn).not.toBe(task.taskArn)

    const run = await call('RunTask', {
      cluster: 'prod',
      taskDefinition: 'web',
      launchType: 'FARGATE',
      startedBy: 'migrations',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['s'] } }
    })
    expect(run.tasks[0]).toMatchObject({
      group: 'family:web',
      startedBy: 'migrations',
      lastStatus: 'PROVISIONING'
    })
    at(150)
    expect(await tasks({ startedBy: 'migrations' })).toMatchObject([{ lastStatus: 'RUNNING' }])
    expect(await tasks({ family: 'web' })).toHaveLength(2)
  })
})
