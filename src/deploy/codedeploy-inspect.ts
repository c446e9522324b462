// Reading the CodeDeploy side before anything changes: the application, the deployment group (it must deploy this
// very service) and the deployment configuration. Reads only; the checks on what they say are pure.
import type { DeploymentConfigInfo, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { CodeDeployApi } from '../aws/codedeploy.js'
import type { Logger } from '../log.js'
import { Inputs, type CodeDeploySettings } from '../settings/index.js'
import { CodeDeployError, consoleNames, resourceName } from './codedeploy-names.js'

export { consoleNames, resourceName } from './codedeploy-names.js'

export interface CodeDeployTarget {
  application: string
  deploymentGroup: string
  group: DeploymentGroupInfo
  /** The configuration the deployment uses: codedeploy-deployment-config, else the group's. */
  configName: string
  config: DeploymentConfigInfo
}

/** What is wrong with a deployment group for this service, if anything. */
export function deploymentGroupProblem(
  group: DeploymentGroupInfo,
  cluster: string,
  service: string
): string | undefined {
  const c = resourceName(cluster)
  const s = resourceName(service)
  const targets = group.ecsServices ?? []
  if (group.computePlatform && group.computePlatform !== 'ECS')
    return `deployment group ${group.deploymentGroupName} deploys to ${group.computePlatform}, not to ECS`
  if (!targets.some(t => t.clusterName === c && t.serviceName === s))
    return (
      `deployment group ${group.deploymentGroupName} deploys ${targets.map(t => `${t.serviceName} in cluster ${t.clusterName}`).join(', ') || 'no ECS service'}, ` +
      `not ${s} in cluster ${c}`
    )
  return undefined
}

/** How the configuration shifts production traffic, in words. */
export function trafficRouting(config: DeploymentConfigInfo): string {
  const routing = config.trafficRoutingConfig
  if (routing?.type === 'TimeBasedLinear' && routing.timeBasedLinear)
    return `${routing.timeBasedLinear.linearPercentage ?? '?'} % more traffic every ${routing.timeBasedLinear.linearInterval ?? '?'} min`
  if (routing?.type === 'TimeBasedCanary' && routing.timeBasedCanary)
    return `${routing.timeBasedCanary.canaryPercentage ?? '?'} % of traffic, then the rest after ${routing.timeBasedCanary.canaryInterval ?? '?'} min`
  return 'all traffic at once'
}

export async function inspectCodeDeploy(
  settings: CodeDeploySettings,
  cluster: string,
  service: string,
  api: CodeDeployApi,
  logger: Logger,
  region: string
): Promise<CodeDeployTarget> {
  const defaults = consoleNames(cluster, service)
  const application = settings.application ?? defaults.application
  const deploymentGroup = settings.deploymentGroup ?? defaults.deploymentGroup
  const given = (input: string, value: string | undefined, fallback: string) =>
    value ? `${input} is "${value}"` : `${input} is not given, so the ECS console's name ${fallback} is used`
  const nothing = 'Nothing was changed.'
  const app = await api.getApplication(application)
  if (!app)
    throw new CodeDeployError(
      `The service ${resourceName(service)} deploys with CodeDeploy, but the CodeDeploy application "${application}" does not exist in ${region} ` +
        `(${given(Inputs.codedeployApplication, settings.application, defaults.application)}). ${nothing}`
    )
  if (app.computePlatform && app.computePlatform !== 'ECS')
    throw new CodeDeployError(
      `The CodeDeploy application "${application}" deploys to ${app.computePlatform}, not to ECS; set ${Inputs.codedeployApplication} to the service's ECS application. ${nothing}`
    )
  const group = await api.getDeploymentGroup(application, deploymentGroup)
  if (!group)
    throw new CodeDeployError(
      `The CodeDeploy application "${application}" has no deployment group "${deploymentGroup}" ` +
        `(${given(Inputs.codedeployDeploymentGroup, settings.deploymentGroup, defaults.deploymentGroup)}). ${nothing}`
    )
  const problem = deploymentGroupProblem(group, cluster, service)
  if (problem)
    throw new CodeDeployError(
      `The CodeDeploy ${problem}; set ${Inputs.codedeployDeploymentGroup} to this service's group. ${nothing}`
    )
  const configName =
    settings.deploymentConfig ?? group.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce'
  const config = await api.getDeploymentConfig(configName)
  if (!config)
    throw new CodeDeployError(
      `The CodeDeploy deployment configuration "${configName}" does not exist` +
        `${settings.deploymentConfig ? ` (${Inputs.codedeployDeploymentConfig})` : ` (the deployment group's)`}. ${nothing}`
    )
  if (config.computePlatform && config.computePlatform !== 'ECS')
    throw new CodeDeployError(
      `The CodeDeploy deployment configuration "${configName}" is for ${config.computePlatform}, not ECS; use one of CodeDeployDefault.ECS*. ${nothing}`
    )
  logger.info(
    `CodeDeploy application ${application}, deployment group ${deploymentGroup}, configuration ${configName} (${trafficRouting(config)})`
  )
  return { application, deploymentGroup, group, configName, config }
}
