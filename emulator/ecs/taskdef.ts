// RegisterTaskDefinition's server-side rules and the task definition ECS stores (pure).
import { AwsError } from '../errors.js'
import { isObject, type Json } from './input.js'
import { checkRegistrationTypes } from './taskdef-types.js'

/** Members DescribeTaskDefinition returns but RegisterTaskDefinition does not accept. */
export const serverOnlyFields = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
]

const familyPattern = /^[a-zA-Z0-9_-]{1,255}$/
const containerNamePattern = /^[a-zA-Z0-9_-]{1,255}$/
/** ECS's characters for an image: letters, digits, - _ : . / # (and @ of a digest). */
const imagePattern = /^[A-Za-z0-9_.:/#@-]+$/
const ecrImagePattern = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\//
/** "Task definition size: 64 KiB", the RegisterTaskDefinition request. */
const maxRequestBytes = 64 * 1024
const compatibilities = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']

function clientError(message: string): AwsError {
  return new AwsError('ClientException', message)
}

/** Task-level cpu/memory accept "1024" or "1 vCPU" / "2 GB"; both end up as CPU units and MiB. */
export function parseTaskSize(value: unknown, unit: 'vcpu' | 'gb'): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const text = String(value).trim()
  const plain = /^\d+$/.exec(text)
  if (plain) return Number(text)
  const pattern = unit === 'vcpu' ? /^(\d+(?:\.\d+)?)\s*vcpu$/i : /^(\d+(?:\.\d+)?)\s*gb$/i
  const scaled = pattern.exec(text)
  if (scaled?.[1] !== undefined) return Math.round(Number(scaled[1]) * 1024)
  return Number.NaN
}

/** Valid Fargate memory sizes (MiB) for a task cpu value, per the ECS developer guide. */
export function fargateMemoryOptions(cpu: number): number[] {
  const range = (from: number, to: number, step: number): number[] => {
    const values: number[] = []
    for (let m = from; m <= to; m += step) values.push(m)
    return values
  }
  switch (cpu) {
    case 256:
      return [512, 1024, 2048]
    case 512:
      return range(1024, 4096, 1024)
    case 1024:
      return range(2048, 8192, 1024)
    case 2048:
      return range(4096, 16384, 1024)
    case 4096:
      return range(8192, 30720, 1024)
    case 8192:
      return range(16384, 61440, 4096)
    case 16384:
      return range(32768, 122880, 8192)
    default:
      return []
  }
}

export function isValidFargateSize(cpu: number | undefined, memory: number | undefined): boolean {
  return cpu !== undefined && memory !== undefined && fargateMemoryOptions(cpu).includes(memory)
}

function containerDefinitions(input: Json): Json[] {
  const raw = input.containerDefinitions
  if (!Array.isArray(raw) || raw.length === 0) {
    throw clientError(
      'Container list cannot be empty. Give containerDefinitions at least one container with a name and an image.'
    )
  }
  if (raw.length > 10) {
    throw clientError(
      `Too many containers: containerDefinitions has ${raw.length}, the limit is 10 per task definition. Split the task or remove containers.`
    )
  }
  return raw.map((item, index) => {
    if (!isObject(item))
      throw clientError(`containerDefinitions[${index}] must be an object with a name and an image.`)
    return item
  })
}

