// ListServiceDeployments and DescribeServiceDeployments: the newer API over a service's deployment history.
import { arns } from '../arns.js'
import { deploymentConfigJson } from '../deployment-config.js'
import { optString, optStringArray, page, reqString, type Json } from '../input.js'
import { deploymentTasks, findService, notFound, requireCluster } from '../lookup.js'
import { circuitBreakerThreshold, messages } from '../rules.js'
import {
  preRunning,
  type DeploymentRecord,
  type EcsState,
  type HookRun,
  type ServiceRecord
} from '../state.js'
import { alarmsConfig } from '../strategy-config.js'
import { seconds } from '../views.js'

export function serviceDeploymentStatus(
  service: ServiceRecord,
  d: DeploymentRecord
): { status: string; statusReason: string } {
  if (d.staged) return { status: d.staged.status, statusReason: d.staged.statusReason }
  if (d.rolloutState === 'COMPLETED') return { status: 'SUCCESSFUL', statusReason: d.rolloutStateReason }
  if (d.rolloutState === 'FAILED') {
    const rollback = service.history.find(h => h.id === d.rolledBackBy)
    if (!rollback) return { status: 'STOPPED', statusReason: d.rolloutStateReason }
    const status =
      rollback.rolloutState === 'COMPLETED'
        ? 'ROLLBACK_SUCCESSFUL'
        : rollback.rolloutState === 'FAILED'
          ? 'ROLLBACK_FAILED'
          : 'ROLLBACK_IN_PROGRESS'
    return { status, statusReason: d.rolloutStateReason }
  }
  if (d.superseded) return { status: 'STOPPED', statusReason: 'Superseded by a newer service deployment.' }
  return { status: 'IN_PROGRESS', statusReason: d.rolloutStateReason }
}

/** Rollback deployments belong to the deployment they roll back, as in the service deployments API. */
function visibleServiceDeployments(service: ServiceRecord): DeploymentRecord[] {
  return service.history.filter(d => d.rollbackOf === undefined)
}

export function listServiceDeployments(state: EcsState, input: Json): Json {
  const cluster = requireCluster(state, optString(input, 'cluster'))
  const service = findService(state, cluster, reqString(input, 'service', 'ListServiceDeployments'))
  if (!service) throw notFound('service')
  // Task sets, not service deployments, on CODE_DEPLOY and EXTERNAL services.
  if (service.deploymentController !== 'ECS') return { serviceDeployments: [] }
  const statuses = optStringArray(input, 'status')
  const all = visibleServiceDeployments(service)
    .map(d => {
      const { status, statusReason } = serviceDeploymentStatus(service, d)
      const brief: Json = {
        serviceDeploymentArn: arns.serviceDeployment(state.account, cluster.name, service.name, d.id),
        serviceArn: service.arn,
        clusterArn: cluster.arn,
        startedAt: seconds(d.createdAt),
        createdAt: seconds(d.createdAt),
        targetServiceRevisionArn: arns.serviceRevision(state.account, cluster.name, service.name, d.id),
        status,
        statusReason
      }
      const finishedAt = d.staged ? d.staged.finishedAt : d.finishedAt
      if (finishedAt !== undefined && finalStatuses.includes(status)) brief.finishedAt = seconds(finishedAt)
      return brief
    })
    .filter(b => statuses === undefined || statuses.includes(String(b.status)))
  const { items, nextToken } = page(all, input)
  return nextToken === undefined ? { serviceDeployments: items } : { serviceDeployments: items, nextToken }
}

export function describeServiceDeployments(state: EcsState, input: Json): Json {
  const refs = optStringArray(input, 'serviceDeploymentArns') ?? []
  const found: Json[] = []
  const failures: Json[] = []
  for (const arn of refs) {
    const match = findServiceDeployment(state, arn)
    if (!match) failures.push({ arn, reason: 'MISSING' })
    else found.push(serviceDeploymentJson(state, arn, match.service, match.deployment))
  }
  return { serviceDeployments: found, failures }
}

/** The service and deployment a service deployment (or service revision) ARN names. */
export function findServiceDeployment(
  state: EcsState,
  arn: string,
  kind: 'service-deployment' | 'service-revision' = 'service-deployment'
): { service: ServiceRecord; deployment: DeploymentRecord } | undefined {
  const match = new RegExp(`:${kind}/([^/]+)/([^/]+)/(\\d+)$`).exec(arn)
  const service = match ? state.services.get(`${match[1]}/${match[2]}`) : undefined
  const deployment = service?.history.find(h => h.id === `ecs-svc/${match?.[3]}`)
  return service && deployment ? { service, deployment } : undefined
}

const finalStatuses = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']

