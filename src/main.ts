// run(): settings → release and task definition → read AWS → plan → stages → record. The one place that fails
// the step. Each stage's code lives in the module named after it; the plan decides, the stages execute it.
import { connect, ecrInRegion, type Connection } from './aws/connect.js'
import type { EcrApi } from './aws/ecr-uri.js'
import { EcsError } from './aws/errors.js'
import { pathKind } from './image/engine.js'
import { planJavaBuild, projectFiles } from './java/build.js'
import { imageLabels, provideImage } from './image/push.js'
import { findExistingImage, resolveImageSource } from './image/source.js'
import { findPausedDeployment } from './deploy/continue.js'
import { createDeploymentPath } from './deploy/index.js'
import { inspectService } from './deploy/inspect.js'
import { registerTaskDefinition } from './deploy/register.js'
import { planRelease, planTaskDefinition, type PlanInputs, type ReleasePlan } from './plan.js'
import { resolveRelease, renderTags } from './release.js'
import { runTaskLoaded } from './run-task/load.js'
import { runTaskBeforeUpdate, runTaskFailure } from './run-task/stage.js'
import { outputsOf } from './report/outputs.js'
import { dryRunPlan } from './report/plan.js'
import {
  endingOf,
  reportOf,
  rolloutFailure,
  stageRunner,
  type RunRecord,
  type StageRunner
} from './report/record.js'
import { renderSummary } from './report/summary.js'
import { actionDeps, type ActionDeps } from './runtime.js'
import {
  envInputReader,
  ignoredInputs,
  readSettings,
  runnerTemp,
  secretInputs,
  SettingsError,
  type ContinueMode,
  type Settings
} from './settings/index.js'
import {
  buildFileProblems,
  checkRegion,
  credentialsParameterOf,
  ecsAccountProblems,
  unverifiedImageNote
} from './settings/checks.js'
import { verifyPinnedImages } from './image/pinned.js'
import {
  loadTaskDefinition,
  prepareTaskDefinition,
  writeRenderedTaskDefinition,
  type LoadedTaskDefinition,
  type LoadOptions
} from './taskdef/index.js'
import { describeSource, readTaskDefinitionFromEcs } from './taskdef/source.js'
import { preflight, verifyPushedImage } from './verify/index.js'
import { loadYamlFor } from './yaml.js'

