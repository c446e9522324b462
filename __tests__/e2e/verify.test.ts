// The pre-flight check on the stand-in: a deploy ECS would fail minutes later is refused before any change.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  type Stack
} from './harness.js'

/** The example checkout with its task definition changed by `edit`. */
function workspaceWith(stack: Stack, edit: (td: Record<string, unknown>) => void): string {
  const workspace = checkoutPrebuilt(stack)
  const file = path.join(workspace, 'task-definition.json')
  const td = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
  edit(td)
  fs.writeFileSync(file, JSON.stringify(td, null, 2))
  return workspace
}

describe('verify, before the first change', () => {
  let stack: Stack
  shareTestStack(started => (stack = started))

  it('refuses an ARM64 task definition for an amd64 build before building, pushing or registering', async () => {
    const mark = stack.requestMark()
    const workspace = workspaceWith(stack, td => {
      td.runtimePlatform = { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }
    })
    const run = await deploy(stack, {
      workspace,
      event: releaseEvent({ tag: 'v2.0.0' }),
      inputs: deployInputs(stack, { platform: 'linux/amd64' })
    })

    expect(outcome(run).exitCode).toBe(1)
    const [error] = errorAnnotations(run)
    expect(error).toContain('Pre-flight check failed (verify); nothing was pushed, registered or updated')
    expect(error).toContain('linux/amd64 only')
    expect(error).toContain('asks for ARM64')
    expect(error).toContain('build with platform: linux/arm64')
    expect(run.stdout).not.toContain('podman build')
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(await stack.registryTags()).toEqual([])
    expect((await stack.describeService())?.taskDefinition).toBe(stack.initialTaskDefinitionArn)
  }, 180_000)

  it('verify: full names a missing log group and a missing secret, and changes nothing', async () => {
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      workspace: checkoutPrebuilt(stack),
      event: releaseEvent({ tag: 'v2.0.1' }),
      inputs: deployInputs(stack, { verify: 'full' })
    })

    expect(outcome(run).exitCode).toBe(1)
    const [error] = errorAnnotations(run)
    expect(error).toContain(
      'containerDefinitions[0].logConfiguration.options.awslogs-group: the log group "/ecs/hello-service" does not exist'
    )
    expect(error).toContain(
      'containerDefinitions[0].secrets[0].valueFrom: the Secrets Manager secret arn:aws:secretsmanager:us-east-1:123456789012:secret:hello-service/database-password-AbCdEf does not exist'
    )
    const reads = stack.requestsSince(mark).map(r => `${r.service} ${r.operation}`)
    expect(reads).toEqual(expect.arrayContaining(['logs DescribeLogGroups', 'secretsmanager DescribeSecret']))
    expect(reads).not.toContain('secretsmanager GetSecretValue')
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
    expect(await stack.registryTags()).toEqual([])
  }, 180_000)
})
