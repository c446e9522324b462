// run() end to end, with the AWS SDK mocked by aws-sdk-client-mock and processes by a recording runner.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { run } from '../src/main.js'
import {
  account,
  actionRun,
  oldArn,
  newArn,
  digest,
  deployment,
  exampleWorkspace,
  registry,
  releaseInputs,
  service,
  stubIdentityAndLogin
} from '../__fixtures__/action-run.js'
import { describeUnknown, unknownMembers, type AwsService } from '../emulator/model-fields.js'

const ecs = mockClient(ECSClient)
const ecr = mockClient(ECRClient)
const sts = mockClient(STSClient)
const logs = mockClient(CloudWatchLogsClient)

const tag = '1.2.0-0123456'

const steady = service([deployment({ id: 'ecs-svc/1', taskDefinition: oldArn, rolloutState: 'COMPLETED' })])
const rolling = service([
  deployment({
    id: 'ecs-svc/2',
    taskDefinition: newArn,
    rolloutState: 'IN_PROGRESS',
    runningCount: 0,
    pendingCount: 1
  }),
  deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: oldArn, rolloutState: 'COMPLETED' })
])
const done = service(
  [deployment({ id: 'ecs-svc/2', taskDefinition: newArn, rolloutState: 'COMPLETED' })],
  [
    { id: 'e2', createdAt: new Date(), message: '(service web) has reached a steady state.' },
    { id: 'e1', createdAt: new Date(), message: '(service web) (deployment ecs-svc/2) deployment completed.' }
  ]
)

let workspace: string

function harness(given: Record<string, string>, exitCodes: Record<string, number> = {}) {
  return actionRun(workspace, given, exitCodes)
}

const inputs = releaseInputs

function mutatingCalls(): number {
  return (
    ecs.commandCalls(RegisterTaskDefinitionCommand).length + ecs.commandCalls(UpdateServiceCommand).length
  )
}

beforeEach(() => {
  workspace = exampleWorkspace()
  for (const m of [ecs, ecr, sts, logs]) m.reset()
  stubIdentityAndLogin(sts, ecr, 'registry-password')
  ecr
    .on(DescribeImagesCommand)
    .rejectsOnce(Object.assign(new Error('not found'), { name: 'ImageNotFoundException' }))
    .resolves({ imageDetails: [{ imageDigest: digest, imageTags: [tag], imageSizeInBytes: 4_200_000 }] })
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: oldArn,
      family: 'hello-service',
      revision: 7,
      containerDefinitions: [{ name: 'app', image: `${registry}/web:1.1.0-aaaaaaa` }]
    }
  })
  ecs
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: { taskDefinitionArn: newArn, revision: 8, family: 'hello-service' } })
  ecs.on(UpdateServiceCommand).resolves({ service: rolling })
  ecs
    .on(DescribeServicesCommand)
    .resolvesOnce({ services: [steady] })
    .resolvesOnce({ services: [rolling] })
    .resolves({ services: [done] })
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
})

afterEach(() => {
  fs.rmSync(workspace, { recursive: true, force: true })
})

