// run(): settings → release → task definition → AWS → image → register → update → rollout → report.
// The one place that fails the step.
import * as core from '@actions/core'
import * as github from '@actions/github'
import * as os from 'node:os'
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import { createClients, destroyClients, type AwsClients } from './aws/clients.js'
import { CredentialsError, resolveCredentials, whoAmI, type CallerIdentity } from './aws/credentials.js'
import { createEcrApi, ecrHost, EcrError, parseImageUri, type EcrApi, type ImageInfo } from './aws/ecr.js'
import { createEcsApi, EcsError, newDeploymentId, type EcsApi } from './aws/ecs.js'
import { createLogSource } from './aws/logs.js'
import { planJavaBuild, projectFiles, runJavaBuild, type JavaBuildPlan } from './build/java.js'
import {
  buildArgs,
  buildImage,
  createEngineSession,
  imageRefs,
  loginArgs,
  loginToRegistry,
  ociLabels,
  pushArgs,
  pushImage,
  type ImageBuildRequest
} from './build/image.js'
import { systemClock, type Clock } from './clock.js'
import { formatCommand, processRunner, type Runner } from './exec.js'
import { iamPolicyFor } from './iam/policy.js'
import { actionsLogger, type Logger } from './log.js'
import { resolveRelease, renderTag, type GithubContext, type Release } from './release.js'
import { OutputRecorder } from './report/outputs.js'
import { renderSummary, shortArn, formatDuration, type RunReport } from './report/summary.js'
import { rollbackService, waitForIdleService, watchRollout, type RolloutResult } from './rollout/index.js'
import { createRolloutSource } from './rollout/sources.js'
import {
  envInputReader,
  ignoredInputs,
  Outputs,
  readSettings,
  secretInputs,
  type Settings
} from './settings.js'
import {
  diffTaskDefinitions,
  loadTaskDefinition,
  renderTaskDefinition,
  taskDefinitionsEqual,
  writeRenderedTaskDefinition,
  type LoadedTaskDefinition
} from './taskdef/index.js'
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'

/** Everything run() touches outside itself; tests pass their own. */
export interface ActionDeps {
  env: NodeJS.ProcessEnv
  githubContext(): GithubContext
  runner: Runner
  logger: Logger
  clock: Clock
  mask(value: string): void
  idToken(audience: string): Promise<string | undefined>
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
  /** Marks the step failed with an annotation titled `title`. */
  fail(message: string, title: string): void
  createClients(region: string, credentials?: AwsCredentialIdentity): AwsClients
}

export function actionDeps(): ActionDeps {
  return {
    env: process.env,
    githubContext: () => {
      const c = github.context
      return {
        eventName: c.eventName,
        payload: c.payload as Record<string, unknown>,
        sha: c.sha,
        ref: c.ref,
        runNumber: c.runNumber,
        runAttempt: c.runAttempt,
        runId: c.runId,
        repository: process.env.GITHUB_REPOSITORY ?? '',
        serverUrl: c.serverUrl
      }
    },
    runner: processRunner,
    logger: actionsLogger,
    clock: systemClock,
    mask: value => core.setSecret(value),
    idToken: async audience =>
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
        ? core.getIDToken(audience)
        : undefined,
    setOutput: (name, value) => core.setOutput(name, value),
    writeSummary: async markdown => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
    },
    fail: (message, title) => {
      core.error(message, { title })
      process.exitCode = core.ExitCode.Failure
    },
    createClients
  }
}

/** A failure whose cause is already explained (rollout verdicts); details go to the summary. */
export class DeployFailed extends Error {
  constructor(
    message: string,
    readonly title: string,
    readonly details: string[] = []
  ) {
    super(message)
    this.name = 'DeployFailed'
  }
}

const PLACEHOLDER_ACCOUNT = '000000000000'

/** Where the image to deploy comes from: built by this run, or already in the registry. */
type ImageSource =
  | {
      kind: 'build'
      repository: string
      registryId?: string
      repositoryUri: string
      tag: string
      additionalTags: string[]
      digest?: undefined
    }
  | {
      kind: 'existing'
      repository?: string
      registryId?: string
      repositoryUri: string
      tag?: string
      digest?: string
    }

