// The BLUE_GREEN, LINEAR and CANARY deployment engine: the new (green) revision scales up beside the old (blue)
// one, takes test traffic, then production traffic (all at once, in linear steps, or a canary first), bakes with
// both revisions running, and the blue one is cleaned up. Each lifecycle stage runs its hooks (staged-hooks.ts);
// a failed hook, a triggered alarm, the circuit breaker or a request rolls the deployment back to the blue revision.
import { ms, schedule } from './clock.js'
import {
  placeTasks,
  retireDrainedDeployments,
  setRolloutState,
  type DeploymentEngine
} from './deployments.js'
import { deploymentTasks } from './lookup.js'
import { rollingEngine } from './rolling.js'
import { circuitBreakerThreshold, messages } from './rules.js'
import { addEvent } from './service-events.js'
import { startHooks, scheduleAlarms, triggerStageAlarms, hooksPassed } from './staged-hooks.js'
import type { DeploymentRecord, EcsState, ServiceRecord, StagedDeployment } from './state.js'
import { bakeTimeMinutes, trafficSteps } from './strategy-config.js'
import { stopTasks } from './task-stop.js'

export const stagedEngine: DeploymentEngine = { reconcile, tasksFailed, rollBack: startRollback }

export const lifecycleStages = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
]
const finalStatuses = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']
const scaleUp = lifecycleStages.indexOf('SCALE_UP')

/** The service's staged deployment that has not ended yet, if any. */
export function ongoingStaged(service: ServiceRecord): DeploymentRecord | undefined {
  return service.history.find(d => d.staged !== undefined && !finalStatuses.includes(d.staged.status))
}

const running = (state: EcsState, service: ServiceRecord, d: DeploymentRecord) =>
  deploymentTasks(state, service, d).filter(t => t.desiredStatus === 'RUNNING')

function reconcile(state: EcsState, service: ServiceRecord): void {
  if (service.status !== 'ACTIVE') {
    rollingEngine.reconcile(state, service)
    return
  }
  const primary = service.deployments[0]
  if (primary && !primary.staged && primary.rolloutState === 'IN_PROGRESS') begin(state, service, primary)
  const d = ongoingStaged(service)
  const s = d?.staged
  if (!d || !s) keepAtDesired(state, service)
  else if (s.status === 'PENDING' || s.status === 'IN_PROGRESS') progress(state, service, d, s)
  else if (s.status === 'ROLLBACK_IN_PROGRESS') keepAtDesired(state, service)
  retireDrainedDeployments(state, service)
  if (d && s?.status === 'ROLLBACK_IN_PROGRESS') finishRollback(state, service, d, s)
  if (d && s?.lifecycleStage === 'CLEAN_UP' && s.status === 'IN_PROGRESS') finishCleanUp(state, service, d, s)
}

/** A new service deployment: PENDING now, IN_PROGRESS at its first stage. Any older one still going is stopped. */
function begin(state: EcsState, service: ServiceRecord, d: DeploymentRecord): void {
  for (const older of service.history) {
    if (older === d || !older.staged || finalStatuses.includes(older.staged.status)) continue
    older.staged.status = 'STOPPED'
    older.staged.statusReason = messages.superseded
    older.staged.stoppedAt = state.time
    older.staged.epoch += 1
  }
  const staged: StagedDeployment = {
    status: 'PENDING',
    statusReason: messages.inProgress(d.id),
    stageWorkDone: false,
    hooks: [],
    testWeight: 0,
    productionWeight: 0,
    triggeredAlarms: [],
    breakerTriggered: false,
    epoch: 0
  }
  d.staged = staged
  // RECONCILE_SERVICE only happens when the deployment starts with more than one service revision ACTIVE.
  const reconciling = d.sourceIds.filter(id => service.deployments.some(o => o.id === id)).length > 1
  later(state, d, state.scenario.stageSeconds, () => {
    staged.status = 'IN_PROGRESS'
    enterStage(state, service, d, reconciling ? 'RECONCILE_SERVICE' : 'PRE_SCALE_UP')
  })
  scheduleAlarms(state, service, d, reasons(state, service, d))
}

/** Run `run` after this many ECS seconds unless the deployment has changed course (a rollback, a stop) by then. */
function later(state: EcsState, d: DeploymentRecord, ecsSeconds: number, run: () => void): void {
  const epoch = d.staged?.epoch
  schedule(state, state.time + ms(state, ecsSeconds), () => {
    if (d.staged?.epoch === epoch) run()
  })
}

