import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { main } from '../../src/cli.js'
import type { PolicyDocument } from '../../src/iam/types.js'

const fixture = path.join(process.cwd(), '__fixtures__', 'task-definitions', 'fargate.json')

async function policy(argv: string[]): Promise<{ code: number; policy?: PolicyDocument; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(
    ['iam-policy', ...argv, '--cluster', 'prod', '--service', 'web', '--repository', 'web'],
    {
      stdout: t => (stdout += t),
      stderr: t => (stderr += t),
      env: { AWS_REGION: 'eu-west-1' }
    }
  )
  return { code, policy: code === 0 ? (JSON.parse(stdout) as PolicyDocument) : undefined, stderr }
}

const passRole = (p?: PolicyDocument) =>
  p?.Statement.find(s => (s.Action as string[]).includes('iam:PassRole'))

describe('iam-policy for task definitions kept in ECS and overridden roles', () => {
  const account = ['--account', '123456789012']

  it('takes --task-definition-family with the roles the deploy passes', async () => {
    const out = await policy([
      '--task-definition-family',
      'web:3',
      '--task-role-arn',
      'arn:aws:iam::123456789012:role/web-prod',
      '--execution-role-arn',
      'arn:aws:iam::123456789012:role/web-exec',
      ...account
    ])
    expect(out.code).toBe(0)
    expect(passRole(out.policy)?.Resource).toEqual([
      'arn:aws:iam::123456789012:role/web-prod',
      'arn:aws:iam::123456789012:role/web-exec'
    ])
    const actions = out.policy!.Statement.flatMap(s => s.Action as string[])
    expect(actions).toContain('ecs:DescribeTaskDefinition')
  })

  it('lets --task-role-arn replace the file role in PassRole', async () => {
    const out = await policy([
      '--task-definition',
      fixture,
      '--task-role-arn',
      'arn:aws:iam::123456789012:role/other',
      ...account
    ])
    expect(out.code).toBe(0)
    expect(JSON.stringify(passRole(out.policy)?.Resource)).toContain('role/other')
  })

  it('refuses both sources, and neither', async () => {
    expect(
      (await policy(['--task-definition', fixture, '--task-definition-family', 'web', ...account])).stderr
    ).toContain('give --task-definition or --task-definition-family, not both')
    expect((await policy(account)).stderr).toContain('missing --task-definition')
  })
})
