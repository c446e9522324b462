// Progress lines of several services followed together, each prefixed with its service so the log reads as one story.
import type { Logger } from '../log.js'

/** The logger with every line prefixed "[name] "; a group keeps its name prefixed too. */
export function serviceLogger(logger: Logger, name: string): Logger {
  const prefix = `[${name}] `
  // Every line of a multi-line message, so a stopped task's log tail still shows whose it is.
  const each = (message: string) =>
    message
      .split(/\r\n|\r|\n/)
      .map(line => prefix + line)
      .join('\n')
  return {
    info: message => logger.info(each(message)),
    debug: message => logger.debug(each(message)),
    warning: (message, annotation) => logger.warning(prefix + message, annotation),
    error: (message, annotation) => logger.error(prefix + message, annotation),
    group: (name, fn) => logger.group(prefix + name, fn)
  }
}
