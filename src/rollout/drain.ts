// When can the rollout end? Behind a load balancer, ECS stops an old task once ELB has deregistered it: after the
// target group's deregistration delay, or sooner when the target has no connections left; the deployment completes
// only once every old task has stopped. Busy services drain for the whole delay, so the watcher can look at its
// usual pace while the drain runs and closely when it is due, and closely at once when ECS says the drain ended. Pure.
import type { Deployment, Service } from '@aws-sdk/client-ecs'

/** The target groups the service's tasks are registered in (its loadBalancers). */
export function targetGroupArns(service: Service | undefined): string[] {
  const arns = (service?.loadBalancers ?? []).map(lb => lb.targetGroupArn)
  return [...new Set(arns.filter((arn): arn is string => arn !== undefined))]
}

export interface DrainForecast {
  /** Old deployments' running tasks at the last look (undefined before the first). */
  oldRunning?: number
  /** Local time by which every old task seen draining so far can have stopped, at the earliest. */
  drainedBy?: number
}

/**
 * Updates the forecast with one look at the service. Tasks that left RUNNING between the previous look (at
 * `previousLookAt`) and this one began draining no earlier than `previousLookAt`; that bound uses only our own
 * clock, so a skewed AWS clock cannot make the forecast late. ELB may end a drain sooner (a target without
 * connections is deregistered at once): when ECS says it stopped tasks (`tasksStopped`, from its "has stopped N
 * running tasks" event), the drain is over and the end may come any moment.
 */
export function updateForecast(
  forecast: DrainForecast,
  deployments: Deployment[] | undefined,
  followedId: string,
  previousLookAt: number,
  delayMs: number,
  tasksStopped: boolean
): DrainForecast {
  const oldRunning = oldRunningCount(deployments, followedId)
  const startedDraining = forecast.oldRunning !== undefined && oldRunning < forecast.oldRunning
  const drainedBy = tasksStopped
    ? undefined
    : startedDraining
      ? Math.max(forecast.drainedBy ?? 0, previousLookAt + delayMs)
      : forecast.drainedBy
  return { oldRunning, ...(drainedBy !== undefined ? { drainedBy } : {}) }
}

/**
 * The earliest local time the followed deployment can complete, or undefined when it may complete any moment
 * (no old deployment left, or old tasks whose draining began before we first looked).
 */
export function earliestEnd(
  forecast: DrainForecast,
  deployments: Deployment[] | undefined,
  followedId: string,
  now: number,
  delayMs: number
): number | undefined {
  if (oldDeployments(deployments, followedId).length === 0) return undefined
  // A task still RUNNING has not begun its drain: it cannot stop before a whole delay from now.
  if ((forecast.oldRunning ?? 0) > 0) return now + delayMs
  return forecast.drainedBy !== undefined && forecast.drainedBy > now ? forecast.drainedBy : undefined
}

/** Tasks of the deployments other than the followed one that still run (not draining, not stopping). */
export function oldRunningCount(deployments: Deployment[] | undefined, followedId: string): number {
  return oldDeployments(deployments, followedId).reduce((n, d) => n + (d.runningCount ?? 0), 0)
}

function oldDeployments(deployments: Deployment[] | undefined, followedId: string): Deployment[] {
  return (deployments ?? []).filter(d => d.id !== followedId)
}
