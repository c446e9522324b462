// What a person reads while the rollout runs: new service events and one line of counts per change. Pure.
import { shortArn } from '../aws/arn.js'
import type { Deployment, ServiceEvent } from '@aws-sdk/client-ecs'

/** "web:8" from "arn:aws:ecs:...:task-definition/web:8". */
export function taskDefinitionLabel(arn: string | undefined): string {
  return arn ? shortArn(arn) : 'unknown task definition'
}

/** "1a2b3c..." from "arn:aws:ecs:region:account:task/cluster/1a2b3c...". */
export function taskId(taskArn: string): string {
  return shortArn(taskArn)
}

/** HH:MM:SS in UTC, the runner's log time zone. */
export function clockTime(date: Date): string {
  return date.toISOString().slice(11, 19)
}

export function eventKey(event: ServiceEvent): string {
  return event.id ?? `${event.createdAt?.getTime() ?? ''}|${event.message ?? ''}`
}

/**
 * The events not seen before and not older than `sinceMs`, oldest first.
 * ECS lists at most 100 events, newest first; the window slides, so identity (id) decides, not position.
 */
export function freshEvents(
  events: ServiceEvent[] | undefined,
  seen: ReadonlySet<string>,
  sinceMs: number
): ServiceEvent[] {
  const unseen = (events ?? []).filter(
    e => !seen.has(eventKey(e)) && (e.createdAt?.getTime() ?? sinceMs) >= sinceMs
  )
  // Reverse first so that events with the same timestamp keep ECS's order once sorted (sort is stable).
  return unseen.reverse().sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0))
}

/** True when the listed window holds only unseen events although we had seen some: events may have slid past. */
export function eventsMayBeMissing(
  events: ServiceEvent[] | undefined,
  seen: ReadonlySet<string>,
  fresh: number
): boolean {
  const listed = events ?? []
  return listed.length >= 100 && fresh === listed.length && seen.size > 0
}

/** The task ids an event names: "(task 1a2b...)". */
export function taskIdsIn(message: string): string[] {
  return [...message.matchAll(/\(task ([\w-]+)\)/g)].map(m => m[1]!)
}

/** ECS's event for tasks it stopped: "(service web) has stopped 2 running tasks: (task ...)". */
export function saysTasksStopped(message: string | undefined): boolean {
  return /has stopped \d+ running tasks?/.test(message ?? '')
}

/** The tasks ECS's "(service web) has started 2 tasks: (task ...)" event names; none for any other event. */
export function startedTaskIdsIn(message: string): string[] {
  return /has started \d+ tasks?/.test(message) ? taskIdsIn(message) : []
}

export function formatEvent(event: ServiceEvent): string {
  const when = event.createdAt ? clockTime(event.createdAt) : '--:--:--'
  return `${when} ${event.message ?? ''}`
}

function counts(d: Deployment, withFailed: boolean): string {
  const parts = [`desired ${d.desiredCount ?? 0}`, `running ${d.runningCount ?? 0}`]
  if (withFailed || (d.pendingCount ?? 0) > 0) parts.push(`pending ${d.pendingCount ?? 0}`)
  if (withFailed) parts.push(`failed ${d.failedTasks ?? 0}`)
  return parts.join(', ')
}

/**
 * One line for the deployment being followed and the others, e.g.
 * `new ecs-svc/12 (web:8) IN_PROGRESS desired 2, running 1, pending 1, failed 0 | old (web:7) desired 2, running 2`
 */
export function progressLine(
  deployments: Deployment[] | undefined,
  focusId: string,
  focusTaskDefinitionArn: string,
  focusLabel = 'new',
  /** The circuit breaker's threshold (thresholdConfiguration applied), shown once tasks fail. */
  breakerThreshold?: number
): string {
  const all = deployments ?? []
  const focus = all.find(d => d.id === focusId)
  const breaker =
    focus && breakerThreshold !== undefined && (focus.failedTasks ?? 0) > 0
      ? ` (circuit breaker at ${breakerThreshold})`
      : ''
  const head = focus
    ? `${focusLabel} ${focusId} (${taskDefinitionLabel(focus.taskDefinition)}) ${focus.rolloutState ?? focus.status ?? ''} ${counts(focus, true)}${breaker}`
    : `${focusLabel} ${focusId} (${taskDefinitionLabel(focusTaskDefinitionArn)}) not listed`
  const others = all
    .filter(d => d.id !== focusId)
    .map(d => {
      const who = d.status === 'PRIMARY' ? `primary ${d.id ?? ''}` : 'old'
      const state =
        d.rolloutState === 'FAILED' || d.status === 'PRIMARY' ? ` ${d.rolloutState ?? d.status}` : ''
      return `${who} (${taskDefinitionLabel(d.taskDefinition)})${state} ${counts(d, false)}`
    })
  return [head.replace(/ {2,}/g, ' '), ...others].join(' | ')
}

/** The counts of one deployment as a short phrase, for heartbeats and timeouts. */
export function deploymentState(d: Deployment | undefined): string {
  if (!d) return 'not listed'
  return `${d.rolloutState ?? d.status ?? 'unknown'}, ${counts(d, true)}`
}
