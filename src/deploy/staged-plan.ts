// What the plan says about a service deployment path (ECS blue/green, linear, canary), before anything runs. Pure.
import type { Service } from '@aws-sdk/client-ecs'
import { LIFECYCLE_STAGES, type WaitUntil } from '../settings/types.js'

/** What "done" means on this path, for the plan: e.g. "done: the service deployment is SUCCESSFUL, after ...". */
export function stagedDoneMeaning(service: Service, waitUntil: WaitUntil): string {
  if (waitUntil.kind === 'stage')
    return `done: the service deployment reaches ${waitUntil.stage} healthy (wait-until); ECS finishes it without the run`
  const c = service.deploymentConfiguration
  const waits: string[] = []
  if (c?.strategy === 'LINEAR') {
    const step = c.linearConfiguration?.stepPercent ?? 10
    waits.push(
      `traffic shifted in steps of ${step} % every ${c.linearConfiguration?.stepBakeTimeInMinutes ?? 6} min`
    )
  }
  if (c?.strategy === 'CANARY')
    waits.push(
      `a canary of ${c.canaryConfiguration?.canaryPercent ?? 5} % for ${c.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10} min`
    )
  const bake = c?.bakeTimeInMinutes ?? 0
  if (bake > 0) waits.push(`the bake time of ${bake} min`)
  const pauses = (c?.lifecycleHooks ?? []).filter(h => h.targetType === 'PAUSE')
  if (pauses.length > 0) waits.push(`${pauses.length} pause hook${pauses.length > 1 ? 's' : ''} answered`)
  return `done: the service deployment is SUCCESSFUL${waits.length > 0 ? `, after ${waits.join(', ')}` : ''}`
}

/**
 * wait-until against the path: a lifecycle stage needs a service deployment path, and one the strategy passes
 * every time (RECONCILE_SERVICE happens only when more than one revision runs). Undefined: fine.
 */
export function waitUntilProblem(path: string, strategy: string, waitUntil: WaitUntil): string | undefined {
  if (waitUntil.kind !== 'stage') return undefined
  if (path === 'ecs-rolling')
    return (
      `wait-until is ${waitUntil.stage}, but the service deploys with the ${strategy} strategy, whose deployments have no ` +
      'lifecycle stages to stop at; use wait-until: deployed (the default) for this service.'
    )
  if (waitUntil.stage === 'RECONCILE_SERVICE')
    return (
      'wait-until is RECONCILE_SERVICE, a stage ECS passes only when the service runs more than one revision; ' +
      `name a later stage: ${LIFECYCLE_STAGES.slice(1).join(', ')}.`
    )
  return undefined
}