describe('run', () => {
  it('ships a release: Maven build, image, push, register, update, rollout followed to COMPLETED', async () => {
    const h = harness(inputs)
    await run(h.deps)

    expect(h.failures).toEqual([])
    expect(h.commands.map(c => `${c.command} ${c.args[0]}`)).toEqual([
      'mvn -B',
      'docker build',
      'docker login',
      'docker push'
    ])
    const login = h.commands[2]!
    expect(login.options?.input).toBe('registry-password')
    expect(login.args).not.toContain('registry-password')
    expect(h.commands[1]!.args).toContain(`${registry}/web:${tag}`)
    expect(h.masked).toEqual(expect.arrayContaining(['very-secret-key', 'registry-password']))

    const registered = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input
    expect(registered.containerDefinitions?.[0]?.image).toBe(`${registry}/web:${tag}`)
    expect(registered.tags).toEqual([{ key: 'service', value: 'hello-service' }])
    expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toMatchObject({
      cluster: 'prod',
      service: 'web',
      taskDefinition: newArn
    })

    expect(h.outputs).toMatchObject({
      image: `${registry}/web:${tag}`,
      'image-tag': tag,
      'image-digest': digest,
      'task-definition-arn': newArn,
      'task-definition-revision': '8',
      'deployment-id': 'ecs-svc/2',
      'previous-task-definition-arn': oldArn,
      'rollout-state': 'COMPLETED'
    })
    const rendered = JSON.parse(fs.readFileSync(h.outputs['task-definition']!, 'utf8'))
    expect(rendered.containerDefinitions[0].image).toBe(`${registry}/web:${tag}`)
    expect(h.logger.text()).toContain('web serves hello-service:8 (deployment ecs-svc/2 completed)')
    expect(h.summaries[0]).toContain('## ✅ Release to web on prod')
    expect(h.summaries[0]).toContain('`hello-service:7` → `hello-service:8`')
    const all = [h.logger.text(), h.summaries.join(''), JSON.stringify(h.outputs)].join('\n')
    expect(all).not.toContain('very-secret-key')
    expect(all).not.toContain('registry-password')
  })

  it('sends AWS nothing its model does not have (checked against the SDK model)', async () => {
    // The SDK silently drops unknown members, so a misspelt field would vanish unseen: check what the action passes.
    const h = harness({ ...inputs, 'desired-count': '2', 'force-new-deployment': 'true' })
    await run(h.deps)
    expect(h.failures).toEqual([])
    type Sent = { constructor: { name: string }; input: unknown }
    const commands = (calls: { args: unknown[] }[]) => calls.map(call => call.args[0] as Sent)
    const sent: [AwsService, Sent[]][] = [
      ['ecs', commands(ecs.calls())],
      ['ecr', commands(ecr.calls())],
      ['sts', commands(sts.calls())]
    ]
    const unknown = sent.flatMap(([service, list]) =>
      list.flatMap(command => {
        const operation = command.constructor.name.replace(/Command$/, '')
        return unknownMembers(service, operation, command.input).map(
          m => `${service}:${operation} ${describeUnknown(m)}`
        )
      })
    )
    expect(sent.reduce((n, [, list]) => n + list.length, 0)).toBeGreaterThan(6)
    expect(unknown).toEqual([])
  })

  it('pins the digest with image-reference: digest', async () => {
    const h = harness({ ...inputs, 'image-reference': 'digest' })
    await run(h.deps)
    expect(
      ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input.containerDefinitions?.[0]?.image
    ).toBe(`${registry}/web@${digest}`)
  })

  it('skips the build and push when ECR already has the release tag (a re-run)', async () => {
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest, imageTags: [tag] }] })
    const h = harness(inputs)
    await run(h.deps)
    expect(h.failures).toEqual([])
    expect(h.commands).toEqual([])
    expect(h.logger.text()).toContain(
      `${registry}/web:${tag} is already in ECR (${digest}): skipping the Java build, image build and push.`
    )
    expect(h.outputs['image-digest']).toBe(digest)
  })

  it('fails on bad input before any AWS call, naming the input', async () => {
    const h = harness({ ...inputs, service: '', 'wait-for-minutes': 'soon' })
    await run(h.deps)
    expect(h.failures).toHaveLength(1)
    expect(h.failures[0]!.title).toBe('Invalid input')
    expect(h.failures[0]!.message).toContain('service is missing')
    expect(h.failures[0]!.message).toContain('wait-for-minutes is "soon"')
    expect(sts.calls().length + ecr.calls().length + ecs.calls().length).toBe(0)
    expect(h.summaries[0]).toContain('## ❌')
  })

  it('fails on an unknown container before anything changes, listing the containers', async () => {
    const h = harness({ ...inputs, 'container-name': 'web' })
    await run(h.deps)
    expect(h.failures[0]!.message).toMatch(/web.*app/)
    expect(h.commands).toEqual([])
    expect(mutatingCalls()).toBe(0)
  })

  it('fails on a malformed task definition with file, line and column', async () => {
    fs.writeFileSync(path.join(workspace, 'task-definition.json'), '{\n  "family": "x",\n  "cpu": 256,,\n}')
    const h = harness(inputs)
    await run(h.deps)
    expect(h.failures[0]!.title).toBe('Invalid task definition')
    expect(h.failures[0]!.message).toMatch(/task-definition\.json:3:\d+/)
    expect(sts.calls()).toHaveLength(0)
  })

  it('stops at a failing Maven build with its output, and pushes nothing', async () => {
    const h = harness(inputs, { 'mvn -B': 1 })
    await run(h.deps)
    expect(h.failures[0]).toMatchObject({ title: 'Java build failed' })
    expect(h.failures[0]!.message).toContain('COMPILATION ERROR')
    expect(h.commands.map(c => c.command)).toEqual(['mvn'])
    expect(mutatingCalls()).toBe(0)
  })

  it('fails with the cause when the rollout fails', async () => {
    const failed = service([
      deployment({
        id: 'ecs-svc/2',
        taskDefinition: newArn,
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        runningCount: 0,
        failedTasks: 3
      }),
      deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: oldArn, rolloutState: 'COMPLETED' })
    ])
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady] })
      .resolves({ services: [failed] })
    ecs.on(DescribeTasksCommand).resolves({ tasks: [] })
    const h = harness(inputs)
    await run(h.deps)
    expect(h.failures).toHaveLength(1)
    expect(h.failures[0]!.message).toContain('circuit breaker')
    expect(h.outputs['rollout-state']).toBe('FAILED')
    expect(h.summaries[0]).toContain('### Why it failed')
  })

  it('plans a dry run without building, pushing, registering or updating', async () => {
    const h = harness({ ...inputs, 'dry-run': 'true' })
    await run(h.deps)
    expect(h.failures).toEqual([])
    expect(h.commands).toEqual([])
    expect(mutatingCalls()).toBe(0)
    expect(h.logger.text()).toContain('Java build (found pom.xml): mvn -B package')
    expect(h.logger.text()).toContain(`Push: docker push ${registry}/web:${tag}`)
    expect(h.outputs['task-definition']).toMatch(/task-definition-hello-service-.*\.json$/)
    expect(JSON.parse(h.outputs['iam-policy']!).Statement.map((s: { Sid: string }) => s.Sid)).toContain(
      'EcsUpdateService'
    )
    expect(h.summaries[0]).toContain('📝 Dry run')
  })

  it('warns that codedeploy-* inputs are ignored on a service without the CODE_DEPLOY controller', async () => {
    const h = harness({
      ...inputs,
      'dry-run': 'true',
      'codedeploy-application': 'web-app',
      'codedeploy-deployment-group': 'web'
    })
    await run(h.deps)
    expect(h.failures).toEqual([])
    expect(h.logger.warnings.map(w => w.message)).toContain(
      'codedeploy-application, codedeploy-deployment-group are ignored: the service web does not use the CODE_DEPLOY deployment controller.'
    )
  })

  it('refuses to touch a busy service with on-busy: fail', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service([deployment({ id: 'ecs-svc/9', taskDefinition: oldArn, rolloutState: 'IN_PROGRESS' })])
      ]
    })
    const h = harness({ ...inputs, 'on-busy': 'fail' })
    await run(h.deps)
    expect(h.failures[0]!.message).toContain('has a deployment in progress (ecs-svc/9')
    expect(h.commands).toEqual([])
    expect(mutatingCalls()).toBe(0)
  })

  it('follows its own earlier attempt on a re-run instead of calling the service busy (on-busy: fail)', async () => {
    const file = JSON.parse(fs.readFileSync(path.join(workspace, 'task-definition.json'), 'utf8'))
    const { tags: _tags, ...definition } = file
    definition.containerDefinitions[0].image = `${registry}/web:${tag}`
    const ours = service([
      deployment({
        id: 'ecs-svc/2',
        taskDefinition: newArn,
        rolloutState: 'IN_PROGRESS',
        runningCount: 0,
        pendingCount: 1
      }),
      deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: oldArn, rolloutState: 'COMPLETED' })
    ])
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest, imageTags: [tag] }] })
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: { ...definition, taskDefinitionArn: newArn, revision: 8 } })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [ours] })
      .resolves({ services: [done] })
    const h = harness({ ...inputs, 'on-busy': 'fail' })
    await run(h.deps)
    expect(h.failures).toEqual([])
    expect(h.logger.text()).toContain(
      'Following the deployment already in progress for this task definition: ecs-svc/2'
    )
    expect(mutatingCalls()).toBe(0)
    expect(h.outputs['rollout-state']).toBe('COMPLETED')
  })

  it('redeploys an existing tag without building, and refuses a tag ECR does not have', async () => {
    ecr
      .on(DescribeImagesCommand)
      .resolves({ imageDetails: [{ imageDigest: digest, imageTags: ['1.0.0-abcdef0'] }] })
    const ok = harness({ ...inputs, 'image-tag': '1.0.0-abcdef0' })
    await run(ok.deps)
    expect(ok.failures).toEqual([])
    expect(ok.commands).toEqual([])
    expect(
      ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input.containerDefinitions?.[0]?.image
    ).toBe(`${registry}/web:1.0.0-abcdef0`)

    ecs.resetHistory()
    ecr
      .on(DescribeImagesCommand)
      .rejects(Object.assign(new Error('not found'), { name: 'ImageNotFoundException' }))
    const missing = harness({ ...inputs, 'image-tag': '0.0.1-nothere' })
    await run(missing.deps)
    expect(missing.failures[0]!.message).toContain('has no tag 0.0.1-nothere in ECR; nothing was changed')
    expect(mutatingCalls()).toBe(0)
  })

  it('names the missing permission when AWS denies UpdateService', async () => {
    ecs
      .on(UpdateServiceCommand)
      .rejects(
        Object.assign(
          new Error(
            `User: arn:aws:iam::${account}:user/deployer is not authorized to perform: ecs:UpdateService on resource: arn:aws:ecs:eu-west-1:${account}:service/prod/web because no identity-based policy allows the ecs:UpdateService action`
          ),
          { name: 'AccessDeniedException' }
        )
      )
    const h = harness(inputs)
    await run(h.deps)
    expect(h.failures[0]!.message).toContain(
      `AWS denied ecs:UpdateService on arn:aws:ecs:eu-west-1:${account}:service/prod/web`
    )
    expect(h.failures[0]!.message).toContain('least-privilege policy')
  })

  it('leaves no registry credential on disk, also when the push fails', async () => {
    const h = harness(inputs, { 'docker push': 1 })
    await run(h.deps)
    expect(h.failures[0]!.title).toBe('Image build or push failed')
    const authDir = h.commands.find(c => c.args[0] === 'login')!.options!.env!.DOCKER_CONFIG!
    expect(fs.existsSync(authDir)).toBe(false)
  })
})
