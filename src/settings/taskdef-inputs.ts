// The inputs of issue 12, read and validated: where the task definition comes from, which containers get which
// image, the per-environment overrides, and the service settings UpdateService gets only when they are given.
import type { UpdateServiceCommandInput } from '@aws-sdk/client-ecs'
import { environmentFileProblem, roleProblem, secretReferenceProblem } from '../taskdef/arns.js'
import { variableNameProblem } from '../taskdef/containers.js'
import {
  noOverrides,
  parseContainerImages,
  parseNamedLines,
  type ContainerImage,
  type TaskDefinitionOverrides
} from '../taskdef/overrides.js'
import { Inputs, type InputReader } from './names.js'
import { lines, splitWords, wholeNumberInput } from './parse.js'

/** Where the task definition comes from: a file in the repository, or ECS (a family's revision, or an ARN). */
export type TaskDefinitionSource =
  | { kind: 'file'; path: string }
  | { kind: 'family'; family: string; revision?: number }
  | { kind: 'arn'; arn: string }

/** The UpdateService members the service-setting inputs set; a setting not given is absent. */
export type ServiceSettings = Pick<
  UpdateServiceCommandInput,
  | 'propagateTags'
  | 'enableECSManagedTags'
  | 'enableExecuteCommand'
  | 'volumeConfigurations'
  | 'availabilityZoneRebalancing'
  | 'healthCheckGracePeriodSeconds'
> & { deploymentConfiguration?: { minimumHealthyPercent?: number; maximumPercent?: number } }

export interface TaskDefinitionInputs {
  taskDefinitionSource: TaskDefinitionSource
  /** container-name split: every container that gets this run's image (empty: the only container). */
  containerNames: string[]
  containerImages: ContainerImage[]
  overrides: TaskDefinitionOverrides
  serviceSettings: ServiceSettings
}

