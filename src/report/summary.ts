// The job summary: what a person reads on the run page. Pure: a report in, markdown out.
import { shortArn } from '../aws/arn.js'
import { formatDuration } from '../duration.js'
import type { Release } from '../release.js'
import type { CodeDeployTimeline, StageSpan, StoppedTaskReport } from '../rollout/types.js'
import { codeDeploySections, timelineSection } from './lifecycle.js'
import { code, escapeMd, stripFence } from './markdown.js'

export interface StageTiming {
  stage: string
  ms: number
  note?: string
}

export interface RunReport {
  dryRun: boolean
  ok: boolean
  /** One line: what happened, or why it failed. */
  headline: string
  release?: Release
  cluster?: string
  service?: string
  region?: string
  account?: string
  image?: { uri: string; tag?: string; digest?: string; sizeBytes?: number; reused?: boolean }
  taskDefinition?: {
    family: string
    /** Where the task definition came from (a file, or ECS and which revision). */
    origin?: string
    previousArn?: string
    arn?: string
    revision?: number
    registered: boolean
    changes: string[]
    renderedPath?: string
  }
  deploymentId?: string
  rolloutState?: string
  stages: StageTiming[]
  events: { createdAt: Date; message: string }[]
  /** The lifecycle stages of a service deployment (BLUE_GREEN, LINEAR, CANARY) with their times. */
  timeline?: StageSpan[]
  /** CodeDeploy: each deployment followed with its lifecycle events (status, times) and task sets (weights). */
  codeDeploy?: CodeDeployTimeline[]
  /** Tasks of this run's deployment that ECS stopped, when the rollout failed. */
  stoppedTasks?: StoppedTaskReport[]
  failure?: { cause: string; details: string[] }
  /** The workflow run was cancelled: when, and what became of the deployment. */
  cancellation?: { signal: string; stage?: string; onCancel: string; lines: string[] }
  plan?: string[]
  iamPolicy?: string
  /** Several services of one release: one row each. */
  services?: ServiceRow[]
}

export interface ServiceRow {
  name: string
  cluster: string
  previousArn?: string
  arn?: string
  registered: boolean
  deploymentId?: string
  state: string
  /** Rolled back after another service failed (rollback-scope all). */
  rolledBackWithRelease: boolean
  /** Its own rollout was still in progress when it was rolled back with the release. */
  stoppedMidRollout?: boolean
  /** From its update to the end of its rollout (or rollback). */
  ms?: number
}

/** GitHub drops a step summary over 1 MiB (the runner's AttachmentSizeLimit, in bytes of the file). */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
/** What renderSummary stays within, leaving room for the line end core.summary adds and for other writers. */
export const SUMMARY_BUDGET_BYTES = SUMMARY_LIMIT_BYTES - 64 * 1024
/** Changes and plan lines shown; the rest are counted. */
const MAX_LIST_ITEMS = 100
const MAX_DETAIL_LINES = 200
const MAX_POLICY_CHARS = 60_000

/** The job summary in Markdown: every text in it bounded, long lists abbreviated with a count, the whole in budget. */
export function renderSummary(report: RunReport): string {
  return withinBudget(summaryLines(report), SUMMARY_BUDGET_BYTES)
}

