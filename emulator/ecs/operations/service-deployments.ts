// ListServiceDeployments and DescribeServiceDeployments: the newer API over a service's deployment history.
import { arns } from '../arns.js'
import { deploymentConfigJson } from '../deployment-config.js'
import { optString, optStringArray, page, reqString, type Json } from '../input.js'
import { deploymentTasks, findService, notFound, requireCluster } from '../lookup.js'
import { circuitBreakerThreshold, messages } from '../rules.js'
import { preRunning, type DeploymentRecord, type EcsState, type ServiceRecord } from '../state.js'
import { seconds } from '../views.js'

function serviceDeploymentStatus(
  service: ServiceRecord,
  d: DeploymentRecord
): { status: string; statusReason: string } {
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
      if (d.finishedAt !== undefined && status !== 'IN_PROGRESS') brief.finishedAt = seconds(d.finishedAt)
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
    const match = /:service-deployment\/([^/]+)\/([^/]+)\/(\d+)$/.exec(arn)
    const service = match ? state.services.get(`${match[1]}/${match[2]}`) : undefined
    const d = service?.history.find(h => h.id === `ecs-svc/${match?.[3]}`)
    if (!service || !d) failures.push({ arn, reason: 'MISSING' })
    else found.push(serviceDeploymentJson(state, arn, service, d))
  }
  return { serviceDeployments: found, failures }
}

function serviceRevisionJson(state: EcsState, service: ServiceRecord, of: DeploymentRecord): Json {
  const tasks = deploymentTasks(state, service, of).filter(t => t.desiredStatus === 'RUNNING')
  return {
    arn: arns.serviceRevision(state.account, service.clusterName, service.name, of.id),
    requestedTaskCount: of.status === 'PRIMARY' ? service.desiredCount : tasks.length,
    runningTaskCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
    pendingTaskCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length
  }
}

function serviceDeploymentJson(
  state: EcsState,
  arn: string,
  service: ServiceRecord,
  d: DeploymentRecord
): Json {
  const { status, statusReason } = serviceDeploymentStatus(service, d)
  const breaker = service.deploymentConfiguration.circuitBreaker
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
      .map(h => serviceRevisionJson(state, service, h)),
    targetServiceRevision: serviceRevisionJson(state, service, d),
    status,
    statusReason,
    deploymentConfiguration: deploymentConfigJson(service.deploymentConfiguration),
    deploymentCircuitBreaker: {
      status: !breaker.enable ? 'DISABLED' : d.rolloutState === 'FAILED' ? 'TRIGGERED' : 'MONITORING',
      failureCount: d.failedTasks,
      threshold: circuitBreakerThreshold(service.desiredCount)
    }
  }
  if (d.finishedAt !== undefined && status !== 'IN_PROGRESS') json.finishedAt = seconds(d.finishedAt)
  const rollback = service.history.find(h => h.id === d.rolledBackBy)
  if (rollback) {
    json.rollback = {
      reason: messages.circuitBreakerFailed,
      startedAt: seconds(rollback.createdAt),
      serviceRevisionArn: arns.serviceRevision(state.account, service.clusterName, service.name, rollback.id)
    }
  }
  return json
}
