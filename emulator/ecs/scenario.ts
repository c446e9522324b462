// The rollout scenario: how the stand-in's ECS behaves while tasks start, run and stop.
// Durations are ECS seconds; the model turns them into real time with `options.speed`.

/** One way tasks fail. A failure applies to a task whose definition matches every given selector. */
export interface ScenarioFailure {
  /** Substring of a container's image; the first matching container is the one that fails. */
  image?: string
  /** Task definition family, `family:revision` or full ARN. */
  taskDefinition?: string
  /** pull: stops in PENDING (CannotPullContainerError); exit: reaches RUNNING then the container exits; health-check: fails container health checks. */
  kind: 'pull' | 'exit' | 'health-check'
  /** Exit code of the failing container for kind 'exit' (default 1). */
  exitCode?: number
  /** Lines the failing container writes to its awslogs stream (see EcsModel.logStreams). */
  logLines?: string[]
}

export interface EcsScenario {
  /** PROVISIONING → RUNNING (default 10). */
  taskStartSeconds: number
  /** RUNNING → healthy, i.e. counted as serving by the deployment (default 5). */
  healthyAfterSeconds: number
  /**
   * How long a running task of a service behind a load balancer drains before it stops: the target groups'
   * deregistration delay, which DescribeTargetGroupAttributes reports (default 5). Tasks of services without a
   * target group do not drain: they go straight to STOPPING.
   */
  drainSeconds: number
  /**
   * The targets hold no connections, so ELB completes their deregistration at once instead of waiting the
   * deregistration delay, as AWS documents for idle targets (default false).
   */
  idleTargets: boolean
  failures: ScenarioFailure[]
  /** No container instance or capacity: nothing starts, the service reports it cannot place tasks. */
  placementFailure: boolean
  /** Somebody else updates the service this many ECS seconds after the next UpdateService (then forgotten). */
  concurrentDeployment?: { afterSeconds: number; taskDefinition?: string }
  /** ECS seconds a lifecycle stage with nothing else to do takes, and a hook's Lambda takes to answer (default 1). */
  stageSeconds: number
  /** What AWS_LAMBDA lifecycle hooks answer (first match wins; no match: SUCCEEDED after stageSeconds). */
  lambdaHooks: ScriptedHook[]
  /** CloudWatch alarms that go into ALARM during a deployment. */
  alarms: ScriptedAlarm[]
  /** A rollback of a BLUE_GREEN/LINEAR/CANARY deployment fails (ROLLBACK_FAILED) instead of restoring the source. */
  rollbackFails: boolean
  /** What CodeDeploy's AppSpec hooks answer (first match wins; no match: Succeeded after stageSeconds). */
  codeDeployHooks: ScriptedCodeDeployHook[]
  /**
   * ECS's eventual consistency: an UpdateService that starts a deployment answers without currentServiceDeployment,
   * and so do this many DescribeServices of that service after it (default 0: named at once).
   */
  serviceDeploymentLag: number
}

export type HookResult = 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS'

/** A Lambda hook's answer: `status` after `afterSeconds`; IN_PROGRESS asks ECS to call back until `inProgressSeconds` have passed, then `then`. */
export interface ScriptedHook {
  /** Lambda function ARN (or a substring of it); absent: any. */
  targetArn?: string
  /** Lifecycle stage; absent: any. */
  stage?: string
  status: HookResult
  afterSeconds?: number
  inProgressSeconds?: number
  then?: 'SUCCEEDED' | 'FAILED'
}

/** Alarm `name` goes into ALARM when a deployment reaches `stage`, or `afterSeconds` after the deployment started. */
export interface ScriptedAlarm {
  name: string
  stage?: string
  afterSeconds?: number
}

export interface ScriptedCodeDeployHook {
  /** AppSpec hook: BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic. */
  event: string
  status: 'Succeeded' | 'Failed'
  afterSeconds?: number
}

