// Every input of action.yml, read once, validated and typed. Nothing else in the action reads inputs.
import * as os from 'node:os'
import * as path from 'node:path'
import {
  checkRegion,
  controlCharacterProblems,
  ecrRepositoryProblems,
  ecsArnProblems,
  imageProblems,
  registryRegionProblems,
  tagList
} from './settings/checks.js'

/** Input names, as action.yml spells them. */
export const Inputs = {
  cluster: 'cluster',
  service: 'service',
  taskDefinition: 'task-definition',
  containerName: 'container-name',
  ecrRepository: 'ecr-repository',
  tagTemplate: 'tag-template',
  version: 'version',
  additionalTags: 'additional-tags',
  imageReference: 'image-reference',
  image: 'image',
  imageTag: 'image-tag',
  workingDirectory: 'working-directory',
  javaBuild: 'java-build',
  buildCommand: 'build-command',
  containerEngine: 'container-engine',
  dockerfile: 'dockerfile',
  context: 'context',
  buildArgs: 'build-args',
  target: 'target',
  platform: 'platform',
  forceNewDeployment: 'force-new-deployment',
  desiredCount: 'desired-count',
  onBusy: 'on-busy',
  waitForServiceStability: 'wait-for-service-stability',
  waitForMinutes: 'wait-for-minutes',
  rollbackOnFailure: 'rollback-on-failure',
  maxTaskFailures: 'max-task-failures',
  dryRun: 'dry-run',
  awsRegion: 'aws-region',
  awsAccessKeyId: 'aws-access-key-id',
  awsSecretAccessKey: 'aws-secret-access-key',
  awsSessionToken: 'aws-session-token',
  roleToAssume: 'role-to-assume',
  roleSessionName: 'role-session-name'
} as const

/** Output names, as action.yml spells them. */
export const Outputs = {
  image: 'image',
  imageDigest: 'image-digest',
  imageTag: 'image-tag',
  taskDefinition: 'task-definition',
  taskDefinitionArn: 'task-definition-arn',
  taskDefinitionRevision: 'task-definition-revision',
  deploymentId: 'deployment-id',
  previousTaskDefinitionArn: 'previous-task-definition-arn',
  rolloutState: 'rollout-state',
  iamPolicy: 'iam-policy'
} as const

export type JavaBuildMode = 'auto' | 'gradle' | 'maven' | 'none'
export type ContainerEngine = 'docker' | 'podman'
export type ImageReference = 'tag' | 'digest'
export type OnBusy = 'wait' | 'fail'

export interface StaticCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface Settings {
  cluster: string
  /** Undefined only in a dry run. */
  service?: string
  /** Absolute path of the task definition file. */
  taskDefinitionPath: string
  containerName?: string
  ecrRepository?: string
  tagTemplate: string
  version?: string
  additionalTagTemplates: string[]
  imageReference: ImageReference
  /** An existing image to deploy instead of building (full URI). */
  image?: string
  /** An existing tag in ecrRepository to deploy instead of building. */
  imageTag?: string
  /** Absolute path of the Java project. */
  workingDirectory: string
  javaBuild: JavaBuildMode
  /** build-command split into words; undefined when not given. */
  buildCommand?: string[]
  containerEngine: ContainerEngine
  /** Absolute path of the Dockerfile; undefined means Dockerfile in the context. */
  dockerfile?: string
  /** Absolute path of the build context. */
  context: string
  buildArgs: { name: string; value: string }[]
  target?: string
  platform?: string
  forceNewDeployment: boolean
  desiredCount?: number
  onBusy: OnBusy
  waitForServiceStability: boolean
  waitForMinutes: number
  rollbackOnFailure: boolean
  maxTaskFailures: number
  dryRun: boolean
  /** Undefined only in a dry run without any region. */
  region?: string
  credentials?: StaticCredentials
  roleToAssume?: string
  roleSessionName: string
}

/** A bad input: the message names the input, what was wrong and what to do. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs:\n${problems.map(p => `  - ${p}`).join('\n')}`
    )
    this.name = 'SettingsError'
  }
}

export type InputReader = (name: string) => string

/** Reads inputs the way the runner passes them: INPUT_<NAME>, upper-cased, spaces to underscores. */
export function envInputReader(env: NodeJS.ProcessEnv): InputReader {
  return name => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

const TAG_PLACEHOLDERS = ['version', 'sha', 'short-sha', 'run-number', 'run-attempt', 'ref'] as const
const ROLE_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/
const PLATFORM_PATTERN = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const CLUSTER_OR_SERVICE =
  /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:(cluster|service)\/[A-Za-z0-9_/-]+)$/

