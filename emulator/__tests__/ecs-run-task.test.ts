/* eslint-disable @typescript-eslint/no-explicit-any -- responses are wire JSON; the tests read them loosely */
// RunTask on the stand-in's ECS: the request checked like ECS, placement failures, and one-off tasks with scripted
// outcomes (exit codes, stop reasons, log lines over time, running until stopped), on an injected clock.
import { describe, it, expect } from '@jest/globals'
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand
} from '@aws-sdk/client-ecs'
import { createEcsModel } from '../ecs/index.js'
import { AwsError } from '../errors.js'
import { startEmulator } from '../index.js'
import { Logs } from '../logs.js'
import { clients } from './support.js'

const caller = {
  accessKeyId: 'AKIDEXAMPLE',
  arn: 'arn:aws:iam::123456789012:user/deployer',
  accountId: '123456789012'
}
const T0 = 1_700_000_000_000
const network = {
  awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] }
}
const app = {
  family: 'app',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '512',
  memory: '1024',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1',
      command: ['java', '-jar', 'app.jar'],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/app',
          'awslogs-stream-prefix': 'ecs',
          'awslogs-region': 'us-east-1'
        }
      }
    },
    {
      name: 'log-router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: false
    }
  ],
  tags: [{ key: 'team', value: 'payments' }]
}

async function setup() {
  let now = T0
  const ecs = createEcsModel({ region: 'us-east-1', accountId: '123456789012', now: () => now, speed: 1 })
  const call = async (operation: string, input: Record<string, unknown>): Promise<any> =>
    ecs.handle(operation, input, caller)
  const error = async (operation: string, input: Record<string, unknown>): Promise<AwsError> => {
    try {
      await call(operation, input)
    } catch (e) {
      if (e instanceof AwsError) return e
      throw e
    }
    throw new Error(`${operation} succeeded`)
  }
  const at = (ecsSeconds: number) => {
    now = T0 + ecsSeconds * 1000
  }
  const describe = async (arn: string) =>
    (await call('DescribeTasks', { cluster: 'prod', tasks: [arn] })).tasks[0]
  const migrate = (extra: Record<string, unknown> = {}) =>
    call('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      launchType: 'FARGATE',
      networkConfiguration: network,
      startedBy: 'release-v1-2-3',
      overrides: { containerOverrides: [{ name: 'app', command: ['java', '-jar', 'app.jar', 'migrate'] }] },
      ...extra
    })
  await call('CreateCluster', { clusterName: 'prod' })
  await call('RegisterTaskDefinition', app)
  return { ecs, call, error, at, describe, migrate }
}

