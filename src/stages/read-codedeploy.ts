// Reading a CODE_DEPLOY service's CodeDeploy set-up before any change; codedeploy-* inputs given for another service.
import type { Connection } from '../aws/connect.js'
import { chooseDeploymentPath } from '../deploy/path.js'
import { inspectCodeDeploy } from '../deploy/codedeploy-inspect.js'
import type { PlanInputs } from '../plan.js'
import type { StageRunner } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import { Inputs, type Settings } from '../settings/index.js'

/**
 * A CODE_DEPLOY service's application, deployment group and configuration, read before any change (the one service
 * of a release; the plan refuses one among `services`). Warns when codedeploy-* inputs are given for another.
 */
export async function readCodeDeploy(
  settings: Settings,
  target: PlanInputs['target'],
  several: boolean,
  aws: Connection,
  stage: StageRunner,
  logger: ActionDeps['logger']
): Promise<PlanInputs['codedeploy']> {
  const service = settings.mode.service
  const choice = target ? chooseDeploymentPath(target.service) : undefined
  if (target && service && !several && choice && 'path' in choice && choice.path === 'codedeploy')
    return stage('Read CodeDeploy', () =>
      inspectCodeDeploy(
        settings.codedeploy,
        settings.cluster,
        service,
        aws.apis.codedeploy,
        logger,
        aws.region
      )
    )
  const given = codeDeployInputsGiven(settings)
  if (target && given.length > 0)
    logger.warning(
      `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} ignored: the service ${target.service.serviceName} does not use the CODE_DEPLOY deployment controller.`,
      { title: 'Input ignored' }
    )
  return undefined
}

/** The codedeploy-* inputs given, by name. */
function codeDeployInputsGiven(settings: Settings): string[] {
  const c = settings.codedeploy
  const given: [string, unknown][] = [
    [Inputs.codedeployAppspec, c.appSpecPath],
    [Inputs.codedeployApplication, c.application],
    [Inputs.codedeployDeploymentGroup, c.deploymentGroup],
    [Inputs.codedeployDeploymentConfig, c.deploymentConfig],
    [Inputs.codedeployDeploymentDescription, c.description]
  ]
  return given.filter(([, value]) => value !== undefined).map(([name]) => name)
}
