// The dry run's plan: what a real run would do, in the order it would do it.
import { registryHostOf, type ImageSource } from '../build/source.js'
import type { ImageInfo } from '../aws/ecr.js'
import type { JavaBuildPlan } from '../build/java.js'
import { buildArgs, imageRefs, loginArgs, pushArgs, type ImageBuildRequest } from '../build/image.js'
import { formatCommand } from '../exec.js'
import { shortArn } from '../aws/arn.js'
import type { Settings } from '../settings.js'
import type { TaskDefinition } from '@aws-sdk/client-ecs'

export function dryRunPlan(
  settings: Settings,
  source: ImageSource,
  existing: ImageInfo | undefined,
  javaBuild: JavaBuildPlan | undefined,
  request: ImageBuildRequest | undefined,
  current: TaskDefinition | undefined,
  rendered: Record<string, unknown>,
  renderedPath: string
): string[] {
  const plan: string[] = []
  if (source.kind === 'build' && existing)
    plan.push(
      `${source.repositoryUri}:${source.tag} is already in ECR: the Java build, image build and push would be skipped.`
    )
  else if (request) {
    plan.push(
      javaBuild
        ? `Java build (${javaBuild.reason}): ${formatCommand(javaBuild.command, javaBuild.args)} in ${javaBuild.cwd}`
        : 'Java build: none'
    )
    plan.push(`Image build: ${formatCommand(request.engine, buildArgs(request))}`)
    plan.push(
      `Registry login: ${formatCommand(request.engine, loginArgs(registryHostOf(request.repositoryUri), 'AWS'))} (password on stdin)`
    )
    for (const ref of imageRefs(request)) plan.push(`Push: ${formatCommand(request.engine, pushArgs(ref))}`)
  } else
    plan.push(
      `Deploy the existing image ${source.repositoryUri}${source.tag ? `:${source.tag}` : `@${source.digest}`}`
    )
  plan.push(`Rendered task definition: ${renderedPath}`)
  const family = String(rendered.family)
  plan.push(
    current
      ? `Register a new revision of ${family} (the service runs ${shortArn(current.taskDefinitionArn ?? '')})`
      : `Register a new revision of ${family}`
  )
  plan.push(
    settings.service
      ? `Update service ${settings.service} in cluster ${settings.cluster}${settings.desiredCount !== undefined ? ` to ${settings.desiredCount} tasks` : ''}` +
          (settings.waitForServiceStability
            ? `, then follow the rollout for up to ${settings.waitForMinutes} min`
            : '')
      : 'No service given: nothing would be updated.'
  )
  return plan
}
