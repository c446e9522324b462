// Where the image to deploy comes from: built by this run, or already in ECR (a redeploy or a re-run).
import type { ActionDeps } from '../main.js'
import { PLACEHOLDER_ACCOUNT, type Connection } from '../aws/connect.js'
import { ecrHost, EcrError, parseImageUri, type EcrApi, type ImageInfo } from '../aws/ecr.js'
import type { Logger } from '../log.js'
import type { Settings } from '../settings.js'

/** Where the image to deploy comes from: built by this run, or already in the registry. */
export type ImageSource =
  | {
      kind: 'build'
      repository: string
      registryId?: string
      /** The registry address comes from ECR's login: the repository was given by name. */
      registryFromLogin: boolean
      repositoryUri: string
      tag: string
      additionalTags: string[]
      digest?: undefined
    }
  | {
      kind: 'existing'
      repository?: string
      registryId?: string
      registryFromLogin?: boolean
      repositoryUri: string
      tag?: string
      digest?: string
    }

export async function resolveImageSource(
  settings: Settings,
  tag: string | undefined,
  additionalTags: string[],
  aws: Connection,
  ecr: EcrApi,
  deps: ActionDeps
): Promise<ImageSource> {
  if (settings.image) {
    const parsed = parseImageUri(settings.image)!
    const repositoryUri = `${parsed.host}/${parsed.repository}`
    return {
      kind: 'existing',
      repository: parsed.repository,
      registryFromLogin: false,
      registryId: parsed.registryId,
      repositoryUri,
      tag: parsed.tag,
      digest: parsed.digest
    }
  }
  // readSettings has checked ecr-repository: a URI without tag or digest, or a repository name.
  const raw = settings.ecrRepository!
  const parsed = parseImageUri(raw)
  const repository = parsed?.repository ?? raw
  const registryId = parsed?.registryId
  const registryFromLogin = !parsed
  let host = parsed?.host
  if (!host) {
    // ECR's address for this account: from the login when we can get one, else (a dry run) the public form.
    if (aws.identity) {
      const login = await ecr.login()
      deps.mask(login.password) // only the host is used here, but the password is one all the same
      host = login.host
      deps.logger.info(`ECR registry: ${host}`)
    } else host = ecrHost(PLACEHOLDER_ACCOUNT, aws.region)
  }
  const repositoryUri = `${host}/${repository}`
  if (settings.imageTag)
    return {
      kind: 'existing',
      repository,
      registryId,
      registryFromLogin,
      repositoryUri,
      tag: settings.imageTag
    }
  return {
    kind: 'build',
    repository,
    registryId,
    registryFromLogin,
    repositoryUri,
    tag: tag!,
    additionalTags
  }
}

/** Looks the image up in ECR: a redeploy must find it; a build skips when this release's tag is already there. */
export async function findExistingImage(
  source: ImageSource,
  aws: Connection,
  ecr: EcrApi,
  logger: Logger
): Promise<ImageInfo | undefined> {
  if (!aws.identity || !source.repository) return undefined
  const ref = source.digest ? { digest: source.digest } : { tag: source.tag! }
  const found = await ecr.findImage(source.repository, source.registryId, ref)
  if (source.kind === 'existing' && !found) {
    const what = 'digest' in ref ? ref.digest : `tag ${ref.tag}`
    throw new EcrError(
      `The image ${source.repositoryUri} has no ${what} in ECR; nothing was changed. ` +
        'Check image / image-tag (list tags with: aws ecr describe-images --repository-name ' +
        `${source.repository}).`
    )
  }
  if (found) logger.debug(`ECR has ${source.repositoryUri} ${found.digest} (tags ${found.tags.join(', ')})`)
  return found
}

export function registryHostOf(repositoryUri: string): string {
  return repositoryUri.slice(0, repositoryUri.indexOf('/'))
}

export function imageUriFor(source: ImageSource, digest: string | undefined, settings: Settings): string {
  if (settings.imageReference === 'digest' && digest) return `${source.repositoryUri}@${digest}`
  if (source.tag) return `${source.repositoryUri}:${source.tag}`
  return `${source.repositoryUri}@${source.digest ?? digest}`
}