function serviceRevisionJson(
  state: EcsState,
  service: ServiceRecord,
  of: DeploymentRecord,
  weights?: { test: number; production: number }
): Json {
  const tasks = deploymentTasks(state, service, of).filter(t => t.desiredStatus === 'RUNNING')
  const json: Json = {
    arn: arns.serviceRevision(state.account, service.clusterName, service.name, of.id),
    requestedTaskCount: of.status === 'PRIMARY' ? service.desiredCount : tasks.length,
    runningTaskCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
    pendingTaskCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length
  }
  if (weights) {
    json.requestedTestTrafficWeight = weights.test
    json.requestedProductionTrafficWeight = weights.production
  }
  return json
}

function serviceDeploymentJson(
  state: EcsState,
  arn: string,
  service: ServiceRecord,
  d: DeploymentRecord
): Json {
  const { status, statusReason } = serviceDeploymentStatus(service, d)
  const breaker = service.deploymentConfiguration.circuitBreaker
  const staged = d.staged
  const target = staged ? { test: staged.testWeight, production: staged.productionWeight } : undefined
  const source = staged
    ? { test: 100 - staged.testWeight, production: 100 - staged.productionWeight }
    : undefined
  const json: Json = {
    serviceDeploymentArn: arn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    createdAt: seconds(d.createdAt),
    startedAt: seconds(d.createdAt),
    updatedAt: seconds(d.updatedAt),
    sourceServiceRevisions: d.sourceIds
      .map(id => service.history.find(h => h.id === id))
      .filter((h): h is DeploymentRecord => h !== undefined)
      .map(h => serviceRevisionJson(state, service, h, source)),
    targetServiceRevision: serviceRevisionJson(state, service, d, target),
    status,
    statusReason,
    deploymentConfiguration: deploymentConfigJson(service.deploymentConfiguration),
    deploymentCircuitBreaker: {
      status: monitorStatus(breaker.enable, breakerTriggered(d), status),
      failureCount: d.failedTasks,
      threshold: circuitBreakerThreshold(service.desiredCount, breaker.thresholdConfiguration)
    }
  }
  const alarms = alarmsConfig(service.deploymentConfiguration.extra)
  if (alarms.names.length > 0) {
    const triggered = staged?.triggeredAlarms ?? []
    json.alarms = {
      status: monitorStatus(alarms.enable, triggered.length > 0, status),
      alarmNames: alarms.names,
      triggeredAlarmNames: triggered
    }
  }
  if (staged) {
    if (staged.lifecycleStage !== undefined) json.lifecycleStage = staged.lifecycleStage
    json.lifecycleHookDetails = staged.hooks.map(hookJson)
    if (staged.stoppedAt !== undefined) json.stoppedAt = seconds(staged.stoppedAt)
    if (staged.finishedAt !== undefined) json.finishedAt = seconds(staged.finishedAt)
    if (staged.rollback) {
      json.rollback = {
        reason: staged.rollback.reason,
        startedAt: seconds(staged.rollback.startedAt),
        serviceRevisionArn: arns.serviceRevision(
          state.account,
          service.clusterName,
          service.name,
          staged.rollback.toId
        )
      }
    }
    return json
  }
  if (d.finishedAt !== undefined && status !== 'IN_PROGRESS') json.finishedAt = seconds(d.finishedAt)
  if (status === 'STOPPED' && d.finishedAt !== undefined) json.stoppedAt = seconds(d.finishedAt)
  const rollback = service.history.find(h => h.id === d.rolledBackBy)
  if (rollback) {
    json.rollback = {
      reason: d.rollbackReason ?? messages.circuitBreakerFailed,
      startedAt: seconds(rollback.createdAt),
      serviceRevisionArn: arns.serviceRevision(state.account, service.clusterName, service.name, rollback.id)
    }
  }
  return json
}

function breakerTriggered(d: DeploymentRecord): boolean {
  return d.staged ? d.staged.breakerTriggered : d.rolloutState === 'FAILED' && d.rollbackReason === undefined
}

/** A rollback monitor's status: DISABLED, TRIGGERED, MONITORING while going, MONITORING_COMPLETE once ended. */
function monitorStatus(enabled: boolean, triggered: boolean, status: string): string {
  if (!enabled) return 'DISABLED'
  if (triggered) return 'TRIGGERED'
  return finalStatuses.includes(status) ? 'MONITORING_COMPLETE' : 'MONITORING'
}

function hookJson(h: HookRun): Json {
  const json: Json = { hookId: h.hookId, targetType: h.targetType, status: h.status }
  if (h.targetArn !== undefined) json.targetArn = h.targetArn
  if (h.expiresAt !== undefined) json.expiresAt = seconds(h.expiresAt)
  json.timeoutAction = h.timeoutAction
  return json
}