/**
 * Reads and validates every input. All problems are reported together, so one failed run shows
 * everything there is to fix.
 */
export function readSettings(input: InputReader, env: NodeJS.ProcessEnv): Settings {
  // checks.ts: control characters are refused before any other check shows a value.
  const unsafe = controlCharacterProblems(
    Object.fromEntries(Object.values(Inputs).map(name => [name, input(name)])),
    {
      multiLine: [Inputs.additionalTags, Inputs.buildArgs],
      secret: [Inputs.awsAccessKeyId, Inputs.awsSecretAccessKey, Inputs.awsSessionToken]
    }
  )
  if (unsafe.length > 0) throw new SettingsError(unsafe)
  const problems: string[] = []
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const inWorkspace = (p: string): string => path.resolve(workspace, p)
  const optional = (name: string): string | undefined => input(name) || undefined

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = input(name)
    if (raw === '') return fallback
    if (['true', 'True', 'TRUE'].includes(raw)) return true
    if (['false', 'False', 'FALSE'].includes(raw)) return false
    problems.push(`${name} is "${raw}"; use true or false.`)
    return fallback
  }
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = input(name)
    if (raw === '') return fallback
    const found = allowed.find(a => a === raw.toLowerCase())
    if (!found) problems.push(`${name} is "${raw}"; use one of ${allowed.join(', ')}.`)
    return found ?? fallback
  }
  const wholeNumber = (name: string, min: number, max: number): number | undefined => {
    const raw = input(name)
    if (raw === '') return undefined
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} is "${raw}"; use a whole number from ${min} to ${max}.`)
      return undefined
    }
    return Number(raw)
  }

  const dryRun = bool(Inputs.dryRun, false)

  const cluster = input(Inputs.cluster) || 'default'
  if (!CLUSTER_OR_SERVICE.test(cluster))
    problems.push(`cluster is "${cluster}"; use the cluster's name (letters, digits, - and _) or its ARN.`)
  const service = optional(Inputs.service)
  if (service === undefined && !dryRun)
    problems.push('service is missing; name the ECS service to update (or set dry-run: true to only plan).')
  if (service !== undefined && !CLUSTER_OR_SERVICE.test(service))
    problems.push(`service is "${service}"; use the service's name (letters, digits, - and _) or its ARN.`)

  const taskDefinition = input(Inputs.taskDefinition)
  if (taskDefinition === '')
    problems.push(
      'task-definition is missing; give the path of your task definition file, e.g. task-definition.json.'
    )

  const image = optional(Inputs.image)
  const imageTag = optional(Inputs.imageTag)
  const ecrRepository = optional(Inputs.ecrRepository)
  if (image && imageTag) problems.push('image and image-tag are both set; give one of them.')
  if (!image && !ecrRepository)
    problems.push('ecr-repository is missing; name the ECR repository to push to (a name or a full URI).')
  // checks.ts: names and URIs (scheme, case, tag), and an ECR URI's partition against aws-region's.
  const regionInput = optional(Inputs.awsRegion) ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined)
  if (ecrRepository) {
    const found = ecrRepositoryProblems(Inputs.ecrRepository, ecrRepository)
    problems.push(...found)
    if (found.length === 0)
      problems.push(...registryRegionProblems(Inputs.ecrRepository, ecrRepository, regionInput))
  }
  if (image) {
    const found = imageProblems(Inputs.image, image)
    problems.push(...found)
    if (found.length === 0) problems.push(...registryRegionProblems(Inputs.image, image, regionInput))
  }
  if (imageTag && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(imageTag))
    problems.push(
      `image-tag is "${imageTag}"; a tag is letters, digits, _ . - (first not . or -), at most 128.`
    )

  const tagTemplate = input(Inputs.tagTemplate) || '{version}-{short-sha}'
  checkTemplate(Inputs.tagTemplate, tagTemplate, problems)
  const additionalTagTemplates = tagList(input(Inputs.additionalTags))
  for (const t of additionalTagTemplates) checkTemplate(Inputs.additionalTags, t, problems)

  const workingDirectory = inWorkspace(input(Inputs.workingDirectory) || '.')
  const contextInput = optional(Inputs.context)
  const dockerfileInput = optional(Inputs.dockerfile)

  const buildArgs: Settings['buildArgs'] = []
  for (const line of lines(input(Inputs.buildArgs))) {
    const eq = line.indexOf('=')
    const name = eq === -1 ? line : line.slice(0, eq).trim()
    if (eq === -1 || !BUILD_ARG_NAME.test(name)) {
      problems.push(
        `build-args has the line "${line}"; write one KEY=value per line (KEY is letters, digits, _).`
      )
      continue
    }
    buildArgs.push({ name, value: line.slice(eq + 1) })
  }

  const target = optional(Inputs.target)
  if (target && !STAGE_NAME.test(target))
    problems.push(`target is "${target}"; name a stage of the Dockerfile (FROM ... AS <name>).`)
  const platform = optional(Inputs.platform)
  if (platform && !PLATFORM_PATTERN.test(platform))
    problems.push(`platform is "${platform}"; use os/arch, e.g. linux/amd64 or linux/arm64.`)

  let buildCommand: string[] | undefined
  const rawBuildCommand = optional(Inputs.buildCommand)
  if (rawBuildCommand) {
    try {
      buildCommand = splitWords(rawBuildCommand)
    } catch (e) {
      problems.push(`build-command ${(e as Error).message}`)
    }
  }

  const waitForMinutesRaw = input(Inputs.waitForMinutes)
  let waitForMinutes = 30
  if (waitForMinutesRaw !== '') {
    const n = Number(waitForMinutesRaw)
    if (!Number.isFinite(n) || n <= 0 || n > 360)
      problems.push(
        `wait-for-minutes is "${waitForMinutesRaw}"; use a number of minutes above 0 and at most 360.`
      )
    else waitForMinutes = n
  }

  const region = regionInput
  // checks.ts: the region against the SDK's regions, then cluster and service ARNs against the region.
  const regionProblem = region ? checkRegion(Inputs.awsRegion, region).problem : undefined
  if (regionProblem) problems.push(regionProblem)
  problems.push(...ecsArnProblems({ cluster, service }, regionProblem ? undefined : region))
  if (!region && !dryRun)
    problems.push('aws-region is missing; set it, or set AWS_REGION in the environment (e.g. eu-west-1).')

  const accessKeyId = optional(Inputs.awsAccessKeyId)
  const secretAccessKey = optional(Inputs.awsSecretAccessKey)
  const sessionToken = optional(Inputs.awsSessionToken)
  let credentials: StaticCredentials | undefined
  if (accessKeyId && secretAccessKey) credentials = { accessKeyId, secretAccessKey, sessionToken }
  else if (accessKeyId || secretAccessKey)
    problems.push(
      `${accessKeyId ? 'aws-secret-access-key' : 'aws-access-key-id'} is missing; give both keys of the IAM user, or neither to use the default credential chain.`
    )
  else if (sessionToken)
    problems.push(
      'aws-session-token is set without keys; give aws-access-key-id and aws-secret-access-key too.'
    )

  const roleToAssume = optional(Inputs.roleToAssume)
  if (roleToAssume && !ROLE_ARN_PATTERN.test(roleToAssume))
    problems.push(
      `role-to-assume is "${roleToAssume}"; give a role ARN, e.g. arn:aws:iam::123456789012:role/deploy-web.`
    )
  const roleSessionName = input(Inputs.roleSessionName) || 'release-to-ecs'
  if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName))
    problems.push(`role-session-name is "${roleSessionName}"; use 2 to 64 letters, digits or +=,.@-_.`)

  const settings: Settings = {
    cluster,
    service,
    taskDefinitionPath: inWorkspace(taskDefinition),
    containerName: optional(Inputs.containerName),
    ecrRepository,
    tagTemplate,
    version: optional(Inputs.version),
    additionalTagTemplates,
    imageReference: oneOf(Inputs.imageReference, ['tag', 'digest'] as const, 'tag'),
    image,
    imageTag,
    workingDirectory,
    javaBuild: oneOf(Inputs.javaBuild, ['auto', 'gradle', 'maven', 'none'] as const, 'auto'),
    buildCommand,
    containerEngine: oneOf(Inputs.containerEngine, ['docker', 'podman'] as const, 'docker'),
    dockerfile: dockerfileInput ? inWorkspace(dockerfileInput) : undefined,
    context: contextInput ? inWorkspace(contextInput) : workingDirectory,
    buildArgs,
    target,
    platform,
    forceNewDeployment: bool(Inputs.forceNewDeployment, false),
    desiredCount: wholeNumber(Inputs.desiredCount, 0, 5000),
    onBusy: oneOf(Inputs.onBusy, ['wait', 'fail'] as const, 'wait'),
    waitForServiceStability: bool(Inputs.waitForServiceStability, true),
    waitForMinutes,
    rollbackOnFailure: bool(Inputs.rollbackOnFailure, false),
    maxTaskFailures: wholeNumber(Inputs.maxTaskFailures, 0, 1000) ?? 3,
    dryRun,
    region,
    credentials,
    roleToAssume,
    roleSessionName
  }
  if (problems.length > 0) throw new SettingsError(problems)
  return settings
}