export async function run(deps: ActionDeps = actionDeps()): Promise<void> {
  const { logger, clock } = deps
  const outputs = new OutputRecorder(deps.setOutput)
  const report: RunReport = { dryRun: false, ok: false, headline: '', stages: [], events: [] }
  const cleanups: (() => void)[] = []
  const stage = async <T>(
    name: string,
    fn: () => Promise<T>,
    note?: (result: T) => string | undefined
  ): Promise<T> => {
    const started = clock.now()
    const result = await logger.group(name, fn)
    report.stages.push({ stage: name, ms: clock.now() - started, note: note?.(result) })
    return result
  }

  try {
    // Settings, release and task definition: everything that can be wrong with the inputs fails here,
    // before the first AWS call.
    const settings = readSettings(envInputReader(deps.env), deps.env)
    for (const secret of secretInputs(settings)) deps.mask(secret)
    for (const ignored of ignoredInputs(envInputReader(deps.env)))
      logger.warning(ignored.message, { title: ignored.title })
    report.dryRun = settings.dryRun
    report.cluster = settings.cluster
    report.service = settings.service

    const release = resolveRelease(deps.githubContext(), settings.version)
    report.release = release
    const building = !settings.image && !settings.imageTag
    const tag = building ? renderTag(settings.tagTemplate, release) : settings.imageTag
    const additionalTags = settings.additionalTagTemplates.map(t => renderTag(t, release, 'additional-tags'))
    logger.info(
      `Release ${release.ref} (version ${release.version}, commit ${release.shortSha}, ${release.event})`
    )

    const taskDefinition = loadTaskDefinition(settings.taskDefinitionPath)
    // Rendering with a stand-in image checks container-name against the file before anything else happens.
    renderTaskDefinition(taskDefinition.definition, {
      containerName: settings.containerName,
      image: 'validation'
    })
    const javaBuild = building
      ? planJavaBuild(
          settings.javaBuild,
          settings.buildCommand,
          settings.workingDirectory,
          projectFiles(settings.workingDirectory)
        )
      : undefined

    // AWS: who we are, the registry, the image, the service. Read-only, so missing permissions show early.
    const region = settings.region ?? 'us-east-1'
    report.region = region
    const aws = await stage('Connect to AWS', () => connect(settings, region, deps))
    cleanups.push(() => destroyClients(aws.clients))
    report.account = aws.identity?.account
    const ecr = createEcrApi(aws.clients.ecr)
    const ecs = createEcsApi(aws.clients.ecs)

    const source = await stage('Find the image', () =>
      resolveImageSource(settings, tag, additionalTags, aws, ecr, deps)
    )
    const existing = await findExistingImage(source, aws, ecr, logger)
    const target =
      aws.identity && settings.service
        ? await inspectService(settings, ecs, logger, imageUriFor(source, existing?.digest, settings))
        : undefined
    report.taskDefinition = {
      family: taskDefinition.family,
      previousArn: target?.service.taskDefinition,
      registered: false,
      changes: []
    }
    outputs.set(Outputs.previousTaskDefinitionArn, target?.service.taskDefinition)

    const policy = iamPolicyFor({
      region,
      accountId: aws.identity?.account ?? PLACEHOLDER_ACCOUNT,
      repository: source.repository ? { name: source.repository, registryId: source.registryId } : undefined,
      pushImage: source.kind === 'build',
      // A repository given by name is found through ECR's login (resolveImageSource), also when nothing is pushed.
      registryLogin:
        source.kind === 'build' || (!settings.image && !parseImageUri(settings.ecrRepository ?? '')),
      cluster: settings.cluster,
      service: settings.service ?? 'SERVICE',
      taskDefinition: taskDefinition.definition,
      tags: taskDefinition.tags,
      rollback: settings.rollbackOnFailure,
      describeTasks: settings.waitForServiceStability
    })
    outputs.set(Outputs.iamPolicy, policy)

    if (settings.dryRun) {
      await stage('Plan (dry run)', async () => {
        const image = imageUriFor(source, existing?.digest, settings)
        const rendered = renderTaskDefinition(taskDefinition.definition, {
          containerName: settings.containerName,
          image
        })
        const file = writeRenderedTaskDefinition(rendered, runnerTemp(deps.env))
        const request =
          source.kind === 'build' ? imageRequest(settings, source, imageLabels(release, deps)) : undefined
        const plan = dryRunPlan(
          settings,
          source,
          existing,
          javaBuild,
          request,
          target?.current,
          rendered,
          file
        )
        for (const line of plan) logger.info(line)
        logger.info(`Least-privilege IAM policy for this deploy:\n${policy}`)
        outputs.set(
          Outputs.image,
          source.kind === 'build' || source.tag ? `${source.repositoryUri}:${source.tag}` : image
        )
        outputs.set(Outputs.imageTag, source.tag)
        outputs.set(Outputs.imageDigest, existing?.digest)
        outputs.set(Outputs.taskDefinition, file)
        report.plan = plan
        report.iamPolicy = policy
        report.image = {
          uri: image,
          tag: source.tag,
          digest: existing?.digest,
          reused: existing !== undefined
        }
        report.taskDefinition = {
          ...report.taskDefinition!,
          renderedPath: file,
          changes: target?.current ? diffTaskDefinitions(target.current, rendered) : []
        }
      })
      report.ok = true
      report.headline = 'Dry run: nothing was built, pushed, registered or updated.'
      logger.info(report.headline)
      return
    }
    if (!target) throw new EcsError('No service to update.') // readSettings requires service outside a dry run

    // Build and push, unless ECR already has this release's image (a re-run) or an existing image was chosen.
    let image: ImageInfo
    if (existing) {
      image = existing
      logger.info(
        source.kind === 'build'
          ? `${source.repositoryUri}:${source.tag} is already in ECR (${existing.digest}): skipping the Java build, image build and push.`
          : `Deploying the existing image ${source.repositoryUri}${source.tag ? `:${source.tag}` : `@${source.digest}`} (${existing.digest}).`
      )
    } else if (source.kind === 'build') {
      if (javaBuild)
        await stage(
          'Java build',
          () => runJavaBuild(javaBuild, deps.runner, logger),
          () => javaBuild.tool
        )
      const request = imageRequest(settings, source, imageLabels(release, deps))
      image = await buildAndPush(settings.containerEngine, source, request, ecr, deps, stage, cleanups)
    } else {
      image = { digest: '', tags: [] } // an image outside ECR that could not be checked (warned above)
    }
    const imageUri = imageUriFor(source, image.digest, settings)
    outputs.set(Outputs.image, source.tag ? `${source.repositoryUri}:${source.tag}` : imageUri)
    outputs.set(Outputs.imageTag, source.tag)
    outputs.set(Outputs.imageDigest, image.digest)
    report.image = {
      uri: imageUri,
      tag: source.tag,
      digest: image.digest || undefined,
      sizeBytes: image.sizeBytes,
      reused: existing !== undefined
    }

    // Register the rendered task definition, unless the service already runs exactly this one.
    const registered = await stage('Register task definition', async () => {
      const rendered = renderTaskDefinition(taskDefinition.definition, {
        containerName: settings.containerName,
        image: imageUri
      })
      const file = writeRenderedTaskDefinition(rendered, runnerTemp(deps.env))
      outputs.set(Outputs.taskDefinition, file)
      const changes = target.current ? diffTaskDefinitions(target.current, rendered) : []
      for (const change of changes) logger.info(`  ${change}`)
      report.taskDefinition = { ...report.taskDefinition!, renderedPath: file, changes }
      // force-new-deployment redeploys the same revision; registering an identical one would only add noise.
      if (target.current?.taskDefinitionArn && taskDefinitionsEqual(rendered, target.current)) {
        logger.info(
          `The service already runs this task definition (${shortArn(target.current.taskDefinitionArn)}): no new revision` +
            (settings.forceNewDeployment ? '; force-new-deployment starts a new deployment of it.' : '.')
        )
        return { arn: target.current.taskDefinitionArn, revision: target.current.revision, isNew: false }
      }
      const td = await ecs.registerTaskDefinition({
        ...rendered,
        ...(taskDefinition.tags.length > 0 ? { tags: taskDefinition.tags } : {})
      })
      logger.info(`Registered ${shortArn(td.taskDefinitionArn!)}`)
      return { arn: td.taskDefinitionArn!, revision: td.revision, isNew: true }
    })
    outputs.set(Outputs.taskDefinitionArn, registered.arn)
    outputs.set(Outputs.taskDefinitionRevision, registered.revision)
    report.taskDefinition = {
      ...report.taskDefinition!,
      arn: registered.arn,
      revision: registered.revision,
      registered: registered.isNew
    }

    // Update the service, or pick up the deployment an earlier attempt of this run already started.
    const deploymentId = await stage('Update service', () =>
      updateService(settings, target.service, registered, ecs, aws, deps)
    )
    report.deploymentId = deploymentId.id
    outputs.set(Outputs.deploymentId, deploymentId.id)

    if (!settings.waitForServiceStability && !deploymentId.alreadyServing) {
      report.ok = true
      report.rolloutState = 'SKIPPED'
      outputs.set(Outputs.rolloutState, 'SKIPPED')
      report.headline = `Deployment ${deploymentId.id} started; not followed (wait-for-service-stability is false).`
      logger.info(report.headline)
      return
    }
    if (deploymentId.alreadyServing) {
      report.ok = true
      report.rolloutState = 'COMPLETED'
      outputs.set(Outputs.rolloutState, 'COMPLETED')
      report.headline = `${settings.service} already serves ${shortArn(registered.arn)}: nothing to deploy.`
      logger.info(report.headline)
      return
    }

    const rollout = await stage(
      'Rollout',
      () => followRollout(settings, target.service, registered.arn, deploymentId.id, aws, ecs, deps),
      r => r.outcome
    )
    report.events = rollout.events
    report.stoppedTasks = rollout.stoppedTasks
    report.rolloutState = rollout.outcome
    outputs.set(Outputs.rolloutState, rollout.outcome)
    if (!rollout.ok) {
      throw new DeployFailed(rollout.cause, rolloutTitle(rollout), rollout.details)
    }
    report.ok = true
    const total = report.stages.reduce((sum, s) => sum + s.ms, 0)
    report.headline = `${settings.service} serves ${shortArn(registered.arn)} (deployment ${deploymentId.id} completed) in ${formatDuration(total)}.`
    logger.info(report.headline)
  } catch (error) {
    const { message, title, details } = describeFailure(error)
    report.ok = false
    report.headline = `Failed: ${message.split('\n')[0]}`
    report.failure = {
      cause: message.split('\n')[0] ?? message,
      details: [...message.split('\n').slice(1), ...details]
    }
    deps.fail(message, title)
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    await deps
      .writeSummary(renderSummary(report))
      .catch(e => logger.warning(`Could not write the job summary: ${(e as Error).message}`))
  }
}

