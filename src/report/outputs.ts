// The step's outputs, from the record of the run: what it got to, also when it failed.
import { Outputs, type OutputName } from '../settings/index.js'
import type { Ending, RunRecord } from './record.js'

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
    [Outputs.hookId, record.rollout?.hookId]
  ]
  return values.flatMap(([name, value]) =>
    value === undefined || value === '' ? [] : [[name, String(value)]]
  )
}
