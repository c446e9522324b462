// ECR's names and the shapes its wrapper returns: pure, so settings, plan and image stages use them without
// loading the ECR client (src/aws/ecr.ts, a chunk of its own).
import type { ImagePlatform } from '../image/platform.js'
import { ecrRegistryOf, parseImageReference } from '../image/reference.js'
export interface RegistryLogin {
  username: string
  password: string
  /** host[:port] to log in and push to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
  host: string
}

export interface ImageInfo {
  digest: string
  tags: string[]
  sizeBytes?: number
  pushedAt?: Date
}

export type ImageRef = { tag: string } | { digest: string }

/** The ECR calls the pipeline makes. */
export interface EcrApi {
  login(registryId?: string): Promise<RegistryLogin>
  /** undefined when the image is not in the repository. */
  findImage(repository: string, registryId: string | undefined, ref: ImageRef): Promise<ImageInfo | undefined>
  /** The platforms an image runs on, from its manifest (an index lists several) or its config blob. */
  imagePlatforms(repository: string, registryId: string | undefined, digest: string): Promise<ImagePlatforms>
}

/** An image's platforms, or why ECR could not tell them. */
export type ImagePlatforms = { platforms: ImagePlatform[] } | { unknown: string }

export class EcrError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EcrError'
  }
}

/** Parsed form of an image or repository URI. */
export interface ParsedImageUri {
  host: string
  repository: string
  tag?: string
  digest?: string
  /** From an ECR host name: account (registry id) and region. */
  registryId?: string
  region?: string
}

/** What a push needs in ECR: the EcrPushImage statement of the iam-policy output. */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage'
] as const

/** An ECR repository name: lower-case parts separated by . _ - and /. */
export const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

/** An AWS region code: eu-west-1, us-gov-west-1, us-isob-east-1. */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/

/** Splits host/repository[:tag|@digest]; undefined for a bare name (no host) or what is not a reference. */
export function parseImageUri(uri: string): ParsedImageUri | undefined {
  const parsed = parseImageReference(uri)
  if ('problem' in parsed || !parsed.registry) return undefined
  const ecr = ecrRegistryOf(parsed.registry)
  return {
    host: parsed.registry,
    repository: parsed.repository,
    tag: parsed.tag,
    digest: parsed.digest,
    registryId: ecr?.registryId,
    region: ecr?.region
  }
}

/** ECR's own host name for an account and region (used to plan when no login is possible, e.g. a dry run). */
export function ecrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`
}