/** A warning about inputs that were given but play no part in this run. */
export interface IgnoredInputs {
  title: string
  message: string
}

/** What action.yml defaults these inputs to: the runner passes the default as if it were given. */
const INPUT_DEFAULTS: Partial<Record<string, string>> = {
  [Inputs.tagTemplate]: '{version}-{short-sha}',
  [Inputs.javaBuild]: 'auto',
  [Inputs.containerEngine]: 'docker',
  [Inputs.waitForMinutes]: '30',
  [Inputs.rollbackOnFailure]: 'false',
  [Inputs.maxTaskFailures]: '3'
}

const BUILD_INPUTS = [
  Inputs.javaBuild,
  Inputs.buildCommand,
  Inputs.dockerfile,
  Inputs.context,
  Inputs.buildArgs,
  Inputs.target,
  Inputs.platform,
  Inputs.tagTemplate,
  Inputs.additionalTags,
  Inputs.containerEngine
] as const

const ROLLOUT_INPUTS = [Inputs.rollbackOnFailure, Inputs.maxTaskFailures, Inputs.waitForMinutes] as const

/**
 * Inputs set to something other than their default that this run will not use: the build inputs when an
 * existing image is deployed, the rollout inputs when the rollout is not followed. Reads raw inputs, so it
 * sees what the workflow wrote, not what readSettings made of it.
 */
