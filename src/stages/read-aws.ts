// Reading AWS before any change: the account's ARNs, task definitions kept in ECS, where the image comes from and
// what ECR holds, every service as it is (and its CodeDeploy set-up), the one-off task's task definition.
import { ecrInRegion, type Connection } from '../aws/connect.js'
import type { EcrApi } from '../aws/ecr-uri.js'
import { imageLabels } from '../image/push.js'
import { findExistingImage, resolveImageSource } from '../image/source.js'
import { verifyPinnedImages } from '../image/pinned.js'
import { inspectService } from '../deploy/inspect.js'
import type { PlanInputs, ServiceInputs } from '../plan.js'
import type { RunRecord, StageRunner } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import { runTaskLoaded } from '../run-task/load.js'
import { SettingsError } from '../settings/index.js'
import { credentialsParameterOf, ecsAccountProblems, unverifiedImageNote } from '../settings/checks.js'
import { readTaskDefinitionFromEcs } from '../taskdef/source.js'
import { forEntry } from '../services/settings.js'
import { sharedReads, withSharedReads } from '../services/shared-reads.js'
import {
  loadOptions,
  prepareForRun,
  type LocalInputs,
  type LocalService,
  type PreparedTaskDefinition
} from './read-inputs.js'
import { readCodeDeploy } from './read-codedeploy.js'

/**
 * The read-only AWS stages: where the image comes from, what ECR holds, the service as it is. Also the ECR of the
 * image's own region, which need not be aws-region's: the image is looked up and pushed there.
 */
export async function readAws(
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
  record.baseline = { family: taskDefinition.family, target, origin: firstPrepared.taskDefinitionOrigin }
  const labels = imageLabels(local.release, deps)
  // run-task-task-definition loaded and rendered, run-task-container checked: still before any change.
  const runTaskDefinition = runTaskLoaded(settings, taskDefinition, logger)
  const services: ServiceInputs[] = local.services.map((s, i) => ({
    entry: s.entry,
    settings: s.settings,
    ...prepared[i]!,
    target: targets[i],
    ...(i === 0 ? { codedeploy, appSpec: local.appSpec } : {})
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
