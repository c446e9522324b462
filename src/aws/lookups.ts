// What `verify: full` reads, never a value: do log groups, secrets, parameters and roles exist? Loaded only through
// the factory in clients.ts.
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import { trustsEcsTasks } from '../verify/findings.js'
import { awsCall, errorName } from './errors.js'

/** Existence checks; a role answers whether it trusts ecs-tasks.amazonaws.com, undefined when it does not exist. */
export interface ResourceLookups {
  logGroupExists(name: string, region?: string): Promise<boolean>
  secretExists(id: string): Promise<boolean>
  parameterExists(name: string): Promise<boolean>
  roleTrust(arn: string): Promise<{ trustsEcsTasks: boolean } | undefined>
}

export interface LookupClients {
  /** A client of the run's region, or of another one (awslogs-region, a secret's ARN). */
  logs(region?: string): Promise<CloudWatchLogsClient>
  secrets(region?: string): Promise<SecretsManagerClient>
  ssm(): Promise<SSMClient>
  iam(): Promise<IAMClient>
}

export function createResourceLookups(clients: LookupClients): ResourceLookups {
  return {
    async logGroupExists(name, region) {
      const client = await clients.logs(region)
      const response = await awsCall(`Looking up the log group ${name} (logs:DescribeLogGroups)`, () =>
        client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }))
      )
      return (response.logGroups ?? []).some(g => g.logGroupName === name)
    },
    async secretExists(id) {
      const client = await clients.secrets(id.split(':')[3])
      try {
        await client.send(new DescribeSecretCommand({ SecretId: id }))
        return true
      } catch (e) {
        if (errorName(e) === 'ResourceNotFoundException') return false
        return awsCall(`Looking up the secret ${id} (secretsmanager:DescribeSecret)`, () => Promise.reject(e))
      }
    },
    async parameterExists(name) {
      const client = await clients.ssm()
      const response = await awsCall(`Looking up the parameter ${name} (ssm:DescribeParameters)`, () =>
        client.send(
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }]
          })
        )
      )
      return (response.Parameters ?? []).some(p => p.Name === name)
    },
    async roleTrust(arn) {
      const client = await clients.iam()
      const roleName = arn.slice(arn.lastIndexOf('/') + 1)
      try {
        const response = await client.send(new GetRoleCommand({ RoleName: roleName }))
        // IAM answers the trust policy URL-encoded; the SDK does not decode it.
        const document = decodeURIComponent(response.Role?.AssumeRolePolicyDocument ?? '')
        return { trustsEcsTasks: trustsEcsTasks(document) }
      } catch (e) {
        if (errorName(e) === 'NoSuchEntityException' || errorName(e) === 'NoSuchEntity') return undefined
        return awsCall(`Looking up the role ${arn} (iam:GetRole)`, () => Promise.reject(e))
      }
    }
  }
}
