import { describe, expect, it } from '@jest/globals'
import { formatBytes, formatDuration, renderSummary, type RunReport } from '../src/report/summary.js'

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
  headline: 'web serves web:8 (deployment ecs-svc/123 completed) in 1 min 3 s.',
  release,
  cluster: 'prod',
  service: 'web',
  region: 'eu-west-1',
  image: { uri: '127.0.0.1:5000/web:1.4.0-0123456', tag: '1.4.0-0123456', digest: 'sha256:abc', sizeBytes: 5 * 1024 * 1024 },
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
  events: [{ createdAt: new Date('2026-11-23T12:00:05Z'), message: '(service web) has reached a steady state.' }]
}

describe('renderSummary', () => {
  it('tells a successful release at a glance', () => {
    const md = renderSummary(success)
    expect(md).toContain('## ✅ Release to web on prod')
    expect(md).toContain('| Release | [Spring \\| cleanup](https://github.com/acme/web/releases/tag/v1.4.0) (version `1.4.0`, release) |')
    expect(md).toContain('| Digest | `sha256:abc` |')
    expect(md).toContain('| Size | 5.0 MiB |')
    expect(md).toContain('| Task definition | `web:7` → `web:8` |')
    expect(md).toContain('| Java build | 12.3 s | maven |')
    expect(md).toContain('- app: image 127.0.0.1:5000/web:1.3.0 → 127.0.0.1:5000/web:1.4.0-0123456')
    expect(md).toContain('12:00:05 (service web) has reached a steady state.')
    expect(md).not.toContain('Why it failed')
  })

  it('puts the cause and the stopped-task reasons first on a failure', () => {
    const md = renderSummary({
      ...success,
      ok: false,
      headline: 'Failed: Tasks of web:8 failed to start',
      rolloutState: 'FAILED',
      failure: { cause: 'Tasks of web:8 failed to start: CannotPullContainerError', details: ['task 1a2b: Essential container in task exited', 'app exited with code 1 ```'] }
    })
    expect(md).toContain('## ❌ Release to web on prod')
    expect(md).toContain('### Why it failed\n\n**Tasks of web:8 failed to start: CannotPullContainerError**')
    expect(md).toContain("app exited with code 1 '''")
    expect(md.indexOf('Why it failed')).toBeLessThan(md.indexOf('Time per stage'))
  })

  it('marks a dry run and a reused image', () => {
    const md = renderSummary({ ...success, dryRun: true, image: { ...success.image!, reused: true }, plan: ['Update service web'], iamPolicy: '{"Version":"2012-10-17"}' })
    expect(md).toContain('## 📝 Dry run: Release to web on prod')
    expect(md).toContain('(already in ECR: not rebuilt)')
    expect(md).toContain('### Plan\n\n- Update service web')
    expect(md).toContain('```json\n{"Version":"2012-10-17"}\n```')
  })
})

describe('formatting', () => {
  it('formats durations and sizes for people', () => {
    expect(formatDuration(250)).toBe('250 ms')
    expect(formatDuration(4_520)).toBe('4.5 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatBytes(900)).toBe('900 B')
    expect(formatBytes(2048)).toBe('2.0 KiB')
  })
})
