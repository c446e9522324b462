// The example workflows are the README's quick start, word for word, and use only inputs action.yml has.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import { parse } from 'yaml'

const readme = fs.readFileSync('README.md', 'utf8')
const actionInputs = Object.keys(
  (parse(fs.readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs
)

/** The first ```yaml block after `heading` in the README. */
function yamlAfter(heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`)
  if (at === -1) throw new Error(`README.md has no heading "${heading}"`)
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at))
  if (!block) throw new Error(`README.md has no yaml block after "${heading}"`)
  return block[1]!
}

interface Workflow {
  on: Record<string, unknown>
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
  jobs: Record<string, { environment?: string; steps: { uses?: string; with?: Record<string, unknown> }[] }>
}

const examples = [
  { file: 'examples/workflows/release.yml', heading: '## Quick start', trigger: 'release' },
  {
    file: 'examples/workflows/redeploy.yml',
    heading: '### Redeploy an earlier release without rebuilding',
    trigger: 'workflow_dispatch'
  }
]

describe.each(examples)('$file', ({ file, heading, trigger }) => {
  const text = fs.readFileSync(file, 'utf8')
  const workflow = parse(text) as Workflow

  it(`is the README's "${heading}" workflow, word for word`, () => {
    expect(text).toBe(yamlAfter(heading))
  })

  it('runs on its trigger, one deploy at a time, in an environment', () => {
    expect(Object.keys(workflow.on)).toEqual([trigger])
    expect(workflow.concurrency).toMatchObject({
      group: expect.stringMatching(/^deploy-web-/),
      'cancel-in-progress': false
    })
    for (const job of Object.values(workflow.jobs)) expect(job.environment).toBeTruthy()
  })

  it('gives the action only inputs that action.yml has, and the keys from secrets', () => {
    const steps = Object.values(workflow.jobs).flatMap(j => j.steps)
    const ours = steps.filter(s => s.uses?.startsWith('release-to-ecs/release-to-ecs@'))
    expect(ours).toHaveLength(1)
    const given = Object.keys(ours[0]!.with ?? {})
    expect(given.filter(name => !actionInputs.includes(name))).toEqual([])
    expect(ours[0]!.with).toMatchObject({
      'aws-access-key-id': '${{ secrets.AWS_ACCESS_KEY_ID }}',
      'aws-secret-access-key': '${{ secrets.AWS_SECRET_ACCESS_KEY }}'
    })
    expect(steps[0]?.uses).toMatch(/^actions\/checkout@/)
  })
})

describe('the redeploy workflow', () => {
  const workflow = parse(fs.readFileSync('examples/workflows/redeploy.yml', 'utf8')) as Workflow
  const dispatch = workflow.on.workflow_dispatch as { inputs: Record<string, { required?: boolean }> }

  it('asks for the environment, and an image tag or a version to rebuild', () => {
    expect(Object.keys(dispatch.inputs)).toEqual(['environment', 'image-tag', 'version'])
    expect(dispatch.inputs.environment?.required).toBe(true)
    const action = Object.values(workflow.jobs)[0]!.steps.find(s => s.uses?.startsWith('release-to-ecs/'))!
    expect(action.with).toMatchObject({
      'image-tag': '${{ inputs.image-tag }}',
      version: '${{ inputs.version }}'
    })
  })

  it('shares the release workflow concurrency group for production', () => {
    const release = parse(fs.readFileSync('examples/workflows/release.yml', 'utf8')) as Workflow
    expect(workflow.concurrency?.group?.replace('${{ inputs.environment }}', 'production')).toBe(
      release.concurrency?.group
    )
  })
})