function enterStage(state: EcsState, service: ServiceRecord, d: DeploymentRecord, stage: string): void {
  const s = d.staged
  if (!s || s.status !== 'IN_PROGRESS') return
  s.lifecycleStage = stage
  s.stageWorkDone = false
  d.updatedAt = state.time
  const callbacks = reasons(state, service, d)
  startHooks(state, service, d, stage, callbacks)
  triggerStageAlarms(state, service, d, stage, callbacks)
  if (s.status !== 'IN_PROGRESS') return
  const done = (): void => {
    s.stageWorkDone = true
    advance(state, service, d)
  }
  const stageSeconds = state.scenario.stageSeconds
  const extra = service.deploymentConfiguration.extra
  // A service's first revision has nothing to shift traffic from or bake against.
  const first = !service.deployments.some(other => other !== d && d.sourceIds.includes(other.id))
  if (stage === 'SCALE_UP' || stage === 'CLEAN_UP') {
    schedule(state, state.time, () => reconcile(state, service))
  } else if (stage === 'TEST_TRAFFIC_SHIFT') {
    later(state, d, stageSeconds, () => {
      s.testWeight = 100
      done()
    })
  } else if (stage === 'PRODUCTION_TRAFFIC_SHIFT') {
    const steps = first ? [{ weight: 100, waitMinutes: 0 }] : trafficSteps(extra)
    let index = 0
    const next = (): void => {
      const step = steps[index++]
      if (!step) return
      s.productionWeight = step.weight
      d.updatedAt = state.time
      if (index >= steps.length) done()
      else later(state, d, step.waitMinutes * 60, next)
    }
    later(state, d, stageSeconds, next)
  } else if (stage === 'BAKE_TIME') {
    later(state, d, first ? 0 : bakeTimeMinutes(extra) * 60, done)
  } else {
    later(state, d, stageSeconds, done)
  }
}

/** On to the next stage once this stage's work is done and its hooks let it go on. */
function advance(state: EcsState, service: ServiceRecord, d: DeploymentRecord): void {
  const s = d.staged
  if (!s || s.status !== 'IN_PROGRESS' || !s.stageWorkDone || !hooksPassed(s)) return
  const next = lifecycleStages[lifecycleStages.indexOf(s.lifecycleStage ?? '') + 1]
  if (next === undefined) return
  s.stageWorkDone = false
  later(state, d, 0, () => enterStage(state, service, d, next))
}

/** The callbacks hooks and alarms use to move the deployment on or back. */
function reasons(state: EcsState, service: ServiceRecord, d: DeploymentRecord) {
  return {
    advance: () => advance(state, service, d),
    rollBack: (reason: string) => startRollback(state, service, d, reason),
    fail: (reason: string) => stopFailed(state, service, d, reason)
  }
}

/** From SCALE_UP on, the green revision runs the desired count; SCALE_UP ends once all of it is healthy. */
function progress(state: EcsState, service: ServiceRecord, d: DeploymentRecord, s: StagedDeployment): void {
  const stage = lifecycleStages.indexOf(s.lifecycleStage ?? '')
  if (stage < scaleUp) return
  const green = running(state, service, d)
  const missing = service.desiredCount - green.length
  if (missing > 0) placeTasks(state, service, d, missing, () => reconcile(state, service))
  if (missing < 0)
    stopTasks(
      state,
      green.slice(0, -missing),
      messages.scalingActivity(d.id),
      'ServiceSchedulerInitiated',
      service
    )
  if (s.lifecycleStage === 'SCALE_UP' && !s.stageWorkDone) {
    const healthy = green.filter(t => t.healthy).length
    if (healthy >= service.desiredCount) {
      s.stageWorkDone = true
      advance(state, service, d)
    }
  }
  if (s.lifecycleStage === 'CLEAN_UP') {
    for (const blue of service.deployments.filter(other => other !== d)) {
      const tasks = running(state, service, blue)
      if (tasks.length > 0)
        stopTasks(state, tasks, messages.scalingActivity(d.id), 'ServiceSchedulerInitiated', service)
    }
  }
}

/** No deployment going on: the primary revision keeps the desired count. */
function keepAtDesired(state: EcsState, service: ServiceRecord): void {
  const primary = service.deployments[0]
  if (!primary) return
  const tasks = running(state, service, primary)
  const missing = service.desiredCount - tasks.length
  if (missing > 0) placeTasks(state, service, primary, missing, () => reconcile(state, service))
  if (missing < 0)
    stopTasks(
      state,
      tasks.slice(0, -missing),
      messages.scalingActivity(primary.id),
      'ServiceSchedulerInitiated',
      service
    )
  const steady =
    tasks.length === service.desiredCount && tasks.every(t => t.healthy) && service.deployments.length === 1
  if (steady && !service.steady) {
    service.steady = true
    addEvent(state, service, messages.steadyState(service.name))
  } else if (!steady) service.steady = false
}

