// run() in release workflows: force-new-deployment on an unchanged revision, warnings for inputs a run ignores,
// and the stopped tasks of a failed rollout reaching the job summary. AWS mocked, processes recorded.
import { beforeEach, afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { STSClient } from '@aws-sdk/client-sts'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { run } from '../src/main.js'
import {
  account,
  actionRun,
  newArn,
  oldArn as currentArn,
  deployment,
  exampleWorkspace,
  registry,
  releaseInputs,
  service,
  stubIdentityAndLogin
} from '../__fixtures__/action-run.js'

const ecs = mockClient(ECSClient)
const ecr = mockClient(ECRClient)
const sts = mockClient(STSClient)
const logs = mockClient(CloudWatchLogsClient)

const tag = '1.2.0-0123456'
const digest = `sha256:${'e'.repeat(64)}`

const inputs = releaseInputs

let workspace: string

/** What DescribeTaskDefinition returns for the example's task definition registered with `image`. */
function registeredExample(image: string): TaskDefinition {
  const file = JSON.parse(
    fs.readFileSync(path.join(workspace, 'task-definition.json'), 'utf8')
  ) as TaskDefinition & { tags?: unknown }
  delete file.tags
  return {
    ...file,
    taskDefinitionArn: currentArn,
    revision: 7,
    status: 'ACTIVE',
    containerDefinitions: (file.containerDefinitions ?? []).map(c => ({ ...c, image }))
  }
}

function harness(given: Record<string, string>) {
  return actionRun(workspace, given)
}

beforeEach(() => {
  workspace = exampleWorkspace()
  for (const m of [ecs, ecr, sts, logs]) m.reset()
  stubIdentityAndLogin(sts, ecr, 'pw')
  // This release's image is already in ECR: the runs below are re-runs or redeploys.
  ecr
    .on(DescribeImagesCommand)
    .resolves({ imageDetails: [{ imageDigest: digest, imageTags: [tag], imageSizeInBytes: 1000 }] })
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  logs.on(GetLogEventsCommand).resolves({ events: [] })
})

afterEach(() => {
  fs.rmSync(workspace, { recursive: true, force: true })
})

describe('force-new-deployment on a revision the service already runs', () => {
  it('starts a new deployment of that revision without registering an identical one', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: registeredExample(`${registry}/web:${tag}`) })
    const steady = service([
      deployment({ id: 'ecs-svc/1', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    const forced = service([
      deployment({
        id: 'ecs-svc/2',
        taskDefinition: currentArn,
        rolloutState: 'IN_PROGRESS',
        runningCount: 0
      }),
      deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    const done = service([
      deployment({ id: 'ecs-svc/2', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    ecs.on(UpdateServiceCommand).resolves({ service: forced })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady] })
      .resolvesOnce({ services: [forced] })
      .resolves({ services: [done] })

    const h = harness({ ...inputs, 'force-new-deployment': 'true' })
    await run(h.deps)

    expect(h.failures).toEqual([])
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
    expect(ecs.commandCalls(UpdateServiceCommand).map(c => c.args[0].input)).toEqual([
      expect.objectContaining({ taskDefinition: currentArn, forceNewDeployment: true })
    ])
    expect(h.outputs).toMatchObject({
      'task-definition-arn': currentArn,
      'deployment-id': 'ecs-svc/2',
      'rollout-state': 'COMPLETED'
    })
    expect(h.logger.text()).toContain(
      'The service already runs this task definition (hello-service:7): no new revision; force-new-deployment starts a new deployment of it.'
    )
  })

  it('still registers a new revision when something changed', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: registeredExample(`${registry}/web:1.1.0-0000000`) })
    ecs
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: newArn, revision: 8 } })
    const steady = service([
      deployment({ id: 'ecs-svc/1', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    const done = service([deployment({ id: 'ecs-svc/2', taskDefinition: newArn, rolloutState: 'COMPLETED' })])
    ecs.on(UpdateServiceCommand).resolves({ service: done })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady] })
      .resolves({ services: [done] })

    const h = harness({ ...inputs, 'force-new-deployment': 'true' })
    await run(h.deps)

    expect(h.failures).toEqual([])
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1)
    expect(h.outputs['task-definition-arn']).toBe(newArn)
  })
})

describe('inputs a run ignores', () => {
  it('are warned about with a title, once, and the run goes on', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: registeredExample(`${registry}/web:1.1.0-0000000`) })
    ecs
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: newArn, revision: 8 } })
    const steady = service([
      deployment({ id: 'ecs-svc/1', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    ecs.on(UpdateServiceCommand).resolves({
      service: service([deployment({ id: 'ecs-svc/2', taskDefinition: newArn, rolloutState: 'IN_PROGRESS' })])
    })
    ecs.on(DescribeServicesCommand).resolves({ services: [steady] })

    const h = harness({
      ...inputs,
      'image-tag': tag,
      'container-engine': 'podman',
      platform: 'linux/arm64',
      'wait-for-service-stability': 'false',
      'rollback-on-failure': 'true'
    })
    await run(h.deps)

    expect(h.failures).toEqual([])
    expect(h.commands).toEqual([])
    expect(h.logger.warnings).toEqual([
      {
        message: expect.stringMatching(
          /^platform, container-engine are ignored: image-tag deploys an existing image/
        ),
        annotation: { title: 'Build inputs ignored' }
      },
      {
        message: expect.stringMatching(
          /^rollback-on-failure is ignored: wait-for-service-stability is false/
        ),
        annotation: { title: 'Rollout inputs ignored' }
      }
    ])
    expect(h.outputs['rollout-state']).toBe('SKIPPED')
  })
})

describe('a failed rollout', () => {
  it('puts the stopped tasks into the job summary', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .resolves({ taskDefinition: registeredExample(`${registry}/web:1.1.0-0000000`) })
    ecs
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: newArn, revision: 8 } })
    const steady = service([
      deployment({ id: 'ecs-svc/1', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    const failed = service([
      deployment({
        id: 'ecs-svc/2',
        taskDefinition: newArn,
        rolloutState: 'FAILED',
        rolloutStateReason: 'tasks failed to start.',
        runningCount: 0,
        failedTasks: 3
      }),
      deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: currentArn, rolloutState: 'COMPLETED' })
    ])
    ecs.on(UpdateServiceCommand).resolves({ service: failed })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady] })
      .resolves({ services: [failed] })
    const taskArn = `arn:aws:ecs:eu-west-1:${account}:task/prod/0123456789abcdef0123456789abcdef`
    ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn] })
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn,
          taskDefinitionArn: newArn,
          lastStatus: 'STOPPED',
          stoppedReason: 'Essential container in task exited',
          stoppedAt: new Date(Date.UTC(2026, 10, 23, 12, 0, 0)),
          containers: [{ name: 'app', exitCode: 137, lastStatus: 'STOPPED' }]
        }
      ]
    })

    const h = harness(inputs)
    await run(h.deps)

    expect(h.failures).toHaveLength(1)
    expect(h.summaries[0]).toContain(
      '| `0123456789ab` hello-service:8 | 12:00:00 | Essential container in task exited | `app` exit code 137 |'
    )
  })
})
