// The endings of a run and its outputs, from the record alone.
import { describe, expect, it } from '@jest/globals'
import { outputsOf } from '../../src/report/outputs.js'
import { endingOf, rolloutFailure, type RunRecord } from '../../src/report/record.js'
import type { RolloutResult } from '../../src/rollout/types.js'
import { readSettings } from '../../src/settings/index.js'

const arn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8'
const settings = (given: Record<string, string> = {}) => {
  const all: Record<string, string> = {
    'task-definition': 'td.json',
    'ecr-repository': 'web',
    service: 'web',
    'aws-region': 'eu-west-1',
    ...given
  }
  return readSettings(name => all[name] ?? '', { GITHUB_WORKSPACE: '/ws' })
}
const rollout = (over: Partial<RolloutResult>): RolloutResult => ({
  outcome: 'COMPLETED',
  ok: true,
  cause: '',
  details: [],
  events: [],
  stoppedTasks: [],
  finishedAt: 0,
  polls: 1,
  ...over
})
const deployed = (over: Partial<RunRecord>): RunRecord => ({
  settings: settings(),
  registered: { arn, revision: 8, isNew: true },
  started: { id: 'ecs-svc/2', alreadyServing: false },
  stages: [{ stage: 'Rollout', ms: 65_000 }],
  ...over
})

describe('endingOf', () => {
  it('a dry run ends with nothing changed', () => {
    expect(endingOf({ settings: settings({ 'dry-run': 'true' }), stages: [] })).toEqual({
      ok: true,
      headline: 'Dry run: nothing was built, pushed, registered or updated.'
    })
  })

  it('a completed rollout names the service, the revision, the deployment and the time', () => {
    expect(endingOf(deployed({ rollout: rollout({}) }))).toEqual({
      ok: true,
      rolloutState: 'COMPLETED',
      headline: 'web serves web:8 (deployment ecs-svc/2 completed) in 1m05s.'
    })
  })

  it('a service that already serves the revision, and a rollout not followed', () => {
    expect(endingOf(deployed({ started: { id: 'ecs-svc/1', alreadyServing: true } }))).toMatchObject({
      rolloutState: 'COMPLETED',
      headline: 'web already serves web:8: nothing to deploy.'
    })
    expect(endingOf(deployed({}))).toMatchObject({
      rolloutState: 'SKIPPED',
      headline: 'Deployment ecs-svc/2 started; not followed (wait-for-service-stability is false).'
    })
  })

  it('a failure leads with its first line; the rest and the rollout details go to the summary', () => {
    const failed = rollout({ outcome: 'ROLLED_BACK', ok: false, cause: 'Tasks failed', details: ['a', 'b'] })
    const ending = endingOf(deployed({ rollout: failed }), rolloutFailure(failed))
    expect(ending).toEqual({
      ok: false,
      headline: 'Failed: Tasks failed',
      rolloutState: 'ROLLED_BACK',
      failure: {
        message: 'Tasks failed',
        title: 'Rollout failed and was rolled back',
        cause: 'Tasks failed',
        details: ['a', 'b']
      }
    })
    expect(endingOf({ stages: [] }, 'boom').failure?.title).toBe('Deploy failed')
  })
})

describe('outputsOf', () => {
  it('gives what the run got to, and the rollout state of its ending', () => {
    const record = deployed({ rollout: rollout({}) })
    expect(Object.fromEntries(outputsOf(record, endingOf(record)))).toEqual({
      'task-definition-arn': arn,
      'task-definition-revision': '8',
      'deployment-id': 'ecs-svc/2',
      'rollout-state': 'COMPLETED'
    })
  })
})

describe('a service deployment left going or waiting', () => {
  const sdArn = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl'
  const started = { id: 'ecs-svc/2', serviceDeploymentArn: sdArn, alreadyServing: false }

  it('wait-until a stage: green, rollout-state the stage it was left in, the cause as the headline', () => {
    const record = deployed({
      started,
      rollout: rollout({
        outcome: 'STAGE_REACHED',
        stage: 'BAKE_TIME',
        cause: 'Service deployment r2Dp4WQxl of web:8 reached BAKE_TIME healthy'
      })
    })
    const ending = endingOf(record)
    expect(ending).toEqual({
      ok: true,
      rolloutState: 'BAKE_TIME',
      headline: 'Service deployment r2Dp4WQxl of web:8 reached BAKE_TIME healthy'
    })
    expect(Object.fromEntries(outputsOf(record, ending))).toMatchObject({
      'rollout-state': 'BAKE_TIME',
      'service-deployment-arn': sdArn
    })
  })

  it('on-pause exit: PAUSED, with the service deployment and the hook to continue', () => {
    const record = deployed({
      started,
      rollout: rollout({
        outcome: 'PAUSED',
        hookId: 'ecs-pause-abc',
        stage: 'POST_TEST_TRAFFIC_SHIFT',
        cause: 'waits'
      })
    })
    const outputs = Object.fromEntries(outputsOf(record, endingOf(record)))
    expect(outputs).toMatchObject({
      'rollout-state': 'PAUSED',
      'service-deployment-arn': sdArn,
      'hook-id': 'ecs-pause-abc'
    })
  })
})
