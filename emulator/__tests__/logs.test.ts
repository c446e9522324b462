import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { startEmulator, type Emulator } from '../index.js'
import { Logs, matchesFilter } from '../logs.js'
import { clients, failure } from './support.js'

describe('Logs over the ECS model streams', () => {
  it('merges what the model wrote with scripted events, in time order', () => {
    const model = new Map([
      ['/ecs/web\necs/web/task1', [{ timestamp: 2000, message: 'Started Application in 2.1 seconds' }]]
    ])
    const logs = new Logs('us-east-1', '123456789012', () => model)
    logs.addEvents('/ecs/web', 'ecs/web/task1', [{ timestamp: 1000, message: 'Starting Application' }])
    const out = logs.handle('GetLogEvents', {
      logGroupName: '/ecs/web',
      logStreamName: 'ecs/web/task1',
      startFromHead: true
    }) as {
      events: { message: string }[]
    }
    expect(out.events.map(e => e.message)).toEqual([
      'Starting Application',
      'Started Application in 2.1 seconds'
    ])
  })

  it('matches filter patterns term by term, keeping quoted phrases whole', () => {
    expect(matchesFilter('ERROR Exception', 'ERROR java.lang.IllegalStateException: boom')).toBe(true)
    expect(matchesFilter('"Connection refused"', 'java.net.ConnectException: Connection refused')).toBe(true)
    expect(matchesFilter('"refused Connection"', 'java.net.ConnectException: Connection refused')).toBe(false)
    expect(matchesFilter(undefined, 'anything')).toBe(true)
  })

  it('names log streams and log groups in its IAM checks', () => {
    const logs = new Logs('us-east-1', '123456789012', () => new Map())
    expect(logs.iamChecks('GetLogEvents', { logGroupName: '/ecs/web', logStreamName: 'ecs/web/1' })).toEqual([
      {
        action: 'logs:GetLogEvents',
        resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:ecs/web/1'
      }
    ])
    expect(logs.iamChecks('FilterLogEvents', { logGroupName: '/ecs/web' })).toEqual([
      { action: 'logs:FilterLogEvents', resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*' }
    ])
  })
})

describe('CloudWatch Logs with the real SDK', () => {
  let emulator: Emulator
  let logs: ReturnType<typeof clients>['logs']
  beforeAll(async () => {
    emulator = await startEmulator()
    logs = clients(emulator.url).logs
    emulator.addLogEvents('/ecs/web', 'ecs/web/abc', [
      { timestamp: 1000, message: 'Starting Application' },
      { timestamp: 2000, message: 'ERROR Unable to connect to database' },
      { timestamp: 3000, message: 'Application failed to start' }
    ])
    emulator.addLogEvents('/ecs/web', 'ecs/web/def', [
      { timestamp: 1500, message: 'ERROR Port 8080 already in use' }
    ])
  })
  afterAll(async () => {
    logs.destroy()
    await emulator.stop()
  })

  it('GetLogEvents returns the newest events by default and pages with tokens', async () => {
    const last = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/web/abc', limit: 2 })
    )
    expect(last.events?.map(e => e.message)).toEqual([
      'ERROR Unable to connect to database',
      'Application failed to start'
    ])
    const earlier = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/web',
        logStreamName: 'ecs/web/abc',
        limit: 2,
        nextToken: last.nextBackwardToken
      })
    )
    expect(earlier.events?.map(e => e.message)).toEqual(['Starting Application'])
    const head = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/web',
        logStreamName: 'ecs/web/abc',
        startFromHead: true,
        limit: 1
      })
    )
    expect(head.events?.[0]?.timestamp).toBe(1000)
  })

  it('FilterLogEvents searches all streams of a group', async () => {
    const found = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: 'ERROR' })
    )
    expect(found.events?.map(e => [e.logStreamName, e.message])).toEqual([
      ['ecs/web/def', 'ERROR Port 8080 already in use'],
      ['ecs/web/abc', 'ERROR Unable to connect to database']
    ])
  })

  it('answers ResourceNotFoundException for an unknown group or stream', async () => {
    expect(
      await failure(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/none', logStreamName: 'x' })))
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.'
    })
    expect(
      await failure(logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'x' })))
    ).toMatchObject({
      message: 'The specified log stream does not exist.'
    })
  })
})
