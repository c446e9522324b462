// ECR: the registry's address and login, the repository, and what it holds.
import {
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  type ImageIdentifier
} from '@aws-sdk/client-ecr'
import { ecrRegistryOf, parseImageReference } from '../image/reference.js'
import { awsCall, errorName } from './errors.js'

export interface RegistryLogin {
  username: string
  password: string
  /** host[:port] to log in and push to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
  host: string
}

export interface ImageInfo {
  digest: string
  tags: string[]
  sizeBytes?: number
  pushedAt?: Date
}

export type ImageRef = { tag: string } | { digest: string }

/** The ECR calls the pipeline makes. */
export interface EcrApi {
  login(registryId?: string): Promise<RegistryLogin>
  /** undefined when the image is not in the repository. */
  findImage(repository: string, registryId: string | undefined, ref: ImageRef): Promise<ImageInfo | undefined>
}

export class EcrError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EcrError'
  }
}

/** Parsed form of an image or repository URI. */
export interface ParsedImageUri {
  host: string
  repository: string
  tag?: string
  digest?: string
  /** From an ECR host name: account (registry id) and region. */
  registryId?: string
  region?: string
}

/** Splits host/repository[:tag|@digest]; undefined for a bare name (no host) or what is not a reference. */
export function parseImageUri(uri: string): ParsedImageUri | undefined {
  const parsed = parseImageReference(uri)
  if ('problem' in parsed || !parsed.registry) return undefined
  const ecr = ecrRegistryOf(parsed.registry)
  return {
    host: parsed.registry,
    repository: parsed.repository,
    tag: parsed.tag,
    digest: parsed.digest,
    registryId: ecr?.registryId,
    region: ecr?.region
  }
}

/** ECR's own host name for an account and region (used to plan when no login is possible, e.g. a dry run). */
export function ecrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`
}

export function createEcrApi(client: ECRClient): EcrApi {
  return {
    async login(registryId) {
      const response = await awsCall('Getting an ECR login (ecr:GetAuthorizationToken)', () =>
        client.send(new GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}))
      )
      const data = response.authorizationData?.[0]
      const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (!data?.proxyEndpoint || colon === -1)
        throw new EcrError('ECR returned no usable authorization token; try again, and check the region.')
      return {
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        host: data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/$/, '')
      }
    },

    async findImage(repository, registryId, ref) {
      const imageId: ImageIdentifier = 'tag' in ref ? { imageTag: ref.tag } : { imageDigest: ref.digest }
      try {
        const response = await client.send(
          new DescribeImagesCommand({
            repositoryName: repository,
            imageIds: [imageId],
            ...(registryId ? { registryId } : {})
          })
        )
        const detail = response.imageDetails?.[0]
        if (!detail?.imageDigest) return undefined
        return {
          digest: detail.imageDigest,
          tags: detail.imageTags ?? [],
          sizeBytes: detail.imageSizeInBytes,
          pushedAt: detail.imagePushedAt
        }
      } catch (e) {
        if (errorName(e) === 'ImageNotFoundException') return undefined
        if (errorName(e) === 'RepositoryNotFoundException')
          throw new EcrError(
            `The ECR repository "${repository}" does not exist${registryId ? ` in account ${registryId}` : ''}; ` +
              'create it (aws ecr create-repository --repository-name ' +
              `${repository}) or fix ecr-repository.`
          )
        return awsCall(`Looking up the image in ${repository} (ecr:DescribeImages)`, () => Promise.reject(e))
      }
    }
  }
}