export const defaultScenario: EcsScenario = {
  taskStartSeconds: 10,
  healthyAfterSeconds: 5,
  drainSeconds: 5,
  idleTargets: false,
  failures: [],
  placementFailure: false,
  stageSeconds: 1,
  lambdaHooks: [],
  alarms: [],
  rollbackFails: false,
  codeDeployHooks: [],
  serviceDeploymentLag: 0
}

const failureKinds = ['pull', 'exit', 'health-check']

function seconds(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`scenario.${field} must be a number of ECS seconds >= 0, got ${JSON.stringify(value)}.`)
  }
  return value
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') {
    throw new Error(`scenario.${field} must be a non-empty string when given, got ${JSON.stringify(value)}.`)
  }
  return value
}

function parseFailure(value: unknown, index: number): ScenarioFailure {
  const field = `failures[${index}]`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`scenario.${field} must be an object like {"kind": "pull", "image": "web"}.`)
  }
  const raw = value as Record<string, unknown>
  if (typeof raw.kind !== 'string' || !failureKinds.includes(raw.kind)) {
    throw new Error(
      `scenario.${field}.kind must be one of ${failureKinds.join(', ')}, got ${JSON.stringify(raw.kind)}.`
    )
  }
  const failure: ScenarioFailure = { kind: raw.kind as ScenarioFailure['kind'] }
  const image = optionalString(raw.image, `${field}.image`)
  if (image !== undefined) failure.image = image
  const taskDefinition = optionalString(raw.taskDefinition, `${field}.taskDefinition`)
  if (taskDefinition !== undefined) failure.taskDefinition = taskDefinition
  if (raw.exitCode !== undefined) {
    if (typeof raw.exitCode !== 'number' || !Number.isInteger(raw.exitCode)) {
      throw new Error(`scenario.${field}.exitCode must be an integer, got ${JSON.stringify(raw.exitCode)}.`)
    }
    failure.exitCode = raw.exitCode
  }
  if (raw.logLines !== undefined) {
    if (!Array.isArray(raw.logLines) || raw.logLines.some(line => typeof line !== 'string')) {
      throw new Error(`scenario.${field}.logLines must be an array of strings.`)
    }
    failure.logLines = [...(raw.logLines as string[])]
  }
  return failure
}

/** The current scenario with the given parts replaced; throws an Error naming the bad field. */
export function mergeScenario(current: EcsScenario, partial: Record<string, unknown>): EcsScenario {
  const next: EcsScenario = { ...current, failures: [...current.failures] }
  for (const [key, value] of Object.entries(partial)) {
    switch (key) {
      case 'taskStartSeconds':
      case 'healthyAfterSeconds':
      case 'drainSeconds':
      case 'stageSeconds':
        next[key] = seconds(value, key)
        break
      case 'failures':
        if (!Array.isArray(value)) throw new Error('scenario.failures must be an array (use [] for none).')
        next.failures = value.map(parseFailure)
        break
      case 'lambdaHooks':
        next.lambdaHooks = list(value, key).map((v, i) => parseHook(v, `${key}[${i}]`))
        break
      case 'alarms':
        next.alarms = list(value, key).map((v, i) => parseAlarm(v, `${key}[${i}]`))
        break
      case 'codeDeployHooks':
        next.codeDeployHooks = list(value, key).map((v, i) => parseCodeDeployHook(v, `${key}[${i}]`))
        break
      case 'serviceDeploymentLag': {
        const reads = seconds(value, key)
        if (!Number.isInteger(reads))
          throw new Error(`scenario.serviceDeploymentLag must be a whole number of reads, got ${reads}.`)
        next.serviceDeploymentLag = reads
        break
      }
      case 'placementFailure':
      case 'rollbackFails':
      case 'idleTargets':
        if (typeof value !== 'boolean') throw new Error(`scenario.${key} must be true or false.`)
        next[key] = value
        break
      case 'concurrentDeployment': {
        if (value === null || value === undefined) {
          delete next.concurrentDeployment
          break
        }
        if (typeof value !== 'object' || Array.isArray(value)) {
          throw new Error(
            'scenario.concurrentDeployment must be {"afterSeconds": n, "taskDefinition"?: "family:rev"} or null.'
          )
        }
        const raw = value as Record<string, unknown>
        const concurrent: { afterSeconds: number; taskDefinition?: string } = {
          afterSeconds: seconds(raw.afterSeconds, 'concurrentDeployment.afterSeconds')
        }
        const taskDefinition = optionalString(raw.taskDefinition, 'concurrentDeployment.taskDefinition')
        if (taskDefinition !== undefined) concurrent.taskDefinition = taskDefinition
        next.concurrentDeployment = concurrent
        break
      }
      default:
        throw new Error(
          `scenario has no field "${key}"; known fields: taskStartSeconds, healthyAfterSeconds, drainSeconds, idleTargets, failures, placementFailure, concurrentDeployment, stageSeconds, lambdaHooks, alarms, rollbackFails, codeDeployHooks, serviceDeploymentLag.`
        )
    }
  }
  return next
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`scenario.${field} must be an array (use [] for none).`)
  return value
}

