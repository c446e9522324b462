// What a person reads of a release of several services: a row per service in the summary, a map in the outputs.
import { describe, expect, it } from '@jest/globals'
import { outputsOf } from '../../src/report/outputs.js'
import { endingOf, reportOf, type RunRecord, type ServiceRecord } from '../../src/report/record.js'
import { renderSummary } from '../../src/report/summary.js'
import type { RolloutResult } from '../../src/rollout/types.js'
import type { Settings } from '../../src/settings/index.js'

const td = (family: string, revision: number) =>
  `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`
const rollout = (outcome: RolloutResult['outcome']): RolloutResult => ({
  outcome,
  ok: outcome === 'COMPLETED',
  cause: outcome,
  details: [],
  events: [],
  stoppedTasks: [],
  finishedAt: 0,
  polls: 3
})
const service = (name: string, extra: Partial<ServiceRecord> = {}): ServiceRecord => ({
  name,
  cluster: 'prod',
  service: name,
  family: name,
  previousArn: td(name, 7),
  registered: { arn: td(name, 8), revision: 8, isNew: true },
  started: { id: `ecs-svc/${name}`, alreadyServing: false },
  rollout: rollout('COMPLETED'),
  startedAt: 1_000,
  finishedAt: 61_000,
  ...extra
})
const settings = {
  mode: { kind: 'deploy' },
  waitForServiceStability: true,
  dryRun: false
} as unknown as Settings

describe('a release of several services', () => {
  it('has a row per service in the summary and an entry per service in the outputs', () => {
    const services = [
      service('web', { rollout: rollout('ROLLED_BACK'), rolledBackWithRelease: true }),
      service('worker', { rollout: rollout('ROLLED_BACK') }),
      service('cron', { registered: undefined, started: undefined, rollout: undefined, startedAt: undefined })
    ]
    const record: RunRecord = { settings, stages: [], services, started: services[0]!.started }
    const ending = endingOf(record, new Error('worker: the rollout failed'))
    const summary = renderSummary(reportOf(record, ending))
    expect(summary).toContain('| Service | Task definition | Deployment | Result | Time |')
    expect(summary).toContain(
      '| `web` in `prod` | `web:7` → `web:8` | `ecs-svc/web` | **ROLLED_BACK** (completed, rolled back with the release) | 1m00s |'
    )
    expect(summary).toContain(
      '| `worker` in `prod` | `worker:7` → `worker:8` | `ecs-svc/worker` | **ROLLED_BACK** (failed, rolled back) |'
    )
    expect(summary).toContain('| `cron` in `prod` | `cron:7` → — |  | **NOT_UPDATED** (not updated) |  |')

    const outputs = Object.fromEntries(outputsOf(record, ending))
    expect(JSON.parse(outputs.services!)).toEqual({
      web: {
        cluster: 'prod',
        service: 'web',
        'task-definition-arn': td('web', 8),
        'task-definition-revision': 8,
        'deployment-id': 'ecs-svc/web',
        'rollout-state': 'ROLLED_BACK',
        'previous-task-definition-arn': td('web', 7)
      },
      worker: expect.objectContaining({ 'rollout-state': 'ROLLED_BACK' }),
      cron: {
        cluster: 'prod',
        service: 'cron',
        'rollout-state': 'NOT_UPDATED',
        'previous-task-definition-arn': td('cron', 7)
      }
    })
    // The single-service outputs describe the first service.
    expect(outputs['deployment-id']).toBe('ecs-svc/web')
  })

  it('ends COMPLETED only when every service completed, and says when nothing was to deploy', () => {
    const done: RunRecord = {
      settings,
      stages: [{ stage: 'Rollout', ms: 2000 }],
      services: [service('web'), service('worker')]
    }
    expect(endingOf(done)).toMatchObject({
      ok: true,
      rolloutState: 'COMPLETED',
      headline: '2 services serve the release: web (web:8), worker (worker:8), in 2s.'
    })
    const serving = { id: 'ecs-svc/x', alreadyServing: true }
    const again: RunRecord = {
      settings,
      stages: [],
      services: [
        service('web', { started: serving, rollout: undefined }),
        service('worker', { started: serving, rollout: undefined })
      ]
    }
    expect(endingOf(again).headline).toBe(
      'web (web:8), worker (worker:8) already serve this release: nothing to deploy.'
    )
    const notFollowed: RunRecord = {
      settings: { ...settings, waitForServiceStability: false },
      stages: [],
      services: [service('web', { rollout: undefined }), service('worker', { rollout: undefined })]
    }
    expect(endingOf(notFollowed).rolloutState).toBe('SKIPPED')
  })

  it('a single service keeps the single-service summary, without the services table', () => {
    const record: RunRecord = { settings, stages: [], services: [service('web')] }
    expect(renderSummary(reportOf(record, endingOf(record)))).not.toContain('### Services')
  })

  it('a service rolled back while its own rollout was in progress, and services a cancelled run was following', () => {
    const stopped: RunRecord = {
      settings,
      stages: [],
      services: [
        service('web', {
          rollout: rollout('ROLLED_BACK'),
          rolledBackWithRelease: true,
          stoppedMidRollout: true
        }),
        service('worker', { rollout: rollout('ROLLED_BACK') })
      ]
    }
    expect(renderSummary(reportOf(stopped, endingOf(stopped, new Error('worker failed'))))).toContain(
      '**ROLLED_BACK** (stopped mid-rollout, rolled back with the release)'
    )
    const cancelled: RunRecord = {
      settings,
      stages: [],
      services: [service('web', { rollout: undefined }), service('worker', { rollout: undefined })],
      cancellation: { signal: 'SIGINT', onCancel: 'rollback', lines: ['web: on-cancel is rollback: ...'] }
    }
    const outputs = Object.fromEntries(outputsOf(cancelled, endingOf(cancelled, new Error('cancelled'))))
    const states = JSON.parse(outputs.services!) as Record<string, Record<string, unknown>>
    expect([states.web?.['rollout-state'], states.worker?.['rollout-state']]).toEqual([
      'CANCELLED',
      'CANCELLED'
    ])
  })
})
