// The deployment seam: the path a service's controller and strategy call for, made from what the run read.
import { createRollingUpdate, type RollingDeps, type RollingRequest } from './rolling.js'
import type { CodeDeployApi } from '../aws/codedeploy.js'
import type { CodeDeployDeps, CodeDeployRequest } from './codedeploy.js'
import { CODEDEPLOY_LABEL } from './codedeploy-names.js'
import type { DeploymentPath, DeploymentPathName } from './path.js'

export * from './facts.js'
export * from './path.js'
export { busyRefusal, type RollingDeps, type RollingRequest } from './rolling.js'
export { CODEDEPLOY_LABEL, CodeDeployError } from './codedeploy-names.js'
export type { CodeDeployRequest } from './codedeploy.js'

export function createDeploymentPath(
  name: DeploymentPathName,
  request: RollingRequest,
  deps: RollingDeps & { codedeploy?: CodeDeployApi },
  codedeploy?: CodeDeployRequest
): DeploymentPath {
  switch (name) {
    case 'ecs-rolling':
      return createRollingUpdate(request, deps)
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
