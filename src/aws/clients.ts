// The AWS APIs of a run, made in one place and lazily: an SDK client module is loaded, and its client created,
// on the first call that needs it (ncc emits each as a chunk of its own), so a run never pays for what it skips.
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import type { TargetGroupSource } from '../rollout/types.js'
import { clientConfig } from './config.js'
import { whoAmI, type CallerIdentity } from './credentials.js'
import type { CodeDeployApi } from './codedeploy.js'
import type { EcrApi } from './ecr.js'
import type { EcsApi } from './ecs.js'
import type { ResourceLookups } from './lookups.js'
import type { OnceOptions } from './once.js'
import type { ContainerLogs } from './logs.js'

export interface AwsApis {
  region: string
  identity: { whoAmI(): Promise<CallerIdentity> }
  ecs: EcsApi
  ecr: EcrApi
  /** Container log lines from CloudWatch Logs. */
  logs: ContainerLogs
  /** Reads the target groups' deregistration delay, which sets when a rollout can end. */
  targetGroups: TargetGroupSource
  /** Whether log groups, secrets, parameters and roles exist (verify: full). */
  lookups: ResourceLookups
  /** CodeDeploy blue/green deployments, for services with the CODE_DEPLOY deployment controller. */
  codedeploy: CodeDeployApi
  /** Destroys the clients that were created (none, if no call was made). */
  destroy(): void
}

interface Destroyable {
  destroy(): void
}

/** `once` gives RegisterTaskDefinition and UpdateService the clock and logger they use after a lost answer. */
export function createClients(
  region: string,
  credentials?: AwsCredentialIdentity,
  once: OnceOptions = {}
): AwsApis {
  const config = clientConfig(region, credentials)
  const created: Destroyable[] = []
  const lazily = <T extends Destroyable>(make: () => Promise<T>): (() => Promise<T>) => {
    let client: Promise<T> | undefined
    return () => {
      client ??= make().then(c => {
        created.push(c)
        return c
      })
      return client
    }
  }
  const sts = lazily(async () => new (await import('@aws-sdk/client-sts')).STSClient(config))
  const ecs = lazily(async () => new (await import('@aws-sdk/client-ecs')).ECSClient(config))
  const ecr = lazily(async () => new (await import('@aws-sdk/client-ecr')).ECRClient(config))
  const logs = lazily(
    async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(config)
  )
  const elb = lazily(
    async () =>
      new (await import('@aws-sdk/client-elastic-load-balancing-v2')).ElasticLoadBalancingV2Client(config)
  )
  const codedeploy = lazily(
    async () => new (await import('@aws-sdk/client-codedeploy')).CodeDeployClient(config)
  )
  return {
    region,
    identity: { whoAmI: async () => whoAmI(await sts()) },
    ecs: deferred(async () => (await import('./ecs.js')).createEcsApi(await ecs(), once), ECS_METHODS),
    ecr: deferred(async () => (await import('./ecr.js')).createEcrApi(await ecr()), ECR_METHODS),
    logs: deferred(async () => {
      const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs')
      // A stream in another region (awslogs-region) is read with a client of the same configuration.
      const other = (r: string) => {
        const client = new CloudWatchLogsClient(clientConfig(r, credentials))
        created.push(client)
        return client
      }
      return (await import('./logs.js')).createLogSource(await logs(), other)
    }, LOG_METHODS),
    targetGroups: deferred(
      async () => (await import('./elb.js')).createTargetGroupSource(await elb()),
      TARGET_GROUP_METHODS
    ),
    lookups: deferred(async () => {
      const [logsSdk, secretsSdk, ssmSdk, iamSdk] = await Promise.all([
        import('@aws-sdk/client-cloudwatch-logs'),
        import('@aws-sdk/client-secrets-manager'),
        import('@aws-sdk/client-ssm'),
        import('@aws-sdk/client-iam')
      ])
      // One client per service and region, made on first use.
      const cache = new Map<string, Promise<Destroyable>>()
      const one = <T extends Destroyable>(key: string, make: () => T): Promise<T> => {
        if (!cache.has(key)) cache.set(key, lazily(async () => make())())
        return cache.get(key) as Promise<T>
      }
      const at = (r?: string) => clientConfig(r ?? region, credentials)
      return (await import('./lookups.js')).createResourceLookups({
        logs: r => one(`logs ${r ?? region}`, () => new logsSdk.CloudWatchLogsClient(at(r))),
        secrets: r => one(`secrets ${r ?? region}`, () => new secretsSdk.SecretsManagerClient(at(r))),
        ssm: () => one('ssm', () => new ssmSdk.SSMClient(at())),
        iam: () => one('iam', () => new iamSdk.IAMClient(at()))
      })
    }, LOOKUP_METHODS),
    codedeploy: deferred(
      async () => (await import('./codedeploy.js')).createCodeDeployApi(await codedeploy()),
      CODEDEPLOY_METHODS
    ),
    destroy: () => {
      for (const client of created.splice(0)) client.destroy()
    }
  }
}

// Every method of each API, checked by the compiler against its interface.
const ECS_METHODS = {
  describeService: true,
  describeServices: true,
  describeTaskDefinition: true,
  registerTaskDefinition: true,
  updateService: true,
  listStoppedTasks: true,
  describeTasks: true,
  runTask: true,
  stopTask: true,
  readTaskDefinition: true,
  describeServiceDeployments: true,
  listServiceDeployments: true,
  stopServiceDeployment: true,
  continueServiceDeployment: true,
  describeServiceRevisions: true
} satisfies Record<keyof EcsApi, true>
const ECR_METHODS = { login: true, findImage: true, imagePlatforms: true } satisfies Record<
  keyof EcrApi,
  true
>
const CODEDEPLOY_METHODS = {
  getApplication: true,
  getDeploymentGroup: true,
  getDeploymentConfig: true,
  registerApplicationRevision: true,
  createDeployment: true,
  getDeployment: true,
  getDeploymentTarget: true,
  stopDeployment: true,
  continueDeployment: true
} satisfies Record<keyof CodeDeployApi, true>
const LOOKUP_METHODS = {
  logGroupExists: true,
  secretExists: true,
  parameterExists: true,
  roleTrust: true
} satisfies Record<keyof ResourceLookups, true>
const LOG_METHODS = { tail: true, readForward: true } satisfies Record<keyof ContainerLogs, true>
const TARGET_GROUP_METHODS = { deregistrationDelaySeconds: true } satisfies Record<
  keyof TargetGroupSource,
  true
>

type Methods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? T[K] : never }

/** An object whose methods load the real API on their first call, then forward to it. */
function deferred<T extends Methods<T>>(load: () => Promise<T>, methods: Record<keyof T, true>): T {
  let api: Promise<T> | undefined
  const facade: Partial<Record<keyof T, unknown>> = {}
  for (const name of Object.keys(methods) as (keyof T)[]) {
    facade[name] = async (...args: unknown[]) => {
      api ??= load()
      const target = await api
      return (target[name] as (...a: unknown[]) => Promise<unknown>).apply(target, args)
    }
  }
  return facade as T
}
