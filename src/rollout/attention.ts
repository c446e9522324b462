// Attention follows change: how often the staged (ECS) and CodeDeploy watches look during a wait. For the two
// minutes after the deployment last changed (traffic moved, a stage or a hook began: when an alarm fires or a hook
// answers) a look every 0.75 s, so a verdict comes within a second; after that one every 3 s (an alarm deep in a
// long bake is seen within 3 s), which keeps a long deployment under one status call per 2 s on average. Pure.

export const ATTENTIVE_FOR_MS = 120_000
export const ATTENTIVE_MS = 750
export const QUIET_MS = 3_000
/** DescribeServices (the service's events) when nothing changed: this often, and less often once quiet. */
export const EVENTS_EVERY_MS = 15_000
export const QUIET_EVENTS_MS = 60_000

/** Long past the last change. */
export function isQuiet(sinceChangeMs: number): boolean {
  return sinceChangeMs >= ATTENTIVE_FOR_MS
}

/** Milliseconds between looks in a wait, away from any known end. */
export function waitPace(sinceChangeMs: number): number {
  return isQuiet(sinceChangeMs) ? QUIET_MS : ATTENTIVE_MS
}

/** Milliseconds between reads of the service's events when nothing changed. */
export function eventsEvery(quiet: boolean): number {
  return quiet ? QUIET_EVENTS_MS : EVENTS_EVERY_MS
}
