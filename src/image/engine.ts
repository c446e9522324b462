// The image stage: deciding the engine's command lines, then building, logging in and pushing.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { systemClock, type Clock } from '../clock.js'
import type { Runner } from '../exec.js'
import { formatCommand } from '../exec.js'
import { ECR_PUSH_ACTIONS } from '../aws/ecr-uri.js'
import type { Logger } from '../log.js'
import type { ContainerEngine } from '../settings/index.js'

export interface ImageBuildRequest {
  engine: ContainerEngine
  /** Registry host and repository, without tag: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web */
  repositoryUri: string
  tag: string
  additionalTags: string[]
  context: string
  dockerfile?: string
  buildArgs: { name: string; value: string }[]
  target?: string
  platform?: string
  labels: Record<string, string>
}

export class ImageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImageError'
  }
}

/** OCI labels that tie the image to its source, commit and version. */
export function ociLabels(input: {
  sourceUrl?: string
  sha: string
  version: string
  created: Date
}): Record<string, string> {
  return {
    ...(input.sourceUrl ? { 'org.opencontainers.image.source': input.sourceUrl } : {}),
    'org.opencontainers.image.revision': input.sha,
    'org.opencontainers.image.version': input.version,
    'org.opencontainers.image.created': input.created.toISOString()
  }
}

/** Every tag the run pushes, the unique one first. */
export function imageRefs(
  request: Pick<ImageBuildRequest, 'repositoryUri' | 'tag' | 'additionalTags'>
): string[] {
  const tags = [request.tag, ...request.additionalTags.filter(t => t !== request.tag)]
  return [...new Set(tags)].map(t => `${request.repositoryUri}:${t}`)
}

/** `build` arguments; the same subset works for docker and podman. */
export function buildArgs(request: ImageBuildRequest): string[] {
  const args = ['build', '--file', request.dockerfile ?? path.join(request.context, 'Dockerfile')]
  for (const ref of imageRefs(request)) args.push('--tag', ref)
  for (const [name, value] of Object.entries(request.labels)) args.push('--label', `${name}=${value}`)
  for (const arg of request.buildArgs) args.push('--build-arg', `${arg.name}=${arg.value}`)
  if (request.target) args.push('--target', request.target)
  if (request.platform) args.push('--platform', request.platform)
  args.push(request.context)
  return args
}

/** `login` reads the password from stdin, so it is never in argv or the process list. */
export function loginArgs(registryHost: string, username: string): string[] {
  return ['login', '--username', username, '--password-stdin', registryHost]
}

export function pushArgs(ref: string): string[] {
  return ['push', ref]
}

/**
 * A private credential store for one run: the engine's login writes there instead of ~/.docker or
 * the user's containers auth file, and `dispose` removes it, so no credential stays on a self-hosted runner.
 */
export interface EngineSession {
  env: Record<string, string>
  dispose(): void
}

export function createEngineSession(tempRoot = os.tmpdir()): EngineSession {
  const dir = fs.mkdtempSync(path.join(tempRoot, 'release-to-ecs-auth-'))
  fs.chmodSync(dir, 0o700)
  return {
    env: { DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: path.join(dir, 'auth.json') },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true })
  }
}

export interface EngineDeps {
  runner: Runner
  logger: Logger
  session: EngineSession
  /** Waits between tries of a login or push the registry failed for a moment (5xx, 429, a lost connection). */
  clock?: Clock
}

/** Tries of a registry login or push in all, when the registry fails for a moment. */
export const REGISTRY_TRIES = 4

/** Output of an engine whose registry failed for a moment: worth the same login or push again. */
const TRANSIENT_REGISTRY_FAILURE =
  /unexpected HTTP status: (5\d\d|429)|\b(500 Internal Server Error|502 Bad Gateway|503 Service Unavailable|504 Gateway Timeout|429 Too Many Requests)\b|TOOMANYREQUESTS|connection reset by peer|broken pipe|use of closed network connection|TLS handshake timeout|i\/o timeout|unexpected EOF/i

/** Whether an engine's failure output says the registry failed for a moment (not a refusal or a bad request). */
export function isTransientRegistryFailure(output: string): boolean {
  return TRANSIENT_REGISTRY_FAILURE.test(output)
}

