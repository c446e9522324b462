// Deciding what the GitHub runner hands a JavaScript action: event payloads, environment, and reading back
// the files the action wrote. Pure: no processes, no files.
import { randomBytes } from 'node:crypto'

/** A webhook event as the runner sees it: the name, the payload file's JSON, and the ref/sha it implies. */
export interface GithubEvent {
  name: string
  payload: Record<string, unknown>
  /** GITHUB_REF, e.g. refs/tags/v1.0.0 */
  ref: string
  /** GITHUB_SHA: 40 hex digits. */
  sha: string
}

export const defaultRepository = 'example-org/hello-service'
export const defaultServerUrl = 'https://github.com'

/** A random commit SHA, so two runs never share an image tag by accident. */
export function randomSha(): string {
  return randomBytes(20).toString('hex')
}

export interface ReleaseEventOptions {
  tag: string
  sha?: string
  name?: string
  prerelease?: boolean
  draft?: boolean
  targetCommitish?: string
  repository?: string
  action?: string
}

/** A `release` event (action `published` unless told), shaped like GitHub's webhook payload. */
export function releaseEvent(options: ReleaseEventOptions): GithubEvent {
  const repository = options.repository ?? defaultRepository
  const sha = options.sha ?? randomSha()
  const [owner = 'example-org', repo = 'hello-service'] = repository.split('/')
  const html = `${defaultServerUrl}/${repository}`
  return {
    name: 'release',
    ref: `refs/tags/${options.tag}`,
    sha,
    payload: {
      action: options.action ?? 'published',
      release: {
        id: 180001,
        tag_name: options.tag,
        name: options.name ?? options.tag,
        body: `Release ${options.tag}`,
        draft: options.draft ?? false,
        prerelease: options.prerelease ?? false,
        target_commitish: options.targetCommitish ?? 'main',
        html_url: `${html}/releases/tag/${options.tag}`,
        url: `https://api.github.com/repos/${repository}/releases/180001`,
        created_at: '2026-11-23T12:00:00Z',
        published_at: '2026-11-23T12:01:00Z',
        author: { login: 'release-manager', type: 'User' }
      },
      repository: {
        id: 90001,
        name: repo,
        full_name: repository,
        private: true,
        html_url: html,
        default_branch: 'main',
        owner: { login: owner, type: 'Organization' }
      },
      sender: { login: 'release-manager', type: 'User' }
    }
  }
}

export interface DispatchEventOptions {
  inputs?: Record<string, string>
  branch?: string
  sha?: string
  repository?: string
}

/** A `workflow_dispatch` event: somebody pressed "Run workflow" on a branch, with inputs. */
export function workflowDispatchEvent(options: DispatchEventOptions = {}): GithubEvent {
  const repository = options.repository ?? defaultRepository
  const ref = `refs/heads/${options.branch ?? 'main'}`
  return {
    name: 'workflow_dispatch',
    ref,
    sha: options.sha ?? randomSha(),
    payload: {
      inputs: options.inputs ?? {},
      ref,
      workflow: '.github/workflows/deploy.yml',
      repository: {
        name: repository.split('/')[1] ?? repository,
        full_name: repository,
        default_branch: 'main'
      },
      sender: { login: 'release-manager', type: 'User' }
    }
  }
}

/** The runner's name for an input's variable: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export interface RunnerFiles {
  workspace: string
  runnerTemp: string
  eventPath: string
  outputFile: string
  summaryFile: string
  envFile: string
  stateFile: string
}

export interface RunNumbers {
  runId: number
  runNumber: number
  runAttempt: number
}

/** The environment the runner gives a JavaScript action's step. */
export function runnerEnvironment(
  event: GithubEvent,
  inputs: Record<string, string>,
  files: RunnerFiles,
  run: RunNumbers,
  repository = defaultRepository
): Record<string, string> {
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: 'release-to-ecs',
    GITHUB_ACTOR: 'release-manager',
    GITHUB_JOB: 'deploy',
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.eventPath,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: event.ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: event.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? repository,
    GITHUB_RUN_ID: String(run.runId),
    GITHUB_RUN_NUMBER: String(run.runNumber),
    GITHUB_RUN_ATTEMPT: String(run.runAttempt),
    GITHUB_SERVER_URL: defaultServerUrl,
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_STEP_SUMMARY: files.summaryFile,
    GITHUB_ENV: files.envFile,
    GITHUB_STATE: files.stateFile,
    RUNNER_TEMP: files.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'release-to-ecs-e2e'
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  return env
}

/**
 * Reads a GITHUB_OUTPUT (or GITHUB_ENV) file: `name=value` lines and the multi-line form
 * `name<<DELIMITER` ... `DELIMITER` that @actions/core writes. A later value of a name wins, as on the runner.
 */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const body: string[] = []
      let closed = false
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true
          break
        }
        body.push(lines[i]!)
      }
      if (!closed) throw new Error(`The value of "${name}" is not closed by its delimiter ${delimiter}.`)
      values[name] = body.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`Line ${i + 1} is neither name=value nor name<<DELIMITER: ${line}`)
    values[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return values
}
