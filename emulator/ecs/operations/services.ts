// CreateService, DescribeServices, UpdateService, DeleteService, ListServices.
import type { CallerIdentity } from '../../contract.js'
import { AwsError } from '../../errors.js'
import { arns, lastSegment } from '../arns.js'
import { ms, schedule } from '../clock.js'
import { deploymentConfig } from '../deployment-config.js'
import { startDeployment } from '../deployments.js'
import {
  isObject,
  optArray,
  optBool,
  optNumber,
  optObject,
  optString,
  optStringArray,
  page,
  reqString,
  type Json
} from '../input.js'
import { findService, findTaskDefinition, notFound, requireCluster, serviceKey } from '../lookup.js'
import {
  checkControllerSettings,
  checkControllerUpdate,
  deploymentControllerOf,
  taskSetArn
} from './controllers.js'
import { reconcile } from '../scheduler.js'
import type { EcsState, ServiceRecord } from '../state.js'
import { serviceJson } from '../views.js'
import { applyServiceSettings } from './service-settings.js'
import { checkTaskDefinitionForService } from './task-definitions.js'

export function createService(state: EcsState, input: Json, caller: CallerIdentity): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const name = reqString(input, 'serviceName', 'CreateService')
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
    throw new AwsError(
      'InvalidParameterException',
      `serviceName "${name}" is invalid: use up to 255 letters, numbers, underscores and hyphens.`
    )
  }
  const existing = findService(state, cluster, name)
  if (existing && existing.status !== 'INACTIVE') {
    throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.')
  }
  const controller = deploymentControllerOf(input)
  const launchType = optString(input, 'launchType') ?? 'EC2'
  const networkConfiguration = optObject(input, 'networkConfiguration')
  const ref =
    controller === 'EXTERNAL'
      ? optString(input, 'taskDefinition')
      : reqString(input, 'taskDefinition', 'CreateService')
  const td =
    ref === undefined
      ? undefined
      : checkTaskDefinitionForService(state, ref, launchType, networkConfiguration)
  const desiredCount = optNumber(input, 'desiredCount') ?? 0
  checkDesiredCount(desiredCount)
  const loadBalancers = (optArray(input, 'loadBalancers') ?? []).filter(isObject)
  const deploymentConfiguration = deploymentConfig(optObject(input, 'deploymentConfiguration'))
  checkControllerSettings(controller, deploymentConfiguration.extra, loadBalancers)
  const service: ServiceRecord = {
    name,
    arn: arns.service(state.account, cluster.name, name),
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    status: 'ACTIVE',
    deploymentController: controller,
    desiredCount,
    launchType,
    taskDefinitionArn: td?.arn ?? '',
    deploymentConfiguration,
    loadBalancers,
    tags: (optArray(input, 'tags') ?? []).filter(isObject),
    enableECSManagedTags: optBool(input, 'enableECSManagedTags') ?? false,
    propagateTags: optString(input, 'propagateTags') ?? 'NONE',
    enableExecuteCommand: optBool(input, 'enableExecuteCommand') ?? false,
    createdAt: state.time,
    createdBy: caller.arn,
    deployments: [],
    history: [],
    events: [],
    steady: false,
    placementRetryPending: false
  }
  if (launchType === 'FARGATE') service.platformVersion = optString(input, 'platformVersion') ?? 'LATEST'
  if (networkConfiguration) service.networkConfiguration = networkConfiguration
  applyServiceSettings(service, input)
  const grace = optNumber(input, 'healthCheckGracePeriodSeconds')
  if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace
  state.services.set(serviceKey(cluster.name, name), service)
  if (td) {
    const first = startDeployment(state, service, td.arn)
    // A CODE_DEPLOY service starts with one PRIMARY task set serving all traffic.
    if (controller === 'CODE_DEPLOY')
      first.taskSet = { arn: taskSetArn(state, service, first.id), scale: 100, trafficWeight: 100 }
  }
  reconcile(state, service)
  return { service: serviceJson(state, service) }
}

export function describeServices(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const names = optStringArray(input, 'services') ?? []
  if (names.length > 10)
    throw new AwsError('InvalidParameterException', 'service names can have at most 10 items.')
  const include = optStringArray(input, 'include') ?? []
  const services: Json[] = []
  const failures: Json[] = []
  for (const name of names) {
    const service = findService(state, cluster, name)
    if (!service) {
      failures.push({ arn: arns.service(state.account, cluster.name, lastSegment(name)), reason: 'MISSING' })
      continue
    }
    const json = serviceJson(state, service)
    if (!include.includes('TAGS')) delete json.tags
    if ((service.hideServiceDeploymentReads ?? 0) > 0) {
      service.hideServiceDeploymentReads! -= 1
      delete json.currentServiceDeployment
    }
    services.push(json)
  }
  return { services, failures }
}

