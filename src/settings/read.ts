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
} from './checks.js'
import { inputDefault, INPUTS, Inputs } from './names.js'
import { checkTemplate, lines, splitWords, wholeNumberInput } from './parse.js'
import { readContinueMode } from './continue.js'
import { readRunTaskSettings, RUN_TASK_MULTI_LINE } from './run-task.js'
import {
  CLUSTER_OR_SERVICE,
  entryArnProblems,
  readServiceEntries,
  topLevelCodeDeployProblems,
  type ServiceEntry
} from './services.js'
import { readTaskDefinitionInputs } from './taskdef-inputs.js'
import {
  LIFECYCLE_STAGES,
  SettingsError,
  type ImageChoice,
  type InputReader,
  type RunMode,
  type CodeDeploySettings,
  type Settings,
  type StaticCredentials,
  type WaitUntil
} from './types.js'

/** Reads inputs the way the runner passes them: INPUT_<NAME>, upper-cased, spaces to underscores. */
export function envInputReader(env: NodeJS.ProcessEnv): InputReader {
  return name => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

const ROLE_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/
const PLATFORM_PATTERN = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/**
 * Reads and validates every input. All problems are reported together, so one failed run shows
 * everything there is to fix.
 */
export function readSettings(input: InputReader, env: NodeJS.ProcessEnv): Settings {
  // Control characters are refused before any other check shows a value.
  const unsafe = controlCharacterProblems(
    Object.fromEntries(Object.values(Inputs).map(name => [name, input(name)])),
    {
      multiLine: [
        Inputs.additionalTags,
        Inputs.buildArgs,
        Inputs.containerName,
        Inputs.containerImages,
        Inputs.environmentVariables,
        Inputs.secrets,
        Inputs.envFiles,
        Inputs.dockerLabels,
        Inputs.logConfigurationOptions,
        Inputs.services,
        ...RUN_TASK_MULTI_LINE
      ],
      secret: [Inputs.awsAccessKeyId, Inputs.awsSecretAccessKey, Inputs.awsSessionToken]
    }
  )
  if (unsafe.length > 0) throw new SettingsError(unsafe)
  const problems: string[] = []
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const inWorkspace = (p: string): string => path.resolve(workspace, p)
  const optional = (name: string): string | undefined => input(name) || undefined

  const bool = (name: string): boolean => {
    const fallback = inputDefault(name) === 'true'
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
  const wholeNumber = (name: string, min: number, max: number): number | undefined =>
    wholeNumberInput(input(name), name, { min, max }, problems)

  const dryRun = bool(Inputs.dryRun)

  const cluster = input(Inputs.cluster) || INPUTS.cluster.default
  if (!CLUSTER_OR_SERVICE.test(cluster))
    problems.push(`cluster is "${cluster}"; use the cluster's name (letters, digits, - and _) or its ARN.`)
  // continue-deployment deploys nothing: its service comes from the ARN, and no task definition or image is asked for.
  const continuing = input(Inputs.continueDeployment) !== ''
  const servicesInput = optional(Inputs.services)
  const singleService = optional(Inputs.service)
  if (singleService !== undefined && servicesInput !== undefined)
    problems.push(
      'service and services are both set; give one service with service (and task-definition, container-name), or every service of the release in services.'
    )
  if (singleService === undefined && servicesInput === undefined && !dryRun && !continuing)
    problems.push('service is missing; name the ECS service to update (or set dry-run: true to only plan).')
  if (singleService !== undefined && !CLUSTER_OR_SERVICE.test(singleService))
    problems.push(
      `service is "${singleService}"; use the service's name (letters, digits, - and _) or its ARN.`
    )

  const taskDefinitionInputs = readTaskDefinitionInputs(
    input,
    inWorkspace,
    problems,
    servicesInput === undefined && !continuing
  )
  // Each entry of services; the single-service inputs are the one-entry case, and what an entry leaves out.
  const services: ServiceEntry[] = servicesInput
    ? readServiceEntries(servicesInput, { ...taskDefinitionInputs, cluster, input }, inWorkspace, problems)
    : singleService && taskDefinitionInputs.taskDefinitionSource
      ? [
          {
            name: singleService,
            input: Inputs.service,
            cluster,
            service: singleService,
            taskDefinitionSource: taskDefinitionInputs.taskDefinitionSource,
            containerNames: taskDefinitionInputs.containerNames
          }
        ]
      : []
  const first = servicesInput ? services[0] : undefined
  const service = first?.service ?? singleService
  const taskDefinitionSource = first?.taskDefinitionSource ??
    taskDefinitionInputs.taskDefinitionSource ?? { kind: 'file', path: inWorkspace('') }
  const containerNames = first?.containerNames ?? taskDefinitionInputs.containerNames

  const image = optional(Inputs.image)
  const imageTag = optional(Inputs.imageTag)
  const ecrRepository = optional(Inputs.ecrRepository)
  if (image && imageTag) problems.push('image and image-tag are both set; give one of them.')
  if (!image && !ecrRepository && !continuing)
    problems.push('ecr-repository is missing; name the ECR repository to push to (a name or a full URI).')
  // Names and URIs (scheme, case, tag), and an ECR URI's partition against aws-region's.
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

  const tagTemplate = input(Inputs.tagTemplate) || INPUTS.tagTemplate.default
  checkTemplate(Inputs.tagTemplate, tagTemplate, problems)
  const additionalTagTemplates = tagList(input(Inputs.additionalTags))
  for (const t of additionalTagTemplates) checkTemplate(Inputs.additionalTags, t, problems)

  const workingDirectory = inWorkspace(input(Inputs.workingDirectory) || INPUTS.workingDirectory.default)
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
  let waitForMinutes = Number(INPUTS.waitForMinutes.default)
  if (waitForMinutesRaw !== '') {
    const n = Number(waitForMinutesRaw)
    if (!Number.isFinite(n) || n <= 0 || n > 360)
      problems.push(
        `wait-for-minutes is "${waitForMinutesRaw}"; use a number of minutes above 0 and at most 360.`
      )
    else waitForMinutes = n
  }

  const runTask = readRunTaskSettings(input, inWorkspace, problems)

  const region = regionInput
  // The region against the SDK's regions, then cluster and service ARNs against the region.
  const regionProblem = region ? checkRegion(Inputs.awsRegion, region).problem : undefined
  if (regionProblem) problems.push(regionProblem)
  problems.push(...ecsArnProblems({ cluster, service: singleService }, regionProblem ? undefined : region))
  if (servicesInput) problems.push(...entryArnProblems(services, regionProblem ? undefined : region))
  if (servicesInput) problems.push(...topLevelCodeDeployProblems(input))
  if (!region && !dryRun && !continuing)
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
  const roleSessionName = input(Inputs.roleSessionName) || INPUTS.roleSessionName.default
  if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName))
    problems.push(`role-session-name is "${roleSessionName}"; use 2 to 64 letters, digits or +=,.@-_.`)

  const imageChoice: ImageChoice = image
    ? { kind: 'uri', uri: image }
    : imageTag
      ? { kind: 'tag', ecrRepository: ecrRepository ?? '', tag: imageTag }
      : { kind: 'build', ecrRepository: ecrRepository ?? '' }
  const forceNewDeployment = bool(Inputs.forceNewDeployment)
  const continueMode = readContinueMode(
    input,
    { cluster, service, region, dryRun, forceNewDeployment },
    problems
  )
  const mode: RunMode = continueMode
    ? continueMode
    : dryRun || service === undefined || region === undefined
      ? { kind: 'plan', service, region }
      : { kind: 'deploy', service, region }
  const settings: Settings = {
    imageChoice,
    mode,
    cluster: first?.cluster ?? cluster,
    service: continueMode?.service ?? service,
    ...taskDefinitionInputs,
    taskDefinitionSource,
    containerNames,
    taskDefinitionPath: taskDefinitionSource.kind === 'file' ? taskDefinitionSource.path : undefined,
    containerName: containerNames[0],
    services,
    servicesOrder: oneOf(
      Inputs.servicesOrder,
      ['parallel', 'sequential'] as const,
      INPUTS.servicesOrder.default
    ),
    rollbackScope: oneOf(Inputs.rollbackScope, ['all', 'failed'] as const, INPUTS.rollbackScope.default),
    ecrRepository,
    tagTemplate,
    version: optional(Inputs.version),
    additionalTagTemplates,
    imageReference: oneOf(Inputs.imageReference, ['tag', 'digest'] as const, INPUTS.imageReference.default),
    image,
    imageTag,
    workingDirectory,
    javaBuild: oneOf(
      Inputs.javaBuild,
      ['auto', 'gradle', 'maven', 'none'] as const,
      INPUTS.javaBuild.default
    ),
    buildCommand,
    containerEngine: oneOf(
      Inputs.containerEngine,
      ['docker', 'podman'] as const,
      INPUTS.containerEngine.default
    ),
    dockerfile: dockerfileInput ? inWorkspace(dockerfileInput) : undefined,
    context: contextInput ? inWorkspace(contextInput) : workingDirectory,
    buildArgs,
    target,
    platform,
    forceNewDeployment,
    desiredCount: wholeNumber(Inputs.desiredCount, 0, 5000),
    onBusy: oneOf(Inputs.onBusy, ['wait', 'fail'] as const, INPUTS.onBusy.default),
    verify: oneOf(Inputs.verify, ['basic', 'full', 'off'] as const, INPUTS.verify.default),
    waitForServiceStability: bool(Inputs.waitForServiceStability),
    waitForMinutes,
    rollbackOnFailure: bool(Inputs.rollbackOnFailure),
    maxTaskFailures: wholeNumber(Inputs.maxTaskFailures, 0, 1000) ?? Number(INPUTS.maxTaskFailures.default),
    waitUntil: waitUntilOf(input(Inputs.waitUntil), problems),
    onPause: oneOf(Inputs.onPause, ['wait', 'continue', 'exit'] as const, INPUTS.onPause.default),
    onCancel: oneOf(Inputs.onCancel, ['leave', 'rollback'] as const, INPUTS.onCancel.default),
    codedeploy: codeDeploySettingsOf(input, inWorkspace, problems),
    ...(runTask ? { runTask } : {}),
    dryRun,
    region: continueMode?.region ?? region,
    credentials,
    roleToAssume,
    roleSessionName
  }
  if (problems.length > 0) throw new SettingsError(problems)
  return settings
}