function summaryLines(report: RunReport): string[] {
  const out: string[] = []
  const icon = report.dryRun ? '📝' : report.ok ? '✅' : '❌'
  const what = report.service ? `${report.service}${report.cluster ? ` on ${report.cluster}` : ''}` : 'ECS'
  out.push(`## ${icon} ${report.dryRun ? 'Dry run: ' : ''}Release to ${escapeMd(what)}`, '')

  // A failure leads with its cause (the headline would only repeat it); a success with what now serves.
  if (report.failure) out.push(...failureSection(report.failure, report.stoppedTasks ?? []))
  else out.push(escapeMd(report.headline), '')
  if (report.cancellation) out.push(...cancellationSection(report.cancellation))

  const rows = factRows(report)
  // The first fact (the release, usually) doubles as the table's header: GitHub has no header-less tables.
  const [head, ...rest] = rows
  if (head)
    out.push(`| ${head[0]} | ${head[1]} |`, '|:---|:---|', ...rest.map(([k, v]) => `| ${k} | ${v} |`), '')

  if (report.services) out.push(...servicesTable(report.services))
  const td = report.taskDefinition
  if (report.plan && report.plan.length > 0)
    out.push('### Plan', '', ...bulletList(report.plan, 'plan lines'), '')
  if (td && td.changes.length > 0)
    out.push(`### What changed in ${escapeMd(td.family)}`, '', ...bulletList(td.changes, 'changes'), '')
  if (report.stages.length > 0) {
    const total = report.stages.reduce((sum, s) => sum + s.ms, 0)
    out.push('### Time per stage', '', '| Stage | Time | Detail |', '|:---|---:|:---|')
    for (const s of report.stages)
      out.push(`| ${s.stage} | ${formatDuration(s.ms)} | ${escapeMd(s.note ?? '')} |`)
    out.push(`| **Total** | **${formatDuration(total)}** | |`, '')
  }
  if (report.timeline && report.timeline.length > 0) out.push(...timelineSection(report.timeline))
  if (report.codeDeploy && report.codeDeploy.length > 0) out.push(...codeDeploySections(report.codeDeploy))
  if (report.events.length > 0) {
    const shown = report.events.slice(-MAX_EVENTS)
    const title = `Service events during the rollout (UTC${shown.length < report.events.length ? `, last ${shown.length} of ${report.events.length}` : ''})`
    // Short lists are open; a long one would push everything else off the page.
    out.push(shown.length > OPEN_EVENTS ? '<details>' : '<details open>', `<summary>${title}</summary>`, '')
    out.push('| Time | Event |', '|:---|:---|')
    for (const e of shown)
      out.push(
        `| ${e.createdAt.toISOString().slice(11, 19)} | ${escapeMd(withoutServicePrefix(e.message, report.service))} |`
      )
    out.push('', '</details>', '')
  }
  if (report.iamPolicy && report.iamPolicy.length > MAX_POLICY_CHARS)
    out.push(
      `The least-privilege IAM policy for this deploy is ${report.iamPolicy.length.toLocaleString('en-US')} characters long: ` +
        'too long to show here; it is in the iam-policy output.',
      ''
    )
  else if (report.iamPolicy) {
    out.push(
      '<details><summary>Least-privilege IAM policy for this deploy</summary>',
      '',
      '```json',
      report.iamPolicy,
      '```',
      '',
      '</details>',
      ''
    )
  }
  return out
}

/** One row per service of the release: revision old → new, deployment, result, time. */
function servicesTable(rows: ServiceRow[]): string[] {
  const out = [
    '### Services',
    '',
    '| Service | Task definition | Deployment | Result | Time |',
    '|:---|:---|:---|:---|---:|'
  ]
  for (const r of rows) {
    const before = r.previousArn ? code(shortArn(r.previousArn)) : 'none'
    const after = r.arn ? code(shortArn(r.arn)) : '—'
    const words = r.rolledBackWithRelease
      ? `${r.stoppedMidRollout ? 'stopped mid-rollout' : 'completed'}, rolled back with the release`
      : (ROLLOUT_WORDS[r.state] ?? (r.state === 'NOT_UPDATED' ? 'not updated' : ''))
    out.push(
      `| ${code(r.name)} in ${code(r.cluster)} | ${before} → ${after}${r.arn && !r.registered ? ' (unchanged)' : ''} | ` +
        `${r.deploymentId ? code(r.deploymentId) : ''} | **${escapeMd(r.state)}**${words ? ` (${words})` : ''} | ` +
        `${r.ms !== undefined ? formatDuration(r.ms) : ''} |`
    )
  }
  out.push('')
  return out
}

