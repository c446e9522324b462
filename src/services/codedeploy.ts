// The CodeDeploy side of each CODE_DEPLOY service among `services`: its AppSpec file (an entry's codedeploy-appspec)
// loaded with the other files, then its application, deployment group and configuration read and checked, all
// before the first change. Each service has its own (defaults AppECS-<cluster>-<service> / DgpECS-<cluster>-<service>).
import type { CodeDeployApi } from '../aws/codedeploy.js'
import { loadAppSpec, type AppSpecFile } from '../deploy/appspec.js'
import { inspectCodeDeploy, type CodeDeployTarget } from '../deploy/codedeploy-inspect.js'
import type { ServiceTarget } from '../deploy/inspect.js'
import { chooseDeploymentPath } from '../deploy/path.js'
import type { Logger } from '../log.js'
import type { StageRunner } from '../report/record.js'
import { Inputs, SettingsError, type ServiceEntry, type Settings } from '../settings/index.js'

/** What the plan needs of one service's CodeDeploy side; empty for a service of another controller. */
export interface ServiceCodeDeploy {
  codedeploy?: CodeDeployTarget
  appSpec?: AppSpecFile
}

/** Each entry's codedeploy-appspec, parsed (one ECS TargetService), before any AWS call; undefined without one. */
export async function loadEntryAppSpecs(
  entries: readonly (ServiceEntry | undefined)[]
): Promise<(AppSpecFile | undefined)[]> {
  const loaded: (AppSpecFile | undefined)[] = []
  for (const entry of entries) {
    const path = entry?.codedeploy?.appSpecPath
    loaded.push(path ? await naming(entry, () => loadAppSpec(path)) : undefined)
  }
  return loaded
}

/** One service of the release as read: its entry, its settings (with its codedeploy-*), its logger. */
export interface ReadService {
  entry?: ServiceEntry
  settings: Settings
  logger: Logger
}

/**
 * The application, deployment group and configuration of every CODE_DEPLOY service, read in one stage; an entry
 * that gives codedeploy-* keys for a service of another controller is warned about (they are ignored).
 */
export async function readServicesCodeDeploy(
  services: readonly ReadService[],
  targets: readonly (ServiceTarget | undefined)[],
  appSpecs: readonly (AppSpecFile | undefined)[],
  io: { codedeploy: CodeDeployApi; region: string; stage: StageRunner; logger: Logger }
): Promise<ServiceCodeDeploy[]> {
  const codeDeployed = services.map((_, i) => {
    const target = targets[i]
    const choice = target ? chooseDeploymentPath(target.service) : undefined
    return !!choice && 'path' in choice && choice.path === 'codedeploy'
  })
  services.forEach((s, i) => {
    const given = Object.keys(s.entry?.codedeploy ?? {})
    const target = targets[i]
    if (codeDeployed[i] || !target || given.length === 0 || !s.entry) return
    const keys = given.map(key => `${s.entry!.input}.${ENTRY_KEY_NAMES[key] ?? key}`)
    s.logger.warning(
      `${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} ignored: the service ${target.service.serviceName} does not use the CODE_DEPLOY deployment controller.`,
      { title: 'Input ignored' }
    )
  })
  if (!codeDeployed.includes(true)) {
    const release = services[0]?.settings.codedeploy
    const given = [
      release?.deploymentConfig ? Inputs.codedeployDeploymentConfig : '',
      release?.description ? Inputs.codedeployDeploymentDescription : ''
    ].filter(Boolean)
    if (given.length > 0 && targets.every(t => t !== undefined))
      io.logger.warning(
        `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} ignored: no service of the release uses the CODE_DEPLOY deployment controller.`,
        { title: 'Input ignored' }
      )
    return services.map(() => ({}))
  }
  return io.stage('Read CodeDeploy', async () => {
    const read: ServiceCodeDeploy[] = []
    for (const [i, s] of services.entries()) {
      const service = s.settings.mode.service
      if (!codeDeployed[i] || !service) {
        read.push({})
        continue
      }
      const codedeploy = await naming(s.entry, () =>
        inspectCodeDeploy(
          s.settings.codedeploy,
          s.settings.cluster,
          service,
          io.codedeploy,
          s.logger,
          io.region
        )
      )
      read.push({ codedeploy, ...(appSpecs[i] ? { appSpec: appSpecs[i] } : {}) })
    }
    return read
  })
}

/** The entry's keys by their CodeDeploySettings field. */
const ENTRY_KEY_NAMES: Record<string, string> = {
  application: Inputs.codedeployApplication,
  deploymentGroup: Inputs.codedeployDeploymentGroup,
  appSpecPath: Inputs.codedeployAppspec
}

/** Runs `fn`; what it finds wrong names the entry (services[1].codedeploy-appspec ..., services[1] (service web): ...). */
async function naming<T>(entry: ServiceEntry | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (!entry || entry.input === Inputs.service) throw e
    if (e instanceof SettingsError) throw new SettingsError(e.problems.map(p => `${entry.input}.${p}`))
    if (e instanceof Error) e.message = `${entry.input} (service ${entry.name}): ${e.message}`
    throw e
  }
}