/** Throws the ClientException ECS would for a RegisterTaskDefinition input; returns nothing when it is acceptable. */
export function validateRegistration(input: Json): void {
  checkRegistrationTypes(input)
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8')
  if (bytes > maxRequestBytes)
    throw clientError(`Actual length: '${bytes}'. Max allowed length is '${maxRequestBytes}' bytes.`)
  requestRules(input)
  const serverOnly = serverOnlyFields.filter(field => input[field] !== undefined)
  if (serverOnly.length > 0) {
    throw clientError(
      `Unrecognized field(s) ${serverOnly.join(', ')}: these are set by ECS when it registers a task definition. Remove them from the request.`
    )
  }
  const family = input.family
  if (typeof family !== 'string' || family === '') {
    throw clientError('Family should not be null or empty. Set family to the task definition family name.')
  }
  if (!familyPattern.test(family)) {
    throw clientError(
      `Family contains invalid characters: "${family}". Up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens are allowed.`
    )
  }
  const containers = containerDefinitions(input)
  const seen = new Set<string>()
  containers.forEach((container, index) => {
    const name = container.name
    if (typeof name !== 'string' || name === '') {
      throw clientError(`Container.name should not be null or empty (containerDefinitions[${index}]).`)
    }
    if (typeof container.image !== 'string' || container.image === '') {
      throw clientError(`Container.image should not be null or empty (container '${name}').`)
    }
    if (!containerNamePattern.test(name)) throw clientError('Container.name contains invalid characters.')
    if (container.image.length > 255) throw clientError('Container.image should be 255 characters or less')
    if (!imagePattern.test(container.image)) throw clientError('Container.image contains invalid characters.')
    if (seen.has(name)) {
      throw clientError(
        `Duplicate container name '${name}': container names must be unique within a task definition.`
      )
    }
    seen.add(name)
  })
  containerRules(input, containers)

  const networkMode = typeof input.networkMode === 'string' ? input.networkMode : 'bridge'
  if (networkMode === 'awsvpc') {
    const linked = containers.find(c => Array.isArray(c.links) && c.links.length > 0)
    if (linked) {
      throw clientError(
        `Links are not supported when networkMode=awsvpc (container '${String(linked.name)}'). Containers in an awsvpc task reach each other on localhost; remove links.`
      )
    }
  }

  const cpu = parseTaskSize(input.cpu, 'vcpu')
  const memory = parseTaskSize(input.memory, 'gb')
  if (Number.isNaN(cpu))
    throw clientError(
      `Invalid 'cpu' setting for task: ${JSON.stringify(input.cpu)}. Use CPU units such as "256" or "1 vCPU".`
    )
  if (Number.isNaN(memory)) {
    throw clientError(
      `Invalid 'memory' setting for task: ${JSON.stringify(input.memory)}. Use MiB such as "512" or "2 GB".`
    )
  }

  const requires = Array.isArray(input.requiresCompatibilities) ? input.requiresCompatibilities : []
  if (requires.includes('FARGATE')) {
    if (networkMode !== 'awsvpc') throw clientError('Fargate only supports network mode ‘awsvpc’.')
    if (cpu === undefined) throw clientError("Fargate requires that 'cpu' be defined at the task level.")
    if (memory === undefined)
      throw clientError("Fargate requires that 'memory' be defined at the task level.")
    if (!isValidFargateSize(cpu, memory)) {
      throw clientError(
        `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`
      )
    }
    const awslogs = containers.some(
      c => isObject(c.logConfiguration) && c.logConfiguration.logDriver === 'awslogs'
    )
    const role = typeof input.executionRoleArn === 'string' && input.executionRoleArn !== ''
    if (awslogs && !role) {
      throw clientError(
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.'
      )
    }
    if (!role && containers.some(c => typeof c.image === 'string' && ecrImagePattern.test(c.image)))
      throw clientError('Fargate requires task definition to have execution role ARN to support ECR images.')
  }
  if (memory === undefined) {
    const without = containers.find(c => c.memory === undefined && c.memoryReservation === undefined)
    if (without) {
      throw clientError(
        `Invalid setting for container '${String(without.name)}'. At least one of 'memory' or 'memoryReservation' must be specified.`
      )
    }
  }
}

