// The configuration every AWS client shares: region, credentials, retries and user agent.
// Endpoints come only from the SDK's own variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ECS, ...).
import type { AwsCredentialIdentity } from '@aws-sdk/types'

export const USER_AGENT = 'release-to-ecs/0.1.0'

export function clientConfig(region: string, credentials?: AwsCredentialIdentity) {
  // Standard retries with a few more attempts: throttling during a long rollout should slow us, not fail us.
  return { region, credentials, customUserAgent: USER_AGENT, maxAttempts: 5, retryMode: 'standard' }
}
