// ECR's names and the shapes its wrapper returns: pure, so settings, plan and image stages use them without
// loading the ECR client (src/aws/ecr.ts, a chunk of its own).
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
}

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

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/

/** Splits host/repository[:tag|@digest]; a host is the first segment when it has a dot, a colon or is localhost. */
export function parseImageUri(uri: string): ParsedImageUri | undefined {
  let rest = uri
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  const slash = rest.indexOf('/')
  if (slash === -1) return undefined
  const host = rest.slice(0, slash)
  if (!/[.:]/.test(host) && host !== 'localhost') return undefined
  let repository = rest.slice(slash + 1)
  let tag: string | undefined
  const colon = repository.lastIndexOf(':')
  if (colon !== -1) {
    tag = repository.slice(colon + 1)
    repository = repository.slice(0, colon)
  }
  if (!repository) return undefined
  const ecr = ECR_HOST.exec(host)
  return { host, repository, tag, digest, registryId: ecr?.[1], region: ecr?.[2] }
}

/** ECR's own host name for an account and region (used to plan when no login is possible, e.g. a dry run). */
export function ecrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`
}
