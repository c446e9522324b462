// Per-environment overrides: what the inputs change in the named containers and in the task, decided as pure
// functions. Parsing turns each input's lines into typed values (or problems that name the input and line);
// applying returns a new task definition and one line per change, for the log and the summary.
import type { ContainerDefinition, KeyValuePair, Secret } from '@aws-sdk/client-ecs'
import { TaskDefinitionError, type TaskDefinitionDocument } from './types.js'

/** One `NAME=value` line of a multi-line input; the value is everything after the first `=`. */
export interface NamedValue {
  name: string
  value: string
}

/** What the override inputs ask for; absent or empty members change nothing. */
export interface TaskDefinitionOverrides {
  environment: NamedValue[]
  /** NAME=valueFrom: a Secrets Manager ARN (optionally with a JSON key), an SSM parameter ARN or name. */
  secrets: NamedValue[]
  /** S3 object ARNs of .env files. */
  environmentFiles: string[]
  command?: string[]
  dockerLabels: NamedValue[]
  logDriver?: string
  logOptions: NamedValue[]
  taskRoleArn?: string
  executionRoleArn?: string
  /** Task-level cpu units and memory (MiB), as ECS takes them: strings. */
  cpu?: string
  memory?: string
}

export function noOverrides(): TaskDefinitionOverrides {
  return { environment: [], secrets: [], environmentFiles: [], dockerLabels: [], logOptions: [] }
}

export interface ParsedLines {
  values: NamedValue[]
  problems: string[]
}

/**
 * Reads `NAME=value` lines (blank lines and lines starting with # are skipped). The value keeps everything after
 * the first `=`, including further `=` and spaces inside it; the name must match `namePattern`.
 */
export function parseNamedLines(
  input: string,
  raw: string,
  namePattern: RegExp,
  nameRule: string
): ParsedLines {
  const values: NamedValue[] = []
  const problems: string[] = []
  const seen = new Map<string, number>()
  raw.split(/\r?\n/).forEach((line, i) => {
    const text = line.trim()
    if (text === '' || text.startsWith('#')) return
    const at = text.indexOf('=')
    const where = `${input} line ${i + 1}`
    if (at <= 0) {
      problems.push(`${where} is "${text}"; write NAME=value, one per line.`)
      return
    }
    const name = text.slice(0, at).trim()
    const value = text.slice(at + 1).trim()
    if (!namePattern.test(name)) {
      problems.push(`${where}: "${name}" is not a valid name; ${nameRule}.`)
      return
    }
    const earlier = seen.get(name)
    if (earlier !== undefined) {
      problems.push(`${where} sets ${name} again (line ${earlier}); give each name once.`)
      return
    }
    seen.set(name, i + 1)
    values.push({ name, value })
  })
  return { values, problems }
}

/** Upserts name/value pairs into a list of ECS pairs, keeping the list's order and appending new names. */
function upsert<T extends { name?: string }>(
  list: readonly T[] | undefined,
  updates: readonly NamedValue[],
  make: (u: NamedValue) => T,
  valueOf: (item: T) => string | undefined,
  describe: (name: string, before: string | undefined, after: string) => string
): { list: T[]; changes: string[] } {
  const out = [...(list ?? [])]
  const changes: string[] = []
  for (const update of updates) {
    const index = out.findIndex(item => item.name === update.name)
    const before = index >= 0 ? valueOf(out[index]!) : undefined
    if (before === update.value) continue
    if (index >= 0) out[index] = make(update)
    else out.push(make(update))
    changes.push(describe(update.name, before, update.value))
  }
  return { list: out, changes }
}

function upsertRecord(
  record: Record<string, string> | undefined,
  updates: readonly NamedValue[],
  what: string
): { record: Record<string, string>; changes: string[] } {
  const out = { ...(record ?? {}) }
  const changes: string[] = []
  for (const { name, value } of updates) {
    if (out[name] === value) continue
    changes.push(
      out[name] === undefined ? `${what} ${name}=${value} added` : `${what} ${name}: ${out[name]} → ${value}`
    )
    out[name] = value
  }
  return { record: out, changes }
}