interface Connection {
  clients: AwsClients
  identity?: CallerIdentity
  region: string
}

async function connect(settings: Settings, region: string, deps: ActionDeps): Promise<Connection> {
  const credentials = await resolveCredentials(
    {
      region,
      credentials: settings.credentials,
      roleToAssume: settings.roleToAssume,
      roleSessionName: settings.roleSessionName
    },
    { logger: deps.logger, mask: deps.mask, idToken: deps.idToken }
  )
  const clients = deps.createClients(region, credentials)
  try {
    const identity = await whoAmI(clients.sts)
    deps.logger.info(`Deploying as ${identity.arn} (account ${identity.account}, region ${region})`)
    return { clients, identity, region }
  } catch (e) {
    if (!settings.dryRun || !(e instanceof CredentialsError)) {
      destroyClients(clients)
      throw e
    }
    deps.logger.warning(
      `Dry run without working AWS credentials (${e.reason ?? e.message}): planning with the placeholder account ` +
        `${PLACEHOLDER_ACCOUNT} in ${region}, without reading the service or ECR.`,
      { title: 'No AWS credentials' }
    )
    return { clients, region }
  }
}

async function resolveImageSource(
  settings: Settings,
  tag: string | undefined,
  additionalTags: string[],
  aws: Connection,
  ecr: EcrApi,
  deps: ActionDeps
): Promise<ImageSource> {
  if (settings.image) {
    const parsed = parseImageUri(settings.image)!
    const repositoryUri = `${parsed.host}/${parsed.repository}`
    return {
      kind: 'existing',
      repository: parsed.repository,
      registryId: parsed.registryId,
      repositoryUri,
      tag: parsed.tag,
      digest: parsed.digest
    }
  }
  const raw = settings.ecrRepository!
  const parsed = parseImageUri(raw)
  let repository: string
  let registryId: string | undefined
  let host: string
  if (parsed) {
    if (parsed.tag || parsed.digest)
      throw new EcrError(
        `ecr-repository "${raw}" has a tag or digest; give the repository only, and the tag with tag-template or image-tag.`
      )
    repository = parsed.repository
    registryId = parsed.registryId
    host = parsed.host
  } else {
    if (!/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(raw) || raw.length > 256)
      throw new EcrError(
        `ecr-repository "${raw}" is not a repository name; use lower-case letters, digits, and . _ - / between them.`
      )
    repository = raw
    // ECR's address for this account: from the login when we can get one, else (a dry run) the public form.
    host = aws.identity ? (await ecr.login()).host : ecrHost(PLACEHOLDER_ACCOUNT, aws.region)
    if (aws.identity) deps.logger.info(`ECR registry: ${host}`)
  }
  const repositoryUri = `${host}/${repository}`
  if (settings.imageTag)
    return { kind: 'existing', repository, registryId, repositoryUri, tag: settings.imageTag }
  return { kind: 'build', repository, registryId, repositoryUri, tag: tag!, additionalTags }
}

