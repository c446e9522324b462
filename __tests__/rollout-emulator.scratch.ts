import { ECSClient, CreateClusterCommand, RegisterTaskDefinitionCommand, CreateServiceCommand, UpdateServiceCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { startEmulator } from '../emulator/index.js'
import { systemClock } from '../src/clock.js'
import { createLogSource } from '../src/aws/logs.js'
import { createRolloutSource } from '../src/rollout/sources.js'
import { watchRollout, rollbackService } from '../src/rollout/index.js'

const logger = { info: (m: string) => console.log(m), debug: (m: string) => console.log('DEBUG ' + m), warning: (m: string) => console.log('WARN ' + m), error: (m: string) => console.log('ERR ' + m), group: async <T>(_n: string, f: () => Promise<T>) => f() }
const emu = await startEmulator({ speed: Number(process.env.SPEED ?? 20) })
const cfg = { region: emu.region, credentials: { accessKeyId: 'AKIAEMULATORADMIN00', secretAccessKey: 'emulator-secret-key' } }
const ecs = new ECSClient({ ...cfg, endpoint: emu.url })
const logsClient = new CloudWatchLogsClient({ ...cfg, endpoint: emu.url })
const td = (image: string) => ({ family: 'web', executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole', networkMode: 'awsvpc' as const, requiresCompatibilities: ['FARGATE' as const], cpu: '256', memory: '512',
  containerDefinitions: [{ name: 'app', image, essential: true, logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/web', 'awslogs-region': emu.region, 'awslogs-stream-prefix': 'web' } } }] })
try {
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))
  const v1 = (await ecs.send(new RegisterTaskDefinitionCommand(td('repo/web:v1')))).taskDefinition!.taskDefinitionArn!
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: v1, desiredCount: 2, launchType: 'FARGATE',
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: process.env.CB === '1', rollback: process.env.CB === '1' } },
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }))
  for (;;) { const s = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!; if (s.deployments?.[0]?.rolloutState === 'COMPLETED') break; await systemClock.sleep(200) }
  emu.setScenario({ failures: process.env.FAIL ? [{ image: ':v2', kind: process.env.FAIL, exitCode: 1, logLines: ['Exception in thread "main" java.lang.IllegalStateException: DATABASE_PASSWORD is not set'] }] : [] , placementFailure: process.env.PLACE === '1' })
  const v2 = (await ecs.send(new RegisterTaskDefinitionCommand(td('repo/web:v2')))).taskDefinition!.taskDefinitionArn!
  const upd = await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: v2 }))
  const id = upd.service!.deployments!.find(d => d.status === 'PRIMARY')!.id!
  const deps = { source: createRolloutSource(ecs), logs: createLogSource(logsClient), clock: systemClock, logger }
  const req = { cluster: 'prod', service: 'web', deploymentId: id, taskDefinitionArn: v2, previousTaskDefinitionArn: v1, timeoutMs: Number(process.env.TIMEOUT ?? 60000), maxTaskFailures: 3 }
  let r = await watchRollout(req, deps)
  if (!r.ok && process.env.RB === '1') r = await rollbackService(req, r, { ...deps, updateService: async arn => { const u = await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: arn })); return { deploymentId: u.service!.deployments!.find(d => d.status === 'PRIMARY')!.id! } } })
  console.log('RESULT', JSON.stringify({ outcome: r.outcome, cause: r.cause, polls: r.polls, restored: r.restoredTaskDefinitionArn }, null, 1))
  const ops: Record<string, number> = {}
  for (const q of emu.requests as { operation?: string }[]) ops[q.operation ?? '?'] = (ops[q.operation ?? '?'] ?? 0) + 1
  console.log(JSON.stringify(ops))
} finally { await emu.stop() }
