// The simulated timeline: nothing runs in the background. Every call first advances the simulation to
// options.now(), replaying what was scheduled in between at its own (scheduled) time, so tests drive time by hand.
import { AwsError } from '../errors.js'
import type { EcsState } from './state.js'

const maxStoppedTasks = 1000
/** Stopped tasks stay visible for about an hour of ECS time, but never less than this much real time. */
const minStoppedRetentionMs = 5 * 60 * 1000
/** Safety net against a scenario that schedules forever at one instant. */
const maxStepsPerAdvance = 1_000_000

/** Real milliseconds that this many ECS seconds take at the model's speed. */
export function ms(state: EcsState, ecsSeconds: number): number {
  return (ecsSeconds * 1000) / state.options.speed
}

/** Run `run` at the simulated moment `at` (after any step already scheduled for that moment). */
export function schedule(state: EcsState, at: number, run: () => void): void {
  const step = { at, seq: state.seq++, run }
  const index = state.queue.findIndex(s => s.at > at)
  if (index === -1) state.queue.push(step)
  else state.queue.splice(index, 0, step)
}

/** Run every step due by `target` in time order; after each one, `afterStep` lets services react to it. */
export function advanceTo(state: EcsState, target: number, afterStep: () => void): void {
  let steps = 0
  while (state.queue[0] !== undefined && state.queue[0].at <= target) {
    const step = state.queue.shift()!
    state.time = Math.max(state.time, step.at)
    step.run()
    afterStep()
    // A long idle stretch can replay thousands of task lifecycles: keep the stopped ones bounded meanwhile.
    if (++steps % 500 === 0) pruneStoppedTasks(state)
    if (steps > maxStepsPerAdvance)
      throw new AwsError('ServerException', 'The ECS simulation did not settle.', 500)
  }
  state.time = Math.max(state.time, target)
  pruneStoppedTasks(state)
}

function pruneStoppedTasks(state: EcsState): void {
  const retention = Math.max(ms(state, 3600), minStoppedRetentionMs)
  const stopped = [...state.tasks.values()].filter(t => t.lastStatus === 'STOPPED')
  const tooMany = stopped.length - maxStoppedTasks
  stopped
    .sort((a, b) => (a.stoppedAt ?? 0) - (b.stoppedAt ?? 0))
    .forEach((task, index) => {
      if (index < tooMany || (task.stoppedAt ?? 0) < state.time - retention) state.tasks.delete(task.id)
    })
}
