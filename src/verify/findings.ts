// The pre-flight check's deciding half (pure): what a deploy would trip over minutes later in ECS, found before the
// first change. Each finding names the field and the fix; the run reports them all together and changes nothing.
import type { LoadBalancer, RuntimePlatform } from '@aws-sdk/client-ecs'
import { platformMismatch, wantedPlatform, type ImagePlatform } from '../image/platform.js'
import { asRecord, isObject, type AnyTaskDefinition } from '../taskdef/types.js'

export interface Finding {
  /** The field at fault, as the user finds it (a task definition path, a service setting, an input). */
  field: string
  /** What is wrong and the fix. */
  message: string
}

/** Refuses the run: every finding, before anything was pushed, registered or updated. */
export class VerifyError extends Error {
  constructor(readonly findings: Finding[]) {
    super(
      `Pre-flight check failed (verify); nothing was pushed, registered or updated:\n${findings
        .map(f => `  - ${f.field}: ${f.message}`)
        .join('\n')}`
    )
    this.name = 'VerifyError'
  }
}

const containersOf = (td: AnyTaskDefinition): Record<string, unknown>[] => {
  const list = asRecord(td).containerDefinitions
  return Array.isArray(list) ? list.filter(isObject) : []
}

/** The image's platforms against runtimePlatform; `image` says which image (and how its platform is known). */
export function platformFinding(
  image: string,
  platforms: readonly ImagePlatform[],
  runtimePlatform: RuntimePlatform | undefined
): Finding | undefined {
  const message = platformMismatch(image, platforms, runtimePlatform)
  return message ? { field: 'runtimePlatform', message } : undefined
}

const NODE_ARCHITECTURES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm' }

/** The platforms a build makes: the `platform` input (comma separated), else the build machine's own. */
export function buildPlatforms(platformInput: string | undefined, machineArch: string): ImagePlatform[] {
  const given = (platformInput ?? '')
    .split(',')
    .map(p => p.trim())
    .filter(p => p !== '')
  if (given.length === 0)
    return [{ os: 'linux', architecture: NODE_ARCHITECTURES[machineArch] ?? machineArch }]
  return given.map(p => {
    const [os = '', architecture = '', variant] = p.split('/')
    return { os, architecture, ...(variant ? { variant } : {}) }
  })
}

/** Before building: would the build make an image the task definition can run? */
export function buildPlatformFinding(
  imageUri: string,
  platformInput: string | undefined,
  machineArch: string,
  runtimePlatform: RuntimePlatform | undefined
): Finding | undefined {
  const platforms = buildPlatforms(platformInput, machineArch)
  const how = platformInput ? 'platform input' : `build machine's platform (no platform input)`
  const finding = platformFinding(`${imageUri} (built for the ${how})`, platforms, runtimePlatform)
  if (!finding) return undefined
  const wanted = wantedPlatform(runtimePlatform)
  return platformInput
    ? {
        field: 'platform',
        message: `${finding.message} (platform is ${platformInput}; add ${wanted.os}/${wanted.architecture})`
      }
    : finding
}

/** Each of the service's load balancers names a container and port that the rendered task definition has. */
export function loadBalancerFindings(
  loadBalancers: readonly LoadBalancer[] | undefined,
  td: AnyTaskDefinition
): Finding[] {
  const containers = containersOf(td)
  const findings: Finding[] = []
  ;(loadBalancers ?? []).forEach((lb, i) => {
    if (!lb.containerName) return
    const field = `service loadBalancers[${i}]`
    const container = containers.find(c => c.name === lb.containerName)
    const names = containers.map(c => String(c.name)).join(', ')
    if (!container) {
      findings.push({
        field: `${field}.containerName`,
        message: `the service sends load balancer traffic to container "${lb.containerName}", which the task definition does not have (its containers: ${names}); rename the container in the task definition, or change the service's load balancer`
      })
      return
    }
    if (lb.containerPort === undefined) return
    const mappings = Array.isArray(container.portMappings) ? container.portMappings.filter(isObject) : []
    const ports = mappings.map(m => m.containerPort).filter(p => typeof p === 'number')
    if (!ports.includes(lb.containerPort))
      findings.push({
        field: `${field}.containerPort`,
        message: `the service sends load balancer traffic to port ${lb.containerPort} of container "${lb.containerName}", which maps ${ports.length > 0 ? `only port(s) ${ports.join(', ')}` : 'no port'}; add {"containerPort": ${lb.containerPort}} to its portMappings, or change the service's load balancer`
      })
  })
  return findings
}

/** What `verify: full` looks up: log groups, secrets and parameters, roles; each with the field that names it. */
export interface FullReferences {
  logGroups: { name: string; region?: string; field: string }[]
  secrets: { id: string; field: string }[]
  parameters: { name: string; field: string }[]
  roles: { arn: string; field: string }[]
}

/** The Secrets Manager secret of a valueFrom: the ARN without a JSON key, version stage or version id. */
export function secretArnOf(valueFrom: string): string | undefined {
  const parts = valueFrom.split(':')
  if (parts[0] !== 'arn' || parts[2] !== 'secretsmanager' || parts[5] !== 'secret') return undefined
  return parts.slice(0, 7).join(':')
}