describe('RunTask checks the request like ECS', () => {
  it('refuses a launch type together with a capacity provider strategy', async () => {
    const { error } = await setup()
    const e = await error('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      launchType: 'FARGATE',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: network
    })
    expect([e.type, e.message]).toEqual([
      'InvalidParameterException',
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'
    ])
  })

  it('runs on FARGATE from a FARGATE_SPOT capacity provider strategy', async () => {
    const { call } = await setup()
    const out = await call('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: network
    })
    expect(out.tasks[0].launchType).toBe('FARGATE')
  })

  it('needs the awsvpc network, with subnets, and a public IP only on Fargate', async () => {
    const { error } = await setup()
    const base = { cluster: 'prod', taskDefinition: 'app', launchType: 'FARGATE' }
    expect((await error('RunTask', base)).message).toBe(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified."
    )
    expect(
      (await error('RunTask', { ...base, networkConfiguration: { awsvpcConfiguration: { subnets: [] } } }))
        .message
    ).toBe('subnets can not be empty.')
    const bad = { awsvpcConfiguration: { ...network.awsvpcConfiguration, assignPublicIp: 'YES' } }
    expect((await error('RunTask', { ...base, networkConfiguration: bad })).message).toBe(
      'assignPublicIp must be ENABLED or DISABLED, got "YES".'
    )
  })

  it('refuses an override for a container the task definition does not have', async () => {
    const { error } = await setup()
    const e = await error('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      launchType: 'FARGATE',
      networkConfiguration: network,
      overrides: { containerOverrides: [{ name: 'migrations', command: ['migrate'] }] }
    })
    expect(e.message).toBe(
      'Override for container named migrations is not a container in the TaskDefinition.'
    )
  })

  it('refuses task sizes Fargate does not have, and accepts those it has', async () => {
    const { error, migrate } = await setup()
    const e = await error('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      launchType: 'FARGATE',
      networkConfiguration: network,
      overrides: { cpu: '256', memory: '4096' }
    })
    expect(e.type).toBe('InvalidParameterException')
    expect(e.message).toContain('No Fargate configuration exists for given values: 256 CPU, 4096 memory')
    const ok = await migrate({ overrides: { cpu: '1024', memory: '2048' } })
    expect(ok.tasks[0].overrides).toMatchObject({ cpu: '1024', memory: '2048' })
    expect(ok.tasks[0]).toMatchObject({ cpu: '1024', memory: '2048' })
  })

  it('names a missing task definition as ECS does, and refuses a startedBy ECS would refuse', async () => {
    const { error } = await setup()
    const missing = await error('RunTask', { cluster: 'prod', taskDefinition: 'nope', launchType: 'FARGATE' })
    expect([missing.type, missing.message]).toEqual([
      'ClientException',
      'Unable to describe task definition.'
    ])
    const startedBy = await error('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      launchType: 'FARGATE',
      networkConfiguration: network,
      startedBy: 'release 1.2.3'
    })
    expect(startedBy.message).toContain('startedBy can be up to 128 letters')
  })

  it('propagates the task definition tags with propagateTags TASK_DEFINITION, beside the given ones', async () => {
    const { migrate, describe } = await setup()
    const out = await migrate({
      tags: [{ key: 'release', value: 'v1.2.3' }],
      propagateTags: 'TASK_DEFINITION'
    })
    const task = await describe(out.tasks[0].taskArn)
    expect(out.tasks[0].tags).toEqual([
      { key: 'release', value: 'v1.2.3' },
      { key: 'team', value: 'payments' }
    ])
    expect(task).toMatchObject({ startedBy: 'release-v1-2-3', group: 'family:app' })
  })

  it('answers placement failures in failures[] and starts nothing', async () => {
    const { ecs, call } = await setup()
    ecs.setScenario({ runTaskFailures: [{ reason: 'RESOURCE:MEMORY' }] })
    const out = await call('RunTask', {
      cluster: 'prod',
      taskDefinition: 'app',
      launchType: 'EC2',
      networkConfiguration: network
    })
    expect(out.tasks).toEqual([])
    expect(out.failures).toEqual([
      {
        arn: expect.stringMatching(
          /^arn:aws:ecs:us-east-1:123456789012:container-instance\/prod\/[0-9a-f]{32}$/
        ),
        reason: 'RESOURCE:MEMORY'
      }
    ])
    expect((await call('ListTasks', { cluster: 'prod' })).taskArns).toEqual([])
  })
})

