// Image references as Docker reads them ([registry/]path[:tag][@digest]) and ECR's registry host names. Pure.

export interface ParsedImage {
  /** host[:port] as written; undefined for Docker Hub short forms such as nginx:1.25 or acme/app:1. */
  registry?: string
  /** The repository path inside the registry, e.g. acme/app. */
  repository: string
  tag?: string
  digest?: string
}

/** An ECR registry host: <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn], or the dual-stack .on.aws form. */
export interface EcrRegistry {
  registryId: string
  region: string
  /** The DNS suffix the host ends with (amazonaws.com, amazonaws.com.cn, on.aws, ...). */
  dnsSuffix: string
}

const ECR_HOST =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?|amazonaws\.eu|c2s\.ic\.gov|sc2s\.sgov\.gov)$/
const ECR_DUAL_STACK_HOST =
  /^(\d{12})\.dkr-ecr(?:-fips)?\.([a-z0-9-]+)\.(on\.aws|on\.amazonwebservices\.com\.cn)$/

export function ecrRegistryOf(host: string | undefined): EcrRegistry | undefined {
  if (!host) return undefined
  const m = ECR_HOST.exec(host) ?? ECR_DUAL_STACK_HOST.exec(host)
  if (!m) return undefined
  return { registryId: m[1]!, region: m[2]!, dnsSuffix: m[3]! }
}

// Docker's reference grammar (distribution/reference): lower-case path components, a registry only as the first
// component and only when it has a dot or a port, or is localhost.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d+)?$/
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/

/** The reference, or the reason it is not one (a sentence fragment: "has an upper-case letter in ..."). */
export function parseImageReference(reference: string): ParsedImage | { problem: string } {
  let rest = reference
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest))
      return { problem: `has the digest "${digest}", which is not sha256: and 64 lower-case hex digits` }
  }
  const components = rest.split('/')
  let registry: string | undefined
  const first = components[0] ?? ''
  if (components.length > 1 && (/[.:]/.test(first) || first === 'localhost')) {
    registry = components.shift()
    if (!HOST.test(first)) return { problem: `has "${first}" as its registry, which is not a host[:port]` }
  }
  let tag: string | undefined
  const last = components[components.length - 1] ?? ''
  const colon = last.lastIndexOf(':')
  if (colon !== -1) {
    tag = last.slice(colon + 1)
    components[components.length - 1] = last.slice(0, colon)
    if (!TAG.test(tag))
      return {
        problem: `has the tag "${tag}"; a tag is letters, digits, _ . - (not starting with . or -), at most 128`
      }
  }
  const repository = components.join('/')
  if (repository === '') return { problem: 'names no repository' }
  if (components.some(c => !PATH_COMPONENT.test(c)))
    return {
      problem: /[A-Z]/.test(repository)
        ? `has upper-case letters in its repository "${repository}"; repository names are lower-case`
        : `has the repository "${repository}", which is not lower-case letters and digits separated by . _ - /`
    }
  if (reference.length > 1024) return { problem: 'is longer than 1024 characters' }
  return { registry, repository, tag, digest }
}

/** The reference without tag or digest, as written: registry/repository, or repository alone. */
export function repositoryOf(image: ParsedImage): string {
  return image.registry ? `${image.registry}/${image.repository}` : image.repository
}
