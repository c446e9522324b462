// A CodeDeploy blue/green deployment of an ECS service, step by step: the lifecycle events (with the AppSpec's
// hooks answered as the scenario says), the replacement (green) task set, the Ready wait, the traffic shift of the
// deployment configuration, the termination wait (Baking) and the end: Succeeded, Failed or Stopped, with a
// rollback to the original (blue) task set when the deployment group's auto rollback (or StopDeployment) asks.
import { ms, schedule } from '../ecs/clock.js'
import { serviceKey } from '../ecs/lookup.js'
import { newDeploymentId } from '../ecs/rules.js'
import { reconcile } from '../ecs/scheduler.js'
import { taskSetArn } from '../ecs/operations/controllers.js'
import type { DeploymentRecord, EcsState, ServiceRecord } from '../ecs/state.js'
import { deploymentTasks } from '../ecs/lookup.js'
import {
  deploymentConfigs,
  lifecycleEventNames,
  type CodeDeployDeployment,
  type DeploymentGroupRecord,
  type LifecycleEventRecord
} from './state.js'

/** Failed tasks of the replacement task set after which the Install event fails. */
const maxFailedTasks = 3

export const finalStatuses = ['Succeeded', 'Failed', 'Stopped']

export function serviceOfGroup(state: EcsState, group: DeploymentGroupRecord): ServiceRecord | undefined {
  return state.services.get(serviceKey(group.clusterName, group.serviceName))
}

const taskSet = (service: ServiceRecord, id: string | undefined): DeploymentRecord | undefined =>
  service.deployments.find(d => d.id === id)

/** Start a created deployment: Created → InProgress, then its lifecycle events one after another. */
export function startDeployment(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord
): void {
  dep.events = lifecycleEventNames.map(name => ({ name, status: 'Pending' }))
  // The deployment group's CloudWatch alarms, as the scenario sets them off: the deployment stops (ALARM_ACTIVE).
  for (const alarm of state.scenario.alarms) {
    if (alarm.afterSeconds === undefined || !group.alarms.includes(alarm.name)) continue
    later(state, dep, alarm.afterSeconds, () => {
      const rollBack =
        group.autoRollback.enabled && group.autoRollback.events.includes('DEPLOYMENT_STOP_ON_ALARM')
      const message = `The deployment was stopped because CloudWatch alarm ${alarm.name} went into ALARM state.`
      stop(state, dep, group, rollBack, 'ALARM_ACTIVE', message)
    })
  }
  later(state, dep, state.scenario.stageSeconds, () => {
    dep.status = 'InProgress'
    dep.startTime = state.time
    runEvent(state, dep, group, 0)
  })
}

function later(state: EcsState, dep: CodeDeployDeployment, ecsSeconds: number, run: () => void): void {
  const epoch = dep.epoch
  schedule(state, state.time + ms(state, ecsSeconds), () => {
    if (dep.epoch === epoch && !finalStatuses.includes(dep.status)) run()
  })
}

function runEvent(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  index: number
): void {
  const event = dep.events[index]
  const service = serviceOfGroup(state, group)
  if (!service)
    return fail(
      state,
      dep,
      group,
      'INVALID_ECS_SERVICE',
      'The ECS service of the deployment group no longer exists.'
    )
  if (!event) return finishTraffic(state, dep, group, service)
  const waitsForReady = group.ready.actionOnTimeout === 'STOP_DEPLOYMENT' && !dep.readyContinued
  if (event.name === 'BeforeAllowTraffic' && waitsForReady) {
    dep.status = 'Ready'
    later(state, dep, group.ready.waitTimeInMinutes * 60, () =>
      stop(
        state,
        dep,
        group,
        false,
        'TIMEOUT',
        'The deployment timed out waiting for ContinueDeployment to reroute traffic.'
      )
    )
    return
  }
  event.status = 'InProgress'
  event.startTime = state.time
  const next = (): void => {
    event.status = 'Succeeded'
    event.endTime = state.time
    runEvent(state, dep, group, index + 1)
  }
  if (event.name === 'Install') return install(state, dep, group, service, event, next)
  if (event.name === 'AllowTestTraffic') return later(state, dep, state.scenario.stageSeconds, next)
  if (event.name === 'AllowTraffic') return shiftTraffic(state, dep, group, service, next)
  const hook = dep.appSpec?.hooks[event.name]
  if (hook === undefined) {
    event.status = 'Skipped'
    event.endTime = state.time
    return later(state, dep, 0, () => runEvent(state, dep, group, index + 1))
  }
  const script = state.scenario.codeDeployHooks.find(h => h.event === event.name)
  later(state, dep, script?.afterSeconds ?? state.scenario.stageSeconds, () => {
    if (script?.status !== 'Failed') return next()
    event.status = 'Failed'
    event.endTime = state.time
    fail(
      state,
      dep,
      group,
      'HOOK_EXECUTION_FAILURE',
      `The deployment failed because a lifecycle event hook failed: ${event.name} (${hook}) reported Failed.`
    )
  })
}

