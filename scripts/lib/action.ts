// Running the bundled action exactly as the GitHub runner does: Node 24 on dist/index.js, inputs as
// INPUT_* variables, the event payload in a file, and the command files read back afterwards.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {
  parseCommandFile,
  releaseEvent,
  runnerEnvironment,
  type GithubEvent,
  type RunNumbers
} from './github.js'
import { distEntry } from './paths.js'
import { node24Binary } from './tools.js'

export interface RunActionOptions {
  /** Inputs by their action.yml names (`task-definition`, ...). */
  inputs: Record<string, string>
  /** The triggering event; a `release: published` for v1.0.0 unless given. */
  event?: GithubEvent
  /** The checked-out repository: GITHUB_WORKSPACE and the step's working directory. */
  workspace: string
  /** Environment on top of the runner's own (AWS endpoints and keys, podman and Maven set-up, ...). */
  env?: Record<string, string>
  /** Where RUNNER_TEMP and the command files go; a directory next to the workspace unless given. */
  runnerDir?: string
  run?: Partial<RunNumbers>
  /** Kills the action (and what it started) after this long. */
  timeoutMs?: number
  /** Sees the action's output as it comes, e.g. to print it live. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  /** The bundle to run; dist/index.js unless given. */
  entry?: string
  /** Ends the action (and what it started) when aborted, e.g. on Ctrl-C. */
  signal?: AbortSignal
  /**
   * Cancels the run as the runner does once the output so far passes this test: SIGINT to the action's process,
   * SIGTERM 7.5 s later if it still runs, and the process group killed 2.5 s after that.
   */
  cancelWhen?: (stdoutSoFar: string) => boolean
}

/** The runner's cancellation: SIGINT, then SIGTERM after this long, then the kill this long after that. */
export const RUNNER_SIGTERM_AFTER_MS = 7_500
export const RUNNER_KILL_AFTER_MS = 2_500

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  /** The outputs the action set, from its GITHUB_OUTPUT file. */
  outputs: Record<string, string>
  /** What the action added to the job summary (Markdown). */
  summary: string
  /** Variables the action exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>
  durationMs: number
  event: GithubEvent
  timedOut: boolean
  /** With cancelWhen: the signals sent, with the ms since the start of the run each was sent at. */
  cancellation?: { signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL'; atMs: number }[]
}

/** Variables of this process that a runner's step would also have; everything else stays out. */
const inheritedVariables = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'JAVA_HOME',
  'XDG_RUNTIME_DIR'
]

let runCounter = 0

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const event = options.event ?? releaseEvent({ tag: 'v1.0.0' })
  const runnerDir = options.runnerDir ?? fs.mkdtempSync(`${options.workspace.replace(/\/+$/, '')}-runner-`)
  const files = {
    workspace: options.workspace,
    runnerTemp: path.join(runnerDir, 'temp'),
    eventPath: path.join(runnerDir, 'event.json'),
    outputFile: path.join(runnerDir, 'output'),
    summaryFile: path.join(runnerDir, 'step_summary'),
    envFile: path.join(runnerDir, 'env'),
    stateFile: path.join(runnerDir, 'state')
  }
  fs.mkdirSync(files.runnerTemp, { recursive: true })
  fs.writeFileSync(files.eventPath, JSON.stringify(event.payload, null, 2))
  for (const file of [files.outputFile, files.summaryFile, files.envFile, files.stateFile])
    fs.writeFileSync(file, '')

  runCounter++
  const run: RunNumbers = {
    runId: options.run?.runId ?? 7_000_000_000 + (Date.now() % 1_000_000) * 10 + (runCounter % 10),
    runNumber: options.run?.runNumber ?? 40 + runCounter,
    runAttempt: options.run?.runAttempt ?? 1
  }
  const inherited: Record<string, string> = {}
  for (const name of inheritedVariables)
    if (process.env[name] !== undefined) inherited[name] = process.env[name]!
  const env = { ...inherited, ...runnerEnvironment(event, options.inputs, files, run), ...options.env }

  const node = await node24Binary()
  const started = Date.now()
  const result = await spawnCollect(node, [options.entry ?? distEntry], {
    cwd: options.workspace,
    env,
    timeoutMs: options.timeoutMs ?? 600_000,
    onOutput: options.onOutput,
    signal: options.signal,
    cancelWhen: options.cancelWhen
  })
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')
  return {
    ...result,
    outputs: parseCommandFile(read(files.outputFile)),
    summary: read(files.summaryFile),
    exportedEnv: parseCommandFile(read(files.envFile)),
    durationMs: Date.now() - started,
    event
  }
}

interface SpawnOptions {
  cwd: string
  env: Record<string, string>
  timeoutMs: number
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  signal?: AbortSignal
  cancelWhen?: (stdoutSoFar: string) => boolean
}

function spawnCollect(
  command: string,
  args: string[],
  options: SpawnOptions
): Promise<{
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
  cancellation?: ActionRun['cancellation']
}> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends the builds and pushes the action started.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const startedAt = Date.now()
    let cancellation: NonNullable<ActionRun['cancellation']> | undefined
    const cancelTimers: NodeJS.Timeout[] = []
    const send = (signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      cancellation?.push({ signal, atMs: Date.now() - startedAt })
      try {
        if (signal === 'SIGKILL') process.kill(-child.pid, 'SIGKILL')
        else child.kill(signal)
      } catch {
        // already gone
      }
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      options.onOutput?.(chunk, 'stdout')
      if (!cancellation && options.cancelWhen?.(stdout)) {
        cancellation = []
        send('SIGINT')
        cancelTimers.push(
          setTimeout(() => send('SIGTERM'), RUNNER_SIGTERM_AFTER_MS),
          setTimeout(() => send('SIGKILL'), RUNNER_SIGTERM_AFTER_MS + RUNNER_KILL_AFTER_MS)
        )
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      options.onOutput?.(chunk, 'stderr')
    })
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid)
    }, options.timeoutMs)
    const abort = () => killGroup(child.pid)
    options.signal?.addEventListener('abort', abort, { once: true })
    child.on('error', error => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', abort)
      reject(new Error(`Could not start ${command}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      for (const cancelTimer of cancelTimers) clearTimeout(cancelTimer)
      options.signal?.removeEventListener('abort', abort)
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        timedOut,
        ...(cancellation ? { cancellation } : {})
      })
    })
  })
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
