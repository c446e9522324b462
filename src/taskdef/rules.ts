// Task-level rules ECS applies at registration: launch types, network and process modes, roles, the execution
// role that logs, secrets and private images need, storage, and container sizes against the task's.
import { Compatibility, CPUArchitecture, IpcMode, NetworkMode, OSFamily, PidMode } from './ecs-model.js'
import { roleProblem } from './arns.js'
import { enumProblem } from './containers.js'
import { isObject, type JsonObject } from './types.js'
import { quote } from './words.js'

type Add = (path: string, message: string) => void

const containersOf = (td: JsonObject): JsonObject[] =>
  Array.isArray(td.containerDefinitions) ? td.containerDefinitions.filter(isObject) : []

/** requiresCompatibilities names FARGATE in any case (the case itself is reported as a problem). */
export function requiresFargate(td: JsonObject): boolean {
  return (
    Array.isArray(td.requiresCompatibilities) &&
    td.requiresCompatibilities.some(c => typeof c === 'string' && c.toUpperCase() === 'FARGATE')
  )
}

/** What the run adds to the file: whether a container's image comes from ECR (the execution role pulls it on Fargate). */
export interface TaskContext {
  pullsFromEcr?: boolean
}

export function taskProblems(td: JsonObject, add: Add, context: TaskContext = {}): void {
  const fargate = requiresFargate(td)
  if (Array.isArray(td.requiresCompatibilities))
    td.requiresCompatibilities.forEach((value, i) =>
      enumProblem(value, Object.values(Compatibility), `requiresCompatibilities[${i}]`, 'upper case', add)
    )
  enumProblem(td.networkMode, Object.values(NetworkMode), 'networkMode', 'lower case', add)
  enumProblem(td.pidMode, Object.values(PidMode), 'pidMode', 'lower case', add)
  enumProblem(td.ipcMode, Object.values(IpcMode), 'ipcMode', 'lower case', add)
  if (isObject(td.runtimePlatform)) {
    enumProblem(
      td.runtimePlatform.cpuArchitecture,
      Object.values(CPUArchitecture),
      'runtimePlatform.cpuArchitecture',
      'upper case',
      add
    )
    enumProblem(
      td.runtimePlatform.operatingSystemFamily,
      Object.values(OSFamily),
      'runtimePlatform.operatingSystemFamily',
      'upper case',
      add
    )
  }
  if (fargate && td.ipcMode !== undefined) add('ipcMode', 'Fargate does not support ipcMode; remove it')
  if (fargate && td.pidMode !== undefined && td.pidMode !== 'task')
    add('pidMode', `${quote(td.pidMode)}; Fargate supports only "task"`)

  for (const key of ['taskRoleArn', 'executionRoleArn'] as const) {
    const value = td[key]
    const problem = typeof value === 'string' ? roleProblem(value) : undefined
    if (problem) add(key, `${quote(value)} ${problem}`)
  }
  executionRoleProblems(td, fargate, context, add)
  essentialProblems(td, add)
  storageProblems(td, fargate, add)
  sizeProblems(td, add)
}

function executionRoleProblems(td: JsonObject, fargate: boolean, context: TaskContext, add: Add): void {
  if (typeof td.executionRoleArn === 'string' && td.executionRoleArn !== '') return
  const containers = containersOf(td)
  const needs: string[] = []
  if (fargate && context.pullsFromEcr) needs.push('on Fargate ECS pulls images from ECR with it')
  if (
    fargate &&
    containers.some(c => isObject(c.logConfiguration) && c.logConfiguration.logDriver === 'awslogs')
  )
    needs.push('on Fargate the awslogs log driver writes with it')
  const secrets = containers.some(
    c =>
      (Array.isArray(c.secrets) && c.secrets.length > 0) ||
      (isObject(c.logConfiguration) &&
        Array.isArray(c.logConfiguration.secretOptions) &&
        c.logConfiguration.secretOptions.length > 0)
  )
  if (secrets) needs.push('ECS reads secrets (secrets, secretOptions) with it')
  if (containers.some(c => isObject(c.repositoryCredentials)))
    needs.push('ECS reads repositoryCredentials with it')
  if (containers.some(c => Array.isArray(c.environmentFiles) && c.environmentFiles.length > 0))
    needs.push('ECS downloads environmentFiles from S3 with it')
  if (needs.length > 0)
    add(
      'executionRoleArn',
      `missing; ${needs.join(', ')}. Add "executionRoleArn": "arn:aws:iam::ACCOUNT:role/ecsTaskExecutionRole" (a role with the AmazonECSTaskExecutionRolePolicy)`
    )
}

