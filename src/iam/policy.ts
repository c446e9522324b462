// The least-privilege IAM policy one deploy needs, decided from the deploy's own settings (pure): the statements of
// each concern (image, task definitions and services, CodeDeploy, service deployments, the one-off task, logs and
// roles, verify) in one order. Scopes follow the Service Authorization Reference: task definition actions and
// ecr:GetAuthorizationToken support no resource-level permissions ("*"); services, repositories, log streams and
// roles do.
import { codeDeployStatements } from './codedeploy-statements.js'
import { imageStatements } from './image-statements.js'
import { runTaskStatements } from './run-task-statements.js'
import { scopeOf } from './scope.js'
import { serviceDeploymentStatements } from './service-deployment-statements.js'
import {
  logsAndRolesStatements,
  readTasksStatements,
  targetGroupStatements,
  taskDefinitionStatements,
  updateServiceStatements
} from './service-statements.js'
import type { DeployPolicyInput, PolicyDocument } from './types.js'
import { verifyStatements } from './verify-statements.js'

export function deployPolicy(input: DeployPolicyInput): PolicyDocument {
  const scope = scopeOf(input)
  return {
    Version: '2012-10-17',
    Statement: [
      ...imageStatements(input, scope),
      ...taskDefinitionStatements(input, scope),
      ...updateServiceStatements(input, scope),
      ...codeDeployStatements(input, scope),
      ...readTasksStatements(input, scope),
      ...serviceDeploymentStatements(input, scope),
      ...targetGroupStatements(input),
      ...runTaskStatements(input, scope),
      ...logsAndRolesStatements(input, scope),
      ...verifyStatements(input, scope)
    ]
  }
}

/** Each statement's Sid and actions: what an end-to-end test removes one at a time to prove each is needed. */
export function policyStatements(policy: PolicyDocument): { sid: string; actions: string[] }[] {
  return policy.Statement.map(s => ({ sid: s.Sid, actions: [...s.Action] }))
}

/** The same policy without one statement. */
export function withoutStatement(policy: PolicyDocument, sid: string): PolicyDocument {
  return { ...policy, Statement: policy.Statement.filter(s => s.Sid !== sid) }
}
