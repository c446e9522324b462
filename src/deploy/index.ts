// The deployment seam: the path a service's controller and strategy call for, made from what the run read.
import { createRollingUpdate, type RollingDeps, type RollingRequest } from './rolling.js'
import { chooseDeploymentPath, type DeploymentPath, type DeploymentPathName } from './path.js'
import { createStagedDeployment, type StagedOptions } from './staged.js'

export * from './facts.js'
export * from './path.js'
export { busyRefusal, type RollingDeps, type RollingRequest } from './rolling.js'
export { stagedDoneMeaning, waitUntilProblem, type StagedOptions } from './staged.js'

/** What the plan hands a path: the rolling request, and what a service deployment path needs besides. */
export type DeploymentRequest = RollingRequest & Partial<StagedOptions>

export function createDeploymentPath(
  name: DeploymentPathName,
  request: DeploymentRequest,
  deps: RollingDeps
): DeploymentPath {
  switch (name) {
    case 'ecs-rolling':
      return createRollingUpdate(request, deps)
    case 'ecs-staged': {
      const choice = chooseDeploymentPath(request.described)
      const label = 'label' in choice ? choice.label : 'ECS service deployment'
      const staged = {
        waitUntil: request.waitUntil ?? { kind: 'deployed' as const },
        onPause: request.onPause ?? 'wait'
      }
      return createStagedDeployment({ ...request, ...staged }, deps, label)
    }
  }
}
