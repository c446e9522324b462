import * as core from '@actions/core'

/** Annotation properties a log line can carry on the run page. */
export interface Annotation {
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

/** Where the pipeline tells its story. `core` in the action; a recorder in tests. */
export interface Logger {
  info(message: string): void
  debug(message: string): void
  warning(message: string, annotation?: Annotation): void
  error(message: string, annotation?: Annotation): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export const actionsLogger: Logger = {
  info: message => core.info(message),
  debug: message => core.debug(message),
  warning: (message, annotation) => core.warning(message, annotation),
  error: (message, annotation) => core.error(message, annotation),
  group: (name, fn) => core.group(name, fn)
}

/** A Logger that keeps every line: for tests that assert on what a user would read. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = []
  readonly warnings: { message: string; annotation?: Annotation }[] = []
  readonly errors: { message: string; annotation?: Annotation }[] = []
  info(message: string): void {
    this.lines.push(message)
  }
  debug(message: string): void {
    this.lines.push(`::debug::${message}`)
  }
  warning(message: string, annotation?: Annotation): void {
    this.warnings.push({ message, annotation })
    this.lines.push(`::warning::${message}`)
  }
  error(message: string, annotation?: Annotation): void {
    this.errors.push({ message, annotation })
    this.lines.push(`::error::${message}`)
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`::group::${name}`)
    try {
      return await fn()
    } finally {
      this.lines.push('::endgroup::')
    }
  }
  text(): string {
    return this.lines.join('\n')
  }
}
