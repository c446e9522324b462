// Services this action cannot deploy yet (a CodeDeploy or external deployment controller): the run fails before
// anything is pushed or registered, and says which and why. The ECS controller's BLUE_GREEN, LINEAR and CANARY
// strategies are deployed: see strategies.test.ts.
import { describe, expect, it } from '@jest/globals'
import { CreateServiceCommand, type CreateServiceCommandInput } from '@aws-sdk/client-ecs'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  releaseEvent,
  shareTestStack,
  type Stack
} from './harness.js'

describe('a service whose deployments this action does not drive yet', () => {
  let stack: Stack

  shareTestStack(started => (stack = started))

  async function refused(name: string, extra: Partial<CreateServiceCommandInput>) {
    await stack.ecs.send(
      new CreateServiceCommand({
        cluster: stack.cluster,
        serviceName: name,
        taskDefinition: stack.initialTaskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0e2e000000000a001'] } },
        ...extra
      })
    )
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v5.0.0' }),
      inputs: deployInputs(stack, { service: name }),
      workspace: checkoutPrebuilt(stack)
    })
    return { run, errors: errorAnnotations(run).join('\n'), sent: stack.requestsSince(mark) }
  }

  it.each(['CODE_DEPLOY', 'EXTERNAL'] as const)(
    'the %s controller: a non-zero exit naming it, and not one mutating request',
    async type => {
      const name = `web-${type.toLowerCase().replace('_', '-')}`
      // ECS takes a CODE_DEPLOY service only with a load balancer, whose target groups CodeDeploy shifts.
      const targetGroupArn = `arn:aws:elasticloadbalancing:${stack.region}:${stack.accountId}:targetgroup/${name}/0123456789abcdef`
      const loadBalancers =
        type === 'CODE_DEPLOY' ? [{ targetGroupArn, containerName: 'app', containerPort: 8080 }] : undefined
      const { run, errors, sent } = await refused(name, { deploymentController: { type }, loadBalancers })

      expect(run.exitCode).not.toBe(0)
      expect(errors).toContain(`uses the ${type} deployment controller`)
      expect(errors).toContain('does not support yet')
      expect(errors).toContain('Nothing was changed')
      expect(run.stdout).toMatch(/^::error title=Deployment not supported::/m)
      expect(run.stdout).not.toContain('podman build')
      expect(mutatingRequests(sent)).toEqual([])
      expect(await stack.registryTags()).toEqual([])
    },
    120_000
  )
})
