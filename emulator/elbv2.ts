// Elastic Load Balancing v2 over the query protocol (see query.ts), just enough to read a target group's attributes.
// The stand-in keeps no load balancers of its own: a target group exists when an ECS service names it in
// loadBalancers, and its deregistration delay is the ECS scenario's drainSeconds (in real seconds at the stand-in's speed), so what the action predicts
// from the attribute matches how long the stand-in's tasks really drain.
import type { EcsModel, IamCheck } from './contract.js'
import { AwsError } from './errors.js'

export const ELBV2_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/'

const TARGET_GROUP_ARN =
  /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/

/** Attributes every target group reports with AWS's defaults (HTTP target group, no stickiness). */
const DEFAULT_ATTRIBUTES: Record<string, string> = {
  'deregistration_delay.connection_termination.enabled': 'false',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'load_balancing.algorithm.type': 'round_robin',
  'slow_start.duration_seconds': '0'
}

/** ELBv2 Describe* actions have no resource-level permissions, so they are checked against "*". */
export function elbv2IamChecks(operation: string): IamCheck[] {
  return [{ action: `elasticloadbalancing:${operation}`, resource: '*' }]
}

/** The parts of the ECS model that decide which target groups exist and how long they drain. */
export type TargetGroupSource = Pick<EcsModel, 'drainDelaySeconds' | 'targetGroupArns'>

export class Elbv2 {
  constructor(private readonly ecs: TargetGroupSource) {}

  handle(operation: string, input: Record<string, string>): Record<string, unknown> {
    switch (operation) {
      case 'DescribeTargetGroupAttributes':
        return this.describeTargetGroupAttributes(input['TargetGroupArn'])
      default:
        throw new AwsError(
          'UnknownOperationException',
          `The stand-in does not implement Elastic Load Balancing v2 ${operation}; it serves DescribeTargetGroupAttributes`
        )
    }
  }

  private describeTargetGroupAttributes(arn: string | undefined): Record<string, unknown> {
    this.requireTargetGroup(arn)
    // In real seconds, like every time the stand-in shows, so a sped-up stand-in reports the drain it really runs;
    // floored, so a fractional drain is never reported as longer than it is.
    const delay = String(Math.floor(this.ecs.drainDelaySeconds()))
    const attributes = { 'deregistration_delay.timeout_seconds': delay, ...DEFAULT_ATTRIBUTES }
    return { Attributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })) }
  }

  private requireTargetGroup(arn: string | undefined): void {
    if (arn === undefined) {
      throw new AwsError(
        'ValidationError',
        "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null"
      )
    }
    if (!TARGET_GROUP_ARN.test(arn)) {
      throw new AwsError('ValidationError', `'${arn}' is not a valid target group ARN`)
    }
    if (!this.ecs.targetGroupArns().has(arn)) {
      throw new AwsError('TargetGroupNotFound', 'One or more target groups not found')
    }
  }
}
