// The bundle with an event file that is missing, broken or not an object: the step fails with an annotation and a
// job summary naming GITHUB_EVENT_PATH, not with a stack trace at import. No stand-in is needed: the run stops
// before its first AWS request, and the endpoint is a closed local port so a regression could not reach AWS.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { checkoutExample, distEntry, errorAnnotations, runAction } from './harness.js'

describe('a bad event file', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-event-file-'))

  it.each([
    ['broken JSON', '{"release": {"tag_name": "v1.0.0"', 'is not valid JSON: '],
    ['an array', '[]', 'holds an array, not an event payload (a JSON object).'],
    ['no file', undefined, 'does not exist.']
  ])(
    '%s fails the step with GITHUB_EVENT_PATH named and a job summary',
    async (_name, text, problem) => {
      const workspace = checkoutExample('java-service', root)
      const eventPath = path.join(workspace, '..', `${path.basename(workspace)}-bad-event.json`)
      if (text !== undefined) fs.writeFileSync(eventPath, text)

      const run = await runAction({
        workspace,
        inputs: {
          'task-definition': 'task-definition.json',
          'container-name': 'app',
          'ecr-repository': 'web',
          service: 'web',
          'aws-region': 'eu-west-1'
        },
        env: {
          GITHUB_EVENT_PATH: eventPath,
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'not-a-real-secret'
        },
        timeoutMs: 60_000,
        // As deploy() does: RELEASE_TO_ECS_ENTRY tries another bundle.
        entry: process.env.RELEASE_TO_ECS_ENTRY || distEntry
      })

      expect(run.exitCode).toBe(1)
      expect(errorAnnotations(run)).toEqual([
        expect.stringContaining(`The event file ${eventPath} (GITHUB_EVENT_PATH) ${problem}`)
      ])
      expect(run.stdout).toContain('::error title=Invalid event file::')
      expect(run.stderr).toBe('')
      expect(run.stdout).not.toMatch(/^\s+at /m)
      expect(run.summary).toContain('GITHUB_EVENT_PATH')
    },
    90_000
  )
})
