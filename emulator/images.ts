// Where ECR's image data lives: a real registry behind the proxy, or memory (for unit tests without one).
import { createHash } from 'node:crypto'
import { AwsError } from './errors.js'

export interface StoredImage {
  digest: string
  tags: string[]
  pushedAt: number // ms since the epoch
  sizeInBytes: number
  mediaType: string
  manifest: string
}

export interface ImageStore {
  /** Every image of the repository (tagged ones, plus untagged ones pushed through the proxy). */
  list(repository: string): Promise<StoredImage[]>
  /** Stores a manifest (ECR PutImage); returns the stored image. */
  put(
    repository: string,
    manifest: string,
    mediaType: string | undefined,
    tag: string | undefined
  ): Promise<StoredImage>
}

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
].join(', ')

export function manifestDigest(manifest: string | Buffer): string {
  return 'sha256:' + createHash('sha256').update(manifest).digest('hex')
}

/** Image size as ECR reports it: the config plus every layer (for an index: the sizes of its manifests). */
export function manifestSize(manifest: string): number {
  try {
    const parsed = JSON.parse(manifest) as {
      config?: { size?: number }
      layers?: { size?: number }[]
      manifests?: { size?: number }[]
    }
    const sum = (items: { size?: number }[] | undefined) =>
      (items ?? []).reduce((n, item) => n + (item.size ?? 0), 0)
    return (parsed.config?.size ?? 0) + sum(parsed.layers) + sum(parsed.manifests)
  } catch {
    return Buffer.byteLength(manifest)
  }
}

function manifestMediaType(manifest: string, declared: string | undefined): string {
  if (declared) return declared
  try {
    const parsed = JSON.parse(manifest) as { mediaType?: string }
    return parsed.mediaType ?? 'application/vnd.oci.image.manifest.v1+json'
  } catch {
    return 'application/vnd.oci.image.manifest.v1+json'
  }
}

export class MemoryImageStore implements ImageStore {
  private readonly images = new Map<string, StoredImage[]>()

  constructor(private readonly now: () => number) {}

  async list(repository: string): Promise<StoredImage[]> {
    return (this.images.get(repository) ?? []).map(image => ({ ...image, tags: [...image.tags] }))
  }

  async put(repository: string, manifest: string, mediaType: string | undefined, tag: string | undefined) {
    const images = this.images.get(repository) ?? []
    this.images.set(repository, images)
    const digest = manifestDigest(manifest)
    let image = images.find(i => i.digest === digest)
    if (!image) {
      image = {
        digest,
        tags: [],
        pushedAt: this.now(),
        sizeInBytes: manifestSize(manifest),
        mediaType: manifestMediaType(manifest, mediaType),
        manifest
      }
      images.push(image)
    }
    if (tag) {
      // A tag names one image: moving it takes it from the previous one.
      for (const other of images) other.tags = other.tags.filter(t => t !== tag)
      image.tags.push(tag)
    }
    return { ...image, tags: [...image.tags] }
  }
}

export interface RegistryConnection {
  url: string
  username: string
  password: string
}

/** Reads and writes images in a real distribution registry over its HTTP API. */
export class RegistryImageStore implements ImageStore {
  // When each digest was first pushed (the registry API does not say), and untagged pushes it cannot list.
  private readonly pushed = new Map<string, Map<string, number>>()

  constructor(
    private readonly registry: RegistryConnection,
    private readonly now: () => number
  ) {}

  private auth(): string {
    return 'Basic ' + Buffer.from(`${this.registry.username}:${this.registry.password}`).toString('base64')
  }

  private async call(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {}
  ) {
    const response = await fetch(new URL(path, this.registry.url), {
      method,
      headers: { authorization: this.auth(), ...init.headers },
      body: init.body
    })
    return response
  }

  /** The proxy tells the store about a manifest that was pushed through it. */
  notePush(repository: string, digest: string): void {
    const digests = this.pushed.get(repository) ?? new Map<string, number>()
    this.pushed.set(repository, digests)
    if (!digests.has(digest)) digests.set(digest, this.now())
  }

  async tags(repository: string): Promise<string[]> {
    const response = await this.call('GET', `/v2/${repository}/tags/list`)
    if (response.status === 404) {
      await response.body?.cancel()
      return []
    }
    if (!response.ok)
      throw new AwsError(
        'ServerException',
        `registry answered ${response.status} listing tags of ${repository}`,
        500
      )
    const body = (await response.json()) as { tags?: string[] | null }
    return body.tags ?? []
  }

  /** The manifest behind a tag or digest, or undefined when the registry does not have it. */
  async manifest(
    repository: string,
    reference: string
  ): Promise<{ digest: string; mediaType: string; body: string } | undefined> {
    const response = await this.call('GET', `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MANIFEST_ACCEPT }
    })
    if (response.status === 404) {
      await response.body?.cancel()
      return undefined
    }
    if (!response.ok) {
      throw new AwsError(
        'ServerException',
        `registry answered ${response.status} reading ${repository}:${reference}`,
        500
      )
    }
    const body = await response.text()
    const digest = response.headers.get('docker-content-digest') ?? manifestDigest(body)
    return {
      digest,
      mediaType: manifestMediaType(body, response.headers.get('content-type') ?? undefined),
      body
    }
  }

  /** True when the registry has this blob (a layer or an image config) in this repository. */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.call('HEAD', `/v2/${repository}/blobs/${digest}`)
    await response.body?.cancel()
    return response.ok
  }

  /** True when the registry has this tag or digest. */
  async has(repository: string, reference: string): Promise<boolean> {
    const response = await this.call('HEAD', `/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MANIFEST_ACCEPT }
    })
    await response.body?.cancel()
    return response.ok
  }

  async list(repository: string): Promise<StoredImage[]> {
    const byDigest = new Map<string, StoredImage>()
    const add = async (reference: string, tag: string | undefined) => {
      const found = await this.manifest(repository, reference)
      if (!found) return
      const known = byDigest.get(found.digest)
      if (known) {
        if (tag) known.tags.push(tag)
        return
      }
      const pushedAt = this.pushed.get(repository)?.get(found.digest)
      if (pushedAt === undefined) this.notePush(repository, found.digest)
      byDigest.set(found.digest, {
        digest: found.digest,
        tags: tag ? [tag] : [],
        pushedAt: pushedAt ?? this.now(),
        sizeInBytes: manifestSize(found.body),
        mediaType: found.mediaType,
        manifest: found.body
      })
    }
    for (const tag of await this.tags(repository)) await add(tag, tag)
    for (const digest of this.pushed.get(repository)?.keys() ?? []) {
      if (!byDigest.has(digest)) await add(digest, undefined)
    }
    return [...byDigest.values()]
  }

  async put(repository: string, manifest: string, mediaType: string | undefined, tag: string | undefined) {
    const type = manifestMediaType(manifest, mediaType)
    const reference = tag ?? manifestDigest(manifest)
    const response = await this.call('PUT', `/v2/${repository}/manifests/${reference}`, {
      headers: { 'content-type': type },
      body: manifest
    })
    if (!response.ok) {
      const text = await response.text()
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'imageManifest': the registry refused it: ${text}`
      )
    }
    await response.body?.cancel()
    const digest = response.headers.get('docker-content-digest') ?? manifestDigest(manifest)
    this.notePush(repository, digest)
    const image = (await this.list(repository)).find(i => i.digest === digest)
    if (!image)
      throw new AwsError(
        'ServerException',
        `the registry lost ${repository}@${digest} right after storing it`,
        500
      )
    return image
  }
}
