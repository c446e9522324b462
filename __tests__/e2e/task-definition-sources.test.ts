// Task definitions kept in ECS (Terraform/CDK): a deploy from task-definition-family changes only the image; a
// sidecar pinned with container-images; two environments from one task definition with their own overrides; and
// service settings reaching UpdateService only when given (the stand-in's request record).
import { describe, expect, it } from '@jest/globals'
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { cleanTaskDefinition } from '../../src/taskdef/index.js'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  mutatingRequests,
  outcome,
  shareTestStack,
  type Stack
} from './harness.js'

const SIDECAR: ContainerDefinition = {
  name: 'log-router',
  image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4',
  essential: false
}
/** Fields ECS sets on every revision: they differ between revisions by nature. */
const SERVER_FIELDS = ['taskDefinitionArn', 'revision', 'registeredAt', 'registeredBy', 'status']

describe('task definitions kept in ECS', () => {
  let stack: Stack
  let workspace: string
  let image: string
  /** The revision Terraform registered: the template every environment starts from. */
  let template: string
  shareTestStack(started => {
    stack = started
    workspace = checkoutPrebuilt(started)
  })

  const read = async (taskDefinition: string) => {
    const out = await stack.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }))
    return { td: out.taskDefinition!, tags: out.tags ?? [] }
  }
  const fromFamily = (inputs: Record<string, string>) =>
    deployInputs(stack, {
      'task-definition': '',
      'task-definition-family': stack.family,
      'java-build': 'none',
      ...inputs
    })
  const updateServiceInputs = (mark: number) =>
    stack
      .requestsSince(mark)
      .filter(r => r.operation === 'UpdateService')
      .map(r => r.input as Record<string, unknown>)

  it('deploys from task-definition-family: the new revision equals the latest but for the image', async () => {
    // Terraform registered the latest revision: a sidecar and tags the action never saw in a file.
    const current = await read((await stack.describeService())!.taskDefinition!)
    const { definition } = cleanTaskDefinition(structuredClone(current.td) as Record<string, unknown>)
    const terraform = await stack.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...(definition as object),
        family: stack.family,
        containerDefinitions: [...(current.td.containerDefinitions ?? []), SIDECAR],
        tags: [{ key: 'managed-by', value: 'terraform' }]
      } as never)
    )
    const previous = await read(terraform.taskDefinition!.taskDefinitionArn!)
    template = `${stack.family}:${previous.td.revision}`

    const mark = stack.requestMark()
    const run = await deploy(stack, { workspace, inputs: fromFamily({}) })
    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.stdout).toContain(
      `Task definition ${stack.family} from ECS, family ${stack.family}'s latest ACTIVE revision (${stack.family}:${previous.td.revision})`
    )
    image = run.outputs.image!
    const next = await read(run.outputs['task-definition-arn']!)
    expect(next.td.revision).toBe(previous.td.revision! + 1)
    const fields = new Set([...Object.keys(previous.td), ...Object.keys(next.td)])
    for (const field of [...fields].filter(f => !SERVER_FIELDS.includes(f) && f !== 'containerDefinitions'))
      expect({ field, value: next.td[field as keyof TaskDefinition] }).toEqual({
        field,
        value: previous.td[field as keyof TaskDefinition]
      })
    const [app, sidecar] = next.td.containerDefinitions ?? []
    expect(app).toEqual({ ...previous.td.containerDefinitions![0], image })
    expect(sidecar).toEqual(previous.td.containerDefinitions![1])
    expect(next.tags).toEqual([{ key: 'managed-by', value: 'terraform' }])
    // No service setting given: UpdateService carries the task definition and nothing else.
    expect(updateServiceInputs(mark).map(i => Object.keys(i).sort())).toEqual([
      ['cluster', 'forceNewDeployment', 'service', 'taskDefinition']
    ])
  }, 300_000)

  it('pins a sidecar with container-images; one not in ECR is refused before any change', async () => {
    const pinned = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.33.0'
    const run = await deploy(stack, {
      workspace,
      inputs: fromFamily({ image, 'container-images': `log-router=${pinned}` })
    })
    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const next = await read(run.outputs['task-definition-arn']!)
    expect(next.td.containerDefinitions?.map(c => [c.name, c.image])).toEqual([
      ['app', image],
      ['log-router', pinned]
    ])

    const missing = `${image.slice(0, image.lastIndexOf(':'))}:no-such-tag`
    const mark = stack.requestMark()
    const refused = await deploy(stack, {
      workspace,
      inputs: fromFamily({ image, 'container-images': `log-router=${missing}` })
    })
    expect(refused.exitCode).not.toBe(0)
    expect(outcome(refused).errors.join('\n')).toContain(
      `container-images: ${missing} (log-router) is not in ECR`
    )
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
  }, 300_000)

  it('deploys two environments from one task definition, each with its overrides and service settings', async () => {
    const environments = {
      staging: { level: 'debug', secret: '/staging/db', cpu: '256', memory: '512', role: 'web-staging' },
      production: {
        level: 'warn',
        secret: '/production/db',
        cpu: '1024',
        memory: '2048',
        role: 'web-production'
      }
    }
    for (const [name, env] of Object.entries(environments)) {
      const mark = stack.requestMark()
      const run = await deploy(stack, {
        workspace,
        // Pinned to the template's revision: the family's latest is now the previous deploy's.
        inputs: fromFamily({
          'task-definition-family': template,
          image,
          'environment-variables': `LOG_LEVEL=${env.level}\nDEPLOY_ENV=${name}`,
          secrets: `DB_PASSWORD=${env.secret}`,
          cpu: env.cpu,
          memory: env.memory,
          'task-role-arn': `arn:aws:iam::${stack.accountId}:role/${env.role}`,
          ...(name === 'production'
            ? {
                'propagate-tags': 'SERVICE',
                'enable-execute-command': 'true',
                'minimum-healthy-percent': '50'
              }
            : {})
        })
      })
      expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(run.stdout).toContain(`input: container app: environment DEPLOY_ENV=${name} added`)
      const { td } = await read(run.outputs['task-definition-arn']!)
      expect([td.cpu, td.memory]).toEqual([env.cpu, env.memory])
      expect(td.taskRoleArn).toBe(`arn:aws:iam::${stack.accountId}:role/${env.role}`)
      const app = td.containerDefinitions![0]!
      expect(app.environment).toEqual(
        expect.arrayContaining([
          { name: 'LOG_LEVEL', value: env.level },
          { name: 'DEPLOY_ENV', value: name }
        ])
      )
      expect(app.secrets).toEqual(expect.arrayContaining([{ name: 'DB_PASSWORD', valueFrom: env.secret }]))
      const [update] = updateServiceInputs(mark)
      if (name === 'staging')
        expect(Object.keys(update!).sort()).toEqual([
          'cluster',
          'forceNewDeployment',
          'service',
          'taskDefinition'
        ])
      else {
        expect(update).toMatchObject({
          propagateTags: 'SERVICE',
          enableExecuteCommand: true,
          deploymentConfiguration: expect.objectContaining({ minimumHealthyPercent: 50 })
        })
        for (const absent of [
          'enableECSManagedTags',
          'volumeConfigurations',
          'availabilityZoneRebalancing',
          'healthCheckGracePeriodSeconds'
        ])
          expect(update).not.toHaveProperty(absent)
        expect(await stack.describeService()).toMatchObject({
          propagateTags: 'SERVICE',
          enableExecuteCommand: true
        })
      }
    }
  }, 600_000)
})
