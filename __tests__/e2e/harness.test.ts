// The harness's own deciding parts: what the runner hands the action, and reading back what it wrote.
// No stand-in, no processes: these run in milliseconds.
import { describe, it, expect } from '@jest/globals'
import {
  inputVariable,
  parseCommandFile,
  releaseEvent,
  workflowDispatchEvent
} from '../../scripts/lib/github.js'
import { runnerEnvironment } from '../../scripts/lib/github.js'
import { mavenSettings, missingCommands, registriesConf, storageConf } from '../../scripts/lib/tools.js'
import {
  errorAnnotations,
  logGroups,
  mutatingRequests,
  validationFailures
} from '../../scripts/lib/inspect.js'

describe('GITHUB_OUTPUT parsing', () => {
  it('reads the heredoc form @actions/core writes, including multi-line values and = inside them', () => {
    const file = [
      'image<<ghadelimiter_1b2c',
      '127.0.0.1:5000/web:1.0.0-abc1234',
      'ghadelimiter_1b2c',
      'iam-policy<<ghadelimiter_9f8e',
      '{',
      '  "Version": "2012-10-17"',
      '}',
      'ghadelimiter_9f8e',
      'note<<EOF',
      'a=b',
      '',
      'EOF',
      ''
    ].join('\n')
    expect(parseCommandFile(file)).toEqual({
      image: '127.0.0.1:5000/web:1.0.0-abc1234',
      'iam-policy': '{\n  "Version": "2012-10-17"\n}',
      note: 'a=b\n'
    })
  })

  it('reads the old name=value form and lets a later value win', () => {
    expect(parseCommandFile('rollout-state=IN_PROGRESS\r\nempty=\nrollout-state=COMPLETED\n')).toEqual({
      'rollout-state': 'COMPLETED',
      empty: ''
    })
  })

  it('refuses a heredoc that is never closed, naming the output', () => {
    expect(() => parseCommandFile('image<<END\nweb:1\n')).toThrow(
      '"image" is not closed by its delimiter END'
    )
  })
})

describe('the runner environment', () => {
  const files = {
    workspace: '/w',
    runnerTemp: '/r/temp',
    eventPath: '/r/event.json',
    outputFile: '/r/output',
    summaryFile: '/r/summary',
    envFile: '/r/env',
    stateFile: '/r/state'
  }

  it('names inputs as the runner does: upper-cased, spaces to underscores, hyphens kept', () => {
    expect(inputVariable('task-definition')).toBe('INPUT_TASK-DEFINITION')
    expect(inputVariable('aws region')).toBe('INPUT_AWS_REGION')
  })

  it('describes a published release: ref, ref name, sha, event and every command file', () => {
    const event = releaseEvent({ tag: 'v2.3.0', sha: 'a'.repeat(40), prerelease: true })
    const env = runnerEnvironment(event, { 'container-name': 'app' }, files, {
      runId: 9,
      runNumber: 41,
      runAttempt: 2
    })
    expect(env).toMatchObject({
      GITHUB_EVENT_NAME: 'release',
      GITHUB_REF: 'refs/tags/v2.3.0',
      GITHUB_REF_NAME: 'v2.3.0',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_RUN_ID: '9',
      GITHUB_RUN_NUMBER: '41',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_WORKSPACE: '/w',
      RUNNER_TEMP: '/r/temp',
      GITHUB_EVENT_PATH: '/r/event.json',
      GITHUB_OUTPUT: '/r/output',
      GITHUB_STEP_SUMMARY: '/r/summary',
      GITHUB_ENV: '/r/env',
      GITHUB_STATE: '/r/state',
      'INPUT_CONTAINER-NAME': 'app'
    })
    expect(event.payload).toMatchObject({
      action: 'published',
      release: { tag_name: 'v2.3.0', prerelease: true, draft: false, target_commitish: 'main' }
    })
    expect((event.payload.release as { html_url: string }).html_url).toMatch(/\/releases\/tag\/v2\.3\.0$/)
  })

  it('describes a dispatched workflow on a branch with its inputs', () => {
    const event = workflowDispatchEvent({ branch: 'release/2.x', inputs: { version: '2.4.0' } })
    const env = runnerEnvironment(event, {}, files, { runId: 1, runNumber: 1, runAttempt: 1 })
    expect(env.GITHUB_REF_NAME).toBe('release/2.x')
    expect(env.GITHUB_REF_TYPE).toBe('branch')
    expect(env.GITHUB_SHA).toMatch(/^[0-9a-f]{40}$/)
    expect(event.payload).toMatchObject({ inputs: { version: '2.4.0' }, ref: 'refs/heads/release/2.x' })
  })

  it('gives every run its own commit unless told', () => {
    expect(releaseEvent({ tag: 'v1' }).sha).not.toBe(releaseEvent({ tag: 'v1' }).sha)
  })
})