/** Looks the image up in ECR: a redeploy must find it; a build skips when this release's tag is already there. */
async function findExistingImage(
  source: ImageSource,
  aws: Connection,
  ecr: EcrApi,
  logger: Logger
): Promise<ImageInfo | undefined> {
  if (!aws.identity || !source.repository) return undefined
  const ref = source.digest ? { digest: source.digest } : { tag: source.tag! }
  const found = await ecr.findImage(source.repository, source.registryId, ref)
  if (source.kind === 'existing' && !found) {
    const what = 'digest' in ref ? ref.digest : `tag ${ref.tag}`
    throw new EcrError(
      `The image ${source.repositoryUri} has no ${what} in ECR; nothing was changed. ` +
        'Check image / image-tag (list tags with: aws ecr describe-images --repository-name ' +
        `${source.repository}).`
    )
  }
  if (found) logger.debug(`ECR has ${source.repositoryUri} ${found.digest} (tags ${found.tags.join(', ')})`)
  return found
}

interface ServiceTarget {
  service: Service
  current?: TaskDefinition
}

async function inspectService(
  settings: Settings,
  ecs: EcsApi,
  logger: Logger,
  image: string
): Promise<ServiceTarget> {
  const service = await ecs.describeService(settings.cluster, settings.service!)
  if (!service || service.status === 'INACTIVE')
    throw new EcsError(
      `The service "${settings.service}" does not exist in cluster "${settings.cluster}"; create it first, or fix service / cluster / aws-region.`
    )
  if (service.status !== 'ACTIVE')
    throw new EcsError(
      `The service "${settings.service}" is ${service.status}, not ACTIVE; it cannot be deployed to.`
    )
  const current = service.taskDefinition
    ? (await ecs.describeTaskDefinition(service.taskDefinition)).taskDefinition
    : undefined
  // A rollout of this very image is an earlier attempt of this run (a re-run), which it follows: not "busy".
  const ownAttempt = (current?.containerDefinitions ?? []).some(c => c.image === image)
  const busy = (service.deployments ?? []).filter(
    d =>
      d.rolloutState === 'IN_PROGRESS' &&
      !(ownAttempt && d.status === 'PRIMARY' && d.taskDefinition === service.taskDefinition)
  )
  if (busy.length > 0 && settings.onBusy === 'fail' && !settings.dryRun)
    throw new EcsError(
      `The service "${settings.service}" has a deployment in progress (${busy.map(d => `${d.id} on ${shortArn(d.taskDefinition ?? '')}`).join(', ')}); ` +
        'on-busy is fail, so nothing was changed. Re-run when it finishes, or set on-busy: wait.'
    )
  logger.info(
    `Service ${service.serviceName} runs ${shortArn(service.taskDefinition ?? 'nothing yet')}, ${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks`
  )
  return { service, current }
}

