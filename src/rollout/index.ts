// Following a rollout: the entry points the pipeline calls.
export { watchRollout, type WatchDeps } from './watch.js'
export {
  rollbackService,
  rollbackThroughServiceDeployment,
  type EcsRollbackDeps,
  type RollbackDeps
} from './rollback.js'
export { targetGroupArns } from './drain.js'
export { waitForIdleService, type IdleRequest, type IdleDeps } from './busy.js'
export { busyDeployments } from '../deploy/facts.js'
export type {
  LogSource,
  RolloutOutcome,
  RolloutResult,
  RolloutSource,
  StoppedContainer,
  StoppedTaskReport,
  WatchRequest
} from './types.js'
