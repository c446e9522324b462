// The rules ECS applies to each container at registration (or that make its tasks fail at once), one function each.
import { ApplicationProtocol, ContainerCondition, LogDriver, TransportProtocol } from './ecs-model.js'
import { environmentFileProblem, placeholderIn, secretReferenceProblem } from './arns.js'
import { isObject, type JsonObject } from './types.js'
import { quote, sameIgnoringCase } from './words.js'

export interface ContainerContext {
  fargate: boolean
  networkMode: string | undefined
  /** Containers by name, for dependsOn and volumesFrom. */
  containers: Map<string, JsonObject>
  volumes: ReadonlySet<string>
}

type Add = (path: string, message: string) => void

const objects = (value: unknown): [JsonObject, number][] =>
  Array.isArray(value) ? value.flatMap((v, i): [JsonObject, number][] => (isObject(v) ? [[v, i]] : [])) : []

/** Log drivers Fargate tasks can use. */
const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk', 'awsfirelens']

export function containerProblems(
  container: JsonObject,
  at: string,
  context: ContainerContext,
  add: Add
): void {
  variableProblems(container, at, add)
  logProblems(container, at, context, add)
  portProblems(container, at, add)
  healthCheckProblems(container, at, add)
  dependencyProblems(container, at, context, add)
  volumeProblems(container, at, context, add)
  memoryProblems(container, at, add)
  for (const [file, f] of objects(container.environmentFiles)) {
    const problem = typeof file.value === 'string' ? environmentFileProblem(file.value) : undefined
    if (problem) add(`${at}.environmentFiles[${f}].value`, `${quote(file.value)} ${problem}`)
  }
  const credentials = isObject(container.repositoryCredentials)
    ? container.repositoryCredentials.credentialsParameter
    : undefined
  const credentialsProblem =
    typeof credentials === 'string' && credentials.startsWith('arn:')
      ? secretReferenceProblem(credentials)
      : undefined
  if (credentialsProblem || (typeof credentials === 'string' && placeholderIn(credentials)))
    add(
      `${at}.repositoryCredentials.credentialsParameter`,
      `${quote(credentials)} ${credentialsProblem ?? 'holds a placeholder'}; give the ARN or name of the Secrets Manager secret with the registry's username and password`
    )
  if (context.fargate && typeof container.stopTimeout === 'number' && container.stopTimeout > 120)
    add(`${at}.stopTimeout`, `${container.stopTimeout} seconds; on Fargate stopTimeout is at most 120`)
}

/** An environment variable's name: anything but "=", control characters and spaces (the runtime splits on "="). */
export function variableNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty; give the variable a name'
  if (name.includes('=')) {
    const [left, ...right] = name.split('=')
    return `contains "="; a name cannot hold "=" (the container would see ${quote(left)}). Put the name in name and the rest (${quote(right.join('='))}) in value`
  }
  if (/\s/.test(name) || [...name].some(c => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127))
    return 'contains a space or a control character; use letters, digits and underscores, e.g. SPRING_PROFILES_ACTIVE'
  return undefined
}

function variableProblems(container: JsonObject, at: string, add: Add): void {
  const seen = new Map<string, string>()
  const named = (name: unknown, path: string): void => {
    if (typeof name !== 'string') {
      if (name === undefined) add(path, 'missing; every variable needs a name')
      return
    }
    const problem = variableNameProblem(name)
    if (problem) add(path, `${quote(name)} ${problem}`)
    const first = seen.get(name)
    if (first !== undefined)
      add(
        path,
        `${quote(name)} is already set at ${first}; a variable is set once (remove one, or rename it)`
      )
    else seen.set(name, path)
  }
  for (const [variable, i] of objects(container.environment))
    named(variable.name, `${at}.environment[${i}].name`)
  for (const [secret, i] of objects(container.secrets)) {
    named(secret.name, `${at}.secrets[${i}].name`)
    secretValueProblem(secret, `${at}.secrets[${i}]`, add)
  }
}

