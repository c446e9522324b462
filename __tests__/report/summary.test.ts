import { describe, expect, it } from '@jest/globals'
import { formatBytes, renderSummary, type RunReport } from '../../src/report/summary.js'

const release = {
  event: 'release',
  version: '1.4.0',
  sha: '0123456789abcdef0123456789abcdef01234567',
  shortSha: '0123456',
  ref: 'v1.4.0',
  runNumber: 7,
  runAttempt: 1,
  prerelease: false,
  releaseName: 'Spring | cleanup',
  releaseUrl: 'https://github.com/acme/web/releases/tag/v1.4.0',
  commitUrl: 'https://github.com/acme/web/commit/0123456789abcdef0123456789abcdef01234567'
}

const success: RunReport = {
  dryRun: false,
  ok: true,
  headline: 'web serves web:8 (deployment ecs-svc/123 completed) in 1m03s.',
  release,
  cluster: 'prod',
  service: 'web',
  region: 'eu-west-1',
  image: {
    uri: '127.0.0.1:5000/web:1.4.0-0123456',
    tag: '1.4.0-0123456',
    digest: 'sha256:abc',
    sizeBytes: 5 * 1024 * 1024
  },
  taskDefinition: {
    family: 'web',
    previousArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7',
    arn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8',
    revision: 8,
    registered: true,
    changes: ['app: image 127.0.0.1:5000/web:1.3.0 → 127.0.0.1:5000/web:1.4.0-0123456']
  },
  deploymentId: 'ecs-svc/123',
  rolloutState: 'COMPLETED',
  stages: [
    { stage: 'Java build', ms: 12_300, note: 'maven' },
    { stage: 'Rollout', ms: 63_000, note: 'COMPLETED' }
  ],
  events: [
    { createdAt: new Date('2026-11-23T12:00:05Z'), message: '(service web) has reached a steady state.' }
  ]
}