/** The SSM parameter name of a valueFrom (an ARN names `/a/b` as `parameter/a/b`); undefined for other ARNs. */
export function parameterNameOf(valueFrom: string): string | undefined {
  if (!valueFrom.startsWith('arn:')) return valueFrom
  const parts = valueFrom.split(':')
  const resource = parts.slice(5).join(':')
  if (parts[2] !== 'ssm' || !resource.startsWith('parameter/')) return undefined
  const name = resource.slice('parameter/'.length)
  return name.includes('/') ? `/${name}` : name
}

export function fullReferences(td: AnyTaskDefinition, accountId: string | undefined): FullReferences {
  const refs: FullReferences = { logGroups: [], secrets: [], parameters: [], roles: [] }
  containersOf(td).forEach((c, i) => {
    const at = `containerDefinitions[${i}]`
    const log = isObject(c.logConfiguration) ? c.logConfiguration : undefined
    const options = isObject(log?.options) ? log.options : {}
    const group = options['awslogs-group']
    // With awslogs-create-group the execution role creates the group on the first start.
    if (
      log?.logDriver === 'awslogs' &&
      typeof group === 'string' &&
      options['awslogs-create-group'] !== 'true'
    )
      refs.logGroups.push({
        name: group,
        region: typeof options['awslogs-region'] === 'string' ? options['awslogs-region'] : undefined,
        field: `${at}.logConfiguration.options.awslogs-group`
      })
    const lists: [unknown, string][] = [
      [c.secrets, `${at}.secrets`],
      [log?.secretOptions, `${at}.logConfiguration.secretOptions`]
    ]
    for (const [list, path] of lists) {
      if (!Array.isArray(list)) continue
      list.forEach((s, j) => {
        const valueFrom = isObject(s) ? s.valueFrom : undefined
        if (typeof valueFrom !== 'string' || valueFrom === '') return
        const field = `${path}[${j}].valueFrom`
        const secret = secretArnOf(valueFrom)
        const parameter = secret ? undefined : parameterNameOf(valueFrom)
        if (secret) refs.secrets.push({ id: secret, field })
        else if (parameter) refs.parameters.push({ name: parameter, field })
      })
    }
  })
  const record = asRecord(td)
  for (const key of ['taskRoleArn', 'executionRoleArn'] as const) {
    const role = record[key]
    if (typeof role !== 'string' || role === '') continue
    const arn = role.startsWith('arn:')
      ? role
      : accountId
        ? `arn:aws:iam::${accountId}:role/${role}`
        : undefined
    if (arn) refs.roles.push({ arn, field: key })
  }
  return refs
}

/** What the look-ups found; a role is undefined when it does not exist. */
export interface FullLookups {
  logGroupExists(name: string, region?: string): boolean
  secretExists(id: string): boolean
  parameterExists(name: string): boolean
  roleTrust(arn: string): { trustsEcsTasks: boolean } | undefined
}

export function fullFindings(refs: FullReferences, found: FullLookups): Finding[] {
  const findings: Finding[] = []
  for (const g of refs.logGroups)
    if (!found.logGroupExists(g.name, g.region))
      findings.push({
        field: g.field,
        message: `the log group "${g.name}" does not exist${g.region ? ` in ${g.region}` : ''}, so no task can start; create it (aws logs create-log-group --log-group-name ${g.name}) or set "awslogs-create-group": "true" (the execution role then needs logs:CreateLogGroup)`
      })
  for (const s of refs.secrets)
    if (!found.secretExists(s.id))
      findings.push({
        field: s.field,
        message: `the Secrets Manager secret ${s.id} does not exist, so no task can start; create it or fix valueFrom`
      })
  for (const p of refs.parameters)
    if (!found.parameterExists(p.name))
      findings.push({
        field: p.field,
        message: `the SSM parameter "${p.name}" does not exist, so no task can start; create it (aws ssm put-parameter --name ${p.name} --type SecureString ...) or fix valueFrom`
      })
  for (const r of refs.roles) {
    const trust = found.roleTrust(r.arn)
    if (!trust)
      findings.push({
        field: r.field,
        message: `the role ${r.arn} does not exist; create it or fix ${r.field}`
      })
    else if (!trust.trustsEcsTasks)
      findings.push({
        field: r.field,
        message: `the role ${r.arn} does not trust ecs-tasks.amazonaws.com, so ECS cannot use it; add a trust policy statement allowing the service principal ecs-tasks.amazonaws.com to sts:AssumeRole`
      })
  }
  return findings
}

/** Does a role's trust policy (as JSON text) let ecs-tasks.amazonaws.com assume it? */
export function trustsEcsTasks(policyJson: string): boolean {
  let policy: unknown
  try {
    policy = JSON.parse(policyJson)
  } catch {
    return false
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v])
  const statements = isObject(policy) ? list(policy.Statement) : []
  return statements.some(s => {
    if (!isObject(s) || s.Effect !== 'Allow') return false
    const actions = list(s.Action)
    const assumes = actions.some(a => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')
    const principal = isObject(s.Principal) ? s.Principal : {}
    return assumes && list(principal.Service).includes('ecs-tasks.amazonaws.com')
  })
}
