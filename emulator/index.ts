// The local stand-in for the AWS parts of a deploy: ECS, ECR (with a registry proxy), STS, CloudWatch Logs, ELBv2
// target group attributes, and the reads of a pre-flight check (Secrets Manager, SSM, IAM roles).
import type { EcsModel } from './contract.js'
import { DownloadTickets } from './download-urls.js'
import { Ecr } from './ecr.js'
import { createEcsModel } from './ecs/index.js'
import { Elbv2 } from './elbv2.js'
import { Faults, type FaultScenario } from './faults.js'
import { denialMessage, evaluate } from './iam.js'
import { IamApi } from './iam-api.js'
import { IdentityStore, type Identity, type IdentityOption, type RoleOption } from './identities.js'
import { MemoryImageStore, RegistryImageStore, type ImageStore, type RegistryConnection } from './images.js'
import { Logs, type LogEvent } from './logs.js'
import type { RecordedRequest } from './record.js'
import { startRegistryProxy, type RegistryProxy } from './registry-proxy.js'
import { SecretsManager } from './secrets.js'
import { startApiServer } from './server.js'
import { Ssm } from './ssm.js'
import { Sts } from './sts.js'

export type { RecordedRequest } from './record.js'
export type { IdentityOption, RoleOption } from './identities.js'
export type { FaultScenario } from './faults.js'
export { DEFAULT_ADMIN } from './identities.js'

export interface EmulatorOptions {
  /** 0 or absent: a free port. */
  port?: number
  /** Default us-east-1. */
  region?: string
  /** Default 123456789012. */
  accountId?: string
  /** ECS seconds per real second (default 1). */
  speed?: number
  /** A running docker-registry (see startRegistry in emulator/registry.ts); without it, images live in memory. */
  registry?: RegistryConnection
  /** Default: one admin key AKIAEMULATORADMIN00 / emulator-secret-key as arn:aws:iam::<account>:user/deployer. */
  identities?: IdentityOption[]
  roles?: RoleOption[]
  /** Repositories that exist from the start. */
  repositories?: { name: string; imageTagMutability?: 'MUTABLE' | 'IMMUTABLE' }[]
  /** Seed for the fault PRNG (default 1). */
  seed?: number
  /** CloudWatch Logs groups that exist from the start (more: CreateLogGroup). */
  logGroups?: string[]
  /** Secrets Manager secrets (by name) that exist from the start (more: CreateSecret). */
  secrets?: string[]
  /** SSM parameters (by name, type String) that exist from the start (more: PutParameter). */
  parameters?: string[]
  /** IAM roles that GetRole finds (more: CreateRole); `trust` is the trust policy (default: ecs-tasks.amazonaws.com). */
  iamRoles?: { name: string; trust?: object }[]
  /** Real epoch milliseconds (default Date.now): tests drive the stand-in's clock with it. */
  now?: () => number
}

export interface Emulator {
  url: string
  /** 127.0.0.1:PORT of the registry proxy, when a registry was given. */
  registryHost?: string
  region: string
  accountId: string
  /** AWS_ENDPOINT_URL_ECS/ECR/STS/CLOUDWATCH_LOGS/ELASTIC_LOAD_BALANCING_V2/SECRETS_MANAGER/SSM/IAM and AWS_REGION. */
  env(): Record<string, string>
  requests: RecordedRequest[]
  /** `faults` (see FaultScenario) is handled here; every other field goes to the ECS model's scenario. */
  setScenario(scenario: Record<string, unknown>): void
  setIdentities(identities: IdentityOption[], roles?: RoleOption[]): void
  /** Adds log events to a CloudWatch Logs stream (on top of what the ECS model writes). */
  addLogEvents(logGroupName: string, logStreamName: string, events: LogEvent[]): void
  /** Claims of the web identity tokens STS accepted. */
  webIdentities: Record<string, unknown>[]
  /** Registry passwords ECR's GetAuthorizationToken issued (to one access key, when given), to search logs for leaks. */
  registryPasswords(accessKeyId?: string): string[]
  snapshot(): unknown
  ecs: EcsModel
  ecr: Ecr
  /** The pre-flight read services, to make what a test needs to exist (or use CreateSecret etc. through the SDK). */
  logs: Logs
  secrets: SecretsManager
  ssm: Ssm
  iamApi: IamApi
  stop(): Promise<void>
}

