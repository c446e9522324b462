// The dry run's plan: what a real run would do, in the order it would do it, read from the release plan.
import { shortArn } from '../aws/arn.js'
import { buildArgs, imageRefs, loginArgs, pushArgs } from '../image/engine.js'
import { registryHostOf } from '../image/source.js'
import { formatCommand } from '../exec.js'
import type { ReleasePlan } from '../plan.js'
import type { Settings } from '../settings/index.js'

export function dryRunPlan(plan: ReleasePlan, settings: Settings, renderedPath: string): string[] {
  const { source, javaBuild, engineRequest: request } = plan
  const lines: string[] = []
  if (plan.imageStep === 'reuse' && source.kind === 'build')
    lines.push(
      `${source.repositoryUri}:${source.tag} is already in ECR: the Java build, image build and push would be skipped.`
    )
  else if (plan.imageStep === 'build' && request) {
    lines.push(
      javaBuild
        ? `Java build (${javaBuild.reason}): ${formatCommand(javaBuild.command, javaBuild.args)} in ${javaBuild.cwd}`
        : 'Java build: none'
    )
    lines.push(`Image build: ${formatCommand(request.engine, buildArgs(request))}`)
    lines.push(
      `Registry login: ${formatCommand(request.engine, loginArgs(registryHostOf(request.repositoryUri), 'AWS'))} (password on stdin)`
    )
    for (const ref of imageRefs(request)) lines.push(`Push: ${formatCommand(request.engine, pushArgs(ref))}`)
  } else
    lines.push(
      `Deploy the existing image ${source.repositoryUri}${source.tag ? `:${source.tag}` : `@${source.digest}`}`
    )
  if (plan.taskDefinition.origin)
    lines.push(`Task definition ${plan.taskDefinition.family} from ${plan.taskDefinition.origin}`)
  lines.push(`Rendered task definition: ${renderedPath}`)
  const current = plan.target?.current
  const family = plan.taskDefinition.family
  lines.push(
    current
      ? `Register a new revision of ${family} (the service runs ${shortArn(current.taskDefinitionArn ?? '')})`
      : `Register a new revision of ${family}`
  )
  const runTask = plan.runTask
  if (runTask)
    lines.push(
      `Run a one-off task of ${runTask.family}${runTask.ownTaskDefinition ? ' (run-task-task-definition, registered with the same image)' : ''} ` +
        `on container ${runTask.container} before the update, stopped after ${runTask.timeoutMinutes} min; ` +
        `the service is updated only if every essential container exits 0. RunTask request ` +
        `(taskDefinition: the revision the run registers): ${JSON.stringify(runTask.request)}`
    )
  const deployment = plan.deployment
  if (deployment && deployment.busy.length > 0)
    lines.push(
      `The service has a deployment in progress (${deployment.busy.map(d => d.id).join(', ')}): a real run would ` +
        (settings.onBusy === 'fail'
          ? 'refuse (on-busy is fail).'
          : `wait for it first, for up to ${settings.waitForMinutes} min (on-busy is wait).`)
    )
  lines.push(
    settings.service
      ? `Update service ${settings.service} in cluster ${settings.cluster}${settings.desiredCount !== undefined ? ` to ${settings.desiredCount} tasks` : ''}` +
          (deployment ? ` (${deployment.label})` : '') +
          (settings.waitForServiceStability
            ? `, then follow the rollout for up to ${settings.waitForMinutes} min${deployment?.done ? ` (${deployment.done})` : ''}`
            : '')
      : 'No service given: nothing would be updated.'
  )
  return lines
}
