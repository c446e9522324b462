// A scripted ECS for rollout tests: service snapshots, events and stopped tasks on a timeline of seconds.
import type {
  Deployment,
  DeploymentConfiguration,
  Service,
  ServiceDeployment,
  ServiceEvent,
  Task,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import { FakeClock } from './clock.js'
import { RecordingLogger } from './logger.js'
import type { LogSource, RolloutSource, TargetGroupSource, WatchRequest } from '../src/rollout/types.js'

export const ACCOUNT = '123456789012'
export const td = (revision: number, family = 'web') =>
  `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/${family}:${revision}`
export const taskArn = (id: string) => `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/prod/${id}`
export const OURS = 'ecs-svc/1111111111111111111'
export const OLD = 'ecs-svc/0000000000000000000'
export const TARGET_GROUP = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067`

export function request(overrides: Partial<WatchRequest> = {}): WatchRequest {
  return {
    cluster: 'prod',
    service: 'web',
    deploymentId: OURS,
    taskDefinitionArn: td(8),
    previousTaskDefinitionArn: td(7),
    timeoutMs: 30 * 60_000,
    maxTaskFailures: 0,
    followEcsRollback: true,
    ...overrides
  }
}

export interface DeploymentSpec {
  id?: string
  rev?: number
  status?: 'PRIMARY' | 'ACTIVE'
  state?: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | null
  reason?: string
  desired?: number
  running?: number
  pending?: number
  failed?: number
}

/** Our deployment by default: PRIMARY, web:8, IN_PROGRESS, 2 desired. */
export function ours(spec: DeploymentSpec = {}): DeploymentSpec {
  return {
    id: OURS,
    rev: 8,
    status: 'PRIMARY',
    state: 'IN_PROGRESS',
    desired: 2,
    running: 0,
    pending: 0,
    failed: 0,
    ...spec
  }
}

/** The deployment that ran before: ACTIVE, web:7, COMPLETED, 2 running. */
export function old(spec: DeploymentSpec = {}): DeploymentSpec {
  return {
    id: OLD,
    rev: 7,
    status: 'ACTIVE',
    state: 'COMPLETED',
    desired: 2,
    running: 2,
    pending: 0,
    failed: 0,
    ...spec
  }
}

export interface Phase {
  /** Seconds after the watch starts. */
  at: number
  deployments?: DeploymentSpec[]
  status?: string
  missing?: boolean
}

export interface StoppedTaskSpec {
  at: number
  id: string
  startedBy?: string
  reason: string
  containers?: { name: string; exitCode?: number; reason?: string }[]
  /** Still stopping (lastStatus DEACTIVATING) until this second. */
  stoppedAtSecond?: number
}

export class FakeEcs implements RolloutSource {
  readonly start: number
  phases: Phase[] = []
  events: { at: number; message: string; id?: string }[] = []
  stopped: StoppedTaskSpec[] = []
  taskDefinition?: TaskDefinition
  circuitBreakerRollback = false
  /** The service's load balancer target groups (loadBalancers[].targetGroupArn). */
  targetGroups: string[] = []
  /** describeService throws ThrottlingException while `from <= t < to` (seconds). */
  throttle?: { from: number; to: number }
  /** Replaces the service's deploymentConfiguration (circuit breaker, earlySuccessCriteria, ...). */
  deploymentConfiguration?: DeploymentConfiguration
  /** This run's service deployment over time (`at` seconds); describeServiceDeployments answers the latest. */
  serviceDeployments: { at: number; deployment: ServiceDeployment }[] = []
  /** describeServiceDeployments throws this (a missing permission). */
  serviceDeploymentError?: Error
  /** Seconds after the start of each describeServiceDeployments call. */
  readonly serviceDeploymentCalls: number[] = []
  readonly calls = {
    describeService: [] as number[],
    listStoppedTasks: 0,
    describeTasks: [] as string[][],
    describeTaskDefinition: 0
  }

  constructor(readonly clock: FakeClock) {
    this.start = clock.now()
  }

  seconds(): number {
    return (this.clock.now() - this.start) / 1000
  }

  timeOf(at: number): Date {
    return new Date(this.start + at * 1000)
  }

  at(at: number, deployments: DeploymentSpec[], extra: Omit<Phase, 'at' | 'deployments'> = {}): this {
    this.phases.push({ at, deployments, ...extra })
    this.phases.sort((a, b) => a.at - b.at)
    return this
  }

  event(at: number, message: string): this {
    this.events.push({ at, message, id: `event-${this.events.length + 1}` })
    return this
  }

  private deployment(spec: DeploymentSpec): Deployment {
    return {
      id: spec.id,
      status: spec.status,
      taskDefinition: td(spec.rev ?? 8),
      desiredCount: spec.desired,
      runningCount: spec.running,
      pendingCount: spec.pending,
      failedTasks: spec.failed,
      ...(spec.state ? { rolloutState: spec.state } : {}),
      ...(spec.reason ? { rolloutStateReason: spec.reason } : {}),
      createdAt: spec.id === OURS ? new Date(this.start - 1000) : new Date(this.start - 3_600_000)
    }
  }

  async describeService(): Promise<Service | undefined> {
    const t = this.seconds()
    this.calls.describeService.push(this.clock.now())
    if (this.throttle && t >= this.throttle.from && t < this.throttle.to) {
      const error = new Error('Rate exceeded')
      error.name = 'ThrottlingException'
      throw error
    }
    const phase = [...this.phases].reverse().find(p => p.at <= t)
    if (!phase || phase.missing) return undefined
    // Newest first; of two in the same instant, the one written later comes first.
    const events: ServiceEvent[] = this.events
      .map((e, index) => ({ ...e, index }))
      .filter(e => e.at <= t)
      .sort((a, b) => b.at - a.at || b.index - a.index)
      .slice(0, 100)
      .map(e => ({ id: e.id, createdAt: this.timeOf(e.at), message: e.message }))
    return {
      serviceName: 'web',
      status: phase.status ?? 'ACTIVE',
      loadBalancers: this.targetGroups.map(arn => ({
        targetGroupArn: arn,
        containerName: 'app',
        containerPort: 8080
      })),
      deployments: (phase.deployments ?? []).map(d => this.deployment(d)),
      deploymentConfiguration: this.deploymentConfiguration ?? {
        deploymentCircuitBreaker: {
          enable: this.circuitBreakerRollback,
          rollback: this.circuitBreakerRollback
        }
      },
      events
    }
  }

  /** Seconds after the start at which listStoppedTasks was called. */
  readonly listedAt: number[] = []

  async listStoppedTasks(_cluster: string, _service: string, startedBy: string): Promise<string[]> {
    this.calls.listStoppedTasks++
    this.listedAt.push(this.seconds())
    const t = this.seconds()
    return this.stopped.filter(s => s.at <= t && (s.startedBy ?? OURS) === startedBy).map(s => taskArn(s.id))
  }

  async describeTasks(_cluster: string, arns: string[]): Promise<Task[]> {
    this.calls.describeTasks.push(arns)
    const t = this.seconds()
    return this.stopped
      .filter(s => arns.includes(taskArn(s.id)))
      .map(s => {
        const stopping = s.stoppedAtSecond !== undefined && t < s.stoppedAtSecond
        return {
          taskArn: taskArn(s.id),
          taskDefinitionArn: td(8),
          startedBy: s.startedBy ?? OURS,
          lastStatus: stopping ? 'DEACTIVATING' : 'STOPPED',
          desiredStatus: 'STOPPED',
          stoppedReason: s.reason,
          ...(stopping ? {} : { stoppedAt: this.timeOf(s.stoppedAtSecond ?? s.at) }),
          containers: (s.containers ?? []).map(c => (stopping ? { name: c.name } : c))
        }
      })
  }

  async describeTaskDefinition(): Promise<TaskDefinition | undefined> {
    this.calls.describeTaskDefinition++
    return this.taskDefinition
  }

  /** The service deployment as of `at` seconds. */
  serviceDeployment(at: number, deployment: ServiceDeployment): this {
    this.serviceDeployments.push({
      at,
      deployment: { serviceDeploymentArn: SERVICE_DEPLOYMENT, ...deployment }
    })
    this.serviceDeployments.sort((a, b) => a.at - b.at)
    return this
  }

  async describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]> {
    this.serviceDeploymentCalls.push(this.seconds())
    if (this.serviceDeploymentError) throw this.serviceDeploymentError
    const t = this.seconds()
    const latest = [...this.serviceDeployments].reverse().find(s => s.at <= t)
    return latest && arns.includes(latest.deployment.serviceDeploymentArn ?? '') ? [latest.deployment] : []
  }
}

export const SERVICE_DEPLOYMENT = `arn:aws:ecs:eu-west-1:${ACCOUNT}:service-deployment/prod/web/1111111111111111111`

/** Target groups and their deregistration delays; `denied` makes every read fail like a missing permission. */
export class FakeTargetGroups implements TargetGroupSource {
  readonly calls: string[] = []
  denied = false
  constructor(readonly delays: Record<string, number>) {}
  async deregistrationDelaySeconds(arn: string): Promise<number> {
    this.calls.push(arn)
    if (this.denied) {
      const error = new Error(
        `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: elasticloadbalancing:DescribeTargetGroupAttributes`
      )
      error.name = 'AccessDenied'
      throw error
    }
    const delay = this.delays[arn]
    if (delay === undefined) throw new Error(`no target group ${arn}`)
    return delay
  }
}

/** A task definition whose container "app" logs with awslogs to /ecs/web, prefix web. */
export function appTaskDefinition(): TaskDefinition {
  return {
    taskDefinitionArn: td(8),
    family: 'web',
    revision: 8,
    containerDefinitions: [
      {
        name: 'app',
        essential: true,
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/web',
            'awslogs-region': 'eu-west-1',
            'awslogs-stream-prefix': 'web'
          }
        }
      },
      { name: 'sidecar', essential: false }
    ]
  }
}

export class FakeLogs implements LogSource {
  readonly streams = new Map<string, string[]>()
  readonly calls: string[] = []
  async tail(_region: string | undefined, group: string, stream: string, lines: number): Promise<string[]> {
    this.calls.push(`${group}/${stream}`)
    const found = this.streams.get(`${group}/${stream}`)
    if (!found) {
      const error = new Error(`log stream ${group}/${stream} does not exist`)
      error.name = 'LogUnavailable'
      throw error
    }
    return found.slice(-lines)
  }
}

/** A RecordingLogger that also notes when each line was written. */
export class TimedLogger extends RecordingLogger {
  readonly at: number[] = []
  constructor(private readonly clock: FakeClock) {
    super()
  }
  override info(message: string): void {
    super.info(message)
    this.at.push(this.clock.now())
  }
}

export function setup() {
  const clock = new FakeClock()
  const ecs = new FakeEcs(clock)
  const logs = new FakeLogs()
  const logger = new TimedLogger(clock)
  // A fixed jitter keeps runs reproducible.
  return { clock, ecs, logs, logger, deps: { source: ecs, logs, clock, logger, random: () => 0.5 } }
}
