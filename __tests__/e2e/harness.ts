// The runner-level harness of the end-to-end tests: the stand-in stack, a fresh checkout per test, and the
// bundled action run as the GitHub runner runs it. The demo (scripts/demo.ts) shares all of it via scripts/lib.
import { afterAll, beforeAll } from '@jest/globals'
import { BatchGetImageCommand, GetAuthorizationTokenCommand, PutImageCommand } from '@aws-sdk/client-ecr'
import { CreateServiceCommand } from '@aws-sdk/client-ecs'
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  type CreateDeploymentGroupCommandInput
} from '@aws-sdk/client-codedeploy'
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { runAction, type ActionRun } from '../../scripts/lib/action.js'
import { releaseEvent, type GithubEvent } from '../../scripts/lib/github.js'
import { distEntry, type ExampleName } from '../../scripts/lib/paths.js'
import { deployer, deployInputs, startStack, type Stack, type StackOptions } from '../../scripts/lib/stack.js'
import { checkoutExample } from '../../scripts/lib/workspace.js'

export { runAction, releaseEvent, startStack, checkoutExample, distEntry, deployInputs }
export type { ActionRun, GithubEvent, Stack }
export { workflowDispatchEvent, parseCommandFile, inputVariable } from '../../scripts/lib/github.js'
export {
  mutatingOperations,
  mutatingRequests,
  validationFailures,
  errorAnnotations,
  logGroups,
  outcome,
  logExcerpt
} from '../../scripts/lib/inspect.js'

/** podman's image storage for the whole suite, so base layers are built once. */
export const suiteContainerStorage = path.join(
  os.tmpdir(),
  `release-to-ecs-e2e-containers-${process.getuid?.() ?? 0}`
)

/** A stack for one test file: fast clock, shared image storage. */
export function startTestStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({ speed: 30, podmanStorage: suiteContainerStorage, ...options })
}

/**
 * One stack for the whole test file: started before its first test and stopped after its last, also when a
 * test fails. `assign` receives it (test files keep it in a `let stack`).
 */
export function shareTestStack(assign: (stack: Stack) => void, options: StackOptions = {}): void {
  let started: Stack | undefined
  beforeAll(async () => {
    started = await startTestStack(options)
    assign(started)
  }, 120_000)
  afterAll(async () => {
    await started?.stop()
  }, 60_000)
}

/** A checkout of the example whose jar is already in place, for runs where the Java build is not the point. */
export function checkoutPrebuilt(stack: Stack): string {
  const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
  fs.mkdirSync(path.join(workspace, 'target'), { recursive: true })
  // The Dockerfile only copies it; the stand-in never runs it.
  fs.writeFileSync(path.join(workspace, 'target', 'app.jar'), 'not a real jar: the stand-in does not run it')
  return workspace
}

export interface DeployOptions {
  inputs?: Record<string, string>
  event?: GithubEvent
  example?: ExampleName
  /** An existing checkout to use instead of a fresh copy of the example. */
  workspace?: string
  env?: Record<string, string>
  /** Cancels the run as the runner does (SIGINT, SIGTERM, kill) once the log so far passes this test. */
  cancelWhen?: (stdoutSoFar: string) => boolean
}

/** Runs the bundled action against the stack as a workflow step would; prints the log when the test asks. */
export async function deploy(
  stack: Stack,
  options: DeployOptions = {}
): Promise<ActionRun & { workspace: string }> {
  // RELEASE_TO_ECS_ENTRY tries another bundle (e.g. one built elsewhere) without touching dist/.
  const entry = process.env.RELEASE_TO_ECS_ENTRY || distEntry
  if (!fs.existsSync(entry))
    throw new Error(`${entry} is missing; build the bundle with npm run package first.`)
  const workspace =
    options.workspace ??
    checkoutExample(options.example ?? 'java-service', path.join(stack.dir, 'workspaces'))
  const run = await runAction({
    inputs: options.inputs ?? deployInputs(stack),
    event: options.event,
    workspace,
    env: { ...stack.toolEnv, ...stack.awsEnv, ...options.env },
    timeoutMs: 240_000,
    entry,
    cancelWhen: options.cancelWhen
  })
  if (process.env.E2E_SHOW_LOG)
    process.stdout.write(`\n--- action log (exit ${run.exitCode}) ---\n${run.stdout}${run.stderr}\n`)
  return { ...run, workspace }
}

/**
 * A second service of the stack's family behind a target group, created on the initial task definition: its old
 * tasks drain for the scenario's drainSeconds. Returns its name and target group ARN.
 */
export async function createLoadBalancedService(
  stack: Stack,
  desiredCount: number
): Promise<{ service: string; targetGroupArn: string }> {
  const service = `${stack.service}-lb`
  const targetGroupArn = `arn:aws:elasticloadbalancing:${stack.region}:${stack.accountId}:targetgroup/${service}/0123456789abcdef`
  await stack.ecs.send(
    new CreateServiceCommand({
      cluster: stack.cluster,
      serviceName: service,
      taskDefinition: stack.initialTaskDefinitionArn,
      desiredCount,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0e2e000000000a001'] } },
      loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 8080 }],
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
    })
  )
  return { service, targetGroupArn }
}

