// Process output (a build, the container engine) reaches the log through the same path as everything else: line by
// line as it comes, stdout and stderr, inert, inside a stop-commands fence. A real child process, stdout captured.
import { describe, expect, it } from '@jest/globals'
import { processRunner } from '../../src/exec.js'
import { captureStdout, readAsRunner, unintendedCommands } from '../../__fixtures__/runner-commands.js'

// The child prints its pid, waits for SIGUSR1 (sent when its first line reaches our stdout), then prints hostile lines.
const child = String.raw`
process.on('SIGUSR1', () => {
  process.stdout.write('::warning::INJECTED-stdout\n##[error]INJECTED-legacy\r::add-mask::INJECTED-mask\npartial')
  process.stderr.write('::stop-commands::x\n::set-output name=INJECTED::1\n')
  process.stdout.write(' line', () => process.exit(3)) // no line end: the last line is unfinished
})
process.stdout.write('first ' + process.pid + '\n')
setInterval(() => {}, 1000)
`

// Answer the child only once its first line is in the log: if output were held until the end, it never ends.
const stdout = captureStdout(text => {
  const pid = /^first (\d+)$/m.exec(text)?.[1]
  if (pid) process.kill(Number(pid), 'SIGUSR1')
})

describe('processRunner', () => {
  it('streams stdout and stderr line by line, inert and fenced, and returns the output as the process wrote it', async () => {
    const result = await processRunner.run(process.execPath, ['-e', child])

    expect(result.exitCode).toBe(3)
    expect(result.stdout).toMatch(/^first \d+\n::warning::INJECTED-stdout\n/)
    expect(result.stderr).toBe('::stop-commands::x\n::set-output name=INJECTED::1\n')

    const reading = readAsRunner(stdout.text())
    expect(unintendedCommands(reading, { secrets: [], marker: 'INJECTED' })).toEqual([])
    expect(reading.stopped).toBe(false)
    expect(reading.commands.map(c => c.name)).toEqual(['stop-commands', reading.commands[0]!.data])
    // Every line of the process, its unfinished last one too, comes before the fence's end.
    const raw = stdout.text().split('\n')
    expect(raw.indexOf(`::${reading.commands[0]!.data}::`)).toBe(raw.length - 2)
    expect(raw.indexOf('partial line')).toBeLessThan(raw.length - 2)
    const shown = reading.shown.join('\n')
    expect(reading.shown[0]).toMatch(/^\[command\].*node -e/)
    for (const line of [
      '\\::warning::INJECTED-stdout',
      '##\\[error]INJECTED-legacy',
      '\\::add-mask::INJECTED-mask',
      'partial line',
      '\\::stop-commands::x',
      '\\::set-output name=INJECTED::1'
    ])
      expect(shown).toContain(line)
  })

  it('keeps a silent process out of the log', async () => {
    const result = await processRunner.run(process.execPath, ['-e', 'console.log("::warning::quiet")'], {
      silent: true
    })
    expect(result.stdout).toBe('::warning::quiet\n')
    expect(stdout.chunks).toEqual([])
  })
})