/** The first MAX_LIST_ITEMS as a bullet list, and how many more there are. */
function bulletList(items: string[], noun: string): string[] {
  const shown = items.slice(0, MAX_LIST_ITEMS).map(item => `- ${escapeMd(item)}`)
  const more = items.length - MAX_LIST_ITEMS
  return more > 0
    ? [...shown, `- … and ${more.toLocaleString('en-US')} more ${noun} (the log lists them all)`]
    : shown
}

/** Lines of a text block (an explanation), at most MAX_DETAIL_LINES of them, for a fenced block. */
function textBlock(lines: string[]): string[] {
  const shown = lines.slice(0, MAX_DETAIL_LINES).map(stripFence)
  const more = lines.length - MAX_DETAIL_LINES
  return more > 0 ? [...shown, `… and ${more.toLocaleString('en-US')} more lines`] : shown
}

/**
 * The lines joined, or, when they would pass `budget` bytes, as many whole lines as fit, with any open code block
 * and <details> closed, and a note of what was left out. Nothing above makes this likely; it is the guarantee.
 */
export function withinBudget(lines: string[], budget: number): string {
  const whole = lines.join('\n')
  if (Buffer.byteLength(whole) <= budget) return whole
  const note = (left: number) =>
    `_The summary is cut here: ${left.toLocaleString('en-US')} more lines would pass GitHub's limit of 1 MiB per step. The log has everything._`
  const out: string[] = []
  let bytes = 0
  let fenced = false
  let details = 0
  const reserve = 1024 // the closing lines and the note
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1
    if (bytes + size > budget - reserve) break
    out.push(line)
    bytes += size
    if (line.startsWith('```')) fenced = !fenced
    else if (!fenced && line.startsWith('<details')) details++
    else if (!fenced && line === '</details>') details--
  }
  const left = lines.length - out.length
  if (fenced) out.push('```')
  for (; details > 0; details--) out.push('', '</details>')
  out.push('', note(left))
  return out.join('\n')
}

const MAX_EVENTS = 30
const OPEN_EVENTS = 12

/** Rollout states whose name alone does not say enough. */
const ROLLOUT_WORDS: Record<string, string> = {
  ROLLED_BACK: 'failed, rolled back',
  ROLLING_BACK: 'failed, ECS rolling back',
  REPLACED: 'by another deployment',
  PAUSED: 'waits on a pause hook',
  SKIPPED: 'started, not followed'
}

function factRows(report: RunReport): [string, string][] {
  const rows: [string, string][] = []
  const r = report.release
  if (r) {
    const name = r.releaseUrl
      ? `[${escapeMd(r.releaseName ?? r.ref)}](${r.releaseUrl})`
      : escapeMd(r.releaseName ?? r.ref)
    rows.push([
      'Release',
      `${name} (version ${code(r.version)}${r.prerelease ? ', pre-release' : ''}, ${r.event})`
    ])
    rows.push(['Commit', r.commitUrl ? `[${code(r.shortSha)}](${r.commitUrl})` : code(r.shortSha)])
  }
  if (report.image) {
    const i = report.image
    rows.push(['Image', `${code(i.uri)}${i.reused ? ' (already in ECR: not rebuilt)' : ''}`])
    if (i.digest) rows.push(['Digest', code(i.digest)])
    if (i.sizeBytes !== undefined) rows.push(['Size', formatBytes(i.sizeBytes)])
  }
  const td = report.taskDefinition
  if (td) {
    const before = td.previousArn ? code(shortArn(td.previousArn)) : 'none'
    const after = td.arn ? code(shortArn(td.arn)) : td.renderedPath ? 'rendered, not registered' : '—'
    rows.push([
      'Task definition',
      `${before} → ${after}${td.arn && !td.registered ? ' (unchanged: no new revision)' : ''}`
    ])
    if (td.origin) rows.push(['Task definition from', escapeMd(td.origin)])
  }
  if (report.service)
    rows.push([
      'Service',
      `${code(report.service)} in ${code(report.cluster ?? 'default')}${report.region ? ` (${report.region})` : ''}`
    ])
  if (report.deploymentId || report.rolloutState) {
    const state = report.rolloutState
      ? `**${report.rolloutState}**${ROLLOUT_WORDS[report.rolloutState] ? ` (${ROLLOUT_WORDS[report.rolloutState]})` : ''}`
      : ''
    rows.push([
      'Deployment',
      [report.deploymentId ? code(report.deploymentId) : '', state].filter(Boolean).join(' ')
    ])
  }
  return rows
}