function record(value: unknown, field: string, example: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`scenario.${field} must be an object like ${example}.`)
  return value as Record<string, unknown>
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new Error(`scenario.${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`)
  return value as T
}

function parseHook(value: unknown, field: string): ScriptedHook {
  const raw = record(value, field, '{"stage": "POST_TEST_TRAFFIC_SHIFT", "status": "FAILED"}')
  const hook: ScriptedHook = {
    status: oneOf(raw.status, `${field}.status`, ['SUCCEEDED', 'FAILED', 'IN_PROGRESS'] as const)
  }
  const targetArn = optionalString(raw.targetArn, `${field}.targetArn`)
  if (targetArn !== undefined) hook.targetArn = targetArn
  const stage = optionalString(raw.stage, `${field}.stage`)
  if (stage !== undefined) hook.stage = stage
  if (raw.afterSeconds !== undefined) hook.afterSeconds = seconds(raw.afterSeconds, `${field}.afterSeconds`)
  if (raw.inProgressSeconds !== undefined)
    hook.inProgressSeconds = seconds(raw.inProgressSeconds, `${field}.inProgressSeconds`)
  if (raw.then !== undefined) hook.then = oneOf(raw.then, `${field}.then`, ['SUCCEEDED', 'FAILED'] as const)
  return hook
}

function parseAlarm(value: unknown, field: string): ScriptedAlarm {
  const raw = record(value, field, '{"name": "web-5xx", "stage": "PRODUCTION_TRAFFIC_SHIFT"}')
  const name = optionalString(raw.name, `${field}.name`)
  if (name === undefined)
    throw new Error(`scenario.${field}.name is required: the alarm that goes into ALARM.`)
  const alarm: ScriptedAlarm = { name }
  const stage = optionalString(raw.stage, `${field}.stage`)
  if (stage !== undefined) alarm.stage = stage
  if (raw.afterSeconds !== undefined) alarm.afterSeconds = seconds(raw.afterSeconds, `${field}.afterSeconds`)
  if (alarm.stage === undefined && alarm.afterSeconds === undefined)
    throw new Error(`scenario.${field} needs "stage" or "afterSeconds": when the alarm goes into ALARM.`)
  return alarm
}

const codeDeployEvents = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
] as const

function parseCodeDeployHook(value: unknown, field: string): ScriptedCodeDeployHook {
  const raw = record(value, field, '{"event": "AfterAllowTestTraffic", "status": "Failed"}')
  const hook: ScriptedCodeDeployHook = {
    event: oneOf(raw.event, `${field}.event`, codeDeployEvents),
    status: oneOf(raw.status, `${field}.status`, ['Succeeded', 'Failed'] as const)
  }
  if (raw.afterSeconds !== undefined) hook.afterSeconds = seconds(raw.afterSeconds, `${field}.afterSeconds`)
  return hook
}
