// The deployment seam: the path a service's controller and strategy call for, made from what the run read.
import { createRollingUpdate, type RollingDeps, type RollingRequest } from './rolling.js'
import type { DeploymentPath, DeploymentPathName } from './path.js'

export * from './facts.js'
export * from './path.js'
export { busyRefusal, type RollingDeps, type RollingRequest } from './rolling.js'

export function createDeploymentPath(
  name: DeploymentPathName,
  request: RollingRequest,
  deps: RollingDeps
): DeploymentPath {
  switch (name) {
    case 'ecs-rolling':
      return createRollingUpdate(request, deps)
  }
}