function essentialProblems(td: JsonObject, add: Add): void {
  const containers = containersOf(td)
  if (containers.length > 0 && containers.every(c => c.essential === false))
    add(
      'containerDefinitions',
      'no container is essential (every one has "essential": false); ECS needs at least one: set "essential": true on the main container (or leave essential out, which means true)'
    )
}

function storageProblems(td: JsonObject, fargate: boolean, add: Add): void {
  const size = isObject(td.ephemeralStorage) ? td.ephemeralStorage.sizeInGiB : undefined
  if (typeof size === 'number' && (size < 21 || size > 200))
    add(
      'ephemeralStorage.sizeInGiB',
      `${size} GiB is out of range; ECS takes 21 to 200 GiB (leave ephemeralStorage out for the default 20 GiB)`
    )
  if (!Array.isArray(td.volumes)) return
  const names = new Map<string, number>()
  td.volumes.forEach((volume, v) => {
    if (!isObject(volume)) return
    const name = volume.name
    if (typeof name === 'string') {
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
        add(
          `volumes[${v}].name`,
          `${quote(name)} is not a volume name; use up to 255 letters, digits, hyphens and underscores`
        )
      const first = names.get(name)
      if (first !== undefined)
        add(`volumes[${v}].name`, `${quote(name)} is already the name of volumes[${first}]`)
      else names.set(name, v)
    } else if (name === undefined)
      add(`volumes[${v}].name`, 'missing; mountPoints refer to a volume by its name')
    if (fargate && isObject(volume.host) && volume.host.sourcePath !== undefined)
      add(
        `volumes[${v}].host.sourcePath`,
        'Fargate has no host paths; remove sourcePath (an empty host volume is task storage) or use efsVolumeConfiguration'
      )
  })
}

/** Task-level cpu/memory as numbers, when readable. */
const taskSize = (value: unknown, perUnit: number, unit: RegExp): number | undefined => {
  if (typeof value === 'number') return value
  if (typeof value !== 'string') return undefined
  const match = new RegExp(`^\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(${unit.source})?\\s*$`, 'i').exec(value)
  if (!match) return undefined
  return match[2] ? Number(match[1]) * perUnit : Number(match[1])
}

function sizeProblems(td: JsonObject, add: Add): void {
  const containers = containersOf(td)
  const cpu = taskSize(td.cpu, 1024, /vcpu/)
  const memory = taskSize(td.memory, 1024, /gb/)
  const total = (pick: (c: JsonObject) => unknown): number =>
    containers.reduce((sum, c) => sum + (typeof pick(c) === 'number' ? (pick(c) as number) : 0), 0)
  const cpus = total(c => c.cpu)
  if (cpu !== undefined && cpus > cpu)
    add(
      'containerDefinitions',
      `the containers' cpu adds up to ${cpus} units, more than the task's cpu (${cpu}); lower the containers' cpu or raise the task's`
    )
  if (memory === undefined) return
  containers.forEach((c, i) => {
    if (typeof c.memory === 'number' && c.memory > memory)
      add(
        `containerDefinitions[${i}].memory`,
        `${c.memory} MiB is more than the task's memory (${memory} MiB); a container cannot have more memory than its task`
      )
  })
  const reserved = total(c => c.memoryReservation ?? c.memory)
  if (reserved > memory && containers.every(c => typeof c.memory !== 'number' || c.memory <= memory))
    add(
      'containerDefinitions',
      `the containers reserve ${reserved} MiB (memoryReservation, or memory where no reservation is set), more than the task's memory (${memory} MiB)`
    )
}
