// Comparing task definitions: what changed (for the job summary), and whether a revision is identical
// to the one the service runs (so a re-run does not register it again).
import { cleanTaskDefinition } from './clean.js'
import { asRecord, isObject, type AnyTaskDefinition, type JsonObject } from './types.js'
import { cpuUnits, memoryMiB } from './validate.js'

/**
 * A task definition reduced to what the user decides: server-side fields, empty values and the
 * defaults ECS fills in (container cpu 0, essential true, protocol tcp, hostPort = containerPort
 * in awsvpc/host mode, enableFaultInjection false) are gone; units, role names and list order are canonical.
 */
export function normalizeTaskDefinition(td: AnyTaskDefinition): JsonObject {
  const { definition } = cleanTaskDefinition(asRecord(structuredClone(td)))
  const out: JsonObject = { ...definition }
  if (out.enableFaultInjection === false) delete out.enableFaultInjection
  if (out.cpu !== undefined) out.cpu = String(cpuUnits(out.cpu) ?? out.cpu)
  if (out.memory !== undefined) out.memory = String(memoryMiB(out.memory) ?? out.memory)
  const fargate =
    Array.isArray(out.requiresCompatibilities) && out.requiresCompatibilities.includes('FARGATE')
  if (out.networkMode === undefined && !fargate) out.networkMode = 'bridge'
  for (const key of ['taskRoleArn', 'executionRoleArn']) {
    if (typeof out[key] === 'string') out[key] = roleName(out[key])
  }
  if (Array.isArray(out.requiresCompatibilities))
    out.requiresCompatibilities = [...out.requiresCompatibilities].sort()
  const sameHostPort = out.networkMode === 'awsvpc' || out.networkMode === 'host'
  if (Array.isArray(out.containerDefinitions))
    out.containerDefinitions = out.containerDefinitions.map(c =>
      isObject(c) ? normalizeContainer(c, sameHostPort, out.networkMode === 'bridge') : c
    )
  return out
}

function normalizeContainer(container: JsonObject, sameHostPort: boolean, bridge: boolean): JsonObject {
  const out: JsonObject = { ...container }
  if (out.cpu === 0) delete out.cpu
  if (out.essential === true) delete out.essential
  for (const key of ['environment', 'secrets']) {
    if (Array.isArray(out[key]))
      out[key] = [...(out[key] as unknown[])].sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
  }
  if (Array.isArray(out.portMappings)) {
    out.portMappings = out.portMappings.map(m => {
      if (!isObject(m)) return m
      const mapping: JsonObject = { ...m }
      if (mapping.protocol === 'tcp') delete mapping.protocol
      if (sameHostPort && mapping.hostPort === mapping.containerPort) delete mapping.hostPort
      // In bridge mode no hostPort and hostPort 0 both mean a dynamic host port.
      if (bridge && mapping.hostPort === 0) delete mapping.hostPort
      return mapping
    })
  }
  return out
}

/** True when registering `rendered` would only repeat `current` (DescribeTaskDefinition's output). */
export function taskDefinitionsEqual(rendered: AnyTaskDefinition, current: AnyTaskDefinition): boolean {
  return deepEqual(normalizeTaskDefinition(rendered), normalizeTaskDefinition(current))
}

/** What changes from `before` (the service's task definition) to `after` (the rendered one), one line each. Never shows secret values. */
export function diffTaskDefinitions(before: AnyTaskDefinition, after: AnyTaskDefinition): string[] {
  const a = normalizeTaskDefinition(before)
  const b = normalizeTaskDefinition(after)
  const changes: string[] = []

  const shown = new Set(['containerDefinitions', 'cpu', 'memory', 'taskRoleArn', 'executionRoleArn'])
  const change = (label: string, from: unknown, to: unknown): void => {
    if (!deepEqual(from, to)) changes.push(`${label}: ${show(from)} → ${show(to)}`)
  }
  change('Task CPU', a.cpu, b.cpu)
  change('Task memory', a.memory, b.memory)
  change('Task role', a.taskRoleArn, b.taskRoleArn)
  change('Execution role', a.executionRoleArn, b.executionRoleArn)

  const beforeContainers = containersByName(a)
  const afterContainers = containersByName(b)
  for (const name of beforeContainers.keys())
    if (!afterContainers.has(name)) changes.push(`Container ${name} removed`)
  for (const [name, next] of afterContainers) {
    const prev = beforeContainers.get(name)
    if (!prev) {
      changes.push(`Container ${name} added (image ${show(next.image)})`)
      continue
    }
    changes.push(...containerChanges(name, prev, next))
  }

  const other = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter(k => !shown.has(k) && !deepEqual(a[k], b[k]))
    .sort()
  if (other.length > 0) changes.push(`Also changed: ${other.join(', ')}`)
  return changes
}

