// The one-off task planned from the task definition: its container, its essential containers, its request; and
// the iam-policy CLI's --run-task.
import { describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../../src/cli.js'
import type { PolicyDocument } from '../../src/iam/types.js'
import { imageContainerOf, planRunTask, runTaskContainerProblem } from '../../src/run-task/plan.js'

const rendered = {
  family: 'billing',
  containerDefinitions: [
    { name: 'app', image: 'repo/billing:1.0.0', essential: true },
    { name: 'otel-collector', image: 'otel/collector:0.9', essential: false }
  ]
}

describe('planRunTask', () => {
  it("runs the command on the image's container; only essential containers gate", () => {
    const planned = planRunTask({
      settings: { command: ['migrate'], timeoutMinutes: 5 },
      rendered,
      ownTaskDefinition: false,
      imageUri: 'repo/billing:1.0.0',
      cluster: 'prod',
      startedBy: 'release-to-ecs_v1_abc'
    })
    expect(planned).toMatchObject({
      container: 'app',
      essential: ['app'],
      family: 'billing',
      timeoutMinutes: 5
    })
    // A dry run has no revision yet: the request names the family.
    expect(planned.request.taskDefinition).toBe('billing')
    expect(planned.request.overrides).toEqual({ containerOverrides: [{ name: 'app', command: ['migrate'] }] })
  })

  it('finds the image container by its image, or the only container', () => {
    expect(imageContainerOf(rendered, 'otel/collector:0.9')).toBe('otel-collector')
    expect(imageContainerOf(rendered, 'other')).toBeUndefined()
    expect(imageContainerOf({ containerDefinitions: [{ name: 'only', image: 'x' }] }, 'y')).toBe('only')
  })

  it('names the containers there are when run-task-container is not one of them', () => {
    expect(runTaskContainerProblem(rendered, 'app', 'td.json')).toBeUndefined()
    expect(runTaskContainerProblem(rendered, 'migrate', 'td.json')).toBe(
      'run-task-container is "migrate", but td.json has no such container; use one of app, otel-collector.'
    )
  })
})

describe('iam-policy --run-task', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const fixture = path.join(root, '__fixtures__', 'task-definitions', 'two-containers.json')
  async function policyOf(
    extra: string[]
  ): Promise<{ code: number; policy?: PolicyDocument; stderr: string }> {
    let stdout = ''
    let stderr = ''
    const code = await main(
      [
        'iam-policy',
        '--task-definition',
        fixture,
        '--cluster',
        'prod',
        '--service',
        'billing',
        '--no-push',
        '--region',
        'eu-west-1',
        '--account',
        '123456789012',
        ...extra
      ],
      { stdout: t => (stdout += t), stderr: t => (stderr += t), env: {} }
    )
    return { code, policy: code === 0 ? (JSON.parse(stdout) as PolicyDocument) : undefined, stderr }
  }

  it('adds RunTask on the family and the task statements only with --run-task', async () => {
    const without = await policyOf([])
    expect(without.policy?.Statement.map(s => s.Sid)).not.toContain('EcsRunTask')
    const withTask = await policyOf(['--run-task', '--run-task-container', 'app'])
    expect(withTask.policy?.Statement.find(s => s.Sid === 'EcsRunTask')?.Resource).toBe(
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/billing:*'
    )
    expect(withTask.policy?.Statement.map(s => s.Sid)).toContain('EcsFollowTask')
  })

  it('refuses the run-task options without --run-task', async () => {
    const result = await policyOf(['--run-task-container', 'app'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--run-task-container and --run-task-task-definition go with --run-task')
  })
})
