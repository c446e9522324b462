// Which release this run ships, and the unique image tag it gets. Pure: the GitHub context comes in as data.
import { controlCharacterProblems, shown } from './settings/checks.js'

/** The parts of the GitHub context a release needs (what @actions/github's `context` carries). */
export interface GithubContext {
  eventName: string
  payload: Record<string, unknown>
  sha: string
  ref: string
  runNumber: number
  runAttempt: number
  runId: number
  repository: string
  serverUrl: string
}

export interface Release {
  /** What triggered the run: release, workflow_dispatch, push, ... */
  event: string
  /** The version this run ships: the release tag without a leading v, a dispatched version, or the branch. */
  version: string
  sha: string
  shortSha: string
  /** The branch or tag name. */
  ref: string
  runNumber: number
  runAttempt: number
  prerelease: boolean
  releaseName?: string
  releaseUrl?: string
  commitUrl?: string
  runUrl?: string
}

export class ReleaseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReleaseError'
  }
}

/** Works out the release from the event: release (tag), workflow_dispatch (inputs.version or ref), push (branch). */
export function resolveRelease(context: GithubContext, versionOverride?: string): Release {
  const payload = context.payload
  const refName = context.ref.replace(/^refs\/(heads|tags)\//, '')
  const release = asRecord(payload.release)
  const dispatchInputs = asRecord(payload.inputs)
  const sha = context.sha
  if (!/^[0-9a-f]{7,64}$/i.test(sha))
    throw new ReleaseError(
      `The commit SHA "${sha}" from GITHUB_SHA is not a git SHA; run this action inside a GitHub workflow, or set GITHUB_SHA.`
    )

  if (
    context.eventName === 'release' &&
    !versionOverride &&
    (typeof release?.tag_name !== 'string' || release.tag_name === '')
  )
    throw new ReleaseError(
      'The release event has no release.tag_name (in the file GITHUB_EVENT_PATH names), so there is no version to ship; ' +
        'run on a GitHub release event, or set the version input.'
    )
  let version: string
  let versionFrom = 'version'
  if (versionOverride) version = versionOverride
  else if (context.eventName === 'release' && typeof release?.tag_name === 'string') {
    version = release.tag_name
    versionFrom = "the release's tag_name"
  } else if (
    context.eventName === 'workflow_dispatch' &&
    typeof dispatchInputs?.version === 'string' &&
    dispatchInputs.version
  ) {
    version = dispatchInputs.version
    versionFrom = 'the workflow_dispatch input version'
  } else {
    version = refName || sha.slice(0, 7)
    versionFrom = 'GITHUB_REF'
  }
  // The version is logged and labels the image: a line break in it would be a workflow command of its own.
  const unsafe = controlCharacterProblems({ [versionFrom]: version }, { multiLine: [], secret: [] })
  if (unsafe[0]) throw new ReleaseError(unsafe[0])
  version = version.replace(/^v(?=\d)/, '')

  const base = `${context.serverUrl}/${context.repository}`
  return {
    event: context.eventName,
    version,
    sha,
    shortSha: sha.slice(0, 7),
    ref: typeof release?.tag_name === 'string' ? release.tag_name : refName,
    runNumber: context.runNumber,
    runAttempt: context.runAttempt,
    prerelease: release?.prerelease === true,
    releaseName: typeof release?.name === 'string' && release.name ? release.name : undefined,
    releaseUrl: typeof release?.html_url === 'string' ? release.html_url : undefined,
    commitUrl: context.repository ? `${base}/commit/${sha}` : undefined,
    runUrl: context.repository && context.runId ? `${base}/actions/runs/${context.runId}` : undefined
  }
}

/** A rendered tag, and a note for the log when it had to be shortened. */
export interface RenderedTag {
  tag: string
  shortened?: string
}

const MAX_TAG = 128
/** Placeholders whose values may be shortened: the commit and the run numbers are what keep a tag unique. */
const SHORTENABLE = ['version', 'ref'] as const

/**
 * Fills a tag template ({version}, {sha}, {short-sha}, {run-number}, {run-attempt}, {ref}) and makes the result a
 * valid Docker tag: characters outside [A-Za-z0-9_.-] become "-", it may not start with "." or "-", at most 128.
 * A tag over 128 characters loses the end of {version} and {ref}, never the commit: cutting the end of the whole
 * tag would drop {short-sha}, and a later commit of the same long version would reuse the old image.
 */
export function renderImageTag(template: string, release: Release, inputName = 'tag-template'): RenderedTag {
  const values: Record<string, string> = {
    version: release.version,
    sha: release.sha,
    'short-sha': release.shortSha,
    'run-number': String(release.runNumber),
    'run-attempt': String(release.runAttempt),
    ref: release.ref
  }
  const filled = (): string =>
    template.replace(/\{([^}]*)\}/g, (whole, name: string) => values[name] ?? whole)
  const fill = (): string =>
    filled()
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[.-]+/, '')
  const written = filled()
  const full = fill()
  let tag = full
  const cuttable = SHORTENABLE.filter(name => template.includes(`{${name}}`))
  while (tag.length > MAX_TAG && cuttable.some(name => values[name] !== '')) {
    // Cut the longer of version and ref by the excess (a raw character is at most one character of the tag).
    const name = cuttable.reduce((a, b) => (values[b]!.length > values[a]!.length ? b : a))
    const value = values[name]!
    values[name] = value
      .slice(0, Math.max(0, value.length - (tag.length - MAX_TAG)))
      .replace(/[^A-Za-z0-9]+$/, '')
    tag = fill()
  }
  if (tag.length > MAX_TAG) {
    const commit = template.includes('{sha}')
      ? release.sha
      : template.includes('{short-sha}')
        ? release.shortSha
        : ''
    tag = tag.slice(0, MAX_TAG)
    if (!tag.includes(commit))
      throw new ReleaseError(
        `${inputName} "${template}" gives a tag of ${full.length} characters, and even without its version it is over ` +
          `Docker's ${MAX_TAG}; shorten the text around the placeholders, e.g. {version}-{short-sha}.`
      )
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
    throw new ReleaseError(
      `${inputName} "${template}" gives ${shown(written)}, which cannot be made a Docker tag; ` +
        'use letters, digits, _ . - and placeholders such as {version}-{short-sha}.'
    )
  if (tag === full) return { tag }
  return {
    tag,
    shortened:
      `${inputName}: the tag would be ${full.length} characters, over Docker's ${MAX_TAG}; ` +
      `the ${cuttable.map(n => `{${n}}`).join(' and ') || 'end'} was shortened and the commit kept: ${tag}`
  }
}

/** The unique tag (when building) and the additional tags, with a note for each one that was shortened. */
export function renderTags(
  tagTemplate: string | undefined,
  additionalTemplates: string[],
  release: Release
): { tag?: string; additionalTags: string[]; notes: string[] } {
  const unique = tagTemplate === undefined ? undefined : renderImageTag(tagTemplate, release)
  const additional = additionalTemplates.map(t => renderImageTag(t, release, 'additional-tags'))
  const notes = [unique, ...additional].flatMap(r => (r?.shortened ? [r.shortened] : []))
  return { tag: unique?.tag, additionalTags: additional.map(r => r.tag), notes }
}

/** renderImageTag's tag alone. */
export function renderTag(template: string, release: Release, inputName = 'tag-template'): string {
  return renderImageTag(template, release, inputName).tag
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}