function containerChanges(name: string, a: JsonObject, b: JsonObject): string[] {
  const changes: string[] = []
  const change = (label: string, from: unknown, to: unknown): void => {
    if (!deepEqual(from, to)) changes.push(`${label} of ${name}: ${show(from)} → ${show(to)}`)
  }
  change('Image', a.image, b.image)
  change('CPU', a.cpu ?? 0, b.cpu ?? 0)
  change('Memory', a.memory, b.memory)
  change('Memory reservation', a.memoryReservation, b.memoryReservation)
  if (!deepEqual(a.portMappings, b.portMappings))
    changes.push(`Ports of ${name}: ${ports(a.portMappings)} → ${ports(b.portMappings)}`)
  change('Command', a.command, b.command)
  change('Entry point', a.entryPoint, b.entryPoint)

  const envA = pairs(a.environment)
  const envB = pairs(b.environment)
  const env: string[] = []
  for (const [key, value] of envB) {
    if (!envA.has(key)) env.push(`added ${key}=${value}`)
    else if (envA.get(key) !== value) env.push(`changed ${key}: ${envA.get(key)} → ${value}`)
  }
  for (const key of envA.keys()) if (!envB.has(key)) env.push(`removed ${key}`)
  if (env.length > 0) changes.push(`Environment of ${name}: ${env.join('; ')}`)

  // Secrets: names only. valueFrom is a reference, but what it points to is none of the log's business.
  const secA = pairs(a.secrets, 'valueFrom')
  const secB = pairs(b.secrets, 'valueFrom')
  const sec: string[] = []
  for (const key of secB.keys()) {
    if (!secA.has(key)) sec.push(`added ${key}`)
    else if (secA.get(key) !== secB.get(key)) sec.push(`${key} now comes from another secret`)
  }
  for (const key of secA.keys()) if (!secB.has(key)) sec.push(`removed ${key}`)
  if (sec.length > 0) changes.push(`Secrets of ${name}: ${sec.join('; ')}`)

  const handled = new Set([
    'name',
    'image',
    'cpu',
    'memory',
    'memoryReservation',
    'portMappings',
    'command',
    'entryPoint',
    'environment',
    'secrets'
  ])
  const other = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter(k => !handled.has(k) && !deepEqual(a[k], b[k]))
    .sort()
  if (other.length > 0) changes.push(`Also changed in ${name}: ${other.join(', ')}`)
  return changes
}

function containersByName(td: JsonObject): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>()
  if (Array.isArray(td.containerDefinitions))
    for (const c of td.containerDefinitions) if (isObject(c) && typeof c.name === 'string') map.set(c.name, c)
  return map
}

function pairs(list: unknown, valueKey = 'value'): Map<string, string> {
  const map = new Map<string, string>()
  if (Array.isArray(list))
    for (const item of list)
      if (isObject(item) && typeof item.name === 'string') map.set(item.name, String(item[valueKey] ?? ''))
  return map
}

function ports(list: unknown): string {
  if (!Array.isArray(list) || list.length === 0) return 'none'
  return list
    .map(m => {
      if (!isObject(m)) return '?'
      const host = m.hostPort !== undefined ? `${String(m.hostPort)}:` : ''
      return `${host}${String(m.containerPort)}/${String(m.protocol ?? 'tcp')}`
    })
    .join(', ')
}

function nameOf(item: unknown): string {
  return isObject(item) && typeof item.name === 'string' ? item.name : ''
}

function roleName(arn: string): string {
  return arn.startsWith('arn:') ? arn.slice(arn.lastIndexOf('/') + 1) : arn
}

function show(value: unknown): string {
  if (value === undefined) return '(none)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => deepEqual(item, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    if (keys.length !== Object.keys(b).length) return false
    return keys.every(k => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}
