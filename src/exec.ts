import type { ChildProcess } from 'node:child_process'
import { actionsLogger, LineSplitter, withCommandsStopped, type Logger } from './log.js'

export interface CommandOptions {
  cwd?: string
  /** Extra environment for the process, on top of the runner's. */
  env?: Record<string, string>
  /** Written to the process's standard input (how secrets reach a process: never in argv). */
  input?: string
  /** Keep the output out of the log (it is still returned). */
  silent?: boolean
}

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Every external process goes through this one boundary: an argument array, never a shell. */
export interface Runner {
  run(command: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult>
  /** On cancellation: stops the processes still running (SIGTERM); returns their names. */
  stopRunning?(): string[]
}

/** Runs a block of output the action does not write itself (withCommandsStopped in the action). */
export type OutputFence = <T>(fn: () => Promise<T>) => Promise<T>

/**
 * Runs processes (node:child_process, no shell) and streams their output to the log through `logger`, line by line as the lines
 * complete, inside `fence`: stdout and stderr both, since the runner reads both for commands. Never raw.
 */
export function createProcessRunner(
  logger: Logger = actionsLogger,
  fence: OutputFence = withCommandsStopped
): Runner {
  return {
    async run(command, args, options = {}) {
      const env = options.env ? { ...(process.env as Record<string, string>), ...options.env } : undefined
      const shown = !options.silent
      const out = new Output(shown ? logger : undefined)
      const err = new Output(shown ? logger : undefined)
      const exec = async (): Promise<CommandResult> => {
        const exitCode = await spawnAndWait(command, args, options.cwd, env, options.input, out, err)
        // The last lines, when they did not end with a line break, still inside the fence.
        return { exitCode, stdout: out.end(), stderr: err.end() }
      }
      if (shown) logger.info(`[command]${formatCommand(command, args)}`)
      return shown ? fence(exec) : exec()
    },
    stopRunning: () => stopRunningProcesses()
  }
}

export const processRunner: Runner = createProcessRunner()

/** The processes running now, so a cancelled run can stop them (podman, maven) rather than leave them to the kill. */
const running = new Set<ChildProcess>()

/** Sends `signal` to every process the runner started that still runs; returns how many. */
export function stopRunningProcesses(signal: NodeJS.Signals = 'SIGTERM'): string[] {
  const stopped: string[] = []
  for (const child of running) {
    if (child.exitCode !== null || child.signalCode !== null) continue
    child.kill(signal)
    stopped.push(child.spawnfile)
  }
  return stopped
}

/** Starts the process (no shell), feeds it `input`, and resolves with its exit code once its output is closed. */
async function spawnAndWait(
  command: string,
  args: readonly string[],
  cwd: string | undefined,
  env: NodeJS.ProcessEnv | undefined,
  input: string | undefined,
  out: Output,
  err: Output
): Promise<number> {
  // Loaded with the first process, not at the start: no process runs before the first AWS call.
  const { spawn } = await import('node:child_process')
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env: env ?? process.env, stdio: 'pipe' })
    running.add(child)
    child.stdout.on('data', (chunk: Buffer) => out.write(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.write(chunk))
    child.stdin.on('error', () => undefined) // a process that exits without reading its input
    child.stdin.end(input === undefined ? undefined : Buffer.from(input))
    child.on('error', e => {
      running.delete(child)
      const code = (e as NodeJS.ErrnoException).code
      reject(code === 'ENOENT' ? new Error(`Unable to locate executable file: ${command}`) : e)
    })
    child.on('close', (code, signal) => {
      running.delete(child)
      // A process ended by a signal has no exit code; 128 + the signal's number is what a shell would report.
      resolve(code ?? 128 + (signal ? signalNumber(signal) : 0))
    })
  })
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1
}

/** One stream of a process: kept whole for the caller, and shown line by line as the lines complete. */
class Output {
  private readonly chunks: Buffer[] = []
  private readonly lines?: LineSplitter

  constructor(logger: Logger | undefined) {
    if (logger) this.lines = new LineSplitter(line => logger.info(line))
  }

  write(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.lines?.write(chunk)
  }

  end(): string {
    this.lines?.end()
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

/** The command line as a person would type it, for logs and dry-run plans. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map(quoteArg).join(' ')
}

function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}
