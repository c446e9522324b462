// run(): settings → release and task definition → read AWS → plan → stages → record. The one place that fails
// the step. Each stage's code lives in the module named after it; the plan decides, the stages execute it.
import { connect, ecrInRegion, type Connection } from './aws/connect.js'
import type { EcrApi } from './aws/ecr-uri.js'
import {
  cancellableClock,
  isCancelled,
  watchForCancellation,
  type Cancellation,
  type Signals
} from './cancel.js'
import { pathKind } from './image/engine.js'
import { planJavaBuild, projectFiles } from './java/build.js'
import { imageLabels, provideImage } from './image/push.js'
import { findExistingImage, resolveImageSource } from './image/source.js'
import { findPausedDeployment } from './deploy/continue.js'
import { chooseDeploymentPath, type RegisteredTaskDefinition } from './deploy/index.js'
import { loadAppSpec } from './deploy/appspec.js'
import { inspectCodeDeploy } from './deploy/codedeploy-inspect.js'
import { cancelledCause, doneBeforeCancel, settleCancellation } from './deploy/on-cancel.js'
import { inspectService } from './deploy/inspect.js'
import { registerTaskDefinition } from './deploy/register.js'
import {
  planRelease,
  planTaskDefinition,
  type PlanInputs,
  type ReleasePlan,
  type ServiceInputs,
  type ServicePlan
} from './plan.js'
import { resolveRelease, renderTags } from './release.js'
import { runTaskLoaded } from './run-task/load.js'
import { runTaskBeforeUpdate, runTaskFailure } from './run-task/stage.js'
import { outputsOf } from './report/outputs.js'
import { DeployFailed } from './report/failure.js'
import { dryRunPlan, servicesDryRunPlan } from './report/plan.js'
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
  Inputs,
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
import { serviceLogger } from './services/logger.js'
import {
  firstFailure,
  releaseFailure,
  rollOut,
  serviceRuns,
  waitForIdleServices,
  type RollOutOptions,
  type ServiceRun
} from './services/release.js'
import { loadEntryAppSpecs, readServicesCodeDeploy } from './services/codedeploy.js'
import { forEntry, forEntrySync, settingsFor } from './services/settings.js'
import { sharedReads, withSharedReads } from './services/shared-reads.js'
import { loadYaml, loadYamlFor } from './yaml.js'

