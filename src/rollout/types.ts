// What following a rollout takes in, gives back, and reads from.
import type { Service, ServiceDeployment, Task, TaskDefinition } from '@aws-sdk/client-ecs'

/** The ECS reads the watcher needs; src/rollout/sources.ts adapts ECSClient, tests script it. */
export interface RolloutSource {
  /** undefined when the service does not exist. */
  describeService(cluster: string, service: string): Promise<Service | undefined>
  /** ARNs of tasks started by this deployment that ECS has stopped or is stopping. */
  listStoppedTasks(cluster: string, service: string, startedBy: string): Promise<string[]>
  describeTasks(cluster: string, arns: string[]): Promise<Task[]>
  describeTaskDefinition(arn: string): Promise<TaskDefinition | undefined>
  /** The service deployments named; where absent, the watch follows through DescribeServices only. */
  describeServiceDeployments?(arns: string[]): Promise<ServiceDeployment[]>
}

/** Target group settings; src/rollout/sources.ts adapts ElasticLoadBalancingV2Client. */
export interface TargetGroupSource {
  /** The deregistration delay of one target group, in seconds. */
  deregistrationDelaySeconds(targetGroupArn: string): Promise<number>
}

/** The last lines of one CloudWatch log stream; src/aws/logs.ts adapts CloudWatchLogsClient. */
export interface LogSource {
  tail(region: string | undefined, group: string, stream: string, lines: number): Promise<string[]>
}

export interface WatchRequest {
  cluster: string
  service: string
  /** The deployment UpdateService created (ecs-svc/...). */
  deploymentId: string
  /** Its service deployment, where the service has them: ECS's authoritative status, read now and then. */
  serviceDeploymentArn?: string
  taskDefinitionArn: string
  previousTaskDefinitionArn?: string
  timeoutMs: number
  /** Fail after this many distinct stopped tasks of the new deployment; 0 leaves it to ECS. */
  maxTaskFailures: number
  /** Fail as a capacity problem after this many "unable to place a task" events (default 5). */
  placementFailureEvents?: number
  /** ... or this long after the first such event without a task starting (default 3 minutes). */
  placementFailureMs?: number
  /**
   * Follow a rollback that ECS's circuit breaker starts to its end (ROLLED_BACK). When false the watch fails as soon
   * as ECS says it rolls back (ROLLING_BACK), naming the revision it goes back to: a red X should not wait for it.
   */
  followEcsRollback: boolean
  /**
   * Picking up a deployment this run already followed (after StopServiceDeployment ROLLBACK): events before
   * `eventsSince` (local ms) and these stopped tasks were shown already.
   */
  earlier?: { eventsSince: number; stoppedTasks: StoppedTaskReport[] }
}

export type RolloutOutcome =
  | 'COMPLETED'
  | 'FAILED'
  | 'ROLLING_BACK'
  | 'ROLLED_BACK'
  | 'REPLACED'
  | 'TIMED_OUT'
  | 'SERVICE_INACTIVE'
  /** Stopped by someone or something else (CodeDeploy: StopDeployment, an alarm, the Ready wait timing out). */
  | 'STOPPED'
  /** Left green while waiting to be continued (on-pause exit): a pause hook, or CodeDeploy's Ready. */
  | 'PAUSED'
  /** wait-until a lifecycle stage: the service deployment reached it healthy and goes on without the run. */
  | 'STAGE_REACHED'

/** One lifecycle stage of a service deployment as the run saw it: when it was first and last seen in it. */
export interface StageSpan {
  stage: string
  startedAt: number
  endedAt?: number
}

/** One CodeDeploy lifecycle event as GetDeploymentTarget last showed it. */
export interface CodeDeployEventSpan {
  name: string
  status: string
  startedAt?: number
  endedAt?: number
  /** CodeDeploy's diagnostics of a failed hook. */
  message?: string
}

/** One ECS task set of a CodeDeploy deployment target. */
export interface CodeDeployTaskSet {
  /** Blue (original) or Green (replacement). */
  label: string
  id?: string
  trafficWeight: number
  running: number
  desired: number
  status?: string
}

/** A CodeDeploy deployment the run followed (its own, or CodeDeploy's rollback of it), as last seen. */
export interface CodeDeployTimeline {
  deploymentId: string
  /** Set on CodeDeploy's rollback deployment: the deployment it rolls back. */
  rollbackOf?: string
  status?: string
  lifecycleEvents: CodeDeployEventSpan[]
  taskSets: CodeDeployTaskSet[]
}

export interface StoppedContainer {
  name: string
  exitCode?: number
  reason?: string
  /** The last lines of the container's awslogs stream, oldest first. */
  logTail?: string[]
  /** Why no log lines could be shown (missing stream, no permission, no awslogs). */
  logNote?: string
}

export interface StoppedTaskReport {
  taskArn: string
  taskDefinitionArn?: string
  stoppedReason?: string
  stoppedAt?: Date
  containers: StoppedContainer[]
}

export interface ServiceEventLine {
  createdAt: Date
  message: string
}

export interface RolloutResult {
  outcome: RolloutOutcome
  ok: boolean
  /** One line a person can act on. */
  cause: string
  details: string[]
  /** Every service event seen during the rollout, oldest first. */
  events: ServiceEventLine[]
  stoppedTasks: StoppedTaskReport[]
  /** The task definition the service runs again after a rollback (by ECS or by us). */
  restoredTaskDefinitionArn?: string
  finishedAt: number
  /** DescribeServices calls made (DescribeServiceDeployments calls, on a service deployment path). */
  polls: number
  /** DescribeServiceDeployments calls made. */
  serviceDeploymentCalls?: number
  /** A service deployment's lifecycle stages with their times, in order. */
  timeline?: StageSpan[]
  /** CodeDeploy: each deployment followed (ours, then its rollback) with its lifecycle events and task sets. */
  codeDeploy?: CodeDeployTimeline[]
  /** PAUSED: the pause hook waiting for ContinueServiceDeployment. */
  hookId?: string
  /** STAGE_REACHED: the stage the deployment was left in (rollout-state); PAUSED: the stage it waits in. */
  stage?: string
}
