// The IAM authorizations each CodeDeploy operation needs, after the Service Authorization Reference: the
// application, deployment group or deployment configuration ARN (pure but for finding a deployment's group).
import type { IamCheck } from '../contract.js'
import type { Account } from '../ecs/arns.js'
import type { Json } from '../ecs/input.js'

const prefix = (a: Account): string => `arn:aws:codedeploy:${a.region}:${a.accountId}`

export const codeDeployArns = {
  application: (a: Account, app: string): string => `${prefix(a)}:application:${app}`,
  deploymentGroup: (a: Account, app: string, group: string): string =>
    `${prefix(a)}:deploymentgroup:${app}/${group}`,
  deploymentConfig: (a: Account, config: string): string => `${prefix(a)}:deploymentconfig:${config}`
}

const str = (input: Json, field: string): string => (typeof input[field] === 'string' ? input[field] : '')

/** `groupOfDeployment` finds the application and group of a deployment id (undefined: unknown id). */
export function codeDeployIamChecks(
  account: Account,
  operation: string,
  input: Json,
  groupOfDeployment: (id: string) => { app: string; group: string } | undefined
): IamCheck[] {
  const action = `codedeploy:${operation}`
  switch (operation) {
    case 'CreateApplication':
    case 'GetApplication':
    case 'RegisterApplicationRevision':
    case 'GetApplicationRevision':
      return [{ action, resource: codeDeployArns.application(account, str(input, 'applicationName')) }]
    case 'CreateDeploymentGroup': {
      const checks: IamCheck[] = [
        {
          action,
          resource: codeDeployArns.deploymentGroup(
            account,
            str(input, 'applicationName'),
            str(input, 'deploymentGroupName')
          )
        }
      ]
      const role = str(input, 'serviceRoleArn')
      if (role !== '')
        checks.push({
          action: 'iam:PassRole',
          resource: role,
          context: { 'iam:PassedToService': 'codedeploy.amazonaws.com' }
        })
      return checks
    }
    case 'GetDeploymentGroup':
    case 'CreateDeployment':
      return [
        {
          action,
          resource: codeDeployArns.deploymentGroup(
            account,
            str(input, 'applicationName'),
            str(input, 'deploymentGroupName')
          )
        }
      ]
    case 'GetDeploymentConfig':
      return [
        { action, resource: codeDeployArns.deploymentConfig(account, str(input, 'deploymentConfigName')) }
      ]
    case 'GetDeployment':
    case 'GetDeploymentTarget':
    case 'ListDeploymentTargets':
    case 'StopDeployment':
    case 'ContinueDeployment': {
      const found = groupOfDeployment(str(input, 'deploymentId'))
      // An unknown deployment id is checked against every deployment group, then answered DeploymentDoesNotExistException.
      const resource = found
        ? codeDeployArns.deploymentGroup(account, found.app, found.group)
        : codeDeployArns.deploymentGroup(account, '*', '*')
      return [{ action, resource }]
    }
    default:
      return [{ action, resource: '*' }]
  }
}
