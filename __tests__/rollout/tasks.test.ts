import { describe, expect, it } from '@jest/globals'
import { AwsCallError } from '../../src/aws/errors.js'
import { FakeClock } from '../../__fixtures__/clock.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import { StoppedTasks } from '../../src/rollout/tasks.js'
import type { RolloutSource } from '../../src/rollout/types.js'
import { OURS, request, taskArn } from '../../__fixtures__/rollout-fakes.js'

const denial = (action: string, resource: string) =>
  Object.assign(
    new Error(
      `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ${action} on resource: ${resource} ` +
        `because no identity-based policy allows the ${action} action`
    ),
    { name: 'AccessDeniedException' }
  )

function source(overrides: Partial<RolloutSource>): RolloutSource {
  return {
    describeService: async () => undefined,
    listStoppedTasks: async () => [],
    describeTasks: async () => [],
    describeTaskDefinition: async () => undefined,
    ...overrides
  }
}

describe('StoppedTasks without the permission to read tasks', () => {
  it('warns once, naming the missing action, when ListTasks is denied, and goes on without tasks', async () => {
    const logger = new RecordingLogger()
    const tasks = new StoppedTasks(request(), {
      source: source({
        listStoppedTasks: () =>
          Promise.reject(
            new AwsCallError('Listing stopped tasks (ecs:ListTasks)', denial('ecs:ListTasks', '*'))
          )
      }),
      clock: new FakeClock(),
      logger
    })

    expect(await tasks.refresh()).toEqual([])
    expect(await tasks.refresh()).toEqual([])

    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]?.annotation).toEqual({ title: 'Missing permission' })
    expect(logger.warnings[0]?.message).toContain('AWS denied ecs:ListTasks on *')
    expect(logger.warnings[0]?.message).toContain("without the stopped tasks' reasons")
  })

  it('warns when DescribeTasks is denied too, and stays quiet (debug) for other failures', async () => {
    const logger = new RecordingLogger()
    const arn = taskArn('a1')
    const tasks = new StoppedTasks(request(), {
      source: source({
        listStoppedTasks: async () => [arn],
        describeTasks: () =>
          Promise.reject(
            new AwsCallError('Reading stopped tasks (ecs:DescribeTasks)', denial('ecs:DescribeTasks', arn))
          )
      }),
      clock: new FakeClock(),
      logger
    })
    await tasks.refresh()
    expect(logger.warnings.map(w => w.message)).toEqual([
      expect.stringContaining(`AWS denied ecs:DescribeTasks on ${arn}`)
    ])

    const quiet = new RecordingLogger()
    const throttled = new StoppedTasks(request(), {
      source: source({
        listStoppedTasks: () =>
          Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      }),
      clock: new FakeClock(),
      logger: quiet
    })
    await throttled.refresh()
    expect(quiet.warnings).toEqual([])
    expect(quiet.text()).toContain(`::debug::Could not list stopped tasks of ${OURS}`)
  })
})
