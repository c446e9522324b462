// Small helpers for the words of a problem: values quoted and bounded, so one huge value cannot flood the log.

const MAX_QUOTED = 80

/** A value as JSON, cut to a readable length. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED - 1)}…`
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** The allowed value with the same spelling in another case, for "did you mean". */
export function sameIgnoringCase(value: string, allowed: readonly string[]): string | undefined {
  return allowed.find(a => a.toLowerCase() === value.toLowerCase())
}
