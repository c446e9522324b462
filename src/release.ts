// Which release this run ships, and the unique image tag it gets. Pure: the GitHub context comes in as data.

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

  let version: string
  if (versionOverride) version = versionOverride
  else if (context.eventName === 'release' && typeof release?.tag_name === 'string')
    version = release.tag_name
  else if (
    context.eventName === 'workflow_dispatch' &&
    typeof dispatchInputs?.version === 'string' &&
    dispatchInputs.version
  )
    version = dispatchInputs.version
  else version = refName || sha.slice(0, 7)
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

/**
 * Fills a tag template ({version}, {sha}, {short-sha}, {run-number}, {run-attempt}, {ref}) and makes the result a
 * valid Docker tag: characters outside [A-Za-z0-9_.-] become "-", it may not start with "." or "-", at most 128.
 */
export function renderTag(template: string, release: Release, inputName = 'tag-template'): string {
  const values: Record<string, string> = {
    version: release.version,
    sha: release.sha,
    'short-sha': release.shortSha,
    'run-number': String(release.runNumber),
    'run-attempt': String(release.runAttempt),
    ref: release.ref
  }
  const filled = template.replace(/\{([^}]*)\}/g, (whole, name: string) => values[name] ?? whole)
  const tag = filled
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
    throw new ReleaseError(
      `${inputName} "${template}" gives "${filled}", which cannot be made a Docker tag; ` +
        'use letters, digits, _ . - and placeholders such as {version}-{short-sha}.'
    )
  return tag
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}