function secretValueProblem(secret: JsonObject, at: string, add: Add): void {
  if (secret.valueFrom === undefined) {
    add(`${at}.valueFrom`, 'missing; give the ARN of the secret or SSM parameter the value comes from')
    return
  }
  if (typeof secret.valueFrom !== 'string') return // the type check reports it
  const problem = secretReferenceProblem(secret.valueFrom)
  if (problem) add(`${at}.valueFrom`, `${quote(secret.valueFrom)} ${problem}`)
}

function logProblems(container: JsonObject, at: string, context: ContainerContext, add: Add): void {
  const log = container.logConfiguration
  if (!isObject(log)) return
  const driver = log.logDriver
  const drivers = Object.values(LogDriver) as string[]
  if (driver === undefined)
    add(`${at}.logConfiguration.logDriver`, `missing; use one of ${drivers.join(', ')}`)
  else if (typeof driver === 'string' && !drivers.includes(driver)) {
    const close = sameIgnoringCase(driver, drivers)
    add(
      `${at}.logConfiguration.logDriver`,
      close
        ? `${quote(driver)}: write ${quote(close)} (log driver names are lower case)`
        : `${quote(driver)} is not a log driver; use one of ${drivers.join(', ')}`
    )
  } else if (typeof driver === 'string' && context.fargate && !FARGATE_LOG_DRIVERS.includes(driver))
    add(
      `${at}.logConfiguration.logDriver`,
      `${quote(driver)} is not available on Fargate; use ${FARGATE_LOG_DRIVERS.join(', ')} (awsfirelens forwards to the others)`
    )
  const options = isObject(log.options) ? log.options : {}
  if (
    driver === 'awslogs' &&
    (typeof options['awslogs-group'] !== 'string' || options['awslogs-group'] === '')
  )
    add(
      `${at}.logConfiguration.options.awslogs-group`,
      'missing; the awslogs driver needs the log group to write to, e.g. "awslogs-group": "/ecs/my-service"'
    )
  for (const [secret, i] of objects(log.secretOptions))
    secretValueProblem(secret, `${at}.logConfiguration.secretOptions[${i}]`, add)
}

const PORT_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

function portProblems(container: JsonObject, at: string, add: Add): void {
  const protocols = Object.values(TransportProtocol) as string[]
  const appProtocols = Object.values(ApplicationProtocol) as string[]
  for (const [mapping, m] of objects(container.portMappings)) {
    const path = `${at}.portMappings[${m}]`
    const port = mapping.containerPort
    if (typeof port === 'number' && Number.isInteger(port) && (port < 1 || port > 65535))
      add(`${path}.containerPort`, `${port} is not a port; use 1 to 65535`)
    const host = mapping.hostPort
    if (typeof host === 'number' && Number.isInteger(host) && (host < 0 || host > 65535))
      add(
        `${path}.hostPort`,
        `${host} is not a port; use 0 to 65535 (0 picks a free one on EC2 with bridge networking)`
      )
    enumProblem(mapping.protocol, protocols, `${path}.protocol`, 'lower case', add)
    enumProblem(mapping.appProtocol, appProtocols, `${path}.appProtocol`, 'lower case', add)
    if (typeof mapping.name === 'string' && !PORT_NAME.test(mapping.name))
      add(
        `${path}.name`,
        `${quote(mapping.name)} is not a port name; use up to 64 lower-case letters, digits, _ and -, not starting with -`
      )
  }
}

/** An enum value, with "did you mean" when only the case differs. */
export function enumProblem(
  value: unknown,
  allowed: readonly string[],
  path: string,
  caseWord: string,
  add: Add
): void {
  if (typeof value !== 'string' || allowed.includes(value)) return
  const close = sameIgnoringCase(value, allowed)
  add(
    path,
    close
      ? `${quote(value)}: write ${quote(close)} (ECS's values are ${caseWord})`
      : `${quote(value)} is not one of ${allowed.map(a => quote(a)).join(', ')}`
  )
}

