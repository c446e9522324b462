// The job summary: what a person reads on the run page. Pure: a report in, markdown out.
import { shortArn } from '../aws/arn.js'
import type { Release } from '../release.js'
import type { StoppedTaskReport } from '../rollout/types.js'

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
  /** Tasks of this run's deployment that ECS stopped, when the rollout failed. */
  stoppedTasks?: StoppedTaskReport[]
  failure?: { cause: string; details: string[] }
  plan?: string[]
  iamPolicy?: string
}

export function renderSummary(report: RunReport): string {
  const out: string[] = []
  const icon = report.dryRun ? '📝' : report.ok ? '✅' : '❌'
  const what = report.service ? `${report.service}${report.cluster ? ` on ${report.cluster}` : ''}` : 'ECS'
  out.push(`## ${icon} ${report.dryRun ? 'Dry run: ' : ''}Release to ${escapeMd(what)}`, '')

  // A failure leads with its cause (the headline would only repeat it); a success with what now serves.
  if (report.failure) out.push(...failureSection(report.failure, report.stoppedTasks ?? []))
  else out.push(escapeMd(report.headline), '')

  const rows = factRows(report)
  // The first fact (the release, usually) doubles as the table's header: GitHub has no header-less tables.
  const [head, ...rest] = rows
  if (head)
    out.push(`| ${head[0]} | ${head[1]} |`, '|:---|:---|', ...rest.map(([k, v]) => `| ${k} | ${v} |`), '')

  const td = report.taskDefinition
  if (report.plan && report.plan.length > 0)
    out.push('### Plan', '', ...report.plan.map(p => `- ${escapeMd(p)}`), '')
  if (td && td.changes.length > 0) {
    out.push(`### What changed in ${escapeMd(td.family)}`, '', ...td.changes.map(c => `- ${escapeMd(c)}`), '')
  }
  if (report.stages.length > 0) {
    const total = report.stages.reduce((sum, s) => sum + s.ms, 0)
    out.push('### Time per stage', '', '| Stage | Time | Detail |', '|:---|---:|:---|')
    for (const s of report.stages)
      out.push(`| ${s.stage} | ${formatDuration(s.ms)} | ${escapeMd(s.note ?? '')} |`)
    out.push(`| **Total** | **${formatDuration(total)}** | |`, '')
  }
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
  if (report.iamPolicy) {
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
  return out.join('\n')
}

const MAX_EVENTS = 30
const OPEN_EVENTS = 12

/** Rollout states whose name alone does not say enough. */
const ROLLOUT_WORDS: Record<string, string> = {
  ROLLED_BACK: 'failed, rolled back',
  ROLLING_BACK: 'failed, ECS rolling back',
  REPLACED: 'by another deployment',
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
        ...failure.details.map(stripFence),
        '```',
        '',
        '</details>',
        ''
      )
  } else if (failure.details.length > 0) out.push('```text', ...failure.details.map(stripFence), '```', '')
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
        ...tail.map(stripFence),
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

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`'
}

/** Keeps user-controlled text (release names, event messages) from breaking the table or page. */
function escapeMd(text: string): string {
  return text.replace(/[|<>]/g, c => `\\${c}`).replace(/\r?\n/g, ' ')
}

function stripFence(text: string): string {
  return text.replace(/```/g, "'''")
}