describe('a one-off task with a scripted outcome', () => {
  it('goes PROVISIONING → PENDING → RUNNING → DEPROVISIONING → STOPPED with the scripted exit code', async () => {
    const { ecs, at, describe, migrate } = await setup()
    ecs.setScenario({ runTasks: [{ command: 'migrate', exitCode: 1, runSeconds: 20 }] })
    const arn = (await migrate()).tasks[0].taskArn
    const seen: string[] = []
    for (let second = 0; second <= 40; second++) {
      at(second)
      const status = (await describe(arn)).lastStatus
      if (seen[seen.length - 1] !== status) seen.push(status)
    }
    expect(seen).toEqual(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEPROVISIONING', 'STOPPED'])
    const task = await describe(arn)
    expect(task).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      desiredStatus: 'STOPPED'
    })
    expect(task.containers.map((c: any) => [c.name, c.lastStatus, c.exitCode])).toEqual([
      ['app', 'STOPPED', 1],
      ['log-router', 'STOPPED', 0]
    ])
  })

  it('writes its log lines over time, so a forward token sees each line once as it arrives', async () => {
    const { ecs, at, migrate } = await setup()
    ecs.setScenario({
      runTasks: [
        { command: 'migrate', runSeconds: 30, logLines: ['Flyway 10', 'Migrating to v2', 'Migrating to v3'] }
      ]
    })
    const task = (await migrate()).tasks[0]
    const id = task.taskArn.split('/').pop()
    const logs = new Logs('us-east-1', '123456789012', () => ecs.logStreams())
    const read = (token?: string) =>
      logs.handle('GetLogEvents', {
        logGroupName: '/ecs/app',
        logStreamName: `ecs/app/${id}`,
        startFromHead: true,
        ...(token ? { nextToken: token } : {})
      }) as { events: { message: string }[]; nextForwardToken: string }
    const groups = () =>
      (logs.handle('DescribeLogGroups', { logGroupNamePrefix: '/ecs/app' }) as { logGroups: unknown[] })
        .logGroups
    expect(groups()).toEqual([])
    at(12)
    expect(groups()).toHaveLength(1)
    const first = read()
    expect(first.events.map(e => e.message)).toEqual(['Flyway 10'])
    at(22)
    const second = read(first.nextForwardToken)
    expect(second.events.map(e => e.message)).toEqual(['Migrating to v2'])
    at(60)
    const third = read(second.nextForwardToken)
    expect(third.events.map(e => e.message)).toEqual(['Migrating to v3'])
    expect(read(third.nextForwardToken).events).toEqual([])
  })

  it('fails to start with CannotPullContainerError or ResourceInitializationError, as scripted', async () => {
    const { ecs, at, describe, migrate } = await setup()
    ecs.setScenario({ runTasks: [{ command: 'migrate', failsToStart: 'CannotPullContainerError' }] })
    const pulled = (await migrate()).tasks[0].taskArn
    ecs.setScenario({ runTasks: [{ image: 'app:1', failsToStart: 'ResourceInitializationError' }] })
    const init = (await migrate()).tasks[0].taskArn
    at(30)
    const pull = await describe(pulled)
    expect(pull).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' })
    expect(pull.stoppedReason).toMatch(/^CannotPullContainerError: /)
    expect(pull.containers[0].reason).toBe(pull.stoppedReason)
    expect(pull.startedAt).toBeUndefined()
    const resources = await describe(init)
    expect(resources.stoppedReason).toMatch(/^ResourceInitializationError: /)
    expect(resources.containers.every((c: any) => c.exitCode === undefined)).toBe(true)
  })

  it('runs until StopTask stops it, which becomes its stop reason with stopCode UserInitiated', async () => {
    const { ecs, call, at, describe, migrate } = await setup()
    ecs.setScenario({ runTasks: [{ command: 'migrate', runsUntilStopped: true }] })
    const arn = (await migrate()).tasks[0].taskArn
    at(3600)
    expect((await describe(arn)).lastStatus).toBe('RUNNING')
    await call('StopTask', { cluster: 'prod', task: arn, reason: 'run-task-timeout-minutes (30) reached' })
    at(3700)
    const task = await describe(arn)
    expect(task).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'run-task-timeout-minutes (30) reached'
    })
    expect(task.containers[0].exitCode).toBe(143)
  })

  it('says which scenario field is wrong', async () => {
    const { ecs } = await setup()
    expect(() => ecs.setScenario({ runTasks: [{ comand: 'migrate' }] })).toThrow(
      'scenario.runTasks[0] has no field "comand"'
    )
  })
})

describe('RunTask and StopTask through the real ECS client', () => {
  it('takes the scenario from the control API, and StopTask ends a task that runs until stopped', async () => {
    const emulator = await startEmulator()
    try {
      const { ecs } = clients(emulator.url)
      const scenario = await fetch(`${emulator.url}/_emulator/scenario`, {
        method: 'POST',
        body: JSON.stringify({ runTasks: [{ command: 'migrate', runsUntilStopped: true }] })
      })
      expect(scenario.status).toBe(200)
      await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
      await ecs.send(new RegisterTaskDefinitionCommand(app as never))
      const run = await ecs.send(
        new RunTaskCommand({
          cluster: 'prod',
          taskDefinition: 'app',
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: { ...network.awsvpcConfiguration, assignPublicIp: 'DISABLED' }
          },
          startedBy: 'release-v1-2-3',
          overrides: {
            containerOverrides: [
              {
                name: 'app',
                command: ['java', '-jar', 'app.jar', 'migrate'],
                environment: [{ name: 'MODE', value: 'migrate' }]
              }
            ],
            taskRoleArn: 'arn:aws:iam::123456789012:role/migrations'
          }
        })
      )
      const arn = run.tasks?.[0]?.taskArn ?? ''
      expect(run.failures).toEqual([])
      await ecs.send(new StopTaskCommand({ cluster: 'prod', task: arn, reason: 'timed out' }))
      const task = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arn] }))).tasks?.[0]
      expect(task).toMatchObject({
        desiredStatus: 'STOPPED',
        stopCode: 'UserInitiated',
        stoppedReason: 'timed out',
        startedBy: 'release-v1-2-3'
      })
      expect(task?.overrides?.taskRoleArn).toBe('arn:aws:iam::123456789012:role/migrations')
      const sent = emulator.requests.find(r => r.operation === 'RunTask')
      expect(sent?.status).toBe(200)
    } finally {
      await emulator.stop()
    }
  })
})
