// The dry run's plan: what a real run would do, in the order it would do it, read from the release plan.
import { shortArn } from '../aws/arn.js'
import { buildArgs, imageRefs, loginArgs, pushArgs } from '../image/engine.js'
import { registryHostOf } from '../image/source.js'
import { formatCommand } from '../exec.js'
import type { ReleasePlan, ServicePlan } from '../plan.js'
import type { Settings } from '../settings/index.js'

export function dryRunPlan(plan: ReleasePlan, settings: Settings, renderedPath: string): string[] {
  const service = serviceLines(plan.services[0] ?? plan, settings, renderedPath)
  return [...imageLines(plan), ...service.register, ...runTaskLines(plan), ...service.update]
}

/** The dry run of several services: the image once, each service's lines with its name, the one-off task, the order. */
export function servicesDryRunPlan(plan: ReleasePlan, renderedPaths: string[]): string[] {
  const lines = imageLines(plan)
  const each = plan.services.map((s, i) => ({
    name: s.entry?.name ?? '?',
    ...serviceLines(s, s.settings, renderedPaths[i] ?? '')
  }))
  for (const s of each) lines.push(...s.register.map(l => `[${s.name}] ${l}`))
  lines.push(...runTaskLines(plan).map(l => `${l} (the first service's task definition and network)`))
  for (const s of each) lines.push(...s.update.map(l => `[${s.name}] ${l}`))
  const settings = plan.services[0]?.settings
  if (settings) {
    const names = each.map(s => s.name).join(', ')
    lines.push(
      settings.servicesOrder === 'sequential'
        ? `Update ${names} one after another, each after the one before completed its rollout`
        : `Update ${names}, then follow their rollouts together`
    )
    if (settings.rollbackOnFailure)
      lines.push(
        settings.rollbackScope === 'all'
          ? 'If one fails: roll back every service this run updated (rollback-scope all)'
          : 'If one fails: roll back only the failed service (rollback-scope failed)'
      )
  }
  return lines
}

function imageLines(plan: ReleasePlan): string[] {
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
  return lines
}

/** One service's lines: its task definition before the one-off task, its update after. */
function serviceLines(
  plan: Pick<ServicePlan, 'taskDefinition' | 'target' | 'deployment'>,
  settings: Settings,
  renderedPath: string
): { register: string[]; update: string[] } {
  const lines: string[] = []
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
  const update: string[] = []
  const deployment = plan.deployment
  if (deployment && deployment.busy.length > 0)
    update.push(
      `The service has a deployment in progress (${deployment.busy.map(d => d.id).join(', ')}): a real run would ` +
        (settings.onBusy === 'fail'
          ? 'refuse (on-busy is fail).'
          : `wait for it first, for up to ${settings.waitForMinutes} min (on-busy is wait).`)
    )
  if (deployment?.codedeploy) {
    update.push(
      `Deploy service ${settings.service} in cluster ${settings.cluster} (${deployment.label}, no UpdateService)` +
        (settings.waitForServiceStability ? `, then follow it for up to ${settings.waitForMinutes} min` : '')
    )
    update.push(...(deployment.notes ?? []))
    return { register: lines, update }
  }
  update.push(
    settings.service
      ? `Update service ${settings.service} in cluster ${settings.cluster}${settings.desiredCount !== undefined ? ` to ${settings.desiredCount} tasks` : ''}` +
          (deployment ? ` (${deployment.label})` : '') +
          (settings.waitForServiceStability
            ? `, then follow the rollout for up to ${settings.waitForMinutes} min`
            : '')
      : 'No service given: nothing would be updated.'
  )
  return { register: lines, update }
}

function runTaskLines(plan: ReleasePlan): string[] {
  const lines: string[] = []
  const runTask = plan.runTask
  if (runTask)
    lines.push(
      `Run a one-off task of ${runTask.family}${runTask.ownTaskDefinition ? ' (run-task-task-definition, registered with the same image)' : ''} ` +
        `on container ${runTask.container} before the update, stopped after ${runTask.timeoutMinutes} min; ` +
        `the service is updated only if every essential container exits 0. RunTask request ` +
        `(taskDefinition: the revision the run registers): ${JSON.stringify(runTask.request)}`
    )
  return lines
}
