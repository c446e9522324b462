// The service deployment path's own steps: which service deployment this run's UpdateService created, cancel, and
// the wait-until check against the path (__tests__/deploy/staged-plan.test.ts).
import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import { FakeClock } from '../../__fixtures__/clock.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import type { EcsApi } from '../../src/aws/ecs.js'
import { createStagedDeployment, type StagedRequest } from '../../src/deploy/staged.js'

const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`
const sd = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/${id}`

const described: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: td(7),
  currentServiceDeployment: sd('old'),
  deploymentConfiguration: { strategy: 'BLUE_GREEN' },
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: td(7), rolloutState: 'COMPLETED' }]
}

function path(answer: Partial<Service>, listed: ServiceDeploymentBrief[] = []) {
  const calls: string[] = []
  const ecs = {
    async updateService() {
      calls.push('UpdateService')
      return {
        ...described,
        deployments: [
          { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: td(8), rolloutState: 'IN_PROGRESS' }
        ],
        ...answer
      }
    },
    async listServiceDeployments(_c: string, _s: string, after?: Date) {
      calls.push(`ListServiceDeployments after ${after?.toISOString()}`)
      return listed
    },
    async stopServiceDeployment(arn: string, stopType: string) {
      calls.push(`StopServiceDeployment ${arn} ${stopType}`)
    }
  } as unknown as EcsApi
  const request: StagedRequest = {
    cluster: 'prod',
    service: 'web',
    described,
    forceNewDeployment: false,
    onBusy: 'wait',
    timeoutMs: 60_000,
    maxTaskFailures: 3,
    followEcsRollback: false,
    waitUntil: { kind: 'deployed' },
    onPause: 'wait'
  }
  const logger = new RecordingLogger()
  return {
    calls,
    logger,
    path: createStagedDeployment(
      request,
      { ecs, clock: new FakeClock(), logger },
      'ECS blue/green deployment'
    )
  }
}

describe('the service deployment path', () => {
  const registered = { arn: td(8), revision: 8, isNew: true }

  it("takes the service's new currentServiceDeployment from UpdateService's answer", async () => {
    const { path: p, calls, logger } = path({ currentServiceDeployment: sd('new') })
    expect(await p.start(registered)).toEqual({
      id: 'ecs-svc/2',
      serviceDeploymentArn: sd('new'),
      alreadyServing: false
    })
    expect(calls).toEqual(['UpdateService'])
    expect(logger.lines).toContain(
      `Started service deployment ${sd('new')} (ECS blue/green deployment) of web:8 (deployment ecs-svc/2)`
    )
  })

  it('falls back to ListServiceDeployments since the update when the answer names the old one', async () => {
    const { path: p, calls } = path({}, [{ serviceDeploymentArn: sd('listed'), status: 'PENDING' }])
    expect((await p.start(registered)).serviceDeploymentArn).toBe(sd('listed'))
    expect(calls).toEqual(['UpdateService', 'ListServiceDeployments after 2026-11-23T11:59:00.000Z'])
  })

  it('says so when no new service deployment can be found', async () => {
    const { path: p } = path({}, [{ serviceDeploymentArn: sd('old') }])
    await expect(p.start(registered)).rejects.toThrow(
      'ECS updated web but showed no new service deployment (currentServiceDeployment unchanged, none listed since the update)'
    )
  })

  it('cancel: StopServiceDeployment ROLLBACK of this run’s deployment, in one line', async () => {
    const { path: p, calls } = path({})
    const line = await p.cancel!({ id: 'ecs-svc/2', serviceDeploymentArn: sd('new'), alreadyServing: false })
    expect(calls).toEqual([`StopServiceDeployment ${sd('new')} ROLLBACK`])
    expect(line).toBe(
      'Asked ECS to roll back service deployment new (StopServiceDeployment ROLLBACK): the service returns to web:7.'
    )
  })
})