function cancellationSection(cancellation: NonNullable<RunReport['cancellation']>): string[] {
  const during = cancellation.stage ? ` during ${escapeMd(cancellation.stage)}` : ''
  return [
    '### Cancelled',
    '',
    `The workflow run was cancelled (${cancellation.signal})${during}; on-cancel is ${cancellation.onCancel}.`,
    '',
    ...bulletList(cancellation.lines, 'lines'),
    ''
  ]
}

function failureSection(failure: NonNullable<RunReport['failure']>, stopped: StoppedTaskReport[]): string[] {
  const out = ['### Why it failed', '', `**${escapeMd(failure.cause)}**`, '']
  if (stopped.length > 0) {
    out.push(...stoppedTasksTable(stopped))
    // The full explanation, as the log printed it, for whoever wants every line.
    if (failure.details.length > 0)
      out.push(
        '<details><summary>The whole explanation, as in the log</summary>',
        '',
        '```text',
        ...textBlock(failure.details),
        '```',
        '',
        '</details>',
        ''
      )
  } else if (failure.details.length > 0) out.push('```text', ...textBlock(failure.details), '```', '')
  return out
}

/** Stopped tasks, one row each, then each distinct container log tail once (crash loops repeat the same lines). */
function stoppedTasksTable(stopped: StoppedTaskReport[]): string[] {
  const latest = [...stopped]
    .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
    .slice(-MAX_STOPPED)
  const out = [
    `Stopped tasks${latest.length < stopped.length ? ` (last ${latest.length} of ${stopped.length})` : ''}:`,
    '',
    '| Task | Stopped (UTC) | Reason | Containers |',
    '|:---|:---|:---|:---|'
  ]
  for (const t of latest) {
    const containers = t.containers
      .map(
        c =>
          `${code(c.name)}${c.exitCode !== undefined ? ` exit code ${c.exitCode}` : ''}${c.reason ? `: ${escapeMd(c.reason)}` : ''}`
      )
      .join('<br>')
    const task = `${code(shortArn(t.taskArn).slice(0, 12))}${t.taskDefinitionArn ? ` ${shortArn(t.taskDefinitionArn)}` : ''}`
    out.push(
      `| ${task} | ${t.stoppedAt ? t.stoppedAt.toISOString().slice(11, 19) : ''} | ${escapeMd(t.stoppedReason ?? '')} | ${containers} |`
    )
  }
  out.push('')
  const seen = new Set<string>()
  for (const t of latest)
    for (const c of t.containers) {
      const tail = c.logTail ?? []
      const key = `${c.name}\n${tail.join('\n')}`
      if (tail.length === 0 || seen.has(key)) continue
      seen.add(key)
      out.push(
        `Last log lines of ${code(c.name)} (task ${code(shortArn(t.taskArn).slice(0, 12))}):`,
        '',
        '```text',
        ...textBlock(tail),
        '```',
        ''
      )
    }
  return out
}

const MAX_STOPPED = 5

/** "(service web) has started 2 tasks" reads as "has started 2 tasks" under a heading that names the service. */
function withoutServicePrefix(message: string, service: string | undefined): string {
  if (!service) return message
  for (const prefix of [`(service ${service}) `, `service ${service} `])
    if (message.startsWith(prefix)) return message.slice(prefix.length)
  return message
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
