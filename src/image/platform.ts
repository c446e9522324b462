// Does the image run where the task definition says it runs? Decided from the image's manifest (an image index
// lists one manifest per platform) or, for a single-platform image, its config blob, against runtimePlatform.
import type { RuntimePlatform } from '@aws-sdk/client-ecs'

export interface ImagePlatform {
  os: string
  architecture: string
  variant?: string
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])

/** What a manifest says about platforms: an index lists them; a single manifest points at its config blob. */
export type ManifestPlatforms =
  | { kind: 'index'; platforms: ImagePlatform[] }
  | { kind: 'single'; configDigest: string }
  | { kind: 'unknown'; why: string }

export function readManifest(manifestJson: string, mediaType?: string): ManifestPlatforms {
  let manifest: Record<string, unknown>
  try {
    manifest = JSON.parse(manifestJson) as Record<string, unknown>
  } catch {
    return { kind: 'unknown', why: 'the manifest is not JSON' }
  }
  const type = mediaType ?? (manifest.mediaType as string | undefined)
  if ((type && INDEX_TYPES.has(type)) || Array.isArray(manifest.manifests)) {
    const entries = Array.isArray(manifest.manifests) ? (manifest.manifests as Record<string, unknown>[]) : []
    const platforms = entries
      .map(e => e.platform as Partial<ImagePlatform> | undefined)
      .filter((p): p is ImagePlatform => typeof p?.os === 'string' && typeof p.architecture === 'string')
      // Build attestations sit in the index as unknown/unknown: they run nowhere.
      .filter(p => p.os !== 'unknown' && p.architecture !== 'unknown')
      .map(p => ({ os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) }))
    return { kind: 'index', platforms }
  }
  const config = manifest.config as { digest?: unknown } | undefined
  if (typeof config?.digest === 'string') return { kind: 'single', configDigest: config.digest }
  return { kind: 'unknown', why: 'the manifest names neither platforms nor a config' }
}

/** The platform in an image's config blob (`{"architecture": "amd64", "os": "linux", ...}`). */
export function readConfigPlatform(configJson: string): ImagePlatform | undefined {
  try {
    const config = JSON.parse(configJson) as Partial<ImagePlatform>
    if (typeof config.os !== 'string' || typeof config.architecture !== 'string') return undefined
    return {
      os: config.os,
      architecture: config.architecture,
      ...(config.variant ? { variant: config.variant } : {})
    }
  } catch {
    return undefined
  }
}

const ARCHITECTURES: Record<string, string> = { X86_64: 'amd64', ARM64: 'arm64' }

/** The platform a task definition asks for; ECS's default is Linux on X86_64. */
export function wantedPlatform(runtimePlatform: RuntimePlatform | undefined): ImagePlatform {
  const family = runtimePlatform?.operatingSystemFamily ?? 'LINUX'
  return {
    os: family === 'LINUX' ? 'linux' : 'windows',
    architecture: ARCHITECTURES[runtimePlatform?.cpuArchitecture ?? 'X86_64'] ?? 'amd64'
  }
}

function label(p: ImagePlatform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`
}

/**
 * undefined when the image has a platform the task definition can run; otherwise the finding, naming the image's
 * platforms, what the task definition asks for and the fix.
 */
export function platformMismatch(
  image: string,
  platforms: readonly ImagePlatform[],
  runtimePlatform: RuntimePlatform | undefined
): string | undefined {
  if (platforms.length === 0) return undefined
  const wanted = wantedPlatform(runtimePlatform)
  if (platforms.some(p => p.os === wanted.os && p.architecture === wanted.architecture)) return undefined
  const has = platforms.map(label)
  const asks = runtimePlatform?.cpuArchitecture ?? 'X86_64'
  const family = runtimePlatform?.operatingSystemFamily ?? 'LINUX'
  const field = runtimePlatform?.cpuArchitecture
    ? 'runtimePlatform.cpuArchitecture'
    : 'runtimePlatform (absent: X86_64 on LINUX)'
  return (
    `The image ${image} is ${has.join(', ')}${has.length === 1 ? ' only' : ''}, and the task definition's ${field} asks for ` +
    `${asks} on ${family}: build with platform: ${wanted.os}/${wanted.architecture}, or set runtimePlatform.cpuArchitecture ` +
    `to ${platforms[0]!.architecture === 'arm64' ? 'ARM64' : 'X86_64'}.`
  )
}
