import { describe, expect, it } from '@jest/globals'
import {
  platformMismatch,
  readConfigPlatform,
  readManifest,
  wantedPlatform
} from '../../src/image/platform.js'

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.0-0123456'

const ociIndex = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    { digest: 'sha256:a', platform: { os: 'linux', architecture: 'amd64' } },
    { digest: 'sha256:b', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    { digest: 'sha256:c', platform: { os: 'unknown', architecture: 'unknown' } }
  ]
})

const singleManifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:cfg', size: 10 },
  layers: []
})

describe('readManifest', () => {
  it('lists the platforms of an image index, leaving out attestations', () => {
    expect(readManifest(ociIndex)).toEqual({
      kind: 'index',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' }
      ]
    })
  })

  it('reads a Docker manifest list by its media type', () => {
    const list = JSON.stringify({ manifests: [{ platform: { os: 'linux', architecture: 'arm64' } }] })
    expect(readManifest(list, 'application/vnd.docker.distribution.manifest.list.v2+json')).toEqual({
      kind: 'index',
      platforms: [{ os: 'linux', architecture: 'arm64' }]
    })
  })

  it('points a single-platform manifest at its config blob', () => {
    expect(readManifest(singleManifest)).toEqual({ kind: 'single', configDigest: 'sha256:cfg' })
    expect(readConfigPlatform('{"architecture":"amd64","os":"linux","config":{}}')).toEqual({
      os: 'linux',
      architecture: 'amd64'
    })
  })

  it('says why when the manifest tells nothing', () => {
    expect(readManifest('not json')).toEqual({ kind: 'unknown', why: 'the manifest is not JSON' })
    expect(readManifest('{"layers":[]}').kind).toBe('unknown')
    expect(readConfigPlatform('{"os":"linux"}')).toBeUndefined()
  })
})

describe('platformMismatch', () => {
  it('accepts an image with the platform the task definition asks for, X86_64 Linux when absent', () => {
    expect(wantedPlatform(undefined)).toEqual({ os: 'linux', architecture: 'amd64' })
    expect(platformMismatch(IMAGE, [{ os: 'linux', architecture: 'amd64' }], undefined)).toBeUndefined()
    expect(
      platformMismatch(
        IMAGE,
        [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64' }
        ],
        { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' }
      )
    ).toBeUndefined()
  })

  it('refuses an amd64-only image for an ARM64 task definition, saying how to fix it', () => {
    expect(
      platformMismatch(IMAGE, [{ os: 'linux', architecture: 'amd64' }], {
        cpuArchitecture: 'ARM64',
        operatingSystemFamily: 'LINUX'
      })
    ).toBe(
      `The image ${IMAGE} is linux/amd64 only, and the task definition's runtimePlatform.cpuArchitecture asks for ARM64 on LINUX: ` +
        'build with platform: linux/arm64, or set runtimePlatform.cpuArchitecture to X86_64.'
    )
  })

  it('refuses an arm64 image for a task definition without runtimePlatform', () => {
    expect(platformMismatch(IMAGE, [{ os: 'linux', architecture: 'arm64' }], undefined)).toBe(
      `The image ${IMAGE} is linux/arm64 only, and the task definition's runtimePlatform (absent: X86_64 on LINUX) asks for ` +
        'X86_64 on LINUX: build with platform: linux/amd64, or set runtimePlatform.cpuArchitecture to ARM64.'
    )
  })

  it('has nothing to say when the platforms are unknown', () => {
    expect(platformMismatch(IMAGE, [], { cpuArchitecture: 'ARM64' })).toBeUndefined()
  })
})
