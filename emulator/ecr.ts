// Amazon ECR's control plane (JSON 1.1): repositories in memory, images from an ImageStore.
import { randomBytes } from 'node:crypto'
import type { IamCheck, ImageLookup } from './contract.js'
import { getDownloadUrlForLayer, type LayerDownloads } from './download-urls.js'
import { AwsError } from './errors.js'
import type { Identity } from './identities.js'
import { manifestDigest, type ImageStore, type StoredImage } from './images.js'

export interface Repository {
  name: string
  createdAt: number
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE'
}

export interface EcrContext {
  region: string
  accountId: string
  now: () => number
  /** host:port of the registry proxy; without one, URIs name AWS's registry host. */
  registryHost?: string
  /** The proxy's URL (http://127.0.0.1:PORT), handed out as proxyEndpoint. */
  proxyEndpoint?: string
  /** Issues a registry password for the caller (remembered for the proxy). */
  issueRegistryToken: (caller: Identity, expiresAt: number) => string
  /** Layer download URLs, when a registry is behind the proxy. */
  downloads?: LayerDownloads
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

type Input = Record<string, unknown>
type ImageId = { imageDigest?: string; imageTag?: string }

const str = (input: Input, key: string): string | undefined =>
  typeof input[key] === 'string' ? (input[key] as string) : undefined

export class Ecr {
  readonly repositories = new Map<string, Repository>()

  constructor(
    private readonly ctx: EcrContext,
    readonly images: ImageStore
  ) {}

  host(): string {
    return this.ctx.registryHost ?? `${this.ctx.accountId}.dkr.ecr.${this.ctx.region}.amazonaws.com`
  }

  repositoryArn(name: string): string {
    return `arn:aws:ecr:${this.ctx.region}:${this.ctx.accountId}:repository/${name}`
  }

  notFound(name: string): AwsError {
    return new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${this.ctx.accountId}'`
    )
  }

  repository(name: string | undefined): Repository {
    if (!name)
      throw new AwsError(
        'InvalidParameterException',
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must not be null'"
      )
    const repository = this.repositories.get(name)
    if (!repository) throw this.notFound(name)
    return repository
  }