/** codedeploy-*: names CodeDeploy takes (1 to 100 characters), the AppSpec file's path in the workspace. */
export function codeDeploySettingsOf(
  input: InputReader,
  inWorkspace: (p: string) => string,
  problems: string[]
): CodeDeploySettings {
  const named = (name: string): string | undefined => {
    const value = input(name).trim()
    if (value === '') return undefined
    if (value.length > 100 || /[\s/]/.test(value))
      problems.push(`${name} is "${value}"; give a CodeDeploy name (1 to 100 characters, no spaces or /).`)
    return value
  }
  const appSpec = input(Inputs.codedeployAppspec).trim()
  const description = input(Inputs.codedeployDeploymentDescription).trim()
  const settings: CodeDeploySettings = {
    application: named(Inputs.codedeployApplication),
    deploymentGroup: named(Inputs.codedeployDeploymentGroup),
    deploymentConfig: named(Inputs.codedeployDeploymentConfig)
  }
  if (appSpec !== '') settings.appSpecPath = inWorkspace(appSpec)
  if (description !== '') settings.description = description
  return settings
}

/** wait-until: deployed, or a lifecycle stage name (any case); whether the strategy has it is checked later. */
export function waitUntilOf(given: string, problems: string[]): WaitUntil {
  const value = given.trim()
  if (value === '' || value.toLowerCase() === 'deployed') return { kind: 'deployed' }
  const stage = LIFECYCLE_STAGES.find(s => s === value.toUpperCase())
  if (stage) return { kind: 'stage', stage }
  problems.push(
    `${Inputs.waitUntil} is "${value}"; give deployed (the default: the deployment finished) or a lifecycle stage: ${LIFECYCLE_STAGES.join(', ')}.`
  )
  return { kind: 'deployed' }
}

/** The secrets among the inputs, to mask before anything is logged. */
export function secretInputs(settings: Settings): string[] {
  const c = settings.credentials
  return c ? [c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])] : []
}

/** Where the runner keeps a job's temporary files (rendered task definition, the engine's private login). */
export function runnerTemp(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || os.tmpdir()
}
