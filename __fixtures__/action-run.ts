// run() with every side effect recorded: inputs as the runner passes them, a recording process runner,
// a fake clock, and outputs, summary and failures kept for assertions. AWS is mocked by the caller.
import type { Deployment, Service } from '@aws-sdk/client-ecs'
import { createClients } from '../src/aws/clients.js'
import { FakeClock } from '../src/clock.js'
import type { CommandOptions, Runner } from '../src/exec.js'
import { RecordingLogger } from '../src/log.js'
import type { ActionDeps } from '../src/main.js'
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
