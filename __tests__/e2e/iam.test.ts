// Least privilege, generated and proven. The policy the project's own generator writes for a deploy is all the
// stand-in's release bot may do: a release with it passes, and without any one of its statements (or actions)
// the run fails at the step that needs it, or loses the explanation that statement pays for, naming what is
// missing. The same policy on a role assumed with the job's OIDC token deploys too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { deployPolicy, policyStatements, withoutStatement } from '../../src/iam/policy.js'
import { deployPolicyInputFor } from '../../src/iam/policy-input.js'
import type { PolicyDocument } from '../../src/iam/types.js'
import { main as cli } from '../../src/cli.js'
import { loadTaskDefinition } from '../../src/taskdef/index.js'
import { examplePath } from '../../scripts/lib/paths.js'
import { deployer } from '../../scripts/lib/stack.js'
import {
  checkoutPrebuilt,
  createCodeDeployService,
  createLoadBalancedService,
  deploy,
  deployInputs,
  errorAnnotations,
  mutatingRequests,
  outcome,
  releaseEvent,
  startTestStack,
  type ActionRun,
  type Stack
} from './harness.js'
import { appSpecWithHook } from '../../scripts/lib/workspace.js'

/** The CI user that runs the action: it holds only the policy under test. */
const bot = {
  accessKeyId: 'AKIAE2ERELEASEBOT001',
  secretAccessKey: 'e2e-release-bot-secret-access-key-00000001',
  arn: 'arn:aws:iam::123456789012:user/release-bot'
}
const roleArn = 'arn:aws:iam::123456789012:role/release-to-ecs-deploy'
const repositoryName = 'example-org/hello-service'

/** What the container of a failing release writes before it exits. */
const crashLine = 'Exception in thread "main" java.lang.IllegalStateException: DATABASE_PASSWORD is not set'

/** ECR lists it among the push permissions; podman's push never reads a manifest, so the stand-in cannot show it. */
const keptOnAwsWord = new Set(['ecr:BatchGetImage'])

type Run = ActionRun & { workspace: string }

function withoutAction(policy: PolicyDocument, action: string): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map(s => ({ ...s, Action: s.Action.filter(a => a !== action) })).filter(
      s => s.Action.length > 0
    )
  }
}

