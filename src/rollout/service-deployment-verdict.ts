// The rolling watch's verdict checked against the service deployment, where ECS is authoritative: success only on
// SUCCESSFUL (or still catching up), a rollback or stop said with ECS's reason, an unknown status never success. Pure.
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { taskDefinitionLabel } from './progress.js'
import {
  phaseOf,
  serviceDeploymentDetails,
  serviceDeploymentReason,
  serviceDeploymentReasons,
  type ServiceDeploymentPhase
} from './service-deployment-facts.js'
import type { WatchRequest } from './types.js'
import type { Verdict } from './verdict.js'

const failed = (outcome: Verdict['outcome'], cause: string, details: string[]): Verdict => ({
  outcome,
  ok: false,
  cause,
  details,
  notes: details
})

/**
 * The verdict once the service deployment is known. `verdict` is the deployments[] view's (undefined: it goes on);
 * the answer is the verdict to give (undefined: keep following).
 */
export function withServiceDeployment(
  request: WatchRequest,
  verdict: Verdict | undefined,
  sd: ServiceDeployment
): Verdict | undefined {
  const phase = phaseOf(sd.status)
  const details = serviceDeploymentDetails(sd)
  const label = taskDefinitionLabel(request.taskDefinitionArn)
  const arn = sd.serviceDeploymentArn ?? request.serviceDeploymentArn ?? ''
  const reason = serviceDeploymentReason(sd)
  const because = reason ? `: ${reason}` : ''
  if (phase === 'unknown')
    return failed(
      'FAILED',
      `ECS reports status ${sd.status ?? '(none)'} for service deployment ${arn} of ${label}, which release-to-ecs does not know; ` +
        'the run does not count it as a success. Check the deployment in the ECS console.',
      [...(verdict?.details ?? []), ...details]
    )
  if (verdict?.ok) {
    // deployments[] said COMPLETED: ECS's own status must agree (still ongoing is its record catching up).
    if (phase === 'succeeded' || phase === 'ongoing') return verdict
    return notSuccessful(request, phase, arn, label, because, details, verdict.details)
  }
  if (verdict) return enriched(verdict, phase, serviceDeploymentReasons(sd), details)
  // deployments[] sees nothing final yet; the service deployment may already know.
  if (phase === 'succeeded')
    return {
      outcome: 'COMPLETED',
      ok: true,
      cause: `Deployment ${request.deploymentId} of ${label} completed (service deployment SUCCESSFUL)`,
      details: [],
      notes: []
    }
  if (phase === 'stopped' || phase === 'rollback-failed' || phase === 'rolled-back')
    return notSuccessful(request, phase, arn, label, because, details, [])
  if (phase === 'rolling-back' && !request.followEcsRollback)
    return notSuccessful(request, phase, arn, label, because, details, [])
  return undefined
}

function notSuccessful(
  request: WatchRequest,
  phase: ServiceDeploymentPhase,
  arn: string,
  label: string,
  because: string,
  details: string[],
  earlier: string[]
): Verdict {
  const previous = request.previousTaskDefinitionArn
    ? taskDefinitionLabel(request.previousTaskDefinitionArn)
    : 'the revision it ran before'
  const what = `Service deployment ${arn} of ${label}`
  switch (phase) {
    case 'stopped':
      return failed('FAILED', `${what} was stopped${because}`, [...earlier, ...details])
    case 'rolled-back':
      return {
        ...failed('ROLLED_BACK', `ECS rolled back to ${previous}. ${what} failed${because}`, [
          ...earlier,
          ...details
        ]),
        ...(request.previousTaskDefinitionArn
          ? { restoredTaskDefinitionArn: request.previousTaskDefinitionArn }
          : {})
      }
    case 'rollback-failed':
      return failed('FAILED', `${what} failed and ECS's rollback to ${previous} failed too${because}`, [
        ...earlier,
        ...details
      ])
    default: {
      const follow =
        `ECS is rolling back to ${previous}; the run does not wait for it (rollback-on-failure is false). ` +
        `Follow it with: aws ecs describe-service-deployments --service-deployment-arns ${arn}`
      return {
        ...failed('ROLLING_BACK', `${what} failed${because}. ${follow}`, [...earlier, ...details]),
        notes: [follow]
      }
    }
  }
}

/**
 * A failure the deployments[] view found, with what ECS's service deployment adds to its cause (its reason, the
 * breaker's count and threshold, the alarms), where the deployment ended or rolls back and the cause lacks it.
 */
function enriched(
  verdict: Verdict,
  phase: ServiceDeploymentPhase,
  reasons: string[],
  details: string[]
): Verdict {
  // A rolling back verdict ends with how to follow the rollback (its note): ECS's reason goes before that.
  const follow = verdict.outcome === 'ROLLING_BACK' ? verdict.notes[0] : undefined
  const tail = follow && verdict.cause.endsWith(`. ${follow}`) ? `. ${follow}` : ''
  const head = verdict.cause.slice(0, verdict.cause.length - tail.length)
  // An ongoing deployment's statusReason ("in progress") explains nothing about this failure.
  // Nor does a replaced one's ("Superseded"): the cause already names what replaced it.
  const says = phase !== 'ongoing' && verdict.outcome !== 'REPLACED' && verdict.outcome !== 'SERVICE_INACTIVE'
  const added = says ? reasons.filter(part => !head.includes(part)) : []
  const cause =
    added.length > 0
      ? `${head.replace(/\.$/, '')} (service deployment: ${added.join('; ')})${tail}`
      : verdict.cause
  // deployments[] saw the rollback deployment complete, but ECS says the rollback failed: the worse one stands.
  if (verdict.outcome === 'ROLLED_BACK' && phase === 'rollback-failed') {
    const { restoredTaskDefinitionArn: _restored, ...rest } = verdict
    return {
      ...rest,
      outcome: 'FAILED',
      cause: `${cause}; ECS reports ROLLBACK_FAILED`,
      details: [...verdict.details, ...details]
    }
  }
  return {
    ...verdict,
    cause,
    details: [...verdict.details, ...details],
    notes: [...verdict.notes, ...details]
  }
}
