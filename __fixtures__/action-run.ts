// run() with every side effect recorded: inputs as the runner passes them, a recording process runner,
// a fake clock, and outputs, summary and failures kept for assertions. AWS is mocked by the caller.
import type { Deployment, Service } from '@aws-sdk/client-ecs'
import { BatchGetImageCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr'
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import type { AwsStub } from 'aws-sdk-client-mock'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createClients } from '../src/aws/clients.js'
import { FakeClock } from './clock.js'
import type { CommandOptions, Runner } from '../src/exec.js'
import { RecordingLogger } from './logger.js'
import type { ActionDeps } from '../src/runtime.js'
import type { GithubContext } from '../src/release.js'

export interface RecordedCommand {
  command: string
  args: readonly string[]
  options?: CommandOptions
}

export interface ActionRun {
  deps: ActionDeps
  logger: RecordingLogger
  outputs: Record<string, string>
  summaries: string[]
  failures: { message: string; title: string }[]
  commands: RecordedCommand[]
  masked: string[]
}

export const releaseContext: GithubContext = {
  eventName: 'release',
  payload: { action: 'published', release: { tag_name: 'v1.2.0', name: 'v1.2.0', prerelease: false } },
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'refs/tags/v1.2.0',
  runNumber: 3,
  runAttempt: 1,
  runId: 99,
  repository: 'acme/web',
  serverUrl: 'https://github.com'
}

/**
 * Dependencies for run() in `workspace` with these inputs. A command fails with exit code N when
 * `exitCodes["<command> <first argument>"]` is N, printing a compiler-like error.
 */
export function actionRun(
  workspace: string,
  inputs: Record<string, string>,
  exitCodes: Record<string, number> = {}
): ActionRun {
  const env: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const logger = new RecordingLogger()
  const recorded: Omit<ActionRun, 'deps'> = {
    logger,
    outputs: {},
    summaries: [],
    failures: [],
    commands: [],
    masked: []
  }
  const runner: Runner = {
    run: async (command, args, options) => {
      recorded.commands.push({ command, args, options })
      const code = exitCodes[`${command} ${args[0]}`] ?? 0
      return {
        exitCode: code,
        stdout: code ? '[ERROR] COMPILATION ERROR : HelloService.java:[3,1] class expected' : '',
        stderr: ''
      }
    }
  }
  const deps: ActionDeps = {
    env,
    githubContext: () => releaseContext,
    runner,
    logger,
    clock: new FakeClock(),
    mask: value => recorded.masked.push(value),
    idToken: async () => undefined,
    setOutput: (name, value) => (recorded.outputs[name] = value),
    writeSummary: async markdown => {
      recorded.summaries.push(markdown)
    },
    fail: (message, title) => recorded.failures.push({ message, title }),
    createClients
  }
  return { ...recorded, deps }
}

export function deployment(over: Partial<Deployment>): Deployment {
  return {
    status: 'PRIMARY',
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: new Date(),
    ...over
  }
}

export function service(deployments: Deployment[], events: Service['events'] = []): Service {
  return {
    serviceName: 'web',
    status: 'ACTIVE',
    taskDefinition: deployments.find(d => d.status === 'PRIMARY')?.taskDefinition,
    desiredCount: 1,
    runningCount: 1,
    deployments,
    events
  }
}

export const account = '123456789012'
export const registry = `${account}.dkr.ecr.eu-west-1.amazonaws.com`
/** The example service's task definition ARNs: the revision it runs (7) and the one a release registers (8). */
export const oldArn = `arn:aws:ecs:eu-west-1:${account}:task-definition/hello-service:7`
export const newArn = `arn:aws:ecs:eu-west-1:${account}:task-definition/hello-service:8`
/** The digest ECR reports for the pushed image. */
export const digest = `sha256:${'d'.repeat(64)}`

/** The inputs of a release of the example service to service web in cluster prod, with keys. */
export const releaseInputs: Record<string, string> = {
  'task-definition': 'task-definition.json',
  'ecr-repository': 'web',
  service: 'web',
  cluster: 'prod',
  'container-name': 'app',
  'aws-region': 'eu-west-1',
  'aws-access-key-id': 'AKIAEXAMPLEKEY',
  'aws-secret-access-key': 'very-secret-key'
}

/** A fresh copy of examples/java-service to run in; the caller removes it. */
export function exampleWorkspace(): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'run-'))
  fs.cpSync('examples/java-service', workspace, { recursive: true })
  return workspace
}

/** STS and ECR's login answering as AWS does for the deployer, with `password` as the registry password. */
export function stubIdentityAndLogin(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stubs' command types vary per client
  sts: AwsStub<any, any, STSClient['config']>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ecr: AwsStub<any, any, ECRClient['config']>,
  password: string
): void {
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/deployer`, UserId: 'AIDA' })
  ecr.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
        proxyEndpoint: `https://${registry}`
      }
    ]
  })
  // The pre-flight check reads the image's platforms: an index of linux/amd64, what the example asks for.
  ecr.on(BatchGetImageCommand).resolves({
    images: [
      {
        imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
        imageManifest: JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            { digest: `sha256:${'a'.repeat(64)}`, platform: { os: 'linux', architecture: 'amd64' } }
          ]
        })
      }
    ]
  })
}