describe('tool set-up', () => {
  it('puts podman on vfs under the given root and marks only the given hosts insecure', () => {
    expect(storageConf('/tmp/c')).toContain('driver = "vfs"')
    expect(storageConf('/tmp/c')).toContain('graphroot = "/tmp/c/graph"')
    const conf = registriesConf(['127.0.0.1:41234'])
    expect(conf).toContain('location = "127.0.0.1:41234"\ninsecure = true')
    expect(conf.match(/insecure = true/g)).toHaveLength(1)
  })

  it("points Maven offline at Debian's repository", () => {
    expect(mavenSettings()).toContain('<offline>true</offline>')
    expect(mavenSettings()).toContain('<localRepository>/usr/share/maven-repo</localRepository>')
  })

  it('names the commands that are not on PATH', () => {
    expect(missingCommands(['sh', 'surely-not-a-command-e2e'], '/bin:/usr/bin')).toEqual([
      'surely-not-a-command-e2e'
    ])
  })
})

describe('reading the action log', () => {
  const stdout = [
    '::group::Connect to AWS',
    'Deploying as arn:aws:iam::123456789012:user/deployer',
    '::endgroup::',
    '::group::Java build',
    '::endgroup::',
    '::error title=Java build failed::The Java build failed: mvn -B package exited with code 1.%0AHello.java:[3,1] error'
  ].join('\n')

  it('lists the stages in order', () => {
    expect(logGroups({ stdout })).toEqual(['Connect to AWS', 'Java build'])
  })

  it('reads error annotations with their line breaks', () => {
    expect(errorAnnotations({ stdout })).toEqual([
      'The Java build failed: mvn -B package exited with code 1.\nHello.java:[3,1] error'
    ])
  })

  it('counts only the requests that change something', () => {
    const requests = [
      { service: 'ecs', operation: 'DescribeServices' },
      { service: 'ecs', operation: 'RegisterTaskDefinition' },
      { service: 'registry', operation: 'PutImage' },
      { service: 'ecr', operation: 'DescribeImages' }
    ]
    expect(mutatingRequests(requests)).toEqual(['ecs RegisterTaskDefinition', 'registry PutImage'])
  })
})

describe('the SDK-model check in the request record', () => {
  it('picks out the requests refused for unknown members, and only those', () => {
    expect(
      validationFailures([
        { service: 'ecs', operation: 'DescribeServices', status: 200 },
        {
          service: 'ecs',
          operation: 'UpdateService',
          status: 400,
          errorType: 'ServiceNotFoundException',
          errorMessage: 'Service not found.'
        },
        {
          service: 'ecs',
          operation: 'RegisterTaskDefinition',
          status: 400,
          errorType: 'ClientException',
          errorMessage:
            'Unknown parameter in containerDefinitions[0]: "imageUri", must be one of: name, image'
        },
        {
          service: 'ecr',
          operation: 'DescribeImages',
          status: 400,
          errorType: 'ValidationException',
          errorMessage: 'bad'
        },
        { service: 'ecs', operation: 'UpdateService', status: 400, errorType: 'ClientException' },
        {
          service: 'ecs',
          operation: 'DescribeTaskDefinition',
          status: 400,
          errorType: 'ClientException',
          errorMessage: 'Unable to describe task definition.'
        },
        { service: 'ecs', operation: 'DescribeServices', status: 400, errorType: 'ThrottlingException' }
      ])
    ).toEqual([
      'ecs RegisterTaskDefinition: ClientException Unknown parameter in containerDefinitions[0]: "imageUri", must be one of: name, image',
      'ecr DescribeImages: ValidationException bad',
      'ecs UpdateService: ClientException'
    ])
  })
})