export async function run(given: ActionDeps = actionDeps()): Promise<void> {
  const { logger } = given
  const record: RunRecord = { stages: [] }
  const cleanups: (() => void)[] = []
  // Each cleanup once: at the end, or at SIGTERM when the run has not ended by then (the kill follows in 2.5 s).
  const runCleanups = () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  }
  const cancellation = watchForCancellation(given.signals ?? noSignals, given.clock, {
    onCancel: signal => announceCancel(signal, given),
    onSigterm: () => {
      logger.info('SIGTERM: removing temporary credentials now; the runner ends the step in 2.5 s.')
      runCleanups()
    }
  })
  // Every wait of the run (rollout, one-off task, retries) ends at once when the run is cancelled.
  const deps: ActionDeps = { ...given, clock: cancellableClock(given.clock, cancellation) }
  const running: { stage?: string } = {}
  const stage = cancellableStages(stageRunner(record, deps), cancellation, running)
  let runs: ServiceRun[] = []
  let error: unknown
  try {
    // Everything that can be wrong with the inputs and the files fails here, before the first AWS call.
    // The services input is YAML: its parser is loaded only for a run that gives it.
    if (envInputReader(deps.env)(Inputs.services) !== '') await loadYaml()
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
    // Deploy: the path each service's controller calls for, then each change in turn, for every service at once.
    const { ecs } = aws.apis
    runs = serviceRuns(plan, { ...aws.apis, ...deps })
    record.services = runs.map(r => r.record)
    const several = runs.length > 1
    // What ECS would find minutes later, found before the first push, registration or update.
    if (settings.verify !== 'off')
      await stage('Verify', () => verifyServices(runs, plan, settings, aws, imageEcr))
    if (runs.some(r => r.plan.deployment.busy.length > 0))
      await stage(several ? 'Wait for the services' : 'Wait for the service', () => waitForIdleServices(runs))
    const image = (record.image = await provideImage(plan, settings, imageEcr, deps, stage, cleanups))
    if (!image.reused)
      for (const { plan: s, logger: own } of runs) {
        const io = { ecr: imageEcr, logger: own }
        const rendered = s.taskDefinition.rendered
        await verifyPushedImage(settings.verify, image.uri, plan.source, image.digest, rendered, io)
      }
    const { planned, registered } = await stage(
      several ? 'Register task definitions' : 'Register task definition',
      () => registerServices(runs, image.uri, record, deps, ecs)
    )
    record.registered = registered[0]
    const runTask = settings.runTask
    const first = runs[0]!
    if (runTask && record.release) {
      // The one-off task (migrations) gates the update: a task that fails leaves every service as it was. It runs
      // the first service's task definition (or its own) on the first service's network.
      const release = record.release
      const task = { arn: registered[0]!.arn, rendered: planned[0]!.rendered, imageUri: image.uri, release }
      const oneOff = (record.runTask = await stage('Run task', () =>
        runOneOffTask(settings, runTask, first.plan.target!, inputs, task, { ...aws.apis, ...deps })
      ))
      if (!oneOff.verdict.ok) throw runTaskFailure(oneOff)
    }
    // Every service updated (in parallel or in order) and followed; a failed one rolled back as the inputs say.
    try {
      await rollOut(runs, registered, rollOutOptions(settings), stage, deps.clock)
    } finally {
      record.started = first.record.started
      record.rollout = (firstFailure(runs) ?? first).record.rollout
    }
    const failed = firstFailure(runs)
    if (failed) throw several ? releaseFailure(failed, runs) : rolloutFailure(failed.record.rollout!)
  } catch (e) {
    error = e
  } finally {
    // A cancelled run fails as cancelled, whatever the stage it stopped threw (a killed podman, a stopped sleep).
    if (cancellation.requested)
      error = await cancelled(cancellation, record, running.stage, runs, error, deps)
    cancellation.dispose()
    runCleanups()
    const ending = endingOf(record, error)
    for (const [name, value] of outputsOf(record, ending)) deps.setOutput(name, value)
    if (ending.failure) deps.fail(ending.failure.message, ending.failure.title)
    else logger.info(ending.headline)
    await deps
      .writeSummary(renderSummary(reportOf(record, ending)))
      .catch(e => logger.warning(`Could not write the job summary: ${(e as Error).message}`))
  }
}

const noSignals: Signals = { on: () => () => undefined }

/** The first signal: say so, and stop the processes the run started (podman, maven) rather than wait for them. */
function announceCancel(signal: string, deps: ActionDeps): void {
  deps.logger.warning(
    `The workflow run was cancelled (${signal}): stopping what runs now; on-cancel decides about the deployment.`,
    { title: 'Run cancelled' }
  )
  const stopped = deps.runner.stopRunning?.() ?? []
  for (const name of stopped) deps.logger.info(`Stopped ${name} (SIGTERM)`)
}

/** Stages that do not start once the run is cancelled; `running` names the one under way. */
function cancellableStages(
  inner: StageRunner,
  cancellation: Cancellation,
  running: { stage?: string }
): StageRunner {
  return async (name, fn, note) => {
    cancellation.throwIfCancelled()
    running.stage = name
    return inner(name, fn, note)
  }
}

