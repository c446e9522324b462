// The step's outputs, from the record of the run: what it got to, also when it failed.
import { Outputs, type OutputName } from '../settings/index.js'
import { serviceState, type Ending, type RunRecord } from './record.js'

/** Every output the run has a value for, in action.yml's order. */
export function outputsOf(record: RunRecord, ending: Ending): [OutputName, string][] {
  const { plan, image, registered, started } = record
  const values: [OutputName, string | number | undefined][] = [
    [
      Outputs.image,
      image && (plan?.source.tag ? `${plan.source.repositoryUri}:${plan.source.tag}` : image.uri)
    ],
    [Outputs.imageDigest, image?.digest],
    [Outputs.imageTag, image && plan?.source.tag],
    [Outputs.taskDefinition, record.renderedPath],
    [Outputs.taskDefinitionArn, registered?.arn],
    [Outputs.taskDefinitionRevision, registered?.revision],
    [Outputs.deploymentId, started?.id],
    [Outputs.previousTaskDefinitionArn, record.baseline?.target?.service.taskDefinition],
    [Outputs.rolloutState, ending.rolloutState],
    [Outputs.iamPolicy, plan?.iamPolicy],
    [Outputs.runTaskArn, record.runTask?.taskArn],
    [Outputs.runTaskExitCode, record.runTask?.verdict.exitCode],
    [Outputs.serviceDeploymentArn, started?.serviceDeploymentArn],
    [Outputs.hookId, record.rollout?.hookId],
    [Outputs.codedeployDeploymentId, started?.codedeployDeploymentId],
    [Outputs.serviceDeploymentArn, started?.serviceDeploymentArn],
    [Outputs.services, record.services && servicesOutput(record)]
  ]
  return values.flatMap(([name, value]) =>
    value === undefined || value === '' ? [] : [[name, String(value)]]
  )
}

/** The `services` output: per service, what the single-service outputs say of one. */
function servicesOutput(record: RunRecord): string | undefined {
  const services = record.services ?? []
  if (services.length === 0) return undefined
  const followed = record.settings?.waitForServiceStability ?? true
  const map = Object.fromEntries(
    services.map(s => [
      s.name,
      {
        cluster: s.cluster,
        service: s.service,
        'task-definition-arn': s.registered?.arn,
        'task-definition-revision': s.registered?.revision,
        'deployment-id': s.started?.id,
        'rollout-state': serviceState(s, followed, !!record.cancellation),
        'previous-task-definition-arn': s.previousArn
      }
    ])
  )
  return JSON.stringify(map)
}
