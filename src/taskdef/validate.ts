// Validation: what RegisterTaskDefinition or the first deployment would reject, found before any AWS call.
import { ContainerDefinition$, RegisterTaskDefinitionRequest$ } from './ecs-model.js'
import { containerProblems, type ContainerContext } from './containers.js'
import { imageProblems, pullsFromEcr, type ImageTarget } from './images.js'
import { requiresFargate, taskProblems } from './rules.js'
import { isObject, type JsonObject } from './types.js'
import { quote, sameIgnoringCase } from './words.js'

export const MAX_CONTAINERS = 10
const NAME = /^[A-Za-z0-9_-]{1,255}$/

/**
 * Member names of a request structure, read from the SDK's model as ecs-schema.ts holds it (generated, and checked
 * against the SDK by its test): [kind, namespace, name, traits, memberNames, memberSchemas].
 */
function memberNames(schema: unknown): ReadonlySet<string> {
  const names = Array.isArray(schema) ? schema[4] : undefined
  if (!Array.isArray(names) || names.length === 0 || !names.every(n => typeof n === 'string'))
    throw new Error('internal error: ecs-schema.ts does not hold member names; run npm run ecs-schema.')
  return new Set(names as string[])
}

/** Fields RegisterTaskDefinition accepts at the top level. */
export const TASK_DEFINITION_FIELDS = memberNames(RegisterTaskDefinitionRequest$)

/** Fields a container definition accepts. */
export const CONTAINER_DEFINITION_FIELDS = memberNames(ContainerDefinition$)

/**
 * Everything wrong with a (cleaned) task definition, each problem starting with the field path,
 * e.g. `containerDefinitions[1].name: ...`. Empty when the task definition looks registrable. With the target
 * (the container the action fills in, and the image when known) the other containers' images are checked too.
 */
export function validateTaskDefinition(td: JsonObject, target?: ImageTarget): string[] {
  const problems: string[] = []
  const add = (path: string, message: string): void => {
    problems.push(`${path}: ${message}`)
  }

  for (const key of Object.keys(td)) {
    if (!TASK_DEFINITION_FIELDS.has(key)) add(key, notAField(key, TASK_DEFINITION_FIELDS, 'task definition'))
  }

  if (td.family === undefined)
    add(
      'family',
      'missing; every task definition needs a family name (letters, numbers, hyphens and underscores)'
    )
  else if (typeof td.family !== 'string' || !NAME.test(td.family))
    add(
      'family',
      `${quote(td.family)} is not a valid family name; use up to 255 letters, numbers, hyphens and underscores`
    )

  const fargate = requiresFargate(td)
  const networkMode = td.networkMode
  const awsvpc = networkMode === 'awsvpc'
  const taskMemory = td.memory === undefined ? undefined : memoryMiB(td.memory)

  const containers = td.containerDefinitions
  if (!Array.isArray(containers) || containers.length === 0) {
    add(
      'containerDefinitions',
      'missing or empty; a task definition needs at least one container with a name and an image'
    )
  } else {
    if (containers.length > MAX_CONTAINERS)
      add(
        'containerDefinitions',
        `${containers.length} containers; a task definition may have at most ${MAX_CONTAINERS}`
      )
    const seen = new Map<string, number>()
    const context: ContainerContext = {
      fargate,
      networkMode: typeof networkMode === 'string' ? networkMode : undefined,
      containers: new Map(
        containers.flatMap(c => (isObject(c) && typeof c.name === 'string' ? [[c.name, c] as const] : []))
      ),
      volumes: new Set(
        (Array.isArray(td.volumes) ? td.volumes : []).flatMap(v =>
          isObject(v) && typeof v.name === 'string' ? [v.name] : []
        )
      )
    }
    containers.forEach((container, index) => {
      const at = `containerDefinitions[${index}]`
      if (!isObject(container)) {
        add(at, 'expected an object with name and image')
        return
      }
      for (const key of Object.keys(container)) {
        if (!CONTAINER_DEFINITION_FIELDS.has(key))
          add(`${at}.${key}`, notAField(key, CONTAINER_DEFINITION_FIELDS, 'container definition'))
      }
      const name = container.name
      if (typeof name !== 'string' || name === '') add(`${at}.name`, 'missing; every container needs a name')
      else if (!NAME.test(name))
        add(
          `${at}.name`,
          `${quote(name)} is not valid; use up to 255 letters, numbers, hyphens and underscores`
        )
      else if (seen.has(name))
        add(
          `${at}.name`,
          `${quote(name)} is already the name of containerDefinitions[${seen.get(name)}]; container names must be unique`
        )
      else seen.set(name, index)
      if (typeof container.image !== 'string' || container.image === '')
        add(`${at}.image`, 'missing; every container needs an image')
      // Container sizes and ports are integers in the API ("512" in quotes is rejected, unlike task-level cpu/memory).
      for (const key of ['cpu', 'memory', 'memoryReservation'])
        if (container[key] !== undefined && !Number.isInteger(container[key]))
          add(
            `${at}.${key}`,
            `${quote(container[key])} must be a whole number (MiB or CPU units, without quotes)`
          )
      if (Array.isArray(container.portMappings))
        container.portMappings.forEach((mapping, m) => {
          for (const key of ['containerPort', 'hostPort'])
            if (isObject(mapping) && mapping[key] !== undefined && !Number.isInteger(mapping[key]))
              add(
                `${at}.portMappings[${m}].${key}`,
                `${quote(mapping[key])} must be a port number, without quotes`
              )
        })

      containerProblems(container, at, context, add)
      if (
        !fargate &&
        taskMemory === undefined &&
        container.memory === undefined &&
        container.memoryReservation === undefined
      )
        add(
          `${at}.memory`,
          'no memory for this container and none for the task; on EC2 set the task memory or memory/memoryReservation of each container'
        )

      if (awsvpc && container.links !== undefined)
        add(
          `${at}.links`,
          'links are not supported with networkMode awsvpc; remove them (containers of a task reach each other on localhost)'
        )
      if (awsvpc && Array.isArray(container.portMappings)) {
        container.portMappings.forEach((mapping, m) => {
          if (
            isObject(mapping) &&
            mapping.hostPort !== undefined &&
            mapping.containerPort !== undefined &&
            mapping.hostPort !== mapping.containerPort
          )
            add(
              `${at}.portMappings[${m}].hostPort`,
              `${String(mapping.hostPort)} differs from containerPort ${String(mapping.containerPort)}; with networkMode awsvpc they must be equal (or leave hostPort out)`
            )
        })
      }
    })
  }

  if (td.cpu !== undefined && cpuUnits(td.cpu) === undefined)
    add('cpu', `${quote(td.cpu)} is not a CPU size; write CPU units ("1024") or vCPUs ("1 vCPU")`)
  if (td.memory !== undefined && taskMemory === undefined)
    add('memory', `${quote(td.memory)} is not a memory size; write MiB ("2048") or GB ("2 GB")`)

  if (fargate) {
    if (networkMode !== 'awsvpc')
      add(
        'networkMode',
        `${networkMode === undefined ? 'missing' : quote(networkMode)}; Fargate (requiresCompatibilities FARGATE) needs "awsvpc"`
      )
    problems.push(...fargateSizeProblems(td.cpu, td.memory))
  }
  taskProblems(td, add, { pullsFromEcr: target ? pullsFromEcr(td, target) : false })
  if (target) problems.push(...imageProblems(td, target))
  return problems
}