/** After a cancellation: on-cancel's answer for every service, logged and recorded; the error the run fails with. */
async function cancelled(
  cancellation: Cancellation,
  record: RunRecord,
  stage: string | undefined,
  runs: ServiceRun[],
  error: unknown,
  deps: ActionDeps
): Promise<DeployFailed> {
  const settings = record.settings
  const image = record.image
  const several = runs.length > 1
  const targets =
    runs.length > 0
      ? runs.map(({ path, record: s }) => ({
          path,
          ...(several ? { name: s.name } : {}),
          cluster: s.cluster,
          service: s.service,
          started: s.started,
          rolloutEnded: s.rollout !== undefined,
          previousTaskDefinitionArn: s.previousArn
        }))
      : [{ cluster: settings?.cluster ?? '', service: settings?.service ?? '', rolloutEnded: false }]
  const report = (record.cancellation = await settleCancellation(
    {
      signal: cancellation.requested?.signal ?? 'SIGINT',
      stage,
      onCancel: settings?.onCancel ?? 'leave',
      targets,
      done: doneBeforeCancel({
        imageUri: image?.uri,
        pushed: image && !image.reused,
        registeredArn: record.registered?.arn,
        oneOffTaskArn: record.runTask?.taskArn
      }),
      alsoDone: isCancelled(error) ? error.done : []
    },
    deps.logger
  ))
  const notes =
    error !== undefined && !isCancelled(error)
      ? [`Stopped with: ${(error as Error).message ?? String(error)}`]
      : []
  return new DeployFailed(cancelledCause(report), 'Run cancelled', [...report.lines.slice(1), ...notes])
}

type PreparedTaskDefinition = Pick<
  PlanInputs,
  'taskDefinition' | 'taskDefinitionChanges' | 'taskDefinitionOrigin'
>

/** One service of the release before AWS: its settings, and its task definition when it is a file. */
interface LocalService {
  entry?: Settings['services'][number]
  settings: Settings
  prepared?: PreparedTaskDefinition
  logger: ActionDeps['logger']
}

type LocalInputs = Pick<PlanInputs, 'settings' | 'javaBuild' | 'region' | 'appSpec'> &
  Partial<PreparedTaskDefinition> & {
    release: ReturnType<typeof resolveRelease>
    tag?: string
    additionalTags: string[]
    /** Every service of the release; the first is the one the fields above describe. */
    services: LocalService[]
    /** With services: each entry's codedeploy-appspec, loaded. */
    entryAppSpecs: Awaited<ReturnType<typeof loadEntryAppSpecs>>
  }

