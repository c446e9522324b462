import { describe, expect, it } from '@jest/globals'
import type { Connection } from '../../src/aws/connect.js'
import { ecrInRegion } from '../../src/aws/connect.js'
import type { AwsApis } from '../../src/aws/clients.js'
import type { EcrApi, ImageRef } from '../../src/aws/ecr-uri.js'
import { AwsCallError } from '../../src/aws/errors.js'
import { findExistingImage, resolveImageSource } from '../../src/image/source.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import type { ActionDeps } from '../../src/runtime.js'
import type { Settings } from '../../src/settings/index.js'

const identity = { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/d', userId: 'U' }

function fakeEcr(loginHost = '123456789012.dkr.ecr.us-east-1.amazonaws.com') {
  const lookups: { repository: string; registryId?: string; ref: ImageRef }[] = []
  const api: EcrApi = {
    login: async () => ({ username: 'AWS', password: 'p', host: loginHost }),
    findImage: async (repository, registryId, ref) => {
      lookups.push({ repository, registryId, ref })
      return { digest: `sha256:${'1'.repeat(64)}`, tags: [] }
    },
    imagePlatforms: async () => ({ platforms: [] })
  }
  return { api, lookups }
}

const ownEcr = fakeEcr().api
const aws = {
  apis: { region: 'us-east-1', ecr: ownEcr } as AwsApis,
  identity,
  region: 'us-east-1'
} as Connection

const deps = (logger = new RecordingLogger()) => ({ logger, mask: () => undefined })
type Choice = { image?: string; ecrRepository?: string }
const settings = (over: Choice) =>
  ({
    imageReference: 'tag',
    imageChoice: over.image
      ? { kind: 'uri', uri: over.image }
      : { kind: 'build', ecrRepository: over.ecrRepository ?? 'web' }
  }) as Settings

describe('resolveImageSource and findExistingImage', () => {
  it('looks an ECR image up in the region of its URI, not aws-region', async () => {
    const ecr = fakeEcr()
    const source = await resolveImageSource(
      settings({ image: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0' }),
      undefined,
      [],
      aws,
      ecr.api,
      deps()
    )
    expect(source).toMatchObject({
      kind: 'existing',
      region: 'eu-west-1',
      registryId: '210987654321',
      repository: 'web'
    })
    expect(source.kind === 'existing' && source.outsideEcr).toBe(false)
  })

  it('takes an image of another registry as it is, unverified: no lookup in ECR', async () => {
    const ecr = fakeEcr()
    for (const image of ['nginx:1.25', 'ghcr.io/acme/app:1.0.0']) {
      const source = await resolveImageSource(settings({ image }), undefined, [], aws, ecr.api, deps())
      expect(source).toMatchObject({
        kind: 'existing',
        outsideEcr: true,
        repository: undefined,
        region: undefined
      })
      expect(`${source.repositoryUri}:${source.tag}`).toBe(image)
      expect(await findExistingImage(source, aws, ecr.api, new RecordingLogger())).toBeUndefined()
    }
    expect(ecr.lookups).toEqual([])
  })

  it("treats a host that is ECR's own login address as ECR (a private endpoint or a local stand-in)", async () => {
    const ecr = fakeEcr('127.0.0.1:5000')
    const source = await resolveImageSource(
      settings({ image: '127.0.0.1:5000/web:2' }),
      undefined,
      [],
      aws,
      ecr.api,
      deps()
    )
    expect(source).toMatchObject({
      outsideEcr: false,
      repository: 'web',
      region: 'us-east-1',
      registryFromLogin: true
    })
  })

  it('builds into an ECR repository of another region in that region', async () => {
    const source = await resolveImageSource(
      settings({ ecrRepository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web' }),
      '1.0.0-abc1234',
      [],
      aws,
      fakeEcr().api,
      deps()
    )
    expect(source).toMatchObject({ kind: 'build', region: 'eu-west-1', input: 'ecr-repository' })
  })

  it('names the input and the region when the lookup there fails', async () => {
    const failing: EcrApi = {
      login: async () => ({ username: 'AWS', password: 'p', host: 'x' }),
      imagePlatforms: async () => ({ platforms: [] }),
      findImage: async () => {
        throw new AwsCallError(
          'Looking up the image in web (ecr:DescribeImages)',
          new Error('Could not connect')
        )
      }
    }
    const source = await resolveImageSource(
      settings({ image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1' }),
      undefined,
      [],
      aws,
      failing,
      deps()
    )
    await expect(findExistingImage(source, aws, failing, new RecordingLogger())).rejects.toThrow(
      /^image: 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/web is looked up in ECR in eu-west-1 \(registry 123456789012\), the region of its registry, and that failed; nothing was changed\. Looking up/
    )
  })
})

describe('ecrInRegion', () => {
  it("reuses the connection's ECR in its own region and makes a new one, with the same credentials, elsewhere", () => {
    const made: { region: string; credentials: unknown }[] = []
    const credentials = { accessKeyId: 'A', secretAccessKey: 'S' }
    const connection = { ...aws, credentials }
    const otherEcr = fakeEcr().api
    const destroyed: string[] = []
    const createClients = (region: string, c?: unknown) => {
      made.push({ region, credentials: c })
      return { region, ecr: otherEcr, destroy: () => destroyed.push(region) } as unknown as AwsApis
    }
    const cleanups: (() => void)[] = []
    const deps = { createClients, clock: undefined, logger: new RecordingLogger() } as unknown as ActionDeps
    expect(ecrInRegion('us-east-1', connection, deps, cleanups)).toBe(ownEcr)
    expect(ecrInRegion('eu-west-1', connection, deps, cleanups)).toBe(otherEcr)
    expect(made).toEqual([{ region: 'eu-west-1', credentials }])
    for (const cleanup of cleanups) cleanup()
    expect(destroyed).toEqual(['eu-west-1'])
  })
})
