// The stopped tasks of one deployment: listed on a hint, each described once, logs read for the first few.
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { describeAwsError, isAccessDenied } from '../aws/errors.js'
import { LIST_STOPPED_MIN_MS } from './cadence.js'
import { LOG_LINES, logLocation, stoppedTaskReport } from './explain.js'
import type { LogSource, RolloutSource, StoppedTaskReport, WatchRequest } from './types.js'

/** Log tails are read for at most this many stopped tasks per rollout. */
export const MAX_TASKS_WITH_LOGS = 3
const DESCRIBE_BATCH = 100

export class StoppedTasks {
  private readonly listed = new Set<string>()
  private readonly described = new Map<string, StoppedTaskReport>()
  private taskDefinition?: TaskDefinition
  private taskDefinitionRead = false
  private tasksWithLogs = 0
  private deniedWarned = false
  lastListAt: number

  constructor(
    private readonly request: WatchRequest,
    private readonly deps: { source: RolloutSource; logs?: LogSource; clock: Clock; logger: Logger }
  ) {
    // The first hint may be acted on at once; the safety net waits for LIST_STOPPED_SAFETY_MS.
    this.lastListAt = deps.clock.now() - LIST_STOPPED_MIN_MS
    for (const report of request.earlier?.stoppedTasks ?? []) {
      this.listed.add(report.taskArn)
      this.described.set(report.taskArn, report)
    }
  }

  /** Distinct tasks of the deployment that have STOPPED (tasks still stopping count once they have). */
  get count(): number {
    return this.described.size
  }

  get reports(): StoppedTaskReport[] {
    return [...this.described.values()]
  }

  get definition(): TaskDefinition | undefined {
    return this.taskDefinition
  }

  /** Listed tasks that were not STOPPED yet when described (no exit codes yet). */
  get undescribed(): boolean {
    return this.listed.size > this.described.size
  }

  /** Lists stopped tasks; describes only those not described before. Returns the newly described ones. */
  async refresh(): Promise<StoppedTaskReport[]> {
    const { source, clock, logger } = this.deps
    const { cluster, service, deploymentId } = this.request
    this.lastListAt = clock.now()
    let arns: string[]
    try {
      arns = await source.listStoppedTasks(cluster, service, deploymentId)
    } catch (e) {
      if (!this.warnIfDenied(e))
        logger.debug(`Could not list stopped tasks of ${deploymentId}: ${describeAwsError(e)}`)
      return []
    }
    for (const arn of arns) this.listed.add(arn)
    const todo = arns.filter(arn => !this.described.has(arn))
    const fresh: StoppedTaskReport[] = []
    for (let i = 0; i < todo.length; i += DESCRIBE_BATCH) {
      let tasks
      try {
        tasks = await source.describeTasks(cluster, todo.slice(i, i + DESCRIBE_BATCH))
      } catch (e) {
        if (!this.warnIfDenied(e))
          logger.debug(`Could not describe stopped tasks of ${deploymentId}: ${describeAwsError(e)}`)
        break
      }
      // Tasks still stopping have no exit codes yet: leave them to a later look.
      for (const task of tasks.filter(t => t.lastStatus === 'STOPPED' && t.taskArn)) {
        const report = stoppedTaskReport(task)
        this.described.set(report.taskArn, report)
        fresh.push(report)
      }
    }
    fresh.sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
    for (const report of fresh) await this.readLogs(report)
    return fresh
  }

  /**
   * A missing permission is said once, as a warning: the verdict does not depend on the tasks, but without them
   * a failed rollout cannot say why its tasks stopped. Returns whether the error was such a denial.
   */
  private warnIfDenied(error: unknown): boolean {
    const cause = (error as { cause?: unknown } | undefined)?.cause ?? error
    if (!isAccessDenied(cause)) return false
    if (!this.deniedWarned)
      this.deps.logger.warning(
        `${error instanceof Error ? error.message : describeAwsError(error)} ` +
          "Until then the rollout is followed without the stopped tasks' reasons and logs.",
        { title: 'Missing permission' }
      )
    this.deniedWarned = true
    return true
  }

  private async readLogs(report: StoppedTaskReport): Promise<void> {
    const { logs, source, logger } = this.deps
    if (
      !logs ||
      !report.containers.some(c => c.exitCode !== undefined) ||
      this.tasksWithLogs >= MAX_TASKS_WITH_LOGS
    )
      return
    this.tasksWithLogs++
    if (!this.taskDefinitionRead) {
      this.taskDefinitionRead = true
      try {
        this.taskDefinition = await source.describeTaskDefinition(this.request.taskDefinitionArn)
      } catch (e) {
        logger.debug(
          `Could not read ${this.request.taskDefinitionArn} for its log configuration: ${describeAwsError(e)}`
        )
      }
    }
    // Containers that ran and matter: an essential one, or one that failed. A sidecar that exited 0 says nothing.
    const essential = (name: string) =>
      this.taskDefinition?.containerDefinitions?.find(c => c.name === name)?.essential !== false
    const ran = report.containers.filter(
      c => c.exitCode !== undefined && (c.exitCode !== 0 || essential(c.name))
    )
    for (const container of ran) {
      const where = logLocation(this.taskDefinition, container.name, report.taskArn)
      if (!where) {
        container.logNote = 'no awslogs log configuration with a stream prefix: no logs to show'
        continue
      }
      try {
        const lines = await logs.tail(where.region, where.group, where.stream, LOG_LINES)
        if (lines.length > 0) container.logTail = lines
        else container.logNote = `log stream ${where.group}/${where.stream} is empty`
      } catch (e) {
        container.logNote = `no log lines: ${e instanceof Error && e.name === 'LogUnavailable' ? e.message : describeAwsError(e)}`
      }
    }
  }
}
