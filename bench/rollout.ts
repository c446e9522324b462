// Benchmark: how soon, how right and how cheaply two watchers know how a rollout ended, side by side in one run.
//   ours:   watchRollout from src/rollout (the action's watcher), on the real SDK ECSClient, with the system clock;
//   waiter: the SDK's waitUntilServicesStable with the settings of aws-actions/amazon-ecs-deploy-task-definition
//           (minDelay 15 s, maxWaitTime = wait-for-minutes × 60 with its default of 30, the SDK's default maxDelay).
// Each scenario gets its own stand-in at speed 1 (one ECS second per real second, so the waiter's real sleeps and
// ECS's time agree), and all run at once. Both watchers follow the same deployment of the same service; each calls
// with its own access key, so the stand-in's request record tells their DescribeServices calls apart.
// Latency is measured from the moment the stand-in changed the deciding deployment's rolloutState
// (rolloutStateChangedAt in its snapshot) to the moment the watcher returned.
// The stand-in's steps fall on whole seconds after UpdateService, and so would a poller's looks: each run adds a
// random 0-3 s to the time new tasks take to become healthy so the end falls anywhere between two looks, as a real
// rollout's does (the timings below are 1.5 s short of the named length, so a median run takes the named time; the
// drain stays a whole number of seconds, as a deregistration delay is). Services sit behind a load balancer unless a
// scenario says otherwise. Every scenario runs --runs times (default 8) at once; the table shows medians and the
// 95th percentile. Run: npm run bench (about 15 minutes: the waiter is slow).
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
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { createLogSource } from '../src/aws/logs.js'
import { systemClock } from '../src/clock.js'
import type { Annotation, Logger } from '../src/log.js'
import { watchRollout } from '../src/rollout/index.js'
import { createEcsApi as createRolloutSource } from '../src/aws/ecs.js'
import { createTargetGroupSource } from '../src/aws/elb.js'
import { median, percentile, seconds } from './stats.js'

/** The official action's waiter settings (its index.js: WAIT_DEFAULT_DELAY_SEC and wait-for-minutes' default). */
const WAITER_MIN_DELAY_S = 15
const WAIT_FOR_MINUTES = 30
/** Most our watcher waits between two looks (cadence.ts IDLE_MS): the range of the random phase. */
const PHASE_SECONDS = 3

interface Timing {
  taskStartSeconds: number
  healthyAfterSeconds: number
  drainSeconds: number
}

interface Scenario {
  name: string
  /**
   * A rolling update takes taskStart + healthyAfter + drain + 2 s here (the stopping steps take 2 s); drainSeconds is
   * the target group's deregistration delay, a whole number of seconds as in ELB.
   */
  timing: Timing
  /** The new image crashes; the circuit breaker fails the deployment and rolls back. */
  failing?: boolean
  /** The service has no load balancer: old tasks do not drain, and the watcher has no drain to forecast. */
  noLoadBalancer?: boolean
  /** The targets hold no connections: ELB ends their drain at once, long before the deregistration delay. */
  idleTargets?: boolean
}

const scenarios: Scenario[] = [
  { name: '5 s rollout', timing: { taskStartSeconds: 1, healthyAfterSeconds: 0.5, drainSeconds: 0 } },
  { name: '30 s rollout', timing: { taskStartSeconds: 10, healthyAfterSeconds: 8.5, drainSeconds: 8 } },
  { name: '120 s rollout', timing: { taskStartSeconds: 40, healthyAfterSeconds: 30.5, drainSeconds: 46 } },
  { name: '300 s rollout', timing: { taskStartSeconds: 100, healthyAfterSeconds: 78.5, drainSeconds: 118 } },
  {
    name: 'failing: circuit breaker rolls back',
    timing: { taskStartSeconds: 10, healthyAfterSeconds: 5, drainSeconds: 10 },
    failing: true
  },
  {
    name: '120 s rollout, idle targets: ELB ends the drain at once',
    timing: { taskStartSeconds: 40, healthyAfterSeconds: 76.5, drainSeconds: 300 },
    idleTargets: true
  },
  {
    name: '120 s rollout, no load balancer',
    timing: { taskStartSeconds: 40, healthyAfterSeconds: 76.5, drainSeconds: 0 },
    noLoadBalancer: true
  }
]

const TARGET_GROUP = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067'

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

async function runScenario(scenario: Scenario, phaseSeconds: number): Promise<Result> {
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
  const elbClient = new ElasticLoadBalancingV2Client({
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
            containerDefinitions: [
              { name: 'app', image, essential: true, portMappings: [{ containerPort: 8080 }] }
            ]
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
        ...(scenario.noLoadBalancer
          ? {}
          : { loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'app', containerPort: 8080 }] }),
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
      healthyAfterSeconds: scenario.timing.healthyAfterSeconds + phaseSeconds,
      idleTargets: scenario.idleTargets === true,
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
        // As the action follows it: with the service deployment UpdateService named (its reads are counted below).
        ...(updated.service?.currentServiceDeployment
          ? { serviceDeploymentArn: updated.service.currentServiceDeployment }
          : {}),
        taskDefinitionArn: next,
        previousTaskDefinitionArn: previous,
        timeoutMs: WAIT_FOR_MINUTES * 60_000,
        maxTaskFailures: 3, // the action's default
        followEcsRollback: true // the latency to the end of ECS's rollback, as the waiter sees it
      },
      {
        source: createRolloutSource(oursClient),
        logs: createLogSource(logsClient),
        targetGroups: createTargetGroupSource(elbClient),
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
    for (const c of [admin, oursClient, waiterClient, logsClient, elbClient]) c.destroy()
    await emulator.stop()
  }
}

