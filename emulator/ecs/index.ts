// The stand-in's ECS model, behind the seam in emulator/contract.ts.
import type { EcsModel, EcsModelOptions } from '../contract.js'
import { EcsSimulation } from './model.js'

export function createEcsModel(options: EcsModelOptions): EcsModel {
  return new EcsSimulation(options)
}

export type { EcsScenario, ScenarioFailure } from './scenario.js'
export { circuitBreakerThreshold } from './rules.js'