/** The trust policy of a task or execution role. */
export const ECS_TASKS_TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }
  ]
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const region = options.region ?? 'us-east-1'
  const accountId = options.accountId ?? '123456789012'
  const now = options.now ?? (() => Date.now())
  const speed = options.speed ?? 1
  if (!(speed > 0))
    throw new Error(`speed must be a positive number of ECS seconds per real second, got ${speed}`)

  const identities = new IdentityStore(accountId, options.identities, options.roles)
  const faults = new Faults(options.seed ?? 1)
  const requests: RecordedRequest[] = []
  const record = (entry: RecordedRequest) => requests.push(entry)

  const registryStore = options.registry ? new RegistryImageStore(options.registry, now) : undefined
  const store: ImageStore = registryStore ?? new MemoryImageStore(now)
  const tickets = new DownloadTickets(now)
  let proxy: RegistryProxy | undefined
  const downloads = registryStore
    ? {
        hasBlob: (repository: string, digest: string) => registryStore.hasBlob(repository, digest),
        url: (repository: string, digest: string) =>
          proxy ? `${proxy.url}/_download/${tickets.issue(repository, digest)}` : undefined
      }
    : undefined
  // The proxy's address goes into repository URIs, so the ECR model is built once the proxy listens.
  const ecrContext = {
    region,
    accountId,
    now,
    registryHost: undefined as string | undefined,
    proxyEndpoint: undefined as string | undefined,
    issueRegistryToken: (caller: Identity, expiresAt: number) =>
      identities.issueRegistryToken(caller, expiresAt),
    ...(downloads ? { downloads } : {})
  }
  const ecr = new Ecr(ecrContext, store)
  for (const repository of options.repositories ?? [])
    ecr.createRepository(repository.name, repository.imageTagMutability)

  if (options.registry && registryStore) {
    proxy = await startRegistryProxy({
      registry: options.registry,
      ecr,
      store: registryStore,
      authenticate: token => identities.registryIdentity(token, now()),
      authorize: (identity, check) => {
        const decision = evaluate(identities.policiesOf(identity), check)
        return decision === 'allow' ? undefined : denialMessage(identity.arn, check, decision)
      },
      record,
      now,
      faults,
      tickets
    })
    ecrContext.registryHost = proxy.host
    ecrContext.proxyEndpoint = proxy.url
  }

  const ecs = createEcsModel({ region, accountId, now, speed, images: ecr.imageLookup() })
  const sts = new Sts(identities, now)
  const elbv2 = new Elbv2(ecs)
  const logs = new Logs(region, accountId, () => ecs.logStreams(), now)
  for (const name of options.logGroups ?? []) logs.createLogGroup(name)
  const secrets = new SecretsManager(region, accountId, now)
  for (const name of options.secrets ?? []) secrets.create(name)
  const ssm = new Ssm(region, accountId, now)
  for (const name of options.parameters ?? []) ssm.put(name, 'String')
  const iamApi = new IamApi(accountId, now)
  for (const role of options.iamRoles ?? [])
    iamApi.createRole(role.name, JSON.stringify(role.trust ?? ECS_TASKS_TRUST))

  const setScenario = (scenario: Record<string, unknown>) => {
    const { faults: faultScenario, ...rest } = scenario
    if (faultScenario !== undefined) {
      if (typeof faultScenario !== 'object' || faultScenario === null)
        throw new Error('scenario.faults must be an object (use {} for none)')
      faults.set(faultScenario as FaultScenario)
    }
    if (Object.keys(rest).length > 0) ecs.setScenario(rest)
  }
  const snapshot = () => ({
    ecs: ecs.snapshot(),
    ecr: { repositories: [...ecr.repositories.values()] },
    identities: identities.summary(),
    webIdentities: sts.webIdentities,
    logs: [...logs.scripted.keys()].map(k => k.split('\n')),
    logGroups: [...logs.created.keys()],
    secrets: secrets.names(),
    parameters: ssm.names(),
    iamRoles: iamApi.names(),
    faults: faults.current(),
    requests: requests.length
  })
  const addLogEvents = (group: string, stream: string, events: LogEvent[]) =>
    logs.addEvents(group, stream, events)

  const server = await startApiServer(
    {
      region,
      now,
      identities,
      faults,
      ecs,
      ecr,
      sts,
      elbv2,
      logs,
      secrets,
      ssm,
      iamApi,
      requests,
      control: {
        snapshot,
        setScenario,
        setIdentities: body =>
          identities.set(body['identities'] as IdentityOption[], body['roles'] as RoleOption[] | undefined),
        addLogEvents: body => {
          const group = body['logGroupName']
          const stream = body['logStreamName']
          const events = body['events']
          if (typeof group !== 'string' || typeof stream !== 'string' || !Array.isArray(events)) {
            throw new Error(
              'logs needs {"logGroupName": "...", "logStreamName": "...", "events": [{"message": "...", "timestamp"?: ms}]}'
            )
          }
          addLogEvents(
            group,
            stream,
            (events as { timestamp?: number; message?: string }[]).map(e => ({
              timestamp: e.timestamp ?? now(),
              message: String(e.message ?? '')
            }))
          )
        }
      }
    },
    options.port ?? 0
  )

  return {
    url: server.url,
    ...(proxy ? { registryHost: proxy.host } : {}),
    region,
    accountId,
    env: () => ({
      AWS_ENDPOINT_URL_ECS: server.url,
      AWS_ENDPOINT_URL_ECR: server.url,
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.url,
      // The SDK derives the name from the client's serviceId "Elastic Load Balancing v2" (getEndpointUrlConfig).
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: server.url,
      // From the clients' serviceIds "Secrets Manager", "SSM" and "IAM".
      AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url,
      AWS_ENDPOINT_URL_SSM: server.url,
      AWS_ENDPOINT_URL_IAM: server.url,
      AWS_ENDPOINT_URL_CODEDEPLOY: server.url,
      AWS_REGION: region
    }),
    requests,
    setScenario,
    setIdentities: (list, roles) => identities.set(list, roles),
    addLogEvents,
    webIdentities: sts.webIdentities,
    registryPasswords: accessKeyId => identities.registryPasswords(accessKeyId),
    snapshot,
    ecs,
    ecr,
    logs,
    secrets,
    ssm,
    iamApi,
    stop: async () => {
      await server.stop()
      await proxy?.stop()
    }
  }
}
