// The `services` input: several services of one release, one YAML list entry each, read and validated like the
// single-service inputs they generalise. Every problem names its entry (services[1].task-definition ...).
import { yamlParser } from '../yaml.js'
import { clusterName, ecsArnProblems } from './checks.js'
import type { TaskDefinitionOverrides } from '../taskdef/overrides.js'
import { Inputs, type InputReader } from './names.js'
import { wholeNumberInput } from './parse.js'
import {
  readContainerNames,
  readGivenSource,
  readOverrides,
  type TaskDefinitionSource
} from './taskdef-inputs.js'

/** One service a run deploys: the single-service inputs, or one entry of `services`. */
export interface ServiceEntry {
  /** What the outputs and the summary call it: the service's name (cluster/name when two entries share a name). */
  name: string
  /** The input it came from, for messages: `service`, or `services[1]`. */
  input: string
  cluster: string
  service: string
  taskDefinitionSource: TaskDefinitionSource
  /** The containers that get the release's image (empty: the only container). */
  containerNames: string[]
  /** A CODE_DEPLOY service's own codedeploy-application, -deployment-group and -appspec (each optional). */
  codedeploy?: EntryCodeDeploy
  /** The overrides with this entry's own environment-variables, secrets, cpu, memory or command in place. */
  overrides?: TaskDefinitionOverrides
  /** The entry's own desired-count. */
  desiredCount?: number
}

/** The codedeploy-* keys an entry may carry: they name one service's CodeDeploy side, so they live in its entry. */
export interface EntryCodeDeploy {
  application?: string
  deploymentGroup?: string
  /** Resolved in the workspace. */
  appSpecPath?: string
}

export type ServicesOrder = 'parallel' | 'sequential'
/** After a failed rollout with rollback-on-failure: every service this run updated, or only the failed ones. */
export type RollbackScope = 'all' | 'failed'

/** A cluster or service: its name, or its ARN. */
export const CLUSTER_OR_SERVICE =
  /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:(cluster|service)\/[A-Za-z0-9_/-]+)$/

/** More would make a policy and a summary nobody reads; split such a release into several steps. */
export const MAX_SERVICES = 50

const ENTRY_KEYS = [
  Inputs.service,
  Inputs.cluster,
  Inputs.taskDefinition,
  Inputs.taskDefinitionFamily,
  Inputs.taskDefinitionArn,
  Inputs.containerName,
  Inputs.codedeployApplication,
  Inputs.codedeployDeploymentGroup,
  Inputs.codedeployAppspec,
  Inputs.environmentVariables,
  Inputs.secrets,
  Inputs.cpu,
  Inputs.memory,
  Inputs.command,
  Inputs.desiredCount
] as const

/** The task definition overrides an entry may give for its own service; what it leaves out is the input's. */
const ENTRY_OVERRIDES = [
  Inputs.environmentVariables,
  Inputs.secrets,
  Inputs.cpu,
  Inputs.memory,
  Inputs.command
] as const

/** The top-level codedeploy-* inputs that name one service's CodeDeploy side: with services, an entry's keys. */
export const ENTRY_CODEDEPLOY_INPUTS = [
  Inputs.codedeployApplication,
  Inputs.codedeployDeploymentGroup,
  Inputs.codedeployAppspec
] as const

const EXAMPLE =
  'e.g.\n  - service: web\n    task-definition: ecs/web.json\n  - service: worker\n    task-definition-family: worker'

/** What an entry leaves out comes from the inputs of the same name. */
export interface EntryDefaults {
  /** The inputs, for the overrides an entry gives only some of. */
  input?: InputReader
  cluster: string
  taskDefinitionSource?: TaskDefinitionSource
  containerNames: string[]
}

/** A service's name, also when given by ARN (arn:...:service/CLUSTER/NAME). */
export function serviceName(service: string): string {
  return service.startsWith('arn:') ? (service.split('/').pop() ?? service) : service
}

/** The entries of `services`; problems are appended, each naming its entry. */
export function readServiceEntries(
  raw: string,
  defaults: EntryDefaults,
  inWorkspace: (p: string) => string,
  problems: string[]
): ServiceEntry[] {
  let parsed: unknown
  try {
    parsed = yamlParser().parse(raw)
  } catch (e) {
    problems.push(
      `services is not valid YAML (${(e as Error).message.split('\n')[0]}); give one list entry per service, ${EXAMPLE}`
    )
    return []
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    problems.push(`services must be a YAML list with one entry per service, ${EXAMPLE}`)
    return []
  }
  if (parsed.length > MAX_SERVICES) {
    problems.push(
      `services lists ${parsed.length} services; one run deploys at most ${MAX_SERVICES}: split the release into several steps.`
    )
    return []
  }
  const entries: ServiceEntry[] = []
  parsed.forEach((item: unknown, index) => {
    const entry = readEntry(item, `services[${index}]`, defaults, inWorkspace, problems)
    if (entry) entries.push(entry)
  })
  // The same service twice would be updated twice by one run; the same name in two clusters is fine.
  const key = (e: ServiceEntry) => `${clusterName(e.cluster)}/${serviceName(e.service)}`
  for (const [i, entry] of entries.entries()) {
    const first = entries.findIndex(e => key(e) === key(entry))
    if (first < i)
      problems.push(
        `${entry.input} names the service ${serviceName(entry.service)} in cluster ${clusterName(entry.cluster)} again (as ${entries[first]!.input} does); name each service once.`
      )
  }
  return entries.map(e => {
    const shared = entries.filter(o => serviceName(o.service) === serviceName(e.service)).length > 1
    return shared ? { ...e, name: key(e) } : e
  })
}