/** "1.2 s (0.4–2.9)": the median and the range over the runs. */
function spread(msValues: number[]): string {
  if (msValues.length === 1) return seconds(msValues[0]!)
  const range = `${(Math.min(...msValues) / 1000).toFixed(1)}–${(Math.max(...msValues) / 1000).toFixed(1)}`
  return `${seconds(median(msValues))} (${range})`
}

/** The verdicts of all runs: one word when they agree. */
function verdicts(values: string[]): string {
  const distinct = [...new Set(values)]
  return distinct.length === 1 ? distinct[0]! : values.join(' / ')
}

function row(runs: Result[]): string {
  const { scenario } = runs[0]!
  const oursLatency = runs.map(r => r.ours.at - r.decidedAt)
  const waiterLatency = runs.map(r => r.waiter.at - r.decidedAt)
  const calls = (pick: (r: Result) => Watched) =>
    `${median(runs.map(r => pick(r).describeServices))} (${median(
      runs.map(r => pick(r).describeServices / ((pick(r).at - r.startedAt) / 60_000))
    ).toFixed(1)})`
  const waiterVerdict = verdicts(runs.map(r => r.waiter.verdict))
  const falseGreen =
    scenario.failing && waiterVerdict === 'stable'
      ? `**stable** (service back on ${runs[0]!.endTaskDefinition}: a false green)`
      : waiterVerdict
  const ratio = median(waiterLatency) / Math.max(1, median(oursLatency))
  return [
    '',
    scenario.name,
    seconds(median(runs.map(r => r.ecsSeconds * 1000))),
    verdicts(runs.map(r => r.ours.verdict)),
    spread(oursLatency),
    seconds(percentile(oursLatency, 95)),
    calls(r => r.ours),
    falseGreen,
    spread(waiterLatency),
    calls(r => r.waiter),
    `${ratio.toFixed(1)}×`,
    ''
  ]
    .join(' | ')
    .trim()
}

function table(groups: Result[][]): string {
  return [
    '| Rollout | ECS took | Ours: verdict | Ours: latency | Ours: p95 | Ours: DescribeServices (per min) | Waiter: verdict | Waiter: latency | Waiter: DescribeServices (per min) | Waiter ÷ ours latency |',
    '| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...groups.map(row)
  ].join('\n')
}

function notes(groups: Result[][]): string[] {
  const lines: string[] = []
  for (const runs of groups) {
    const { scenario } = runs[0]!
    const other: Record<string, number[]> = {}
    for (const r of runs) for (const [op, n] of Object.entries(r.ours.otherCalls)) (other[op] ??= []).push(n)
    if (Object.keys(other).length > 0)
      lines.push(
        `- ${scenario.name}: ours also made ${Object.entries(other)
          .map(([op, n]) => `${median(n)} ${op}`)
          .join(', ')} per run (median).`
      )
    if (scenario.failing) {
      const failed = runs.map(r => (r.failedAt ?? 0) - r.startedAt)
      const noticed = runs.flatMap(r =>
        r.ours.failureNoticedAt !== undefined && r.failedAt !== undefined
          ? [r.ours.failureNoticedAt - r.failedAt]
          : []
      )
      lines.push(
        `- ${scenario.name}: ECS marked the deployment FAILED ${seconds(median(failed))} after UpdateService; ` +
          (noticed.length > 0
            ? `ours said so ${spread(noticed)} later and then followed ECS's rollback to its end; `
            : 'ours never said so; ') +
          `the waiter only saw one deployment with all tasks running (${runs[0]!.endTaskDefinition}, the old task definition) ` +
          `and answered "${verdicts(runs.map(r => r.waiter.verdict))}".`
      )
    }
  }
  const all = groups.flat()
  const latencies = (rs: Result[]) => rs.map(r => r.ours.at - r.decidedAt)
  const behindLb = all.filter(r => !r.scenario.noLoadBalancer)
  lines.push(
    `- Ours, p95 latency over all ${behindLb.length} runs behind a load balancer: ${seconds(percentile(latencies(behindLb), 95))} ` +
      `(max ${seconds(Math.max(...latencies(behindLb)))}); over all ${all.length} runs: ${seconds(percentile(latencies(all), 95))}.`
  )
  lines.push(
    '- Latency: from the stand-in setting the deciding rolloutState (our deployment COMPLETED, or the rollback COMPLETED) ' +
      "to the watcher returning; median (min–max) over the runs. Calls per minute over each watcher's own watch."
  )
  return lines
}

async function main(): Promise<void> {
  const option = (name: string) =>
    process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined
  // --only TEXT runs the scenarios whose name contains TEXT (e.g. --only failing), for a quicker look.
  const only = option('--only')
  const runs = Number(option('--runs') ?? 8)
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a whole number >= 1, got ${option('--runs')}.`)
  const chosen = scenarios.filter(s => !only || s.name.includes(only))
  const started = Date.now()
  process.stderr.write(
    `Running ${chosen.length} scenarios × ${runs} runs at once at speed 1 (the full set takes about 15 minutes)...\n`
  )
  const groups = await Promise.all(
    chosen.map(async scenario => {
      const results = await Promise.all(
        Array.from({ length: runs }, () => runScenario(scenario, Math.random() * PHASE_SECONDS))
      )
      process.stderr.write(`  ${scenario.name}: done after ${seconds(Date.now() - started)}\n`)
      return results
    })
  )
  process.stdout.write(`${table(groups)}\n\n${notes(groups).join('\n')}\n`)
  process.stderr.write(`Benchmark took ${seconds(Date.now() - started)}.\n`)
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