async function buildAndPush(
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

function imageLabels(release: Release, deps: ActionDeps): Record<string, string> {
  const ctx = deps.githubContext()
  return ociLabels({
    sourceUrl: ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined,
    sha: release.sha,
    version: release.version,
    created: new Date(deps.clock.now())
  })
}

function imageRequest(
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

function registryHostOf(repositoryUri: string): string {
  return repositoryUri.slice(0, repositoryUri.indexOf('/'))
}

function imageUriFor(source: ImageSource, digest: string | undefined, settings: Settings): string {
  if (settings.imageReference === 'digest' && digest) return `${source.repositoryUri}@${digest}`
  if (source.tag) return `${source.repositoryUri}:${source.tag}`
  return `${source.repositoryUri}@${source.digest ?? digest}`
}

async function updateService(
  settings: Settings,
  service: Service,
  registered: { arn: string; isNew: boolean },
  ecs: EcsApi,
  aws: Connection,
  deps: ActionDeps
): Promise<{ id: string; alreadyServing: boolean }> {
  const primary = service.deployments?.find(d => d.status === 'PRIMARY')
  if (
    !registered.isNew &&
    !settings.forceNewDeployment &&
    primary?.taskDefinition === registered.arn &&
    settings.desiredCount === undefined
  ) {
    // A re-run: the service already has this task definition. Follow its deployment if still rolling out.
    const alone = (service.deployments ?? []).length === 1
    if (
      primary.rolloutState === 'COMPLETED' ||
      (!primary.rolloutState && alone && primary.runningCount === primary.desiredCount)
    )
      return { id: primary.id ?? '', alreadyServing: true }
    deps.logger.info(`Following the deployment already in progress for this task definition: ${primary.id}`)
    return { id: primary.id ?? '', alreadyServing: false }
  }
  const others = (service.deployments ?? []).filter(d => d.rolloutState === 'IN_PROGRESS')
  if (others.length > 0 && settings.onBusy === 'wait') {
    await waitForIdleService(
      {
        cluster: settings.cluster,
        service: settings.service!,
        timeoutMs: settings.waitForMinutes * 60_000,
        onBusy: settings.onBusy
      },
      { source: createRolloutSource(aws.clients.ecs), clock: deps.clock, logger: deps.logger }
    )
  }
  const updated = await ecs.updateService({
    cluster: settings.cluster,
    service: settings.service!,
    taskDefinitionArn: registered.arn,
    forceNewDeployment: settings.forceNewDeployment,
    desiredCount: settings.desiredCount
  })
  const id = newDeploymentId(updated, registered.arn)
  if (!id)
    throw new EcsError(
      `ECS updated ${settings.service} but listed no PRIMARY deployment of ${shortArn(registered.arn)}; check the service's events.`
    )
  deps.logger.info(`Started deployment ${id} of ${shortArn(registered.arn)}`)
  return { id, alreadyServing: false }
}

async function followRollout(
  settings: Settings,
  service: Service,
  taskDefinitionArn: string,
  deploymentId: string,
  aws: Connection,
  ecs: EcsApi,
  deps: ActionDeps
): Promise<RolloutResult> {
  const watchDeps = {
    source: createRolloutSource(aws.clients.ecs),
    logs: createLogSource(aws.clients.logs),
    clock: deps.clock,
    logger: deps.logger
  }
  const request = {
    cluster: settings.cluster,
    service: settings.service!,
    deploymentId,
    taskDefinitionArn,
    previousTaskDefinitionArn: service.taskDefinition,
    timeoutMs: settings.waitForMinutes * 60_000,
    maxTaskFailures: settings.maxTaskFailures
  }
  const result = await watchRollout(request, watchDeps)
  if (
    result.ok ||
    !settings.rollbackOnFailure ||
    result.outcome === 'ROLLED_BACK' ||
    !service.taskDefinition ||
    result.outcome === 'REPLACED'
  )
    return result
  return rollbackService(request, result, {
    ...watchDeps,
    updateService: async (arn: string) => {
      const updated = await ecs.updateService({
        cluster: settings.cluster,
        service: settings.service!,
        taskDefinitionArn: arn,
        forceNewDeployment: false
      })
      return { deploymentId: newDeploymentId(updated, arn) ?? '' }
    }
  })
}

function dryRunPlan(
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

function runnerTemp(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || os.tmpdir()
}

function rolloutTitle(result: RolloutResult): string {
  switch (result.outcome) {
    case 'TIMED_OUT':
      return 'Rollout timed out'
    case 'ROLLED_BACK':
      return 'Rollout failed and was rolled back'
    case 'REPLACED':
      return 'Deployment replaced'
    case 'SERVICE_INACTIVE':
      return 'Service not active'
    default:
      return 'Rollout failed'
  }
}

const TITLES: Record<string, string> = {
  SettingsError: 'Invalid input',
  ReleaseError: 'Invalid tag',
  TaskDefinitionError: 'Invalid task definition',
  JavaBuildError: 'Java build failed',
  ImageError: 'Image build or push failed',
  CredentialsError: 'AWS credentials',
  EcrError: 'ECR',
  EcsError: 'ECS',
  AwsCallError: 'AWS call failed'
}

function describeFailure(error: unknown): { message: string; title: string; details: string[] } {
  if (error instanceof DeployFailed)
    return { message: error.message, title: error.title, details: error.details }
  if (error instanceof Error)
    return { message: error.message, title: TITLES[error.name] ?? 'Deploy failed', details: [] }
  return { message: `Unexpected failure: ${String(error)}`, title: 'Deploy failed', details: [] }
}

export type { LoadedTaskDefinition }
