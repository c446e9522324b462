import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ContinueDeploymentCommand,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentTargetCommand,
  StopDeploymentCommand,
  type CreateDeploymentGroupCommandInput,
  type DeploymentInfo
} from '@aws-sdk/client-codedeploy'
import { UpdateServiceCommand, CreateServiceCommand } from '@aws-sdk/client-ecs'
import { DEFAULT_ADMIN } from '../../identities.js'
import { clients, failure } from '../support.js'
import { lambda, stack, tg, type Stack } from '../strategy-stack.js'

let current: Stack | undefined
afterEach(async () => {
  await current?.stop()
  current = undefined
})

const appSpec = (taskDefinition: string, hooks: Record<string, string>[] = []) =>
  JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinition,
            LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 }
          }
        }
      }
    ],
    Hooks: hooks
  })

async function codeDeployService(group: Partial<CreateDeploymentGroupCommandInput> = {}): Promise<Stack> {
  const s = await stack({
    deploymentController: { type: 'CODE_DEPLOY' },
    loadBalancers: [{ targetGroupArn: tg('blue'), containerName: 'web', containerPort: 8080 }]
  })
  current = s
  await s.sdk.codedeploy.send(
    new CreateApplicationCommand({ applicationName: 'AppECS-prod-web', computePlatform: 'ECS' })
  )
  await s.sdk.codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'AppECS-prod-web',
      deploymentGroupName: 'DgpECS-prod-web',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
      ecsServices: [{ clusterName: 'prod', serviceName: 'web' }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          {
            targetGroups: [{ name: 'blue' }, { name: 'green' }],
            prodTrafficRoute: {
              listenerArns: [
                'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/0123456789abcdef/0123456789abcdef'
              ]
            }
          }
        ]
      },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      ...group
    })
  )
  return s
}

async function createDeployment(s: Stack, content: string): Promise<string> {
  const out = await s.sdk.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: 'AppECS-prod-web',
      deploymentGroupName: 'DgpECS-prod-web',
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content } }
    })
  )
  if (!out.deploymentId) throw new Error('no deploymentId')
  return out.deploymentId
}

const web2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'

async function follow(
  s: Stack,
  id: string,
  until: string[] = ['Succeeded', 'Failed', 'Stopped']
): Promise<{ seen: string[]; info: DeploymentInfo }> {
  const seen: string[] = []
  for (let t = 0; t < 10_000; t += 2) {
    const info =
      (await s.sdk.codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo ?? {}
    if (seen[seen.length - 1] !== info.status) seen.push(info.status ?? '?')
    if (until.includes(info.status ?? '')) return { seen, info }
    s.pass(2)
  }
  throw new Error(`deployment ${id} still ${seen.join(' → ')}`)
}

const target = (s: Stack, deploymentId: string) =>
  s.sdk.codedeploy.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'prod:web' }))

