// Benchmark: how soon the bundled action fails once ECS's circuit breaker fails its deployment and rolls back
// (rollback-on-failure false, the default). Each run releases the example service (prebuilt jar, podman image) to the
// stand-in at speed 1, whose new tasks exit with code 1 until the circuit breaker fails the deployment and ECS starts
// its rollback; the action should exit within about a second of that, not when ECS's rollback ends.
// Figures per run: the stand-in marking our deployment FAILED → the action's process exit; the action's last
// DescribeServices (the look that saw FAILED) → exit; and when ECS's rollback completed, for comparison.
// Run: npm run package && npx tsx bench/fail-fast.ts [--runs 5]
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import * as path from 'node:path'
import { runAction } from '../scripts/lib/action.js'
import { releaseEvent } from '../scripts/lib/github.js'
import { distEntry } from '../scripts/lib/paths.js'
import { deployInputs, startStack, type Stack } from '../scripts/lib/stack.js'
import { checkoutExample } from '../scripts/lib/workspace.js'
import * as fs from 'node:fs'

interface SnapshotDeployment {
  id: string
  status: string
  taskDefinition: string
  rolloutState: string
  rolloutStateChangedAt: number
  createdAt: number
}

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5) || 5

function history(stack: Stack): SnapshotDeployment[] {
  const snapshot = stack.emulator.snapshot() as {
    ecs: { services: { serviceName: string; deploymentHistory: SnapshotDeployment[] }[] }
  }
  return snapshot.ecs.services.find(s => s.serviceName === stack.service)?.deploymentHistory ?? []
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function main(): Promise<void> {
  if (!fs.existsSync(distEntry)) throw new Error(`${distEntry} is missing: run npm run package first.`)
  // A rollback that takes a while, as on a real service: new tasks need 20 s to start and old ones drain for 15 s.
  const stack = await startStack({ speed: 1, circuitBreaker: { enable: true, rollback: true } })
  const rows: { failedToExit: number; lookToExit: number; rollbackDoneAfterExit?: number; state: string }[] =
    []
  try {
    for (let i = 1; i <= runs; i++) {
      stack.emulator.setScenario({
        taskStartSeconds: 3,
        healthyAfterSeconds: 2,
        drainSeconds: 15,
        failures: [{ image: `:1.0.${i}-`, kind: 'exit', exitCode: 1, logLines: ['Error: DB_URL is not set'] }]
      })
      await stack.ecs.send(
        new UpdateServiceCommand({
          cluster: stack.cluster,
          service: stack.service,
          taskDefinition: stack.initialTaskDefinitionArn
        })
      )
      await stack.waitForSteadyState(120_000)
      const workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
      fs.mkdirSync(path.join(workspace, 'target'), { recursive: true })
      fs.writeFileSync(path.join(workspace, 'target', 'app.jar'), 'PK stand-in jar')
      const mark = stack.requestMark()
      const run = await runAction({
        entry: distEntry,
        inputs: deployInputs(stack, { 'java-build': 'none', 'max-task-failures': '0' }),
        event: releaseEvent({ tag: `v1.0.${i}` }),
        workspace,
        env: { ...stack.toolEnv, ...stack.awsEnv }
      })
      const exitedAt = Date.now()
      const id = run.outputs['deployment-id'] ?? ''
      const ours = history(stack).find(d => d.id === id)
      const looks = stack
        .requestsSince(mark)
        .filter(r => r.operation === 'DescribeServices')
        .map(r => r.time)
      if (!ours || ours.rolloutState !== 'FAILED' || looks.length === 0)
        throw new Error(
          `Run ${i} did not fail its deployment as planned (exit ${run.exitCode}):\n${run.stdout}`
        )
      const rollback = history(stack).find(
        d =>
          d.id !== id && d.createdAt >= ours.createdAt && d.taskDefinition === stack.initialTaskDefinitionArn
      )
      await stack.waitForSteadyState(120_000)
      const rollbackDone = history(stack).find(d => d.id === rollback?.id)
      rows.push({
        failedToExit: exitedAt - ours.rolloutStateChangedAt,
        lookToExit: exitedAt - looks[looks.length - 1]!,
        rollbackDoneAfterExit:
          rollbackDone?.rolloutState === 'COMPLETED'
            ? rollbackDone.rolloutStateChangedAt - exitedAt
            : undefined,
        state: `${run.exitCode}/${run.outputs['rollout-state']}`
      })
      console.log(
        `run ${i}: exit ${rows.at(-1)!.state}, FAILED → exit ${(rows.at(-1)!.failedToExit / 1000).toFixed(2)} s, ` +
          `last look → exit ${(rows.at(-1)!.lookToExit / 1000).toFixed(2)} s, ` +
          `ECS's rollback completed ${((rows.at(-1)!.rollbackDoneAfterExit ?? NaN) / 1000).toFixed(1)} s after the exit`
      )
    }
  } finally {
    await stack.stop()
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const all = (pick: (r: (typeof rows)[number]) => number) => rows.map(pick)
  console.log('')
  console.log('| Figure | median | min | max |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [name, values] of [
    ['ECS marks the deployment FAILED → the action exits', all(r => r.failedToExit)],
    ['The look that saw FAILED → the action exits', all(r => r.lookToExit)],
    ["The action exits → ECS's rollback completes", all(r => r.rollbackDoneAfterExit ?? NaN)]
  ] as const)
    console.log(`| ${name} | ${s(median(values))} | ${s(Math.min(...values))} | ${s(Math.max(...values))} |`)
  console.log(`\nExit code / rollout-state of every run: ${rows.map(r => r.state).join(', ')}`)
}

await main()