/** An unsigned JWT with these claims (the stand-in reads claims; it does not check signatures). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

describe('least privilege, generated and proven', () => {
  let stack: Stack
  let workspace: string
  let policy: PolicyDocument
  /** Every action some run showed to be necessary (the denial named it). */
  const provenNecessary = new Set<string>()

  const taskDefinitionFile = () =>
    loadTaskDefinition(path.join(examplePath('java-service'), 'task-definition.json'))

  /** The policy for this deploy, from the generator, as the action computes it (and prints it as iam-policy). */
  const policyFor = (input: {
    pushImage: boolean
    registryLogin?: boolean
    service?: string
    readTargetGroups?: boolean
    codedeploy?: Parameters<typeof deployPolicyInputFor>[0]['codedeploy']
  }): PolicyDocument => {
    const loaded = taskDefinitionFile()
    return deployPolicy(
      deployPolicyInputFor({
        region: stack.region,
        accountId: stack.accountId,
        repository: { name: stack.repository },
        pushImage: input.pushImage,
        registryLogin: input.registryLogin,
        cluster: stack.cluster,
        service: input.service ?? stack.service,
        taskDefinition: loaded.definition,
        tags: loaded.tags,
        rollback: true,
        readTargetGroups: input.readTargetGroups,
        codedeploy: input.codedeploy
      })
    )
  }

  /** The stack's own admin (the tests' clients) stays; the bot holds `policies`, and so does the OIDC role. */
  const grant = (policies: PolicyDocument[], trust?: { sub?: string; aud?: string }) =>
    stack.emulator.setIdentities(
      [deployer, { ...bot, policies }],
      [
        {
          arn: roleArn,
          policies,
          trust: trust ?? { sub: `repo:${repositoryName}:ref:refs/tags/*`, aud: 'sts.amazonaws.com' }
        }
      ]
    )

  /** A release run by the bot with its keys as inputs and none in the environment. */
  const release = async (
    version: string,
    options: {
      inputs?: Record<string, string>
      env?: Record<string, string>
      crash?: boolean
      keys?: boolean
    } = {}
  ): Promise<{ run: Run; tag: string; mark: number }> => {
    const event = releaseEvent({ tag: `v${version}`, repository: repositoryName })
    const tag = `${version}-${event.sha.slice(0, 7)}`
    if (options.crash)
      stack.emulator.setScenario({
        failures: [{ image: `:${tag}`, kind: 'exit', exitCode: 1, logLines: [crashLine] }]
      })
    const mark = stack.requestMark()
    try {
      const keys: Record<string, string> =
        options.keys === false
          ? {}
          : { 'aws-access-key-id': bot.accessKeyId, 'aws-secret-access-key': bot.secretAccessKey }
      const run = await deploy(stack, {
        event,
        workspace,
        inputs: deployInputs(stack, {
          'java-build': 'none',
          'rollback-on-failure': 'true',
          'max-task-failures': '2',
          ...keys,
          ...options.inputs
        }),
        env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...options.env }
      })
      return { run, tag, mark }
    } finally {
      if (options.crash) stack.emulator.setScenario({ failures: [] })
    }
  }

  /** The calls the stand-in refused for lack of a permission, as "service Operation". */
  const denials = (mark: number): string[] =>
    stack
      .requestsSince(mark)
      .filter(r => /AccessDenied|^DENIED$/.test(r.errorType ?? ''))
      .map(r => `${r.service} ${r.operation}`)
  /** Requests that carried credentials: not the registry's unauthenticated 401 challenges before a login. */
  const signedRequests = (mark: number) =>
    stack
      .requestsSince(mark)
      // Unsigned by design: the registry's 401 challenge, and the layer download URL (presigned, as S3's are).
      .filter(
        r =>
          !(
            r.service === 'registry' &&
            ((r.status === 401 && !r.accessKeyId) || r.operation === 'DownloadLayer')
          )
      )
  const registryRequests = (mark: number) => stack.requestsSince(mark).filter(r => r.service === 'registry')
  const errorsOf = (run: Run) => errorAnnotations(run).join('\n')
  const warningsOf = (run: Run) =>
    run.stdout
      .split('\n')
      .filter(line => line.startsWith('::warning'))
      .join('\n')

  beforeAll(async () => {
    // The breaker fails a deployment without rolling it back, so the action's own rollback-on-failure runs.
    stack = await startTestStack({ speed: 60, circuitBreaker: { enable: true, rollback: false } })
    workspace = checkoutPrebuilt(stack)
    policy = policyFor({ pushImage: true })
  }, 120_000)
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)

  it('is sufficient: a release as the bot with only the generated policy passes, and nothing is denied', async () => {
    grant([policy])
    const { run, tag, mark } = await release('1.0.0')

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    expect(run.outputs['rollout-state']).toBe('COMPLETED')
    expect(run.outputs['image-tag']).toBe(tag)
    expect(denials(mark)).toEqual([])
    // Every call was the bot's own, and the policy it holds is exactly what the action reports for this deploy.
    const callers = new Set(signedRequests(mark).map(r => r.identityArn))
    expect([...callers]).toEqual([bot.arn])
    expect(JSON.parse(run.outputs['iam-policy']!)).toEqual(policy)
    expect((await stack.describeService())?.taskDefinition).toBe(run.outputs['task-definition-arn'])

    // `release-to-ecs iam-policy` prints the same policy for this deploy.
    const printed: string[] = []
    const code = await cli(
      [
        'iam-policy',
        ...['--task-definition', path.join(examplePath('java-service'), 'task-definition.json')],
        ...['--cluster', stack.cluster, '--service', stack.service, '--repository', stack.repository],
        ...['--region', stack.region, '--account', stack.accountId, '--rollback']
      ],
      { stdout: text => printed.push(text), stderr: () => undefined, env: {} }
    )
    expect(code).toBe(0)
    expect(JSON.parse(printed.join(''))).toEqual(policy)
  }, 120_000)

  describe('each statement is necessary', () => {
    // Each row: the statement removed, the denial the run must show, and whether anything reached the registry.
    // Each row: the statement removed, the refused call, the action it proves, the message, and whether
    // anything reached the registry.
    const refused: [
      sid: string,
      denied: string,
      proves: string,
      named: (s: Stack) => string,
      pushed: boolean
    ][] = [
      [
        'EcrLogin',
        'ecr GetAuthorizationToken',
        'ecr:GetAuthorizationToken',
        () => 'AWS denied ecr:GetAuthorizationToken on *',
        false
      ],
      [
        'EcrReadImages',
        'ecr DescribeImages',
        'ecr:DescribeImages',
        s =>
          `AWS denied ecr:DescribeImages on arn:aws:ecr:${s.region}:${s.accountId}:repository/${s.repository}`,
        false
      ],
      [
        'EcsTaskDefinitions',
        'ecs DescribeTaskDefinition',
        'ecs:DescribeTaskDefinition',
        () => 'AWS denied ecs:DescribeTaskDefinition on *',
        false
      ],
      [
        'EcsUpdateService',
        'ecs DescribeServices',
        'ecs:DescribeServices',
        s =>
          `AWS denied ecs:DescribeServices on arn:aws:ecs:${s.region}:${s.accountId}:service/${s.cluster}/${s.service}`,
        false
      ],
      [
        'EcrPushImage',
        'registry BatchCheckLayerAvailability',
        'ecr:BatchCheckLayerAvailability',
        s =>
          `needs ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage, ecr:BatchGetImage on the ECR repository ${s.repository}`,
        true
      ],
      [
        'EcsTagTaskDefinition',
        'ecs RegisterTaskDefinition',
        'ecs:TagResource',
        s =>
          `AWS denied ecs:TagResource on arn:aws:ecs:${s.region}:${s.accountId}:task-definition/${s.family}:`,
        true
      ],
      [
        'PassTaskRoles',
        'ecs RegisterTaskDefinition',
        'iam:PassRole',
        s => `AWS denied iam:PassRole on arn:aws:iam::${s.accountId}:role/hello-service-task`,
        true
      ]
    ]
    // Statements only a failing rollout uses (or whose loss only costs an explanation): proven below.
    const rolloutOnly = [
      'EcsReadTasks',
      'LogsReadContainerLogs',
      'EcsReadServiceDeployments',
      'EcsStopServiceDeployment'
    ]

    it('every statement of the generated policy has a run below that proves it', () => {
      const sids = policyStatements(policy).map(s => s.sid)
      expect([...refused.map(([sid]) => sid), ...rolloutOnly].sort()).toEqual([...sids].sort())
    })

    it.each(refused)(
      'without %s the run fails at the step that needs it (%s), naming the permission',
      async (sid, deniedCall, proves, named, pushed) => {
        grant([withoutStatement(policy, sid)])
        const before = (await stack.describeService())?.taskDefinition
        const { run, mark } = await release('1.1.0')

        expect(run.exitCode).toBe(1)
        expect(errorsOf(run)).toContain(named(stack))
        expect(denials(mark)).toEqual([deniedCall])
        provenNecessary.add(proves)
        // A missing read shows before anything is pushed; nothing at all is changed.
        if (!pushed) {
          expect(registryRequests(mark)).toEqual([])
          expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
        }
        expect((await stack.describeService())?.taskDefinition).toBe(before)
      },
      60_000
    )

    it('without only ecr:GetDownloadUrlForLayer the check of the pushed image fails naming it, before registering', async () => {
      grant([withoutAction(policy, 'ecr:GetDownloadUrlForLayer')])
      const before = (await stack.describeService())?.taskDefinition
      const { run, mark } = await release('1.1.9')

      expect(run.exitCode).toBe(1)
      expect(errorsOf(run)).toMatch(/GetDownloadUrlForLayer/)
      expect(denials(mark)).toEqual(['ecr GetDownloadUrlForLayer'])
      expect(stack.requestsSince(mark).filter(r => r.operation === 'RegisterTaskDefinition')).toEqual([])
      provenNecessary.add('ecr:GetDownloadUrlForLayer')
      expect((await stack.describeService())?.taskDefinition).toBe(before)
    }, 120_000)

    // The actions a statement's removal did not name (the run stopped at the first one): each alone.
    it.each([
      ['ecr:InitiateLayerUpload', 'registry InitiateLayerUpload'],
      ['ecr:UploadLayerPart', 'registry UploadLayerPart'],
      ['ecr:CompleteLayerUpload', 'registry CompleteLayerUpload'],
      ['ecr:PutImage', 'registry PutImage'],
      ['ecs:RegisterTaskDefinition', 'ecs RegisterTaskDefinition'],
      ['ecs:UpdateService', 'ecs UpdateService']
    ])(
      'without only %s the run fails naming it (%s)',
      async (action, deniedCall) => {
        grant([withoutAction(policy, action)])
        const before = (await stack.describeService())?.taskDefinition
        const { run, mark } = await release('1.2.0')

        expect(run.exitCode).toBe(1)
        expect(errorsOf(run)).toMatch(
          new RegExp(`(not authorized to perform|AWS denied): ${action}|AWS denied ${action}`)
        )
        expect(denials(mark)).toEqual([deniedCall])
        provenNecessary.add(action)
        expect((await stack.describeService())?.taskDefinition).toBe(before)
      },
      60_000
    )
  })

  describe('a failing rollout: the statements that explain it', () => {
    it('with the whole policy, the run says why the tasks stopped, shows their last log lines, and rolls back', async () => {
      grant([policy])
      const before = (await stack.describeService())?.taskDefinition
      const { run, mark } = await release('1.3.0', { crash: true })

      expect(run.exitCode).toBe(1)
      expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
      expect(errorsOf(run)).toMatch(/exited with code 1/)
      expect(run.stdout).toContain(crashLine)
      expect(denials(mark)).toEqual([])
      const calls = new Set(stack.requestsSince(mark).map(r => `${r.service} ${r.operation}`))
      for (const call of ['ecs ListTasks', 'ecs DescribeTasks', 'logs GetLogEvents'])
        expect(calls).toContain(call)
      expect((await stack.waitForSteadyState(60_000)).taskDefinition).toBe(before)
    }, 120_000)

    it('without EcsReadTasks the run still fails, but cannot say why the tasks stopped, and says which permission is missing', async () => {
      grant([withoutStatement(policy, 'EcsReadTasks')])
      const { run, mark } = await release('1.3.1', { crash: true })

      expect(run.exitCode).toBe(1)
      expect(warningsOf(run)).toContain('AWS denied ecs:ListTasks on *')
      expect(errorsOf(run)).not.toMatch(/exited with code 1/)
      expect(run.stdout).not.toContain(crashLine)
      expect(new Set(denials(mark))).toEqual(new Set(['ecs ListTasks']))
      provenNecessary.add('ecs:ListTasks')
      await stack.waitForSteadyState(60_000)
    }, 120_000)

    it('without only ecs:DescribeTasks the run names that permission and the task it could not read', async () => {
      grant([withoutAction(policy, 'ecs:DescribeTasks')])
      const { run, mark } = await release('1.3.2', { crash: true })

      expect(run.exitCode).toBe(1)
      expect(warningsOf(run)).toMatch(
        new RegExp(
          `AWS denied ecs:DescribeTasks on arn:aws:ecs:${stack.region}:${stack.accountId}:task/${stack.cluster}/`
        )
      )
      expect(run.stdout).not.toContain(crashLine)
      expect(denials(mark)).toContain('ecs DescribeTasks')
      provenNecessary.add('ecs:DescribeTasks')
      await stack.waitForSteadyState(60_000)
    }, 120_000)

    it('without LogsReadContainerLogs the run gives the exit code but not the log lines, and names logs:GetLogEvents', async () => {
      grant([withoutStatement(policy, 'LogsReadContainerLogs')])
      const { run, mark } = await release('1.3.3', { crash: true })

      expect(run.exitCode).toBe(1)
      expect(errorsOf(run)).toMatch(/exited with code 1/)
      expect(run.stdout).toContain('not allowed to read /ecs/hello-service (grant logs:GetLogEvents')
      expect(run.stdout).not.toContain(crashLine)
      expect(new Set(denials(mark))).toEqual(new Set(['logs GetLogEvents']))
      provenNecessary.add('logs:GetLogEvents')
      await stack.waitForSteadyState(60_000)
    }, 120_000)

    it('without EcsReadServiceDeployments the release still passes through DescribeServices, naming the permission', async () => {
      grant([withoutStatement(policy, 'EcsReadServiceDeployments')])
      const { run, mark } = await release('1.3.4')

      expect(run.exitCode).toBe(0)
      expect(run.outputs['rollout-state']).toBe('COMPLETED')
      expect(run.stdout).toContain('Allow ecs:DescribeServiceDeployments')
      expect(new Set(denials(mark))).toEqual(new Set(['ecs DescribeServiceDeployments']))
      provenNecessary.add('ecs:DescribeServiceDeployments')
    }, 120_000)

    it('without EcsStopServiceDeployment the rollback falls back to UpdateService, saying ECS did not stop it', async () => {
      grant([withoutStatement(policy, 'EcsStopServiceDeployment')])
      const before = (await stack.describeService())?.taskDefinition
      const { run, mark } = await release('1.3.5', { crash: true })

      expect(run.exitCode).toBe(1)
      expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
      expect(run.stdout).toMatch(/ECS did not stop service deployment \S+ \(.*ecs:StopServiceDeployment/)
      expect(denials(mark)).toContain('ecs StopServiceDeployment')
      provenNecessary.add('ecs:StopServiceDeployment')
      expect((await stack.waitForSteadyState(60_000)).taskDefinition).toBe(before)
    }, 120_000)

    it('a rollback to a revision with other roles needs no iam:PassRole on them: it is an UpdateService', async () => {
      // The service runs a revision with older roles, deployed by an administrator.
      const loaded = taskDefinitionFile()
      const old = await stack.ecs.send(
        new RegisterTaskDefinitionCommand({
          ...(loaded.definition as object),
          family: stack.family,
          containerDefinitions: [
            { name: 'app', image: 'ghcr.io/example-org/hello-service:0.8.0', essential: true }
          ],
          taskRoleArn: `arn:aws:iam::${stack.accountId}:role/hello-service-task-2025`,
          executionRoleArn: `arn:aws:iam::${stack.accountId}:role/hello-service-execution-2025`
        } as ConstructorParameters<typeof RegisterTaskDefinitionCommand>[0])
      )
      const oldArn = old.taskDefinition?.taskDefinitionArn
      expect(oldArn).toBeDefined()
      await stack.ecs.send(
        new UpdateServiceCommand({ cluster: stack.cluster, service: stack.service, taskDefinition: oldArn })
      )
      await stack.waitForSteadyState(60_000)

      // The generator does not let the bot pass the old roles, and the rollback to them works all the same.
      expect(JSON.stringify(policy)).not.toContain('-2025')
      grant([policy])
      const { run, mark } = await release('1.4.0', { crash: true })

      expect(run.exitCode).toBe(1)
      expect(run.outputs['rollout-state']).toBe('ROLLED_BACK')
      expect(denials(mark)).toEqual([])
      expect((await stack.waitForSteadyState(60_000)).taskDefinition).toBe(oldArn)
    }, 180_000)
  })

  describe('deploying an existing image (image-tag): nothing pushed, less granted', () => {
    it('passes with the read-only policy, which keeps the ECR login that finds the registry, and fails without it', async () => {
      grant([policy])
      const first = await release('2.0.0')
      expect(outcome(first.run)).toMatchObject({ exitCode: 0, errors: [] })

      const readOnly = policyFor({ pushImage: false, registryLogin: true })
      expect(policyStatements(readOnly).map(s => s.sid)).not.toContain('EcrPushImage')
      // Nothing that pushes; ECR reads (the pre-flight check's BatchGetImage, GetDownloadUrlForLayer) stay.
      expect(JSON.stringify(readOnly)).not.toMatch(/PutImage|UploadLayerPart|InitiateLayerUpload/)
      grant([readOnly])
      const again = await release('2.0.1', { inputs: { 'image-tag': first.tag } })
      expect(outcome(again.run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(JSON.parse(again.run.outputs['iam-policy']!)).toEqual(readOnly)
      // Nothing pushed: the only registry request is the pre-flight check's download of the image config.
      expect(registryRequests(again.mark).filter(r => r.operation !== 'DownloadLayer')).toEqual([])
      expect(denials(again.mark)).toEqual([])

      grant([withoutStatement(readOnly, 'EcrLogin')])
      const refused = await release('2.0.2', { inputs: { 'image-tag': first.tag } })
      expect(refused.run.exitCode).toBe(1)
      expect(errorsOf(refused.run)).toContain('AWS denied ecr:GetAuthorizationToken on *')
      expect(mutatingRequests(stack.requestsSince(refused.mark))).toEqual([])
    }, 120_000)
  })

  describe('a service behind a load balancer: the target group read is granted, used, and optional', () => {
    it('reads the deregistration delay with the generated policy; without that statement it still deploys and says what to allow', async () => {
      const { service } = await createLoadBalancedService(stack, 1)
      const lbPolicy = policyFor({ pushImage: true, service, readTargetGroups: true })
      expect(policyStatements(lbPolicy).map(s => s.sid)).toContain('ElbReadDeregistrationDelay')
      const readDelay = (mark: number) =>
        stack
          .requestsSince(mark)
          .filter(r => r.operation === 'DescribeTargetGroupAttributes')
          .map(r => r.status)

      grant([lbPolicy])
      const granted = await release('5.0.0', { inputs: { service } })
      expect(outcome(granted.run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(JSON.parse(granted.run.outputs['iam-policy']!)).toEqual(lbPolicy)
      expect(denials(granted.mark)).toEqual([])
      expect(readDelay(granted.mark)).toEqual([200])
      expect(granted.run.stdout).toContain(`deregistration delay of ${service})`)

      grant([withoutStatement(lbPolicy, 'ElbReadDeregistrationDelay')])
      const without = await release('5.0.1', { inputs: { service } })
      expect(outcome(without.run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(without.run.outputs['rollout-state']).toBe('COMPLETED')
      expect(denials(without.mark)).toEqual(['elasticloadbalancing DescribeTargetGroupAttributes'])
      expect(without.run.stdout).toContain(
        "Could not read the target groups' deregistration delay (AccessDenied: User: arn:aws:iam::"
      )
      expect(without.run.stdout).toContain(
        'Allow elasticloadbalancing:DescribeTargetGroupAttributes to avoid that.'
      )
    }, 180_000)
  })

  describe('a CODE_DEPLOY service: CodeDeploy instead of UpdateService, and only what that takes', () => {
    const name = 'hello-service-cd'
    let cdPolicy: PolicyDocument

    beforeAll(async () => {
      grant([policy])
      const { client, application, deploymentGroup } = await createCodeDeployService(stack, name, {
        desiredCount: 1
      })
      client.destroy()
      cdPolicy = policyFor({
        pushImage: true,
        service: name,
        codedeploy: {
          application,
          deploymentGroup,
          deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
          stop: true,
          continue: false
        }
      })
    }, 60_000)

    it('is sufficient: the release deploys through CodeDeploy with only the generated policy, which has no ecs:UpdateService', async () => {
      grant([cdPolicy])
      const { run, mark } = await release('6.0.0', { inputs: { service: name } })

      expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(run.outputs['codedeploy-deployment-id']).toMatch(/^d-/)
      expect(JSON.parse(run.outputs['iam-policy']!)).toEqual(cdPolicy)
      expect(JSON.stringify(cdPolicy)).not.toContain('ecs:UpdateService')
      expect(denials(mark)).toEqual([])
    }, 120_000)

    it.each([
      ['EcsReadService', 'ecs DescribeServices'],
      ['CodeDeployApplication', 'codedeploy GetApplication'],
      ['CodeDeployDeploymentGroup', 'codedeploy GetDeploymentGroup'],
      ['CodeDeployDeploymentConfig', 'codedeploy GetDeploymentConfig']
    ])(
      'without %s the run fails before any change (%s), naming the permission',
      async (sid, deniedCall) => {
        grant([withoutStatement(cdPolicy, sid)])
        const { run, mark } = await release('6.1.0', { inputs: { service: name } })

        expect(run.exitCode).toBe(1)
        expect(errorsOf(run)).toContain(`AWS denied ${deniedCall.replace(' ', ':')}`)
        expect(denials(mark)).toEqual([deniedCall])
        expect(registryRequests(mark)).toEqual([])
        expect(mutatingRequests(stack.requestsSince(mark))).toEqual([])
      },
      60_000
    )

    it.each([
      ['codedeploy:RegisterApplicationRevision', 'codedeploy RegisterApplicationRevision'],
      ['codedeploy:CreateDeployment', 'codedeploy CreateDeployment'],
      ['codedeploy:GetDeployment', 'codedeploy GetDeployment']
    ])(
      'without only %s the run fails at that call, naming it',
      async (action, deniedCall) => {
        grant([withoutAction(cdPolicy, action)])
        const { run, mark } = await release('6.2.0', { inputs: { service: name } })

        expect(run.exitCode).toBe(1)
        expect(errorsOf(run)).toContain(`AWS denied ${action}`)
        expect(denials(mark)).toEqual([deniedCall])
        // A deployment created without being followed runs on; the next case waits for it (on-busy wait).
      },
      120_000
    )

    it('on-pause continue on a group that waits in Ready: granted ContinueDeployment only then, and needs it', async () => {
      const ready = 'hello-service-ready'
      const made = await createCodeDeployService(stack, ready, {
        desiredCount: 1,
        group: {
          blueGreenDeploymentConfiguration: {
            deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 30 }
          }
        }
      })
      made.client.destroy()
      const readyPolicy = policyFor({
        pushImage: true,
        service: ready,
        codedeploy: {
          application: made.application,
          deploymentGroup: made.deploymentGroup,
          deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
          stop: true,
          continue: true
        }
      })
      grant([readyPolicy])
      const granted = await release('6.4.0', { inputs: { service: ready, 'on-pause': 'continue' } })
      expect(outcome(granted.run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(JSON.parse(granted.run.outputs['iam-policy']!)).toEqual(readyPolicy)
      expect(denials(granted.mark)).toEqual([])

      grant([withoutAction(readyPolicy, 'codedeploy:ContinueDeployment')])
      const refused = await release('6.4.1', { inputs: { service: ready, 'on-pause': 'continue' } })
      expect(refused.run.exitCode).toBe(1)
      expect(errorsOf(refused.run)).toContain('AWS denied codedeploy:ContinueDeployment')
      expect(denials(refused.mark)).toEqual(['codedeploy ContinueDeployment'])
    }, 180_000)

    it('a hook that hangs past wait-for-minutes, with rollback-on-failure: StopDeployment rolls it back; without only codedeploy:StopDeployment, AccessDenied naming it', async () => {
      // The AfterInstall hook answers Failed only after an hour: the run times out first and stops it with rollback.
      const appSpec = appSpecWithHook('AfterInstall', 'check-green')
      fs.writeFileSync(path.join(workspace, 'appspec-hang.yaml'), appSpec)
      const hanging = async (service: string) => {
        const made = await createCodeDeployService(stack, service, { desiredCount: 1 })
        made.client.destroy()
        return policyFor({
          pushImage: true,
          service,
          codedeploy: {
            application: made.application,
            deploymentGroup: made.deploymentGroup,
            deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
            stop: true,
            continue: false
          }
        })
      }
      const inputs = (service: string) => ({
        service,
        'codedeploy-appspec': 'appspec-hang.yaml',
        'wait-for-minutes': '0.2'
      })
      stack.emulator.setScenario({
        codeDeployHooks: [{ event: 'AfterInstall', status: 'Failed', afterSeconds: 3600 }]
      })
      try {
        const refusedPolicy = await hanging('hello-service-cd-nostop')
        grant([withoutAction(refusedPolicy, 'codedeploy:StopDeployment')])
        const refused = await release('6.5.0', { inputs: inputs('hello-service-cd-nostop') })
        expect(refused.run.exitCode).toBe(1)
        expect(refused.run.outputs['rollout-state']).toBe('TIMED_OUT')
        expect(warningsOf(refused.run)).toMatch(
          /The rollback could not be started: .*AWS denied codedeploy:StopDeployment/
        )
        expect(errorsOf(refused.run)).toMatch(
          /did not finish within 12s: .* The run could not roll it back: StopDeployment failed: .*AWS denied codedeploy:StopDeployment/
        )
        expect(denials(refused.mark)).toEqual(['codedeploy StopDeployment'])

        const stopPolicy = await hanging('hello-service-cd-stop')
        grant([stopPolicy])
        const stopped = await release('6.5.1', { inputs: inputs('hello-service-cd-stop') })
        expect(stopped.run.exitCode).toBe(1)
        expect(stopped.run.outputs['rollout-state']).toBe('ROLLED_BACK')
        expect(errorsOf(stopped.run)).toContain('rolled back to the original task set')
        expect(
          stack
            .requestsSince(stopped.mark)
            .filter(r => r.operation === 'StopDeployment')
            .map(r => r.input)
        ).toEqual([
          { deploymentId: stopped.run.outputs['codedeploy-deployment-id'], autoRollbackEnabled: true }
        ])
        expect(denials(stopped.mark)).toEqual([])
      } finally {
        stack.emulator.setScenario({ codeDeployHooks: [] })
      }
    }, 180_000)

    it('without only codedeploy:GetDeploymentTarget the run still deploys, and says which permission it lacked', async () => {
      grant([withoutAction(cdPolicy, 'codedeploy:GetDeploymentTarget')])
      const { run, mark } = await release('6.3.0', { inputs: { service: name } })

      expect(run.exitCode).toBe(0)
      expect(warningsOf(run)).toContain('AWS denied codedeploy:GetDeploymentTarget')
      expect(new Set(denials(mark))).toEqual(new Set(['codedeploy GetDeploymentTarget']))
    }, 120_000)
  })

  describe('OIDC: role-to-assume with the job ID token', () => {
    let server: Server
    let tokenUrl = ''
    const requestToken = 'e2e-actions-id-token-request-token-0001'
    let subject = ''
    const tokenRequests: { audience: string | null; authorized: boolean }[] = []

    beforeAll(async () => {
      // The runner's token service as @actions/core's getIDToken calls it: GET <url>&audience=..., Bearer auth.
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        const authorized = req.headers.authorization === `Bearer ${requestToken}`
        tokenRequests.push({ audience: url.searchParams.get('audience'), authorized })
        if (!authorized) {
          res.writeHead(401).end()
          return
        }
        const now = Math.floor(Date.now() / 1000)
        const value = jwt({
          iss: 'https://token.actions.githubusercontent.com',
          aud: url.searchParams.get('audience') ?? 'https://github.com/example-org',
          sub: subject,
          repository: repositoryName,
          iat: now,
          nbf: now,
          exp: now + 300
        })
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }))
      })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`
    })
    afterAll(async () => {
      await new Promise(resolve => server?.close(resolve))
    })

    const oidcRelease = (version: string) =>
      release(version, {
        keys: false,
        inputs: { 'role-to-assume': roleArn },
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken }
      })

    it('assumes the role trusted for this repository and audience, and deploys with only the generated policy', async () => {
      grant([policy])
      subject = `repo:${repositoryName}:ref:refs/tags/v3.0.0`
      const accepted = stack.emulator.webIdentities.length
      const { run, mark } = await oidcRelease('3.0.0')

      expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
      expect(run.outputs['rollout-state']).toBe('COMPLETED')
      expect(tokenRequests.at(-1)).toEqual({ audience: 'sts.amazonaws.com', authorized: true })
      expect(stack.emulator.webIdentities.slice(accepted)).toEqual([
        expect.objectContaining({ sub: subject, aud: 'sts.amazonaws.com' })
      ])
      // After the unsigned AssumeRoleWithWebIdentity, every call was the role's session, and none was denied.
      const signed = signedRequests(mark).filter(r => r.operation !== 'AssumeRoleWithWebIdentity')
      expect(new Set(signed.map(r => r.identityArn))).toEqual(
        new Set([`arn:aws:sts::${stack.accountId}:assumed-role/release-to-ecs-deploy/release-to-ecs`])
      )
      expect(denials(mark)).toEqual([])
      expect(run.stdout).toContain(`Assuming ${roleArn} with the job's OIDC token`)
    }, 120_000)

    it('a token for another repository is refused by the trust policy, with a message that says what to check', async () => {
      grant([policy])
      subject = 'repo:someone-else/fork:ref:refs/heads/main'
      const accepted = stack.emulator.webIdentities.length
      const { run, mark } = await oidcRelease('3.0.1')

      expect(run.exitCode).toBe(1)
      const errors = errorsOf(run)
      expect(errors).toContain(`Could not assume role-to-assume ${roleArn}`)
      expect(errors).toContain('Not authorized to perform sts:AssumeRoleWithWebIdentity')
      expect(errors).toContain("Check the role's trust policy")
      expect(stack.emulator.webIdentities.length).toBe(accepted)
      expect(
        stack.requestsSince(mark).map(r => `${r.service} ${r.operation} ${r.errorType ?? ''}`.trim())
      ).toEqual(['sts AssumeRoleWithWebIdentity AccessDenied'])
    }, 60_000)
  })

  it('every action of the generated policy was shown necessary by a denial that named it', () => {
    const actions = policyStatements(policy).flatMap(s => s.actions)
    expect(actions.filter(a => !provenNecessary.has(a) && !keptOnAwsWord.has(a))).toEqual([])
  })
})
