// The configuration every AWS client shares: region, credentials, retries and user agent.
// Endpoints come only from the SDK's own variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ECS, ...).
import type { AwsCredentialIdentity } from '@aws-sdk/types'

export const USER_AGENT = 'release-to-ecs/0.1.0'

export const MAX_ATTEMPTS = 10

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
