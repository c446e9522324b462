import { describe, expect, it } from '@jest/globals'
import { renderTag, resolveRelease, type GithubContext } from '../src/release.js'

const sha = '0123456789abcdef0123456789abcdef01234567'

function context(overrides: Partial<GithubContext>): GithubContext {
  return {
    eventName: 'push',
    payload: {},
    sha,
    ref: 'refs/heads/main',
    runNumber: 42,
    runAttempt: 1,
    runId: 9001,
    repository: 'acme/web',
    serverUrl: 'https://github.com',
    ...overrides
  }
}

describe('resolveRelease', () => {
  it('takes the version from a published release tag, without the leading v', () => {
    const r = resolveRelease(
      context({
        eventName: 'release',
        ref: 'refs/tags/v1.4.0',
        payload: {
          action: 'published',
          release: {
            tag_name: 'v1.4.0',
            name: 'Spring',
            prerelease: true,
            html_url: 'https://github.com/acme/web/releases/tag/v1.4.0'
          }
        }
      })
    )
    expect(r).toMatchObject({
      event: 'release',
      version: '1.4.0',
      ref: 'v1.4.0',
      shortSha: '0123456',
      prerelease: true,
      releaseName: 'Spring',
      releaseUrl: 'https://github.com/acme/web/releases/tag/v1.4.0',
      commitUrl: `https://github.com/acme/web/commit/${sha}`,
      runUrl: 'https://github.com/acme/web/actions/runs/9001'
    })
  })

  it('keeps a v that is part of a name, e.g. a tag like "vnext"', () => {
    const r = resolveRelease(context({ eventName: 'release', payload: { release: { tag_name: 'vnext' } } }))
    expect(r.version).toBe('vnext')
  })

  it('uses the dispatched version input, else the dispatched ref', () => {
    expect(
      resolveRelease(context({ eventName: 'workflow_dispatch', payload: { inputs: { version: 'v2.0.1' } } }))
        .version
    ).toBe('2.0.1')
    expect(
      resolveRelease(
        context({ eventName: 'workflow_dispatch', ref: 'refs/tags/v1.9.0', payload: { inputs: {} } })
      ).version
    ).toBe('1.9.0')
  })

  it('uses the branch for a push, and the version input over everything', () => {
    expect(resolveRelease(context({ ref: 'refs/heads/feature/login' })).version).toBe('feature/login')
    expect(resolveRelease(context({}), '3.0.0-rc1').version).toBe('3.0.0-rc1')
  })

  it('refuses a context without a commit', () => {
    expect(() => resolveRelease(context({ sha: '' }))).toThrow('GITHUB_SHA')
  })
})

describe('renderTag', () => {
  const release = resolveRelease(
    context({ eventName: 'release', payload: { release: { tag_name: 'v1.4.0' } }, runAttempt: 2 })
  )

  it('fills every placeholder, the default giving {version}-{short-sha}', () => {
    expect(renderTag('{version}-{short-sha}', release)).toBe('1.4.0-0123456')
    expect(renderTag('{ref}-{run-number}.{run-attempt}-{sha}', release)).toBe(`v1.4.0-42.2-${sha}`)
  })

  it('sanitises to the Docker tag grammar', () => {
    const branch = resolveRelease(context({ ref: 'refs/heads/feature/Login+SSO' }))
    expect(renderTag('{version}-{short-sha}', branch)).toBe('feature-Login-SSO-0123456')
    expect(renderTag('.{version}', branch)).toBe('feature-Login-SSO')
    expect(renderTag('{sha}{sha}{sha}{sha}', release)).toHaveLength(128)
  })

  it('fails, naming the input, when nothing usable is left', () => {
    expect(() => renderTag('///', release)).toThrow(
      'tag-template "///" gives "///", which cannot be made a Docker tag'
    )
    expect(() => renderTag('...', release, 'additional-tags')).toThrow(/^additional-tags/)
  })
})
