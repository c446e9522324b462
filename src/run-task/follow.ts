// Running the one-off task and following it live: RunTask, its state changes, its awslogs lines as they arrive,
// StopTask when run-task-timeout-minutes is reached, and the gate's verdict once it has stopped.
import type { Failure, RunTaskCommandInput, Task } from '@aws-sdk/client-ecs'
import { isCancelled } from '../cancel.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { FAST_MS, FAST_PHASE_MS, IDLE_MS, MOVING_MS } from '../rollout/cadence.js'
import { afterLogPage, startLogFollow, type LogFollowState, type LogPage, type LogStream } from './logs.js'
import { placementVerdict, taskVerdict, type TaskVerdict } from './verdict.js'

/** The ECS calls of a one-off task (src/aws/ecs.ts). */
export interface TaskApi {
  runTask(request: RunTaskCommandInput): Promise<{ task?: Task; failures: Failure[] }>
  describeTasks(cluster: string, arns: string[]): Promise<Task[]>
  stopTask(cluster: string, arn: string, reason: string): Promise<void>
}

/** Reads a log stream forward from a token (src/aws/logs.ts); a stream not written yet reads as empty. */
export interface LogStreamReader {
  readForward(region: string | undefined, group: string, stream: string, token?: string): Promise<LogPage>
}

export interface FollowRequest {
  request: RunTaskCommandInput
  cluster: string
  container: string
  essential: string[]
  timeoutMinutes: number
  /** The container's awslogs stream for a task id; undefined: no awslogs to follow. */
  logStreamFor(taskId: string): LogStream | undefined
}

export interface OneOffResult {
  verdict: TaskVerdict
  taskArn?: string
  /** The last lines of the container's log, oldest first. */
  lastLines: string[]
  timedOut: boolean
}

export interface FollowDeps {
  ecs: TaskApi
  logs: LogStreamReader
  clock: Clock
  logger: Logger
}

/** After StopTask, how long to wait for STOPPED before giving the verdict anyway. */
export const STOP_GRACE_MS = 120_000
/** Pages read in one look at most, so a chatty task cannot starve the status polls. */
const MAX_PAGES_PER_LOOK = 10

/** Milliseconds to the next look: like the rollout's cadence, fast at first and when something moves. */
export function nextLookMs(elapsedMs: number, moving: boolean): number {
  if (elapsedMs < FAST_PHASE_MS) return FAST_MS
  return moving ? MOVING_MS : IDLE_MS
}

export async function runOneOffTask(req: FollowRequest, deps: FollowDeps): Promise<OneOffResult> {
  const { ecs, logger } = deps
  const answer = await ecs.runTask(req.request)
  const arn = answer.task?.taskArn
  if (!arn) return { verdict: placementVerdict(answer.failures), lastLines: [], timedOut: false }
  const taskId = arn.slice(arn.lastIndexOf('/') + 1)
  logger.info(`Started task ${taskId} (${req.request.taskDefinition?.split('/').pop() ?? ''})`)
  const stream = req.logStreamFor(taskId)
  if (stream) logger.info(`Following ${stream.group}/${stream.stream}`)
  else logger.info(`Container ${req.container} has no awslogs stream to follow; only its state is shown.`)

  try {
    return await followTask(req, deps, arn, taskId, stream)
  } catch (e) {
    // Cancelled: the task must not go on migrating a database nobody watches, whatever on-cancel says.
    if (isCancelled(e)) e.done.push(await stopOnCancel(ecs, req.cluster, arn, taskId, logger))
    throw e
  }
}

/** The reason StopTask records when the workflow run is cancelled. */
export const CANCEL_STOP_REASON = 'release-to-ecs: the workflow run was cancelled'

async function stopOnCancel(
  ecs: TaskApi,
  cluster: string,
  arn: string,
  taskId: string,
  logger: Logger
): Promise<string> {
  try {
    await ecs.stopTask(cluster, arn, CANCEL_STOP_REASON)
    const line = `Stopped one-off task ${taskId} (StopTask: "${CANCEL_STOP_REASON}")`
    logger.info(line)
    return line
  } catch (e) {
    const line = `Could not stop one-off task ${taskId}: ${(e as Error).message}; stop it in the console.`
    logger.warning(line, { title: 'Task not stopped' })
    return line
  }
}

async function followTask(
  req: FollowRequest,
  deps: FollowDeps,
  arn: string,
  taskId: string,
  stream: LogStream | undefined
): Promise<OneOffResult> {
  const { ecs, logs, clock, logger } = deps
  const started = clock.now()
  const deadline = started + req.timeoutMinutes * 60_000
  let logState: LogFollowState = startLogFollow()
  let logsReadable = stream !== undefined
  let lastStatus: string | undefined
  let stopRequestedAt: number | undefined

  // Every new line of the stream, each once, in order; false when nothing arrived.
  const readLogs = async (): Promise<boolean> => {
    if (!stream || !logsReadable) return false
    let arrived = false
    for (let page = 0; page < MAX_PAGES_PER_LOOK; page++) {
      let got: LogPage
      try {
        got = await logs.readForward(stream.region, stream.group, stream.stream, logState.token)
      } catch (e) {
        logsReadable = false
        logger.warning(`Cannot follow the task's log: ${(e as Error).message}`, { title: 'Task log' })
        return arrived
      }
      const next = afterLogPage(logState, got)
      logState = next.state
      for (const line of got.lines) logger.info(`${req.container} | ${line}`)
      arrived ||= got.lines.length > 0
      if (!next.more) break
    }
    return arrived
  }

  for (;;) {
    const task = (await ecs.describeTasks(req.cluster, [arn]))[0]
    const status = task?.lastStatus
    const changed = status !== lastStatus
    // Lines written up to this look come before the state it shows.
    const arrived = await readLogs()
    if (task && status === 'STOPPED') await readLogs() // lines flushed as the container stopped
    if (changed && status) logger.info(`Task ${taskId} ${status}`)
    lastStatus = status
    if (task && status === 'STOPPED') {
      const timedOut = stopRequestedAt !== undefined
      return {
        verdict: taskVerdict(task, req.essential, req.container, timedOut, req.timeoutMinutes),
        taskArn: arn,
        lastLines: logState.last,
        timedOut
      }
    }
    const now = clock.now()
    if (stopRequestedAt === undefined && now >= deadline) {
      const reason = `release-to-ecs: run-task-timeout-minutes (${req.timeoutMinutes}) reached`
      logger.info(`Stopping task ${taskId}: ${reason}`)
      await ecs.stopTask(req.cluster, arn, reason)
      stopRequestedAt = now
    } else if (stopRequestedAt !== undefined && now - stopRequestedAt >= STOP_GRACE_MS) {
      const verdict = taskVerdict(task ?? {}, req.essential, req.container, true, req.timeoutMinutes)
      return { verdict, taskArn: arn, lastLines: logState.last, timedOut: true }
    }
    await clock.sleep(nextLookMs(now - started, changed || arrived))
  }
}

/** The failure's message: the reason, the exit code and the last log lines. Pure. */
export function oneOffFailureText(result: OneOffResult): { cause: string; details: string[] } {
  const { verdict } = result
  if (verdict.ok) return { cause: '', details: [] }
  const code = verdict.exitCode
  const exit = code !== undefined && !verdict.reason.includes(`code ${code}`) ? ` Exit code ${code}.` : ''
  const cause = `Run task failed, so no service was updated: ${verdict.reason}${exit}`
  const details =
    result.lastLines.length > 0
      ? [`Last ${result.lastLines.length} log lines of the task:`, ...result.lastLines.map(l => `  ${l}`)]
      : []
  return { cause, details }
}
