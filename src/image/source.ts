// Where the image to deploy comes from: built by this run, or already in ECR (a redeploy or a re-run).
import { PLACEHOLDER_ACCOUNT, type Connection } from '../aws/connect.js'
import { ecrHost, EcrError, parseImageUri, type EcrApi, type ImageInfo } from '../aws/ecr-uri.js'
import { AwsCallError } from '../aws/errors.js'
import { ecrRegistryOf, parseImageReference, repositoryOf } from './reference.js'
import type { Logger } from '../log.js'
import type { Settings } from '../settings/index.js'

/** Where the image to deploy comes from: built by this run, or already in the registry. */
export type ImageSource =
  | {
      kind: 'build'
      /** The input that names the image, for messages. */
      input: 'ecr-repository'
      repository: string
      registryId?: string
      /** The registry address comes from ECR's login: the repository was given by name. */
      registryFromLogin: boolean
      repositoryUri: string
      /** The region of the repository's registry: of its URI, else aws-region. */
      region: string
      tag: string
      additionalTags: string[]
      digest?: undefined
    }
  | {
      kind: 'existing'
      input: 'image' | 'ecr-repository'
      repository?: string
      registryId?: string
      registryFromLogin?: boolean
      repositoryUri: string
      /** The region of the ECR registry; undefined for an image in another registry. */
      region?: string
      tag?: string
      digest?: string
      /** The image is in a registry other than ECR (Docker Hub, ghcr.io, ...): nothing can verify it. */
      outsideEcr?: boolean
    }

export async function resolveImageSource(
  settings: Settings,
  tag: string | undefined,
  additionalTags: string[],
  aws: Connection,
  ecr: EcrApi,
  io: { logger: Logger; mask(secret: string): void }
): Promise<ImageSource> {
  const { logger } = io
  const choice = settings.imageChoice
  if (choice.kind === 'uri') {
    // readSettings has checked the reference.
    const parsed = parseImageReference(choice.uri)
    if ('problem' in parsed) throw new EcrError(`image ${parsed.problem}.`)
    const registry = ecrRegistryOf(parsed.registry)
    // Another host may still be this account's ECR reached at its own address (a private endpoint, a local
    // stand-in): ECR's login says where its registry is. Without a login, it is treated as another registry.
    const loginHost =
      !registry && parsed.registry && aws.identity
        ? await ecr.login().then(
            l => l.host,
            (e: unknown) => logger.debug(`No ECR login to compare ${parsed.registry} with: ${String(e)}`)
          )
        : undefined
    const inEcr = registry !== undefined || (loginHost !== undefined && loginHost === parsed.registry)
    return {
      kind: 'existing',
      input: 'image',
      repository: inEcr ? parsed.repository : undefined,
      registryFromLogin: !registry && inEcr,
      registryId: registry?.registryId,
      region: registry?.region ?? (inEcr ? aws.region : undefined),
      repositoryUri: repositoryOf(parsed),
      tag: parsed.tag,
      digest: parsed.digest,
      outsideEcr: !inEcr
    }
  }
  // readSettings has checked ecr-repository: a URI without tag or digest, or a repository name.
  const raw = choice.ecrRepository
  const parsed = parseImageUri(raw)
  const repository = parsed?.repository ?? raw
  const registryId = parsed?.registryId
  const registryFromLogin = !parsed
  let host = parsed?.host
  if (!host) {
    // ECR's address for this account: from the login when we can get one, else (a dry run) the public form.
    if (aws.identity) {
      const login = await ecr.login()
      io.mask(login.password) // only the host is used here, but the password is one all the same
      host = login.host
      logger.info(`ECR registry: ${host}`)
    } else host = ecrHost(PLACEHOLDER_ACCOUNT, aws.region)
  }
  const repositoryUri = `${host}/${repository}`
  const region = parsed?.region ?? aws.region
  if (choice.kind === 'tag')
    return {
      kind: 'existing',
      input: 'ecr-repository',
      repository,
      registryId,
      registryFromLogin,
      repositoryUri,
      region,
      tag: choice.tag
    }
  return {
    kind: 'build',
    input: 'ecr-repository',
    repository,
    registryId,
    registryFromLogin,
    repositoryUri,
    region,
    tag: tag!,
    additionalTags
  }
}

/**
 * Looks the image up in ECR, in the region of its registry (the ecr given is that region's): a redeploy must find
 * it; a build skips when this release's tag is already there. An image in another registry is not looked up.
 */
export async function findExistingImage(
  source: ImageSource,
  aws: Connection,
  ecr: EcrApi,
  logger: Logger
): Promise<ImageInfo | undefined> {
  if (!aws.identity || !source.repository) return undefined
  const ref = source.digest ? { digest: source.digest } : { tag: source.tag! }
  const where = `${source.region ?? aws.region}${source.registryId ? ` (registry ${source.registryId})` : ''}`
  let found: ImageInfo | undefined
  try {
    found = await ecr.findImage(source.repository, source.registryId, ref)
  } catch (e) {
    if (!(e instanceof AwsCallError) && !(e instanceof EcrError)) throw e
    throw new EcrError(
      `${source.input}: ${source.repositoryUri} is looked up in ECR in ${where}, the region of its registry, and that failed; nothing was changed. ${e.message}`
    )
  }
  if (source.kind === 'existing' && !found) {
    const what = 'digest' in ref ? ref.digest : `tag ${ref.tag}`
    throw new EcrError(
      `The image ${source.repositoryUri} has no ${what} in ECR; nothing was changed (looked up in ${where}, the region of its registry). ` +
        'Check image / image-tag (list tags with: aws ecr describe-images --repository-name ' +
        `${source.repository}${source.region ? ` --region ${source.region}` : ''}).`
    )
  }
  if (found) logger.debug(`ECR has ${source.repositoryUri} ${found.digest} (tags ${found.tags.join(', ')})`)
  return found
}

export function registryHostOf(repositoryUri: string): string {
  return repositoryUri.slice(0, repositoryUri.indexOf('/'))
}

export function imageUriFor(
  source: ImageSource,
  digest: string | undefined,
  settings: Pick<Settings, 'imageReference'>
): string {
  if (settings.imageReference === 'digest' && digest) return `${source.repositoryUri}@${digest}`
  if (source.tag) return `${source.repositoryUri}:${source.tag}`
  return `${source.repositoryUri}@${source.digest ?? digest}`
}