/** Settings, release, tags, the task definition file and the Java build to run: no AWS call yet. */
async function readInputs(deps: ActionDeps, record: RunRecord, settings: Settings): Promise<LocalInputs> {
  const files = settings.services.map(e =>
    e.taskDefinitionSource.kind === 'file' ? e.taskDefinitionSource.path : undefined
  )
  await loadYamlFor([...files, settings.taskDefinitionPath, settings.runTask?.taskDefinitionPath])
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
  const entries = settings.services.length > 0 ? settings.services : [undefined]
  const several = entries.length > 1
  const services = entries.map((entry): LocalService => {
    const own = settingsFor(settings, entry)
    const logger = several && entry ? serviceLogger(deps.logger, entry.name) : deps.logger
    const source = own.taskDefinitionSource
    const prepared = forEntrySync(several ? entry : undefined, () => {
      const file = source.kind === 'file' ? loadTaskDefinition(source.path, loadOptions(own)) : undefined
      return file ? prepareForRun(file, own, { logger }) : undefined
    })
    return { entry, settings: own, prepared, logger }
  })
  const prepared = services[0]?.prepared
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
  // codedeploy-appspec parses and holds one ECS TargetService, before any AWS call.
  const appSpecPath = settings.codedeploy.appSpecPath
  const appSpec = appSpecPath ? await loadAppSpec(appSpecPath) : undefined
  const entryAppSpecs = several ? await loadEntryAppSpecs(entries) : []
  const found = { javaBuild, region, services, appSpec, entryAppSpecs }
  return { settings, release, tag, additionalTags, ...prepared, ...found }
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
  deps: Pick<ActionDeps, 'logger'>
): PreparedTaskDefinition {
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
  const several = local.services.length > 1
  // Cluster and service ARNs of another account, before anything is read or changed.
  const otherAccount = account
    ? local.services.flatMap(s =>
        ecsAccountProblems(s.settings, account).map(p => (several && s.entry ? `${s.entry.input}: ${p}` : p))
      )
    : []
  if (otherAccount.length > 0) throw new SettingsError(otherAccount)
  const fromEcs = local.services.filter(s => !s.prepared)
  const read =
    fromEcs.length === 0
      ? []
      : await stage(several ? 'Read task definitions' : 'Read task definition', async () => {
          const done: PreparedTaskDefinition[] = []
          for (const s of fromEcs)
            done.push(await forEntry(several ? s.entry : undefined, () => readFromEcs(s, aws)))
          return done
        })
  const prepared = local.services.map(s => s.prepared ?? read[fromEcs.indexOf(s)]!)
  const [firstPrepared] = prepared
  if (!firstPrepared) throw new SettingsError(['task-definition is missing.']) // readSettings requires a source
  const { taskDefinition } = firstPrepared
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
  const where = { region: aws.region, account }
  // Every service read before any change; several share their DescribeServices calls (one per cluster).
  const ecs = several ? withSharedReads(aws.apis.ecs, sharedReads(aws.apis.ecs, deps.clock)) : aws.apis.ecs
  const targets = await Promise.all(
    local.services.map(s => {
      const service = s.settings.mode.service
      return aws.identity && service
        ? inspectService(s.settings.cluster, service, ecs, s.logger, where)
        : Promise.resolve(undefined)
    })
  )
  const target = targets[0]
  const codedeploy = await readCodeDeploy(settings, target, several, aws, stage, logger)
  // With services, each CODE_DEPLOY service's own application, deployment group and configuration.
  const io = { codedeploy: aws.apis.codedeploy, region: aws.region, stage, logger }
  const perService = several
    ? await readServicesCodeDeploy(local.services, targets, local.entryAppSpecs, io)
    : []
  record.baseline = { family: taskDefinition.family, target, origin: firstPrepared.taskDefinitionOrigin }
  const labels = imageLabels(local.release, deps)
  // run-task-task-definition loaded and rendered, run-task-container checked: still before any change.
  const runTaskDefinition = runTaskLoaded(settings, taskDefinition, logger)
  const services: ServiceInputs[] = local.services.map((s, i) => ({
    entry: s.entry,
    settings: s.settings,
    ...prepared[i]!,
    target: targets[i],
    ...(i === 0 ? { codedeploy, appSpec: local.appSpec } : {}),
    ...perService[i]
  }))
  return {
    inputs: {
      ...local,
      ...firstPrepared,
      source: image,
      existing,
      target,
      account,
      labels,
      runTaskDefinition,
      services,
      codedeploy
    },
    imageEcr
  }
}

/**
 * A CODE_DEPLOY service's application, deployment group and configuration, read before any change (the one service
 * of a release; with `services`, readServicesCodeDeploy reads each). Warns when codedeploy-* inputs are given for another.
 */
async function readCodeDeploy(
  settings: Settings,
  target: PlanInputs['target'],
  several: boolean,
  aws: Connection,
  stage: StageRunner,
  logger: ActionDeps['logger']
): Promise<PlanInputs['codedeploy']> {
  const service = settings.mode.service
  const choice = target ? chooseDeploymentPath(target.service) : undefined
  if (target && service && !several && choice && 'path' in choice && choice.path === 'codedeploy')
    return stage('Read CodeDeploy', () =>
      inspectCodeDeploy(
        settings.codedeploy,
        settings.cluster,
        service,
        aws.apis.codedeploy,
        logger,
        aws.region
      )
    )
  const given = codeDeployInputsGiven(settings)
  if (target && !several && given.length > 0)
    logger.warning(
      `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} ignored: the service ${target.service.serviceName} does not use the CODE_DEPLOY deployment controller.`,
      { title: 'Input ignored' }
    )
  return undefined
}

/** The codedeploy-* inputs given, by name. */
function codeDeployInputsGiven(settings: Settings): string[] {
  const c = settings.codedeploy
  const given: [string, unknown][] = [
    [Inputs.codedeployAppspec, c.appSpecPath],
    [Inputs.codedeployApplication, c.application],
    [Inputs.codedeployDeploymentGroup, c.deploymentGroup],
    [Inputs.codedeployDeploymentConfig, c.deploymentConfig],
    [Inputs.codedeployDeploymentDescription, c.description]
  ]
  return given.filter(([, value]) => value !== undefined).map(([name]) => name)
}

