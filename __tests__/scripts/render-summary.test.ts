import { describe, expect, it } from '@jest/globals'
import { openDetails, summaryPage } from '../../scripts/render-summary.js'

describe('summaryPage', () => {
  const markdown = [
    '## ✅ Release to web',
    '',
    '| Release | v1 |',
    '|:---|:---|',
    '| Image | `h/web:1` |',
    '',
    '<details><summary>Events</summary>',
    '',
    '```text',
    '12:00 <started>',
    '```',
    '',
    '</details>'
  ].join('\n')

  it('renders GitHub-flavoured tables, code and raw details inside a markdown body', () => {
    const html = summaryPage(markdown, 'summary <1>')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<title>summary &lt;1&gt;</title>')
    expect(html).toContain('<article class="markdown-body"><h2>✅ Release to web</h2>')
    expect(html).toMatch(/<th align="left">Release<\/th>/)
    expect(html).toContain('<td align="left"><code>h/web:1</code></td>')
    expect(html).toContain('12:00 &lt;started&gt;')
    expect(html).toContain('<details><summary>Events</summary>')
  })

  it('opens folded sections for a screenshot', () => {
    expect(openDetails(summaryPage(markdown))).toContain('<details open><summary>Events</summary>')
  })
})
