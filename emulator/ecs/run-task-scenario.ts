// The scripted outcomes of one-off tasks (RunTask): which command or image does what, and placement failures.
// Set with setScenario({ runTasks: [...], runTaskFailures: [...] }); durations are ECS seconds.

/** How a one-off task started with a matching command, image or task definition ends. */
export interface RunTaskScript {
  /** Matches when a container's command (the override, else the task definition's), joined by spaces, contains this. */
  command?: string
  /** Matches when a container's image contains this. */
  image?: string
  /** Task definition family, `family:revision` or ARN. */
  taskDefinition?: string
  /** Exit code of the matched container (default 0). */
  exitCode?: number
  /** Exit codes of other containers, by name (default 0). */
  exitCodes?: Record<string, number>
  /** RUNNING → the container exits, in ECS seconds (default 5). */
  runSeconds?: number
  /** The task runs until StopTask stops it (its log lines still arrive). */
  runsUntilStopped?: boolean
  /** The task never runs: its image cannot be pulled, or its resources (secrets, logs, network) cannot be set up. */
  failsToStart?: 'CannotPullContainerError' | 'ResourceInitializationError'
  /** The stoppedReason for failsToStart (default: a typical message of that kind). */
  reason?: string
  /** Lines the matched container writes to its awslogs stream, spread evenly over runSeconds from RUNNING. */
  logLines?: string[]
}

/** A placement failure that RunTask answers in failures[] instead of starting a task. */
export interface RunTaskPlacementFailure {
  /** ECS's reason, e.g. RESOURCE:MEMORY, RESOURCE:CPU, AGENT, ATTRIBUTE. */
  reason: string
  detail?: string
}

export interface RunTaskScenario {
  runTasks: RunTaskScript[]
  runTaskFailures: RunTaskPlacementFailure[]
}

export const runTaskScenarioKeys = ['runTasks', 'runTaskFailures'] as const

export function defaultRunTaskScenario(): RunTaskScenario {
  return { runTasks: [], runTaskFailures: [] }
}

const scriptKeys = [
  'command',
  'image',
  'taskDefinition',
  'exitCode',
  'exitCodes',
  'runSeconds',
  'runsUntilStopped',
  'failsToStart',
  'reason',
  'logLines'
]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseScript(value: unknown, index: number): RunTaskScript {
  const at = `scenario.runTasks[${index}]`
  if (!isRecord(value)) throw new Error(`${at} must be an object like {"command": "migrate", "exitCode": 1}.`)
  for (const key of Object.keys(value)) {
    if (!scriptKeys.includes(key))
      throw new Error(`${at} has no field "${key}"; known: ${scriptKeys.join(', ')}.`)
  }
  for (const key of ['command', 'image', 'taskDefinition', 'reason']) {
    if (value[key] !== undefined && (typeof value[key] !== 'string' || value[key] === ''))
      throw new Error(`${at}.${key} must be a non-empty string.`)
  }
  if (value.exitCode !== undefined && !Number.isInteger(value.exitCode))
    throw new Error(`${at}.exitCode must be an integer.`)
  if (
    value.exitCodes !== undefined &&
    (!isRecord(value.exitCodes) || Object.values(value.exitCodes).some(c => !Number.isInteger(c)))
  )
    throw new Error(`${at}.exitCodes must map container names to integers.`)
  if (value.runSeconds !== undefined && !(typeof value.runSeconds === 'number' && value.runSeconds >= 0))
    throw new Error(`${at}.runSeconds must be a number of ECS seconds >= 0.`)
  if (value.runsUntilStopped !== undefined && typeof value.runsUntilStopped !== 'boolean')
    throw new Error(`${at}.runsUntilStopped must be true or false.`)
  if (
    value.failsToStart !== undefined &&
    value.failsToStart !== 'CannotPullContainerError' &&
    value.failsToStart !== 'ResourceInitializationError'
  )
    throw new Error(`${at}.failsToStart must be CannotPullContainerError or ResourceInitializationError.`)
  if (
    value.logLines !== undefined &&
    (!Array.isArray(value.logLines) || value.logLines.some(line => typeof line !== 'string'))
  )
    throw new Error(`${at}.logLines must be a list of strings.`)
  return value as RunTaskScript
}

function parseFailure(value: unknown, index: number): RunTaskPlacementFailure {
  const at = `scenario.runTaskFailures[${index}]`
  if (!isRecord(value) || typeof value.reason !== 'string' || value.reason === '')
    throw new Error(`${at} must be an object like {"reason": "RESOURCE:MEMORY"}.`)
  if (value.detail !== undefined && typeof value.detail !== 'string')
    throw new Error(`${at}.detail must be a string.`)
  return value.detail === undefined
    ? { reason: value.reason }
    : { reason: value.reason, detail: value.detail }
}

/** The RunTask parts of a scenario update, on top of the current ones; throws an Error naming the bad field. */
export function mergeRunTaskScenario(
  current: RunTaskScenario,
  partial: Record<string, unknown>
): RunTaskScenario {
  const next = { ...current }
  if (partial.runTasks !== undefined) {
    if (!Array.isArray(partial.runTasks))
      throw new Error('scenario.runTasks must be a list (use [] for none).')
    next.runTasks = partial.runTasks.map(parseScript)
  }
  if (partial.runTaskFailures !== undefined) {
    if (!Array.isArray(partial.runTaskFailures))
      throw new Error('scenario.runTaskFailures must be a list (use [] for none).')
    next.runTaskFailures = partial.runTaskFailures.map(parseFailure)
  }
  return next
}
