// The CODE_DEPLOY services' statements: each one's CodeDeploy application, deployment group and configuration,
// exactly (one statement per kind, listing every service's own).
import { allow, one, unique, type Scope } from './scope.js'
import { servicesOf } from './service-statements.js'
import type { CodeDeployPolicyInput, DeployPolicyInput, PolicyStatement } from './types.js'

export function codeDeployStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  const deployed = servicesOf(input).flatMap(s => s.codedeploy ?? [])
  if (deployed.length === 0) return []
  const codedeployArn = (resource: string) => scope.arn('codedeploy', resource)
  const arns = (of: (c: CodeDeployPolicyInput) => string) =>
    one(unique(deployed.map(c => codedeployArn(of(c)))))
  // stop and continue follow the run's inputs (rollback-on-failure, on-cancel, on-pause): the same for every group.
  const stop = deployed.some(c => c.stop)
  const resume = deployed.some(c => c.continue)
  return [
    allow(
      'CodeDeployApplication',
      ['codedeploy:GetApplication', 'codedeploy:RegisterApplicationRevision'],
      arns(c => `application:${c.application}`)
    ),
    allow(
      'CodeDeployDeploymentGroup',
      [
        'codedeploy:GetDeploymentGroup',
        'codedeploy:CreateDeployment',
        'codedeploy:GetDeployment',
        'codedeploy:GetDeploymentTarget',
        ...(stop ? ['codedeploy:StopDeployment'] : []),
        ...(resume ? ['codedeploy:ContinueDeployment'] : [])
      ],
      arns(c => `deploymentgroup:${c.application}/${c.deploymentGroup}`)
    ),
    allow(
      'CodeDeployDeploymentConfig',
      ['codedeploy:GetDeploymentConfig'],
      arns(c => `deploymentconfig:${c.deploymentConfig}`)
    )
  ]
}
