// Helpers for the BLUE_GREEN, LINEAR and CANARY tests: a service behind a load balancer with advancedConfiguration,
// UpdateService to web:2, and following the service deployment it started.
import {
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { role, rule, stack, tg, type Stack } from '../strategy-stack.js'

const loadBalancers = [
  {
    targetGroupArn: tg('blue'),
    containerName: 'web',
    containerPort: 8080,
    advancedConfiguration: {
      alternateTargetGroupArn: tg('green'),
      productionListenerRule: rule('prod'),
      testListenerRule: rule('test'),
      roleArn: role
    }
  }
]

const open: Stack[] = []

/** A stand-in stopped by closeAll (call it in afterEach). */
export function track(s: Stack): Stack {
  open.push(s)
  return s
}

export async function closeAll(): Promise<void> {
  for (let s = open.pop(); s; s = open.pop()) await s.stop()
}

/** Service web with these deployment settings behind a load balancer with advancedConfiguration. */
export async function strategyService(config: DeploymentConfiguration): Promise<Stack> {
  return track(await stack({ loadBalancers, deploymentConfiguration: config }))
}

/** UpdateService to web:2; the ARN of the service deployment it started (from the response). */
export async function deploy(s: Stack, deploymentConfiguration?: DeploymentConfiguration): Promise<string> {
  const out = await s.sdk.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: 'web:2',
      ...(deploymentConfiguration ? { deploymentConfiguration } : {})
    })
  )
  const arn = out.service?.currentServiceDeployment
  if (!arn) throw new Error('UpdateService answered no currentServiceDeployment')
  return arn
}

/** Follow the deployment every `step` ECS seconds until it ends; every (status, stage) it showed, in order. */
export async function follow(
  s: Stack,
  arn: string,
  step = 5,
  limit = 20_000
): Promise<{ seen: string[]; last: ServiceDeployment }> {
  const seen: string[] = []
  for (let t = 0; t < limit; t += step) {
    const d = await s.serviceDeployment(arn)
    const label = `${d.status}${d.lifecycleStage ? ` ${d.lifecycleStage}` : ''}`
    if (seen[seen.length - 1] !== label) seen.push(label)
    if (['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'].includes(d.status ?? ''))
      return { seen, last: d }
    s.pass(step)
  }
  throw new Error(`still going after ${limit} ECS seconds: ${seen.join(' → ')}`)
}
