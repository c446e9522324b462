import * as actionsExec from '@actions/exec'
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
}

/** Runs a block of output the action does not write itself (withCommandsStopped in the action). */
export type OutputFence = <T>(fn: () => Promise<T>) => Promise<T>

/**
 * Runs processes with @actions/exec and streams their output to the log through `logger`, line by line as the lines
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
        const exitCode = await actionsExec.exec(command, [...args], {
          cwd: options.cwd,
          env,
          input: options.input === undefined ? undefined : Buffer.from(options.input),
          silent: true, // @actions/exec would copy the output to stdout raw
          ignoreReturnCode: true,
          listeners: { stdout: chunk => out.write(chunk), stderr: chunk => err.write(chunk) }
        })
        // The last lines, when they did not end with a line break, still inside the fence.
        return { exitCode, stdout: out.end(), stderr: err.end() }
      }
      if (shown) logger.info(`[command]${formatCommand(command, args)}`)
      return shown ? fence(exec) : exec()
    }
  }
}

export const processRunner: Runner = createProcessRunner()

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
