// The example workflows (the README's, word for word) keep the Java build's dependencies between runs.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import { parse } from 'yaml'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

const files = ['examples/workflows/release.yml', 'examples/workflows/redeploy.yml']

describe.each(files)('%s', file => {
  const workflow = parse(fs.readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: Step[] }> }
  const setupJava = Object.values(workflow.jobs)
    .flatMap(job => job.steps)
    .filter(step => step.uses?.startsWith('actions/setup-java@'))

  it("caches Maven's or Gradle's dependencies with setup-java", () => {
    expect(setupJava).toHaveLength(1)
    expect(['maven', 'gradle']).toContain(setupJava[0]?.with?.cache)
  })
})
