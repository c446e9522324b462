// The records as ECS's JSON answers show them (timestamps in epoch seconds, as the JSON protocol carries them).
import { arns } from './arns.js'
import { deploymentConfigJson } from './deployment-config.js'
import type { Json } from './input.js'
import { deploymentTasks, serviceTasks } from './lookup.js'
import {
  preRunning,
  type ClusterRecord,
  type DeploymentRecord,
  type EcsState,
  type ServiceRecord,
  type TaskRecord
} from './state.js'

export const seconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : ms / 1000

export function clusterJson(state: EcsState, cluster: ClusterRecord): Json {
  const tasks = [...state.tasks.values()].filter(
    t => t.clusterName === cluster.name && t.desiredStatus === 'RUNNING'
  )
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length,
    activeServicesCount: [...state.services.values()].filter(
      s => s.clusterName === cluster.name && s.status === 'ACTIVE'
    ).length,
    statistics: [],
    tags: cluster.tags,
    settings: cluster.settings,
    capacityProviders: [],
    defaultCapacityProviderStrategy: []
  }
}

export function deploymentJson(state: EcsState, service: ServiceRecord, d: DeploymentRecord): Json {
  const tasks = deploymentTasks(state, service, d).filter(t => t.desiredStatus === 'RUNNING')
  const json: Json = {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.status === 'PRIMARY' ? service.desiredCount : tasks.length,
    pendingCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length,
    runningCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
    failedTasks: d.failedTasks,
    createdAt: seconds(d.createdAt),
    updatedAt: seconds(d.updatedAt),
    launchType: d.launchType,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason
  }
  if (d.platformVersion !== undefined) json.platformVersion = d.platformVersion
  if (d.networkConfiguration) json.networkConfiguration = d.networkConfiguration
  const volumes = service.settings?.volumeConfigurations
  if (volumes && d.status === 'PRIMARY') json.volumeConfigurations = volumes
  return json
}

export function serviceJson(state: EcsState, service: ServiceRecord): Json {
  const active = serviceTasks(state, service).filter(t => t.desiredStatus === 'RUNNING')
  const json: Json = {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: active.filter(t => t.lastStatus === 'RUNNING').length,
    pendingCount: active.filter(t => preRunning.includes(t.lastStatus)).length,
    launchType: service.launchType,
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: deploymentConfigJson(service.deploymentConfiguration),
    deployments:
      service.deploymentController === 'ECS'
        ? service.deployments.map(d => deploymentJson(state, service, d))
        : [],
    events: service.events.map(e => ({ id: e.id, createdAt: seconds(e.createdAt), message: e.message })),
    createdAt: seconds(service.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: service.deploymentController },
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
    tags: service.tags
  }
  const rebalancing = service.settings?.availabilityZoneRebalancing
  if (rebalancing !== undefined) json.availabilityZoneRebalancing = rebalancing
  if (service.platformVersion !== undefined) {
    json.platformVersion = service.platformVersion
    json.platformFamily = 'Linux'
  }
  if (service.networkConfiguration) json.networkConfiguration = service.networkConfiguration
  if (service.healthCheckGracePeriodSeconds !== undefined)
    json.healthCheckGracePeriodSeconds = service.healthCheckGracePeriodSeconds
  if (service.deploymentController !== 'ECS') {
    json.taskSets = service.deployments.filter(d => d.taskSet).map(d => taskSetJson(state, service, d))
    return json
  }
  // The newest deployment that is not a rollback of another (a rollback belongs to the deployment it rolls back).
  const current = service.history.find(d => d.rollbackOf === undefined)
  if (current) {
    json.currentServiceDeployment = arns.serviceDeployment(
      state.account,
      service.clusterName,
      service.name,
      current.id
    )
  }
  return json
}

/** A CODE_DEPLOY service's task set, as DescribeServices shows it. */
export function taskSetJson(state: EcsState, service: ServiceRecord, d: DeploymentRecord): Json {
  const tasks = deploymentTasks(state, service, d).filter(t => t.desiredStatus === 'RUNNING')
  const scale = d.taskSet?.scale ?? 0
  const json: Json = {
    id: d.id,
    taskSetArn: d.taskSet?.arn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    startedBy: d.taskSet?.externalId !== undefined ? 'CodeDeploy' : undefined,
    externalId: d.taskSet?.externalId,
    status: d.status === 'INACTIVE' ? 'DRAINING' : d.status,
    taskDefinition: d.taskDefinitionArn,
    computedDesiredCount: Math.ceil((service.desiredCount * scale) / 100),
    pendingCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length,
    runningCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
    createdAt: seconds(d.createdAt),
    updatedAt: seconds(d.updatedAt),
    launchType: d.launchType,
    loadBalancers: service.loadBalancers,
    scale: { value: scale, unit: 'PERCENT' },
    stabilityStatus:
      tasks.length === Math.ceil((service.desiredCount * scale) / 100) && tasks.every(t => t.healthy)
        ? 'STEADY_STATE'
        : 'STABILIZING'
  }
  if (d.platformVersion !== undefined) json.platformVersion = d.platformVersion
  if (d.networkConfiguration) json.networkConfiguration = d.networkConfiguration
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
  return json
}

