// The job summary: what a person reads on the run page. Pure: a report in, markdown out.
import type { Release } from '../release.js'

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
  failure?: { cause: string; details: string[] }
  plan?: string[]
  iamPolicy?: string
}

export function renderSummary(report: RunReport): string {
  const out: string[] = []
  const icon = report.dryRun ? '📝' : report.ok ? '✅' : '❌'
  const what = report.service ? `${report.service}${report.cluster ? ` on ${report.cluster}` : ''}` : 'ECS'
  out.push(`## ${icon} ${report.dryRun ? 'Dry run: ' : ''}Release to ${escapeMd(what)}`, '', escapeMd(report.headline), '')

  const rows: [string, string][] = []
  const r = report.release
  if (r) {
    const name = r.releaseUrl ? `[${escapeMd(r.releaseName ?? r.ref)}](${r.releaseUrl})` : escapeMd(r.releaseName ?? r.ref)
    rows.push(['Release', `${name} (version ${code(r.version)}${r.prerelease ? ', pre-release' : ''}, ${r.event})`])
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
    rows.push(['Task definition', `${before} → ${after}${td.arn && !td.registered ? ' (unchanged: no new revision)' : ''}`])
  }
  if (report.service) rows.push(['Service', `${code(report.service)} in ${code(report.cluster ?? 'default')}${report.region ? ` (${report.region})` : ''}`])
  if (report.deploymentId) rows.push(['Deployment', code(report.deploymentId)])
  if (report.rolloutState) rows.push(['Rollout', report.rolloutState])
  if (rows.length > 0) out.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '')

  if (report.failure) {
    out.push('### Why it failed', '', `**${escapeMd(report.failure.cause)}**`, '')
    if (report.failure.details.length > 0) out.push('```text', ...report.failure.details.map(stripFence), '```', '')
  }
  if (report.plan && report.plan.length > 0) out.push('### Plan', '', ...report.plan.map(p => `- ${escapeMd(p)}`), '')
  if (td && td.changes.length > 0) {
    out.push(`### What changed in ${escapeMd(td.family)}`, '', ...td.changes.map(c => `- ${escapeMd(c)}`), '')
  }
  if (report.stages.length > 0) {
    out.push('### Time per stage', '', '| Stage | Time | |', '|---|---:|---|')
    for (const s of report.stages) out.push(`| ${s.stage} | ${formatDuration(s.ms)} | ${escapeMd(s.note ?? '')} |`)
    out.push('')
  }
  if (report.events.length > 0) {
    const shown = report.events.slice(-30)
    out.push('<details><summary>Service events during the rollout' + (shown.length < report.events.length ? ` (last ${shown.length})` : '') + '</summary>', '', '```text')
    for (const e of shown) out.push(`${e.createdAt.toISOString().slice(11, 19)} ${stripFence(e.message)}`)
    out.push('```', '', '</details>', '')
  }
  if (report.iamPolicy) {
    out.push('<details><summary>Least-privilege IAM policy for this deploy</summary>', '', '```json', report.iamPolicy, '```', '', '</details>', '')
  }
  return out.join('\n')
}

export function shortArn(arn: string): string {
  const slash = arn.lastIndexOf('/')
  return slash === -1 ? arn : arn.slice(slash + 1)
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