/** Install: a replacement task set of the AppSpec's task definition at 100 %, done once all of it is healthy. */
function install(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  service: ServiceRecord,
  event: LifecycleEventRecord,
  next: () => void
): void {
  const blue = service.deployments.find(d => d.status === 'PRIMARY')
  const id = newDeploymentId()
  const green: DeploymentRecord = {
    id,
    status: 'ACTIVE',
    taskDefinitionArn: dep.appSpec?.taskDefinition ?? service.taskDefinitionArn,
    failedTasks: 0,
    createdAt: state.time,
    updatedAt: state.time,
    launchType: service.launchType,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: '',
    rolloutStateChangedAt: state.time,
    sourceIds: blue ? [blue.id] : [],
    taskSet: { arn: taskSetArn(state, service, id), scale: 100, trafficWeight: 0, externalId: dep.id }
  }
  if (service.platformVersion !== undefined) green.platformVersion = service.platformVersion
  if (service.networkConfiguration) green.networkConfiguration = service.networkConfiguration
  service.deployments.push(green)
  service.history.unshift(green)
  dep.blueId = blue?.id
  dep.greenId = id
  reconcile(state, service)
  const check = (): void => {
    if (green.failedTasks >= maxFailedTasks) {
      event.status = 'Failed'
      event.endTime = state.time
      return fail(
        state,
        dep,
        group,
        'ECS_UPDATE_ERROR',
        `The ECS service cannot be updated: the replacement task set's tasks failed to start (${green.failedTasks} failed).`
      )
    }
    const healthy = deploymentTasks(state, service, green).filter(
      t => t.desiredStatus === 'RUNNING' && t.healthy
    )
    if (healthy.length >= service.desiredCount) next()
    else later(state, dep, 1, check)
  }
  later(state, dep, 1, check)
}

/** AllowTraffic: production traffic moves to green as the deployment configuration says. */
function shiftTraffic(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  service: ServiceRecord,
  next: () => void
): void {
  const config = deploymentConfigs[dep.configName] ?? { type: 'AllAtOnce' }
  const steps: { weight: number; wait: number }[] = []
  if (config.type === 'TimeBasedLinear') {
    for (let w = config.percent ?? 10; w < 100; w += config.percent ?? 10)
      steps.push({ weight: w, wait: (config.minutes ?? 1) * 60 })
  } else if (config.type === 'TimeBasedCanary') {
    steps.push({ weight: config.percent ?? 10, wait: (config.minutes ?? 5) * 60 })
  }
  steps.push({ weight: 100, wait: 0 })
  let index = 0
  const step = (): void => {
    const current = steps[index++]
    if (!current) return
    setWeights(service, dep, current.weight)
    if (index >= steps.length) next()
    else later(state, dep, current.wait, step)
  }
  later(state, dep, state.scenario.stageSeconds, step)
  void group
}

function setWeights(service: ServiceRecord, dep: CodeDeployDeployment, greenWeight: number): void {
  const green = taskSet(service, dep.greenId)
  const blue = taskSet(service, dep.blueId)
  if (green?.taskSet) green.taskSet.trafficWeight = greenWeight
  if (blue?.taskSet) blue.taskSet.trafficWeight = 100 - greenWeight
}