export function taskJson(state: EcsState, task: TaskRecord, withTags: boolean): Json {
  const body = task.taskDefinition.body
  const json: Json = {
    attachments: [],
    attributes: [],
    availabilityZone: `${state.account.region}a`,
    clusterArn: task.clusterArn,
    connectivity: task.connectivityAt !== undefined ? 'CONNECTED' : undefined,
    connectivityAt: seconds(task.connectivityAt),
    containers: task.containers.map(c => {
      const container: Json = {
        containerArn: c.arn,
        taskArn: task.arn,
        name: c.name,
        image: c.image,
        lastStatus: c.lastStatus,
        networkInterfaces: [],
        healthStatus: c.healthStatus
      }
      if (c.runtimeId !== undefined) container.runtimeId = c.runtimeId
      if (c.exitCode !== undefined) container.exitCode = c.exitCode
      if (c.reason !== undefined) container.reason = c.reason
      if (c.cpu !== undefined) container.cpu = c.cpu
      if (c.memory !== undefined) container.memory = c.memory
      if (c.memoryReservation !== undefined) container.memoryReservation = c.memoryReservation
      return container
    }),
    cpu:
      typeof task.overrides.cpu === 'string'
        ? task.overrides.cpu
        : typeof body.cpu === 'string'
          ? body.cpu
          : undefined,
    createdAt: seconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: seconds(task.executionStoppedAt),
    group: task.group,
    healthStatus: task.healthStatus,
    lastStatus: task.lastStatus,
    launchType: task.launchType,
    memory:
      typeof task.overrides.memory === 'string'
        ? task.overrides.memory
        : typeof body.memory === 'string'
          ? body.memory
          : undefined,
    overrides: {
      containerOverrides: task.containers.map(c => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
      ...task.overrides
    },
    platformVersion: task.launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    pullStartedAt: seconds(task.pullStartedAt),
    pullStoppedAt: seconds(task.pullStoppedAt),
    startedAt: seconds(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: seconds(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: seconds(task.stoppingAt),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinition.arn,
    version: task.version
  }
  if (withTags) json.tags = task.tags
  // Absent members stay absent on the wire, as in ECS's responses.
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
  return json
}

/** The whole model for tests and the control API, with each deployment's rolloutStateChangedAt. */
export function snapshotJson(state: EcsState): Json {
  const withChangedAt = (s: ServiceRecord, d: DeploymentRecord): Json => ({
    ...deploymentJson(state, s, d),
    rolloutStateChangedAt: d.rolloutStateChangedAt,
    // BLUE_GREEN/LINEAR/CANARY: the service deployment's status, when it ended and when its rollback started.
    ...(d.staged
      ? {
          serviceDeployment: {
            status: d.staged.status,
            finishedAt: d.staged.finishedAt,
            rollbackStartedAt: d.staged.rollback?.startedAt
          }
        }
      : {})
  })
  return {
    now: state.time,
    scenario: { ...state.scenario, ...state.runTaskScenario },
    taskDefinitions: [...state.families.values()].flat().map(td => ({ ...td.body, tags: td.tags })),
    clusters: [...state.clusters.values()].map(c => clusterJson(state, c)),
    services: [...state.services.values()].map(s => ({
      ...serviceJson(state, s),
      deployments: s.deployments.map(d => withChangedAt(s, d)),
      deploymentHistory: s.history.map(d => withChangedAt(s, d))
    })),
    tasks: [...state.tasks.values()].map(t => taskJson(state, t, true)),
    codeDeployDeployments: [...state.codeDeploy.deployments.values()].map(d => ({
      deploymentId: d.id,
      applicationName: d.applicationName,
      deploymentGroupName: d.groupName,
      status: d.status,
      createTime: d.createTime,
      completeTime: d.completeTime,
      errorInformation: d.errorInformation,
      events: d.events
    }))
  }
}
