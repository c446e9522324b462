// The ECS controller's BLUE_GREEN, LINEAR and CANARY strategies, end to end: the bundled action deploys an existing
// image to a service of each strategy on the stand-in and follows its service deployment through the Service
// Deployments API: success, a failing Lambda hook and an alarm that roll it back, wait-until a stage, and a pause
// hook that a second run continues.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ContinueServiceDeploymentCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  type DeploymentConfiguration,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import * as path from 'node:path'
import { deployPolicy, withoutStatement } from '../../src/iam/policy.js'
import { deployPolicyInputFor } from '../../src/iam/policy-input.js'
import type { PolicyDocument } from '../../src/iam/types.js'
import { loadTaskDefinition } from '../../src/taskdef/index.js'
import { examplePath } from '../../scripts/lib/paths.js'
import { deployer } from '../../scripts/lib/stack.js'
import { createWorker, servicesInputs, servicesOutput, WORKER } from './services-worker.js'
import {
  checkoutPrebuilt,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  releaseEvent,
  startTestStack,
  type Stack
} from './harness.js'

const role = 'arn:aws:iam::123456789012:role/ecs-infrastructure'
const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`
/** At the stack's 30 ECS seconds per real second: tasks run after 1 s, healthy 0.5 s later, each stage 1 s. */
const brisk = {
  taskStartSeconds: 30,
  healthyAfterSeconds: 15,
  drainSeconds: 15,
  stageSeconds: 30,
  lambdaHooks: [],
  alarms: [],
  failures: []
}
/** The first revision of a test's service settles about ten times as fast: the test waits on its own deployment only. */
const settling = { ...brisk, taskStartSeconds: 3, healthyAfterSeconds: 2, drainSeconds: 2, stageSeconds: 3 }

describe('BLUE_GREEN, LINEAR and CANARY services', () => {
  let stack: Stack
  let serial = 0

  beforeAll(async () => {
    stack = await startTestStack()
  }, 120_000)
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)

  /** A service of this strategy behind a load balancer with the advancedConfiguration ECS needs, steady on the first revision. */
  async function strategyService(name: string, config: DeploymentConfiguration): Promise<string> {
    const tg = (color: string) =>
      `arn:aws:elasticloadbalancing:${stack.region}:${stack.accountId}:targetgroup/${name}-${color}/0123456789abcdef`
    const rule = (which: string) =>
      `arn:aws:elasticloadbalancing:${stack.region}:${stack.accountId}:listener-rule/app/lb/0123456789abcdef/0123456789abcdef/${name}-${which}`
    stack.emulator.setScenario(settling)
    await stack.ecs.send(
      new CreateServiceCommand({
        cluster: stack.cluster,
        serviceName: name,
        taskDefinition: stack.initialTaskDefinitionArn,
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0e2e000000000a001'] } },
        loadBalancers: [
          {
            targetGroupArn: tg('blue'),
            containerName: 'app',
            containerPort: 8080,
            advancedConfiguration: {
              alternateTargetGroupArn: tg('green'),
              productionListenerRule: rule('prod'),
              testListenerRule: rule('test'),
              roleArn: role
            }
          }
        ],
        deploymentConfiguration: config
      })
    )
    // The first revision settles (no traffic to shift from, no bake; a pause hook waits for it too: continued here).
    for (let i = 0; i < 200; i++) {
      const s = await readService(name)
      if (s?.deployments?.length === 1 && s.deployments[0]?.rolloutState === 'COMPLETED') {
        stack.emulator.setScenario(brisk)
        return name
      }
      const first = s?.currentServiceDeployment
        ? await serviceDeployment(s.currentServiceDeployment)
        : undefined
      const waiting = first?.lifecycleHookDetails?.find(h => h.status === 'AWAITING_ACTION')
      if (first?.serviceDeploymentArn && waiting?.hookId)
        await stack.ecs.send(
          new ContinueServiceDeploymentCommand({
            serviceDeploymentArn: first.serviceDeploymentArn,
            hookId: waiting.hookId
          })
        )
      await new Promise(r => setTimeout(r, 100))
    }
    throw new Error(`service ${name} did not settle`)
  }

  async function readService(name: string) {
    const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs')
    return (await stack.ecs.send(new DescribeServicesCommand({ cluster: stack.cluster, services: [name] })))
      .services?.[0]
  }

  async function serviceDeployment(arn: string): Promise<ServiceDeployment | undefined> {
    const out = await stack.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))
    return out.serviceDeployments?.[0]
  }

  /** Deploys a new image (outside ECR: nothing to build or push) to the service with these inputs. */
  function release(service: string, inputs: Record<string, string> = {}) {
    const version = `3.0.${++serial}`
    const {
      'build-args': _args,
      'container-engine': _engine,
      'ecr-repository': _repository,
      ...deployOnly
    } = deployInputs(stack, {
      service,
      image: `registry.example.com/hello-service:${version}`,
      verify: 'off',
      ...inputs
    })
    return deploy(stack, { inputs: deployOnly, event: releaseEvent({ tag: `v${version}` }) })
  }

  const logLines = (run: { stdout: string }) => run.stdout.split('\n')
  const errorsOf = (run: { stdout: string }) => errorAnnotations(run).join('\n')

  it('a BLUE_GREEN service that completed goes back when the next service of the release fails (sequential, rollback-scope all)', async () => {
    const service = await strategyService('web-bg-release', { strategy: 'BLUE_GREEN' })
    const workspace = checkoutPrebuilt(stack)
    await createWorker(stack, workspace)
    const before = await readService(service)
    const version = `3.0.${++serial}`
    stack.emulator.setScenario({
      ...brisk,
      failures: [
        {
          kind: 'exit',
          taskDefinition: WORKER,
          image: `:${version}`,
          exitCode: 1,
          logLines: ['worker: no queue']
        }
      ]
    })
    const mark = stack.requestMark()
    const {
      'build-args': _args,
      'container-engine': _engine,
      'ecr-repository': _repository,
      ...inputs
    } = servicesInputs(
      stack,
      [
        `- service: ${service}`,
        '  task-definition: task-definition.json',
        '  container-name: app',
        `- service: ${WORKER}`,
        '  task-definition: worker-task-definition.json',
        '  container-name: worker'
      ].join('\n'),
      {
        image: `registry.example.com/hello-service:${version}`,
        verify: 'off',
        'services-order': 'sequential',
        'rollback-on-failure': 'true',
        'rollback-scope': 'all',
        'max-task-failures': '1',
        'wait-for-minutes': '2'
      }
    )

    const run = await deploy(stack, { inputs, workspace, event: releaseEvent({ tag: `v${version}` }) })

    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toContain(`${WORKER}: `)
    const log = logLines(run)
    // web's service deployment had completed: a new one takes it back, followed to its end.
    expect(log).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\[${service}\\] Started service deployment arn:\\S+ \\(ECS blue/green deployment\\) back to `
        )
      )
    )
    const updates = stack
      .requestsSince(mark)
      .filter(r => r.operation === 'UpdateService' && (r.input as { service?: string }).service === service)
      .map(r => (r.input as { taskDefinition?: string }).taskDefinition)
    expect(updates).toHaveLength(2)
    expect(updates[1]).toBe(before?.taskDefinition)
    expect(stack.requestsSince(mark).filter(r => r.operation === 'StopServiceDeployment')).toHaveLength(1)
    const after = await readService(service)
    expect(after?.taskDefinition).toBe(before?.taskDefinition)
    expect(after?.deployments).toHaveLength(1)
    const map = servicesOutput(run.outputs)
    expect(map[service]?.['rollout-state']).toBe('ROLLED_BACK')
    expect(run.summary).toContain('rolled back with the release')
    // The way back's watch does not print again the service's events the first watch printed.
    const events = log.filter(line => new RegExp(`^\\[${service}\\] \\d\\d:\\d\\d:\\d\\d `).test(line))
    expect(events.length).toBeGreaterThan(0)
    expect(events.filter((line, i) => events.indexOf(line) !== i)).toEqual([])
  }, 240_000)

  it('BLUE_GREEN: followed stage by stage to SUCCESSFUL after the bake, with the timeline in the summary', async () => {
    const service = await strategyService('web-bg', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2 })

    const run = await release(service)

    expect(errorsOf(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    const arn = run.outputs['service-deployment-arn']!
    expect(arn).toMatch(
      new RegExp(
        `^arn:aws:ecs:${stack.region}:${stack.accountId}:service-deployment/${stack.cluster}/${service}/`
      )
    )
    expect(run.outputs['hook-id']).toBeUndefined()
    const log = logLines(run)
    expect(log).toContainEqual(
      expect.stringMatching(/^Started service deployment arn:\S+ \(ECS blue\/green deployment\) of /)
    )
    expect(log).toContainEqual(expect.stringMatching(/^(POST_)?TEST_TRAFFIC_SHIFT: test 100 % \| /))
    expect(log).toContainEqual(
      expect.stringMatching(/^(POST_)?PRODUCTION_TRAFFIC_SHIFT: 100 % → blue\/green 0\/100 \| /)
    )
    expect(log).toContainEqual(
      expect.stringMatching(
        /^BAKE_TIME: 2m\d\ds left \| hello-service:\d+ running 2\/2$|^BAKE_TIME: \S+ left \| \S+ running 2\/2$/
      )
    )
    expect(log).toContainEqual(expect.stringMatching(/^Service deployment \S+ of \S+ succeeded$/))
    expect(run.summary).toContain('### Lifecycle stages')
    // Two ECS minutes at the stack's 30 ECS seconds per second: 4 s.
    expect(run.summary).toMatch(/\| BAKE_TIME \| \d\d:\d\d:\d\d \| [345](\.\d)?s \|/)
    // ECS says so, and the service runs the new revision alone.
    expect((await serviceDeployment(arn))?.status).toBe('SUCCESSFUL')
    const after = await readService(service)
    expect(after?.taskDefinition).toBe(run.outputs['task-definition-arn'])
    expect(after?.deployments?.map(d => d.rolloutState)).toEqual(['COMPLETED'])
  }, 180_000)

  it('BLUE_GREEN with a failing Lambda hook and rollback-on-failure: followed to ROLLBACK_SUCCESSFUL, the old revision serves', async () => {
    const hook = lambda('smoke-test')
    const service = await strategyService('web-bg-hook', {
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [
        {
          hookTargetArn: hook,
          roleArn: role,
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          targetType: 'AWS_LAMBDA'
        }
      ]
    })
    stack.emulator.setScenario({ ...brisk, lambdaHooks: [{ targetArn: 'smoke-test', status: 'FAILED' }] })
    const before = (await readService(service))?.taskDefinition

    const run = await release(service, { 'rollback-on-failure': 'true' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
    const cause = errorsOf(run)
    expect(cause).toMatch(
      /^ECS rolled back to \S+:\d+ \(service revision \d+\): Service deployment \S+ of \S+ failed in POST_TEST_TRAFFIC_SHIFT: /
    )
    expect(cause).toContain(`Lifecycle hook ${hook} returned FAILED in stage POST_TEST_TRAFFIC_SHIFT`)
    expect(logLines(run)).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Hook \\w+ \\(AWS_LAMBDA ${hook}\\) in POST_TEST_TRAFFIC_SHIFT: FAILED$`)
      )
    )
    expect((await serviceDeployment(run.outputs['service-deployment-arn']!))?.status).toBe(
      'ROLLBACK_SUCCESSFUL'
    )
    expect((await readService(service))?.taskDefinition).toBe(before)
  }, 180_000)

  it('BLUE_GREEN with a failing hook, without rollback-on-failure: fails as ECS starts rolling back, naming where to', async () => {
    const service = await strategyService('web-bg-fast', {
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [
        {
          hookTargetArn: lambda('check'),
          roleArn: role,
          lifecycleStages: ['PRE_SCALE_UP'],
          targetType: 'AWS_LAMBDA'
        }
      ]
    })
    stack.emulator.setScenario({
      ...brisk,
      stageSeconds: 90,
      lambdaHooks: [{ targetArn: 'check', status: 'FAILED', afterSeconds: 10 }]
    })
    const before = (await readService(service))?.taskDefinition ?? ''

    const run = await release(service)

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLING_BACK')
    const cause = errorsOf(run)
    expect(cause).toContain(`ECS is rolling back to ${before.split('/').pop()} (service revision `)
    expect(cause).toContain('the run does not wait for it (rollback-on-failure is false)')
    // It did not wait: ECS is still on its way back (ROLLBACK_IN_PROGRESS comes a stage later, 3 s).
    expect((await serviceDeployment(run.outputs['service-deployment-arn']!))?.status).toBe(
      'ROLLBACK_REQUESTED'
    )
  }, 180_000)

  it('LINEAR with an alarm in ALARM: rolled back, the alarm named', async () => {
    const service = await strategyService('web-linear', {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true }
    })
    stack.emulator.setScenario({ ...brisk, alarms: [{ name: 'web-5xx', stage: 'PRODUCTION_TRAFFIC_SHIFT' }] })
    const before = (await readService(service))?.taskDefinition

    const run = await release(service, { 'rollback-on-failure': 'true' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
    expect(errorsOf(run)).toMatch(
      /^ECS rolled back to hello-service:\d+ \(service revision \d+\): Service deployment \d+ of hello-service:\d+ failed in PRODUCTION_TRAFFIC_SHIFT: ECS deployment alarms: CloudWatch alarm\(s\) web-5xx in ALARM state; alarm in ALARM: web-5xx$/
    )
    expect(logLines(run)).toContainEqual(
      expect.stringMatching(/^Monitors: alarms TRIGGERED \(web-5xx\), in ALARM: web-5xx/)
    )
    expect((await readService(service))?.taskDefinition).toBe(before)
  }, 180_000)

  it('CANARY: the canary, its bake, then all traffic, to SUCCESSFUL', async () => {
    const service = await strategyService('web-canary', {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 }
    })

    const run = await release(service)

    expect(errorsOf(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    const log = logLines(run)
    expect(log).toContainEqual(
      expect.stringMatching(/^PRODUCTION_TRAFFIC_SHIFT: 10 % → blue\/green 90\/10 \| /)
    )
    expect(log).toContainEqual(
      expect.stringMatching(/^(POST_)?PRODUCTION_TRAFFIC_SHIFT: 100 % → blue\/green 0\/100 \| /)
    )
    expect((await readService(service))?.taskDefinition).toBe(run.outputs['task-definition-arn'])
  }, 180_000)

  it('wait-until: BAKE_TIME ends green once the bake begins, with rollout-state BAKE_TIME; ECS bakes on', async () => {
    const service = await strategyService('web-bake', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 })

    const run = await release(service, { 'wait-until': 'BAKE_TIME' })

    expect(errorsOf(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['rollout-state']).toBe('BAKE_TIME')
    expect(logLines(run)).toContainEqual(
      expect.stringMatching(
        /reached BAKE_TIME healthy \(wait-until is BAKE_TIME\); ECS goes on without this run/
      )
    )
    const sd = await serviceDeployment(run.outputs['service-deployment-arn']!)
    expect(sd).toMatchObject({ status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' })
  }, 180_000)

  it('a PAUSE hook: the first run ends PAUSED (on-pause exit), a second run with continue-deployment continues it to SUCCESSFUL', async () => {
    const service = await strategyService('web-pause', {
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' }
        }
      ]
    } as DeploymentConfiguration)

    const first = await release(service, { 'on-pause': 'exit' })

    expect(errorsOf(first)).toBe('')
    expect(first.exitCode).toBe(0)
    expect(first.outputs['rollout-state']).toBe('PAUSED')
    const arn = first.outputs['service-deployment-arn']!
    const hookId = first.outputs['hook-id']!
    expect(hookId).toMatch(/^ecs-pause-[\w-]{43}$/)
    expect(logLines(first)).toContain(
      `Continue it with: aws ecs continue-service-deployment --service-deployment-arn ${arn} --hook-id ${hookId} --action CONTINUE --region ${stack.region}`
    )
    expect(await serviceDeployment(arn)).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT'
    })

    // Job 2 (gated by an environment's reviewers in a real workflow): no task definition, no image, only the ARN.
    const second = await deploy(stack, {
      inputs: {
        cluster: stack.cluster,
        service,
        'aws-region': stack.region,
        'continue-deployment': arn,
        'wait-for-minutes': '5'
      },
      event: releaseEvent({ tag: `v3.0.${serial}` })
    })

    expect(errorsOf(second)).toBe('')
    expect(second.exitCode).toBe(0)
    expect(second.outputs['rollout-state']).toBe('COMPLETED')
    expect(second.outputs['service-deployment-arn']).toBe(arn)
    expect(logLines(second)).toContainEqual(
      expect.stringMatching(new RegExp(`^Answered pause hook ${hookId} with CONTINUE \\(continue-action\\)`))
    )
    expect((await serviceDeployment(arn))?.status).toBe('SUCCESSFUL')
    expect((await readService(service))?.taskDefinition).toBe(first.outputs['task-definition-arn'])
  }, 180_000)

  it('continue-deployment with a task definition: refused before any AWS call, naming both inputs', async () => {
    const mark = stack.requestMark()
    const run = await deploy(stack, {
      inputs: {
        ...deployInputs(stack),
        'continue-deployment': `arn:aws:ecs:${stack.region}:${stack.accountId}:service-deployment/${stack.cluster}/${stack.service}/abc`
      },
      event: releaseEvent({ tag: 'v3.9.0' })
    })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toContain(
      'task-definition, ecr-repository are set together with continue-deployment, which deploys nothing'
    )
    expect(stack.requestsSince(mark)).toEqual([])
  }, 120_000)

  it('a dry run says the path and what done will mean, and changes nothing', async () => {
    const service = await strategyService('web-plan', {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 },
      bakeTimeInMinutes: 30
    })
    const mark = stack.requestMark()
    const run = await release(service, { 'dry-run': 'true' })
    expect(errorsOf(run)).toBe('')
    expect(logLines(run)).toContain(
      `Update service ${service} in cluster ${stack.cluster} (ECS canary deployment), then follow the rollout for up to 5 min ` +
        '(done: the service deployment is SUCCESSFUL, after a canary of 5 % for 10 min, the bake time of 30 min)'
    )
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
  }, 120_000)

  it('wait-until a stage on a ROLLING service: refused before any change, naming wait-until', async () => {
    const mark = stack.requestMark()
    const run = await release(stack.service, { 'wait-until': 'BAKE_TIME' })

    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toContain(
      'wait-until is BAKE_TIME, but the service deploys with the ROLLING strategy'
    )
    expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
  }, 120_000)

  // Last in the file: the bot's keys replace the stand-in's identities (the deployer's stay). Each run gets a service of
  // its own: a deployment left baking (wait-until, a timeout) keeps its service busy for an hour.
  describe('least privilege on a BLUE_GREEN service', () => {
    const bot = {
      accessKeyId: 'AKIAE2ESTAGEDBOT0001',
      secretAccessKey: 'e2e-staged-bot-secret-access-key-000000001',
      arn: 'arn:aws:iam::123456789012:user/staged-bot'
    }
    const loaded = () => loadTaskDefinition(path.join(examplePath('java-service'), 'task-definition.json'))
    const policyFor = (service: string): PolicyDocument =>
      deployPolicy(
        deployPolicyInputFor({
          region: stack.region,
          accountId: stack.accountId,
          pushImage: false,
          cluster: stack.cluster,
          service,
          taskDefinition: loaded().definition,
          tags: loaded().tags,
          rollback: true,
          verify: 'off',
          stagedDeployment: { stop: true, continue: false }
        })
      )

    const asBot = (service: string, policies: PolicyDocument[], inputs: Record<string, string>) => {
      stack.emulator.setIdentities([deployer, { ...bot, policies }])
      return release(service, {
        'aws-access-key-id': bot.accessKeyId,
        'aws-secret-access-key': bot.secretAccessKey,
        'rollback-on-failure': 'true',
        ...inputs
      })
    }
    // An image outside ECR: the run still asks ECR's login whether it is this account's registry at another address,
    // and goes on without it (the policy has no EcrLogin for it).
    const denials = (mark: number) =>
      stack
        .requestsSince(mark)
        .filter(r => /AccessDenied/.test(r.errorType ?? '') && r.operation !== 'GetAuthorizationToken')
        .map(r => `${r.service} ${r.operation}`)
    const baking = (name: string) => strategyService(name, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 })

    it('the generated policy suffices (the action reports the same one), and nothing else is denied', async () => {
      const service = await baking('web-iam-ok')
      const policy = policyFor(service)
      const mark = stack.requestMark()
      const run = await asBot(service, [policy], { 'wait-until': 'BAKE_TIME' })
      expect(errorsOf(run)).toBe('')
      expect(run.outputs['rollout-state']).toBe('BAKE_TIME')
      expect(JSON.parse(run.outputs['iam-policy']!)).toEqual(policy)
      expect(denials(mark)).toEqual([])
    }, 120_000)

    it('without EcsFollowServiceDeployment the run fails following it, naming ecs:DescribeServiceDeployments', async () => {
      const service = await baking('web-iam-follow')
      const mark = stack.requestMark()
      const run = await asBot(service, [withoutStatement(policyFor(service), 'EcsFollowServiceDeployment')], {
        'wait-until': 'BAKE_TIME'
      })
      expect(run.exitCode).toBe(1)
      expect(errorsOf(run)).toContain('ecs:DescribeServiceDeployments')
      expect(denials(mark)).toEqual(['ecs DescribeServiceDeployments'])
    }, 120_000)

    it('ECS not naming the new service deployment yet: found through ListServiceDeployments; without EcsListServiceDeployments the run fails naming it', async () => {
      // UpdateService's answer and the next DescribeServices omit currentServiceDeployment (eventual consistency).
      const lagging = async (name: string) => {
        const service = await baking(name)
        stack.emulator.setScenario({ ...brisk, serviceDeploymentLag: 3 })
        return service
      }
      try {
        const service = await lagging('web-iam-list')
        let mark = stack.requestMark()
        const run = await asBot(service, [policyFor(service)], { 'wait-until': 'BAKE_TIME' })
        expect(errorsOf(run)).toBe('')
        expect(run.outputs['rollout-state']).toBe('BAKE_TIME')
        const sent = stack.requestsSince(mark).filter(r => r.service === 'ecs')
        const ops = sent.map(r => r.operation)
        expect(ops.indexOf('ListServiceDeployments')).toBeGreaterThan(ops.indexOf('UpdateService'))
        const listed = sent.find(r => r.operation === 'ListServiceDeployments')
        expect(listed?.input).toMatchObject({ cluster: stack.cluster, service })
        // The deployment it followed is the one ECS names once it catches up.
        const arn = run.outputs['service-deployment-arn']
        expect(arn).toMatch(/:service-deployment\//)
        expect((await readService(service))?.currentServiceDeployment).toBe(arn)
        expect(
          sent.filter(r => r.operation === 'DescribeServiceDeployments').map(r => r.input)
        ).toContainEqual({ serviceDeploymentArns: [arn] })
        expect(denials(mark)).toEqual([])

        const refusedService = await lagging('web-iam-nolist')
        mark = stack.requestMark()
        const refused = await asBot(
          refusedService,
          [withoutStatement(policyFor(refusedService), 'EcsListServiceDeployments')],
          { 'wait-until': 'BAKE_TIME' }
        )
        expect(refused.exitCode).toBe(1)
        expect(errorsOf(refused)).toContain('ecs:ListServiceDeployments')
        expect(denials(mark)).toEqual(['ecs ListServiceDeployments'])
      } finally {
        stack.emulator.setScenario({ ...brisk, serviceDeploymentLag: 0 })
      }
    }, 180_000)

    it('a timeout with rollback-on-failure: StopServiceDeployment ROLLBACK, followed to ROLLED_BACK; without EcsStopServiceDeployment, TIMED_OUT naming it', async () => {
      const refusedService = await baking('web-iam-nostop')
      let mark = stack.requestMark()
      const denied = await asBot(
        refusedService,
        [withoutStatement(policyFor(refusedService), 'EcsStopServiceDeployment')],
        { 'wait-for-minutes': '0.2' }
      )
      expect(denied.exitCode).toBe(1)
      expect(denied.outputs['rollout-state']).toBe('TIMED_OUT')
      expect(errorsOf(denied)).toMatch(
        /did not finish within 12s .*asking ECS to roll it back failed: .*ecs:StopServiceDeployment/
      )
      expect(denials(mark)).toEqual(['ecs StopServiceDeployment'])

      const service = await baking('web-iam-stop')
      const before = (await readService(service))?.taskDefinition
      mark = stack.requestMark()
      const run = await asBot(service, [policyFor(service)], { 'wait-for-minutes': '0.2' })
      expect(run.exitCode).toBe(1)
      expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
      expect(errorsOf(run)).toMatch(
        /^ECS rolled back to \S+ \(service revision \d+\): .*wait-for-minutes \(12s\) ran out in BAKE_TIME, and the run asked ECS to roll back/
      )
      expect(
        stack
          .requestsSince(mark)
          .filter(r => r.operation === 'StopServiceDeployment')
          .map(r => r.input)
      ).toEqual([{ serviceDeploymentArn: run.outputs['service-deployment-arn'], stopType: 'ROLLBACK' }])
      expect((await readService(service))?.taskDefinition).toBe(before)
      expect(denials(mark)).toEqual([])
    }, 180_000)
  })
})