/** Rules on the request as a whole: compatibilities, tags, ephemeral storage. */
function requestRules(input: Json): void {
  const requires = Array.isArray(input.requiresCompatibilities) ? input.requiresCompatibilities : []
  if (requires.some(c => typeof c !== 'string' || !compatibilities.includes(c)))
    // AWS's constraint wording for an enum member (ECS answers a bad enum value so).
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value '[${requires.map(String).join(', ')}]' at 'requiresCompatibilities' failed to satisfy constraint: ` +
        `Member must satisfy constraint: [Member must satisfy enum value set: [${compatibilities.join(', ')}]]`
    )
  const tags = Array.isArray(input.tags) ? input.tags.filter(isObject) : []
  const reserved = tags.find(t => typeof t.key === 'string' && /^aws:/i.test(t.key))
  // Wording roughly as ECS's tagging errors: the aws: prefix is reserved.
  if (reserved)
    throw new AwsError(
      'InvalidParameterException',
      `Tag keys cannot start with 'aws:'. Invalid tag key: ${String(reserved.key)}`
    )
  if (tags.length > 50)
    throw new AwsError('InvalidParameterException', 'Maximum number of tags per resource is 50.')
  const storage = isObject(input.ephemeralStorage) ? input.ephemeralStorage.sizeInGiB : undefined
  if (typeof storage === 'number' && storage < 21)
    throw clientError('EphemeralStorage size should be at least 21')
  if (typeof storage === 'number' && storage > 200)
    throw clientError('EphemeralStorage size should be at most 200')
}

/** Rules across containers: an essential one, awslogs options, awsvpc ports, dependencies, cpu. */
function containerRules(input: Json, containers: Json[]): void {
  if (containers.every(c => c.essential === false))
    throw clientError("Task definition doesn't have any essential container.")
  for (const c of containers) {
    const log = isObject(c.logConfiguration) ? c.logConfiguration : undefined
    const options = log && isObject(log.options) ? log.options : {}
    if (log?.logDriver === 'awslogs' && typeof options['awslogs-group'] !== 'string')
      throw clientError('Log driver awslogs requires options: awslogs-group')
    if (input.networkMode === 'awsvpc' && Array.isArray(c.portMappings)) {
      const mismatched = c.portMappings.some(
        m => isObject(m) && m.hostPort !== undefined && m.hostPort !== m.containerPort
      )
      if (mismatched)
        throw clientError(
          'When networkMode=awsvpc, the host ports and container ports in port mappings must match.'
        )
    }
    for (const d of Array.isArray(c.dependsOn) ? c.dependsOn.filter(isObject) : []) {
      const target = containers.find(t => t.name === d.containerName)
      if (target && target.essential !== false && (d.condition === 'SUCCESS' || d.condition === 'COMPLETE'))
        throw clientError(
          'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container'
        )
    }
  }
  const taskCpu = parseTaskSize(input.cpu, 'vcpu')
  const containerCpu = containers.reduce((sum, c) => sum + (typeof c.cpu === 'number' ? c.cpu : 0), 0)
  if (taskCpu !== undefined && !Number.isNaN(taskCpu) && containerCpu > taskCpu)
    throw clientError(
      "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."
    )
}

function requiresAttributes(input: Json, containers: Json[]): { name: string }[] {
  const names = new Set<string>(['com.amazonaws.ecs.capability.docker-remote-api.1.18'])
  const ecr = containers.some(
    c => typeof c.image === 'string' && /\.dkr\.ecr\.[^/]+\.amazonaws\.com\//.test(c.image)
  )
  if (ecr) names.add('com.amazonaws.ecs.capability.ecr-auth')
  if (ecr && typeof input.executionRoleArn === 'string') names.add('ecs.capability.execution-role-ecr-pull')
  if (typeof input.taskRoleArn === 'string') names.add('com.amazonaws.ecs.capability.task-iam-role')
  if (input.networkMode === 'awsvpc') names.add('ecs.capability.task-eni')
  for (const c of containers) {
    if (isObject(c.logConfiguration) && c.logConfiguration.logDriver === 'awslogs') {
      names.add('com.amazonaws.ecs.capability.logging-driver.awslogs')
      if (typeof input.executionRoleArn === 'string') names.add('ecs.capability.execution-role-awslogs')
    }
    if (isObject(c.healthCheck)) names.add('ecs.capability.container-health-check')
    if (Array.isArray(c.secrets) && c.secrets.length > 0)
      names.add('ecs.capability.secrets.ssm.environment-variables')
  }
  return [...names].sort().map(name => ({ name }))
}

/** The container definition as ECS stores it: the request plus the defaults ECS fills in. */
function storedContainer(container: Json, networkMode: string): Json {
  const portMappings = Array.isArray(container.portMappings) ? container.portMappings : []
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings: portMappings.map(mapping => {
      if (!isObject(mapping)) return mapping
      const hostPort =
        mapping.hostPort ??
        (networkMode === 'awsvpc' || networkMode === 'host' ? mapping.containerPort : undefined)
      return {
        ...mapping,
        ...(hostPort !== undefined ? { hostPort } : {}),
        protocol: mapping.protocol ?? 'tcp'
      }
    }),
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? []
  }
}

export interface Registration {
  arn: string
  revision: number
  registeredAt: number // epoch seconds
  registeredBy: string
}

/** The taskDefinition object that RegisterTaskDefinition and DescribeTaskDefinition return (no tags). */
export function buildTaskDefinition(input: Json, registration: Registration): Json {
  const rest: Json = { ...input }
  delete rest.tags // a request member, not part of the task definition
  const networkMode = typeof input.networkMode === 'string' ? input.networkMode : 'bridge'
  const containers = containerDefinitions(input)
  const compatibilities = ['EC2']
  const cpu = parseTaskSize(input.cpu, 'vcpu')
  const memory = parseTaskSize(input.memory, 'gb')
  if (networkMode === 'awsvpc' && isValidFargateSize(cpu, memory)) compatibilities.push('FARGATE')
  const stored: Json = {
    taskDefinitionArn: registration.arn,
    ...rest,
    containerDefinitions: containers.map(c => storedContainer(c, networkMode)),
    networkMode,
    revision: registration.revision,
    volumes: input.volumes ?? [],
    status: 'ACTIVE',
    requiresAttributes: requiresAttributes(input, containers),
    placementConstraints: input.placementConstraints ?? [],
    compatibilities,
    registeredAt: registration.registeredAt,
    registeredBy: registration.registeredBy
  }
  // ECS keeps task-level sizes as the plain numbers it was given ("1 vCPU" is stored as "1024").
  if (cpu !== undefined) stored.cpu = String(cpu)
  if (memory !== undefined) stored.memory = String(memory)
  return stored
}
