import { describe, it, expect, beforeEach } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { createLogSource } from '../../src/aws/logs.js'
import { isRetryable } from '../../src/rollout/cadence.js'
import { createEcsApi as createRolloutSource } from '../../src/aws/ecs.js'
import { OURS, taskArn, td } from '../../__fixtures__/rollout-fakes.js'

const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })

describe('createRolloutSource', () => {
  const ecs = mockClient(ECSClient)
  const client = new ECSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
  })
  beforeEach(() => {
    ecs.reset()
  })

  it('describes one service, and gives undefined when ECS lists it as missing', async () => {
    ecs
      .on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] })
      .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE' }] })
    ecs
      .on(DescribeServicesCommand, { cluster: 'prod', services: ['gone'] })
      .resolves({ services: [], failures: [{ arn: 'gone', reason: 'MISSING' }] })
    const source = createRolloutSource(client)
    expect(await source.describeService('prod', 'web')).toEqual({ serviceName: 'web', status: 'ACTIVE' })
    expect(await source.describeService('prod', 'gone')).toBeUndefined()
  })

  it('keeps a throttling error recognisable after rewording it', async () => {
    ecs.on(DescribeServicesCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'))
    const error = await createRolloutSource(client)
      .describeService('prod', 'web')
      .catch(e => e as Error)
    expect((error as Error).message).toContain(
      'Reading service web in cluster prod (ecs:DescribeServices): ThrottlingException: Rate exceeded'
    )
    expect(isRetryable(error)).toBe(true)
  })

  it('lists stopped tasks of one deployment across pages, filtering by startedBy and desired status', async () => {
    ecs
      .on(ListTasksCommand, { nextToken: undefined })
      .resolves({ taskArns: [taskArn('a'), taskArn('b')], nextToken: 'page2' })
      .on(ListTasksCommand, { nextToken: 'page2' })
      .resolves({ taskArns: [taskArn('c')] })
    expect(await createRolloutSource(client).listStoppedTasks('prod', 'web', OURS)).toEqual([
      taskArn('a'),
      taskArn('b'),
      taskArn('c')
    ])
    const inputs = ecs.commandCalls(ListTasksCommand).map(c => c.args[0].input)
    expect(inputs[0]).toEqual({
      cluster: 'prod',
      startedBy: OURS,
      desiredStatus: 'STOPPED',
      nextToken: undefined
    })
    expect(inputs).toHaveLength(2)
  })

  it('describes tasks in batches of at most 100', async () => {
    const arns = Array.from({ length: 150 }, (_, i) => taskArn(`t${i}`))
    ecs.on(DescribeTasksCommand).callsFake(input => ({
      tasks: (input.tasks as string[]).map(taskArn => ({ taskArn, lastStatus: 'STOPPED' }))
    }))
    const tasks = await createRolloutSource(client).describeTasks('prod', arns)
    expect(tasks.map(t => t.taskArn)).toEqual(arns)
    expect(ecs.commandCalls(DescribeTasksCommand).map(c => c.args[0].input.tasks?.length)).toEqual([100, 50])
  })

  it('reads a task definition by ARN', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand, { taskDefinition: td(8) })
      .resolves({ taskDefinition: { family: 'web', revision: 8 } })
    expect(await createRolloutSource(client).describeTaskDefinition(td(8))).toEqual({
      family: 'web',
      revision: 8
    })
  })
})

describe('createLogSource', () => {
  const logs = mockClient(CloudWatchLogsClient)
  const client = new CloudWatchLogsClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
  })
  beforeEach(() => {
    logs.reset()
  })

  it('reads the last lines of a stream from its end, oldest first', async () => {
    logs
      .on(GetLogEventsCommand)
      .resolves({ events: [{ message: 'Starting\n' }, { message: 'Exception in thread "main"' }] })
    expect(await createLogSource(client).tail('eu-west-1', '/ecs/web', 'web/app/abc', 20)).toEqual([
      'Starting',
      'Exception in thread "main"'
    ])
    expect(logs.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toEqual({
      logGroupName: '/ecs/web',
      logStreamName: 'web/app/abc',
      startFromHead: false,
      limit: 20
    })
  })

  it('turns a missing stream or a denied read into a note-worthy message', async () => {
    const source = createLogSource(client)
    logs
      .on(GetLogEventsCommand)
      .rejects(awsError('ResourceNotFoundException', 'The specified log stream does not exist.'))
    await expect(source.tail(undefined, '/ecs/web', 'web/app/abc', 20)).rejects.toThrow(
      'log stream /ecs/web/web/app/abc does not exist (the container may never have written to it)'
    )
    logs.reset()
    logs
      .on(GetLogEventsCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User: arn:aws:iam::1:user/ci is not authorized to perform: logs:GetLogEvents on resource: x'
        )
      )
    await expect(source.tail(undefined, '/ecs/web', 'web/app/abc', 20)).rejects.toThrow(
      'not allowed to read /ecs/web (grant logs:GetLogEvents on that log group to show container logs)'
    )
  })

  it('uses a client of the stream region when awslogs-region differs', async () => {
    logs.on(GetLogEventsCommand).resolves({ events: [] })
    const regions: string[] = []
    const source = createLogSource(client, region => {
      regions.push(region)
      return new CloudWatchLogsClient({
        region,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
      })
    })
    await source.tail('us-east-1', '/ecs/web', 's1', 5)
    await source.tail('us-east-1', '/ecs/web', 's2', 5)
    await source.tail('eu-west-1', '/ecs/web', 's3', 5)
    expect(regions).toEqual(['us-east-1'])
    expect(logs.commandCalls(GetLogEventsCommand)).toHaveLength(3)
  })
})
