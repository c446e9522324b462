// The job summary's CodeDeploy timeline: each deployment's lifecycle events and task sets (the stages of a service
// deployment are in summary.test.ts).
import { describe, expect, it } from '@jest/globals'
import { codeDeploySections } from '../../src/report/lifecycle.js'

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0)

describe('timelines in the job summary', () => {
  it('CodeDeploy: every lifecycle event with status and times, the failed hook with its message, the task sets', () => {
    const text = codeDeploySections([
      {
        deploymentId: 'd-AAAAAAAAA',
        status: 'Failed',
        lifecycleEvents: [
          { name: 'BeforeInstall', status: 'Succeeded', startedAt: T0, endedAt: T0 + 1_000 },
          { name: 'Install', status: 'Succeeded', startedAt: T0 + 1_000, endedAt: T0 + 31_000 },
          {
            name: 'AfterInstall',
            status: 'Failed',
            startedAt: T0 + 31_000,
            endedAt: T0 + 36_000,
            message: 'hook | returned Failed'
          },
          { name: 'AllowTestTraffic', status: 'Skipped' },
          { name: 'AfterAllowTestTraffic', status: 'Pending' },
          { name: 'BeforeAllowTraffic', status: 'Pending' },
          { name: 'AllowTraffic', status: 'Pending' },
          { name: 'AfterAllowTraffic', status: 'Pending' }
        ],
        taskSets: [
          { label: 'Blue', id: 'ecs-svc/1', trafficWeight: 100, running: 2, desired: 2, status: 'PRIMARY' },
          { label: 'Green', id: 'ecs-svc/2', trafficWeight: 0, running: 2, desired: 2, status: 'ACTIVE' }
        ]
      },
      {
        deploymentId: 'd-RRRRRRRRR',
        rollbackOf: 'd-AAAAAAAAA',
        status: 'Succeeded',
        lifecycleEvents: [],
        taskSets: []
      }
    ]).join('\n')
    expect(text).toContain('### CodeDeploy deployment d-AAAAAAAAA: Failed')
    expect(text).toContain('| Lifecycle event | Status | Began (UTC) | Took |')
    expect(text).toContain('| Install | Succeeded | 12:00:01 | 30s |')
    // Outside text cannot break the table.
    expect(text).toContain('| AfterInstall | Failed: hook \\| returned Failed | 12:00:31 | 5s |')
    expect(text).toContain('| AfterAllowTraffic | Pending |  |  |')
    expect(text).toContain('| Blue ecs-svc/1 | 100 % | 2/2 | PRIMARY |')
    expect(text).toContain('| Green ecs-svc/2 | 0 % | 2/2 | ACTIVE |')
    expect(text).toContain('### CodeDeploy rollback of d-AAAAAAAAA d-RRRRRRRRR: Succeeded')
  })
})
