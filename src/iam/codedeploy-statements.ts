// A CODE_DEPLOY service's statements: its CodeDeploy application, deployment group and configuration, exactly.
import { allow, type Scope } from './scope.js'
import type { DeployPolicyInput, PolicyStatement } from './types.js'

export function codeDeployStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const codedeploy = input.codedeploy
  if (!codedeploy) return []
  const codedeployArn = (resource: string) => scope.arn('codedeploy', resource)
  return [
    allow(
      'CodeDeployApplication',
      ['codedeploy:GetApplication', 'codedeploy:RegisterApplicationRevision'],
      codedeployArn(`application:${codedeploy.application}`)
    ),
    allow(
      'CodeDeployDeploymentGroup',
      [
        'codedeploy:GetDeploymentGroup',
        'codedeploy:CreateDeployment',
        'codedeploy:GetDeployment',
        'codedeploy:GetDeploymentTarget',
        ...(codedeploy.stop ? ['codedeploy:StopDeployment'] : []),
        ...(codedeploy.continue ? ['codedeploy:ContinueDeployment'] : [])
      ],
      codedeployArn(`deploymentgroup:${codedeploy.application}/${codedeploy.deploymentGroup}`)
    ),
    allow(
      'CodeDeployDeploymentConfig',
      ['codedeploy:GetDeploymentConfig'],
      codedeployArn(`deploymentconfig:${codedeploy.deploymentConfig}`)
    )
  ]
}