function readEntry(
  item: unknown,
  input: string,
  defaults: EntryDefaults,
  inWorkspace: (p: string) => string,
  problems: string[]
): ServiceEntry | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(
      `${input} is ${JSON.stringify(item)}; each entry of services is a map with at least service, ${EXAMPLE}`
    )
    return undefined
  }
  const fields = item as Record<string, unknown>
  const own: string[] = []
  for (const key of Object.keys(fields))
    if (!(ENTRY_KEYS as readonly string[]).includes(key))
      own.push(`${input} has the key "${key}"; an entry takes ${ENTRY_KEYS.join(', ')}.`)
  const value = (key: string): string => {
    const v = fields[key]
    if (v === undefined || v === null) return ''
    if (typeof v === 'string' || typeof v === 'number') return String(v).trim()
    // container-name may be a YAML list, like the input's lines.
    if (key === Inputs.containerName && Array.isArray(v) && v.every(n => typeof n === 'string'))
      return v.join(',')
    own.push(`${input}.${key} is ${JSON.stringify(v)}; give it as text.`)
    return ''
  }
  const service = value(Inputs.service)
  if (!service) own.push(`${input}.service is missing; name the ECS service this entry deploys.`)
  else if (!CLUSTER_OR_SERVICE.test(service))
    own.push(
      `${input}.service is "${service}"; use the service's name (letters, digits, - and _) or its ARN.`
    )
  const cluster = value(Inputs.cluster) || defaults.cluster
  if (!CLUSTER_OR_SERVICE.test(cluster))
    own.push(
      `${input}.cluster is "${cluster}"; use the cluster's name (letters, digits, - and _) or its ARN.`
    )
  const prefixed: string[] = []
  const source = readGivenSource(value, inWorkspace, prefixed) ?? defaults.taskDefinitionSource
  if (!source)
    own.push(
      `${input}.task-definition is missing; give task-definition, task-definition-family or task-definition-arn in the entry, or at the top level for every entry.`
    )
  const containers = value(Inputs.containerName)
  const containerNames = containers ? readContainerNames(containers, prefixed) : defaults.containerNames
  own.push(...prefixed.splice(0).map(p => `${input}.${p}`))
  const codedeploy = readEntryCodeDeploy(value, input, inWorkspace, own)
  const given = (key: string) => fields[key] !== undefined && fields[key] !== null
  // The entry's own overrides replace the inputs of the same name for this service; the others still apply.
  const overrideProblems: string[] = []
  const overrides = ENTRY_OVERRIDES.some(given)
    ? readOverrides(key => (given(key) ? value(key) : (defaults.input?.(key) ?? '')), overrideProblems)
    : undefined
  // What is wrong with an input the entry did not give is reported once, as the input's own problem.
  prefixed.push(...overrideProblems.filter(p => ENTRY_OVERRIDES.some(k => given(k) && p.startsWith(k))))
  const desiredCount = given(Inputs.desiredCount)
    ? wholeNumberInput(value(Inputs.desiredCount), Inputs.desiredCount, { min: 0, max: 5000 }, prefixed)
    : undefined
  own.push(...prefixed.splice(0).map(p => `${input}.${p}`))
  problems.push(...own)
  if (own.length > 0 || !source) return undefined
  return {
    name: serviceName(service),
    input,
    cluster,
    service,
    taskDefinitionSource: source,
    containerNames,
    ...(codedeploy ? { codedeploy } : {}),
    ...(overrides ? { overrides } : {}),
    ...(desiredCount !== undefined ? { desiredCount } : {})
  }
}

/** A CodeDeploy name: 1 to 100 characters, no spaces or / (as codedeploy-application takes). */
const CODEDEPLOY_NAME = /^[^\s/]{1,100}$/

/** An entry's codedeploy-application, -deployment-group and -appspec; undefined when it gives none. */
function readEntryCodeDeploy(
  value: (key: string) => string,
  input: string,
  inWorkspace: (p: string) => string,
  problems: string[]
): EntryCodeDeploy | undefined {
  const named = (key: string): string | undefined => {
    const v = value(key)
    if (v === '') return undefined
    if (!CODEDEPLOY_NAME.test(v))
      problems.push(
        `${input}.${key} is "${v}"; give a CodeDeploy name (1 to 100 characters, no spaces or /).`
      )
    return v
  }
  const application = named(Inputs.codedeployApplication)
  const deploymentGroup = named(Inputs.codedeployDeploymentGroup)
  const appSpec = value(Inputs.codedeployAppspec)
  const given: EntryCodeDeploy = {
    ...(application ? { application } : {}),
    ...(deploymentGroup ? { deploymentGroup } : {}),
    ...(appSpec ? { appSpecPath: inWorkspace(appSpec) } : {})
  }
  return Object.keys(given).length > 0 ? given : undefined
}

/**
 * With services, the top-level codedeploy-application, -deployment-group and -appspec would name one service's
 * CodeDeploy side for all: each CODE_DEPLOY service gives its own in its entry (or takes the console's names).
 */
export function topLevelCodeDeployProblems(given: (name: string) => string): string[] {
  return ENTRY_CODEDEPLOY_INPUTS.filter(name => given(name).trim() !== '').map(
    name =>
      `${name} is given with services; it names one service's CodeDeploy side: give ${name} in the entry of the CODE_DEPLOY service (e.g. services[0].${name}), or leave it out for the ECS console's names AppECS-<cluster>-<service> / DgpECS-<cluster>-<service>.`
  )
}

/** Cluster and service ARNs of each entry against the region, each problem naming its entry. */
export function entryArnProblems(entries: ServiceEntry[], region: string | undefined): string[] {
  return entries.flatMap(e =>
    ecsArnProblems({ cluster: e.cluster, service: e.service }, region).map(p => `${e.input}: ${p}`)
  )
}
