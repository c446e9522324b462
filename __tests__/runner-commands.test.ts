// The action writes the runner's commands itself (src/runner-commands.ts) so that @actions/core is not loaded at
// start-up. Here the same calls go through @actions/core and through ours, and stdout and the command files must be
// the same bytes: escaping of %, \r, \n, : and , in data and properties, annotations, groups, masks, outputs, summary.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as ours from '../src/runner-commands.js'

type Commands = Pick<
  typeof ours,
  'info' | 'debug' | 'warning' | 'error' | 'setSecret' | 'group' | 'setOutput'
> & {
  summary(markdown: string): Promise<void>
}

const theirs: Commands = {
  info: core.info,
  debug: core.debug,
  warning: (message, annotation) => core.warning(message, annotation),
  error: (message, annotation) => core.error(message, annotation),
  setSecret: core.setSecret,
  group: core.group,
  setOutput: core.setOutput,
  summary: async markdown => void (await core.summary.addRaw(markdown, true).write())
}
const mine: Commands = { ...ours, summary: ours.appendSummary }

const HARD = 'a%25 b%0A c\r\nd\re: f, g::h ##[x] 100%'

/** Every call the action makes, with text that needs each escape. */
async function script(commands: Commands): Promise<void> {
  commands.info(`plain ${HARD}`)
  commands.info('')
  commands.debug(HARD)
  commands.debug('')
  commands.warning(HARD)
  commands.warning('w', { title: HARD, file: 'src/a,b:c.ts', startLine: 3, startColumn: 7 })
  commands.warning('w', {})
  commands.warning('w', { title: '' })
  commands.error(HARD, { title: 'Release failed' })
  commands.error('e', { file: 'task-definition.json', startLine: 12 })
  commands.setSecret(HARD)
  await commands.group(HARD, async () => commands.info('inside'))
  await expect(
    commands.group('failing', async () => {
      throw new Error('boom')
    })
  ).rejects.toThrow('boom')
  commands.setOutput('image-uri', '123.dkr.ecr.eu-west-1.amazonaws.com/web:v1')
  commands.setOutput('multi', `line one\nline two\r\n${HARD}`)
  commands.setOutput('empty', '')
  await commands.summary(`## Release\n\n| a | b |\n${HARD}`)
  await commands.summary('second')
}

interface Written {
  stdout: string
  output: string
  summary: string
}

let dir: string
const saved = { ...process.env }

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-commands-'))
})
afterEach(() => {
  process.env = { ...saved }
  jest.restoreAllMocks()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function written(commands: Commands, name: string, files = true): Promise<Written> {
  const output = path.join(dir, `${name}.output`)
  const summary = path.join(dir, `${name}.summary`)
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  delete process.env.GITHUB_OUTPUT
  delete process.env.GITHUB_STEP_SUMMARY
  if (files) Object.assign(process.env, { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary })
  const chunks: string[] = []
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    chunks.push(String(chunk))
    return true
  })
  try {
    await script(files ? commands : { ...commands, summary: async () => undefined })
  } finally {
    write.mockRestore()
  }
  return {
    stdout: chunks.join(''),
    output: fs.readFileSync(output, 'utf8'),
    summary: fs.readFileSync(summary, 'utf8')
  }
}

/** The heredoc delimiters are random per output: each becomes a placeholder, and must be distinct. */
function delimitersNamed(text: string): { text: string; delimiters: string[] } {
  const delimiters = [...new Set(text.match(/ghadelimiter_[0-9a-f-]{36}/g) ?? [])]
  return { text: text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_<uuid>'), delimiters }
}

describe('the runner commands the action writes', () => {
  it('are the bytes @actions/core writes: stdout, GITHUB_OUTPUT and the job summary', async () => {
    const expected = await written(theirs, 'core')
    const actual = await written(mine, 'ours')

    expect(actual.stdout).toBe(expected.stdout)
    expect(actual.summary).toBe(expected.summary)
    const [a, e] = [delimitersNamed(actual.output), delimitersNamed(expected.output)]
    expect(a.text).toBe(e.text)
    expect(a.delimiters).toHaveLength(3)
    // Sanity: the comparison covers each escape, so a broken one cannot pass by both being empty.
    expect(actual.stdout).toContain(
      '::warning title=a%2525 b%250A c%0D%0Ad%0De%3A f%2C g%3A%3Ah ##[x] 100%25,file=src/a%2Cb%3Ac.ts,line=3,col=7::w'
    )
    expect(actual.stdout).toContain('::add-mask::a%2525 b%250A c%0D%0Ad%0De: f, g::h ##[x] 100%25')
    expect(actual.stdout).toContain('::warning ::w')
    expect(a.text).toContain(`multi<<ghadelimiter_<uuid>${os.EOL}line one\nline two\r\n${HARD}${os.EOL}`)
    expect(actual.summary).toBe(`## Release\n\n| a | b |\n${HARD}${os.EOL}second${os.EOL}`)
  })

  it('fall back to the set-output command as @actions/core does when the runner gives no GITHUB_OUTPUT', async () => {
    const expected = await written(theirs, 'core', false)
    const actual = await written(mine, 'ours', false)
    expect(actual.stdout).toBe(expected.stdout)
    expect(actual.stdout).toContain('::set-output name=multi::line one%0Aline two%0D%0A')
  })

  it('fail as @actions/core does on a missing output file or summary variable', async () => {
    process.env.GITHUB_OUTPUT = path.join(dir, 'gone')
    delete process.env.GITHUB_STEP_SUMMARY
    const message = (f: () => void): string => {
      try {
        f()
      } catch (e) {
        return (e as Error).message
      }
      throw new Error('did not throw')
    }
    expect(message(() => ours.setOutput('a', 'b'))).toBe(message(() => core.setOutput('a', 'b')))
    // core.summary keeps the path of its first write (the first test's), so its text is compared as written there.
    await expect(ours.appendSummary('x')).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'gone')
    await expect(ours.appendSummary('x')).rejects.toThrow(
      `Unable to access summary file: '${path.join(dir, 'gone')}'. Check if the file has correct read/write permissions.`
    )
  })
})