/** All traffic on green: it becomes PRIMARY; the original task set waits out the termination wait (Baking), then goes. */
function finishTraffic(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  service: ServiceRecord
): void {
  const green = taskSet(service, dep.greenId)
  const blue = taskSet(service, dep.blueId)
  if (green) {
    green.status = 'PRIMARY'
    green.rolloutState = 'COMPLETED'
    service.taskDefinitionArn = green.taskDefinitionArn
  }
  if (blue) blue.status = 'ACTIVE'
  dep.status = 'Baking'
  later(state, dep, group.terminationWaitMinutes * 60, () => terminateBlue(state, dep, service))
}

/** ContinueDeployment READY_WAIT: on to BeforeAllowTraffic and the traffic shift. */
export function continueFromReady(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord
): void {
  dep.readyContinued = true
  dep.status = 'InProgress'
  dep.epoch += 1
  runEvent(state, dep, group, lifecycleEventNames.indexOf('BeforeAllowTraffic'))
}

export function terminateBlue(state: EcsState, dep: CodeDeployDeployment, service: ServiceRecord): void {
  const blue = taskSet(service, dep.blueId)
  if (blue?.taskSet) {
    blue.taskSet.scale = 0
    blue.status = 'INACTIVE'
    blue.finishedAt = state.time
  }
  dep.status = 'Succeeded'
  dep.completeTime = state.time
  dep.epoch += 1
  reconcile(state, service)
}

/** A failure: Failed with the error, rolled back when the deployment group's auto rollback covers failures. */
export function fail(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  code: string,
  message: string
): void {
  const rollBack = group.autoRollback.enabled && group.autoRollback.events.includes('DEPLOYMENT_FAILURE')
  end(state, dep, group, 'Failed', rollBack, { code, message })
}

/** StopDeployment (or the Ready wait running out): Stopped, rolled back when asked. */
export function stop(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  rollBack: boolean,
  code = 'MANUAL_STOP',
  message = 'The deployment was stopped by the user.'
): void {
  end(state, dep, group, 'Stopped', rollBack, { code, message })
}

function end(
  state: EcsState,
  dep: CodeDeployDeployment,
  group: DeploymentGroupRecord,
  status: 'Failed' | 'Stopped',
  rollBack: boolean,
  error: { code: string; message: string }
): void {
  dep.epoch += 1
  dep.status = status
  dep.errorInformation = error
  dep.completeTime = state.time
  for (const event of dep.events) {
    if (event.status === 'InProgress') {
      event.status = 'Failed'
      event.endTime = state.time
    }
  }
  const service = serviceOfGroup(state, group)
  if (!service || !rollBack) return
  // Traffic back to the original task set; the replacement task set goes.
  const blue = taskSet(service, dep.blueId)
  const green = taskSet(service, dep.greenId)
  setWeights(service, dep, 0)
  if (blue) {
    blue.status = 'PRIMARY'
    service.taskDefinitionArn = blue.taskDefinitionArn
  }
  if (green?.taskSet) {
    green.taskSet.scale = 0
    green.status = 'INACTIVE'
    green.rolloutState = 'FAILED'
  }
  const rollbackId = newCodeDeployId()
  const rollbackDeployment: CodeDeployDeployment = {
    ...dep,
    id: rollbackId,
    creator: 'codeDeployRollback',
    status: 'Succeeded',
    createTime: state.time,
    startTime: state.time,
    completeTime: state.time,
    events: dep.events.map(e => ({ ...e, status: 'Succeeded', startTime: state.time, endTime: state.time })),
    rollbackInfo: { rollbackTriggeringDeploymentId: dep.id },
    greenId: dep.blueId,
    blueId: dep.greenId
  }
  delete rollbackDeployment.errorInformation
  state.codeDeploy.deployments.set(rollbackId, rollbackDeployment)
  dep.rollbackInfo = {
    rollbackDeploymentId: rollbackId,
    rollbackMessage: `Automatic rollback triggered: deployment ${rollbackId} rolls back to the original task set.`
  }
  reconcile(state, service)
}

/** A deployment id as CodeDeploy prints it: `d-` and 9 upper-case letters and digits. */
export function newCodeDeployId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  let id = 'd-'
  for (let i = 0; i < 9; i++) id += chars[Math.floor(Math.random() * chars.length)]
  return id
}