/** Applies the container-level overrides to one container; returns the new container and what changed. */
function overrideContainer(
  container: ContainerDefinition,
  o: TaskDefinitionOverrides
): { container: ContainerDefinition; changes: string[] } {
  const next: ContainerDefinition = { ...container }
  const changes: string[] = []
  if (o.environment.length > 0) {
    const r = upsert<KeyValuePair>(
      next.environment,
      o.environment,
      u => ({ name: u.name, value: u.value }),
      item => item.value,
      (name, before, after) =>
        before === undefined
          ? `environment ${name}=${after} added`
          : `environment ${name}: ${before} → ${after}`
    )
    next.environment = r.list
    changes.push(...r.changes)
  }
  if (o.secrets.length > 0) {
    // A secret's valueFrom names where the value is, never the value itself: showing it is safe.
    const r = upsert<Secret>(
      next.secrets,
      o.secrets,
      u => ({ name: u.name, valueFrom: u.value }),
      item => item.valueFrom,
      (name, before, after) =>
        before === undefined
          ? `secret ${name} from ${after} added`
          : `secret ${name}: from ${before} → ${after}`
    )
    next.secrets = r.list
    changes.push(...r.changes)
  }
  if (o.environmentFiles.length > 0) {
    const existing = next.environmentFiles ?? []
    const added = o.environmentFiles.filter(arn => !existing.some(f => f.value === arn))
    next.environmentFiles = [...existing, ...added.map(value => ({ value, type: 's3' as const }))]
    changes.push(...added.map(arn => `environment file ${arn} added`))
  }
  if (o.command && JSON.stringify(o.command) !== JSON.stringify(next.command)) {
    changes.push(`command: ${JSON.stringify(next.command ?? [])} → ${JSON.stringify(o.command)}`)
    next.command = [...o.command]
  }
  if (o.dockerLabels.length > 0) {
    const r = upsertRecord(next.dockerLabels, o.dockerLabels, 'docker label')
    next.dockerLabels = r.record
    changes.push(...r.changes)
  }
  if (o.logDriver || o.logOptions.length > 0) {
    const current = next.logConfiguration
    const driver = o.logDriver ?? current?.logDriver
    if (!driver)
      throw new TaskDefinitionError(
        `log-configuration-options: container "${container.name}" has no logConfiguration to add options to; set log-configuration-log-driver too (e.g. awslogs).`
      )
    // A new driver starts from its own options: the old driver's options mean nothing to it.
    const sameDriver = driver === current?.logDriver
    const base = sameDriver ? current?.options : undefined
    const r = upsertRecord(base, o.logOptions, 'log option')
    if (!sameDriver) changes.push(`log driver: ${current?.logDriver ?? '(none)'} → ${driver}`)
    changes.push(...r.changes)
    next.logConfiguration = {
      ...(sameDriver ? current : {}),
      logDriver: driver as NonNullable<ContainerDefinition['logConfiguration']>['logDriver'],
      options: r.record
    }
  }
  return { container: next, changes: changes.map(c => `container ${container.name}: ${c}`) }
}

/**
 * The task definition with the overrides applied to the named containers and to the task; the input is left as
 * it was. `containers` must name containers that exist (render checks container-name first).
 */
export function applyOverrides(
  td: TaskDefinitionDocument,
  containers: readonly string[],
  o: TaskDefinitionOverrides
): { definition: TaskDefinitionDocument; changes: string[] } {
  const copy = structuredClone(td)
  const changes: string[] = []
  copy.containerDefinitions = (copy.containerDefinitions ?? []).map(c => {
    if (!containers.includes(c.name ?? '')) return c
    const r = overrideContainer(c, o)
    changes.push(...r.changes)
    return r.container
  })
  const task: [keyof TaskDefinitionDocument & string, string | undefined, string][] = [
    ['taskRoleArn', o.taskRoleArn, 'task role'],
    ['executionRoleArn', o.executionRoleArn, 'execution role'],
    ['cpu', o.cpu, 'task cpu'],
    ['memory', o.memory, 'task memory']
  ]
  for (const [field, value, what] of task) {
    if (value === undefined || copy[field] === value) continue
    changes.push(`${what}: ${(copy[field] as string | undefined) ?? '(none)'} → ${value}`)
    ;(copy as Record<string, unknown>)[field] = value
  }
  return { definition: copy, changes }
}

/** One `container=image` line of container-images. */
export interface ContainerImage {
  container: string
  image: string
}

/** Reads container-images: `container=image` per line, each container once. */
export function parseContainerImages(raw: string): { images: ContainerImage[]; problems: string[] } {
  const parsed = parseNamedLines(
    'container-images',
    raw,
    /^[A-Za-z0-9_-]{1,255}$/,
    'a container name has letters, digits, - and _'
  )
  const problems = [...parsed.problems]
  for (const { name, value } of parsed.values)
    if (value === '' || /\s/.test(value))
      problems.push(
        `container-images: the image for ${name} is "${value}"; give a full image URI such as repo:tag.`
      )
  return { images: parsed.values.map(v => ({ container: v.name, image: v.value })), problems }
}
