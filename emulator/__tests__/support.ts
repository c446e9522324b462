// Real SDK clients pointed at a running stand-in, for the emulator's own tests.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { IAMClient } from '@aws-sdk/client-iam'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'
import { DEFAULT_ADMIN } from '../identities.js'

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export function clients(url: string, credentials: Credentials = DEFAULT_ADMIN, maxAttempts = 1) {
  const config = { endpoint: url, region: 'us-east-1', credentials, maxAttempts }
  return {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    sts: new STSClient(config),
    logs: new CloudWatchLogsClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    secrets: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
    iam: new IAMClient(config),
    codedeploy: new CodeDeployClient(config)
  }
}

/** The error a promise rejects with, so tests can assert on its name and message. */
export async function failure(
  promise: Promise<unknown>
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail, but it succeeded')
}
