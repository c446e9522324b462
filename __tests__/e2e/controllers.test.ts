// Services this action cannot deploy yet (an external deployment controller, or an ECS strategy other than
// ROLLING), and a CODE_DEPLOY service without its CodeDeploy application: the run fails before anything is pushed
// or registered, and says which and why. (CodeDeploy deployments themselves: codedeploy.test.ts.)
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

describe('a service this action cannot deploy as it is', () => {
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

  it('the EXTERNAL controller: a non-zero exit naming it, and not one mutating request', async () => {
    const { run, errors, sent } = await refused('web-external', {
      deploymentController: { type: 'EXTERNAL' }
    })

    expect(run.exitCode).not.toBe(0)
    expect(errors).toContain('uses the EXTERNAL deployment controller')
    expect(errors).toContain('does not support yet')
    expect(errors).toContain('Nothing was changed')
    expect(run.stdout).toMatch(/^::error title=Deployment not supported::/m)
    expect(run.stdout).not.toContain('podman build')
    expect(mutatingRequests(sent)).toEqual([])
    expect(await stack.registryTags()).toEqual([])
  }, 120_000)

  it('the CODE_DEPLOY controller without its CodeDeploy application: refused before any change, naming it', async () => {
    // ECS takes a CODE_DEPLOY service only with a load balancer, whose target groups CodeDeploy shifts.
    const name = 'web-code-deploy'
    const targetGroupArn = `arn:aws:elasticloadbalancing:${stack.region}:${stack.accountId}:targetgroup/${name}/0123456789abcdef`
    const { run, errors, sent } = await refused(name, {
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 8080 }]
    })

    expect(run.exitCode).not.toBe(0)
    expect(errors).toContain(
      `the CodeDeploy application "AppECS-${stack.cluster}-${name}" does not exist in ${stack.region}`
    )
    expect(errors).toContain("codedeploy-application is not given, so the ECS console's name")
    expect(errors).toContain('Nothing was changed')
    expect(run.stdout).toMatch(/^::error title=CodeDeploy::/m)
    expect(mutatingRequests(sent)).toEqual([])
    expect(await stack.registryTags()).toEqual([])
  }, 120_000)

  it('the BLUE_GREEN strategy of the ECS controller: refused the same way', async () => {
    const { run, errors, sent } = await refused('web-blue-green', {
      deploymentConfiguration: { strategy: 'BLUE_GREEN' }
    })

    expect(run.exitCode).not.toBe(0)
    expect(errors).toContain('uses the BLUE_GREEN deployment strategy')
    expect(mutatingRequests(sent)).toEqual([])
  }, 120_000)
})
