// The one logging path: whatever a line holds, the runner reads no command in what it prints, masks still work,
// and long lines are cut with a note. Each test prints through the real logger and reads the captured stdout with
// the runner's rules (__fixtures__/runner-commands.ts).
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  actionsLogger,
  cutLine,
  forgetSecrets,
  inertLine,
  LineSplitter,
  MAX_LINE_CHARS,
  setSecret,
  withCommandsStopped
} from '../../src/log.js'
import {
  captureStdout,
  HOSTILE_LINES,
  readAsRunner,
  unintendedCommands
} from '../../__fixtures__/runner-commands.js'

const HOSTILE = `release 1.2.3\n${HOSTILE_LINES.join('\n')}\r::notice::INJECTED-after-cr\r\n::debug::INJECTED-crlf`

const stdout = captureStdout()
afterEach(() => forgetSecrets())

const read = () => readAsRunner(stdout.text())
const unintended = () =>
  unintendedCommands(read(), { secrets: ['s3cret-key', 'later-secret'], marker: 'INJECTED' })

describe('inertLine', () => {
  it('leaves ordinary lines as they are', () => {
    for (const line of [
      'Deploying as arn:aws:iam::123456789012:role/x',
      '[INFO] BUILD SUCCESS',
      '#5 [2/3] RUN x',
      ''
    ])
      expect(inertLine(line)).toBe(line)
  })

  it('escapes the start of a command with a visible backslash, keeping the text readable', () => {
    expect(inertLine('::warning::x')).toBe('\\::warning::x')
    expect(inertLine('   ::add-mask::x')).toBe('   \\::add-mask::x')
    expect(inertLine('a ##[error]b ##[warning]c')).toBe('a ##\\[error]b ##\\[warning]c')
  })
})

describe('actionsLogger', () => {
  it('prints hostile text so that the runner reads no command in it, and shows every line of it', () => {
    setSecret('s3cret-key')
    actionsLogger.info(HOSTILE)
    setSecret('later-secret')
    actionsLogger.info('the later-secret and the s3cret-key')

    const reading = read()
    expect(unintended()).toEqual([])
    expect(reading.commands.map(c => c.name)).toEqual(['add-mask', 'add-mask'])
    expect(reading.stopped).toBe(false)
    // Every hostile line is there to read, as the one line it was.
    const shown = reading.shown.join('\n')
    expect(shown).toContain('\\::add-mask::INJECTED-mask')
    expect(shown).toContain('##\\[warning]INJECTED-legacy')
    expect(shown).toContain('\\::notice::INJECTED-after-cr')
    expect(reading.shown).toHaveLength(HOSTILE_LINES.length + 4)
    // The mask issued after the hostile text still works (processing was never stopped).
    expect(reading.shown.at(-1)).toBe('the *** and the ***')
  })

  it('keeps hostile text inside the data of debug lines, annotations and group names', async () => {
    actionsLogger.debug(HOSTILE)
    actionsLogger.warning(HOSTILE, { title: HOSTILE, file: HOSTILE })
    actionsLogger.error(HOSTILE, { title: HOSTILE, startLine: 3 })
    await actionsLogger.group(HOSTILE, async () => actionsLogger.info('inside'))

    const reading = read()
    expect(unintended()).toEqual([])
    expect(reading.commands.map(c => c.name)).toEqual(['debug', 'warning', 'error', 'group', 'endgroup'])
    const [, warning, error, group] = reading.commands
    expect(warning!.data).toBe(HOSTILE.replace(/\r\n|\r/g, '\n'))
    expect(warning!.properties.title).toMatch(/^release 1\.2\.3 ::stop-commands::x/)
    expect(warning!.properties.file).toMatch(/^release 1\.2\.3 ::stop-commands::x /)
    expect(error!.properties).toMatchObject({ line: '3' })
    expect(group!.data).toMatch(/^release 1\.2\.3 ::stop-commands::x /)
  })

  it('hides secrets itself, so a line cut or escaped in the middle of one shows none of it', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    setSecret(secret)
    actionsLogger.info('x'.repeat(MAX_LINE_CHARS - 10) + secret)
    actionsLogger.info(`::${secret}`)
    // The first write is the mask itself (::add-mask::…), which the runner does not show.
    expect(stdout.chunks.slice(1).join('')).not.toContain(secret.slice(0, 10))
    expect(read().masks).toEqual([secret])
  })

  it('cuts a long line, saying how much was cut, in the log and in annotations', () => {
    actionsLogger.info('a'.repeat(5_000_000))
    actionsLogger.error(`${'b'.repeat(10_000)}\n${'c'.repeat(10)}`)
    const [line, error] = read().shown
    expect(line).toBe(`${'a'.repeat(MAX_LINE_CHARS)} … [4,995,904 more characters cut]`)
    expect(error!.length).toBeLessThan(4096) // the runner keeps 4096 characters of an annotation
    expect(error).toMatch(/more characters cut\]$/)
  })
})

describe('cutLine', () => {
  it('never splits a character made of two UTF-16 units', () => {
    expect(cutLine('ab😀cd', 3)).toBe('ab … [4 more characters cut]')
  })
})

describe('withCommandsStopped', () => {
  it('fences output with a fresh random token, and processing resumes after it', async () => {
    await withCommandsStopped(async () => process.stdout.write('::warning::INJECTED-inside-fence\n'))
    await withCommandsStopped(async () => undefined)
    const reading = read()
    expect(unintended()).toEqual([])
    expect(reading.stopped).toBe(false)
    const tokens = reading.commands.filter(c => c.name === 'stop-commands').map(c => c.data)
    expect(tokens).toHaveLength(2)
    expect(tokens[0]).not.toBe(tokens[1])
  })
})

describe('LineSplitter', () => {
  it('gives the lines the runner reads, across chunks that split characters and \\r\\n', () => {
    const lines: string[] = []
    const splitter = new LineSplitter(line => lines.push(line))
    const bytes = Buffer.from('one\r\ntwo\rthree ✓\nfour\r')
    for (let i = 0; i < bytes.length; i += 3) splitter.write(bytes.subarray(i, i + 3))
    expect(lines).toEqual(['one', 'two', 'three ✓'])
    splitter.write(Buffer.from('\nfive'))
    splitter.end()
    expect(lines).toEqual(['one', 'two', 'three ✓', 'four', 'five'])
  })
})
