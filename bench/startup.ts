// Benchmark: process start → first AWS request, this bundle against the official
// aws-actions/amazon-ecs-deploy-task-definition bundle, in one run, alternating, under Node 24.
// Both get the runner's environment (event file, GITHUB_*, INPUT_* for task-definition, cluster, service, and
// what ours also needs), the same keys and AWS_ENDPOINT_URL pointing at one local HTTP server. The server notes
// when each process's first request arrives (headers read), answers it with an AWS-style AccessDenied error and
// the process is ended: what comes after the first request is not measured. Clocks: performance.now() in this
// process, just before spawn and on the request event; CPU time is the process's threads' time on a CPU by then
// (Linux), which a busy machine disturbs less than the wall clock. Each round runs both, taking turns at going first,
// after one untimed warm-up run of each.
//   npm run bench:startup -- --baseline /tmp/ecs-deploy/dist/index.js [--runs 21] [--ours dist/index.js] [--floor]
// (or STARTUP_BASELINE=/tmp/ecs-deploy/dist/index.js). Without a baseline it prints how to get one. --floor also
// runs bench/sdk-floor.ts, bundled the same way: the SDK's STS client and its first request, nothing of the action,
// so the figures split into what the SDK costs and what the action's own checks before AWS cost.
import { execFileSync, spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { releaseEvent, runnerEnvironment, type RunnerFiles } from '../scripts/lib/github.js'
import { distEntry, examplePath } from '../scripts/lib/paths.js'
import { node24Binary } from '../scripts/lib/tools.js'

const BASELINE_TAG = 'v2.6.3'

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? process.argv[at + 1] : undefined
}

const runs = Number(argument('runs')) || 21
const withFloor = process.argv.includes('--floor')
const ours = path.resolve(argument('ours') ?? distEntry)
const baseline = argument('baseline') ?? process.env.STARTUP_BASELINE

function howToGetBaseline(): string {
  const dir = path.join(os.tmpdir(), `ecs-deploy-${BASELINE_TAG}`)
  return [
    `The baseline is the released dist/ of aws-actions/amazon-ecs-deploy-task-definition at ${BASELINE_TAG}; get it into a temporary folder (never into this repository):`,
    `  git clone --depth 1 --branch ${BASELINE_TAG} https://github.com/aws-actions/amazon-ecs-deploy-task-definition ${dir}`,
    `  npm run bench:startup -- --baseline ${dir}/dist/index.js`,
    `(or set STARTUP_BASELINE=${dir}/dist/index.js)`
  ].join('\n')
}

interface Contender {
  name: string
  entry: string
  inputs: Record<string, string>
  times: number[]
  cpu: number[]
  firstCall?: string
  /** dist/index.js and its chunks, in MB. */
  size: string
}

/** Milliseconds the process's threads have been on a CPU (Linux's schedstat), or NaN where there is none. */
function cpuMs(pid: number | undefined): number {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`)
    const ns = tasks.reduce((sum, task) => {
      const stat = fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8')
      return sum + Number(stat.split(' ')[0])
    }, 0)
    return ns / 1e6
  } catch {
    return NaN
  }
}

interface FirstRequest {
  at: number
  cpu: number
  call: string
}

/** One local "AWS": notes the first request of the process being measured, and refuses it. */
class FirstRequestServer {
  private waiting?: { pid?: number; arrived: (request: FirstRequest) => void }
  private readonly server = http.createServer((req, res) => {
    const at = performance.now()
    const waiting = this.waiting
    this.waiting = undefined
    // Read at once: the process goes on running while its request is answered.
    const cpu = waiting ? cpuMs(waiting.pid) : NaN
    const credential = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')
    const target = String(req.headers['x-amz-target'] ?? '').split('.')[1]
    let body = ''
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const action = /(?:^|&)Action=(\w+)/.exec(body)?.[1]
      waiting?.arrived({ at, cpu, call: `${credential?.[1] ?? '?'} ${target ?? action ?? '?'}` })
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'startup benchmark' }))
    })
  })

  async listen(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`
  }

  /** The next request; `pid` is the process whose CPU time to read when it arrives. */
  nextRequest(pid: number | undefined): Promise<FirstRequest> {
    return new Promise(arrived => (this.waiting = { pid, arrived }))
  }

  close(): void {
    this.server.closeAllConnections()
    this.server.close()
  }
}

