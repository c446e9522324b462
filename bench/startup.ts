// Benchmark: time from process start to the action's first AWS request, beside the cost of starting Node itself.
// Both run side by side in this one run, alternating, against the same local stand-in:
//   baseline: Node 24 starting and sending one plain HTTP request to the stand-in (nothing can be faster);
//   action:   Node 24 running dist/index.js (a dry run) until its first AWS request (STS GetCallerIdentity).
// Prints medians and the ratio. Run: npm run bench:startup [-- --runs 9]
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { DEFAULT_ADMIN, startEmulator } from '../emulator/index.js'
import { runAction } from '../scripts/lib/action.js'
import { distEntry, examplePath } from '../scripts/lib/paths.js'
import { node24Binary } from '../scripts/lib/tools.js'

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function baselineOnce(node: string): Promise<number> {
  let arrived = 0
  const server = http.createServer((_req, res) => {
    arrived = Date.now()
    res.end('ok')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const started = Date.now()
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      node,
      ['-e', `require('node:http').get('http://127.0.0.1:${port}/', r => r.resume())`],
      { stdio: 'ignore' }
    )
    child.on('error', reject)
    child.on('exit', () => resolve())
  })
  server.close()
  return arrived - started
}

async function main(): Promise<void> {
  if (!fs.existsSync(distEntry)) throw new Error('dist/index.js is missing: run npm run package first')
  const node = await node24Binary()
  const emulator = await startEmulator({})
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'))
  fs.cpSync(examplePath('java-service'), workspace, { recursive: true })
  const baseline: number[] = []
  const action: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      baseline.push(await baselineOnce(node))
      const before = emulator.requests.length
      const started = Date.now()
      const run = await runAction({
        workspace,
        inputs: {
          'task-definition': 'task-definition.json',
          'ecr-repository': 'web',
          'dry-run': 'true',
          service: 'web',
          'container-name': 'app'
        },
        env: {
          ...emulator.env(),
          AWS_ACCESS_KEY_ID: DEFAULT_ADMIN.accessKeyId,
          AWS_SECRET_ACCESS_KEY: DEFAULT_ADMIN.secretAccessKey
        }
      })
      const first = emulator.requests[before]
      if (!first)
        throw new Error(
          `the action sent no AWS request (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`
        )
      action.push(first.time - started)
    }
  } finally {
    await emulator.stop()
    fs.rmSync(workspace, { recursive: true, force: true })
  }
  const size = fs.statSync(distEntry).size
  const b = median(baseline)
  const a = median(action)
  console.log(
    `Startup benchmark, ${runs} runs each, alternating, Node ${(await import('node:child_process')).execFileSync(node, ['--version']).toString().trim()}`
  )
  console.log(`dist/index.js: ${(size / 1024 / 1024).toFixed(2)} MiB`)
  console.log('| | median ms | min | max |')
  console.log('|---|---:|---:|---:|')
  console.log(
    `| baseline: node start + first HTTP request | ${b} | ${Math.min(...baseline)} | ${Math.max(...baseline)} |`
  )
  console.log(
    `| action: process start → first AWS request | ${a} | ${Math.min(...action)} | ${Math.max(...action)} |`
  )
  console.log(`ratio action / baseline: ${(a / b).toFixed(2)}; overhead above Node's own start: ${a - b} ms`)
}

main().catch(e => {
  console.error(e)
  process.exit(1)
})
