// The pre-flight check on the stand-in: a deploy ECS would fail minutes later is refused before any change.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ECS_TASKS_TRUST } from '../../emulator/index.js'
import { deployPolicy } from '../../src/iam/policy.js'
import { deployPolicyInputFor } from '../../src/iam/policy-input.js'
import { loadTaskDefinition } from '../../src/taskdef/index.js'
import { deployer } from '../../scripts/lib/stack.js'
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

  it('verify: full passes with the generated policy once everything exists, with no denial', async () => {
    const { emulator } = stack
    emulator.logs.createLogGroup('/ecs/hello-service')
    emulator.secrets.create('hello-service/database-password')
    emulator.ssm.put('/hello-service/api-key', 'SecureString')
    for (const name of ['hello-service-execution', 'hello-service-task'])
      emulator.iamApi.createRole(name, JSON.stringify(ECS_TASKS_TRUST))
    // The secret's ARN as Secrets Manager made it (its suffix is the service's, not the example's).
    const workspace = workspaceWith(stack, td => {
      const [app] = td.containerDefinitions as { secrets: { valueFrom: string }[] }[]
      app!.secrets[0]!.valueFrom = emulator.secrets.arnOf('hello-service/database-password')
    })
    const loaded = loadTaskDefinition(path.join(workspace, 'task-definition.json'))
    const policy = deployPolicy(
      deployPolicyInputFor({
        region: stack.region,
        accountId: stack.accountId,
        repository: { name: stack.repository },
        pushImage: true,
        cluster: stack.cluster,
        service: stack.service,
        taskDefinition: loaded.definition,
        tags: loaded.tags,
        rollback: false,
        verify: 'full'
      })
    )
    const bot = {
      accessKeyId: 'AKIAE2EVERIFYBOT0001',
      secretAccessKey: 'e2e-verify-bot-secret-access-key-000001',
      arn: 'arn:aws:iam::123456789012:user/verify-bot'
    }
    emulator.setIdentities([deployer, { ...bot, policies: [policy] }])
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      workspace,
      event: releaseEvent({ tag: 'v2.1.0' }),
      inputs: deployInputs(stack, {
        verify: 'full',
        'aws-access-key-id': bot.accessKeyId,
        'aws-secret-access-key': bot.secretAccessKey
      })
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.stdout).toContain('Pre-flight check (verify: full) passed.')
    const requests = stack.requestsSince(mark)
    expect(
      requests.filter(r => r.status === 403 || /AccessDenied/.test(r.errorType ?? '')).map(r => r.operation)
    ).toEqual([])
    expect(requests.map(r => `${r.service} ${r.operation}`)).toEqual(
      expect.arrayContaining([
        'logs DescribeLogGroups',
        'secretsmanager DescribeSecret',
        'ssm DescribeParameters',
        'iam GetRole'
      ])
    )
  }, 240_000)
})
