// The AWS clients, made once: region, credentials, retries and user agent in one place.
// Endpoints come only from the SDK's own variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ECS, ...).
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@aws-sdk/types'

export const USER_AGENT = 'release-to-ecs/0.1.0'
export const MAX_ATTEMPTS = 10

export interface AwsClients {
  region: string
  ecs: ECSClient
  ecr: ECRClient
  sts: STSClient
  logs: CloudWatchLogsClient
  /** Reads the target groups' deregistration delay, which sets when a rollout can end. */
  elb: ElasticLoadBalancingV2Client
}

export function clientConfig(region: string, credentials?: AwsCredentialIdentity) {
  // Standard retries (backoff from 1 s on throttling), with more attempts: a call fails only when 10 tries in a row
  // do, which at 30 % throttling is about 1 in 170,000 calls, not 1 in 400 as with 5. Adaptive mode would slow
  // every call after each throttle, which does not help against throttling that is not caused by our own rate (the
  // rollout watch paces itself). RegisterTaskDefinition and UpdateService are retried by the SDK only when throttled
  // (once.ts).
  return {
    region,
    credentials,
    customUserAgent: USER_AGENT,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard'
  }
}

export function createClients(region: string, credentials?: AwsCredentialIdentity): AwsClients {
  const config = clientConfig(region, credentials)
  return {
    region,
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    sts: new STSClient(config),
    logs: new CloudWatchLogsClient(config),
    elb: new ElasticLoadBalancingV2Client(config)
  }
}

export function destroyClients(clients: AwsClients): void {
  clients.ecs.destroy()
  clients.ecr.destroy()
  clients.sts.destroy()
  clients.logs.destroy()
  clients.elb.destroy()
}
