// Every text of the report reaches the page through one of these three, which also bound its length.
import { cutLine } from '../log.js'

/** One text of the report (a change, a plan line, an event, a reason, a log line) is cut after this many characters. */
export const MAX_TEXT_CHARS = 1000

export function code(text: string): string {
  return '`' + cutLine(text, MAX_TEXT_CHARS).replace(/`/g, "'") + '`'
}

/** Keeps user-controlled text (release names, event messages) from breaking the table or page. */
export function escapeMd(text: string): string {
  return cutLine(text, MAX_TEXT_CHARS)
    .replace(/[|<>]/g, c => `\\${c}`)
    .replace(/\r?\n/g, ' ')
}

export function stripFence(text: string): string {
  return cutLine(text, MAX_TEXT_CHARS).replace(/```/g, "'''")
}