const FAMILY = /^[A-Za-z0-9_-]{1,255}$/
const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/
const CONTAINER = /^[A-Za-z0-9_-]{1,255}$/
const LABEL = /^[^\s=]+$/
const LOG_DRIVERS = ['awslogs', 'awsfirelens', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog']

/**
 * Reads the task definition source, containers, overrides and service settings; problems are appended. With
 * `services` each entry may name its own source, so the inputs' own is then optional (`sourceRequired` false).
 */
export function readTaskDefinitionInputs(
  input: InputReader,
  inWorkspace: (p: string) => string,
  problems: string[],
  sourceRequired = true
): Omit<TaskDefinitionInputs, 'taskDefinitionSource'> & { taskDefinitionSource?: TaskDefinitionSource } {
  return {
    taskDefinitionSource: sourceRequired
      ? readSource(input, inWorkspace, problems)
      : readGivenSource(input, inWorkspace, problems),
    containerNames: readContainerNames(input(Inputs.containerName), problems),
    containerImages: readContainerImages(input, problems),
    overrides: readOverrides(input, problems),
    serviceSettings: readServiceSettings(input, problems)
  }
}

function readSource(
  input: InputReader,
  inWorkspace: (p: string) => string,
  problems: string[]
): TaskDefinitionSource {
  const source = readGivenSource(input, inWorkspace, problems)
  if (!source)
    problems.push(
      'task-definition is missing; give the path of your task definition file (e.g. task-definition.json), ' +
        'or task-definition-family / task-definition-arn to start from a task definition kept in ECS.'
    )
  return source ?? { kind: 'file', path: inWorkspace('') }
}

/** The task definition source the reader gives, validated; undefined when none of its three inputs is set. */
export function readGivenSource(
  input: InputReader,
  inWorkspace: (p: string) => string,
  problems: string[]
): TaskDefinitionSource | undefined {
  const file = input(Inputs.taskDefinition)
  const family = input(Inputs.taskDefinitionFamily)
  const arn = input(Inputs.taskDefinitionArn)
  const given = [
    file && Inputs.taskDefinition,
    family && Inputs.taskDefinitionFamily,
    arn && Inputs.taskDefinitionArn
  ].filter(Boolean)
  if (given.length === 0) return undefined
  if (given.length > 1)
    problems.push(
      `${given.join(' and ')} are all set; give exactly one place the task definition comes from.`
    )
  if (arn) {
    if (!TASK_DEFINITION_ARN.test(arn))
      problems.push(
        `task-definition-arn is "${arn}"; give a task definition ARN with its revision, e.g. arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42.`
      )
    return { kind: 'arn', arn }
  }
  if (family) {
    const [name = '', revision, ...rest] = family.split(':')
    const revisionOk = revision === undefined || (/^\d+$/.test(revision) && Number(revision) >= 1)
    if (!FAMILY.test(name) || !revisionOk || rest.length > 0) {
      problems.push(
        `task-definition-family is "${family}"; give a family (letters, digits, - and _), optionally with a revision: web or web:42.`
      )
      return { kind: 'family', family: name }
    }
    return { kind: 'family', family: name, revision: revision === undefined ? undefined : Number(revision) }
  }
  return { kind: 'file', path: inWorkspace(file) }
}

/** container-name: one or more containers, separated by commas or line breaks. */
export function readContainerNames(raw: string, problems: string[]): string[] {
  const names = raw
    .split(/[,\r\n]/)
    .map(n => n.trim())
    .filter(n => n !== '')
  for (const name of names)
    if (!CONTAINER.test(name))
      problems.push(`container-name has "${name}"; a container name has letters, digits, - and _.`)
  const twice = names.filter((n, i) => names.indexOf(n) !== i)
  if (twice.length > 0) problems.push(`container-name names ${twice[0]} twice; name each container once.`)
  return [...new Set(names)]
}

function readContainerImages(input: InputReader, problems: string[]): ContainerImage[] {
  const { images, problems: found } = parseContainerImages(input(Inputs.containerImages))
  problems.push(...found)
  const names = readContainerNames(input(Inputs.containerName), [])
  for (const { container } of images)
    if (names.includes(container))
      problems.push(
        `container-images sets an image for ${container}, which container-name names too; a container gets this run's image or a given one, not both.`
      )
  return images
}

/** The per-environment overrides (environment-variables, secrets, cpu, memory, command, ...). */
export function readOverrides(input: InputReader, problems: string[]): TaskDefinitionOverrides {
  const overrides = noOverrides()
  const named = (name: string, pattern: RegExp, rule: string) => {
    const parsed = parseNamedLines(name, input(name), pattern, rule)
    problems.push(...parsed.problems)
    return parsed.values
  }
  overrides.environment = named(
    Inputs.environmentVariables,
    /^[^\s=]+$/,
    'a variable name has no spaces or ='
  )
  for (const { name } of overrides.environment) {
    const problem = variableNameProblem(name)
    if (problem) problems.push(`environment-variables: ${name} ${problem}.`)
  }
  overrides.secrets = named(Inputs.secrets, /^[^\s=]+$/, 'a secret name has no spaces or =')
  for (const { name, value } of overrides.secrets) {
    const problem = secretReferenceProblem(value)
    if (problem) problems.push(`secrets: ${name}'s valueFrom "${value}" ${problem}.`)
  }
  overrides.environmentFiles = lines(input(Inputs.envFiles))
  for (const file of overrides.environmentFiles) {
    const problem = environmentFileProblem(file)
    if (problem) problems.push(`env-files: "${file}" ${problem}.`)
  }
  const command = input(Inputs.command)
  if (command) {
    try {
      overrides.command = splitWords(command)
    } catch (e) {
      problems.push(`command ${(e as Error).message}`)
    }
  }
  overrides.dockerLabels = named(Inputs.dockerLabels, LABEL, 'a label name has no spaces or =')
  const driver = input(Inputs.logConfigurationLogDriver)
  if (driver && !LOG_DRIVERS.includes(driver))
    problems.push(`log-configuration-log-driver is "${driver}"; use one of ${LOG_DRIVERS.join(', ')}.`)
  overrides.logDriver = driver || undefined
  overrides.logOptions = named(Inputs.logConfigurationOptions, LABEL, 'an option name has no spaces or =')
  for (const [name, field] of [
    [Inputs.taskRoleArn, 'taskRoleArn'],
    [Inputs.executionRoleArn, 'executionRoleArn']
  ] as const) {
    const value = input(name)
    if (!value) continue
    const problem = roleProblem(value)
    if (problem) problems.push(`${name} is "${value}"; it ${problem}.`)
    overrides[field] = value
  }
  // Task-level sizes: numbers here; the task definition rules check the Fargate pairs after they are applied.
  for (const [name, field] of [
    [Inputs.cpu, 'cpu'],
    [Inputs.memory, 'memory']
  ] as const) {
    const value = input(name)
    if (!value) continue
    if (!/^\d+$/.test(value) || Number(value) < 128)
      problems.push(
        `${name} is "${value}"; give ${name === 'cpu' ? 'cpu units, e.g. 256, 512, 1024' : 'MiB, e.g. 512, 1024, 2048'}.`
      )
    overrides[field] = value
  }
  return overrides
}

function readServiceSettings(input: InputReader, problems: string[]): ServiceSettings {
  const settings: ServiceSettings = {}
  const bool = (name: string): boolean | undefined => {
    const raw = input(name)
    if (raw === '') return undefined
    if (/^true$/i.test(raw)) return true
    if (/^false$/i.test(raw)) return false
    problems.push(`${name} is "${raw}"; use true or false.`)
    return undefined
  }
  const number = (name: string, min: number, max: number): number | undefined =>
    wholeNumberInput(input(name), name, { min, max }, problems)
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const raw = input(name)
    if (raw === '') return undefined
    const found = allowed.find(a => a === raw.toUpperCase())
    if (!found) problems.push(`${name} is "${raw}"; use one of ${allowed.join(', ')}.`)
    return found
  }
  const propagateTags = choice(Inputs.propagateTags, ['SERVICE', 'TASK_DEFINITION', 'NONE'] as const)
  if (propagateTags) settings.propagateTags = propagateTags
  const managedTags = bool(Inputs.enableEcsManagedTags)
  if (managedTags !== undefined) settings.enableECSManagedTags = managedTags
  const exec = bool(Inputs.enableExecuteCommand)
  if (exec !== undefined) settings.enableExecuteCommand = exec
  const rebalancing = choice(Inputs.availabilityZoneRebalancing, ['ENABLED', 'DISABLED'] as const)
  if (rebalancing) settings.availabilityZoneRebalancing = rebalancing
  const grace = number(Inputs.healthCheckGracePeriodSeconds, 0, 2147483647)
  if (grace !== undefined) settings.healthCheckGracePeriodSeconds = grace
  const minimum = number(Inputs.minimumHealthyPercent, 0, 100)
  const maximum = number(Inputs.maximumPercent, 100, 200)
  if (minimum !== undefined && maximum !== undefined && maximum <= minimum)
    problems.push(
      `maximum-percent (${maximum}) must be above minimum-healthy-percent (${minimum}), or no task could be replaced.`
    )
  if (minimum !== undefined || maximum !== undefined)
    settings.deploymentConfiguration = {
      ...(minimum !== undefined ? { minimumHealthyPercent: minimum } : {}),
      ...(maximum !== undefined ? { maximumPercent: maximum } : {})
    }
  const volumeName = input(Inputs.serviceManagedEbsVolumeName)
  const volume = input(Inputs.serviceManagedEbsVolume)
  if (volumeName && !volume)
    problems.push(
      'service-managed-ebs-volume-name is set without service-managed-ebs-volume; give the volume\'s configuration as JSON, e.g. {"sizeInGiB": 30, "roleArn": "arn:aws:iam::123456789012:role/ecsInfrastructureRole"}.'
    )
  if (volume && !volumeName)
    problems.push(
      'service-managed-ebs-volume is set without service-managed-ebs-volume-name; name the task definition volume it configures (configuredAtLaunch: true).'
    )
  if (volume && volumeName) {
    let parsed: unknown
    try {
      parsed = JSON.parse(volume)
    } catch (e) {
      problems.push(`service-managed-ebs-volume is not JSON (${(e as Error).message}); give one JSON object.`)
    }
    if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)))
      problems.push(
        'service-managed-ebs-volume must be one JSON object (ServiceManagedEBSVolumeConfiguration).'
      )
    else if (parsed !== undefined) {
      const config = parsed as Record<string, unknown>
      if (typeof config.roleArn !== 'string' || roleProblem(config.roleArn) !== undefined)
        problems.push(
          'service-managed-ebs-volume: roleArn must be the ARN of the infrastructure role ECS uses for the volume.'
        )
      settings.volumeConfigurations = [{ name: volumeName, managedEBSVolume: config as never }]
    }
  }
  return settings
}
