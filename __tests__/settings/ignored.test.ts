import { describe, expect, it } from '@jest/globals'
import { ignoredInputs, type InputReader } from '../../src/settings/index.js'

/** Inputs as the runner passes them: action.yml's defaults are there even when the workflow did not set them. */
const runnerDefaults: Record<string, string> = {
  'tag-template': '{version}-{short-sha}',
  'java-build': 'auto',
  'container-engine': 'docker',
  'wait-for-service-stability': 'true',
  'wait-for-minutes': '30',
  'rollback-on-failure': 'false',
  'max-task-failures': '3'
}

function reader(inputs: Record<string, string>): InputReader {
  const all = { ...runnerDefaults, ...inputs }
  return name => (all[name] ?? '').trim()
}

describe('ignoredInputs', () => {
  it('says nothing for a build with every input in use, or a redeploy with only defaults', () => {
    expect(
      ignoredInputs(reader({ 'build-args': 'A=1', 'container-engine': 'podman', platform: 'linux/arm64' }))
    ).toEqual([])
    expect(ignoredInputs(reader({ 'image-tag': '1.0.0-abc1234' }))).toEqual([])
    expect(ignoredInputs(reader({ image: 'h.io/web:1' }))).toEqual([])
  })

  it('names the build inputs an image-tag redeploy ignores', () => {
    const warnings = ignoredInputs(
      reader({
        'image-tag': '1.0.0-abc1234',
        'container-engine': 'podman',
        'build-args': 'BASE_IMAGE=scratch',
        'java-build': 'maven'
      })
    )
    expect(warnings).toEqual([
      {
        title: 'Build inputs ignored',
        message:
          'java-build, build-args, container-engine are ignored: image-tag deploys an existing image, so nothing is built or pushed. ' +
          'Remove them, or leave image-tag empty to build.'
      }
    ])
  })

  it('names image when that is what was given, and every kind of build input', () => {
    const [warning] = ignoredInputs(
      reader({
        image: 'h.io/web@sha256:' + 'a'.repeat(64),
        'build-command': 'make jar',
        dockerfile: 'docker/Dockerfile',
        context: 'app',
        target: 'runtime',
        platform: 'linux/amd64',
        'tag-template': '{version}',
        'additional-tags': 'latest'
      })
    )
    expect(warning?.message).toMatch(
      /^build-command, dockerfile, context, target, platform, tag-template, additional-tags are ignored: image deploys/
    )
  })

  it('uses "is" and "it" for a single input', () => {
    expect(ignoredInputs(reader({ 'image-tag': 'x', dockerfile: 'D' }))[0]?.message).toBe(
      'dockerfile is ignored: image-tag deploys an existing image, so nothing is built or pushed. Remove it, or leave image-tag empty to build.'
    )
  })

  it('names the rollout inputs that wait-for-service-stability: false makes pointless', () => {
    const warnings = ignoredInputs(
      reader({
        'wait-for-service-stability': 'false',
        'on-busy': 'fail',
        'rollback-on-failure': 'true',
        'wait-for-minutes': '10'
      })
    )
    expect(warnings).toEqual([
      {
        title: 'Rollout inputs ignored',
        message:
          'rollback-on-failure, wait-for-minutes are ignored: wait-for-service-stability is false, so the rollout is not followed. ' +
          'Set wait-for-service-stability: true to use them.'
      }
    ])
  })

  it('keeps wait-for-minutes out of it with on-busy: wait, where it bounds the wait for another rollout', () => {
    const warnings = ignoredInputs(
      reader({
        'wait-for-service-stability': 'false',
        'rollback-on-failure': 'true',
        'wait-for-minutes': '10'
      })
    )
    expect(warnings.map(w => w.message)).toEqual([
      'rollback-on-failure is ignored: wait-for-service-stability is false, so the rollout is not followed. ' +
        'Set wait-for-service-stability: true to use it.'
    ])
    expect(
      ignoredInputs(reader({ 'wait-for-service-stability': 'false', 'wait-for-minutes': '10' }))
    ).toEqual([])
  })

  it('treats values equal to the default as not given ("30.0", "False", "DOCKER")', () => {
    expect(
      ignoredInputs(
        reader({
          'wait-for-service-stability': 'FALSE',
          'wait-for-minutes': '30.0',
          'rollback-on-failure': 'False',
          'image-tag': 'x',
          'container-engine': 'DOCKER'
        })
      )
    ).toEqual([])
    expect(
      ignoredInputs(reader({ 'wait-for-service-stability': 'false', 'max-task-failures': '0' }))[0]?.message
    ).toMatch(/^max-task-failures is ignored/)
  })

  it('keeps the rollout inputs quiet while the rollout is followed', () => {
    expect(
      ignoredInputs(
        reader({ 'rollback-on-failure': 'true', 'wait-for-minutes': '5', 'max-task-failures': '1' })
      )
    ).toEqual([])
  })

  it('reports both at once', () => {
    const titles = ignoredInputs(
      reader({
        'image-tag': 'x',
        target: 't',
        'wait-for-service-stability': 'false',
        'max-task-failures': '9'
      })
    ).map(w => w.title)
    expect(titles).toEqual(['Build inputs ignored', 'Rollout inputs ignored'])
  })
})

describe('ignoredInputs for several services', () => {
  it('names services-order and rollback-scope when there is one service; says nothing at their defaults', () => {
    expect(ignoredInputs(reader({ 'services-order': 'parallel', 'rollback-scope': 'all' }))).toEqual([])
    expect(ignoredInputs(reader({ 'services-order': 'sequential', 'rollback-scope': 'failed' }))).toEqual([
      {
        title: 'Services inputs ignored',
        message:
          'services-order, rollback-scope are ignored: they apply to the services of services, and this run deploys one service. ' +
          "Remove them, or list the release's services in services."
      }
    ])
    expect(ignoredInputs(reader({ services: '- service: web', 'services-order': 'sequential' }))).toEqual([])
  })
})