export async function run(deps: ActionDeps = actionDeps()): Promise<void> {
  const { logger } = deps
  const record: RunRecord = { stages: [] }
  const stage = stageRunner(record, deps)
  const cleanups: (() => void)[] = []
  let error: unknown
  try {
    // Everything that can be wrong with the inputs and the files fails here, before the first AWS call.
    const settings = (record.settings = readSettings(envInputReader(deps.env), deps.env))
    if (settings.mode.kind === 'continue')
      return await continueDeployment(settings, settings.mode, deps, stage, record, cleanups)
    const local = await readInputs(deps, record, settings)
    // AWS, read only, so missing permissions show early: who we are, the image, the service.
    const aws = await stage('Connect to AWS', () => connect(settings, local.region, deps))
    cleanups.push(aws.apis.destroy)
    const { inputs, imageEcr } = await readAws(local, aws, deps, stage, record, cleanups)
    const plan = (record.plan = planRelease(inputs))
    if (settings.mode.kind === 'plan')
      return await stage('Plan (dry run)', async () => printPlan(plan, settings, deps, record))
    const target = plan.target
    if (!target || !plan.deployment) throw new EcsError('No service to update.') // deploy mode reads the service

    // Deploy: the path this service's controller calls for, then each change in turn.
    const { ecs } = aws.apis
    const rendered = plan.taskDefinition.rendered
    // What ECS would find minutes later, found before the first push, registration or update.
    if (settings.verify !== 'off')
      await stage('Verify', () => verify(plan, target, settings, aws, imageEcr, logger))
    const path = createDeploymentPath(plan.deployment.path, plan.deployment.request, { ...aws.apis, ...deps })
    if (plan.deployment.busy.length > 0) await stage('Wait for the service', () => path.waitForIdle())
    const image = (record.image = await provideImage(plan, settings, imageEcr, deps, stage, cleanups))
    if (!image.reused) {
      const io = { ecr: imageEcr, logger }
      await verifyPushedImage(settings.verify, image.uri, plan.source, image.digest, rendered, io)
    }
    const planned =
      image.uri === plan.taskDefinition.imageUri
        ? plan.taskDefinition
        : planTaskDefinition(inputs.taskDefinition, settings, image.uri, target, inputs.taskDefinitionChanges)
    const registered = (record.registered = await stage('Register task definition', async () => {
      record.renderedPath = writeRenderedTaskDefinition(planned.rendered, runnerTemp(deps.env))
      record.changes = planned.changes
      return registerTaskDefinition(planned, target, settings.forceNewDeployment, ecs, logger)
    }))
    const runTask = settings.runTask
    if (runTask && record.release) {
      // The one-off task (migrations) gates the update: a task that fails leaves every service as it was.
      const release = record.release
      const task = { arn: registered.arn, rendered: planned.rendered, imageUri: image.uri, release }
      const oneOff = (record.runTask = await stage('Run task', () =>
        runOneOffTask(settings, runTask, target, inputs, task, { ...aws.apis, ...deps })
      ))
      if (!oneOff.verdict.ok) throw runTaskFailure(oneOff)
    }
    const started = (record.started = await stage('Update service', () => path.start(registered)))
    if (started.alreadyServing || !settings.waitForServiceStability) return

    const follow = async () => {
      const result = await path.follow(started, registered)
      return result.ok || !settings.rollbackOnFailure ? result : path.rollBack(result, started, registered)
    }
    const rollout = (record.rollout = await stage('Rollout', follow, r => r.outcome))
    if (!rollout.ok) throw rolloutFailure(rollout)
  } catch (e) {
    error = e
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup()
    const ending = endingOf(record, error)
    for (const [name, value] of outputsOf(record, ending)) deps.setOutput(name, value)
    if (ending.failure) deps.fail(ending.failure.message, ending.failure.title)
    else logger.info(ending.headline)
    await deps
      .writeSummary(renderSummary(reportOf(record, ending)))
      .catch(e => logger.warning(`Could not write the job summary: ${(e as Error).message}`))
  }
}

type LocalInputs = Pick<PlanInputs, 'settings' | 'javaBuild' | 'region'> &
  Partial<Pick<PlanInputs, 'taskDefinition' | 'taskDefinitionChanges' | 'taskDefinitionOrigin'>> & {
    release: ReturnType<typeof resolveRelease>
    tag?: string
    additionalTags: string[]
  }

/** Settings, release, tags, the task definition file and the Java build to run: no AWS call yet. */
async function readInputs(deps: ActionDeps, record: RunRecord, settings: Settings): Promise<LocalInputs> {
  await loadYamlFor([settings.taskDefinitionPath, settings.runTask?.taskDefinitionPath])
  for (const secret of secretInputs(settings)) deps.mask(secret)
  for (const ignored of ignoredInputs(envInputReader(deps.env)))
    deps.logger.warning(ignored.message, { title: ignored.title })
  // A region of a region's shape that the SDK does not know may be newer than the SDK.
  const regionWarning = settings.mode.region && checkRegion('aws-region', settings.mode.region).warning
  if (regionWarning) deps.logger.warning(regionWarning, { title: 'Unknown region' })
  const release = (record.release = resolveRelease(deps.githubContext(), settings.version))
  const building = settings.imageChoice.kind === 'build'
  // A tag over 128 characters loses the end of its version, never its commit; the log says so.
  const tags = renderTags(
    building ? settings.tagTemplate : undefined,
    settings.additionalTagTemplates,
    release
  )
  for (const note of tags.notes) deps.logger.info(note)
  const { tag, additionalTags } = tags
  deps.logger.info(
    `Release ${release.ref} (version ${release.version}, commit ${release.shortSha}, ${release.event})`
  )
  // A task definition file is read now; one kept in ECS once AWS is connected, still before any change.
  const source = settings.taskDefinitionSource
  const file = source.kind === 'file' ? loadTaskDefinition(source.path, loadOptions(settings)) : undefined
  const prepared = file ? prepareForRun(file, settings, deps) : undefined
  if (building) {
    // The Dockerfile and the build context, before any login.
    const missing = buildFileProblems(
      { context: settings.context, contextInput: 'context', dockerfile: settings.dockerfile },
      pathKind
    )
    if (missing.length > 0) throw new SettingsError(missing)
  }
  const { javaBuild: mode, buildCommand, workingDirectory: dir } = settings
  const javaBuild = building ? planJavaBuild(mode, buildCommand, dir, projectFiles(dir)) : undefined
  const region = (record.region = settings.mode.region ?? 'us-east-1')
  return { settings, release, tag, additionalTags, ...prepared, javaBuild, region }
}

