import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  ListImagesCommand,
  PutImageCommand
} from '@aws-sdk/client-ecr'
import { startEmulator, type Emulator } from '../index.js'
import { parseImageUri } from '../ecr.js'
import { clients, failure } from './support.js'

const account = '123456789012'

function manifest(layerSize: number, seed: string): string {
  const digest = (s: string) => 'sha256:' + createHash('sha256').update(s).digest('hex')
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      size: 100,
      digest: digest('config' + seed)
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        size: layerSize,
        digest: digest('layer' + seed)
      }
    ]
  })
}
const sha = (s: string) => 'sha256:' + createHash('sha256').update(s).digest('hex')

describe('ECR without a registry (images in memory)', () => {
  let emulator: Emulator
  let ecr: ReturnType<typeof clients>['ecr']
  beforeAll(async () => {
    emulator = await startEmulator({
      identities: [
        { accessKeyId: 'AKIAADMIN', secretAccessKey: 's', arn: `arn:aws:iam::${account}:user/admin` },
        {
          accessKeyId: 'AKIAREADER',
          secretAccessKey: 'r',
          arn: `arn:aws:iam::${account}:user/reader`,
          policies: [
            {
              Statement: {
                Effect: 'Allow',
                Action: 'ecr:Describe*',
                Resource: `arn:aws:ecr:us-east-1:${account}:repository/web`
              }
            }
          ]
        }
      ]
    })
    ecr = clients(emulator.url, { accessKeyId: 'AKIAADMIN', secretAccessKey: 's' }).ecr
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }))
    await ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'team/locked', imageTagMutability: 'IMMUTABLE' })
    )
  })
  afterAll(async () => {
    ecr.destroy()
    await emulator.stop()
  })

  it('describes repositories with their URI, ARN and tag mutability', async () => {
    const { repositories } = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['team/locked'] })
    )
    expect(repositories).toEqual([
      expect.objectContaining({
        repositoryName: 'team/locked',
        repositoryArn: `arn:aws:ecr:us-east-1:${account}:repository/team/locked`,
        repositoryUri: `${account}.dkr.ecr.us-east-1.amazonaws.com/team/locked`,
        imageTagMutability: 'IMMUTABLE',
        registryId: account
      })
    ])
    expect(repositories?.[0]?.createdAt).toBeInstanceOf(Date)
  })

  it('answers RepositoryNotFoundException and RepositoryAlreadyExistsException with AWS wording', async () => {
    expect(await failure(ecr.send(new DescribeImagesCommand({ repositoryName: 'nope' })))).toMatchObject({
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'nope' does not exist in the registry with id '${account}'`
    })
    expect(await failure(ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' })))).toMatchObject({
      name: 'RepositoryAlreadyExistsException'
    })
    expect(
      await failure(ecr.send(new CreateRepositoryCommand({ repositoryName: 'Bad_Name' })))
    ).toMatchObject({
      name: 'InvalidParameterException'
    })
  })

  it('stores images with PutImage and describes them by tag and digest', async () => {
    const body = manifest(2000, 'a')
    const put = await ecr.send(
      new PutImageCommand({ repositoryName: 'web', imageManifest: body, imageTag: '1.0.0-abc1234' })
    )
    expect(put.image?.imageId).toEqual({ imageDigest: sha(body), imageTag: '1.0.0-abc1234' })

    const byTag = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: '1.0.0-abc1234' }] })
    )
    expect(byTag.imageDetails).toEqual([
      expect.objectContaining({
        imageDigest: sha(body),
        imageTags: ['1.0.0-abc1234'],
        imageSizeInBytes: 2100,
        imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        repositoryName: 'web'
      })
    ])
    expect(byTag.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date)
    const byDigest = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageDigest: sha(body) }] })
    )
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual(['1.0.0-abc1234'])
  })

  it('answers ImageNotFoundException with AWS wording', async () => {
    const error = await failure(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'missing' }] }))
    )
    expect(error).toMatchObject({
      name: 'ImageNotFoundException',
      message: `The image with imageId {imageDigest:'null', imageTag:'missing'} does not exist within the repository with name 'web' in the registry with id '${account}'`
    })
  })

  it('lists images and gets manifests, with failures for unknown ids', async () => {
    const body = manifest(10, 'b')
    await ecr.send(new PutImageCommand({ repositoryName: 'web', imageManifest: body }))
    const tagged = await ecr.send(
      new ListImagesCommand({ repositoryName: 'web', filter: { tagStatus: 'TAGGED' } })
    )
    expect(tagged.imageIds).toEqual([{ imageDigest: expect.any(String), imageTag: '1.0.0-abc1234' }])
    const untagged = await ecr.send(
      new ListImagesCommand({ repositoryName: 'web', filter: { tagStatus: 'UNTAGGED' } })
    )
    expect(untagged.imageIds).toEqual([{ imageDigest: sha(body) }])

    const got = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'web',
        imageIds: [{ imageDigest: sha(body) }, { imageTag: 'gone' }]
      })
    )
    expect(got.images?.[0]?.imageManifest).toBe(body)
    expect(got.failures).toEqual([
      {
        imageId: { imageTag: 'gone' },
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found'
      }
    ])
  })

  it('refuses to move a tag in an IMMUTABLE repository', async () => {
    await ecr.send(
      new PutImageCommand({ repositoryName: 'team/locked', imageManifest: manifest(1, 'c'), imageTag: 'v1' })
    )
    const error = await failure(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'team/locked',
          imageManifest: manifest(2, 'd'),
          imageTag: 'v1'
        })
      )
    )
    expect(error).toMatchObject({
      name: 'ImageTagAlreadyExistsException',
      message:
        "The image tag 'v1' already exists in the 'team/locked' repository and cannot be overwritten because the repository is immutable."
    })
  })

  it('hands out a registry password as base64("AWS:<token>") that expires in 12 hours', async () => {
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}))
    const data = authorizationData?.[0]
    const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8')
    expect(decoded).toMatch(/^AWS:[A-Za-z0-9_-]{20,}$/)
    expect(data?.proxyEndpoint).toBe(`https://${account}.dkr.ecr.us-east-1.amazonaws.com`)
    const hours = ((data?.expiresAt?.getTime() ?? 0) - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(11.9)
    expect(hours).toBeLessThanOrEqual(12)
    // The stand-in remembers the password it issued, per access key, so a test can search logs for it.
    expect(emulator.registryPasswords()).toContain(decoded.slice('AWS:'.length))
    expect(emulator.registryPasswords('AKIAADMIN')).toContain(decoded.slice('AWS:'.length))
    expect(emulator.registryPasswords('AKIAREADER')).toEqual([])
  })

  it('checks IAM on the repository ARN', async () => {
    const reader = clients(emulator.url, { accessKeyId: 'AKIAREADER', secretAccessKey: 'r' }).ecr
    await expect(reader.send(new DescribeImagesCommand({ repositoryName: 'web' }))).resolves.toBeDefined()
    const denied = await failure(reader.send(new DescribeImagesCommand({ repositoryName: 'team/locked' })))
    expect(denied.message).toBe(
      `User: arn:aws:iam::${account}:user/reader is not authorized to perform: ecr:DescribeImages on resource: arn:aws:ecr:us-east-1:${account}:repository/team/locked because no identity-based policy allows the ecr:DescribeImages action`
    )
    expect(await failure(reader.send(new GetAuthorizationTokenCommand({})))).toMatchObject({
      name: 'AccessDeniedException'
    })
    reader.destroy()
  })

  it('tells the ECS model whether an image URI exists', async () => {
    const lookup = emulator.ecr.imageLookup()
    const host = `${account}.dkr.ecr.us-east-1.amazonaws.com`
    expect(await lookup.exists(`${host}/web:1.0.0-abc1234`)).toBe(true)
    expect(await lookup.exists(`${host}/web:2.0.0`)).toBe(false)
    expect(await lookup.exists(`${host}/web@${sha(manifest(10, 'b'))}`)).toBe(true)
    expect(await lookup.exists(`${host}/unknown:1`)).toBe(false)
    expect(await lookup.exists('docker.io/library/nginx:latest')).toBeUndefined()
  })
})

describe('parseImageUri', () => {
  it('splits host, repository, tag and digest', () => {
    expect(parseImageUri('127.0.0.1:5000/team/web:1.0')).toEqual({
      host: '127.0.0.1:5000',
      repository: 'team/web',
      tag: '1.0'
    })
    expect(parseImageUri('h/web@sha256:ab')).toEqual({ host: 'h', repository: 'web', digest: 'sha256:ab' })
    expect(parseImageUri('web')).toBeUndefined()
  })
})
