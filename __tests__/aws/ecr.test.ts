import { describe, expect, it, beforeEach } from '@jest/globals'
import { DescribeImagesCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { createEcrApi, ecrHost, parseImageUri } from '../../src/aws/ecr.js'

describe('parseImageUri', () => {
  it('reads an ECR URI with its account and region', () => {
    expect(parseImageUri('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.2.0')).toEqual({
      host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      repository: 'team/web',
      tag: '1.2.0',
      digest: undefined,
      registryId: '123456789012',
      region: 'eu-west-1'
    })
  })
  it('reads a digest, a port and a China-region host', () => {
    const digest = `sha256:${'b'.repeat(64)}`
    expect(parseImageUri(`127.0.0.1:5000/web@${digest}`)).toMatchObject({
      host: '127.0.0.1:5000',
      repository: 'web',
      digest,
      tag: undefined
    })
    expect(parseImageUri('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web')).toMatchObject({
      registryId: '123456789012',
      region: 'cn-north-1'
    })
  })
  it('is undefined for a bare repository name', () => {
    expect(parseImageUri('web')).toBeUndefined()
    expect(parseImageUri('team/web')).toBeUndefined()
  })
  it('forms ECR host names', () => {
    expect(ecrHost('123456789012', 'us-east-1')).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com')
    expect(ecrHost('123456789012', 'cn-north-1')).toBe('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn')
  })
})

describe('createEcrApi', () => {
  const ecr = mockClient(ECRClient)
  beforeEach(() => {
    ecr.reset()
  })

  it('decodes the login and the registry host from GetAuthorizationToken', async () => {
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:pa:ss').toString('base64'),
          proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com'
        }
      ]
    })
    const login = await createEcrApi(new ECRClient({ region: 'eu-west-1' })).login()
    expect(login).toEqual({
      username: 'AWS',
      password: 'pa:ss',
      host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
    })
  })

  it('finds an image by tag, and answers undefined when it is not there', async () => {
    ecr.on(DescribeImagesCommand, { imageIds: [{ imageTag: '1.0.0' }] }).resolves({
      imageDetails: [{ imageDigest: 'sha256:abc', imageTags: ['1.0.0', 'latest'], imageSizeInBytes: 1234 }]
    })
    ecr.on(DescribeImagesCommand, { imageIds: [{ imageTag: '2.0.0' }] }).rejects(
      Object.assign(new Error("The image with imageId {imageTag:'2.0.0'} does not exist"), {
        name: 'ImageNotFoundException'
      })
    )
    const api = createEcrApi(new ECRClient({ region: 'eu-west-1' }))
    expect(await api.findImage('web', undefined, { tag: '1.0.0' })).toEqual({
      digest: 'sha256:abc',
      tags: ['1.0.0', 'latest'],
      sizeBytes: 1234,
      pushedAt: undefined
    })
    expect(await api.findImage('web', undefined, { tag: '2.0.0' })).toBeUndefined()
  })

  it('says how to create a missing repository', async () => {
    ecr
      .on(DescribeImagesCommand)
      .rejects(Object.assign(new Error('does not exist'), { name: 'RepositoryNotFoundException' }))
    await expect(
      createEcrApi(new ECRClient({ region: 'eu-west-1' })).findImage('web', '123456789012', { tag: 'x' })
    ).rejects.toThrow(
      'The ECR repository "web" does not exist in account 123456789012; create it (aws ecr create-repository --repository-name web) or fix ecr-repository.'
    )
  })

  it('names the missing permission when AWS denies a call', async () => {
    ecr
      .on(DescribeImagesCommand)
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: ecr:DescribeImages on resource: arn:aws:ecr:eu-west-1:123456789012:repository/web because no identity-based policy allows the ecr:DescribeImages action'
          ),
          { name: 'AccessDeniedException' }
        )
      )
    await expect(
      createEcrApi(new ECRClient({ region: 'eu-west-1' })).findImage('web', undefined, { tag: 'x' })
    ).rejects.toThrow(
      /AWS denied ecr:DescribeImages on arn:aws:ecr:eu-west-1:123456789012:repository\/web to arn:aws:iam::123456789012:user\/deployer\. Add this permission/
    )
  })
})
