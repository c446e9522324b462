// The deployment seam: the path a service's controller and strategy call for, made from what the run read.
import { createRollingUpdate, type RollingDeps, type RollingRequest } from './rolling.js'
import type { CodeDeployApi } from '../aws/codedeploy.js'
import { createCodeDeployPath, type CodeDeployRequest } from './codedeploy.js'
import type { DeploymentPath, DeploymentPathName } from './path.js'

export * from './facts.js'
export * from './path.js'
export { busyRefusal, type RollingDeps, type RollingRequest } from './rolling.js'
export { CODEDEPLOY_LABEL, CodeDeployError, type CodeDeployRequest } from './codedeploy.js'

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
      return createCodeDeployPath(codedeploy, { ...deps, codedeploy: deps.codedeploy })
  }
}
