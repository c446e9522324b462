// Reading the inputs, before any AWS call: settings checks, the release and its tags, each service's task definition
// file, the Dockerfile and build context, the Java build to run, the AppSpec file.
import { pathKind } from '../image/engine.js'
import { planJavaBuild, projectFiles } from '../java/build.js'
import type { loadEntryAppSpecs } from '../services/codedeploy.js'
import type { PlanInputs } from '../plan.js'
import { resolveRelease, renderTags } from '../release.js'
import type { RunRecord } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import {
  envInputReader,
  ignoredInputs,
  secretInputs,
  SettingsError,
  type Settings
} from '../settings/index.js'
import { buildFileProblems, checkRegion } from '../settings/checks.js'
import {
  loadTaskDefinition,
  prepareTaskDefinition,
  type LoadedTaskDefinition,
  type LoadOptions
} from '../taskdef/index.js'
import { describeSource } from '../taskdef/source.js'
import { serviceLogger } from '../services/logger.js'
import { forEntrySync, settingsFor } from '../services/settings.js'
import { loadYamlFor } from '../yaml.js'

export type PreparedTaskDefinition = Pick<
  PlanInputs,
  'taskDefinition' | 'taskDefinitionChanges' | 'taskDefinitionOrigin'
>

/** One service of the release before AWS: its settings, and its task definition when it is a file. */
export interface LocalService {
  entry?: Settings['services'][number]
  settings: Settings
  prepared?: PreparedTaskDefinition
  logger: ActionDeps['logger']
}

export type LocalInputs = Pick<PlanInputs, 'settings' | 'javaBuild' | 'region' | 'appSpec'> &
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
export async function readInputs(
  deps: ActionDeps,
  record: RunRecord,
  settings: Settings
): Promise<LocalInputs> {
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
  // codedeploy-appspec parses and holds one ECS TargetService, before any AWS call (its code loaded only then).
  const appSpecPath = settings.codedeploy.appSpecPath
  const appSpec = appSpecPath
    ? await (await import('../deploy/appspec.js')).loadAppSpec(appSpecPath)
    : undefined
  const entryAppSpecs = several
    ? await (await import('../services/codedeploy.js')).loadEntryAppSpecs(entries)
    : []
  const found = { javaBuild, region, services, appSpec, entryAppSpecs }
  return { settings, release, tag, additionalTags, ...prepared, ...found }
}

/** What loading checks the other containers' images against: the containers this run fills in. */
export function loadOptions(settings: Settings): LoadOptions {
  const choice = settings.imageChoice
  return {
    containerName: settings.containerName,
    image: choice.kind === 'uri' ? choice.uri : undefined,
    alsoReplaced: [...settings.containerNames.slice(1), ...settings.containerImages.map(c => c.container)]
  }
}

/** container-images and the overrides applied to the loaded task definition, and where it came from, logged. */
export function prepareForRun(
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
