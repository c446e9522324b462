// The deployment seam: the path a service's controller and strategy call for, made from what the run read.
import { createRollingUpdate, type RollingDeps, type RollingRequest } from './rolling.js'
import type { CodeDeployApi } from '../aws/codedeploy.js'
import type { CodeDeployDeps, CodeDeployRequest } from './codedeploy.js'
import { CODEDEPLOY_LABEL } from './codedeploy-names.js'
import { chooseDeploymentPath, type DeploymentPath, type DeploymentPathName } from './path.js'
import { createStagedDeployment, type StagedOptions } from './staged.js'

export * from './facts.js'
export * from './path.js'
export { busyRefusal, type RollingDeps, type RollingRequest } from './rolling.js'
export { type StagedOptions } from './staged.js'
export { stagedDoneMeaning, waitUntilProblem } from './staged-plan.js'
export { CODEDEPLOY_LABEL, CodeDeployError } from './codedeploy-names.js'
export type { CodeDeployRequest } from './codedeploy.js'

/** What the plan hands a path: the rolling request, and what a service deployment path needs besides. */
export type DeploymentRequest = RollingRequest & Partial<StagedOptions>

export function createDeploymentPath(
  name: DeploymentPathName,
  request: DeploymentRequest,
  deps: RollingDeps & { codedeploy?: CodeDeployApi },
  codedeploy?: CodeDeployRequest
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
    case 'codedeploy':
      if (!codedeploy || !deps.codedeploy)
        throw new Error('A CodeDeploy deployment needs its request and the CodeDeploy API.')
      return lazyCodeDeployPath(codedeploy, { ...deps, codedeploy: deps.codedeploy })
  }
}

/** The CodeDeploy path, loaded on its first call (a chunk of its own): a rolling update never loads it. */
function lazyCodeDeployPath(request: CodeDeployRequest, deps: CodeDeployDeps): DeploymentPath {
  let made: Promise<DeploymentPath> | undefined
  const path = () => (made ??= import('./codedeploy.js').then(m => m.createCodeDeployPath(request, deps)))
  return {
    label: CODEDEPLOY_LABEL,
    waitForIdle: async () => (await path()).waitForIdle(),
    start: async registered => (await path()).start(registered),
    follow: async (started, registered) => (await path()).follow(started, registered),
    rollBack: async (failed, started, registered) => (await path()).rollBack(failed, started, registered),
    cancel: async started => {
      const loaded = await path()
      return loaded.cancel ? loaded.cancel(started) : 'The CodeDeploy path cannot cancel.'
    }
  }
}
