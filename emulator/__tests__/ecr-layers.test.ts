// Reading an image's platform from ECR: BatchGetImage returns the real manifest or image index from the registry,
// and GetDownloadUrlForLayer a URL that a plain GET without AWS credentials can fetch (the image config blob).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BatchGetImageCommand,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  type ECRClient
} from '@aws-sdk/client-ecr'
import { startEmulator, type Emulator } from '../index.js'
import { startRegistry, type RunningRegistry } from '../registry.js'
import { clients, failure } from './support.js'

const account = '123456789012'
const digestOf = (body: string) => 'sha256:' + createHash('sha256').update(body).digest('hex')
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

describe('ECR image manifests, indexes and layer download URLs over a real registry', () => {
  let dir: string
  let registry: RunningRegistry
  let emulator: Emulator
  let ecr: ECRClient
  let auth: string
  const configs: Record<string, string> = {}
  const manifests: Record<string, string> = {}
  let index = ''

  /** Pushes through the proxy, as podman does, with the ECR registry password. */
  const push = async (method: string, path: string, body: string, type?: string) => {
    const response = await fetch(`http://${emulator.registryHost}${path}`, {
      method,
      headers: { authorization: auth, ...(type ? { 'content-type': type } : {}) },
      body
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return response
  }
  const pushBlob = async (body: string) => {
    const started = await fetch(`http://${emulator.registryHost}/v2/web/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: auth }
    })
    const location = new URL(started.headers.get('location') ?? '', `http://${emulator.registryHost}`)
    location.searchParams.set('digest', digestOf(body))
    await push('PUT', location.pathname + location.search, body, 'application/octet-stream')
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-layers-'))
    registry = await startRegistry({ dir: join(dir, 'registry') })
    emulator = await startEmulator({
      registry,
      identities: [
        { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin', arn: `arn:aws:iam::${account}:user/admin` },
        {
          accessKeyId: 'AKIANODOWNLOAD',
          secretAccessKey: 'nodownload',
          arn: `arn:aws:iam::${account}:user/reader`,
          policies: [{ Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' }] }]
        }
      ],
      repositories: [{ name: 'web' }]
    })
    ecr = clients(emulator.url, { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin' }).ecr
    const token = await ecr.send(new GetAuthorizationTokenCommand({}))
    auth = `Basic ${token.authorizationData?.[0]?.authorizationToken ?? ''}`
    for (const architecture of ['amd64', 'arm64']) {
      const config = JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: [] } })
      await pushBlob(config)
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: digestOf(config),
          size: config.length
        },
        layers: []
      })
      await push('PUT', `/v2/web/manifests/${digestOf(manifest)}`, manifest, OCI_MANIFEST)
      configs[architecture] = config
      manifests[architecture] = manifest
    }
    await push('PUT', '/v2/web/manifests/amd64-only', manifests.amd64 ?? '', OCI_MANIFEST)
    index = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: ['amd64', 'arm64'].map(architecture => ({
        mediaType: OCI_MANIFEST,
        digest: digestOf(manifests[architecture] ?? ''),
        size: (manifests[architecture] ?? '').length,
        platform: { architecture, os: 'linux' }
      }))
    })
    await push('PUT', '/v2/web/manifests/multi', index, OCI_INDEX)
  }, 30_000)

  afterAll(async () => {
    await emulator?.stop()
    await registry?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('returns an image index with its media type, and each platform manifest by digest', async () => {
    const out = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'web',
        imageIds: [{ imageTag: 'multi' }, { imageDigest: digestOf(manifests.arm64 ?? '') }],
        acceptedMediaTypes: [OCI_MANIFEST, OCI_INDEX]
      })
    )
    expect(out.failures).toEqual([])
    expect(out.images?.[0]).toMatchObject({ imageManifestMediaType: OCI_INDEX, imageManifest: index })
    expect(
      JSON.parse(out.images?.[0]?.imageManifest ?? '{}').manifests.map(
        (m: { platform: { architecture: string } }) => m.platform.architecture
      )
    ).toEqual(['amd64', 'arm64'])
    expect(out.images?.[1]?.imageManifest).toBe(manifests.arm64)
  })

  it("hands out a URL for a single-platform image's config that a GET without credentials reads", async () => {
    const config = JSON.parse(manifests.amd64 ?? '{}').config.digest as string
    const out = await ecr.send(
      new GetDownloadUrlForLayerCommand({ repositoryName: 'web', layerDigest: config })
    )
    expect(out.layerDigest).toBe(config)
    const response = await fetch(out.downloadUrl ?? '')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ architecture: 'amd64', os: 'linux' })
    const forged = await fetch((out.downloadUrl ?? '').replace(/[^/]+$/, 'not-a-ticket'))
    expect(forged.status).toBe(403)
  })

  it("answers ECR's errors for an unknown layer and a caller without ecr:GetDownloadUrlForLayer", async () => {
    const unknown = `sha256:${'0'.repeat(64)}`
    const missing = await failure(
      ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'web', layerDigest: unknown }))
    )
    expect(missing).toMatchObject({
      name: 'LayersNotFoundException',
      message: `The layer with digest ${unknown} does not exist within the repository with name 'web' in the registry with id '${account}'`
    })
    const reader = clients(emulator.url, { accessKeyId: 'AKIANODOWNLOAD', secretAccessKey: 'nodownload' }).ecr
    const denied = await failure(
      reader.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'web', layerDigest: unknown }))
    )
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toContain(
      `ecr:GetDownloadUrlForLayer on resource: arn:aws:ecr:us-east-1:${account}:repository/web`
    )
  })
})
