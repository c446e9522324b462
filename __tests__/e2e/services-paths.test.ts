// Several services of one release on different deployment paths: a CODE_DEPLOY web service (a CodeDeploy deployment
// of its own application and group) and a ROLLING worker (UpdateService), released and followed together.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { GetDeploymentCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs'
import {
  checkoutPrebuilt,
  createCodeDeployService,
  deploy,
  deployInputs,
  mutatingRequests,
  outcome,
  releaseEvent,
  shareTestStack,
  type Stack
} from './harness.js'
import { createWorker, WORKER } from './services-worker.js'

const WEB = 'web-cd'

describe('a CODE_DEPLOY service and a ROLLING service in one release', () => {
  let stack: Stack
  let workspace: string
  let codedeploy: CodeDeployClient | undefined
  let group: { application: string; deploymentGroup: string }

  shareTestStack(started => (stack = started))
  afterEach(() => stack?.emulator.setScenario({ taskStartSeconds: 10, failures: [] }))
  afterAll(() => codedeploy?.destroy())

  beforeAll(async () => {
    workspace = checkoutPrebuilt(stack)
    await createWorker(stack, workspace)
    const made = await createCodeDeployService(stack, WEB)
    codedeploy = made.client
    group = made
  }, 60_000)

  const inputs = (overrides: Record<string, string> = {}) => {
    const services = [
      `- service: ${WEB}`,
      '  task-definition: task-definition.json',
      '  container-name: app',
      `- service: ${WORKER}`,
      '  task-definition: worker-task-definition.json',
      '  container-name: worker'
    ].join('\n')
    const base = deployInputs(stack, { 'java-build': 'none', services, ...overrides })
    delete base.service
    delete base['task-definition']
    delete base['container-name']
    return base
  }
  const services = async (): Promise<Record<string, Service>> => {
    const answer = await stack.ecs.send(
      new DescribeServicesCommand({ cluster: stack.cluster, services: [WEB, WORKER] })
    )
    return Object.fromEntries((answer.services ?? []).map(s => [s.serviceName!, s]))
  }
  const servicesOutput = (outputs: Record<string, string>) =>
    JSON.parse(outputs.services ?? '{}') as Record<string, Record<string, string | undefined>>

  it('both succeed: CreateDeployment in the web service own group, UpdateService of the worker only', async () => {
    const before = await services()
    const mark = stack.requestMark()

    const run = await deploy(stack, {
      event: releaseEvent({ tag: 'v3.0.0' }),
      workspace,
      inputs: inputs({ 'rollback-on-failure': 'true' })
    })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const sent = stack.requestsSince(mark)
    const mutating = mutatingRequests(sent)
    expect(mutating.filter(r => r === 'ecs UpdateService')).toHaveLength(1)
    expect(mutating).toContain('codedeploy CreateDeployment')
    const updates = sent.filter(r => r.operation === 'UpdateService')
    expect(updates.map(r => (r.input as { service?: string }).service)).toEqual([WORKER])
    const created = sent.filter(r => r.operation === 'CreateDeployment')
    expect(created.map(r => r.input)).toEqual([
      expect.objectContaining({
        applicationName: group.application,
        deploymentGroupName: group.deploymentGroup
      })
    ])
    // Every read of both services' sides happened before the first change.
    const operations = sent.map(r => r.operation)
    expect(operations.indexOf('GetDeploymentConfig')).toBeLessThan(
      operations.indexOf('RegisterTaskDefinition')
    )

    const after = await services()
    const map = servicesOutput(run.outputs)
    expect(map[WEB]?.['rollout-state']).toBe('COMPLETED')
    expect(map[WORKER]?.['rollout-state']).toBe('COMPLETED')
    for (const name of [WEB, WORKER]) {
      expect(after[name]?.taskDefinition).not.toBe(before[name]?.taskDefinition)
      expect(after[name]?.taskDefinition).toBe(map[name]?.['task-definition-arn'])
    }
    const id = map[WEB]?.['deployment-id']
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    const info = (await codedeploy!.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo
    expect(info?.status).toBe('Succeeded')
    expect(run.stdout).toMatch(new RegExp(`^\\[${WEB}\\] CodeDeploy application ${group.application}`, 'm'))
    expect(run.stdout).toMatch(new RegExp(`^\\[${WORKER}\\] Following deployment ecs-svc/`, 'm'))

    // The policy: the web service only read, its own application and group; the worker updated.
    const policy = JSON.parse(run.outputs['iam-policy']!) as {
      Statement: { Sid: string; Resource: unknown }[]
    }
    const resource = (sid: string) => policy.Statement.find(s => s.Sid === sid)?.Resource
    const arn = (kind: string, name: string) => `arn:aws:${kind}:${stack.region}:${stack.accountId}:${name}`
    expect(resource('EcsReadService')).toBe(arn('ecs', `service/${stack.cluster}/${WEB}`))
    expect(resource('EcsUpdateService')).toBe(arn('ecs', `service/${stack.cluster}/${WORKER}`))
    expect(resource('CodeDeployDeploymentGroup')).toBe(
      arn('codedeploy', `deploymentgroup:${group.application}/${group.deploymentGroup}`)
    )
  }, 240_000)
})
