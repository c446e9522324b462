// Benchmark: how soon, how right and how cheaply two watchers know how a rollout ended, side by side in one run.
//   ours:   watchRollout from src/rollout (the action's watcher), on the real SDK ECSClient, with the system clock;
//   waiter: the SDK's waitUntilServicesStable with the settings of aws-actions/amazon-ecs-deploy-task-definition
//           (minDelay 15 s, maxWaitTime = wait-for-minutes × 60 with its default of 30, the SDK's default maxDelay).
// Each scenario gets its own stand-in at speed 1 (one ECS second per real second, so the waiter's real sleeps and
// ECS's time agree), and all run at once. Both watchers follow the same deployment of the same service; each calls
// with its own access key, so the stand-in's request record tells their DescribeServices calls apart.
// Latency is measured from the moment the stand-in changed the deciding deployment's rolloutState
// (rolloutStateChangedAt in its snapshot) to the moment the watcher returned. Run: npm run bench (about 6-10 min).
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesStable
} from '@aws-sdk/client-ecs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { createLogSource } from '../src/aws/logs.js'
import { systemClock } from '../src/clock.js'
import type { Annotation, Logger } from '../src/log.js'
import { watchRollout } from '../src/rollout/index.js'
import { createRolloutSource } from '../src/rollout/sources.js'

/** The official action's waiter settings (its index.js: WAIT_DEFAULT_DELAY_SEC and wait-for-minutes' default). */
const WAITER_MIN_DELAY_S = 15
const WAIT_FOR_MINUTES = 30

interface Timing {
  taskStartSeconds: number
  healthyAfterSeconds: number
  drainSeconds: number
}

interface Scenario {
  name: string
  /** A rolling update takes taskStart + healthyAfter + drain + 2 s here (the stopping steps take 2 s). */
  timing: Timing
  /** The new image crashes; the circuit breaker fails the deployment and rolls back. */
  failing?: boolean
}

const scenarios: Scenario[] = [
  { name: '5 s rollout', timing: { taskStartSeconds: 1, healthyAfterSeconds: 1, drainSeconds: 1 } },
  { name: '30 s rollout', timing: { taskStartSeconds: 10, healthyAfterSeconds: 8, drainSeconds: 10 } },
  { name: '120 s rollout', timing: { taskStartSeconds: 40, healthyAfterSeconds: 30, drainSeconds: 48 } },
  { name: '300 s rollout', timing: { taskStartSeconds: 100, healthyAfterSeconds: 78, drainSeconds: 120 } },
  {
    name: 'failing: circuit breaker rolls back',
    timing: { taskStartSeconds: 10, healthyAfterSeconds: 5, drainSeconds: 10 },
    failing: true
  }
]

const keys = {
  admin: { accessKeyId: 'AKIABENCHADMIN000001', secretAccessKey: 'bench-admin-secret' },
  ours: { accessKeyId: 'AKIABENCHOURS0000001', secretAccessKey: 'bench-ours-secret' },
  waiter: { accessKeyId: 'AKIABENCHWAITER00001', secretAccessKey: 'bench-waiter-secret' }
}

interface SnapshotDeployment {
  id: string
  taskDefinition: string
  rolloutState: string
  rolloutStateChangedAt: number
  createdAt: number // seconds, as the API gives it
}

interface Watched {
  verdict: string
  at: number
  describeServices: number
  /** Calls other than DescribeServices, by operation. */
  otherCalls: Record<string, number>
  /** Ours only: when it first said the deployment failed (ECS rolling back, or a failed verdict). */
  failureNoticedAt?: number
}

interface Result {
  scenario: Scenario
  startedAt: number
  /** How long ECS took from UpdateService to the deciding state change. */
  ecsSeconds: number
  /** The deciding state change: our deployment's COMPLETED, or (failing) the rollback's COMPLETED. */
  decidedAt: number
  /** Failing only: when our deployment went FAILED. */
  failedAt?: number
  endTaskDefinition: string
  ours: Watched
  waiter: Watched
}

/** A Logger that keeps each line with the time it was written. */
class TimedLines implements Logger {
  readonly lines: { at: number; text: string }[] = []
  info(message: string): void {
    this.lines.push({ at: Date.now(), text: message })
  }
  debug(): void {}
  warning(message: string, _annotation?: Annotation): void {
    this.info(message)
  }
  error(message: string, _annotation?: Annotation): void {
    this.info(message)
  }
  group<T>(_name: string, fn: () => Promise<T>): Promise<T> {
    return fn()
  }
}

