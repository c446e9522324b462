import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { EventFileError, readGithubContext } from '../src/github-context.js'
import { run } from '../src/main.js'
import { actionRun } from '../__fixtures__/action-run.js'

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'github-context-'))
}

function eventFile(text: string): string {
  const file = path.join(tempDir(), 'event.json')
  fs.writeFileSync(file, text)
  return file
}

function failure(env: NodeJS.ProcessEnv, readText?: (file: string) => string): EventFileError {
  try {
    readGithubContext(env, readText)
  } catch (error) {
    expect(error).toBeInstanceOf(EventFileError)
    return error as EventFileError
  }
  throw new Error('readGithubContext did not throw')
}

describe('readGithubContext', () => {
  it('reads the runner variables and the event payload', () => {
    const file = eventFile(JSON.stringify({ action: 'published', release: { tag_name: 'v2.0.0' } }))

    expect(
      readGithubContext({
        GITHUB_EVENT_NAME: 'release',
        GITHUB_EVENT_PATH: file,
        GITHUB_SHA: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12',
        GITHUB_REF: 'refs/tags/v2.0.0',
        GITHUB_RUN_NUMBER: '41',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_RUN_ID: '7000000123',
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_SERVER_URL: 'https://ghe.example.com'
      })
    ).toEqual({
      eventName: 'release',
      payload: { action: 'published', release: { tag_name: 'v2.0.0' } },
      sha: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12',
      ref: 'refs/tags/v2.0.0',
      runNumber: 41,
      runAttempt: 2,
      runId: 7000000123,
      repository: 'acme/web',
      serverUrl: 'https://ghe.example.com'
    })
  })

  it("applies @actions/github's defaults when the runner variables are absent", () => {
    expect(readGithubContext({})).toEqual({
      eventName: '',
      payload: {},
      sha: '',
      ref: '',
      runNumber: NaN,
      runAttempt: NaN,
      runId: NaN,
      repository: '',
      serverUrl: 'https://github.com'
    })
    expect(readGithubContext({ GITHUB_EVENT_PATH: '' }).payload).toEqual({})
  })

  it('names GITHUB_EVENT_PATH and the file when the file does not exist', () => {
    const file = path.join(tempDir(), 'missing.json')

    const error = failure({ GITHUB_EVENT_PATH: file })

    expect(error.message).toContain(`The event file ${file} (GITHUB_EVENT_PATH) does not exist.`)
    expect(error.message).toContain('point GITHUB_EVENT_PATH at a JSON file')
  })

  it('says when GITHUB_EVENT_PATH names a directory', () => {
    const dir = tempDir()

    expect(failure({ GITHUB_EVENT_PATH: dir }).message).toContain(
      `The event file ${dir} (GITHUB_EVENT_PATH) is a directory, not a file.`
    )
  })

  it('says when the file cannot be read', () => {
    const denied = (file: string): string => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' })
    }

    expect(failure({ GITHUB_EVENT_PATH: '/r/event.json' }, denied).message).toContain(
      'The event file /r/event.json (GITHUB_EVENT_PATH) cannot be read: permission denied.'
    )
  })

  it('says where the JSON is broken, without printing the file', () => {
    const file = eventFile('{"release": {"tag_name": "v1"},\n::warning::injected')

    const error = failure({ GITHUB_EVENT_PATH: file })

    expect(error.message).toContain(`The event file ${file} (GITHUB_EVENT_PATH) is not valid JSON:`)
    expect(error.message).toMatch(/expected .* at line 2, column 1\./)
    expect(error.message).not.toContain('::warning::')
  })

  it('does not print a short broken file that JSON.parse would quote', () => {
    const file = eventFile('x\n::stop-commands::abc')

    const error = failure({ GITHUB_EVENT_PATH: file })

    expect(error.message).toContain('is not valid JSON: unexpected token')
    expect(error.message).not.toContain('stop-commands')
    expect(error.message).not.toContain('\n')
  })

  it('says when the file is empty', () => {
    const file = eventFile('')

    expect(failure({ GITHUB_EVENT_PATH: file }).message).toContain(
      'is not valid JSON: unexpected end of JSON input.'
    )
  })

  it.each([
    ['[1, 2]', 'an array'],
    ['null', 'null'],
    ['"release"', 'a string'],
    ['42', 'a number']
  ])('refuses %s, which is JSON but not an event payload', (text, kind) => {
    const file = eventFile(text)

    expect(failure({ GITHUB_EVENT_PATH: file }).message).toContain(
      `(GITHUB_EVENT_PATH) holds ${kind}, not an event payload (a JSON object).`
    )
  })
})

describe('run() with a broken event file', () => {
  it('fails the step with the event file named, and still writes the job summary', async () => {
    const workspace = tempDir()
    fs.writeFileSync(
      path.join(workspace, 'task-definition.json'),
      JSON.stringify({ family: 'web', containerDefinitions: [{ name: 'app', image: 'placeholder' }] })
    )
    const file = eventFile('{"release": ')
    const action = actionRun(workspace, {
      'task-definition': 'task-definition.json',
      'container-name': 'app',
      'ecr-repository': 'web',
      service: 'web',
      'aws-region': 'eu-west-1'
    })
    action.deps.githubContext = () => readGithubContext({ GITHUB_EVENT_PATH: file })

    await run(action.deps)

    expect(action.failures).toEqual([
      {
        title: 'Invalid event file',
        message: expect.stringContaining(`The event file ${file} (GITHUB_EVENT_PATH) is not valid JSON`)
      }
    ])
    expect(action.summaries).toHaveLength(1)
    expect(action.summaries[0]).toContain('GITHUB_EVENT_PATH')
  })
})
