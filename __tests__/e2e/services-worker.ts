// What the several-services e2e tests share: the action's inputs for a `services` list and its `services` output,
// and the worker: a rolling service of its own family, container, role and log group,
// created on an older image, and its task definition file in the workspace.
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { deployInputs, type Stack } from './harness.js'

export const WORKER = 'hello-worker'

/** The worker's task definition: its own family, container, role and log group; the release's image. */
export const workerTaskDefinition = (accountId: string, region: string) => ({
  family: WORKER,
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
  executionRoleArn: `arn:aws:iam::${accountId}:role/hello-service-execution`,
  taskRoleArn: `arn:aws:iam::${accountId}:role/hello-worker-task`,
  containerDefinitions: [
    {
      name: 'worker',
      image: 'hello-worker:placeholder',
      essential: true,
      command: ['java', '-jar', '/app/app.jar', 'worker'],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/hello-worker',
          'awslogs-region': region,
          'awslogs-stream-prefix': 'worker'
        }
      }
    }
  ]
})

/** The worker service in the stack's cluster (one task, circuit breaker off), and worker-task-definition.json. */
export async function createWorker(stack: Stack, workspace: string, desiredCount = 1): Promise<void> {
  const worker = workerTaskDefinition(stack.accountId, stack.region)
  fs.writeFileSync(path.join(workspace, 'worker-task-definition.json'), JSON.stringify(worker, null, 2))
  // The worker ran an older image before, like the web service.
  const initial = await stack.ecs.send(
    new RegisterTaskDefinitionCommand({
      ...worker,
      containerDefinitions: worker.containerDefinitions.map(c => ({
        ...c,
        image: `ghcr.io/example-org/${WORKER}:0.9.0`
      }))
    } as never)
  )
  await stack.ecs.send(
    new CreateServiceCommand({
      cluster: stack.cluster,
      serviceName: WORKER,
      taskDefinition: initial.taskDefinition!.taskDefinitionArn!,
      desiredCount,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0e2e000000000a001'] } },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } }
    })
  )
}

/** The action's inputs for a release of these services (a `services` YAML), without the single-service inputs. */
export function servicesInputs(
  stack: Stack,
  services: string,
  overrides: Record<string, string> = {}
): Record<string, string> {
  const inputs = deployInputs(stack, { 'java-build': 'none', services, ...overrides })
  delete inputs.service
  delete inputs['task-definition']
  delete inputs['container-name']
  return inputs
}

/** The `services` output: per service, its cluster, deployment, rollout state and task definitions. */
export function servicesOutput(
  outputs: Record<string, string>
): Record<string, Record<string, string | number | undefined>> {
  return JSON.parse(outputs.services ?? '{}') as Record<string, Record<string, string | number | undefined>>
}
