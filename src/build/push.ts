// The image stage as the pipeline runs it: build, log in with a private credential store, push, read the digest back.
import type { ActionDeps } from '../main.js'
import { registryHostOf, type ImageSource } from './source.js'
import { EcrError, type EcrApi, type ImageInfo } from '../aws/ecr.js'
import {
  buildImage,
  createEngineSession,
  imageRefs,
  loginToRegistry,
  ociLabels,
  pushImage,
  type ImageBuildRequest
} from '../build/image.js'
import type { Release } from '../release.js'
import { runnerTemp, type Settings } from '../settings.js'

export async function buildAndPush(
  engine: Settings['containerEngine'],
  source: Extract<ImageSource, { kind: 'build' }>,
  request: ImageBuildRequest,
  ecr: EcrApi,
  deps: ActionDeps,
  stage: <T>(name: string, fn: () => Promise<T>) => Promise<T>,
  cleanups: (() => void)[]
): Promise<ImageInfo> {
  const session = createEngineSession(runnerTemp(deps.env))
  cleanups.push(session.dispose)
  const engineDeps = { runner: deps.runner, logger: deps.logger, session }
  await stage('Image build', () => buildImage(request, engineDeps))
  await stage('Push', async () => {
    const login = await ecr.login(source.registryId)
    deps.mask(login.password)
    await loginToRegistry(engine, registryHostOf(source.repositoryUri), login, engineDeps)
    await pushImage(engine, imageRefs(request), engineDeps, source.repository)
  })
  session.dispose() // the login is no longer needed: do not keep it on disk while the rollout runs
  const pushed = await ecr.findImage(source.repository, source.registryId, { tag: source.tag })
  if (!pushed)
    throw new EcrError(
      `${source.repositoryUri}:${source.tag} was pushed but ECR does not list it; check the registry host in ecr-repository.`
    )
  deps.logger.info(`Pushed ${source.repositoryUri}:${source.tag} (${pushed.digest})`)
  return pushed
}

export function imageLabels(release: Release, deps: ActionDeps): Record<string, string> {
  const ctx = deps.githubContext()
  return ociLabels({
    sourceUrl: ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined,
    sha: release.sha,
    version: release.version,
    created: new Date(deps.clock.now())
  })
}

export function imageRequest(
  settings: Settings,
  source: Extract<ImageSource, { kind: 'build' }>,
  labels: Record<string, string>
): ImageBuildRequest {
  return {
    engine: settings.containerEngine,
    repositoryUri: source.repositoryUri,
    tag: source.tag,
    additionalTags: source.additionalTags,
    context: settings.context,
    dockerfile: settings.dockerfile,
    buildArgs: settings.buildArgs,
    target: settings.target,
    platform: settings.platform,
    labels
  }
}