function client(emulator: Emulator, key: { accessKeyId: string; secretAccessKey: string }): ECSClient {
  return new ECSClient({ region: emulator.region, endpoint: emulator.url, credentials: key })
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs} ms.`)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

async function runScenario(scenario: Scenario): Promise<Result> {
  const emulator = await startEmulator({
    speed: 1,
    identities: Object.entries(keys).map(([name, key]) => ({
      ...key,
      arn: `arn:aws:iam::123456789012:user/${name}`
    }))
  })
  const admin = client(emulator, keys.admin)
  const oursClient = client(emulator, keys.ours)
  const waiterClient = client(emulator, keys.waiter)
  const logsClient = new CloudWatchLogsClient({
    region: emulator.region,
    endpoint: emulator.url,
    credentials: keys.ours
  })
  try {
    const cluster = 'bench'
    const service = 'web'
    await admin.send(new CreateClusterCommand({ clusterName: cluster }))
    const register = async (image: string) =>
      (
        await admin.send(
          new RegisterTaskDefinitionCommand({
            family: 'web',
            requiresCompatibilities: ['FARGATE'],
            networkMode: 'awsvpc',
            cpu: '256',
            memory: '512',
            containerDefinitions: [{ name: 'app', image, essential: true }]
          })
        )
      ).taskDefinition!.taskDefinitionArn!
    const previous = await register('ghcr.io/example-org/web:1.0.0')
    const next = await register(`ghcr.io/example-org/web:${scenario.failing ? '2.0.0-bad' : '2.0.0'}`)

    // The service's first deployment, quickly: the scenario's timing applies to the benchmarked one only.
    emulator.setScenario({ taskStartSeconds: 1, healthyAfterSeconds: 0, drainSeconds: 0 })
    await admin.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: previous,
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0bench000000000001'] } },
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: { enable: true, rollback: true }
        }
      })
    )
    await until('the first deployment', async () => {
      const s = (await admin.send(new DescribeServicesCommand({ cluster, services: [service] })))
        .services?.[0]
      return s?.deployments?.length === 1 && s.deployments[0]?.rolloutState === 'COMPLETED'
    })
    emulator.setScenario({
      ...scenario.timing,
      failures: scenario.failing ? [{ image: '-bad', kind: 'exit', exitCode: 1 }] : []
    })

    const startedAt = Date.now()
    const updated = await admin.send(new UpdateServiceCommand({ cluster, service, taskDefinition: next }))
    const deploymentId = updated.service?.deployments?.find(d => d.status === 'PRIMARY')?.id
    if (!deploymentId) throw new Error(`${scenario.name}: UpdateService listed no PRIMARY deployment.`)

    const logger = new TimedLines()
    const oursRun = watchRollout(
      {
        cluster,
        service,
        deploymentId,
        taskDefinitionArn: next,
        previousTaskDefinitionArn: previous,
        timeoutMs: WAIT_FOR_MINUTES * 60_000,
        maxTaskFailures: 3 // the action's default
      },
      {
        source: createRolloutSource(oursClient),
        logs: createLogSource(logsClient),
        clock: systemClock,
        logger
      }
    ).then(result => ({ verdict: result.outcome, at: Date.now() }))
    const waiterRun = waitUntilServicesStable(
      { client: waiterClient, minDelay: WAITER_MIN_DELAY_S, maxWaitTime: WAIT_FOR_MINUTES * 60 },
      { cluster, services: [service] }
    ).then(
      result => ({ verdict: result.state === 'SUCCESS' ? 'stable' : String(result.state), at: Date.now() }),
      (error: unknown) => ({
        verdict: `error: ${(error as Error).name ?? String(error)}`,
        at: Date.now()
      })
    )
    const [ours, waiter] = await Promise.all([oursRun, waiterRun])

    const snapshot = emulator.snapshot() as {
      ecs: {
        services: { taskDefinition: string; deploymentHistory: SnapshotDeployment[] }[]
      }
    }
    const state = snapshot.ecs.services[0]!
    const history = state.deploymentHistory
    const mine = history.find(d => d.id === deploymentId)!
    const rollback = history.find(d => d.createdAt * 1000 > startedAt && d.id !== deploymentId)
    const deciding = scenario.failing ? rollback : mine
    if (!deciding || deciding.rolloutState !== 'COMPLETED')
      throw new Error(`${scenario.name}: no deployment completed (${JSON.stringify(history)}).`)

    const calls = (key: string) => {
      const mineCalls = emulator.requests.filter(r => r.accessKeyId === key)
      const otherCalls: Record<string, number> = {}
      for (const r of mineCalls)
        if (r.operation !== 'DescribeServices') otherCalls[r.operation] = (otherCalls[r.operation] ?? 0) + 1
      const describeServices = mineCalls.length - Object.values(otherCalls).reduce((a, b) => a + b, 0)
      return { describeServices, otherCalls }
    }
    const noticed = logger.lines.find(l => /^ECS is rolling back|^Rollout (FAILED|ROLLED_BACK)/.test(l.text))
    return {
      scenario,
      startedAt,
      ecsSeconds: (deciding.rolloutStateChangedAt - startedAt) / 1000,
      decidedAt: deciding.rolloutStateChangedAt,
      ...(scenario.failing ? { failedAt: mine.rolloutStateChangedAt } : {}),
      endTaskDefinition: state.taskDefinition.slice(state.taskDefinition.lastIndexOf('/') + 1),
      ours: {
        ...ours,
        ...calls(keys.ours.accessKeyId),
        ...(noticed ? { failureNoticedAt: noticed.at } : {})
      },
      waiter: { ...waiter, ...calls(keys.waiter.accessKeyId) }
    }
  } finally {
    for (const c of [admin, oursClient, waiterClient, logsClient]) c.destroy()
    await emulator.stop()
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const perMinute = (calls: number, ms: number) => (calls / (ms / 60_000)).toFixed(1)

function table(results: Result[]): string {
  const rows = [
    '| Rollout | ECS took | Ours: verdict | Ours: latency | Ours: DescribeServices (per min) | Waiter: verdict | Waiter: latency | Waiter: DescribeServices (per min) | Waiter ÷ ours latency |',
    '| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |'
  ]
  for (const r of results) {
    const oursLatency = r.ours.at - r.decidedAt
    const waiterLatency = r.waiter.at - r.decidedAt
    const waiterVerdict =
      r.scenario.failing && r.waiter.verdict === 'stable'
        ? `**stable** (service back on ${r.endTaskDefinition}: a false green)`
        : r.waiter.verdict
    rows.push(
      [
        r.scenario.name,
        `${r.ecsSeconds.toFixed(1)} s`,
        r.ours.verdict,
        seconds(oursLatency),
        `${r.ours.describeServices} (${perMinute(r.ours.describeServices, r.ours.at - r.startedAt)})`,
        waiterVerdict,
        seconds(waiterLatency),
        `${r.waiter.describeServices} (${perMinute(r.waiter.describeServices, r.waiter.at - r.startedAt)})`,
        oursLatency > 0 ? `${(waiterLatency / oursLatency).toFixed(1)}×` : 'n/a'
      ].join(' | ')
    )
  }
  return rows.map(row => (row.startsWith('|') ? row : `| ${row} |`)).join('\n')
}

function notes(results: Result[]): string[] {
  const lines: string[] = []
  for (const r of results) {
    const other = Object.entries(r.ours.otherCalls)
    if (other.length > 0)
      lines.push(
        `- ${r.scenario.name}: ours also made ${other.map(([op, n]) => `${n} ${op}`).join(', ')} (stopped tasks and their logs).`
      )
    if (r.failedAt !== undefined) {
      const noticed = r.ours.failureNoticedAt
      lines.push(
        `- ${r.scenario.name}: ECS marked the deployment FAILED ${seconds(r.failedAt - r.startedAt)} after UpdateService; ` +
          (noticed !== undefined
            ? `ours said so ${seconds(noticed - r.failedAt)} later and then followed ECS's rollback to its end; `
            : 'ours never said so; ') +
          `the waiter only saw one deployment with all tasks running (${r.endTaskDefinition}, the old task definition) and answered "${r.waiter.verdict}".`
      )
    }
  }
  lines.push(
    "- Latency: from the stand-in setting the deciding rolloutState (our deployment COMPLETED, or the rollback COMPLETED) to the watcher returning. Calls per minute over each watcher's own watch."
  )
  return lines
}

async function main(): Promise<void> {
  // --only TEXT runs the scenarios whose name contains TEXT (e.g. --only failing), for a quicker look.
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
  const chosen = scenarios.filter(s => !only || s.name.includes(only))
  const started = Date.now()
  process.stderr.write(
    `Running ${chosen.length} scenarios at once at speed 1 (the full set takes 6-10 minutes)...\n`
  )
  const results = await Promise.all(
    chosen.map(async s => {
      const result = await runScenario(s)
      process.stderr.write(`  ${s.name}: done after ${seconds(Date.now() - started)}\n`)
      return result
    })
  )
  process.stdout.write(`${table(results)}\n\n${notes(results).join('\n')}\n`)
  process.stderr.write(`Benchmark took ${seconds(Date.now() - started)}.\n`)
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
