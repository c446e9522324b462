// The settings as they apply to one service of the release, and errors about an entry that name it.
import { SettingsError, type ServiceEntry, type Settings } from '../settings/index.js'
import { TaskDefinitionError } from '../taskdef/types.js'

/** The settings with this service's cluster, service, task definition source and containers. */
export function settingsFor(settings: Settings, entry: ServiceEntry | undefined): Settings {
  if (!entry) return settings
  const source = entry.taskDefinitionSource
  return {
    ...settings,
    cluster: entry.cluster,
    service: entry.service,
    mode: { ...settings.mode, service: entry.service },
    taskDefinitionSource: source,
    taskDefinitionPath: source.kind === 'file' ? source.path : undefined,
    containerNames: entry.containerNames,
    containerName: entry.containerNames[0],
    ...(entry.overrides ? { overrides: entry.overrides } : {}),
    ...(entry.desiredCount !== undefined ? { desiredCount: entry.desiredCount } : {}),
    // An entry of services names its own CodeDeploy side; the configuration and description are the release's.
    ...(entry.input === 'service'
      ? {}
      : {
          codedeploy: {
            ...(settings.codedeploy.deploymentConfig
              ? { deploymentConfig: settings.codedeploy.deploymentConfig }
              : {}),
            ...(settings.codedeploy.description ? { description: settings.codedeploy.description } : {}),
            ...entry.codedeploy
          }
        })
  }
}

/**
 * Runs `fn` for one entry of `services`; a bad task definition or input it finds names the entry
 * ("services[1].task-definition: ..."). With the single-service inputs errors stay as they are.
 */
export async function forEntry<T>(entry: ServiceEntry | undefined, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw namingEntry(entry, e)
  }
}

/** The same, for work that does not wait. */
export function forEntrySync<T>(entry: ServiceEntry | undefined, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    throw namingEntry(entry, e)
  }
}

function namingEntry(entry: ServiceEntry | undefined, error: unknown): unknown {
  if (!entry || entry.input === 'service') return error
  const field =
    entry.taskDefinitionSource.kind === 'file'
      ? 'task-definition'
      : `task-definition-${entry.taskDefinitionSource.kind}`
  const prefix = `${entry.input}.${field} (service ${entry.name}): `
  if (error instanceof TaskDefinitionError) {
    const named = new TaskDefinitionError(prefix + error.message, error.file, error.line, error.column)
    return named
  }
  if (error instanceof SettingsError) return new SettingsError(error.problems.map(p => prefix + p))
  // Any other finding (a pre-flight check, ECS refusing a read) keeps its kind and gains the entry's name.
  if (error instanceof Error) error.message = `${entry.input} (service ${entry.name}): ${error.message}`
  return error
}
