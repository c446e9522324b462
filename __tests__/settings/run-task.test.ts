// The run-task-* inputs read and validated: what a one-off task's settings become, and every refusal's wording.
import { describe, expect, it } from '@jest/globals'
import { problemsOf as problemsFrom, settingsFrom as settingsOf } from '../../__fixtures__/settings.js'

const base = {
  'task-definition': 'task-definition.json',
  service: 'web',
  'ecr-repository': 'web',
  'aws-region': 'eu-west-1'
}

const settingsFrom = (inputs: Record<string, string>) => settingsOf(inputs, base)
const problemsOf = (inputs: Record<string, string>) => problemsFrom(inputs, base)

describe('run-task inputs', () => {
  it('leave runTask out without run-task-command', () => {
    expect(settingsFrom({}).runTask).toBeUndefined()
  })

  it('split the command as build-command is split, and read every option', () => {
    const s = settingsFrom({
      'run-task-command': `java -jar app.jar migrate "--target=v 2"`,
      'run-task-container': 'app',
      'run-task-task-definition': 'migrate.json',
      'run-task-subnets': 'subnet-0123456789abcdef0, subnet-11112222',
      'run-task-security-groups': 'sg-0123456789abcdef0',
      'run-task-assign-public-ip': 'enabled',
      'run-task-capacity-provider-strategy': 'FARGATE_SPOT:3\nFARGATE:1:1',
      'run-task-timeout-minutes': '10'
    })
    expect(s.runTask).toEqual({
      command: ['java', '-jar', 'app.jar', 'migrate', '--target=v 2'],
      container: 'app',
      taskDefinitionPath: '/ws/migrate.json',
      subnets: ['subnet-0123456789abcdef0', 'subnet-11112222'],
      securityGroups: ['sg-0123456789abcdef0'],
      assignPublicIp: 'ENABLED',
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        { capacityProvider: 'FARGATE', weight: 1, base: 1 }
      ],
      timeoutMinutes: 10
    })
  })

  it('default the timeout to 30 minutes', () => {
    expect(settingsFrom({ 'run-task-command': 'migrate' }).runTask?.timeoutMinutes).toBe(30)
  })

  it('refuse options without the command, naming them', () => {
    expect(problemsOf({ 'run-task-container': 'app', 'run-task-launch-type': 'FARGATE' })).toEqual([
      'run-task-container, run-task-launch-type are set without run-task-command; give the command to run (e.g. java -jar app.jar migrate) or remove them.'
    ])
  })

  it('refuse every bad value at once, each naming its input', () => {
    expect(
      problemsOf({
        'run-task-command': 'java "-jar',
        'run-task-container': 'app web',
        'run-task-subnets': 'subnet-1, subnet-0123456789abcdef0',
        'run-task-assign-public-ip': 'yes',
        'run-task-launch-type': 'LAMBDA',
        'run-task-capacity-provider-strategy': 'FARGATE:x',
        'run-task-timeout-minutes': '0'
      })
    ).toEqual([
      'run-task-command has an unclosed " quote; close it or remove it.',
      'run-task-container is "app web"; name a container of the task definition (letters, digits, - and _).',
      'run-task-subnets has "subnet-1"; give ids like subnet-0123456789abcdef0.',
      'run-task-assign-public-ip is "yes"; use one of ENABLED, DISABLED.',
      'run-task-launch-type is "LAMBDA"; use one of FARGATE, EC2, EXTERNAL.',
      'run-task-capacity-provider-strategy has "FARGATE:x"; write provider:weight:base (weight 0 to 1000, base 0 to 100000), e.g. FARGATE_SPOT:3,FARGATE:1:1.',
      'run-task-timeout-minutes is "0"; use a number of minutes above 0 and at most 1440.'
    ])
  })

  it('refuse a launch type with a capacity provider strategy, and security groups without subnets', () => {
    expect(
      problemsOf({
        'run-task-command': 'migrate',
        'run-task-security-groups': 'sg-0123456789abcdef0',
        'run-task-launch-type': 'FARGATE',
        'run-task-capacity-provider-strategy': 'FARGATE:1'
      })
    ).toEqual([
      'run-task-security-groups is set without run-task-subnets; give the subnets too, or neither to use the service network.',
      'run-task-launch-type and run-task-capacity-provider-strategy are both set; ECS takes one of them, give one.'
    ])
  })
})
