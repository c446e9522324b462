// UpdateService's service settings and DescribeServices of several services, through the real ECS client.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../index.js'
import { clients, failure } from './support.js'

const role = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'

describe('UpdateService settings on the stand-in', () => {
  let emulator: Emulator
  let ecs: ECSClient
  beforeAll(async () => {
    emulator = await startEmulator()
    ecs = clients(emulator.url).ecs
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'nginx:1', memory: 128 }],
        volumes: [{ name: 'data', configuredAtLaunch: true }]
      })
    )
    for (const name of ['web', 'worker', 'admin'])
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: name,
          taskDefinition: 'web',
          desiredCount: 0
        })
      )
  })
  afterAll(async () => {
    await emulator.stop()
  })

  const update = (input: Record<string, unknown>) =>
    ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', ...input }))
  const web = async () =>
    (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services?.[0]

  it('stores every given setting and shows it in DescribeServices', async () => {
    await update({
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      enableExecuteCommand: true,
      availabilityZoneRebalancing: 'ENABLED',
      volumeConfigurations: [
        {
          name: 'data',
          managedEBSVolume: { roleArn: role, sizeInGiB: 20, volumeType: 'gp3', iops: 3000, throughput: 125 }
        }
      ]
    })
    const service = await web()
    expect(service).toMatchObject({
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      enableExecuteCommand: true,
      availabilityZoneRebalancing: 'ENABLED'
    })
    expect(service?.deployments?.[0]?.volumeConfigurations?.[0]?.managedEBSVolume?.sizeInGiB).toBe(20)
  })

  it('keeps what a request does not name, and records only what was sent', async () => {
    emulator.requests.length = 0
    await update({ enableExecuteCommand: false })
    const service = await web()
    expect(service).toMatchObject({
      propagateTags: 'SERVICE',
      enableExecuteCommand: false,
      availabilityZoneRebalancing: 'ENABLED'
    })
    const sent = emulator.requests.find(r => r.operation === 'UpdateService')?.input
    expect(sent).toEqual({ cluster: 'prod', service: 'web', enableExecuteCommand: false })
  })

  it.each([
    [{ propagateTags: 'ALL' }, "Value 'ALL' at 'propagateTags' failed to satisfy constraint"],
    [{ availabilityZoneRebalancing: 'ON' }, "Value 'ON' at 'availabilityZoneRebalancing'"],
    [
      { volumeConfigurations: [{ name: 'data', managedEBSVolume: { sizeInGiB: 20 } }] },
      'volumeConfigurations[0].managedEBSVolume.roleArn is required'
    ],
    [
      { volumeConfigurations: [{ name: 'data', managedEBSVolume: { roleArn: role } }] },
      'needs sizeInGiB or snapshotId'
    ],
    [
      {
        volumeConfigurations: [
          { name: 'data', managedEBSVolume: { roleArn: role, sizeInGiB: 20, volumeType: 'io2' } }
        ]
      },
      'iops is required for volume type io2'
    ],
    [
      {
        volumeConfigurations: [
          { name: 'data', managedEBSVolume: { roleArn: role, sizeInGiB: 2, volumeType: 'st1' } }
        ]
      },
      'sizeInGiB must be from 125 to 16384 for volume type st1'
    ],
    [
      {
        volumeConfigurations: [
          {
            name: 'data',
            managedEBSVolume: { roleArn: role, sizeInGiB: 20, volumeType: 'gp2', throughput: 200 }
          }
        ]
      },
      'throughput is only supported for volume type gp3'
    ],
    [
      { healthCheckGracePeriodSeconds: 60 },
      'Health check grace period is only valid for services configured to use load balancers'
    ],
    [
      { deploymentConfiguration: { minimumHealthyPercent: 50.5 } },
      'minimumHealthyPercent must be a whole number'
    ]
  ])('refuses %j and changes nothing', async (input, message) => {
    const before = await web()
    const error = await failure(update({ ...input, enableExecuteCommand: true }))
    expect(error.name).toBe('InvalidParameterException')
    expect(error.message).toContain(message)
    const after = await web()
    expect(after?.enableExecuteCommand).toBe(before?.enableExecuteCommand)
    expect(after?.deployments?.length).toBe(before?.deployments?.length)
  })

  it('describes up to 10 services at once, with MISSING failures for the ones that do not exist', async () => {
    const out = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'worker', 'gone'] })
    )
    expect(out.services?.map(s => s.serviceName)).toEqual(['web', 'worker'])
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/gone', reason: 'MISSING' }
    ])
  })

  it("refuses more than 10 services with ECS's wording", async () => {
    const services = Array.from({ length: 11 }, (_, i) => `svc-${i}`)
    const error = await failure(ecs.send(new DescribeServicesCommand({ cluster: 'prod', services })))
    expect(error).toMatchObject({
      name: 'InvalidParameterException',
      message: 'service names can have at most 10 items.'
    })
  })
})

describe('CreateService settings on the stand-in', () => {
  it('checks and stores the same settings as UpdateService', async () => {
    const emulator = await startEmulator()
    try {
      const ecs = clients(emulator.url).ecs
      await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          containerDefinitions: [{ name: 'web', image: 'nginx:1', memory: 128 }]
        })
      )
      const refused = await failure(
        ecs.send(
          new CreateServiceCommand({
            cluster: 'prod',
            serviceName: 'web',
            taskDefinition: 'web',
            healthCheckGracePeriodSeconds: 30
          })
        )
      )
      expect(refused.message).toBe(
        'Health check grace period is only valid for services configured to use load balancers'
      )
      const created = await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: 'web',
          taskDefinition: 'web',
          availabilityZoneRebalancing: 'ENABLED',
          propagateTags: 'TASK_DEFINITION'
        })
      )
      expect(created.service).toMatchObject({
        availabilityZoneRebalancing: 'ENABLED',
        propagateTags: 'TASK_DEFINITION'
      })
    } finally {
      await emulator.stop()
    }
  })
})
