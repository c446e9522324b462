// continue-deployment: a run that answers the pause hook of a service deployment an earlier job left waiting
// (on-pause: exit), and follows it to the end. It deploys nothing, so the inputs that say what to deploy are refused.
import { Inputs, type InputReader } from './names.js'
import type { ContinueMode } from './types.js'

const SERVICE_DEPLOYMENT_ARN =
  /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):service-deployment\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/[A-Za-z0-9_-]+$/

/** Inputs that say what to deploy: they have no place in a run that continues a deployment. */
const DEPLOY_INPUTS = [
  Inputs.taskDefinition,
  Inputs.taskDefinitionFamily,
  Inputs.taskDefinitionArn,
  Inputs.image,
  Inputs.imageTag,
  Inputs.ecrRepository,
  Inputs.containerImages,
  Inputs.runTaskCommand,
  Inputs.services,
  Inputs.desiredCount
] as const

/**
 * The continue mode, when continue-deployment is given (problems added for everything wrong with it); undefined
 * without it. Cluster, service and region must match the ARN's (service and region default to it).
 */
export function readContinueMode(
  input: InputReader,
  given: { cluster: string; service?: string; region?: string; dryRun: boolean; forceNewDeployment: boolean },
  problems: string[]
): ContinueMode | undefined {
  const arn = input(Inputs.continueDeployment)
  const actionRaw = input(Inputs.continueAction)
  if (!arn) {
    if (actionRaw && actionRaw.toLowerCase() !== 'continue')
      problems.push(
        `${Inputs.continueAction} is "${actionRaw}" without ${Inputs.continueDeployment}; give the service deployment to answer.`
      )
    return undefined
  }
  const action = (actionRaw || 'continue').toLowerCase()
  if (action !== 'continue' && action !== 'rollback')
    problems.push(`${Inputs.continueAction} is "${actionRaw}"; use continue or rollback.`)
  const extra = DEPLOY_INPUTS.filter(name => input(name) !== '')
  if (extra.length > 0)
    problems.push(
      `${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} set together with ${Inputs.continueDeployment}, which deploys nothing: ` +
        'it answers the pause hook of a deployment an earlier run started. Run them in separate steps.'
    )
  if (given.dryRun)
    problems.push(
      `dry-run is true together with ${Inputs.continueDeployment}; a dry run cannot answer a pause hook.`
    )
  if (given.forceNewDeployment)
    problems.push(
      `force-new-deployment is true together with ${Inputs.continueDeployment}, which starts no deployment.`
    )
  const parts = SERVICE_DEPLOYMENT_ARN.exec(arn)
  if (!parts) {
    problems.push(
      `${Inputs.continueDeployment} is "${arn}"; give a service deployment ARN, e.g. the service-deployment-arn output of the run that paused ` +
        '(arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl).'
    )
    return undefined
  }
  const [, region = '', , cluster = '', service = ''] = parts
  const short = (name: string) => name.slice(name.lastIndexOf('/') + 1)
  if (short(given.cluster) !== cluster)
    problems.push(
      `${Inputs.continueDeployment} is a deployment of cluster ${cluster}, but cluster is "${given.cluster}"; set cluster: ${cluster}.`
    )
  if (given.service !== undefined && short(given.service) !== service)
    problems.push(
      `${Inputs.continueDeployment} is a deployment of service ${service}, but service is "${given.service}".`
    )
  if (given.region !== undefined && given.region !== region)
    problems.push(
      `${Inputs.continueDeployment} is a deployment in ${region}, but aws-region is "${given.region}".`
    )
  return {
    kind: 'continue',
    service: given.service ?? service,
    region: given.region ?? region,
    serviceDeploymentArn: arn,
    action: action === 'rollback' ? 'ROLLBACK' : 'CONTINUE'
  }
}