/** CloudFormation templates spell fields in PascalCase (Essential, PortMappings): say which field was meant. */
function notAField(key: string, fields: ReadonlySet<string>, kind: string): string {
  const close = sameIgnoringCase(key, [...fields])
  return close
    ? `field ${key} is not a ${kind} field; did you mean ${close}? (field names are case-sensitive)`
    : `field ${key} is not a ${kind} field; remove it`
}

function fargateSizeProblems(cpuValue: unknown, memoryValue: unknown): string[] {
  if (cpuValue === undefined || memoryValue === undefined)
    return [
      `${cpuValue === undefined ? 'cpu' : 'memory'}: missing; Fargate needs task-level cpu and memory, e.g. "cpu": "256", "memory": "512"`
    ]
  const cpu = cpuUnits(cpuValue)
  const memory = memoryMiB(memoryValue)
  if (cpu === undefined || memory === undefined) return [] // already reported as unreadable
  const options = fargateMemoryOptions(cpu)
  if (options.length === 0)
    return [
      `cpu: ${cpu} CPU units is not a Fargate size; use ${FARGATE_SIZES.map(s => s.cpu).join(', ')} (.25 to 16 vCPU)`
    ]
  if (!options.includes(memory))
    return [
      `memory: ${memory} MiB does not fit cpu ${cpu} on Fargate; with cpu ${cpu} use ${describeOptions(cpu)}`
    ]
  return []
}

/** Fargate's task sizes: CPU units → memory from..to MiB in steps. */
const FARGATE_SIZES = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, from: 1024, to: 4096, step: 1024 },
  { cpu: 1024, from: 2048, to: 8192, step: 1024 },
  { cpu: 2048, from: 4096, to: 16384, step: 1024 },
  { cpu: 4096, from: 8192, to: 30720, step: 1024 },
  { cpu: 8192, from: 16384, to: 61440, step: 4096 },
  { cpu: 16384, from: 32768, to: 122880, step: 8192 }
] as const

/** Valid Fargate task memory (MiB) for a task CPU (units); empty when the CPU is not a Fargate size. */
export function fargateMemoryOptions(cpu: number): number[] {
  const size = FARGATE_SIZES.find(s => s.cpu === cpu)
  if (!size) return []
  if ('memory' in size) return [...size.memory]
  const out: number[] = []
  for (let m = size.from; m <= size.to; m += size.step) out.push(m)
  return out
}

function describeOptions(cpu: number): string {
  const size = FARGATE_SIZES.find(s => s.cpu === cpu)
  if (!size) return ''
  if ('memory' in size)
    return `memory ${size.memory.slice(0, -1).join(', ')} or ${size.memory[size.memory.length - 1]}`
  return `memory from ${size.from} to ${size.to} in steps of ${size.step}`
}

/** Task CPU in units: 1024, "1024", "1 vCPU", ".25 vcpu". undefined when unreadable. */
export function cpuUnits(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(vcpu)?\s*$/i.exec(value)
  if (!match) return undefined
  const n = Number(match[1])
  const units = match[2] ? n * 1024 : n
  return Number.isInteger(units) && units > 0 ? units : undefined
}

/** Task memory in MiB: 2048, "2048", "2 GB", "2GB". undefined when unreadable. */
export function memoryMiB(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(gb)?\s*$/i.exec(value)
  if (!match) return undefined
  const n = Number(match[1])
  const mib = match[2] ? n * 1024 : n
  return Number.isInteger(mib) && mib > 0 ? mib : undefined
}
