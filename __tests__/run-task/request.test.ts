// The RunTask request of the one-off task: command override, network and capacity from the service unless given.
import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import {
  parseCapacityProviderStrategy,
  runTaskRequest,
  startedByFor,
  type RunTaskSettings
} from '../../src/run-task/request.js'

const service: Service = {
  launchType: 'FARGATE',
  platformVersion: '1.4.0',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-aaaa1111'],
      securityGroups: ['sg-aaaa1111'],
      assignPublicIp: 'DISABLED'
    }
  }
}
const settings: RunTaskSettings = { command: ['java', '-jar', 'app.jar', 'migrate'], timeoutMinutes: 30 }
const base = {
  cluster: 'prod',
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8',
  container: 'app',
  startedBy: 'release-to-ecs_v1-4-0_3f2a1bc'
}

describe('runTaskRequest', () => {
  it('runs one task with the command on the container, the service network, launch type and platform', () => {
    expect(runTaskRequest({ ...base, settings, service, clientToken: 'tok' })).toEqual({
      cluster: 'prod',
      taskDefinition: base.taskDefinitionArn,
      count: 1,
      startedBy: 'release-to-ecs_v1-4-0_3f2a1bc',
      propagateTags: 'TASK_DEFINITION',
      overrides: { containerOverrides: [{ name: 'app', command: ['java', '-jar', 'app.jar', 'migrate'] }] },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-aaaa1111'],
          securityGroups: ['sg-aaaa1111'],
          assignPublicIp: 'DISABLED'
        }
      },
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      clientToken: 'tok'
    })
  })

  it('takes the subnets, security groups and public IP given instead of the service ones', () => {
    const request = runTaskRequest({
      ...base,
      service,
      settings: {
        ...settings,
        subnets: ['subnet-bbbb2222'],
        securityGroups: ['sg-bbbb2222'],
        assignPublicIp: 'ENABLED'
      }
    })
    expect(request.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-bbbb2222'],
        securityGroups: ['sg-bbbb2222'],
        assignPublicIp: 'ENABLED'
      }
    })
  })

  it('uses the service capacity provider strategy, and a given one replaces the service launch type', () => {
    const spot: Service = {
      ...service,
      launchType: undefined,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    }
    expect(runTaskRequest({ ...base, settings, service: spot })).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    })
    const given = runTaskRequest({
      ...base,
      service,
      settings: { ...settings, capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }
    })
    expect(given.launchType).toBeUndefined()
    expect(given.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE', weight: 1 }])
  })

  it('gives EC2 no platform version and no network without subnets', () => {
    const request = runTaskRequest({
      ...base,
      settings: { ...settings, launchType: 'EC2' },
      service: { launchType: 'EC2', platformVersion: 'LATEST' }
    })
    expect(request.launchType).toBe('EC2')
    expect(request).not.toHaveProperty('platformVersion')
    expect(request).not.toHaveProperty('networkConfiguration')
  })
})

describe('startedByFor', () => {
  it('names the release with only letters, digits, - and _', () => {
    expect(startedByFor('v1.4.0', '3f2a1bc')).toBe('release-to-ecs_v1-4-0_3f2a1bc')
    expect(startedByFor('feature/with spaces', 'abc')).toBe('release-to-ecs_feature-with-spaces_abc')
  })

  it('stays within 128 characters and keeps the commit', () => {
    const name = startedByFor('v'.repeat(300), '3f2a1bc')
    expect(name).toHaveLength(128)
    expect(name).toMatch(/^[A-Za-z0-9_-]+_3f2a1bc$/)
  })
})

describe('parseCapacityProviderStrategy', () => {
  it('reads provider:weight:base items', () => {
    expect(parseCapacityProviderStrategy('FARGATE_SPOT:3, FARGATE:1:1')).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 }
    ])
  })

  it.each(['FARGATE:x', 'FARGATE:1:2:3', 'bad name:1', 'FARGATE:1001'])('refuses %s', raw => {
    expect(() => parseCapacityProviderStrategy(raw)).toThrow(/write provider:weight:base/)
  })
})
