// run(): settings → release and task definition → read AWS → plan → stages → record. The one place that fails
// the step. Each stage's code lives in the module named after it (src/stages/); the plan decides, the stages execute it.
import { connect } from './aws/connect.js'
import type { RunRecord } from './report/record.js'
import { actionDeps, type ActionDeps } from './runtime.js'
import { envInputReader, Inputs, readSettings } from './settings/index.js'
import type { ServiceRun } from './services/release.js'
import { wireCancellation } from './stages/cancellation.js'
import { readInputs } from './stages/read-inputs.js'
import { loadYaml } from './yaml.js'

export async function run(given: ActionDeps = actionDeps()): Promise<void> {
  const record: RunRecord = { stages: [] }
  // Signals, stages that do not start once cancelled, a clock whose waits end at once, cleanups at SIGTERM.
  const cancellation = wireCancellation(given, record)
  const { deps, stage, cleanups } = cancellation
  let runs: ServiceRun[] = []
  let error: unknown
  try {
    // Everything that can be wrong with the inputs and the files fails here, before the first AWS call.
    // The services input is YAML: its parser is loaded only for a run that gives it.
    if (envInputReader(deps.env)(Inputs.services) !== '') await loadYaml()
    const settings = (record.settings = readSettings(envInputReader(deps.env), deps.env))
    if (settings.mode.kind === 'continue') {
      const { continueDeployment } = await import('./stages/continue.js')
      return await continueDeployment(settings, settings.mode, deps, stage, record, cleanups)
    }
    const local = await readInputs(deps, record, settings)
    // AWS, read only, so missing permissions show early: who we are, the image, the service.
    const aws = await stage('Connect to AWS', () => connect(settings, local.region, deps))
    cleanups.push(aws.apis.destroy)
    // The deploy stages' chunk loads while AWS answers the reads below.
    const deploying = settings.mode.kind === 'deploy' ? loadDeployStages() : undefined
    // Nothing below is needed before the first AWS call: its code is loaded now, not at the start.
    const { readAws } = await import('./stages/read-aws.js')
    const { inputs, imageEcr } = await readAws(local, aws, deps, stage, record, cleanups)
    const { planRelease } = await import('./plan.js')
    const plan = (record.plan = planRelease(inputs))
    if (settings.mode.kind === 'plan') {
      const { printPlan } = await import('./stages/dry-run.js')
      return await stage('Plan (dry run)', async () => printPlan(plan, settings, deps, record))
    }
    const deploy = await (deploying ?? loadDeployStages())
    const { serviceRuns, verifyServices, waitForIdleServices, provideImage, verifyPushedImage } = deploy
    const { registerServices, runTaskStage, rollOutServices } = deploy
    // Deploy: the path each service's controller calls for, then each change in turn, for every service at once.
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
      () => registerServices(runs, image.uri, record, deps, aws.apis.ecs)
    )
    record.registered = registered[0]
    // The one-off task (run-task-command) gates the update: a task that fails leaves every service as it was.
    const oneOff = { settings, inputs, runs, planned, registered, imageUri: image.uri }
    await runTaskStage(oneOff, aws, deps, stage, record)
    // Every service updated (in parallel or in order) and followed; a failed one rolled back as the inputs say.
    await rollOutServices(runs, registered, settings, stage, deps.clock, record)
  } catch (e) {
    error = e
  } finally {
    // A cancelled run fails as cancelled (on-cancel decides about the deployment); the cleanups run once.
    error = await cancellation.settle(record, runs, error)
    const { endRun } = await import('./stages/ending.js')
    await endRun(record, error, deps)
  }
}

/** The deploy stages' chunk, its loading begun now; a failure shows where it is awaited, never as an unhandled one. */
function loadDeployStages(): Promise<typeof import('./stages/deploy.js')> {
  const loading = import('./stages/deploy.js')
  loading.catch(() => undefined)
  return loading
}
