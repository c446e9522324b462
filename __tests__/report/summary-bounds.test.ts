// The job summary stays under GitHub's 1 MiB per step, however large the report: a 5 MB task definition's diff,
// long lists and huge texts are abbreviated with a count, and the page keeps its shape.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import {
  renderSummary,
  SUMMARY_BUDGET_BYTES,
  SUMMARY_LIMIT_BYTES,
  withinBudget,
  type RunReport
} from '../../src/report/summary.js'
import { diffTaskDefinitions } from '../../src/taskdef/diff.js'
import type { StoppedTaskReport } from '../../src/rollout/types.js'

const example = JSON.parse(fs.readFileSync('examples/java-service/task-definition.json', 'utf8'))

function report(over: Partial<RunReport>): RunReport {
  return {
    dryRun: false,
    ok: true,
    headline: 'web serves hello-service:8.',
    cluster: 'prod',
    service: 'web',
    stages: [{ stage: 'Register task definition', ms: 1200 }],
    events: [],
    ...over
  }
}

const bytes = (text: string) => Buffer.byteLength(text)
/** Markdown that still renders as meant: every code block and <details> closed. */
function expectWellFormed(md: string): void {
  const lines = md.split('\n')
  expect(lines.filter(l => l.startsWith('```')).length % 2).toBe(0)
  expect(lines.filter(l => l.startsWith('<details')).length).toBe(
    lines.filter(l => l === '</details>').length
  )
}

describe('the job summary of a huge release', () => {
  it('abbreviates the diff of a 5 MB task definition, saying how much it left out', () => {
    const environment = Array.from({ length: 40_000 }, (_, i) => ({
      name: `SETTING_${i}`,
      value: `${'v'.repeat(100)}-${i}`
    }))
    const huge = {
      ...example,
      containerDefinitions: [{ ...example.containerDefinitions[0], image: 'registry/web:2', environment }]
    }
    expect(JSON.stringify(huge).length).toBeGreaterThan(5_000_000)
    const changes = diffTaskDefinitions(example, huge)
    const longest = Math.max(...changes.map(c => c.length))
    expect(longest).toBeGreaterThan(4_000_000)

    const md = renderSummary(
      report({ taskDefinition: { family: 'hello-service', registered: true, changes } })
    )

    expect(bytes(md)).toBeLessThan(100_000)
    expect(md).toContain('### What changed in hello-service')
    expect(md).toContain('- Image of app: hello-service:placeholder → registry/web:2')
    const environmentLine = md.split('\n').find(l => l.startsWith('- Environment of app: '))!
    expect(environmentLine).toMatch(
      new RegExp(` … \\[${(longest - 1000).toLocaleString('en-US')} more characters cut\\]$`)
    )
    expect(md).toContain('| Task definition |')
    expectWellFormed(md)
  })

  it('counts the changes and plan lines past the first hundred', () => {
    const lines = Array.from({ length: 250 }, (_, i) => `change ${i}`)
    const md = renderSummary(
      report({ plan: lines, taskDefinition: { family: 'web', registered: true, changes: lines } })
    )
    expect(md).toContain('- change 99\n- … and 150 more changes (the log lists them all)')
    expect(md).toContain('- change 99\n- … and 150 more plan lines (the log lists them all)')
    expect(md).not.toContain('- change 100\n')
  })

  it('stays under 1 MiB with every part at its worst, and says where it was cut', () => {
    const big = 'x'.repeat(2_000_000)
    const stoppedTasks: StoppedTaskReport[] = Array.from({ length: 5 }, (_, t) => ({
      taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/prod/${String(t).repeat(32)}`,
      stoppedReason: big,
      containers: Array.from({ length: 10 }, (_, c) => ({
        name: `c${c}`,
        exitCode: 1,
        reason: big,
        logTail: Array.from({ length: 20 }, (_, l) => `${t}/${c}/${l} ${'y'.repeat(5000)}`)
      }))
    }))
    const md = renderSummary(
      report({
        ok: false,
        headline: big,
        failure: { cause: big, details: Array.from({ length: 10_000 }, () => big.slice(0, 3000)) },
        stoppedTasks,
        events: Array.from({ length: 100 }, (_, i) => ({ createdAt: new Date(i * 1000), message: big })),
        plan: Array.from({ length: 10_000 }, () => big.slice(0, 5000)),
        iamPolicy: `{"Statement": "${big}"}`
      })
    )
    expect(bytes(md)).toBeLessThanOrEqual(SUMMARY_BUDGET_BYTES)
    expect(SUMMARY_BUDGET_BYTES).toBeLessThan(SUMMARY_LIMIT_BYTES)
    expect(md).toMatch(
      /_The summary is cut here: [\d,]+ more lines would pass GitHub's limit of 1 MiB per step/
    )
    expect(md.startsWith('## ❌ Release to web on prod\n\n### Why it failed')).toBe(true)
    expectWellFormed(md)
  })

  it('shows the first 200 lines of a long explanation and counts the rest', () => {
    const details = Array.from({ length: 10_000 }, (_, i) => `line ${i}`)
    const md = renderSummary(report({ ok: false, failure: { cause: 'it broke', details } }))
    expect(md).toContain('line 199\n… and 9,800 more lines\n```')
    expect(md).not.toContain('line 200\n')
  })
})

describe('withinBudget', () => {
  it('keeps a summary that fits as it is', () => {
    expect(withinBudget(['a', 'b'], 10)).toBe('a\nb')
  })

  it('cuts at a line, closing the code block and the details it was in', () => {
    const lines = [
      '<details><summary>s</summary>',
      '',
      '```text',
      ...Array.from({ length: 500 }, () => 'z'.repeat(10))
    ]
    const md = withinBudget(lines, 2000)
    expect(bytes(md)).toBeLessThanOrEqual(2000)
    expect(md).toMatch(/```\n\n<\/details>\n\n_The summary is cut here: \d+ more lines/)
    expectWellFormed(md)
  })
})