/**
 * A service of the stack's family with the CODE_DEPLOY deployment controller behind a target group (ECS requires
 * one), and, unless `group` is null, the CodeDeploy application and deployment group the ECS console would make for
 * it (AppECS-<cluster>-<service>, DgpECS-<cluster>-<service>). The client is the stack's admin's; destroy it.
 */
export async function createCodeDeployService(
  stack: Stack,
  name: string,
  options: { desiredCount?: number; group?: Partial<CreateDeploymentGroupCommandInput> | null } = {}
): Promise<{ client: CodeDeployClient; application: string; deploymentGroup: string }> {
  const targetGroupArn = `arn:aws:elasticloadbalancing:${stack.region}:${stack.accountId}:targetgroup/${name}/0123456789abcdef`
  await stack.ecs.send(
    new CreateServiceCommand({
      cluster: stack.cluster,
      serviceName: name,
      taskDefinition: stack.initialTaskDefinitionArn,
      desiredCount: options.desiredCount ?? 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0e2e000000000a001'] } },
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 8080 }]
    })
  )
  const client = new CodeDeployClient({
    region: stack.region,
    endpoint: stack.emulator.url,
    credentials: { accessKeyId: deployer.accessKeyId, secretAccessKey: deployer.secretAccessKey }
  })
  const application = `AppECS-${stack.cluster}-${name}`
  const deploymentGroup = `DgpECS-${stack.cluster}-${name}`
  if (options.group === null) return { client, application, deploymentGroup }
  await client.send(new CreateApplicationCommand({ applicationName: application, computePlatform: 'ECS' }))
  await client.send(
    new CreateDeploymentGroupCommand({
      applicationName: application,
      deploymentGroupName: deploymentGroup,
      serviceRoleArn: `arn:aws:iam::${stack.accountId}:role/ecsCodeDeployRole`,
      ecsServices: [{ clusterName: stack.cluster, serviceName: name }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      loadBalancerInfo: {
        targetGroupPairInfoList: [{ targetGroups: [{ name: `${name}-blue` }, { name: `${name}-green` }] }]
      },
      ...options.group
    })
  )
  return { client, application, deploymentGroup }
}

/** A base image in the stack's ECR under `tag`, built from the example with podman (login, build, push). */
export async function pushExampleImage(stack: Stack, tag: string): Promise<void> {
  const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
  fs.mkdirSync(path.join(workspace, 'target'), { recursive: true })
  fs.writeFileSync(path.join(workspace, 'target', 'app.jar'), 'PK stand-in jar')
  const auth = await stack.ecr.send(new GetAuthorizationTokenCommand({}))
  const token = auth.authorizationData?.[0]?.authorizationToken ?? ''
  const password = Buffer.from(token, 'base64').toString('utf8').replace(/^AWS:/, '')
  const env = { ...process.env, ...stack.toolEnv, REGISTRY_AUTH_FILE: path.join(stack.dir, 'auth.json') }
  const image = `${stack.repositoryUri}:${tag}`
  const podman = (args: string[], stdin = '') =>
    new Promise<void>((resolve, reject) => {
      // Not blocking this process: the stand-in serving the push lives in it.
      const child = spawn('podman', args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', chunk => (output += chunk))
      child.stderr.on('data', chunk => (output += chunk))
      child.on('error', reject)
      child.on('close', code =>
        code === 0 ? resolve() : reject(new Error(`podman ${args.join(' ')} exited with ${code}:\n${output}`))
      )
      child.stdin.end(stdin)
    })
  await podman(
    ['login', '--username', 'AWS', '--password-stdin', stack.repositoryUri.split('/')[0]!],
    password
  )
  await podman(['build', '--build-arg', 'BASE_IMAGE=scratch', '-t', image, workspace])
  await podman(['push', image])
}

/** The image under `from` tagged again as `tag` in ECR (as `aws ecr put-image` does); returns its URI. */
export async function tagImageAgain(stack: Stack, from: string, tag: string): Promise<string> {
  const got = await stack.ecr.send(
    new BatchGetImageCommand({ repositoryName: stack.repository, imageIds: [{ imageTag: from }] })
  )
  const image = got.images?.[0]
  if (!image?.imageManifest) throw new Error(`ECR has no ${stack.repository}:${from} to tag again.`)
  await stack.ecr.send(
    new PutImageCommand({
      repositoryName: stack.repository,
      imageManifest: image.imageManifest,
      imageManifestMediaType: image.imageManifestMediaType,
      imageTag: tag
    })
  )
  return `${stack.repositoryUri}:${tag}`
}
