// The image stage as the pipeline runs it: build, log in with a private credential store, push, read the digest back.
import type { ActionDeps } from '../runtime.js'
import { imageUriFor, registryHostOf, type ImageSource } from './source.js'
import { runJavaBuild, type JavaBuildPlan } from '../java/build.js'
import { EcrError, type EcrApi, type ImageInfo } from '../aws/ecr-uri.js'
import {
  buildImage,
  createEngineSession,
  imageRefs,
  loginToRegistry,
  ociLabels,
  pushImage,
  type ImageBuildRequest
} from './engine.js'
import type { Release } from '../release.js'
import { runnerTemp, type Settings } from '../settings/index.js'

export async function buildAndPush(
  engine: Settings['containerEngine'],
  source: Extract<ImageSource, { kind: 'build' }>,
  request: ImageBuildRequest,
  ecr: EcrApi,
  deps: Pick<ActionDeps, 'env' | 'runner' | 'logger' | 'mask' | 'clock'>,
  stage: <T>(name: string, fn: () => Promise<T>) => Promise<T>,
  cleanups: (() => void)[]
): Promise<ImageInfo> {
  const session = createEngineSession(runnerTemp(deps.env))
  cleanups.push(session.dispose)
  const engineDeps = { runner: deps.runner, logger: deps.logger, session, clock: deps.clock }
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

/** A deployable image: where it is, its digest (empty when outside ECR's reach), and whether it was reused. */
export interface DeployedImage {
  uri: string
  digest: string
  sizeBytes?: number
  reused: boolean
}

/** What the plan decided about the image (src/plan.ts). */
export interface ImagePlan {
  source: ImageSource
  existing?: ImageInfo
  /** reuse: ECR already has the image; build: the Java build, image build and push run; unverified: no ECR to ask. */
  imageStep: 'reuse' | 'build' | 'unverified'
  javaBuild?: JavaBuildPlan
  engineRequest?: ImageBuildRequest
}

/**
 * The image stage: reuse what ECR already has, or run the Java build, the image build and the push, or go on
 * with an image that could not be checked (a dry run without credentials).
 */
export async function provideImage(
  plan: ImagePlan,
  settings: Pick<Settings, 'containerEngine' | 'imageReference'>,
  ecr: EcrApi,
  deps: Pick<ActionDeps, 'env' | 'runner' | 'logger' | 'mask' | 'clock'>,
  stage: <T>(name: string, fn: () => Promise<T>, note?: (result: T) => string | undefined) => Promise<T>,
  cleanups: (() => void)[]
): Promise<DeployedImage> {
  const { source, existing, javaBuild } = plan
  let image: ImageInfo
  if (existing) {
    image = existing
    deps.logger.info(
      source.kind === 'build'
        ? `${source.repositoryUri}:${source.tag} is already in ECR (${existing.digest}): skipping the Java build, image build and push.`
        : `Deploying the existing image ${source.repositoryUri}${source.tag ? `:${source.tag}` : `@${source.digest}`} (${existing.digest}).`
    )
  } else if (source.kind === 'build' && plan.engineRequest) {
    if (javaBuild)
      await stage(
        'Java build',
        () => runJavaBuild(javaBuild, deps.runner, deps.logger),
        () => javaBuild.tool
      )
    image = await buildAndPush(
      settings.containerEngine,
      source,
      plan.engineRequest,
      ecr,
      deps,
      stage,
      cleanups
    )
  } else {
    image = { digest: '', tags: [] } // an image outside ECR that could not be checked (warned above)
  }
  return {
    uri: imageUriFor(source, image.digest, settings),
    digest: image.digest,
    sizeBytes: image.sizeBytes,
    reused: existing !== undefined
  }
}

export function imageLabels(
  release: Release,
  deps: Pick<ActionDeps, 'githubContext' | 'clock'>
): Record<string, string> {
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
