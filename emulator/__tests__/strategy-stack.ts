// A stand-in on a hand-driven clock with a cluster "prod", task definitions web:1..3 (container web, port 8080)
// and a steady service, for the deployment strategy tests. All calls go through the real SDK clients.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  type CreateServiceCommandInput,
  type ServiceDeployment
} from '@aws-sdk/client-ecs'
import { startEmulator, type Emulator } from '../index.js'
import { clients } from './support.js'

export const speed = 600
export const tg = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`
export const rule = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/lb/0123456789abcdef/0123456789abcdef/${name}`
export const role = 'arn:aws:iam::123456789012:role/ecs-infrastructure'
export const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`

export interface Stack {
  emulator: Emulator
  sdk: ReturnType<typeof clients>
  /** Move the clock this many ECS seconds on. */
  pass(ecsSeconds: number): void
  service(): Promise<NonNullable<Awaited<ReturnType<Stack['describe']>>>>
  describe(): Promise<import('@aws-sdk/client-ecs').Service | undefined>
  serviceDeployment(arn: string): Promise<ServiceDeployment>
  stop(): Promise<void>
}

export async function stack(service: Partial<CreateServiceCommandInput>): Promise<Stack> {
  let now = Date.now()
  const emulator = await startEmulator({ speed, now: () => now })
  const sdk = clients(emulator.url)
  await sdk.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
  for (const tag of ['1', '2', '3']) {
    await sdk.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: `web:${tag}`, portMappings: [{ containerPort: 8080 }] }]
      })
    )
  }
  await sdk.ecs.send(
    new CreateServiceCommand({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      ...service
    })
  )
  const describe = async () =>
    (await sdk.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services?.[0]
  const result: Stack = {
    emulator,
    sdk,
    pass: ecsSeconds => {
      now += (ecsSeconds * 1000) / speed
    },
    describe,
    service: async () => {
      const s = await describe()
      if (!s) throw new Error('service web is gone')
      return s
    },
    serviceDeployment: async arn => {
      const out = await sdk.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))
      const found = out.serviceDeployments?.[0]
      if (!found) throw new Error(`no service deployment ${arn}`)
      return found
    },
    stop: () => emulator.stop()
  }
  // The first deployment settles before each test starts.
  result.pass(600)
  return result
}