  createRepository(name: string, imageTagMutability: 'MUTABLE' | 'IMMUTABLE' = 'MUTABLE'): Repository {
    if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*' and length 2 to 256', got '${name}'`
      )
    }
    if (this.repositories.has(name)) {
      throw new AwsError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${this.ctx.accountId}'`
      )
    }
    const repository: Repository = { name, createdAt: this.ctx.now(), imageTagMutability }
    this.repositories.set(name, repository)
    return repository
  }

  private describeRepository(r: Repository) {
    return {
      repositoryArn: this.repositoryArn(r.name),
      registryId: this.ctx.accountId,
      repositoryName: r.name,
      repositoryUri: `${this.host()}/${r.name}`,
      createdAt: r.createdAt / 1000,
      imageTagMutability: r.imageTagMutability,
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' }
    }
  }

  private imageNotFound(repository: string, id: ImageId): AwsError {
    return new AwsError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repository}' in the registry with id '${this.ctx.accountId}'`
    )
  }

  private static matches(image: StoredImage, id: ImageId): boolean {
    if (id.imageDigest && image.digest !== id.imageDigest) return false
    if (id.imageTag && !image.tags.includes(id.imageTag)) return false
    return Boolean(id.imageDigest || id.imageTag)
  }

  private static imageIds(input: Input): ImageId[] | undefined {
    const ids = input['imageIds']
    return Array.isArray(ids) ? (ids as ImageId[]) : undefined
  }

  private static tagStatus(input: Input): string {
    const filter = input['filter'] as { tagStatus?: string } | undefined
    return filter?.tagStatus ?? 'ANY'
  }

  private static page<T>(items: T[], input: Input, key: string): Record<string, unknown> {
    const start = Number(str(input, 'nextToken') ?? '0') || 0
    const max = typeof input['maxResults'] === 'number' ? (input['maxResults'] as number) : 1000
    const slice = items.slice(start, start + max)
    const next = start + max < items.length ? String(start + max) : undefined
    return next ? { [key]: slice, nextToken: next } : { [key]: slice }
  }

  /** The IAM checks one ECR API call needs. */
  iamChecks(operation: string, input: Input): IamCheck[] {
    const action = `ecr:${operation}`
    if (operation === 'GetAuthorizationToken') return [{ action, resource: '*' }]
    const names = operation === 'DescribeRepositories' ? input['repositoryNames'] : [input['repositoryName']]
    if (!Array.isArray(names) || names.length === 0 || names.some(n => typeof n !== 'string')) {
      return [{ action, resource: '*' }]
    }
    return (names as string[]).map(name => ({ action, resource: this.repositoryArn(name) }))
  }

  async handle(operation: string, input: Input, caller: Identity): Promise<unknown> {
    switch (operation) {
      case 'GetAuthorizationToken': {
        const expiresAt = this.ctx.now() + 12 * 3600 * 1000
        const password = this.ctx.issueRegistryToken(caller, expiresAt)
        return {
          authorizationData: [
            {
              authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
              proxyEndpoint: this.ctx.proxyEndpoint ?? `https://${this.host()}`,
              expiresAt: expiresAt / 1000
            }
          ]
        }
      }
      case 'CreateRepository': {
        const name = str(input, 'repositoryName') ?? ''
        const mutability = str(input, 'imageTagMutability') ?? 'MUTABLE'
        if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
          throw new AwsError(
            'InvalidParameterException',
            `Invalid parameter at 'imageTagMutability': must be MUTABLE or IMMUTABLE, got '${mutability}'`
          )
        }
        return { repository: this.describeRepository(this.createRepository(name, mutability)) }
      }
      case 'DescribeRepositories': {
        const names = input['repositoryNames']
        const repositories = Array.isArray(names)
          ? (names as string[]).map(n => this.repository(n))
          : [...this.repositories.values()]
        return Ecr.page(
          repositories.map(r => this.describeRepository(r)),
          input,
          'repositories'
        )
      }
      case 'PutImageTagMutability': {
        const repository = this.repository(str(input, 'repositoryName'))
        const mutability = str(input, 'imageTagMutability')
        if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
          throw new AwsError(
            'InvalidParameterException',
            `Invalid parameter at 'imageTagMutability': must be MUTABLE or IMMUTABLE`
          )
        }
        repository.imageTagMutability = mutability
        return {
          registryId: this.ctx.accountId,
          repositoryName: repository.name,
          imageTagMutability: mutability
        }
      }
      case 'DescribeImages': {
        const repository = this.repository(str(input, 'repositoryName'))
        const images = await this.images.list(repository.name)
        const ids = Ecr.imageIds(input)
        let selected: StoredImage[]
        if (ids) {
          selected = []
          for (const id of ids) {
            const image = images.find(i => Ecr.matches(i, id))
            if (!image) throw this.imageNotFound(repository.name, id)
            if (!selected.includes(image)) selected.push(image)
          }
        } else {
          const status = Ecr.tagStatus(input)
          selected = images.filter(i => status === 'ANY' || (status === 'TAGGED') === i.tags.length > 0)
        }
        const details = selected.map(image => ({
          registryId: this.ctx.accountId,
          repositoryName: repository.name,
          imageDigest: image.digest,
          ...(image.tags.length > 0 ? { imageTags: image.tags } : {}),
          imageSizeInBytes: image.sizeInBytes,
          imagePushedAt: image.pushedAt / 1000,
          imageManifestMediaType: image.mediaType
        }))
        return Ecr.page(details, input, 'imageDetails')
      }
      case 'ListImages': {
        const repository = this.repository(str(input, 'repositoryName'))
        const status = Ecr.tagStatus(input)
        const ids: ImageId[] = []
        for (const image of await this.images.list(repository.name)) {
          if (image.tags.length === 0) {
            if (status !== 'TAGGED') ids.push({ imageDigest: image.digest })
          } else if (status !== 'UNTAGGED') {
            for (const tag of image.tags) ids.push({ imageDigest: image.digest, imageTag: tag })
          }
        }
        return Ecr.page(ids, input, 'imageIds')
      }
      case 'BatchGetImage': {
        const repository = this.repository(str(input, 'repositoryName'))
        const images = await this.images.list(repository.name)
        const found: unknown[] = []
        const failures: unknown[] = []
        for (const id of Ecr.imageIds(input) ?? []) {
          const image = images.find(i => Ecr.matches(i, id))
          if (image) {
            found.push({
              registryId: this.ctx.accountId,
              repositoryName: repository.name,
              imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
              imageManifest: image.manifest,
              imageManifestMediaType: image.mediaType
            })
          } else {
            const tagOnOtherDigest =
              id.imageTag && id.imageDigest && images.some(i => i.tags.includes(id.imageTag as string))
            failures.push({
              imageId: id,
              failureCode: tagOnOtherDigest ? 'ImageTagDoesNotMatchDigest' : 'ImageNotFound',
              failureReason: tagOnOtherDigest
                ? 'Requested image tag does not match digest'
                : 'Requested image not found'
            })
          }
        }
        return { images: found, failures }
      }
      case 'GetDownloadUrlForLayer': {
        const repository = this.repository(str(input, 'repositoryName'))
        return getDownloadUrlForLayer(
          this.ctx.downloads,
          repository.name,
          this.ctx.accountId,
          input['layerDigest']
        )
      }
      case 'PutImage': {
        const repository = this.repository(str(input, 'repositoryName'))
        const manifest = str(input, 'imageManifest')
        if (!manifest)
          throw new AwsError(
            'InvalidParameterException',
            "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'must not be null'"
          )
        const tag = str(input, 'imageTag')
        if (tag !== undefined && !TAG.test(tag)) {
          throw new AwsError(
            'InvalidParameterException',
            `Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}'', got '${tag}'`
          )
        }
        const existing = await this.images.list(repository.name)
        const digest = manifestDigest(manifest)
        if (tag) {
          const holder = existing.find(i => i.tags.includes(tag))
          if (holder && holder.digest === digest) {
            throw new AwsError(
              'ImageAlreadyExistsException',
              `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${repository.name}' in registry with id '${this.ctx.accountId}'`
            )
          }
          if (holder && repository.imageTagMutability === 'IMMUTABLE')
            throw this.tagExists(repository.name, tag)
        }
        const image = await this.images.put(
          repository.name,
          manifest,
          str(input, 'imageManifestMediaType'),
          tag
        )
        return {
          image: {
            registryId: this.ctx.accountId,
            repositoryName: repository.name,
            imageId: { imageDigest: image.digest, ...(tag ? { imageTag: tag } : {}) },
            imageManifest: image.manifest,
            imageManifestMediaType: image.mediaType
          }
        }
      }
      default:
        throw new AwsError(
          'UnknownOperationException',
          `The stand-in does not implement ECR ${operation}; it serves GetAuthorizationToken, CreateRepository, DescribeRepositories, PutImageTagMutability, DescribeImages, ListImages, BatchGetImage, GetDownloadUrlForLayer and PutImage`
        )
    }
  }

  tagExists(repository: string, tag: string): AwsError {
    return new AwsError(
      'ImageTagAlreadyExistsException',
      `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`
    )
  }

  /** Answers the ECS model's question "is this image in the registry?". */
  imageLookup(): ImageLookup {
    return {
      exists: async (imageUri: string) => {
        const parsed = parseImageUri(imageUri)
        if (!parsed) return undefined
        const hosts = [this.host(), `${this.ctx.accountId}.dkr.ecr.${this.ctx.region}.amazonaws.com`]
        if (!hosts.includes(parsed.host)) return undefined
        if (!this.repositories.has(parsed.repository)) return false
        const images = await this.images.list(parsed.repository)
        return images.some(i =>
          Ecr.matches(
            i,
            parsed.digest ? { imageDigest: parsed.digest } : { imageTag: parsed.tag ?? 'latest' }
          )
        )
      }
    }
  }
}

/** Splits `host[:port]/name[:tag][@sha256:...]`. */
export function parseImageUri(
  uri: string
): { host: string; repository: string; tag?: string; digest?: string } | undefined {
  const slash = uri.indexOf('/')
  if (slash < 0) return undefined
  const host = uri.slice(0, slash)
  let rest = uri.slice(slash + 1)
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  if (!rest) return undefined
  return { host, repository: rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}
