// scenario.serviceDeploymentLag: ECS's eventual consistency after UpdateService, for the fallback through
// ListServiceDeployments.
import { afterEach, describe, expect, it } from '@jest/globals'
import { ListServiceDeploymentsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { closeAll, strategyService } from './staged-support.js'

afterEach(closeAll)

describe('serviceDeploymentLag', () => {
  it('UpdateService and the next N DescribeServices omit currentServiceDeployment; ListServiceDeployments lists it at once', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 })
    const before = (await s.service()).currentServiceDeployment
    s.emulator.setScenario({ serviceDeploymentLag: 2 })
    const out = await s.sdk.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    )
    expect(out.service?.taskDefinition).toMatch(/web:2$/)
    expect(out.service?.currentServiceDeployment).toBeUndefined()
    const listed = await s.sdk.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' })
    )
    const created = listed.serviceDeployments?.find(
      d => d.serviceDeploymentArn !== before
    )?.serviceDeploymentArn
    expect(created).toMatch(/:service-deployment\/prod\/web\//)
    expect((await s.service()).currentServiceDeployment).toBeUndefined()
    expect((await s.service()).currentServiceDeployment).toBeUndefined()
    expect((await s.service()).currentServiceDeployment).toBe(created)
  })

  it('is 0 by default, and refuses what is not a whole number of reads', async () => {
    const s = await strategyService({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 })
    const out = await s.sdk.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' })
    )
    expect(out.service?.currentServiceDeployment).toMatch(/:service-deployment\//)
    expect(() => s.emulator.setScenario({ serviceDeploymentLag: 1.5 })).toThrow(/serviceDeploymentLag/)
    expect(() => s.emulator.setScenario({ serviceDeploymentLag: -1 })).toThrow(/serviceDeploymentLag/)
  })
})
