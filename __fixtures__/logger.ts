import type { Annotation, Logger } from '../src/log.js'

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
