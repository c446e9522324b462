// continue-deployment: answer the pause hook of a service deployment an earlier run left waiting (on-pause: exit),
// then follow it to its end like any other run of the path. GitHub's own approval (an environment with required
// reviewers on the job that runs this) becomes the gate of an ECS pause hook.
import { shortArn } from '../aws/arn.js'
import type { EcsApi } from '../aws/ecs.js'
import { EcsError } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { watchServiceDeployment } from '../rollout/staged-watch.js'
import type { LogSource, RolloutResult } from '../rollout/types.js'
import type { ContinueMode, Settings } from '../settings/index.js'
import type { RegisteredTaskDefinition, StartedDeployment } from './path.js'

export interface ContinuedDeployment {
  started: StartedDeployment
  registered: RegisteredTaskDefinition
  /** Follows it: answers the hook once it waits (at once, when it already does), then to the end. */
  follow(): Promise<RolloutResult>
}

/** Reads the service deployment and what it deploys, before anything is answered. */
export async function findPausedDeployment(
  mode: ContinueMode,
  settings: Pick<Settings, 'cluster' | 'waitForMinutes' | 'rollbackOnFailure' | 'waitUntil' | 'onPause'>,
  deps: { ecs: EcsApi; logs?: LogSource; clock: Clock; logger: Logger }
): Promise<ContinuedDeployment> {
  const { ecs, logger } = deps
  const arn = mode.serviceDeploymentArn
  const [sd] = await ecs.describeServiceDeployments([arn])
  if (!sd)
    throw new EcsError(
      `continue-deployment names ${arn}, which ECS does not know (DescribeServiceDeployments found nothing); ` +
        "give the service-deployment-arn output of the run that paused, within the service deployments' history of about 90 days."
    )
  const target = sd.targetServiceRevision?.arn
  const source = sd.sourceServiceRevisions?.[0]?.arn
  const revisions = await ecs.describeServiceRevisions([target, source].filter((a): a is string => !!a))
  const taskDefinitionOf = (revision: string | undefined) =>
    revisions.find(r => r.serviceRevisionArn === revision)?.taskDefinition
  const taskDefinitionArn = taskDefinitionOf(target) ?? ''
  const waiting = (sd.lifecycleHookDetails ?? []).find(h => h.status === 'AWAITING_ACTION')
  logger.info(
    `Service deployment ${shortArn(arn)} of ${shortArn(taskDefinitionArn) || 'an unknown revision'} on ${mode.service}: ${sd.status ?? 'unknown status'}` +
      `${sd.lifecycleStage ? ` in ${sd.lifecycleStage}` : ''}` +
      (waiting
        ? `, waiting on pause hook ${waiting.hookId}; answering it with ${mode.action} (continue-action).`
        : '; no pause hook waits now: following it, and answering one if it comes.')
  )
  const service = await ecs.describeService(settings.cluster, mode.service)
  const deploymentId = service?.deployments?.find(d => d.taskDefinition === taskDefinitionArn)?.id ?? ''
  const started: StartedDeployment = {
    id: deploymentId || shortArn(arn),
    serviceDeploymentArn: arn,
    alreadyServing: false
  }
  return {
    started,
    registered: { arn: taskDefinitionArn, isNew: false },
    follow: () =>
      watchServiceDeployment(
        {
          cluster: settings.cluster,
          service: mode.service,
          region: mode.region,
          serviceDeploymentArn: arn,
          deploymentId,
          taskDefinitionArn,
          previousTaskDefinitionArn: taskDefinitionOf(source),
          configuration: sd.deploymentConfiguration ?? service?.deploymentConfiguration,
          timeoutMs: settings.waitForMinutes * 60_000,
          followRollback: settings.rollbackOnFailure || mode.action === 'ROLLBACK',
          waitUntil: settings.waitUntil,
          onPause: settings.onPause,
          answer: { action: mode.action }
        },
        deps
      )
  }
}