/** continue-deployment: answer the pause hook of an earlier run's service deployment and follow it to the end. */
async function continueDeployment(
  settings: Settings,
  mode: ContinueMode,
  deps: ActionDeps,
  stage: StageRunner,
  record: RunRecord,
  cleanups: (() => void)[]
): Promise<void> {
  for (const secret of secretInputs(settings)) deps.mask(secret)
  record.region = mode.region
  const aws = await stage('Connect to AWS', () => connect(settings, mode.region, deps))
  cleanups.push(aws.apis.destroy)
  record.account = aws.identity?.account
  const found = await stage('Read the service deployment', () =>
    findPausedDeployment(mode, settings, { ...aws.apis, ...deps })
  )
  record.started = found.started
  record.registered = found.registered
  const rollout = (record.rollout = await stage(
    'Rollout',
    () => found.follow(),
    r => r.outcome
  ))
  if (!rollout.ok) throw rolloutFailure(rollout)
}

/** What loading checks the other containers' images against: the containers this run fills in. */
function loadOptions(settings: Settings): LoadOptions {
  const choice = settings.imageChoice
  return {
    containerName: settings.containerName,
    image: choice.kind === 'uri' ? choice.uri : undefined,
    alsoReplaced: [...settings.containerNames.slice(1), ...settings.containerImages.map(c => c.container)]
  }
}

/** container-images and the overrides applied to the loaded task definition, and where it came from, logged. */
function prepareForRun(
  loaded: LoadedTaskDefinition,
  settings: Settings,
  deps: ActionDeps
): Pick<PlanInputs, 'taskDefinition' | 'taskDefinitionChanges' | 'taskDefinitionOrigin'> {
  for (const warning of loaded.warnings) deps.logger.warning(warning, { title: 'Task definition' })
  const origin = describeSource(settings.taskDefinitionSource, loaded)
  deps.logger.info(`Task definition ${loaded.family} from ${origin}`)
  const choice = settings.imageChoice
  const prepared = prepareTaskDefinition(
    loaded,
    { ...settings, image: choice.kind === 'uri' ? choice.uri : undefined },
    loaded.revision ? `${loaded.family}:${loaded.revision}` : loaded.path
  )
  for (const change of prepared.changes) deps.logger.info(`Input changes the task definition: ${change}`)
  return {
    taskDefinition: prepared.loaded,
    taskDefinitionChanges: prepared.changes,
    taskDefinitionOrigin: origin
  }
}

/**
 * The read-only AWS stages: where the image comes from, what ECR holds, the service as it is. Also the ECR of the
 * image's own region, which need not be aws-region's: the image is looked up and pushed there.
 */
