// The action's dependencies (runner, logger, clock, the runner's files, the AWS APIs) and their factory.
// Tests pass their own; each stage takes the few members it uses.
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import { createClients, type AwsApis } from './aws/clients.js'
import type { OnceOptions } from './aws/once.js'
import { processSignals, type Signals } from './cancel.js'
import { systemClock, type Clock } from './clock.js'
import { processRunner, type Runner } from './exec.js'
import { readGithubContext } from './github-context.js'
import { actionsLogger, setSecret, type Logger } from './log.js'
import { appendSummary, FAILURE_EXIT_CODE, setOutput } from './runner-commands.js'
import type { GithubContext } from './release.js'

/** Everything run() touches outside itself. */
export interface ActionDeps {
  env: NodeJS.ProcessEnv
  githubContext(): GithubContext
  runner: Runner
  logger: Logger
  clock: Clock
  /** Where the runner's cancellation signals arrive (SIGINT, then SIGTERM); the process's unless a test scripts them. */
  signals?: Signals
  mask(value: string): void
  idToken(audience: string): Promise<string | undefined>
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
  /** Marks the step failed with an annotation titled `title`. */
  fail(message: string, title: string): void
  /** The AWS APIs for a region; each client is loaded and created on its first call. */
  createClients(region: string, credentials?: AwsCredentialIdentity, once?: OnceOptions): AwsApis
}

export function actionDeps(): ActionDeps {
  let githubContext: GithubContext | undefined
  return {
    env: process.env,
    // Read when run() first asks, so a bad event file fails the step with a summary, not the import.
    githubContext: () => (githubContext ??= readGithubContext(process.env)),
    runner: processRunner,
    logger: actionsLogger,
    clock: systemClock,
    signals: processSignals,
    mask: setSecret,
    idToken: async audience =>
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
        ? // @actions/core (and its HTTP client) is loaded only here: it is most of the start-up otherwise.
          (await import('@actions/core')).getIDToken(audience)
        : undefined,
    setOutput,
    writeSummary: async markdown => {
      if (process.env.GITHUB_STEP_SUMMARY) await appendSummary(markdown)
    },
    fail: (message, title) => {
      actionsLogger.error(message, { title })
      process.exitCode = FAILURE_EXIT_CODE
    },
    createClients
  }
}
