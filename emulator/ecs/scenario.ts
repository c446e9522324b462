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
}

export const defaultScenario: EcsScenario = {
  taskStartSeconds: 10,
  healthyAfterSeconds: 5,
  drainSeconds: 5,
  idleTargets: false,
  failures: [],
  placementFailure: false
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
        next[key] = seconds(value, key)
        break
      case 'failures':
        if (!Array.isArray(value)) throw new Error('scenario.failures must be an array (use [] for none).')
        next.failures = value.map(parseFailure)
        break
      case 'placementFailure':
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
          `scenario has no field "${key}"; known fields: taskStartSeconds, healthyAfterSeconds, drainSeconds, idleTargets, failures, placementFailure, concurrentDeployment.`
        )
    }
  }
  return next
}
