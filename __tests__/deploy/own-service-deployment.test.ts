// Which service deployment this run's UpdateService created: the answer's, or ListServiceDeployments since the update.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import { CREATED_SKEW_MS, ownServiceDeployment } from '../../src/deploy/own-service-deployment.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const arn = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/${id}`
const facts = (before?: string, after?: string) => ({
  cluster: 'prod',
  service: 'web',
  before: before ? { currentServiceDeployment: arn(before) } : {},
  updated: after ? { currentServiceDeployment: arn(after) } : {},
  updatedAt: Date.UTC(2026, 11, 1, 12)
})

function listing(briefs: ServiceDeploymentBrief[] | Error) {
  const calls: { createdAfter?: Date }[] = []
  return {
    calls,
    ecs: {
      listServiceDeployments: async (_c: string, _s: string, createdAfter?: Date) => {
        calls.push({ createdAfter })
        if (briefs instanceof Error) throw briefs
        return briefs
      }
    }
  }
}

describe('ownServiceDeployment', () => {
  it("takes UpdateService's answer when it names a new one, with no other call", async () => {
    const { ecs, calls } = listing([])
    expect(await ownServiceDeployment(facts('1', '2'), { ecs, logger: new RecordingLogger() })).toBe(arn('2'))
    expect(calls).toEqual([])
  })

  it('lists those created since the update when the answer still names the old one, skipping the old one', async () => {
    const { ecs, calls } = listing([{ serviceDeploymentArn: arn('2') }, { serviceDeploymentArn: arn('1') }])
    expect(await ownServiceDeployment(facts('1', '1'), { ecs, logger: new RecordingLogger() })).toBe(arn('2'))
    expect(calls).toEqual([{ createdAfter: new Date(facts().updatedAt - CREATED_SKEW_MS) }])
  })

  it('asks nothing of a service that has no service deployments, and goes on without when the list is refused', async () => {
    const none = listing([])
    expect(
      await ownServiceDeployment(facts(), { ecs: none.ecs, logger: new RecordingLogger() })
    ).toBeUndefined()
    expect(none.calls).toEqual([])
    const denied = listing(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
    const logger = new RecordingLogger()
    expect(await ownServiceDeployment(facts('1', '1'), { ecs: denied.ecs, logger })).toBeUndefined()
    expect(logger.text()).toContain('following through DescribeServices only')
  })
})
