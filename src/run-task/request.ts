// The RunTask request of the one-off task (database migrations) that runs before the service is updated. Pure.
import type {
  AssignPublicIp,
  CapacityProviderStrategyItem,
  LaunchType,
  NetworkConfiguration,
  RunTaskCommandInput,
  Service
} from '@aws-sdk/client-ecs'

/** What run-task-* inputs say; whatever they leave out comes from the service. */
export interface RunTaskSettings {
  /** The command, split into words as for build-command. */
  command: string[]
  /** Container that runs the command; undefined: the image's container. */
  container?: string
  /** A task definition file of its own (absolute path); undefined: the service's rendered one. */
  taskDefinitionPath?: string
  subnets?: string[]
  securityGroups?: string[]
  assignPublicIp?: AssignPublicIp
  launchType?: LaunchType
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  timeoutMinutes: number
}

export interface RunTaskRequestInput {
  cluster: string
  taskDefinitionArn: string
  /** The container the command runs on (already resolved against the task definition). */
  container: string
  settings: RunTaskSettings
  /** The service as read before anything changed; undefined in a dry run without a service. */
  service?: Service
  startedBy: string
  /** RunTask's idempotency token: a retried call after a lost answer starts no second task. */
  clientToken?: string
}

/** ECS: startedBy is up to 128 letters, digits, - and _. */
export const STARTED_BY_MAX = 128

/** startedBy naming the release, e.g. release-to-ecs_v1-4-0_3f2a1bc: every other character becomes -. */
export function startedByFor(ref: string, shortSha: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')
  const head = 'release-to-ecs_'
  const tail = shortSha ? `_${clean(shortSha)}` : ''
  const ref_ = clean(ref).slice(0, STARTED_BY_MAX - head.length - tail.length)
  return `${head}${ref_}${tail}`.slice(0, STARTED_BY_MAX)
}

/** The RunTask request: one task, the command on the container, network and capacity from the service unless given. */
export function runTaskRequest(input: RunTaskRequestInput): RunTaskCommandInput {
  const { settings, service } = input
  const networkConfiguration = networkFor(settings, service?.networkConfiguration)
  // A launch type given replaces the service's capacity; a strategy given replaces its launch type.
  const givenCapacity = settings.launchType !== undefined || settings.capacityProviderStrategy !== undefined
  const launchType = givenCapacity ? settings.launchType : service?.launchType
  const strategy = givenCapacity
    ? settings.capacityProviderStrategy
    : service?.capacityProviderStrategy?.length
      ? service.capacityProviderStrategy
      : undefined
  const platformVersion = service?.platformVersion
  return {
    cluster: input.cluster,
    taskDefinition: input.taskDefinitionArn,
    count: 1,
    startedBy: input.startedBy,
    propagateTags: 'TASK_DEFINITION',
    overrides: { containerOverrides: [{ name: input.container, command: [...settings.command] }] },
    ...(networkConfiguration ? { networkConfiguration } : {}),
    ...(strategy ? { capacityProviderStrategy: strategy } : launchType ? { launchType } : {}),
    ...(platformVersion && launchType !== 'EC2' ? { platformVersion } : {}),
    ...(input.clientToken ? { clientToken: input.clientToken } : {})
  }
}

function networkFor(
  settings: RunTaskSettings,
  fromService: NetworkConfiguration | undefined
): NetworkConfiguration | undefined {
  const service = fromService?.awsvpcConfiguration
  const subnets = settings.subnets ?? service?.subnets
  if (!subnets || subnets.length === 0) return undefined
  const securityGroups = settings.securityGroups ?? service?.securityGroups
  const assignPublicIp = settings.assignPublicIp ?? service?.assignPublicIp
  return {
    awsvpcConfiguration: {
      subnets: [...subnets],
      ...(securityGroups && securityGroups.length > 0 ? { securityGroups: [...securityGroups] } : {}),
      ...(assignPublicIp ? { assignPublicIp } : {})
    }
  }
}

/**
 * Parses run-task-capacity-provider-strategy: `provider[:weight[:base]]`, comma or line separated, e.g.
 * `FARGATE_SPOT:3, FARGATE:1:1`. Throws the text that follows the input's name.
 */
export function parseCapacityProviderStrategy(raw: string): CapacityProviderStrategyItem[] {
  const items = raw
    .split(/[,\n]/)
    .map(s => s.trim())
    .filter(s => s !== '')
  if (items.length === 0)
    throw new Error('is empty; write provider:weight:base, e.g. FARGATE_SPOT:3,FARGATE:1:1.')
  if (items.length > 20) throw new Error(`has ${items.length} providers; ECS takes at most 20.`)
  return items.map(item => {
    const [provider = '', weight, base, ...rest] = item.split(':').map(s => s.trim())
    const number = (value: string | undefined, max: number) =>
      value === undefined || value === ''
        ? undefined
        : /^\d+$/.test(value) && Number(value) <= max
          ? Number(value)
          : NaN
    const w = number(weight, 1000)
    const b = number(base, 100000)
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(provider) || rest.length > 0 || Number.isNaN(w) || Number.isNaN(b))
      throw new Error(
        `has "${item}"; write provider:weight:base (weight 0 to 1000, base 0 to 100000), e.g. FARGATE_SPOT:3,FARGATE:1:1.`
      )
    return {
      capacityProvider: provider,
      ...(w !== undefined ? { weight: w } : {}),
      ...(b !== undefined ? { base: b } : {})
    }
  })
}
