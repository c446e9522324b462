// The job summary of real runs, as a person reads it on the run page: a release that ships and one whose
// tasks crash. Both are also written to .tmp/ (summary-success.md, summary-failure.md) to be rendered and looked at.
import { afterEach, describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from '../../scripts/lib/paths.js'
import {
  checkoutExample,
  deploy,
  deployInputs,
  outcome,
  releaseEvent,
  shareTestStack,
  type Stack
} from './harness.js'

const secretReference =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:hello-service/feature-token-QwErTy'

function keep(name: string, markdown: string): void {
  const dir = path.join(repoRoot, '.tmp')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, name), markdown)
}

/** The cells of the summary's table row named `name`, e.g. row(md, 'Digest') → '`sha256:...`'. */
function row(markdown: string, name: string): string | undefined {
  const line = markdown.split('\n').find(l => l.startsWith(`| ${name} |`))
  return line
    ?.slice(`| ${name} |`.length)
    .replace(/\|\s*$/, '')
    .trim()
}

describe('the job summary of real runs', () => {
  let stack: Stack
  let workspace = ''

  shareTestStack(started => (stack = started))
  afterEach(() => {
    stack?.emulator.setScenario({ failures: [] })
  })

  it('a release that ships: release, commit, image, revision diff, service, deployment, stage times, events', async () => {
    // This release also sizes the task up and adds a setting and a secret: the diff must show all three.
    workspace = checkoutExample('java-service', path.join(stack.dir, 'workspaces'))
    const file = path.join(workspace, 'task-definition.json')
    const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      cpu: string
      memory: string
      containerDefinitions: { environment: object[]; secrets: object[] }[]
    }
    definition.cpu = '512'
    definition.memory = '1024'
    definition.containerDefinitions[0]!.environment.push({ name: 'FEATURE_GREETING', value: 'on' })
    definition.containerDefinitions[0]!.secrets.push({ name: 'FEATURE_TOKEN', valueFrom: secretReference })
    fs.writeFileSync(file, JSON.stringify(definition, null, 2))
    const event = releaseEvent({ tag: 'v4.0.0', name: 'Hello 4.0.0' })
    const short = event.sha.slice(0, 7)

    const run = await deploy(stack, { event, workspace })

    expect(outcome(run)).toMatchObject({ exitCode: 0, errors: [] })
    const md = run.summary
    keep('summary-success.md', md)
    expect(md).toMatch(/^## ✅ Release to hello-service on releases\n/)
    expect(row(md, 'Release')).toBe(
      '[Hello 4.0.0](https://github.com/example-org/hello-service/releases/tag/v4.0.0) (version `4.0.0`, release)'
    )
    expect(row(md, 'Commit')).toBe(
      `[\`${short}\`](https://github.com/example-org/hello-service/commit/${event.sha})`
    )
    expect(row(md, 'Image')).toBe(`\`${run.outputs.image}\``)
    expect(row(md, 'Digest')).toBe(`\`${run.outputs['image-digest']}\``)
    expect(row(md, 'Size')).toMatch(/^\d+(\.\d)? (B|KiB|MiB)$/)
    expect(row(md, 'Task definition')).toBe('`hello-service:1` → `hello-service:2`')
    expect(row(md, 'Service')).toBe('`hello-service` in `releases` (us-east-1)')
    expect(row(md, 'Deployment')).toBe(`\`${run.outputs['deployment-id']}\` **COMPLETED**`)
    // The revision diff: image, size, the new setting and the new secret by name, never its reference.
    expect(md).toContain(`Image of app: ghcr.io/example-org/hello-service:0.9.0 → ${run.outputs.image}`)
    expect(md).toMatch(/Task CPU: 256 → 512/)
    expect(md).toMatch(/Task memory: 512 → 1024/)
    expect(md).toContain('FEATURE_GREETING')
    expect(md).toMatch(/Secrets of app: added FEATURE_TOKEN/)
    expect(md).not.toContain(secretReference)
    expect(md).not.toContain('feature-token')
    // Time per stage, for each stage that ran.
    for (const stage of [
      'Java build',
      'Image build',
      'Push',
      'Register task definition',
      'Update service',
      'Rollout'
    ])
      expect(row(md, stage)).toMatch(/^(\d+ms|\d\.\ds|\d+s|\d+m\d\ds) \|/)
    expect(row(md, 'Java build')).toMatch(/\| maven$/)
    // The rollout's own events.
    expect(md).toMatch(/^\| \d\d:\d\d:\d\d \| has started 2 tasks: \(task [0-9a-f]{32}\)/m)
    expect(md).toMatch(/^\| \d\d:\d\d:\d\d \| \(deployment ecs-svc\/\d+\) deployment completed\. \|$/m)
    expect(md).not.toContain('Why it failed')
  }, 240_000)

  it('a release whose tasks crash: the cause, the stopped tasks and their last log lines come first', async () => {
    const event = releaseEvent({ tag: 'v4.1.0' })
    const tag = `4.1.0-${event.sha.slice(0, 7)}`
    stack.emulator.setScenario({
      failures: [
        {
          image: `:${tag}`,
          kind: 'exit',
          exitCode: 3,
          logLines: ['Exception in thread "main" java.lang.IllegalStateException: FEATURE_TOKEN is not set']
        }
      ]
    })

    const run = await deploy(stack, {
      event,
      workspace,
      inputs: deployInputs(stack, { 'java-build': 'none' })
    })

    expect(run.exitCode).toBe(1)
    const md = run.summary
    keep('summary-failure.md', md)
    expect(md).toMatch(/^## ❌ Release to hello-service on releases\n/)
    const why = md.indexOf('### Why it failed')
    expect(why).toBeGreaterThan(-1)
    expect(why).toBeLessThan(md.indexOf('### Time per stage'))
    expect(md).toMatch(/^\*\*.*Essential container "app" of hello-service:3 exited with code 3.*\*\*$/m)
    // The stopped tasks, each with ECS's reason and the exit code, and the crash's last words once.
    expect(md).toMatch(
      /^\| `[0-9a-f]{12}` hello-service:3 \| \d\d:\d\d:\d\d \| Essential container in task exited \| `app` exit code 3 \|$/m
    )
    expect(md).toContain(
      '```text\nException in thread "main" java.lang.IllegalStateException: FEATURE_TOKEN is not set\n```'
    )
    expect(row(md, 'Task definition')).toBe('`hello-service:2` → `hello-service:3`')
    expect(row(md, 'Deployment')).toBe(
      `\`${run.outputs['deployment-id']}\` **ROLLING_BACK** (failed, ECS rolling back)`
    )
    // The one-line cause is also the step's error annotation, with a title.
    const annotation = run.stdout.split('\n').find(l => l.startsWith('::error title='))
    expect(annotation).toMatch(/^::error title=Rollout failed[^:]*::/)
  }, 240_000)
})
