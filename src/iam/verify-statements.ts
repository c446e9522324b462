// verify: full looks up what the task definitions reference: log groups, secrets (metadata only), parameters, roles.
import type { FullReferences } from '../verify/findings.js'
import { allow, type Scope } from './scope.js'
import type { DeployPolicyInput, PolicyStatement } from './types.js'

export function verifyStatements(input: DeployPolicyInput, scope: Scope): PolicyStatement[] {
  if (input.verify !== 'full' || !input.verifyReferences) return []
  const all = [input.verifyReferences, ...(input.otherServices ?? []).flatMap(o => o.verifyReferences ?? [])]
  const refs: FullReferences = {
    logGroups: all.flatMap(r => r.logGroups),
    secrets: all.flatMap(r => r.secrets),
    parameters: all.flatMap(r => r.parameters),
    roles: all.flatMap(r => r.roles)
  }
  const statements: PolicyStatement[] = []
  const regions = [...new Set(refs.logGroups.map(g => g.region ?? input.region))]
  if (regions.length > 0)
    statements.push(
      allow(
        'VerifyLogGroups',
        ['logs:DescribeLogGroups'],
        regions.map(r => scope.arn('logs', 'log-group:*', r))
      )
    )
  // A valueFrom may name a secret by its full ARN or without ECS's random suffix: allow both spellings.
  const secrets = [...new Set(refs.secrets.flatMap(s => [s.id, `${s.id}-??????`]))]
  if (secrets.length > 0) statements.push(allow('VerifySecrets', ['secretsmanager:DescribeSecret'], secrets))
  if (refs.parameters.length > 0) statements.push(allow('VerifyParameters', ['ssm:DescribeParameters'], '*'))
  const verifyRoles = [...new Set(refs.roles.map(r => r.arn))]
  if (verifyRoles.length > 0) statements.push(allow('VerifyRoles', ['iam:GetRole'], verifyRoles))
  return statements
}
