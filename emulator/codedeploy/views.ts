// CodeDeploy's answers: deploymentInfo, the ECS deployment target with its task sets, the deployment group.
import { deploymentTasks } from '../ecs/lookup.js'
import { isObject, type Json } from '../ecs/input.js'
import { preRunning, type EcsState } from '../ecs/state.js'
import { seconds } from '../ecs/views.js'
import { serviceOfGroup } from './deployment.js'
import type { CodeDeployDeployment, DeploymentGroupRecord } from './state.js'

/** The one ECS target's status, from the deployment's. */
function targetStatus(dep: CodeDeployDeployment): string {
  const map: Record<string, string> = { Created: 'Pending', Queued: 'Pending', Baking: 'InProgress' }
  return map[dep.status] ?? dep.status
}

export function deploymentInfoJson(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord
): Json {
  const target = targetStatus(dep)
  const overview: Json = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 }
  overview[target === 'Stopped' ? 'Failed' : target] = 1
  const json: Json = {
    applicationName: dep.applicationName,
    deploymentGroupName: dep.groupName,
    deploymentConfigName: dep.configName,
    deploymentId: dep.id,
    revision: dep.revision,
    status: dep.status,
    createTime: seconds(dep.createTime),
    startTime: seconds(dep.startTime),
    completeTime: seconds(dep.completeTime),
    deploymentOverview: overview,
    description: dep.description,
    creator: dep.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: group.autoRollback,
    updateOutdatedInstancesOnly: false,
    rollbackInfo: dep.rollbackInfo,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: group.raw.blueGreenDeploymentConfiguration,
    loadBalancerInfo: group.raw.loadBalancerInfo,
    errorInformation: dep.errorInformation,
    computePlatform: 'ECS'
  }
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
  void state
  return json
}

function targetGroupNames(group: DeploymentGroupRecord): string[] {
  const info = isObject(group.raw.loadBalancerInfo) ? group.raw.loadBalancerInfo : {}
  const pairs = Array.isArray(info.targetGroupPairInfoList)
    ? info.targetGroupPairInfoList.filter(isObject)
    : []
  const groups = Array.isArray(pairs[0]?.targetGroups) ? pairs[0].targetGroups.filter(isObject) : []
  return groups.map(g => String(g.name))
}

export function deploymentTargetJson(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord
): Json {
  const service = serviceOfGroup(state, group)
  const names = targetGroupNames(group)
  const taskSetsInfo = [dep.blueId, dep.greenId].flatMap((id, index) => {
    const d = service?.deployments.find(x => x.id === id)
    if (!service || !d?.taskSet) return []
    const tasks = deploymentTasks(state, service, d).filter(t => t.desiredStatus === 'RUNNING')
    const info: Json = {
      identifer: d.id,
      desiredCount: Math.ceil((service.desiredCount * d.taskSet.scale) / 100),
      pendingCount: tasks.filter(t => preRunning.includes(t.lastStatus)).length,
      runningCount: tasks.filter(t => t.lastStatus === 'RUNNING').length,
      status: d.status === 'INACTIVE' ? 'DRAINING' : d.status,
      trafficWeight: d.taskSet.trafficWeight,
      taskSetLabel: index === 0 ? 'Blue' : 'Green'
    }
    const tg = names[index]
    if (tg !== undefined) info.targetGroup = { name: tg }
    return [info]
  })
  return {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      deploymentId: dep.id,
      targetId: `${group.clusterName}:${group.serviceName}`,
      targetArn: service?.arn,
      lastUpdatedAt: seconds(state.time),
      lifecycleEvents: dep.events.map(e => {
        const event: Json = { lifecycleEventName: e.name, status: e.status }
        if (e.startTime !== undefined) event.startTime = seconds(e.startTime)
        if (e.endTime !== undefined) event.endTime = seconds(e.endTime)
        return event
      }),
      status: targetStatus(dep),
      taskSetsInfo
    }
  }
}

export function groupJson(group: DeploymentGroupRecord): Json {
  const { applicationName: _app, deploymentGroupName: _name, ...rest } = group.raw
  void _app
  void _name
  return {
    ...rest,
    applicationName: group.applicationName,
    deploymentGroupId: group.id,
    deploymentGroupName: group.name,
    deploymentConfigName: group.deploymentConfigName,
    serviceRoleArn: group.serviceRoleArn,
    autoRollbackConfiguration: group.autoRollback,
    computePlatform: 'ECS'
  }
}
