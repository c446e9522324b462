// The job summary's timelines: a service deployment's lifecycle stages, and each CodeDeploy deployment's lifecycle
// events and task sets. Pure.
import { formatDuration } from '../duration.js'
import type { CodeDeployTimeline, StageSpan } from '../rollout/types.js'
import { escapeMd } from './markdown.js'

/** Rows shown per table; more are counted. */
const MAX_ROWS = 100

const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19)

/** The service deployment's lifecycle stages: when each began (UTC) and how long the run saw it last. */
export function timelineSection(timeline: StageSpan[]): string[] {
  const out = ['### Lifecycle stages', '', '| Stage | Began (UTC) | Took |', '|:---|:---|---:|']
  for (const s of timeline.slice(0, MAX_ROWS))
    out.push(
      `| ${escapeMd(s.stage)} | ${clockTime(s.startedAt)} | ${s.endedAt === undefined ? 'going on' : formatDuration(s.endedAt - s.startedAt)} |`
    )
  return [...out, '']
}

/** Per CodeDeploy deployment: its lifecycle events (status, began, took, CodeDeploy's message) and its task sets. */
export function codeDeploySections(timelines: CodeDeployTimeline[]): string[] {
  const out: string[] = []
  for (const t of timelines) {
    const what = t.rollbackOf ? `rollback of ${t.rollbackOf}` : 'deployment'
    out.push(
      `### CodeDeploy ${what} ${escapeMd(t.deploymentId)}: ${escapeMd(t.status ?? 'status unknown')}`,
      ''
    )
    if (t.lifecycleEvents.length > 0) {
      out.push('| Lifecycle event | Status | Began (UTC) | Took |', '|:---|:---|:---|---:|')
      for (const e of t.lifecycleEvents.slice(0, MAX_ROWS)) {
        const took =
          e.startedAt !== undefined && e.endedAt !== undefined
            ? formatDuration(e.endedAt - e.startedAt)
            : e.startedAt !== undefined
              ? 'going on'
              : ''
        const why = e.message ? `: ${e.message}` : ''
        out.push(
          `| ${escapeMd(e.name)} | ${escapeMd(e.status + why)} | ${e.startedAt === undefined ? '' : clockTime(e.startedAt)} | ${took} |`
        )
      }
      out.push('')
    }
    if (t.taskSets.length > 0) {
      out.push('| Task set | Traffic | Running | Status |', '|:---|---:|:---|:---|')
      for (const s of t.taskSets)
        out.push(
          `| ${escapeMd(`${s.label}${s.id ? ` ${s.id}` : ''}`)} | ${s.trafficWeight} % | ${s.running}/${s.desired} | ${escapeMd(s.status ?? '')} |`
        )
      out.push('')
    }
  }
  return out
}
