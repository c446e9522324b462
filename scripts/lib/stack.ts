// The local stand-in for AWS with everything around it real: a docker-registry behind the stand-in's ECR
// endpoint, and a cluster, repository and service created through the real AWS SDK clients.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service
} from '@aws-sdk/client-ecs'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { startRegistry } from '../../emulator/registry.js'
import { examplePath, type ExampleName } from './paths.js'
import { mavenEnvironment, podmanEnvironment } from './tools.js'

/** The deploying IAM user of the stand-in: no policies, so it may do everything. */
export const deployer = {
  accessKeyId: 'AKIAE2EDEPLOYER00001',
  secretAccessKey: 'e2e-deployer-secret-access-key-0000000001',
  arn: 'arn:aws:iam::123456789012:user/deployer'
}

export interface StackOptions {
  /** The example whose task-definition.json the service starts from (its family, container and roles). */
  example?: ExampleName
  /** ECS seconds per real second in the stand-in (30 turns a 30 s rollout into 1 s). */
  speed?: number
  /** Seed for the stand-in's injected faults, so a throttled run is repeatable. */
  seed?: number
  /** Tasks the service runs. */
  desiredCount?: number
  circuitBreaker?: { enable: boolean; rollback: boolean }
  imageTagMutability?: 'MUTABLE' | 'IMMUTABLE'
  /** Parent for the stack's temporary files; the OS temp dir unless given. */
  tempRoot?: string
  /** podman's image storage; shared between stacks so layers are cached. A directory under `dir` unless given. */
  podmanStorage?: string
}

export interface Stack {
  /** The stack's temporary directory (removed by stop()). */
  dir: string
  emulator: Emulator
  registry: { url: string; username: string; password: string }
  region: string
  accountId: string
  cluster: string
  service: string
  repository: string
  /** ECR's URI of the repository as DescribeRepositories reports it (the stand-in's registry host). */
  repositoryUri: string
  family: string
  /** What the service ran before any test deployed: the example's task definition with an older image. */
  initialTaskDefinitionArn: string
  ecs: ECSClient
  ecr: ECRClient
  /** AWS endpoints, region and the deployer's keys, as a workflow step would have them. */
  awsEnv: Record<string, string>
  /** podman and Maven set up for this machine only: the action does not know about it. */
  toolEnv: Record<string, string>
  /** How many requests the stand-in has recorded so far; pass to requestsSince(). */
  requestMark(): number
  requestsSince(mark: number): Emulator['requests']
  /** Tags the docker-registry itself (not the stand-in) holds for a repository. */
  registryTags(repository?: string): Promise<string[]>
  /** The digest the docker-registry itself reports for repository:tag, or undefined. */
  registryDigest(tag: string, repository?: string): Promise<string | undefined>
  describeService(): Promise<Service | undefined>
  /** Waits (for real) until the service has one deployment, rolled out. */
  waitForSteadyState(timeoutMs?: number): Promise<Service>
  stop(): Promise<void>
}

