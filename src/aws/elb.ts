// ELBv2: the target group settings the rollout watch reads. Loaded only through the factory in clients.ts.
import {
  DescribeTargetGroupAttributesCommand,
  type ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { TargetGroupSource } from '../rollout/types.js'
import { awsCall } from './errors.js'

/** ELB's default when a target group does not say (it always does). */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300

export function createTargetGroupSource(client: ElasticLoadBalancingV2Client): TargetGroupSource {
  return {
    async deregistrationDelaySeconds(targetGroupArn) {
      const response = await awsCall(
        `Reading the deregistration delay of ${targetGroupArn} (elasticloadbalancing:DescribeTargetGroupAttributes)`,
        () => client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }))
      )
      const value = response.Attributes?.find(a => a.Key === 'deregistration_delay.timeout_seconds')?.Value
      const seconds = Number(value ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS)
      return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DEREGISTRATION_DELAY_SECONDS
    }
  }
}