describe('renderSummary', () => {
  it('tells a successful release at a glance', () => {
    const md = renderSummary(success)
    expect(md).toContain('## ✅ Release to web on prod')
    expect(md).toContain(
      '| Release | [Spring \\| cleanup](https://github.com/acme/web/releases/tag/v1.4.0) (version `1.4.0`, release) |'
    )
    expect(md).toContain('| Digest | `sha256:abc` |')
    expect(md).toContain('| Size | 5.0 MiB |')
    expect(md).toContain('| Task definition | `web:7` → `web:8` |')
    expect(md).toContain('| Java build | 12s | maven |')
    expect(md).toContain('- app: image 127.0.0.1:5000/web:1.3.0 → 127.0.0.1:5000/web:1.4.0-0123456')
    expect(md).toContain('| 12:00:05 | has reached a steady state. |')
    expect(md).not.toContain('Why it failed')
  })

  it('makes the release the head of the facts table, and names the deployment with its state', () => {
    const lines = renderSummary(success).split('\n')
    const head = lines.findIndex(l => l.startsWith('| Release |'))
    expect(lines[head + 1]).toBe('|:---|:---|')
    expect(lines).toContain('| Deployment | `ecs-svc/123` **COMPLETED** |')
    expect(lines.filter(l => l.startsWith('| Rollout |'))).toEqual(['| Rollout | 1m03s | COMPLETED |'])
    expect(renderSummary({ ...success, rolloutState: 'ROLLED_BACK' })).toContain(
      '| Deployment | `ecs-svc/123` **ROLLED_BACK** (failed, rolled back) |'
    )
    expect(renderSummary({ ...success, rolloutState: 'SKIPPED' })).toContain(
      '**SKIPPED** (started, not followed)'
    )
  })

  it('adds up the stages', () => {
    expect(renderSummary(success)).toContain('| **Total** | **1m15s** | |')
  })

  it('lists service events in a table, open while short, folded when long', () => {
    const event = (i: number) => ({
      createdAt: new Date(Date.UTC(2026, 10, 23, 12, 0, i)),
      message: `(service web) event ${i} | with a pipe`
    })
    const short = renderSummary({ ...success, events: [event(1), event(2)] })
    expect(short).toContain('<details open>\n<summary>Service events during the rollout (UTC)</summary>')
    expect(short).toContain('| 12:00:01 | event 1 \\| with a pipe |')
    const long = renderSummary({ ...success, events: Array.from({ length: 40 }, (_, i) => event(i)) })
    expect(long).toContain(
      '<details>\n<summary>Service events during the rollout (UTC, last 30 of 40)</summary>'
    )
    expect(long).not.toContain('| 12:00:09 |')
    expect(long).toContain('| 12:00:39 |')
    // Another service's name stays: only the prefix naming this service is redundant.
    expect(
      renderSummary({
        ...success,
        events: [{ createdAt: new Date(0), message: '(service api) has started 1 tasks' }]
      })
    ).toContain('| (service api) has started 1 tasks |')
  })

  it('puts the cause and the stopped-task reasons first on a failure', () => {
    const md = renderSummary({
      ...success,
      ok: false,
      headline: 'Failed: Tasks of web:8 failed to start',
      rolloutState: 'FAILED',
      failure: {
        cause: 'Tasks of web:8 failed to start: CannotPullContainerError',
        details: ['task 1a2b: Essential container in task exited', 'app exited with code 1 ```']
      }
    })
    expect(md).toContain('## ❌ Release to web on prod')
    expect(md).toContain('### Why it failed\n\n**Tasks of web:8 failed to start: CannotPullContainerError**')
    expect(md).toContain("app exited with code 1 '''")
    expect(md.indexOf('Why it failed')).toBeLessThan(md.indexOf('Time per stage'))
    // The cause leads, right under the title; the headline would only say it again.
    expect(md.split('\n').slice(0, 3)).toEqual(['## ❌ Release to web on prod', '', '### Why it failed'])
    expect(md).not.toContain('Failed: Tasks of web:8 failed to start')
  })

  it('shows the stopped tasks as a table and each distinct log tail once, with the full explanation folded', () => {
    const crashed = (id: string, second: number) => ({
      taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/prod/${id}`,
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8',
      stoppedReason: 'Essential container in task exited',
      stoppedAt: new Date(Date.UTC(2026, 10, 23, 12, 1, second)),
      containers: [
        {
          name: 'app',
          exitCode: 3,
          logTail: ['Starting web', 'IllegalStateException: DATABASE_PASSWORD is not set']
        }
      ]
    })
    const md = renderSummary({
      ...success,
      ok: false,
      rolloutState: 'FAILED',
      failure: {
        cause: 'Essential container "app" of web:8 exited with code 3',
        details: ['Task 1a2b3c4d5e6f7a8b stopped', 'Last service events:']
      },
      stoppedTasks: [crashed('1a2b3c4d5e6f7a8b9c0d', 2), crashed('ffff3c4d5e6f7a8b9c0d', 1)]
    })
    expect(md).toContain('| Task | Stopped (UTC) | Reason | Containers |')
    // Oldest first.
    expect(md).toContain(
      '| `ffff3c4d5e6f` web:8 | 12:01:01 | Essential container in task exited | `app` exit code 3 |\n' +
        '| `1a2b3c4d5e6f` web:8 | 12:01:02 | Essential container in task exited | `app` exit code 3 |'
    )
    expect(md.match(/DATABASE_PASSWORD is not set/g)).toHaveLength(1)
    expect(md).toContain(
      'Last log lines of `app` (task `ffff3c4d5e6f`):\n\n```text\nStarting web\nIllegalStateException: DATABASE_PASSWORD is not set\n```'
    )
    expect(md).toContain(
      '<details><summary>The whole explanation, as in the log</summary>\n\n```text\nTask 1a2b3c4d5e6f7a8b stopped'
    )
  })

  it('keeps a failure without stopped tasks (a build error) in plain sight', () => {
    const md = renderSummary({
      ...success,
      ok: false,
      failure: { cause: 'Java build failed', details: ['[ERROR] COMPILATION ERROR'] }
    })
    expect(md).toContain('**Java build failed**\n\n```text\n[ERROR] COMPILATION ERROR\n```')
    expect(md).not.toContain('The whole explanation')
  })

  it('marks a dry run and a reused image', () => {
    const md = renderSummary({
      ...success,
      dryRun: true,
      image: { ...success.image!, reused: true },
      plan: ['Update service web'],
      iamPolicy: '{"Version":"2012-10-17"}'
    })
    expect(md).toContain('## 📝 Dry run: Release to web on prod')
    expect(md).toContain('(already in ECR: not rebuilt)')
    expect(md).toContain('### Plan\n\n- Update service web')
    expect(md).toContain('```json\n{"Version":"2012-10-17"}\n```')
  })
})

describe('formatting', () => {
  // Durations: __tests__/duration.test.ts.
  it('formats sizes for people', () => {
    expect(formatBytes(900)).toBe('900 B')
    expect(formatBytes(2048)).toBe('2.0 KiB')
  })
})

describe('the lifecycle stages of a service deployment', () => {
  it('a timeline: when each stage began and how long it took, the last one going on', () => {
    const at = (s: number) => Date.UTC(2026, 11, 1, 12, 0, s)
    const md = renderSummary({
      ...success,
      timeline: [
        { stage: 'SCALE_UP', startedAt: at(0), endedAt: at(40) },
        { stage: 'BAKE_TIME', startedAt: at(40), endedAt: at(940) },
        { stage: 'CLEAN_UP', startedAt: at(940) }
      ]
    })
    expect(md).toContain(
      [
        '### Lifecycle stages',
        '',
        '| Stage | Began (UTC) | Took |',
        '|:---|:---|---:|',
        '| SCALE_UP | 12:00:00 | 40s |',
        '| BAKE_TIME | 12:00:40 | 15m00s |',
        '| CLEAN_UP | 12:15:40 | going on |'
      ].join('\n')
    )
    expect(renderSummary(success)).not.toContain('Lifecycle stages')
  })
})

describe('a CodeDeploy deployment', () => {
  it('its lifecycle events and task sets, and the service events, in the summary', () => {
    const at = (s: number) => Date.UTC(2026, 11, 1, 12, 0, s)
    const md = renderSummary({
      ...success,
      events: [{ createdAt: new Date(at(50)), message: '(service web) has reached a steady state.' }],
      codeDeploy: [
        {
          deploymentId: 'd-AAAAAAAAA',
          status: 'Succeeded',
          lifecycleEvents: [{ name: 'Install', status: 'Succeeded', startedAt: at(2), endedAt: at(32) }],
          taskSets: [
            { label: 'Green', id: 'ecs-svc/2', trafficWeight: 100, running: 2, desired: 2, status: 'PRIMARY' }
          ]
        }
      ]
    })
    expect(md).toContain('### CodeDeploy deployment d-AAAAAAAAA: Succeeded')
    expect(md).toContain('| Install | Succeeded | 12:00:02 | 30s |')
    expect(md).toContain('| Green ecs-svc/2 | 100 % | 2/2 | PRIMARY |')
    expect(md).toContain('| 12:00:50 | has reached a steady state. |')
    expect(renderSummary(success)).not.toContain('### CodeDeploy')
  })
})