/** A task definition kept in ECS (task-definition-family or -arn), read and prepared for one service. */
async function readFromEcs(s: LocalService, aws: Connection): Promise<PreparedTaskDefinition> {
  const source = s.settings.taskDefinitionSource
  if (source.kind === 'file') throw new SettingsError(['task-definition is missing.']) // files are read before
  if (!aws.identity)
    throw new SettingsError([
      `${source.kind === 'arn' ? 'task-definition-arn' : 'task-definition-family'} is read from ECS, which needs AWS credentials, also in a dry run; give credentials (or a task-definition file).`
    ])
  const read = await readTaskDefinitionFromEcs(source, aws.apis.ecs, loadOptions(s.settings))
  return prepareForRun(read, s.settings, s)
}

/** The dry run: writes the rendered task definition and prints the plan and the policy. */
function printPlan(plan: ReleasePlan, settings: Settings, deps: ActionDeps, record: RunRecord): void {
  const dir = runnerTemp(deps.env)
  const paths = plan.services.map(s => writeRenderedTaskDefinition(s.taskDefinition.rendered, dir))
  record.renderedPath = paths[0]
  record.planLines =
    plan.services.length > 1 ? servicesDryRunPlan(plan, paths) : dryRunPlan(plan, settings, paths[0]!)
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
  plan: ServicePlan,
  release: Pick<ReleasePlan, 'source' | 'existing'>,
  settings: Settings,
  aws: Connection,
  imageEcr: EcrApi,
  logger: ActionDeps['logger']
): ReturnType<typeof preflight> {
  return preflight(
    {
      level: settings.verify,
      rendered: plan.taskDefinition.rendered,
      source: release.source,
      existing: release.existing,
      imageUri: plan.taskDefinition.imageUri,
      service: plan.target!.service,
      account: aws.identity?.account,
      platformInput: settings.platform,
      machineArch: process.arch
    },
    { ecr: imageEcr, lookups: aws.apis.lookups, logger }
  )
}

function rollOutOptions(settings: Settings): RollOutOptions {
  return {
    order: settings.servicesOrder,
    follow: settings.waitForServiceStability,
    rollbackOnFailure: settings.rollbackOnFailure,
    scope: settings.rollbackScope
  }
}

/** The pre-flight check of every service, each finding naming its entry when there are several. */
async function verifyServices(
  runs: ServiceRun[],
  plan: ReleasePlan,
  settings: Settings,
  aws: Connection,
  imageEcr: EcrApi
): Promise<void> {
  const several = runs.length > 1
  for (const run of runs)
    await forEntry(several ? run.plan.entry : undefined, () =>
      verify(run.plan, plan, settings, aws, imageEcr, run.logger)
    )
}

/**
 * Each service's task definition, rendered again only when the pushed digest changed the image, written to the
 * runner's temp directory and registered (unless the service already runs it).
 */
async function registerServices(
  runs: ServiceRun[],
  imageUri: string,
  record: RunRecord,
  deps: ActionDeps,
  ecs: Connection['apis']['ecs']
): Promise<{ planned: ReleasePlan['taskDefinition'][]; registered: RegisteredTaskDefinition[] }> {
  const planned = runs.map(({ plan: s }) =>
    imageUri === s.taskDefinition.imageUri
      ? s.taskDefinition
      : planTaskDefinition(s.loaded, s.settings, imageUri, s.target, s.loadedChanges)
  )
  const registered: RegisteredTaskDefinition[] = []
  for (const [i, run] of runs.entries()) {
    const one = planned[i]!
    const path = writeRenderedTaskDefinition(one.rendered, runnerTemp(deps.env))
    if (i === 0) [record.renderedPath, record.changes] = [path, one.changes]
    const { target, settings: own } = run.plan
    run.record.registered = await registerTaskDefinition(
      one,
      target!,
      own.forceNewDeployment,
      ecs,
      run.logger
    )
    registered.push(run.record.registered)
  }
  return { planned, registered }
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