async function measure(
  node: string,
  contender: Contender,
  env: Record<string, string>,
  server: FirstRequestServer,
  cwd: string
): Promise<FirstRequest & { ms: number }> {
  let output = ''
  const started = performance.now()
  const child = spawn(node, [contender.entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  // No request can arrive before this function yields, so waiting for it after spawn() misses none.
  const first = server.nextRequest(child.pid)
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number>(resolve => child.on('exit', code => resolve(code ?? 0)))
  const result = await Promise.race([first, exited])
  if (typeof result === 'number')
    throw new Error(`${contender.name} exited (${result}) before any AWS request:\n${output}`)
  child.kill('SIGKILL')
  await exited
  return { ...result, ms: result.at - started }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function bundleSize(entry: string): string {
  const dir = path.dirname(entry)
  const chunks = fs.readdirSync(dir).filter(f => f.endsWith('.js') && f !== path.basename(entry))
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
  const main = fs.statSync(entry).size
  const rest = chunks.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0)
  return chunks.length ? `${mb(main)} (+ ${chunks.length} chunks, ${mb(rest)})` : mb(main)
}

/** bench/sdk-floor.ts bundled as the action is (ncc, then scripts/finish-bundle.ts), in a temporary folder. */
function buildFloor(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sdk-floor-'))
  const root = path.resolve(import.meta.dirname, '..')
  const tool = (bin: string, args: string[]) =>
    execFileSync(path.join(root, 'node_modules', '.bin', bin), args, { cwd: root, stdio: 'ignore' })
  tool('ncc', ['build', 'bench/sdk-floor.ts', '-o', out, '-m'])
  tool('tsx', ['scripts/finish-bundle.ts', out])
  return path.join(out, 'index.js')
}

async function main(): Promise<void> {
  if (!baseline || !fs.existsSync(baseline)) {
    console.error(baseline ? `No baseline at ${baseline}.` : 'No baseline given.')
    console.error(howToGetBaseline())
    process.exit(2)
  }
  if (!fs.existsSync(ours)) throw new Error(`${ours} is missing: run npm run package first`)
  const node = await node24Binary()
  const server = new FirstRequestServer()
  const endpoint = await server.listen()
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'))
  fs.cpSync(examplePath('java-service'), workspace, { recursive: true })
  const files: RunnerFiles = {
    workspace,
    runnerTemp: path.join(workspace, '.runner-temp'),
    eventPath: path.join(workspace, '.event.json'),
    outputFile: path.join(workspace, '.output'),
    summaryFile: path.join(workspace, '.summary'),
    envFile: path.join(workspace, '.env'),
    stateFile: path.join(workspace, '.state')
  }
  fs.mkdirSync(files.runnerTemp)
  const event = releaseEvent({ tag: 'v1.0.0' })
  fs.writeFileSync(files.eventPath, JSON.stringify(event.payload))
  const common = { 'task-definition': 'task-definition.json', cluster: 'default', service: 'web' }
  const contenders: Contender[] = [
    {
      name: 'this action',
      entry: ours,
      inputs: { ...common, 'container-name': 'app', 'ecr-repository': 'web' },
      times: [],
      cpu: [],
      size: bundleSize(ours)
    },
    {
      name: `official ${BASELINE_TAG}`,
      entry: path.resolve(baseline),
      inputs: common,
      times: [],
      cpu: [],
      size: bundleSize(baseline)
    }
  ]
  const envFor = (contender: Contender): Record<string, string> => {
    for (const file of [files.outputFile, files.summaryFile, files.envFile, files.stateFile])
      fs.writeFileSync(file, '')
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      ...runnerEnvironment(event, contender.inputs, files, { runId: 1, runNumber: 1, runAttempt: 1 }),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL: endpoint
    }
  }
  const floor = withFloor ? buildFloor() : undefined
  if (floor)
    contenders.push({
      name: 'the SDK alone',
      entry: floor,
      inputs: common,
      times: [],
      cpu: [],
      size: bundleSize(floor)
    })
  try {
    for (const contender of contenders) {
      const warm = await measure(node, contender, envFor(contender), server, workspace)
      contender.firstCall = warm.call
    }
    for (let round = 0; round < runs; round++) {
      const order = round % 2 ? [...contenders].reverse() : contenders
      for (const contender of order) {
        const measured = await measure(node, contender, envFor(contender), server, workspace)
        contender.times.push(measured.ms)
        contender.cpu.push(measured.cpu)
      }
    }
  } finally {
    server.close()
    fs.rmSync(workspace, { recursive: true, force: true })
    if (floor) fs.rmSync(path.dirname(floor), { recursive: true, force: true })
  }

  const version = execFileSync(node, ['--version']).toString().trim()
  const ms = (value: number) => value.toFixed(0)
  console.log(`Startup: process start → first AWS request, ${runs} runs each, alternating, Node ${version}`)
  console.log(
    `load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`
  )
  console.log('| bundle | first request | median ms | min | max | CPU ms (median) | dist/index.js |')
  console.log('|---|---|---:|---:|---:|---:|---|')
  for (const c of contenders)
    console.log(
      `| ${c.name} | ${c.firstCall} | ${ms(median(c.times))} | ${ms(Math.min(...c.times))} | ${ms(Math.max(...c.times))} | ${ms(median(c.cpu))} | ${c.size} |`
    )
  const [ourWall, theirWall] = contenders.map(c => median(c.times)) as [number, number]
  const [ourCpu, theirCpu] = contenders.map(c => median(c.cpu)) as [number, number]
  console.log(
    `ratio of medians, this action / official: ${(ourWall / theirWall).toFixed(2)} (target at most 0.70); CPU time ${(ourCpu / theirCpu).toFixed(2)}`
  )
  const sdk = contenders[2]
  if (sdk) {
    const floorWall = median(sdk.times)
    console.log(
      `the SDK alone / official: ${(floorWall / theirWall).toFixed(2)}; the action's own work before its first request: ` +
        `${ms(ourWall - floorWall)} ms, ${((ourWall - floorWall) / theirWall).toFixed(2)} of the official's time`
    )
  }
}

main().catch(e => {
  console.error(e)
  process.exit(1)
})
