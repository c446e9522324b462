import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { createEcsApi } from '../../src/aws/ecs.js'
import { withDeploymentConfiguration } from '../../src/deploy/rolling.js'

const service = {
  serviceName: 'web',
  deploymentConfiguration: {
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true }
  }
}

describe('service settings on UpdateService', () => {
  const update = { cluster: 'prod', service: 'web', taskDefinitionArn: 'arn:td:2', forceNewDeployment: false }

  async function sent(settings?: object): Promise<Record<string, unknown>> {
    const ecs = mockClient(ECSClient)
    ecs.on(UpdateServiceCommand).resolves({ service: { serviceName: 'web' } })
    await createEcsApi(new ECSClient({ region: 'us-east-1' })).updateService({ ...update, settings })
    const [call] = ecs.commandCalls(UpdateServiceCommand)
    ecs.restore()
    return call!.args[0].input as unknown as Record<string, unknown>
  }

  it('sends only the task definition when no setting is given', async () => {
    expect(await sent()).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: 'arn:td:2',
      forceNewDeployment: false
    })
  })

  it('sends each given setting and no other', async () => {
    expect(await sent({ enableExecuteCommand: true })).toEqual({
      cluster: 'prod',
      service: 'web',
      taskDefinition: 'arn:td:2',
      forceNewDeployment: false,
      enableExecuteCommand: true
    })
    const input = await sent({ propagateTags: 'SERVICE', healthCheckGracePeriodSeconds: 0 })
    expect(input).toMatchObject({ propagateTags: 'SERVICE', healthCheckGracePeriodSeconds: 0 })
    expect(input).not.toHaveProperty('volumeConfigurations')
    expect(input).not.toHaveProperty('enableECSManagedTags')
  })

  it('keeps the service deployment configuration (circuit breaker) when the percents are given', () => {
    expect(withDeploymentConfiguration(undefined, service)).toBeUndefined()
    expect(withDeploymentConfiguration({ propagateTags: 'NONE' }, service)).toEqual({ propagateTags: 'NONE' })
    expect(
      withDeploymentConfiguration({ deploymentConfiguration: { minimumHealthyPercent: 50 } }, service)
    ).toEqual({
      deploymentConfiguration: {
        minimumHealthyPercent: 50,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true }
      }
    })
  })

  it('reads a task definition kept in ECS with its tags', async () => {
    const ecs = mockClient(ECSClient)
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { family: 'web', revision: 3 }, tags: [{ key: 'team', value: 'a' }] })
    const read = await createEcsApi(new ECSClient({ region: 'us-east-1' })).readTaskDefinition('web')
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)[0]!.args[0].input).toEqual({
      taskDefinition: 'web',
      include: ['TAGS']
    })
    expect(read).toEqual({
      taskDefinition: { family: 'web', revision: 3 },
      tags: [{ key: 'team', value: 'a' }]
    })
    ecs.restore()
  })
})
