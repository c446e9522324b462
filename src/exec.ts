import * as actionsExec from '@actions/exec'

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

export const processRunner: Runner = {
  async run(command, args, options = {}) {
    const env = options.env ? { ...(process.env as Record<string, string>), ...options.env } : undefined
    const result = await actionsExec.getExecOutput(command, [...args], {
      cwd: options.cwd,
      env,
      input: options.input === undefined ? undefined : Buffer.from(options.input),
      silent: options.silent ?? false,
      ignoreReturnCode: true
    })
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }
}

/** The command line as a person would type it, for logs and dry-run plans. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map(quoteArg).join(' ')
}

function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}
