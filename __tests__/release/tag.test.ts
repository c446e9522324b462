import { describe, expect, it } from '@jest/globals'
import {
  renderImageTag,
  renderTags,
  resolveRelease,
  ReleaseError,
  type GithubContext
} from '../../src/release.js'

const sha = 'fedcba9876543210fedcba9876543210fedcba98'

function context(overrides: Partial<GithubContext>): GithubContext {
  return {
    eventName: 'push',
    payload: {},
    sha,
    ref: 'refs/heads/main',
    runNumber: 7,
    runAttempt: 1,
    runId: 1,
    repository: 'acme/web',
    serverUrl: 'https://github.com',
    ...overrides
  }
}

describe('renderImageTag keeps the commit when a tag must be shortened', () => {
  const branch = `feature/${'very-long-branch-name-'.repeat(8)}end`
  const release = resolveRelease(context({ ref: `refs/heads/${branch}` }))

  it('shortens the version part, keeps {short-sha}, and says so', () => {
    const { tag, shortened } = renderImageTag('{version}-{short-sha}', release)
    expect(tag).toHaveLength(128)
    expect(tag.endsWith('-fedcba9')).toBe(true)
    expect(tag.startsWith('feature-very-long-branch-name-')).toBe(true)
    expect(shortened).toBe(
      `tag-template: the tag would be ${branch.length + 8} characters, over Docker's 128; ` +
        `the {version} and {ref} was shortened and the commit kept: ${tag}`.replace(' and {ref}', '')
    )
  })

  it('gives two commits of the same long version two tags', () => {
    const other = resolveRelease(context({ ref: `refs/heads/${branch}`, sha: '0'.repeat(40) }))
    expect(renderImageTag('{version}-{short-sha}', release).tag).not.toBe(
      renderImageTag('{version}-{short-sha}', other).tag
    )
  })

  it('keeps literal text, the run numbers and the full sha too', () => {
    const { tag } = renderImageTag('v{version}-{run-number}.{run-attempt}-{sha}', release)
    expect(tag).toHaveLength(128)
    expect(tag).toMatch(new RegExp(`^vfeature-.*-7\\.1-${sha}$`))
  })

  it('leaves a tag that fits as it was, with no note', () => {
    expect(renderImageTag('{version}-{short-sha}', resolveRelease(context({})))).toEqual({
      tag: 'main-fedcba9'
    })
  })

  it('renders the unique tag and the additional ones, with a note for each shortened one', () => {
    const tags = renderTags('{version}-{short-sha}', ['latest', '{version}'], release)
    expect(tags.tag).toMatch(/-fedcba9$/)
    expect(tags.additionalTags).toEqual(['latest', expect.stringMatching(/^feature-very-long/)])
    expect(tags.notes).toEqual([
      expect.stringMatching(/^tag-template: the tag would be/),
      expect.stringMatching(/^additional-tags: the tag would be/)
    ])
    expect(renderTags(undefined, ['latest'], release)).toEqual({
      tag: undefined,
      additionalTags: ['latest'],
      notes: []
    })
  })

  it('refuses a template that is too long even without its version, naming the input', () => {
    expect(() =>
      renderImageTag(`${'x'.repeat(130)}-{version}-{short-sha}`, release, 'additional-tags')
    ).toThrow(
      /^additional-tags ".*" gives a tag of \d+ characters, and even without its version it is over Docker's 128/
    )
  })
})

describe('resolveRelease refuses versions that cannot be logged or tagged safely', () => {
  it('refuses a release event without tag_name', () => {
    expect(() =>
      resolveRelease(context({ eventName: 'release', payload: { release: { name: 'x' } } }))
    ).toThrow(/The release event has no release.tag_name .* set the version input/)
    expect(resolveRelease(context({ eventName: 'release', payload: { release: {} } }), '2.0.0').version).toBe(
      '2.0.0'
    )
  })

  it('refuses a dispatched version with a line break, naming where it came from', () => {
    let error: unknown
    try {
      resolveRelease(
        context({
          eventName: 'workflow_dispatch',
          payload: { inputs: { version: '1.0\n::stop-commands::x' } }
        })
      )
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ReleaseError)
    expect((error as Error).message).toContain(
      'the workflow_dispatch input version contains a line break (LF)'
    )
    expect((error as Error).message).not.toContain('\n')
  })
})
