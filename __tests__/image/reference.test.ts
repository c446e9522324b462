import { describe, expect, it } from '@jest/globals'
import { ecrRegistryOf, parseImageReference, repositoryOf } from '../../src/image/reference.js'

describe('parseImageReference', () => {
  it('reads Docker Hub short forms without a registry', () => {
    expect(parseImageReference('nginx:1.25')).toEqual({ repository: 'nginx', tag: '1.25' })
    expect(parseImageReference('acme/app:1')).toEqual({ repository: 'acme/app', tag: '1' })
  })

  it('reads a registry only when the first part has a dot or a port, or is localhost', () => {
    expect(parseImageReference('ghcr.io/acme/app:1.0.0')).toEqual({
      registry: 'ghcr.io',
      repository: 'acme/app',
      tag: '1.0.0'
    })
    expect(parseImageReference('localhost:5000/web@sha256:' + 'b'.repeat(64))).toEqual({
      registry: 'localhost:5000',
      repository: 'web',
      digest: 'sha256:' + 'b'.repeat(64)
    })
    const parsed = parseImageReference('127.0.0.1:5000/team/web:1')
    expect(parsed).toMatchObject({ registry: '127.0.0.1:5000', repository: 'team/web', tag: '1' })
    expect(repositoryOf(parsed as { registry: string; repository: string })).toBe('127.0.0.1:5000/team/web')
  })

  it('says what is wrong', () => {
    expect(parseImageReference('Web:1')).toEqual({ problem: expect.stringContaining('upper-case') })
    expect(parseImageReference('web:1.0:2')).toEqual({ problem: expect.stringContaining('repository') })
    expect(parseImageReference('host.io/')).toEqual({ problem: 'names no repository' })
    expect(parseImageReference('web@md5:00')).toEqual({ problem: expect.stringContaining('digest') })
  })
})

describe('ecrRegistryOf', () => {
  it('reads account and region from ECR hosts of every form', () => {
    expect(ecrRegistryOf('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({
      registryId: '123456789012',
      region: 'eu-west-1',
      dnsSuffix: 'amazonaws.com'
    })
    expect(ecrRegistryOf('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com')?.region).toBe(
      'us-gov-west-1'
    )
    expect(ecrRegistryOf('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn')?.dnsSuffix).toBe(
      'amazonaws.com.cn'
    )
    expect(ecrRegistryOf('123456789012.dkr-ecr.eu-west-1.on.aws')?.region).toBe('eu-west-1')
  })

  it('is undefined for other registries', () => {
    for (const host of [
      'ghcr.io',
      'public.ecr.aws',
      '127.0.0.1:5000',
      undefined,
      '12345.dkr.ecr.eu-west-1.amazonaws.com'
    ])
      expect(ecrRegistryOf(host)).toBeUndefined()
  })
})