const manifestTypes = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
].join(', ')

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const tempRoot = options.tempRoot ?? os.tmpdir()
  fs.mkdirSync(tempRoot, { recursive: true })
  const dir = fs.mkdtempSync(path.join(tempRoot, 'release-to-ecs-stack-'))
  const stops: (() => Promise<void> | void)[] = [() => fs.rmSync(dir, { recursive: true, force: true })]
  const stopAll = async () => {
    // Last started, first stopped; one failing stop does not keep the others running.
    const errors: unknown[] = []
    for (const stop of stops.splice(0).reverse())
      await Promise.resolve()
        .then(stop)
        .catch(e => errors.push(e))
    if (errors.length > 0) throw errors[0]
  }

  try {
    const registry = await startRegistry({ dir: path.join(dir, 'registry') })
    stops.push(() => registry.stop())
    const emulator = await startEmulator({
      registry: { url: registry.url, username: registry.username, password: registry.password },
      speed: options.speed ?? 30,
      seed: options.seed ?? 7,
      identities: [deployer]
    })
    stops.push(() => emulator.stop())
    const region = emulator.region
    const accountId = emulator.accountId
    const credentials = { accessKeyId: deployer.accessKeyId, secretAccessKey: deployer.secretAccessKey }
    const ecs = new ECSClient({ region, endpoint: emulator.url, credentials })
    const ecr = new ECRClient({ region, endpoint: emulator.url, credentials })
    stops.push(() => {
      ecs.destroy()
      ecr.destroy()
    })

    const example = options.example ?? 'java-service'
    const definition = JSON.parse(
      fs.readFileSync(path.join(examplePath(example), 'task-definition.json'), 'utf8')
    ) as RegisterTaskDefinitionCommandInput
    const family = definition.family ?? example
    const repository = family
    const cluster = 'releases'
    const service = family

    await ecs.send(new CreateClusterCommand({ clusterName: cluster }))
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: repository,
        imageTagMutability: options.imageTagMutability ?? 'MUTABLE'
      })
    )
    const repositoryUri = created.repository?.repositoryUri
    if (!repositoryUri)
      throw new Error(`The stand-in created repository ${repository} without a repositoryUri.`)

    // The release before this one shipped from GitHub's registry, before the service moved to ECR: the stand-in
    // cannot look into that registry, so it lets those tasks run (an image in its own ECR must really be there).
    const initialImage = `ghcr.io/example-org/${repository}:0.9.0`
    const initial = await ecs.send(
      new RegisterTaskDefinitionCommand({
        ...definition,
        containerDefinitions: (definition.containerDefinitions ?? []).map(c => ({
          ...c,
          image: initialImage
        }))
      })
    )
    const initialTaskDefinitionArn = initial.taskDefinition?.taskDefinitionArn
    if (!initialTaskDefinitionArn)
      throw new Error('The stand-in registered the initial task definition without an ARN.')
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: initialTaskDefinitionArn,
        desiredCount: options.desiredCount ?? 2,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-0e2e000000000a001'],
            securityGroups: ['sg-0e2e000000000a001'],
            assignPublicIp: 'DISABLED'
          }
        },
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: options.circuitBreaker ?? { enable: true, rollback: true }
        }
      })
    )

    const registryHost = emulator.registryHost ?? new URL(emulator.url).host
    const podmanStorage = options.podmanStorage ?? path.join(dir, 'containers')
    const toolEnv = {
      ...podmanEnvironment(path.join(dir, 'podman'), podmanStorage, [registryHost]),
      ...mavenEnvironment(path.join(dir, 'maven-home'))
    }
    const awsEnv = {
      ...emulator.env(),
      AWS_ACCESS_KEY_ID: deployer.accessKeyId,
      AWS_SECRET_ACCESS_KEY: deployer.secretAccessKey,
      // Nothing here may reach the real instance metadata service.
      AWS_EC2_METADATA_DISABLED: 'true'
    }

    const registryFetch = (pathname: string, method = 'GET') =>
      fetch(`${registry.url.replace(/\/+$/, '')}${pathname}`, {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`,
          Accept: manifestTypes
        }
      })

    const describeService = async () =>
      (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0]

    const stack: Stack = {
      dir,
      emulator,
      registry,
      region,
      accountId,
      cluster,
      service,
      repository,
      repositoryUri,
      family,
      initialTaskDefinitionArn,
      ecs,
      ecr,
      awsEnv,
      toolEnv,
      requestMark: () => emulator.requests.length,
      requestsSince: mark => emulator.requests.slice(mark),
      registryTags: async (name = repository) => {
        const response = await registryFetch(`/v2/${name}/tags/list`)
        if (response.status === 404) return []
        if (!response.ok) throw new Error(`The registry answered ${response.status} to tags/list of ${name}.`)
        const body = (await response.json()) as { tags?: string[] | null }
        return body.tags ?? []
      },
      registryDigest: async (tag, name = repository) => {
        const response = await registryFetch(`/v2/${name}/manifests/${tag}`, 'HEAD')
        if (response.status === 404) return undefined
        if (!response.ok)
          throw new Error(`The registry answered ${response.status} to the manifest of ${name}:${tag}.`)
        return response.headers.get('docker-content-digest') ?? undefined
      },
      describeService,
      waitForSteadyState: async (timeoutMs = 30_000) => {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const current = await describeService()
          const deployments = current?.deployments ?? []
          const only = deployments[0]
          if (
            current &&
            deployments.length === 1 &&
            only?.rolloutState === 'COMPLETED' &&
            only.runningCount === only.desiredCount
          )
            return current
          if (Date.now() > deadline)
            throw new Error(
              `Service ${service} did not reach a steady state within ${timeoutMs} ms: ` +
                JSON.stringify(
                  deployments.map(d => ({
                    id: d.id,
                    status: d.status,
                    rolloutState: d.rolloutState,
                    running: d.runningCount
                  }))
                )
            )
          await new Promise(resolve => setTimeout(resolve, 200))
        }
      },
      stop: stopAll
    }
    await stack.waitForSteadyState()
    return stack
  } catch (error) {
    await stopAll().catch(() => undefined)
    throw error
  }
}

/** The inputs a workflow would give to deploy an example to the stack's service. */
export function deployInputs(stack: Stack, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    cluster: stack.cluster,
    service: stack.service,
    'task-definition': 'task-definition.json',
    'container-name': 'app',
    'ecr-repository': stack.repository,
    'container-engine': 'podman',
    // No network here: the Dockerfile's base image is replaced by scratch (the example has no RUN lines).
    'build-args': 'BASE_IMAGE=scratch',
    'aws-region': stack.region,
    'wait-for-minutes': '5',
    ...overrides
  }
}