export function updateService(state: EcsState, input: Json): Json {
  const service = requireActiveService(state, input, 'UpdateService')
  checkControllerUpdate(service, input)
  const desiredCount = optNumber(input, 'desiredCount')
  if (desiredCount !== undefined) checkDesiredCount(desiredCount)
  const networkConfiguration = optObject(input, 'networkConfiguration') ?? service.networkConfiguration
  const ref = optString(input, 'taskDefinition')
  const td =
    ref !== undefined
      ? checkTaskDefinitionForService(state, ref, service.launchType, networkConfiguration)
      : undefined
  const config = deploymentConfig(
    optObject(input, 'deploymentConfiguration'),
    service.deploymentConfiguration
  )
  const loadBalancers = optArray(input, 'loadBalancers')?.filter(isObject) ?? service.loadBalancers
  checkControllerSettings(service.deploymentController, config.extra, loadBalancers)
  const force = optBool(input, 'forceNewDeployment') ?? false
  const networkChanged =
    optObject(input, 'networkConfiguration') !== undefined &&
    JSON.stringify(networkConfiguration) !== JSON.stringify(service.networkConfiguration)

  applyServiceSettings(service, input)
  service.deploymentConfiguration = config
  service.loadBalancers = loadBalancers
  if (networkConfiguration) service.networkConfiguration = networkConfiguration
  if (desiredCount !== undefined) service.desiredCount = desiredCount
  const grace = optNumber(input, 'healthCheckGracePeriodSeconds')
  if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace
  const newTaskDefinition = td !== undefined && td.arn !== service.taskDefinitionArn
  const started = newTaskDefinition || force || networkChanged
  if (started) {
    startDeployment(state, service, td?.arn ?? service.taskDefinitionArn)
    scheduleConcurrentDeployment(state, service)
  }
  reconcile(state, service)
  const json = serviceJson(state, service)
  // ECS's eventual consistency, when the scenario asks for it: the new service deployment is not named yet.
  if (started && state.scenario.serviceDeploymentLag > 0) {
    service.hideServiceDeploymentReads = state.scenario.serviceDeploymentLag
    delete json.currentServiceDeployment
  }
  return { service: json }
}

export function deleteService(state: EcsState, input: Json): Json {
  const service = requireActiveService(state, input, 'DeleteService')
  if (service.desiredCount > 0 && optBool(input, 'force') !== true) {
    throw new AwsError(
      'InvalidParameterException',
      'The service cannot be stopped while it is scaled above 0. Set desiredCount to 0 first, or pass force.'
    )
  }
  service.status = 'DRAINING'
  service.desiredCount = 0
  reconcile(state, service)
  return { service: serviceJson(state, service) }
}

export function listServices(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const all = [...state.services.values()]
    .filter(s => s.clusterName === cluster.name && s.status !== 'INACTIVE')
    .map(s => s.arn)
  const { items, nextToken } = page(all, input)
  return nextToken === undefined ? { serviceArns: items } : { serviceArns: items, nextToken }
}

function requireActiveService(state: EcsState, input: Json, operation: string): ServiceRecord {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const service = findService(state, cluster, reqString(input, 'service', operation))
  if (!service) throw notFound('service')
  if (service.status !== 'ACTIVE') throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
  return service
}

function checkDesiredCount(desiredCount: number): void {
  if (!Number.isInteger(desiredCount) || desiredCount < 0) {
    throw new AwsError(
      'InvalidParameterException',
      `desiredCount must be a whole number >= 0, got ${desiredCount}.`
    )
  }
}

/** Scenario: somebody else updates the same service a while after this update. */
function scheduleConcurrentDeployment(state: EcsState, service: ServiceRecord): void {
  const concurrent = state.scenario.concurrentDeployment
  if (!concurrent) return
  delete state.scenario.concurrentDeployment
  schedule(state, state.time + ms(state, concurrent.afterSeconds), () => {
    if (service.status !== 'ACTIVE') return
    const td =
      concurrent.taskDefinition !== undefined
        ? findTaskDefinition(state, concurrent.taskDefinition)
        : undefined
    startDeployment(state, service, td?.arn ?? service.taskDefinitionArn)
    reconcile(state, service)
  })
}