async function readAws(
  local: LocalInputs,
  aws: Connection,
  deps: ActionDeps,
  stage: StageRunner,
  record: RunRecord,
  cleanups: (() => void)[]
): Promise<{ inputs: PlanInputs; imageEcr: EcrApi }> {
  const { settings } = local
  const { logger } = deps
  const account = (record.account = aws.identity?.account)
  // Cluster and service ARNs of another account, before anything is read or changed.
  const otherAccount = account ? ecsAccountProblems(settings, account) : []
  if (otherAccount.length > 0) throw new SettingsError(otherAccount)
  const source = settings.taskDefinitionSource
  const prepared =
    local.taskDefinition && local.taskDefinitionOrigin
      ? { ...local, taskDefinition: local.taskDefinition, taskDefinitionOrigin: local.taskDefinitionOrigin }
      : source.kind === 'file'
        ? undefined
        : await stage('Read task definition', async () => {
            if (!aws.identity)
              throw new SettingsError([
                `${source.kind === 'arn' ? 'task-definition-arn' : 'task-definition-family'} is read from ECS, which needs AWS credentials, also in a dry run; give credentials (or a task-definition file).`
              ])
            const read = await readTaskDefinitionFromEcs(source, aws.apis.ecs, loadOptions(settings))
            return prepareForRun(read, settings, deps)
          })
  if (!prepared) throw new SettingsError(['task-definition is missing.']) // readSettings requires a source
  const { taskDefinition } = prepared
  const image = await stage('Find the image', async () => {
    const found = await resolveImageSource(settings, local.tag, local.additionalTags, aws, aws.apis.ecr, deps)
    await verifyPinnedImages(settings.containerImages, aws, deps, cleanups)
    return found
  })
  const imageEcr = ecrInRegion(image.region ?? aws.region, aws, deps, cleanups)
  if (image.kind === 'existing' && image.outsideEcr) {
    const choice = settings.imageChoice
    const credentials = credentialsParameterOf(taskDefinition.definition, settings.containerName)
    const uri = choice.kind === 'uri' ? choice.uri : image.repositoryUri
    logger.warning(unverifiedImageNote(uri, credentials), { title: 'Image not verified' })
  }
  const existing = await findExistingImage(image, aws, imageEcr, logger)
  const service = settings.mode.service
  const where = { region: aws.region, account }
  const target =
    aws.identity && service
      ? await inspectService(settings.cluster, service, aws.apis.ecs, logger, where)
      : undefined
  record.baseline = { family: taskDefinition.family, target, origin: prepared.taskDefinitionOrigin }
  const labels = imageLabels(local.release, deps)
  // run-task-task-definition loaded and rendered, run-task-container checked: still before any change.
  const runTaskDefinition = runTaskLoaded(settings, taskDefinition, logger)
  return {
    inputs: { ...local, ...prepared, source: image, existing, target, account, labels, runTaskDefinition },
    imageEcr
  }
}

/** The dry run: writes the rendered task definition and prints the plan and the policy. */
function printPlan(plan: ReleasePlan, settings: Settings, deps: ActionDeps, record: RunRecord): void {
  record.renderedPath = writeRenderedTaskDefinition(plan.taskDefinition.rendered, runnerTemp(deps.env))
  record.planLines = dryRunPlan(plan, settings, record.renderedPath)
  record.changes = plan.taskDefinition.changes
  record.image = {
    uri: plan.taskDefinition.imageUri,
    digest: plan.existing?.digest ?? '',
    reused: !!plan.existing
  }
  for (const line of record.planLines) deps.logger.info(line)
  deps.logger.info(`Least-privilege IAM policy for this deploy:\n${plan.iamPolicy}`)
}

/** The pre-flight check of the plan: what ECS would find minutes later (platform, load balancers, references). */
function verify(
  plan: ReleasePlan,
  target: NonNullable<ReleasePlan['target']>,
  settings: Settings,
  aws: Connection,
  imageEcr: EcrApi,
  logger: ActionDeps['logger']
): ReturnType<typeof preflight> {
  return preflight(
    {
      level: settings.verify,
      rendered: plan.taskDefinition.rendered,
      source: plan.source,
      existing: plan.existing,
      imageUri: plan.taskDefinition.imageUri,
      service: target.service,
      account: aws.identity?.account,
      platformInput: settings.platform,
      machineArch: process.arch
    },
    { ecr: imageEcr, lookups: aws.apis.lookups, logger }
  )
}

/** The one-off task (run-task-command) on the registered task definition, followed to its end. */
function runOneOffTask(
  settings: Settings,
  runTask: NonNullable<Settings['runTask']>,
  target: NonNullable<ReleasePlan['target']>,
  inputs: PlanInputs,
  task: {
    arn: string
    rendered: ReleasePlan['taskDefinition']['rendered']
    imageUri: string
    release: NonNullable<RunRecord['release']>
  },
  deps: Parameters<typeof runTaskBeforeUpdate>[1]
): ReturnType<typeof runTaskBeforeUpdate> {
  const { arn, rendered, imageUri, release } = task
  return runTaskBeforeUpdate(
    {
      settings: runTask,
      cluster: settings.cluster,
      service: target.service,
      own: inputs.runTaskDefinition,
      ownImageContainer: runTask.container,
      release,
      imageUri,
      registered: { arn, rendered }
    },
    deps
  )
}