describe('CodeDeploy blue/green of an ECS service', () => {
  it("the snapshot gives each deployment's createTime and completeTime as GetDeployment does", async () => {
    const s = await codeDeployService()
    const id = await createDeployment(s, appSpec(web2))
    const { info } = await follow(s, id)
    expect(info.status).toBe('Succeeded')
    const snapshot = s.emulator.snapshot() as {
      ecs: { codeDeployDeployments: { deploymentId: string; createTime: number; completeTime?: number }[] }
    }
    const mine = snapshot.ecs.codeDeployDeployments.find(d => d.deploymentId === id)!
    expect(Math.floor(mine.createTime)).toBe(info.createTime!.getTime())
    expect(Math.floor(mine.completeTime!)).toBe(info.completeTime!.getTime())
  })

  it('Created → InProgress → Succeeded: the replacement task set takes all traffic and the original one goes', async () => {
    const s = await codeDeployService({
      blueGreenDeploymentConfiguration: {
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 }
      },
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes'
    })
    const id = await createDeployment(s, appSpec(web2))
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    let canary: number[] | undefined
    const seen: string[] = []
    for (let t = 0; t < 2000; t += 20) {
      const info = (await s.sdk.codedeploy.send(new GetDeploymentCommand({ deploymentId: id })))
        .deploymentInfo
      if (seen[seen.length - 1] !== info?.status) seen.push(info?.status ?? '?')
      const sets = (await target(s, id)).deploymentTarget?.ecsTarget?.taskSetsInfo ?? []
      if (sets.some(x => x.trafficWeight === 10)) canary ??= sets.map(x => x.trafficWeight ?? -1)
      if (info?.status === 'Succeeded') break
      s.pass(20)
    }
    expect(seen).toEqual(['Created', 'InProgress', 'Baking', 'Succeeded'])
    expect(canary).toEqual([90, 10])
    const ecsTarget = (await target(s, id)).deploymentTarget?.ecsTarget
    expect(ecsTarget?.lifecycleEvents?.map(e => `${e.lifecycleEventName}:${e.status}`)).toEqual([
      'BeforeInstall:Skipped',
      'Install:Succeeded',
      'AfterInstall:Skipped',
      'AllowTestTraffic:Succeeded',
      'AfterAllowTestTraffic:Skipped',
      'BeforeAllowTraffic:Skipped',
      'AllowTraffic:Succeeded',
      'AfterAllowTraffic:Skipped'
    ])
    s.pass(30)
    const svc = await s.service()
    expect(svc.deploymentController?.type).toBe('CODE_DEPLOY')
    expect(svc.taskDefinition).toBe(web2)
    expect(svc.taskSets?.map(t => [t.status, t.taskDefinition, t.runningCount])).toEqual([
      ['PRIMARY', web2, 2]
    ])
  }, 20_000)

  it('a hook that fails makes the deployment Failed with HOOK_EXECUTION_FAILURE and rolls back to the original task set', async () => {
    const s = await codeDeployService()
    s.emulator.setScenario({ codeDeployHooks: [{ event: 'AfterAllowTestTraffic', status: 'Failed' }] })
    const id = await createDeployment(s, appSpec(web2, [{ AfterAllowTestTraffic: lambda('smoke') }]))
    const { info } = await follow(s, id)
    expect(info.status).toBe('Failed')
    expect(info.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE')
    expect(info.errorInformation?.message).toContain(lambda('smoke'))
    expect(info.rollbackInfo?.rollbackDeploymentId).toMatch(/^d-/)
    const events = (await target(s, id)).deploymentTarget?.ecsTarget?.lifecycleEvents ?? []
    expect(events.find(e => e.lifecycleEventName === 'AfterAllowTestTraffic')?.status).toBe('Failed')
    s.pass(60)
    const svc = await s.service()
    expect(svc.taskDefinition).toMatch(/web:1$/)
    expect(svc.taskSets?.map(t => [t.status, t.runningCount])).toEqual([['PRIMARY', 2]])
  })

  it('waits in Ready for ContinueDeployment when the deployment group says STOP_DEPLOYMENT', async () => {
    const s = await codeDeployService({
      blueGreenDeploymentConfiguration: {
        deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 }
      }
    })
    const id = await createDeployment(s, appSpec(web2))
    expect((await follow(s, id, ['Ready'])).info.status).toBe('Ready')
    s.pass(600)
    expect((await follow(s, id, ['Ready'])).info.status).toBe('Ready')
    await s.sdk.codedeploy.send(
      new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' })
    )
    expect(
      await failure(s.sdk.codedeploy.send(new ContinueDeploymentCommand({ deploymentId: id })))
    ).toMatchObject({
      name: 'DeploymentIsNotInReadyStateException'
    })
    expect((await follow(s, id)).info.status).toBe('Succeeded')
  })

  it('StopDeployment with auto rollback stops it and restores the original task set; then it is already completed', async () => {
    const s = await codeDeployService()
    const id = await createDeployment(s, appSpec(web2))
    s.pass(5)
    await s.sdk.codedeploy.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }))
    const { info } = await follow(s, id)
    expect(info.status).toBe('Stopped')
    expect(info.errorInformation?.code).toBe('MANUAL_STOP')
    expect(
      await failure(s.sdk.codedeploy.send(new StopDeploymentCommand({ deploymentId: id })))
    ).toMatchObject({
      name: 'DeploymentAlreadyCompletedException'
    })
  })

  it('a deployment group alarm in ALARM stops the deployment (ALARM_ACTIVE) and rolls back on DEPLOYMENT_STOP_ON_ALARM', async () => {
    const s = await codeDeployService({
      alarmConfiguration: { enabled: true, alarms: [{ name: 'web-5xx' }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] }
    })
    s.emulator.setScenario({ alarms: [{ name: 'web-5xx', afterSeconds: 10 }] })
    const { info } = await follow(s, await createDeployment(s, appSpec(web2)))
    expect(info.status).toBe('Stopped')
    expect(info.errorInformation).toEqual({
      code: 'ALARM_ACTIVE',
      message: 'The deployment was stopped because CloudWatch alarm web-5xx went into ALARM state.'
    })
    expect(info.rollbackInfo?.rollbackDeploymentId).toMatch(/^d-/)
  })

  it('an AppSpec naming another container or a missing task definition fails the deployment with the reason', async () => {
    const s = await codeDeployService()
    const id = await createDeployment(s, appSpec('arn:aws:ecs:us-east-1:123456789012:task-definition/web:9'))
    const { info } = await follow(s, id)
    expect(info.errorInformation).toEqual({
      code: 'ECS_UPDATE_ERROR',
      message:
        'The ECS service cannot be updated: task definition arn:aws:ecs:us-east-1:123456789012:task-definition/web:9 does not exist or is not ACTIVE.'
    })
    const broken = await follow(s, await createDeployment(s, 'version: 0.0\nResources: [unclosed'))
    expect(broken.info.errorInformation?.code).toBe('INVALID_REVISION')
    const s3 = s.sdk.codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-prod-web',
        deploymentGroupName: 'DgpECS-prod-web',
        revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k', bundleType: 'YAML' } }
      })
    )
    expect(await failure(s3)).toMatchObject({ name: 'InvalidRevisionException' })
  })

  it("answers its errors and deployment configs in CodeDeploy's shapes", async () => {
    const s = await codeDeployService()
    expect(
      await failure(s.sdk.codedeploy.send(new GetDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })))
    ).toMatchObject({
      name: 'DeploymentDoesNotExistException'
    })
    const config = await s.sdk.codedeploy.send(
      new GetDeploymentConfigCommand({
        deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes'
      })
    )
    expect(config.deploymentConfigInfo?.trafficRoutingConfig).toEqual({
      type: 'TimeBasedLinear',
      timeBasedLinear: { linearPercentage: 10, linearInterval: 1 }
    })
  })

  it('checks IAM on the deployment group ARN', async () => {
    const s = await codeDeployService()
    s.emulator.setIdentities([
      { ...DEFAULT_ADMIN, arn: 'arn:aws:iam::123456789012:user/deployer' },
      {
        accessKeyId: 'AKIAREADONLY0000000',
        secretAccessKey: 'read-only-secret',
        arn: 'arn:aws:iam::123456789012:user/reader',
        policies: [{ Statement: [{ Effect: 'Allow', Action: 'codedeploy:Get*', Resource: '*' }] }]
      }
    ])
    const reader = clients(s.emulator.url, {
      accessKeyId: 'AKIAREADONLY0000000',
      secretAccessKey: 'read-only-secret'
    })
    const denied = await failure(
      reader.codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: 'AppECS-prod-web',
          deploymentGroupName: 'DgpECS-prod-web',
          revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(web2) } }
        })
      )
    )
    expect(denied).toMatchObject({
      name: 'AccessDeniedException',
      message:
        'User: arn:aws:iam::123456789012:user/reader is not authorized to perform: codedeploy:CreateDeployment on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:AppECS-prod-web/DgpECS-prod-web because no identity-based policy allows the codedeploy:CreateDeployment action'
    })
  })
})

describe('deployment controllers', () => {
  it("UpdateService cannot change the task definition of a CODE_DEPLOY service, in ECS's words", async () => {
    const s = await codeDeployService()
    expect(
      await failure(
        s.sdk.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
      )
    ).toEqual({
      name: 'InvalidParameterException',
      message:
        'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
      status: 400
    })
    // What ECS lets such a service change still works.
    await s.sdk.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }))
    expect((await s.service()).desiredCount).toBe(3)
  })

  it('an EXTERNAL service runs no tasks of its own and refuses a new task definition', async () => {
    const s = await stack({})
    current = s
    await s.sdk.ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'ext',
        desiredCount: 1,
        deploymentController: { type: 'EXTERNAL' }
      })
    )
    const refused = await failure(
      s.sdk.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'ext', taskDefinition: 'web:2' }))
    )
    expect(refused).toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Unable to update task definition on services with an EXTERNAL deployment controller. Create a new task set to change it.'
    })
  })
})
