// Lifecycle hooks and deployment alarms of a BLUE_GREEN/LINEAR/CANARY deployment, as the scenario scripts them:
// an AWS_LAMBDA hook answers SUCCEEDED, FAILED or IN_PROGRESS (ECS calls it again until it answers or times out);
// a PAUSE hook waits in AWAITING_ACTION for ContinueServiceDeployment until expiresAt, then takes its timeout action.
import { randomBytes } from 'node:crypto'
import { ms, schedule } from './clock.js'
import { messages } from './rules.js'
import type { DeploymentRecord, EcsState, HookRun, ServiceRecord, StagedDeployment } from './state.js'
import { alarmsConfig, lifecycleHooks } from './strategy-config.js'

export interface HookCallbacks {
  advance(): void
  rollBack(reason: string): void
  fail(reason: string): void
}

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A Lambda hook's id (32 base32 characters, as the API reference's examples) or a pause hook's (`ecs-pause-...`). */
function newHookId(pause: boolean): string {
  if (pause) return `ecs-pause-${randomBytes(32).toString('base64url').slice(0, 43)}`
  return [...randomBytes(32)].map(b => base32[b % 32]).join('')
}

/** The stage's hooks have all succeeded (or timed out with CONTINUE). */
export function hooksPassed(s: StagedDeployment): boolean {
  return s.hooks
    .filter(h => h.stage === s.lifecycleStage)
    .every(h => h.status === 'SUCCEEDED' || (h.status === 'TIMED_OUT' && h.timeoutAction === 'CONTINUE'))
}

/** Invoke every hook configured for this stage. */
export function startHooks(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  stage: string,
  on: HookCallbacks
): void {
  const s = d.staged
  if (!s) return
  for (const hook of lifecycleHooks(service.deploymentConfiguration.extra)) {
    if (!hook.stages.includes(stage)) continue
    const pause = hook.targetType === 'PAUSE'
    const run: HookRun = {
      hookId: newHookId(pause),
      targetType: hook.targetType,
      stage,
      status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
      timeoutAction: hook.timeoutAction,
      expiresAt: state.time + ms(state, hook.timeoutMinutes * 60)
    }
    if (hook.hookTargetArn !== undefined) run.targetArn = hook.hookTargetArn
    s.hooks.push(run)
    const epoch = s.epoch
    const at = (ecsSeconds: number, step: () => void): void =>
      schedule(state, state.time + ms(state, ecsSeconds), () => {
        if (s.epoch === epoch && s.status === 'IN_PROGRESS' && !ended(run)) step()
      })
    at(hook.timeoutMinutes * 60, () => {
      run.status = 'TIMED_OUT'
      if (run.timeoutAction === 'CONTINUE') on.advance()
      else on.rollBack(messages.hookTimedOut(run.targetArn ?? run.hookId, stage))
    })
    if (pause) continue
    const script = state.scenario.lambdaHooks.find(
      h =>
        (h.stage === undefined || h.stage === stage) &&
        (h.targetArn === undefined || (run.targetArn ?? '').includes(h.targetArn))
    )
    const answer = (status: 'SUCCEEDED' | 'FAILED'): void => {
      run.status = status
      if (status === 'SUCCEEDED') on.advance()
      else on.rollBack(messages.hookFailed(run.targetArn ?? run.hookId, stage))
    }
    const after = script?.afterSeconds ?? state.scenario.stageSeconds
    if (!script || script.status === 'SUCCEEDED') at(after, () => answer('SUCCEEDED'))
    else if (script.status === 'FAILED') at(after, () => answer('FAILED'))
    else if (script.inProgressSeconds !== undefined)
      at(script.inProgressSeconds, () => answer(script.then ?? 'SUCCEEDED'))
  }
}

function ended(run: HookRun): boolean {
  return run.status !== 'IN_PROGRESS' && run.status !== 'AWAITING_ACTION'
}

/** Scripted alarms that fire a time after the deployment started. */
export function scheduleAlarms(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  on: HookCallbacks
): void {
  for (const alarm of state.scenario.alarms) {
    if (alarm.afterSeconds === undefined) continue
    schedule(state, state.time + ms(state, alarm.afterSeconds), () => alarmFired(service, d, alarm.name, on))
  }
}

/** Scripted alarms that fire when the deployment reaches this stage. */
export function triggerStageAlarms(
  state: EcsState,
  service: ServiceRecord,
  d: DeploymentRecord,
  stage: string,
  on: HookCallbacks
): void {
  for (const alarm of state.scenario.alarms) {
    if (alarm.stage === stage) alarmFired(service, d, alarm.name, on)
  }
}

/** An alarm the deployment watches went into ALARM: roll back (alarms.rollback) or stop the deployment. */
function alarmFired(service: ServiceRecord, d: DeploymentRecord, name: string, on: HookCallbacks): void {
  const s = d.staged
  const alarms = alarmsConfig(service.deploymentConfiguration.extra)
  if (!s || !alarms.enable || !alarms.names.includes(name)) return
  if (s.status !== 'IN_PROGRESS' && s.status !== 'PENDING') return
  if (!s.triggeredAlarms.includes(name)) s.triggeredAlarms.push(name)
  const reason = messages.alarmTriggered(s.triggeredAlarms)
  if (alarms.rollback) on.rollBack(reason)
  else on.fail(reason)
}
