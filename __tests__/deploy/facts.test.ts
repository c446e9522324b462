import { describe, expect, it } from '@jest/globals'
import type { Deployment, Service } from '@aws-sdk/client-ecs'
import {
  alreadyServing,
  busyDeployments,
  isDeploymentDone,
  isOwnAttempt,
  newDeploymentId,
  ownDeployment
} from '../../src/deploy/facts.js'

const td = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/web:${n}`
const d = (over: Partial<Deployment>): Deployment => ({
  status: 'PRIMARY',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  ...over
})
const svc = (deployments: Deployment[]): Service => ({
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: deployments.find(x => x.status === 'PRIMARY')?.taskDefinition,
  deployments
})

describe('busyDeployments', () => {
  it('lists deployments rolling out, and leaves out the one an earlier attempt of this run started', () => {
    const service = svc([
      d({ id: 'ecs-svc/2', taskDefinition: td(8), rolloutState: 'IN_PROGRESS' }),
      d({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: td(7), rolloutState: 'COMPLETED' })
    ])
    expect(busyDeployments(service).map(x => x.id)).toEqual(['ecs-svc/2'])
    expect(busyDeployments(service, 'ecs-svc/2')).toEqual([])
  })

  it('without rollout states, counts a PRIMARY that is not alone or not at full count as busy', () => {
    expect(busyDeployments(svc([d({ id: 'a', runningCount: 1 })])).map(x => x.id)).toEqual(['a'])
    expect(busyDeployments(svc([d({ id: 'a' }), d({ id: 'b', status: 'ACTIVE' })])).map(x => x.id)).toEqual([
      'a'
    ])
    expect(busyDeployments(svc([d({ id: 'a' })]))).toEqual([])
    expect(busyDeployments(undefined)).toEqual([])
  })
})

describe('isDeploymentDone and alreadyServing', () => {
  it('is done when the PRIMARY is COMPLETED, or alone at full count without rollout states', () => {
    const completed = d({ id: 'a', taskDefinition: td(8), rolloutState: 'COMPLETED' })
    expect(isDeploymentDone(completed, [completed])).toBe(true)
    expect(isDeploymentDone({ ...completed, status: 'ACTIVE' }, [completed])).toBe(false)
    expect(isDeploymentDone({ ...completed, rolloutState: 'IN_PROGRESS' }, [completed])).toBe(false)
    const bare = d({ id: 'a', taskDefinition: td(8) })
    expect(isDeploymentDone(bare, [bare])).toBe(true)
    expect(isDeploymentDone({ ...bare, pendingCount: 1 }, [bare])).toBe(false)
    expect(isDeploymentDone(bare, [bare, d({ id: 'b', status: 'ACTIVE' })])).toBe(false)
  })

  it('already serves a task definition only when its finished PRIMARY runs it', () => {
    const service = svc([d({ id: 'a', taskDefinition: td(8), rolloutState: 'COMPLETED' })])
    expect(alreadyServing(service, td(8))).toBe(true)
    expect(alreadyServing(service, td(9))).toBe(false)
    expect(
      alreadyServing(svc([d({ id: 'a', taskDefinition: td(8), rolloutState: 'IN_PROGRESS' })]), td(8))
    ).toBe(false)
  })
})

describe('own attempt', () => {
  const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.0-0123456'
  it('is our attempt when the running task definition has this image, and then its PRIMARY is ours', () => {
    const current = { taskDefinitionArn: td(8), containerDefinitions: [{ name: 'app', image }] }
    expect(isOwnAttempt(current, image)).toBe(true)
    expect(isOwnAttempt(current, `${image}x`)).toBe(false)
    expect(isOwnAttempt(undefined, image)).toBe(false)
    const service = svc([d({ id: 'ecs-svc/2', taskDefinition: td(8), rolloutState: 'IN_PROGRESS' })])
    expect(ownDeployment(service, true)?.id).toBe('ecs-svc/2')
    expect(ownDeployment(service, false)).toBeUndefined()
  })
})

describe('newDeploymentId', () => {
  it('picks the newest PRIMARY on the task definition that UpdateService was given', () => {
    const service = svc([
      d({ id: 'old', taskDefinition: td(8), createdAt: new Date(1000) }),
      d({ id: 'new', taskDefinition: td(8), createdAt: new Date(2000) }),
      d({ id: 'other', taskDefinition: td(9), createdAt: new Date(3000) })
    ])
    expect(newDeploymentId(service, td(8))).toBe('new')
    expect(newDeploymentId(service, td(10))).toBeUndefined()
  })
})
