// What the run keeps of a CodeDeploy deployment for the job summary, and how two watches' records join (a run that
// stops its deployment with rollback follows it a second time).
import { describe, expect, it } from '@jest/globals'
import type { ECSTarget } from '@aws-sdk/client-codedeploy'
import { codeDeployTimeline, mergeTimelines, taskSetsLine } from '../../src/rollout/codedeploy-progress.js'
import { mergeEvents } from '../../src/rollout/service-events.js'

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0)
const target: ECSTarget = {
  lifecycleEvents: [
    {
      lifecycleEventName: 'Install',
      status: 'Succeeded',
      startTime: new Date(T0),
      endTime: new Date(T0 + 30_000)
    },
    {
      lifecycleEventName: 'AfterInstall',
      status: 'Failed',
      startTime: new Date(T0 + 30_000),
      diagnostics: { message: 'check-green returned Failed' }
    },
    { lifecycleEventName: 'AllowTraffic', status: 'Pending' }
  ],
  taskSetsInfo: [
    {
      identifer: 'ecs-svc/2',
      taskSetLabel: 'Green',
      trafficWeight: 0,
      desiredCount: 2,
      runningCount: 1,
      status: 'ACTIVE'
    },
    {
      identifer: 'ecs-svc/1',
      taskSetLabel: 'Blue',
      trafficWeight: 100,
      desiredCount: 2,
      runningCount: 2,
      status: 'PRIMARY'
    }
  ]
}

describe('the CodeDeploy timeline', () => {
  it('keeps each lifecycle event with its status, times and message, and the task sets blue first', () => {
    expect(codeDeployTimeline('d-AAAAAAAAA', { status: 'Failed' }, target)).toEqual({
      deploymentId: 'd-AAAAAAAAA',
      status: 'Failed',
      lifecycleEvents: [
        { name: 'Install', status: 'Succeeded', startedAt: T0, endedAt: T0 + 30_000 },
        {
          name: 'AfterInstall',
          status: 'Failed',
          startedAt: T0 + 30_000,
          message: 'check-green returned Failed'
        },
        { name: 'AllowTraffic', status: 'Pending' }
      ],
      taskSets: [
        { label: 'Blue', id: 'ecs-svc/1', trafficWeight: 100, running: 2, desired: 2, status: 'PRIMARY' },
        { label: 'Green', id: 'ecs-svc/2', trafficWeight: 0, running: 1, desired: 2, status: 'ACTIVE' }
      ]
    })
    expect(taskSetsLine(target)).toBe(
      'Task sets: blue ecs-svc/1 100 % traffic, 2/2 running (PRIMARY) | green ecs-svc/2 0 % traffic, 1/2 running (ACTIVE)'
    )
    expect(codeDeployTimeline('d-RRRRRRRRR', undefined, undefined, 'd-AAAAAAAAA')).toEqual({
      deploymentId: 'd-RRRRRRRRR',
      rollbackOf: 'd-AAAAAAAAA',
      lifecycleEvents: [],
      taskSets: []
    })
  })

  it('two watches: each deployment once, the later look winning, in the order first followed; events once each', () => {
    const ours = (status: string) => ({ deploymentId: 'd-A', status, lifecycleEvents: [], taskSets: [] })
    const rollback = {
      deploymentId: 'd-R',
      rollbackOf: 'd-A',
      status: 'Succeeded',
      lifecycleEvents: [],
      taskSets: []
    }
    expect(mergeTimelines([ours('InProgress')], [ours('Stopped'), rollback])).toEqual([
      ours('Stopped'),
      rollback
    ])
    expect(mergeTimelines(undefined, undefined)).toEqual([])
    const e = (s: number, message: string) => ({ createdAt: new Date(T0 + s * 1000), message })
    expect(mergeEvents([e(1, 'a'), e(3, 'c')], [e(3, 'c'), e(2, 'b')])).toEqual([
      e(1, 'a'),
      e(2, 'b'),
      e(3, 'c')
    ])
  })
})
