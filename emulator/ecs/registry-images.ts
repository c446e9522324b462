// Which images exist in the registry, asked before the simulation runs (the lookup is async, the simulation is not).
import { isObject, type Json } from './input.js'
import { containersOf, findTaskDefinition } from './lookup.js'
import type { EcsState, TaskDefinitionRecord } from './state.js'

/** Ask the registry about images that deployments may launch now: the services', this call's and the scenario's. */
export async function refreshImages(state: EcsState, input: Json): Promise<void> {
  const registry = state.options.images
  if (!registry) return
  const images = new Set<string>()
  const addFrom = (td: TaskDefinitionRecord | undefined): void => {
    for (const c of containersOf(td)) images.add(c.image)
  }
  for (const service of state.services.values()) {
    for (const d of service.deployments) addFrom(findTaskDefinition(state, d.taskDefinitionArn))
  }
  if (typeof input.taskDefinition === 'string') addFrom(findTaskDefinition(state, input.taskDefinition))
  if (isObject(state.scenario.concurrentDeployment) && state.scenario.concurrentDeployment.taskDefinition) {
    addFrom(findTaskDefinition(state, state.scenario.concurrentDeployment.taskDefinition))
  }
  for (const image of images) {
    if (state.imageExists.get(image) === true) continue
    state.imageExists.set(image, await registry.exists(image))
  }
}
