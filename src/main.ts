// run(): settings → release → task definition → AWS → image → register → update → rollout → report.
// The one place that fails the step. Each stage's code lives in the module named after it.
import * as core from '@actions/core'
import * as github from '@actions/github'
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import { createClients, destroyClients, type AwsClients } from './aws/clients.js'
import { connect, PLACEHOLDER_ACCOUNT } from './aws/connect.js'
import { createEcrApi, type ImageInfo } from './aws/ecr.js'
import { createEcsApi, EcsError } from './aws/ecs.js'
import { planJavaBuild, projectFiles, runJavaBuild } from './build/java.js'
import { buildAndPush, imageLabels, imageRequest } from './build/push.js'
import { findExistingImage, imageUriFor, resolveImageSource } from './build/source.js'
import { systemClock, type Clock } from './clock.js'
import { processRunner, type Runner } from './exec.js'
import { iamPolicyFor } from './iam/policy.js'
import { actionsLogger, setSecret, type Logger } from './log.js'
import { resolveRelease, renderTag, type GithubContext } from './release.js'
import { DeployFailed, describeFailure, rolloutTitle } from './report/failure.js'
import { OutputRecorder } from './report/outputs.js'
import { dryRunPlan } from './report/plan.js'
import { renderSummary, formatDuration, type RunReport } from './report/summary.js'
import { shortArn } from './aws/arn.js'
import { followRollout } from './rollout/follow.js'
import { targetGroupArns } from './rollout/index.js'
import { inspectService, updateService } from './service.js'
import { envInputReader, ignoredInputs, Outputs, readSettings, runnerTemp, secretInputs } from './settings.js'
import {
  diffTaskDefinitions,
  loadTaskDefinition,
  renderTaskDefinition,
  taskDefinitionsEqual,
  writeRenderedTaskDefinition
} from './taskdef/index.js'

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
    mask: setSecret,
    idToken: async audience =>
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
        ? core.getIDToken(audience)
        : undefined,
    setOutput: (name, value) => core.setOutput(name, value),
    writeSummary: async markdown => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
    },
    fail: (message, title) => {
      actionsLogger.error(message, { title })
      process.exitCode = core.ExitCode.Failure
    },
    createClients
  }
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
      // A repository given by name is found through ECR's login, also when nothing is pushed.
      registryLogin: source.kind === 'build' || source.registryFromLogin === true,
      cluster: settings.cluster,
      service: settings.service ?? 'SERVICE',
      taskDefinition: taskDefinition.definition,
      tags: taskDefinition.tags,
      rollback: settings.rollbackOnFailure,
      describeTasks: settings.waitForServiceStability,
      readTargetGroups: settings.waitForServiceStability && targetGroupArns(target?.service).length > 0
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