const HEALTH_RANGES: [string, number, number][] = [
  ['interval', 5, 300],
  ['timeout', 2, 120],
  ['retries', 1, 10],
  ['startPeriod', 0, 300]
]

function healthCheckProblems(container: JsonObject, at: string, add: Add): void {
  const check = container.healthCheck
  if (!isObject(check)) return
  const command = check.command
  if (
    Array.isArray(command) &&
    command.length > 0 &&
    !['CMD', 'CMD-SHELL', 'NONE'].includes(String(command[0]))
  )
    add(
      `${at}.healthCheck.command`,
      `starts with ${quote(command[0])}; the first element must be "CMD" (then the program and its arguments) or "CMD-SHELL" (then one shell command), e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]`
    )
  else if (command === undefined) add(`${at}.healthCheck.command`, 'missing; a health check needs a command')
  for (const [key, min, max] of HEALTH_RANGES) {
    const value = check[key]
    if (typeof value === 'number' && (value < min || value > max))
      add(`${at}.healthCheck.${key}`, `${value} is out of range; ECS takes ${min} to ${max}`)
  }
}

function dependencyProblems(container: JsonObject, at: string, context: ContainerContext, add: Add): void {
  const conditions = Object.values(ContainerCondition) as string[]
  for (const [dependency, d] of objects(container.dependsOn)) {
    const path = `${at}.dependsOn[${d}]`
    const name = dependency.containerName
    const target = typeof name === 'string' ? context.containers.get(name) : undefined
    if (typeof name === 'string' && !target)
      add(
        `${path}.containerName`,
        `${quote(name)} is not a container of this task definition; its containers are ${[...context.containers.keys()].map(n => quote(n)).join(', ')}`
      )
    else if (name === container.name) add(`${path}.containerName`, 'a container cannot depend on itself')
    enumProblem(dependency.condition, conditions, `${path}.condition`, 'upper case', add)
    if (!target) continue
    if (dependency.condition === 'HEALTHY' && !isObject(target.healthCheck))
      add(`${path}.condition`, `HEALTHY needs a healthCheck on ${quote(name)}; add one there or use START`)
    if (
      (dependency.condition === 'SUCCESS' || dependency.condition === 'COMPLETE') &&
      target.essential !== false
    )
      add(
        `${path}.condition`,
        `${dependency.condition} waits for ${quote(name)} to exit, so ${quote(name)} must not be essential; set "essential": false on it`
      )
  }
}

function volumeProblems(container: JsonObject, at: string, context: ContainerContext, add: Add): void {
  for (const [mount, m] of objects(container.mountPoints)) {
    const volume = mount.sourceVolume
    if (volume === undefined)
      add(`${at}.mountPoints[${m}].sourceVolume`, 'missing; name a volume from volumes')
    else if (typeof volume === 'string' && !context.volumes.has(volume))
      add(
        `${at}.mountPoints[${m}].sourceVolume`,
        `${quote(volume)} is not in volumes${context.volumes.size > 0 ? ` (${[...context.volumes].map(v => quote(v)).join(', ')})` : ''}; add { "name": ${quote(volume)} } to volumes`
      )
  }
  for (const [from, f] of objects(container.volumesFrom)) {
    const source = from.sourceContainer
    if (typeof source === 'string' && !context.containers.has(source))
      add(
        `${at}.volumesFrom[${f}].sourceContainer`,
        `${quote(source)} is not a container of this task definition`
      )
  }
}

function memoryProblems(container: JsonObject, at: string, add: Add): void {
  const { memory, memoryReservation } = container
  if (typeof memory === 'number' && memory < 6)
    add(`${at}.memory`, `${memory} MiB; a container needs at least 6 MiB (the value is in MiB, e.g. 512)`)
  if (typeof memory === 'number' && typeof memoryReservation === 'number' && memoryReservation > memory)
    add(
      `${at}.memoryReservation`,
      `${memoryReservation} MiB is more than the container's memory limit (${memory} MiB); the reservation must not exceed memory`
    )
}
