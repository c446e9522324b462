// Renders a job summary (the Markdown the action writes to GITHUB_STEP_SUMMARY) as a page that looks roughly
// like GitHub's run page, so it can be read, or screenshotted with a headless browser, without a real run.
//   npx tsx scripts/render-summary.ts summary.md [summary.html]
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Marked } from 'marked'

/** Close to GitHub's markdown body: system font, 16px text, bordered tables, grey code blocks. Written here, not copied. */
const STYLE = `
  body { margin: 0; background: #f6f8fa; color: #1f2328;
    font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .page { max-width: 920px; margin: 24px auto; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .page > header { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; font-size: 14px; }
  .markdown-body { padding: 16px 32px 24px; word-wrap: break-word; }
  .markdown-body > *:first-child { margin-top: 0; }
  h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; margin: 24px 0 16px; }
  h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
  p, ul, ol, table, pre, details { margin: 0 0 16px; }
  ul { padding-left: 2em; }
  li + li { margin-top: .25em; }
  a { color: #0969da; text-decoration: none; }
  code { font: 85%/1.45 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
    background: rgba(129, 139, 152, .12); padding: .2em .4em; border-radius: 6px; }
  pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; }
  pre code { background: none; padding: 0; font-size: 85%; white-space: pre; }
  table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  th { font-weight: 600; }
  tr:nth-child(2n) { background: #f6f8fa; }
  details summary { cursor: pointer; font-weight: 600; }
  details[open] summary { margin-bottom: 8px; }
`

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The summary as a whole HTML page. `title` goes in the header, as the step's name does on GitHub. */
export function summaryPage(markdown: string, title = 'release-to-ecs summary'): string {
  // GFM with line breaks as GitHub renders job summaries; raw HTML (details/summary) passes through as on GitHub.
  const body = new Marked({ gfm: true, breaks: false }).parse(markdown, { async: false })
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<div class="page"><header>${escapeHtml(title)}</header>`,
    `<article class="markdown-body">${body}</article></div>`,
    '</body></html>',
    ''
  ].join('\n')
}

/** Opens every <details> so a screenshot shows what a reader would expand. */
export function openDetails(html: string): string {
  return html.replace(/<details>/g, '<details open>')
}

function main(argv: string[]): void {
  const [input, output, ...rest] = argv
  if (!input || rest.length > 0) {
    process.stderr.write(
      'usage: tsx scripts/render-summary.ts SUMMARY.md [OUT.html] (OUT defaults to SUMMARY.html)\n'
    )
    process.exitCode = 2
    return
  }
  const target = output ?? input.replace(/\.md$/, '') + '.html'
  const markdown = fs.readFileSync(input, 'utf8')
  fs.writeFileSync(target, openDetails(summaryPage(markdown, path.basename(input))))
  process.stdout.write(`${target}\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2))
