// Why tasks stopped, in one line and in detail. Pure functions over DescribeTasks/DescribeTaskDefinition shapes.
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs'
import { clockTime, taskDefinitionLabel, taskId } from './progress.js'
import type { StoppedTaskReport } from './types.js'

export const LOG_LINES = 20

export function stoppedTaskReport(task: Task): StoppedTaskReport {
  return {
    taskArn: task.taskArn ?? 'unknown task',
    taskDefinitionArn: task.taskDefinitionArn,
    stoppedReason: task.stoppedReason,
    stoppedAt: task.stoppedAt,
    containers: (task.containers ?? []).map(c => ({
      name: c.name ?? 'unnamed',
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.reason ? { reason: c.reason } : {})
    }))
  }
}

export interface LogLocation {
  region?: string
  group: string
  stream: string
}

/** Where awslogs wrote a container's output: stream `<prefix>/<container>/<task id>`; undefined without awslogs or a prefix. */
export function logLocation(
  taskDefinition: TaskDefinition | undefined,
  containerName: string,
  taskArn: string
): LogLocation | undefined {
  const container = taskDefinition?.containerDefinitions?.find(c => c.name === containerName)
  const config = container?.logConfiguration
  if (config?.logDriver !== 'awslogs') return undefined
  const group = config.options?.['awslogs-group']
  const prefix = config.options?.['awslogs-stream-prefix']
  if (!group || !prefix) return undefined
  return {
    region: config.options?.['awslogs-region'],
    group,
    stream: `${prefix}/${containerName}/${taskId(taskArn)}`
  }
}

export function isHealthCheckFailure(text: string | undefined): boolean {
  return !!text && /health ?checks?|unhealthy/i.test(text)
}

const ESSENTIAL_EXIT = /Essential container in task exited/i

/** The one-line reason tasks of a task definition stopped, from the most recent stopped task. */
export function explainStoppedTasks(
  reports: StoppedTaskReport[],
  taskDefinitionArn: string,
  taskDefinition?: TaskDefinition
): string | undefined {
  const latest = [...reports]
    .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
    .at(-1)
  if (!latest) return undefined
  const label = taskDefinitionLabel(taskDefinitionArn)
  const reason = latest.stoppedReason
  if (isHealthCheckFailure(reason)) return `Tasks of ${label} failed health checks: ${reason}`
  const essential = (name: string) =>
    taskDefinition?.containerDefinitions?.find(c => c.name === name)?.essential !== false
  const exited = latest.containers.filter(c => c.exitCode !== undefined && c.exitCode !== 0)
  const culprit = exited.find(c => essential(c.name)) ?? exited[0]
  if (culprit)
    return (
      `${essential(culprit.name) ? 'Essential container' : 'Container'} "${culprit.name}" of ${label} exited with code ${culprit.exitCode}` +
      (culprit.reason ? `: ${culprit.reason}` : '')
    )
  if (reason && !ESSENTIAL_EXIT.test(reason) && latest.containers.every(c => c.exitCode === undefined))
    return `Tasks of ${label} failed to start: ${reason}`
  const containerReason = latest.containers.find(c => c.reason)?.reason
  return `Tasks of ${label} stopped: ${reason ?? 'ECS gave no reason'}${containerReason ? ` (${containerReason})` : ''}`
}

/** A stopped task as log lines: its reason, each container's exit code and reason, and its log tail. */
export function formatStoppedTask(report: StoppedTaskReport): string[] {
  const when = report.stoppedAt ? ` at ${clockTime(report.stoppedAt)}` : ''
  const lines = [
    `Task ${taskId(report.taskArn)} (${taskDefinitionLabel(report.taskDefinitionArn)}) stopped${when}: ${report.stoppedReason ?? 'no reason given'}`
  ]
  for (const c of report.containers) {
    const exit = c.exitCode !== undefined ? `exit code ${c.exitCode}` : 'no exit code'
    lines.push(`  container ${c.name}: ${exit}${c.reason ? `, ${c.reason}` : ''}`)
    if (c.logTail && c.logTail.length > 0) {
      lines.push(`    last ${c.logTail.length} log lines:`)
      for (const line of c.logTail) lines.push(`    | ${line}`)
    } else if (c.logNote) lines.push(`    (${c.logNote})`)
  }
  return lines
}

/** A stopped task in one line, for the many that follow the first few. */
export function summarizeStoppedTask(report: StoppedTaskReport): string {
  const when = report.stoppedAt ? ` at ${clockTime(report.stoppedAt)}` : ''
  const exits = report.containers
    .filter(c => c.exitCode !== undefined)
    .map(c => `${c.name} exit ${c.exitCode}`)
  return (
    `Task ${taskId(report.taskArn)} (${taskDefinitionLabel(report.taskDefinitionArn)}) stopped${when}: ` +
    `${report.stoppedReason ?? 'no reason given'}${exits.length > 0 ? ` (${exits.join(', ')})` : ''}`
  )
}
