// Deciding a CodeDeploy deployment before anything changes (pure): the AppSpec against the rendered task
// definition, the inputs this path cannot honour, what "done" means, and the request the path executes.
import type { Service } from '@aws-sdk/client-ecs'
import type { CodeDeployPolicyInput } from '../iam/types.js'
import { Inputs, SettingsError, type ServiceEntry, type Settings } from '../settings/index.js'
import { appSpecProblems, containerPortProblem, generateAppSpec, type AppSpecFile } from './appspec.js'
import type { CodeDeployRequest } from './codedeploy.js'
import { resourceName, trafficRouting, type CodeDeployTarget } from './codedeploy-inspect.js'

export interface PlannedCodeDeploy {
  request: CodeDeployRequest
  /** What the dry run says about it: the AppSpec, the traffic shift, what done means, the Ready wait. */
  notes: string[]
}

const NOTHING = 'Nothing was changed.'

export function planCodeDeploy(input: {
  settings: Settings
  service: Service
  /** The service's name as given (a name or an ARN). */
  serviceInput: string
  target: CodeDeployTarget
  appSpec?: AppSpecFile
  rendered: { containerDefinitions?: unknown }
}): PlannedCodeDeploy {
  const { settings, service, target } = input
  const name = resourceName(input.serviceInput)
  const refused: string[] = []
  if (settings.waitUntil.kind === 'stage')
    refused.push(
      `${Inputs.waitUntil} is ${settings.waitUntil.stage}, a lifecycle stage of an ECS service deployment; the service "${name}" deploys with CodeDeploy, ` +
        `whose deployments are followed until CodeDeploy reports Succeeded: use ${Inputs.waitUntil}: deployed (the default). ${NOTHING}`
    )
  const serviceSettings = Object.keys(settings.serviceSettings ?? {})
  if (settings.desiredCount !== undefined || serviceSettings.length > 0)
    refused.push(
      `${[settings.desiredCount !== undefined ? Inputs.desiredCount : '', ...serviceSettings].filter(Boolean).join(', ')} ` +
        `would need UpdateService, which a CodeDeploy deployment does not use: the service "${name}" has the CODE_DEPLOY deployment controller. ` +
        `Remove them, or change the service outside this action. ${NOTHING}`
    )
  let containerName: string
  let containerPort: number
  let where: string
  let appSpec: CodeDeployRequest['appSpec'] = { kind: 'generated' }
  if (input.appSpec) {
    const checked = appSpecProblems(input.appSpec.doc)
    if ('problems' in checked) throw new SettingsError(checked.problems)
    ;({ containerName, containerPort } = checked)
    appSpec = { kind: 'file', file: input.appSpec, target: checked }
    where = `${Inputs.codedeployAppspec} ${input.appSpec.path}`
  } else {
    const generated = generateAppSpec(service, 'TASK_DEFINITION')
    if ('problem' in generated) throw new SettingsError([`No AppSpec: ${generated.problem} ${NOTHING}`])
    ;({ containerName, containerPort } = generated)
    where = "The service's load balancer"
  }
  const mismatch = containerPortProblem(input.rendered, containerName, containerPort, where)
  if (mismatch) refused.push(`${mismatch} CodeDeploy would fail the deployment at Install. ${NOTHING}`)
  if (refused.length > 0) throw new SettingsError(refused)

  const group = target.group
  const rollback = group.autoRollbackConfiguration
  const groupRollsBackOnFailure =
    rollback?.enabled === true && (rollback.events ?? []).includes('DEPLOYMENT_FAILURE')
  const blueGreen = group.blueGreenDeploymentConfiguration
  const terminationWaitMinutes =
    blueGreen?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0
  const ready = blueGreen?.deploymentReadyOption
  const readyWaitMinutes =
    ready?.actionOnTimeout === 'STOP_DEPLOYMENT' ? (ready.waitTimeInMinutes ?? 0) : undefined
  const request: CodeDeployRequest = {
    cluster: settings.cluster,
    service: input.serviceInput,
    targetId: `${resourceName(settings.cluster)}:${name}`,
    described: service,
    application: target.application,
    deploymentGroup: target.deploymentGroup,
    ...(settings.codedeploy.deploymentConfig
      ? { deploymentConfig: settings.codedeploy.deploymentConfig }
      : {}),
    configName: target.configName,
    ...(settings.codedeploy.description ? { description: settings.codedeploy.description } : {}),
    appSpec,
    forceNewDeployment: settings.forceNewDeployment,
    onBusy: settings.onBusy,
    onPause: settings.onPause,
    timeoutMs: settings.waitForMinutes * 60_000,
    maxTaskFailures: settings.maxTaskFailures,
    rollbackOnFailure: settings.rollbackOnFailure,
    groupRollsBackOnFailure,
    terminationWaitMinutes,
    ...(readyWaitMinutes !== undefined ? { readyWaitMinutes } : {})
  }
  const notes = [
    `CodeDeploy: CreateDeployment in application ${target.application}, deployment group ${target.deploymentGroup}, ` +
      `configuration ${target.configName} (${trafficRouting(target.config)}), with an AppSpec ` +
      `${input.appSpec ? `from ${input.appSpec.path}` : 'generated from the service'} (container ${containerName}:${containerPort}, TaskDefinition: the revision the run registers)`,
    `Done when CodeDeploy reports the deployment Succeeded: production traffic is on the replacement task set and the original task set is terminated ` +
      `${terminationWaitMinutes > 0 ? `after the group's termination wait of ${terminationWaitMinutes} min (status Baking until then)` : 'at once (the group has no termination wait)'}`
  ]
  if (readyWaitMinutes !== undefined)
    notes.push(
      `The group waits in Ready for ContinueDeployment before rerouting production traffic (it stops the deployment after ${readyWaitMinutes} min); on-pause is ${settings.onPause}: ` +
        (settings.onPause === 'continue'
          ? 'the run continues it at once'
          : settings.onPause === 'exit'
            ? 'the run ends green with rollout-state PAUSED and codedeploy-deployment-id'
            : 'the run waits for it to be continued elsewhere')
    )
  const alarms = group.alarmConfiguration?.enabled ? (group.alarmConfiguration.alarms ?? []) : []
  if (alarms.length > 0)
    notes.push(
      `CloudWatch alarms that stop the deployment (the group's alarmConfiguration): ${alarms.map(a => a.name).join(', ')}`
    )
  notes.push(
    settings.rollbackOnFailure
      ? 'On a failure or timeout: StopDeployment with automatic rollback, followed until the original task set serves again (rollback-on-failure)'
      : `On a failure: the run fails at once${groupRollsBackOnFailure ? "; the deployment group's automatic rollback puts traffic back on the original task set" : ''}`
  )
  const waits = terminationWaitMinutes + (settings.onPause === 'wait' ? (readyWaitMinutes ?? 0) : 0)
  if (settings.waitForServiceStability && waits >= settings.waitForMinutes)
    notes.push(
      `Note: wait-for-minutes (${settings.waitForMinutes}) does not cover the group's waits (${waits} min): the run would time out before CodeDeploy reports Succeeded.`
    )
  return { request, notes }
}

/** The same, for one entry of `services`: what it refuses names the entry (services[0]: ...). */
export function planCodeDeployFor(
  entry: ServiceEntry | undefined,
  input: Parameters<typeof planCodeDeploy>[0]
): PlannedCodeDeploy {
  try {
    return planCodeDeploy(input)
  } catch (e) {
    if (!entry || !(e instanceof SettingsError)) throw e
    throw new SettingsError(e.problems.map(p => `${entry.input} (service ${entry.name}): ${p}`))
  }
}

/** What the policy grants on this deployment's application, group and configuration. */
export function codeDeployAccess(
  request: Pick<CodeDeployRequest, 'application' | 'deploymentGroup' | 'configName'>,
  settings: Pick<Settings, 'rollbackOnFailure' | 'onCancel' | 'onPause'>
): CodeDeployPolicyInput {
  return {
    application: request.application,
    deploymentGroup: request.deploymentGroup,
    deploymentConfig: request.configName,
    stop: settings.rollbackOnFailure || settings.onCancel === 'rollback',
    continue: settings.onPause === 'continue'
  }
}
