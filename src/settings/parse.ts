// Reading input values: lines, templates, command lines. Pure.

export const TAG_PLACEHOLDERS = ['version', 'sha', 'short-sha', 'run-number', 'run-attempt', 'ref'] as const

export function lines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
}

export function checkTemplate(name: string, template: string, problems: string[]): void {
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    const placeholder = match[1] ?? ''
    if (!(TAG_PLACEHOLDERS as readonly string[]).includes(placeholder))
      problems.push(
        `${name} has the unknown placeholder {${placeholder}}; use ${TAG_PLACEHOLDERS.map(p => `{${p}}`).join(', ')}.`
      )
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, '')))
    problems.push(`${name} "${template}" has an unmatched brace; write placeholders as {name}.`)
}

/** Splits a command line into words: spaces separate, single or double quotes group. No shell is involved. */
export function splitWords(commandLine: string): string[] {
  const words: string[] = []
  let current = ''
  let quote: string | undefined
  let inWord = false
  for (const ch of commandLine) {
    if (quote) {
      if (ch === quote) quote = undefined
      else current += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += ch
      inWord = true
    }
  }
  if (quote) throw new Error(`has an unclosed ${quote} quote; close it or remove it.`)
  if (inWord) words.push(current)
  if (words.length === 0) throw new Error('is empty; give a command, e.g. ./gradlew bootJar.')
  return words
}

/** A whole-number input from min to max; undefined when not given or wrong (then the problem is added). */
export function wholeNumberInput(
  raw: string,
  name: string,
  range: { min: number; max: number },
  problems: string[]
): number | undefined {
  if (raw === '') return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < range.min || Number(raw) > range.max) {
    problems.push(`${name} is "${raw}"; use a whole number from ${range.min} to ${range.max}.`)
    return undefined
  }
  return Number(raw)
}
