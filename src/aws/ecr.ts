// ECR: the registry's login and what a repository holds. Loaded only through the factory in clients.ts.
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  type ImageIdentifier
} from '@aws-sdk/client-ecr'
import { readConfigPlatform, readManifest } from '../image/platform.js'
import { awsCall, errorName } from './errors.js'
import { EcrError, type EcrApi } from './ecr-uri.js'

export {
  ecrHost,
  EcrError,
  parseImageUri,
  type EcrApi,
  type ImageInfo,
  type ImageRef,
  type ParsedImageUri,
  type RegistryLogin
} from './ecr-uri.js'

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

    async imagePlatforms(repository, registryId, digest) {
      const where = { repositoryName: repository, ...(registryId ? { registryId } : {}) }
      const response = await awsCall(`Reading the image manifest in ${repository} (ecr:BatchGetImage)`, () =>
        client.send(
          new BatchGetImageCommand({
            ...where,
            imageIds: [{ imageDigest: digest }],
            acceptedMediaTypes: MANIFEST_TYPES
          })
        )
      )
      const image = response?.images?.[0]
      if (!image?.imageManifest)
        return {
          unknown: `ECR returned no manifest for ${digest} (${response?.failures?.[0]?.failureReason ?? 'no reason given'})`
        }
      const manifest = readManifest(image.imageManifest, image.imageManifestMediaType)
      if (manifest.kind === 'index') return { platforms: manifest.platforms }
      if (manifest.kind === 'unknown') return { unknown: manifest.why }
      // A single-platform image names its platform in the config blob, fetched like a layer: a presigned URL.
      const layer = await awsCall(
        `Locating the image config in ${repository} (ecr:GetDownloadUrlForLayer)`,
        () => client.send(new GetDownloadUrlForLayerCommand({ ...where, layerDigest: manifest.configDigest }))
      )
      if (!layer.downloadUrl) return { unknown: 'ECR returned no download URL for the image config' }
      const blob = await fetch(layer.downloadUrl)
      if (!blob.ok) return { unknown: `downloading the image config answered HTTP ${blob.status}` }
      const platform = readConfigPlatform(await blob.text())
      return platform
        ? { platforms: [platform] }
        : { unknown: 'the image config names no os and architecture' }
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

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
]