export async function buildImage(request: ImageBuildRequest, deps: EngineDeps): Promise<void> {
  if (!fs.existsSync(request.context))
    throw new ImageError(
      `context ${request.context} does not exist; set context to the directory the Dockerfile copies from.`
    )
  const dockerfile = request.dockerfile ?? path.join(request.context, 'Dockerfile')
  if (!fs.existsSync(dockerfile))
    throw new ImageError(`No Dockerfile at ${dockerfile}; add one or set the dockerfile input to its path.`)
  await engine(request.engine, buildArgs(request), deps, 'The image build failed', 'Nothing was pushed.')
}

export async function loginToRegistry(
  engineName: ContainerEngine,
  registryHost: string,
  credentials: { username: string; password: string },
  deps: EngineDeps
): Promise<void> {
  await engine(
    engineName,
    loginArgs(registryHost, credentials.username),
    deps,
    `Logging in to ${registryHost} failed`,
    '',
    {
      input: credentials.password,
      silent: true,
      retryTransient: true
    }
  )
  deps.logger.info(`Logged in to ${registryHost}`)
}

/**
 * A registry that refuses a HEAD request (the first step of a push) answers 403 without a body, so the engine
 * cannot say which permission is missing; this says what the push needs. Undefined when the output names it already.
 */
export function explainPushRefusal(output: string, repository: string): string | undefined {
  if (!/\b403\b|Forbidden/.test(output) || /not authorized to perform/.test(output)) return undefined
  return (
    `The registry refused the push (403) without naming the permission: the deploying identity needs ` +
    `${ECR_PUSH_ACTIONS.join(', ')} on the ECR repository ${repository} (the EcrPushImage statement of the iam-policy output).`
  )
}

export async function pushImage(
  engineName: ContainerEngine,
  refs: string[],
  deps: EngineDeps,
  repository?: string
): Promise<void> {
  for (const ref of refs) {
    try {
      await engine(engineName, pushArgs(ref), deps, `Pushing ${ref} failed`, '', { retryTransient: true })
    } catch (e) {
      if (!(e instanceof ImageError) || !repository) throw e
      const hint = explainPushRefusal(e.message, repository)
      if (!hint) throw e
      throw new ImageError(`${e.message}\n${hint}`)
    }
  }
}

async function engine(
  name: ContainerEngine,
  args: string[],
  deps: EngineDeps,
  failure: string,
  consequence: string,
  options: { input?: string; silent?: boolean; retryTransient?: boolean } = {}
): Promise<void> {
  const { retryTransient, ...runOptions } = options
  const tries = retryTransient ? REGISTRY_TRIES : 1
  for (let attempt = 1; ; attempt++) {
    // The runner echoes the command line itself, except for silent commands (login), which we show here.
    if (options.silent) deps.logger.info(`$ ${formatCommand(name, args)}`)
    let result
    try {
      result = await deps.runner.run(name, args, { env: deps.session.env, ...runOptions })
    } catch (e) {
      throw new ImageError(
        `${failure}: could not start ${name} (${(e as Error).message}). Install ${name} on the runner or set container-engine.`
      )
    }
    if (result.exitCode === 0) return
    const output = `${result.stderr}\n${result.stdout}`
    if (attempt < tries && isTransientRegistryFailure(output)) {
      const waitMs = 2000 * attempt
      deps.logger.info(
        `${name} ${args[0]} failed because the registry failed for a moment; trying again in ${waitMs / 1000}s (try ${attempt + 1} of ${tries}).`
      )
      await (deps.clock ?? systemClock).sleep(waitMs)
      continue
    }
    failWith(name, args, result, failure, consequence)
  }
}

function failWith(
  name: ContainerEngine,
  args: string[],
  result: { exitCode: number; stdout: string; stderr: string },
  failure: string,
  consequence: string
): never {
  const tail = (result.stderr || result.stdout).trimEnd().split('\n').slice(-10).join('\n')
  throw new ImageError(
    `${failure}: ${name} ${args[0]} exited with code ${result.exitCode}. ${consequence}\n${tail}`.trim()
  )
}

/** What is at a path, for the up-front checks of the Dockerfile and the build context. */
export function pathKind(p: string): 'file' | 'directory' | 'other' | undefined {
  const stat = fs.statSync(p, { throwIfNoEntry: false })
  return stat === undefined ? undefined : stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other'
}