function finishCleanUp(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  s: StagedDeployment
): void {
  if (service.deployments.length > 1 || service.deployments[0] !== d) return
  s.status = 'SUCCESSFUL'
  s.statusReason = messages.completed(d.id)
  s.finishedAt = state.time
  setRolloutState(state, d, 'COMPLETED', messages.completed(d.id))
  d.finishedAt = state.time
  service.lastCompleted = d
  addEvent(state, service, messages.deploymentCompleted(service.name, d.id))
  keepAtDesired(state, service)
}

/** Rolls the deployment back: ROLLBACK_REQUESTED, then traffic returns to the source revision and green stops. */
export function startRollback(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  reason: string
): void {
  const s = d.staged
  if (!s || !['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED'].includes(s.status)) return
  s.epoch += 1
  s.status = 'ROLLBACK_REQUESTED'
  s.statusReason = reason
  setRolloutState(state, d, 'FAILED', reason)
  d.finishedAt = state.time
  addEvent(state, service, messages.serviceDeploymentFailed(service.name, d.id, reason))
  // Back to the revision that last completed among those the deployment started from.
  const source = service.deployments.find(
    other => other !== d && d.sourceIds.includes(other.id) && other.rolloutState === 'COMPLETED'
  )
  if (!source) {
    s.status = 'ROLLBACK_FAILED'
    s.statusReason = `${reason} ${messages.nothingToRollBackTo}`
    s.finishedAt = state.time
    return
  }
  s.rollback = { reason, startedAt: state.time, toId: source.id }
  later(state, d, state.scenario.stageSeconds, () => {
    s.status = 'ROLLBACK_IN_PROGRESS'
    s.productionWeight = 0
    s.testWeight = 0
    d.updatedAt = state.time
    addEvent(state, service, messages.rollingBack(service.name, source.id))
    if (state.scenario.rollbackFails) {
      later(state, d, state.scenario.stageSeconds, () => {
        s.status = 'ROLLBACK_FAILED'
        s.statusReason = messages.rollbackFailed(source.id)
        s.finishedAt = state.time
      })
      return
    }
    service.deployments = [source, ...service.deployments.filter(other => other !== source)]
    source.status = 'PRIMARY'
    d.status = 'ACTIVE'
    service.taskDefinitionArn = source.taskDefinitionArn
    service.steady = false
    const green = running(state, service, d)
    if (green.length > 0)
      stopTasks(state, green, messages.scalingActivity(source.id), 'ServiceSchedulerInitiated', service)
    reconcile(state, service)
  })
}

function finishRollback(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  s: StagedDeployment
): void {
  if (service.deployments.includes(d)) return
  const primary = service.deployments[0]
  if (!primary || running(state, service, primary).filter(t => t.healthy).length < service.desiredCount)
    return
  s.status = 'ROLLBACK_SUCCESSFUL'
  s.finishedAt = state.time
  keepAtDesired(state, service)
}

/** A failure with no rollback configured: STOP_REQUESTED, then STOPPED where it stands. */
function stopFailed(state: EcsState, service: ServiceRecord, d: DeploymentRecord, reason: string): void {
  const s = d.staged
  if (!s || (s.status !== 'IN_PROGRESS' && s.status !== 'PENDING')) return
  s.epoch += 1
  s.status = 'STOP_REQUESTED'
  s.statusReason = reason
  setRolloutState(state, d, 'FAILED', reason)
  addEvent(state, service, messages.serviceDeploymentFailed(service.name, d.id, reason))
  later(state, d, state.scenario.stageSeconds, () => {
    s.status = 'STOPPED'
    s.stoppedAt = state.time
    s.finishedAt = state.time
    d.finishedAt = state.time
  })
}

function tasksFailed(state: EcsState, service: ServiceRecord, deploymentId: string, count: number): void {
  const d = service.history.find(h => h.id === deploymentId)
  if (!d) return
  d.failedTasks += count
  d.updatedAt = state.time
  const s = d.staged
  const breaker = service.deploymentConfiguration.circuitBreaker
  if (!s || !breaker.enable || (s.status !== 'IN_PROGRESS' && s.status !== 'PENDING')) return
  if (d.failedTasks < circuitBreakerThreshold(service.desiredCount, breaker.thresholdConfiguration)) return
  s.breakerTriggered = true
  if (breaker.rollback) startRollback(state, service, d, messages.circuitBreakerFailed)
  else stopFailed(state, service, d, messages.circuitBreakerFailed)
}

/** ContinueServiceDeployment on an AWAITING_ACTION pause hook. */
export function continueHook(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  hookId: string,
  action: 'CONTINUE' | 'ROLLBACK'
): void {
  const hook = d.staged?.hooks.find(h => h.hookId === hookId)
  if (!hook) return
  if (action === 'CONTINUE') {
    hook.status = 'SUCCEEDED'
    advance(state, service, d)
  } else {
    hook.status = 'FAILED'
    startRollback(state, service, d, messages.rollbackByContinue(hookId))
  }
}
