// ECR: the registry's login and what a repository holds. Loaded only through the factory in clients.ts.
import {
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  type ImageIdentifier
} from '@aws-sdk/client-ecr'
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
