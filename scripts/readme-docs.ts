// The README's input and output tables, generated from action.yml so the two cannot drift.
// `npm run docs` rewrites the tables; __tests__/scripts/readme-docs.test.ts fails when they differ.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

interface ActionInput {
  description?: string
  required?: boolean
  default?: string
}

interface ActionMetadata {
  inputs?: Record<string, ActionInput>
  outputs?: Record<string, { description?: string }>
}

const MARKERS = {
  inputs: ['<!-- inputs:start (generated from action.yml by npm run docs) -->', '<!-- inputs:end -->'],
  outputs: ['<!-- outputs:start (generated from action.yml by npm run docs) -->', '<!-- outputs:end -->']
} as const

function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
}

export function inputsTable(actionYml: string): string {
  const metadata = parse(actionYml) as ActionMetadata
  const rows = Object.entries(metadata.inputs ?? {}).map(([name, input]) => {
    const def = input.default !== undefined ? `\`${input.default}\`` : input.required ? 'required' : ''
    return `| \`${name}\` | ${def} | ${cell(input.description ?? '')} |`
  })
  return ['| Input | Default | Description |', '|---|---|---|', ...rows].join('\n')
}

export function outputsTable(actionYml: string): string {
  const metadata = parse(actionYml) as ActionMetadata
  const rows = Object.entries(metadata.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`
  )
  return ['| Output | Description |', '|---|---|', ...rows].join('\n')
}

/** The README with both tables regenerated. */
export function updateReadme(readme: string, actionYml: string): string {
  let text = readme
  for (const [kind, table] of [
    ['inputs', inputsTable(actionYml)],
    ['outputs', outputsTable(actionYml)]
  ] as const) {
    const [start, end] = MARKERS[kind]
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    if (from === -1 || to === -1 || to < from)
      throw new Error(`README.md lacks the ${kind} markers ${start} ... ${end}`)
    text = `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`
  }
  return text
}

/** What differs between the README and action.yml, one line a difference; empty when in sync. */
export function readmeDrift(readme: string, actionYml: string): string[] {
  const expected = updateReadme(readme, actionYml)
  if (expected === readme) return []
  const have = new Set(readme.split('\n'))
  const want = new Set(expected.split('\n'))
  return [
    ...[...want].filter(l => !have.has(l)).map(l => `missing from README.md: ${l}`),
    ...[...have].filter(l => !want.has(l)).map(l => `not in action.yml: ${l}`)
  ]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const readmePath = path.join(root, 'README.md')
  const updated = updateReadme(
    fs.readFileSync(readmePath, 'utf8'),
    fs.readFileSync(path.join(root, 'action.yml'), 'utf8')
  )
  fs.writeFileSync(readmePath, updated)
  console.log('README.md inputs and outputs regenerated from action.yml')
}
