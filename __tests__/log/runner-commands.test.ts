// The test reader of the runner's command syntax (__fixtures__/runner-commands.ts) reads what the runner reads:
// cases taken from actions/runner's ActionCommand and ActionCommandManager, so that the log tests can trust it.
import { describe, expect, it } from '@jest/globals'
import {
  parseLine,
  readAsRunner,
  runnerLines,
  unintendedCommands
} from '../../__fixtures__/runner-commands.js'

describe('the runner reader', () => {
  it('ends lines at \\n, \\r and \\r\\n, as StreamReader.ReadLine does', () => {
    expect(runnerLines('a\nb\rc\r\nd\n\ne')).toEqual(['a', 'b', 'c', 'd', '', 'e'])
  })

  it('reads `::name props::data` after leading whitespace, names in any case', () => {
    expect(parseLine('::warning title=T%3A1,file=a.ts::x%0Ay')).toMatchObject({
      name: 'warning',
      properties: { title: 'T:1', file: 'a.ts' },
      data: 'x\ny',
      form: '::'
    })
    expect(parseLine(' \t\u00a0::Add-Mask::v')).toMatchObject({ name: 'add-mask', data: 'v' })
    expect(parseLine('::set-output name=x::1')).toMatchObject({
      name: 'set-output',
      properties: { name: 'x' }
    })
  })

  it('reads the legacy `##[name props]data` anywhere in a line', () => {
    expect(parseLine('step 3 ##[warning file=a;line=2]careful')).toMatchObject({
      name: 'warning',
      properties: { file: 'a', line: '2' },
      data: 'careful',
      form: '##['
    })
  })

  it('ignores lines that are not commands, and unknown names', () => {
    for (const line of ['::', '::warning', 'x ::warning::y', '::unknown::x', '##[unknown]x', 'hello'])
      expect(parseLine(line)).toBeUndefined()
  })

  it('counts a command hidden behind characters collation ignores (the runner compares culture-sensitively)', () => {
    expect(parseLine('\u200b::warning::x')).toMatchObject({ name: 'warning' })
    expect(parseLine('##\u200b[error]x')).toMatchObject({ name: 'error' })
  })

  it('stops at stop-commands until ::token::, masks long tokens and refuses empty or command tokens', () => {
    const reading = readAsRunner(
      [
        '::stop-commands::abcdefgh',
        '::warning::not a command now',
        '::add-mask::not a mask now',
        '::abcdefgh::',
        '::warning::a command again',
        '::stop-commands::warning',
        '::stop-commands::'
      ].join('\n')
    )
    expect(reading.commands.map(c => c.name)).toEqual([
      'stop-commands',
      'abcdefgh',
      'warning',
      'stop-commands',
      'stop-commands'
    ])
    expect(reading.shown).toEqual([
      '::warning::not a command now',
      '::add-mask::not a mask now',
      'a command again'
    ])
    expect(reading.masks).toEqual(['abcdefgh'])
    expect(reading.refusedStops).toEqual(['warning', ''])
    expect(reading.stopped).toBe(false)
  })

  it('masks a value from the line after its add-mask on, in output and in annotations', () => {
    const reading = readAsRunner('s3cret early\n::add-mask::s3cret\ns3cret late\n::error::was s3cret\n')
    expect(reading.shown).toEqual(['s3cret early', '*** late', 'was ***'])
  })

  it('reads stdout and stderr with one command manager', () => {
    expect(readAsRunner('::stop-commands::abcdefgh\n', '::warning::x\n').commands).toHaveLength(1)
  })

  it('tells the commands the action meant from those text from outside started', () => {
    const fence = 'a'.repeat(32)
    const reading = readAsRunner(
      [
        '::add-mask::key',
        '::group::Build',
        `::stop-commands::${fence}`,
        `::${fence}::`,
        '::error title=Deploy failed::the task said: INJECTED',
        '::endgroup::',
        '::add-mask::INJECTED-mask',
        '::warning::INJECTED-warning',
        '::error title=INJECTED::x',
        '::set-output name=a::b',
        '::stop-commands::x'
      ].join('\n')
    )
    expect(unintendedCommands(reading, { secrets: ['key'], marker: 'INJECTED' }).map(c => c.line)).toEqual([
      '::add-mask::INJECTED-mask',
      '::warning::INJECTED-warning',
      '::error title=INJECTED::x',
      '::set-output name=a::b',
      '::stop-commands::x'
    ])
  })
})
