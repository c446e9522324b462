// The deployment controller of a service (ECS, CODE_DEPLOY, EXTERNAL): what CreateService and UpdateService accept
// for each, in ECS's words.
import { AwsError } from '../../errors.js'
import { arns } from '../arns.js'

import { optObject, optString, type Json } from '../input.js'
import type { EcsState, ServiceRecord } from '../state.js'
import { checkAdvancedConfiguration } from '../strategy-config.js'

export type Controller = ServiceRecord['deploymentController']
const controllers: Controller[] = ['ECS', 'CODE_DEPLOY', 'EXTERNAL']

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

export function deploymentControllerOf(input: Json): Controller {
  const type = optObject(input, 'deploymentController')?.type ?? 'ECS'
  if (typeof type !== 'string' || !controllers.includes(type as Controller))
    throw invalid(
      `deploymentController.type must be one of ${controllers.join(', ')}, got ${JSON.stringify(type)}.`
    )
  return type as Controller
}

/** Strategies belong to the ECS controller; CODE_DEPLOY needs a load balancer; traffic strategies their advanced configuration. */
export function checkControllerSettings(controller: Controller, extra: Json, loadBalancers: Json[]): void {
  const strategy = typeof extra.strategy === 'string' ? extra.strategy : 'ROLLING'
  if (controller !== 'ECS' && strategy !== 'ROLLING')
    throw invalid(
      `deploymentConfiguration.strategy ${strategy} is only valid with the ECS deployment controller, not ${controller}.`
    )
  if (controller === 'CODE_DEPLOY' && loadBalancers.length === 0)
    throw invalid(
      'A service with a CODE_DEPLOY deployment controller needs a load balancer: give loadBalancers with a target group.'
    )
  if (controller === 'ECS') checkAdvancedConfiguration(strategy, loadBalancers)
}

/** What UpdateService may not change on a CODE_DEPLOY or EXTERNAL service (a new deployment or task set does that). */
const frozen: Record<string, string> = {
  taskDefinition: 'task definition',
  networkConfiguration: 'network configuration',
  platformVersion: 'platform version',
  loadBalancers: 'load balancers',
  forceNewDeployment: 'a forced new deployment'
}

export function checkControllerUpdate(service: ServiceRecord, input: Json): void {
  const requested = optString(optObject(input, 'deploymentController') ?? {}, 'type')
  if (requested !== undefined && requested !== service.deploymentController)
    throw invalid(
      `The stand-in does not model changing a service's deployment controller (from ${service.deploymentController} to ${requested}).`
    )
  if (service.deploymentController === 'ECS') return
  for (const [field, what] of Object.entries(frozen)) {
    if (input[field] === undefined || input[field] === null || input[field] === false) continue
    throw invalid(
      service.deploymentController === 'CODE_DEPLOY'
        ? `Unable to update ${what} on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.`
        : `Unable to update ${what} on services with an EXTERNAL deployment controller. Create a new task set to change it.`
    )
  }
}

export function taskSetArn(state: EcsState, service: ServiceRecord, taskSetId: string): string {
  return arns.taskSet(state.account, service.clusterName, service.name, taskSetId)
}