export function ignoredInputs(input: InputReader): IgnoredInputs[] {
  const given = (name: string): boolean => {
    const raw = input(name)
    if (raw === '') return false
    const fallback = INPUT_DEFAULTS[name]
    if (fallback === undefined) return true
    // "30.0" minutes is still the default; "True" is still true.
    if (/^\d+(\.\d+)?$/.test(raw) && /^\d+$/.test(fallback)) return Number(raw) !== Number(fallback)
    return raw.toLowerCase() !== fallback.toLowerCase()
  }
  const list = (names: readonly string[]): string => names.join(', ')
  const warnings: IgnoredInputs[] = []

  const existing =
    input(Inputs.image) !== '' ? Inputs.image : input(Inputs.imageTag) !== '' ? Inputs.imageTag : undefined
  const build = BUILD_INPUTS.filter(given)
  if (existing && build.length > 0)
    warnings.push({
      title: 'Build inputs ignored',
      message:
        `${list(build)} ${build.length === 1 ? 'is' : 'are'} ignored: ${existing} deploys an existing image, so nothing is built or pushed. ` +
        `Remove ${build.length === 1 ? 'it' : 'them'}, or leave ${existing} empty to build.`
    })

  const rollout = ROLLOUT_INPUTS.filter(given)
  if (input(Inputs.waitForServiceStability).toLowerCase() === 'false' && rollout.length > 0)
    warnings.push({
      title: 'Rollout inputs ignored',
      message:
        `${list(rollout)} ${rollout.length === 1 ? 'is' : 'are'} ignored: wait-for-service-stability is false, so the rollout is not followed. ` +
        `Set wait-for-service-stability: true to use ${rollout.length === 1 ? 'it' : 'them'}.`
    })
  return warnings
}

/** The secrets among the inputs, to mask before anything is logged. */
export function secretInputs(settings: Settings): string[] {
  const c = settings.credentials
  return c ? [c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])] : []
}

function lines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
}

function checkTemplate(name: string, template: string, problems: string[]): void {
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    const placeholder = match[1] ?? ''
    if (!(TAG_PLACEHOLDERS as readonly string[]).includes(placeholder))
      problems.push(
        `${name} has the unknown placeholder {${placeholder}}; use ${TAG_PLACEHOLDERS.map(p => `{${p}}`).join(', ')}.`
      )
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, '')))
    problems.push(`${name} "${template}" has an unmatched brace; write placeholders as {name}.`)
}

/** Splits a command line into words: spaces separate, single or double quotes group. No shell is involved. */
export function splitWords(commandLine: string): string[] {
  const words: string[] = []
  let current = ''
  let quote: string | undefined
  let inWord = false
  for (const ch of commandLine) {
    if (quote) {
      if (ch === quote) quote = undefined
      else current += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += ch
      inWord = true
    }
  }
  if (quote) throw new Error(`has an unclosed ${quote} quote; close it or remove it.`)
  if (inWord) words.push(current)
  if (words.length === 0) throw new Error('is empty; give a command, e.g. ./gradlew bootJar.')
  return words
}

/** Where the runner keeps a job's temporary files (rendered task definition, the engine's private login). */
export function runnerTemp(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || os.tmpdir()
}
