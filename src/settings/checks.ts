// Checks on inputs that need more than a pattern: control characters, repository names and URIs, regions and
// partitions, ECS ARNs against the region and the caller's account, build files. Pure: each returns the problems
// (sentences that name the input, say what is wrong and what to do); the caller decides when to refuse.
import { partition } from '@aws-sdk/core/client'
import { ECR_REPOSITORY_NAME } from '../aws/ecr-uri.js'
import { ecrRegistryOf, parseImageReference } from '../image/reference.js'

/** A value as a message may show it: quoted, control characters escaped, long ones cut. */
export function shown(value: string, max = 120): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value
  const escaped = JSON.stringify(cut).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return value.length > max ? `${escaped} (${value.length} characters)` : escaped
}

// Cc (C0, DEL, C1) and the Unicode line and paragraph separators: none belongs in a name, tag, ARN or path.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
// Lists of lines may hold line breaks and tabs, nothing else.
// eslint-disable-next-line no-control-regex
const CONTROL_IN_LIST = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)/

const CONTROL_NAMES: Record<string, string> = {
  '\n': 'a line break (LF)',
  '\r': 'a carriage return (CR)',
  '\t': 'a tab',
  '\u0000': 'a NUL character',
  '\u001b': 'an escape character (ESC)'
}

function describeControl(c: string): string {
  return (
    CONTROL_NAMES[c] ??
    `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  )
}

export interface ControlCharacterOptions {
  /** Inputs that are lists of lines (additional-tags, build-args): line breaks and tabs are allowed there. */
  multiLine: readonly string[]
  /** Inputs whose value must never be shown, not even escaped. */
  secret: readonly string[]
}

/**
 * Inputs holding control characters, refused outright: a line break in a value that is logged would start a
 * workflow command of its own (::stop-commands::, ::add-mask::, ...), and no name, tag, ARN or path needs one.
 */
export function controlCharacterProblems(
  values: Record<string, string>,
  options: ControlCharacterOptions
): string[] {
  const problems: string[] = []
  for (const [name, value] of Object.entries(values)) {
    const pattern = options.multiLine.includes(name) ? CONTROL_IN_LIST : CONTROL
    const found = pattern.exec(value)
    if (!found) continue
    const what = describeControl(found[0].charAt(0))
    const where = options.secret.includes(name) ? '' : ` (${shown(value)})`
    problems.push(
      `${name} contains ${what}${where}; control characters are not allowed here. ` +
        `Set ${name} to the plain value on one line${options.multiLine.includes(name) ? ' per entry' : ''}, without escapes or line breaks.`
    )
  }
  return problems
}

/** additional-tags as people write it: one per line, or several on a line separated by spaces or commas. */
export function tagList(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
    .flatMap(l => l.split(/[\s,]+/))
    .filter(t => t !== '')
}

const EXAMPLE_URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web'

/** ecr-repository: a repository name (web, team/web) or its URI without scheme, tag or digest. */
export function ecrRepositoryProblems(name: string, value: string): string[] {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)
  if (scheme)
    return [
      `${name} ${shown(value)} is not a repository name: it starts with ${scheme[0]}; write the repository's name (e.g. web) or its URI without a scheme (e.g. ${EXAMPLE_URI}).`
    ]
  const parsed = parseImageReference(value)
  if ('problem' in parsed)
    return [
      `${name} ${shown(value)} is not a repository name: it ${parsed.problem}; write the repository's name (e.g. web) or its URI (e.g. ${EXAMPLE_URI}).`
    ]
  if (parsed.tag || parsed.digest)
    return [
      `${name} ${shown(value)} has a tag or digest; give the repository only, and the tag with tag-template or image-tag.`
    ]
  if (!ECR_REPOSITORY_NAME.test(parsed.repository) || parsed.repository.length > 256)
    return [
      `${name} ${shown(value)} is not a repository name ECR accepts; use lower-case letters and digits, with . _ - / between them (at most 256).`
    ]
  return []
}

/** image: a full reference with a tag or digest; any registry. */
export function imageProblems(name: string, value: string): string[] {
  const parsed = parseImageReference(value)
  const example = `e.g. ${EXAMPLE_URI}:1.2.0 or ghcr.io/acme/web:1.2.0`
  if ('problem' in parsed)
    return [`${name} is ${shown(value)}, which ${parsed.problem}; give a full image URI, ${example}.`]
  if (!parsed.tag && !parsed.digest)
    return [
      `${name} is ${shown(value)}; give a full image URI with a tag or digest (${example}), so the run deploys exactly that image.`
    ]
  return []
}

/** The shapes of region codes in AWS's partitions: eu-west-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1. */
const REGION_SHAPE =
  /^(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-\d{1,2}$/

export interface RegionCheck {
  /** The partition the AWS SDK puts the region in: aws, aws-cn, aws-us-gov, ... */
  partition: string
  /** The region is in the SDK's list of regions. */
  known: boolean
  /** Set when the region cannot be right. */
  problem?: string
  /** Set when the region has a region's shape but the SDK bundled in this action does not know it. */
  warning?: string
}

/**
 * Checks a region code against the regions of the AWS SDK in this bundle. A code of the right shape that the SDK
 * does not list passes with a warning: AWS may have opened it after this release of the action, and the SDK
 * reaches such regions by their partition's pattern. When AWS then does not answer there, the connection's error
 * blames the region (see unknownRegionMessage), not the credentials.
 */
export function checkRegion(name: string, region: string): RegionCheck {
  const info = partition(region) as { name: string; description?: string }
  const shaped = REGION_SHAPE.test(region)
  const known = shaped && info.description !== undefined
  if (known) return { partition: info.name, known }
  if (!shaped)
    return {
      partition: info.name,
      known,
      problem: `${name} is ${shown(region)}, which is not an AWS region; use a region code such as eu-west-1 or us-east-1.`
    }
  return {
    partition: info.name,
    known,
    warning: `${name} ${region} is not a region the AWS SDK in this action knows; if it is a typo, fix ${name} (e.g. eu-west-1), if AWS opened it recently, a newer release of the action knows it.`
  }
}

/** What to say when AWS did not answer in a region the SDK does not know: the region, not the credentials, is suspect. */
export function unknownRegionMessage(name: string, region: string, reason: string): string {
  return (
    `${name} is ${shown(region)}, a region the AWS SDK in this action does not know, and AWS did not answer there ` +
    `(${reason}). Check ${name}: use a region code such as eu-west-1 where your cluster runs.`
  )
}

/**
 * An image or repository URI in ECR must be usable from the deploy's region: the same partition (credentials and
 * pulls do not cross partitions), a region of that partition's DNS suffix, and a region code that can exist.
 */
export function registryRegionProblems(
  name: string,
  value: string,
  deployRegion: string | undefined
): string[] {
  const parsed = parseImageReference(value)
  const ecr = 'problem' in parsed ? undefined : ecrRegistryOf(parsed.registry)
  if (!ecr) return []
  const region = checkRegion(name, ecr.region)
  if (region.problem)
    return [
      `${name} is ${shown(value)}, whose registry host names the region ${shown(ecr.region)}, which is not an AWS region; check the URI (ECR shows it under "URI" of the repository).`
    ]
  const suffix = partition(ecr.region).dnsSuffix
  if (!ecr.dnsSuffix.endsWith(suffix) && !ecr.dnsSuffix.startsWith('on.'))
    return [
      `${name} is ${shown(value)}: ${ecr.region} is reached at .${suffix}, not .${ecr.dnsSuffix}; copy the repository URI from ECR.`
    ]
  if (deployRegion) {
    const deploy = partition(deployRegion).name
    if (deploy !== region.partition)
      return [
        `${name} is ${shown(value)}, in ${ecr.region} (partition ${region.partition}), but aws-region ${deployRegion} is in partition ${deploy}; ` +
          'ECS cannot pull across partitions: push the image to a registry in the same partition, or fix aws-region.'
      ]
  }
  return []
}

interface EcsArn {
  partition: string
  region: string
  account: string
  kind: string
  /** The part after kind/: a cluster name, or cluster/service (or only service in the old service ARN format). */
  path: string
}

const ECS_ARN = /^arn:([a-z-]+):ecs:([a-z0-9-]*):([^:]*):([a-z-]+)\/(.+)$/

function parseEcsArn(value: string): EcsArn | undefined {
  const m = ECS_ARN.exec(value)
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, kind: m[4]!, path: m[5]! } : undefined
}

export interface EcsTarget {
  cluster: string
  service?: string
}

/** The name inside a cluster ARN, or the value itself. */
export function clusterName(cluster: string): string {
  const arn = parseEcsArn(cluster)
  return arn?.kind === 'cluster' ? arn.path : cluster
}

/** Cluster and service ARNs must be of the deploy's region and partition, and a service ARN of the cluster given. */
export function ecsArnProblems(target: EcsTarget, region: string | undefined): string[] {
  const problems: string[] = []
  const check = (name: string, value: string, kind: string): EcsArn | undefined => {
    if (!value.startsWith('arn:')) return undefined
    const arn = parseEcsArn(value)
    if (!arn || arn.kind !== kind || !/^\d{12}$/.test(arn.account)) {
      problems.push(
        `${name} is ${shown(value)}, which is not an ECS ${kind} ARN (arn:aws:ecs:REGION:ACCOUNT:${kind}/${kind === 'service' ? 'CLUSTER/' : ''}NAME); give the ${kind}'s name or its ARN.`
      )
      return undefined
    }
    if (!region) return arn
    const expected = partition(region).name
    if (arn.region !== region || arn.partition !== expected)
      problems.push(
        `${name} is ${shown(value)}, an ARN in ${arn.region} (partition ${arn.partition}), but aws-region is ${region} (partition ${expected}); ` +
          `the action deploys in aws-region only: set aws-region: ${arn.region}, or give the ${kind} of ${region}.`
      )
    return arn
  }
  const cluster = check('cluster', target.cluster, 'cluster')
  if (target.service === undefined) return problems
  const service = check('service', target.service, 'service')
  const parts = service?.path.split('/') ?? []
  if (service && parts.length === 2 && parts[0] !== clusterName(target.cluster))
    problems.push(
      `service is ${shown(target.service)}, a service of the cluster "${parts[0]}", but cluster is ${shown(target.cluster)}; ` +
        "set cluster to the service's cluster, or give the service by name."
    )
  if (cluster && service && cluster.account !== service.account)
    problems.push(
      `cluster and service are ARNs of different accounts (${cluster.account} and ${service.account}); a service runs in its cluster's account: fix one of them.`
    )
  return problems
}

/** After GetCallerIdentity: ARNs of another account cannot be deployed with these credentials. */
export function ecsAccountProblems(target: EcsTarget, account: string): string[] {
  const problems: string[] = []
  for (const [name, value] of [
    ['cluster', target.cluster],
    ['service', target.service]
  ] as const) {
    const arn = value === undefined ? undefined : parseEcsArn(value)
    if (arn && arn.account !== account)
      problems.push(
        `${name} is ${shown(value!)}, in account ${arn.account}, but the credentials are of account ${account}; ` +
          `deploy with credentials of ${arn.account} (e.g. role-to-assume a role there), or fix ${name}.`
      )
  }
  return problems
}

/** What a path on disk is, as the build checks need it. */
export type PathKind = 'file' | 'directory' | 'other' | undefined

export interface BuildFiles {
  /** Absolute path of the build context, and the input it came from. */
  context: string
  contextInput: string
  /** Absolute path of the Dockerfile, or undefined for Dockerfile in the context. */
  dockerfile?: string
}

/** The Dockerfile and the build context must exist before the run logs in anywhere. */
export function buildFileProblems(files: BuildFiles, kindOf: (path: string) => PathKind): string[] {
  const context = kindOf(files.context)
  if (context !== 'directory')
    return [
      `${files.contextInput} is ${shown(files.context)}, which ${context === undefined ? 'does not exist' : 'is not a directory'}; ` +
        'set context to the directory the Dockerfile copies from (relative to the repository root).'
    ]
  const dockerfile = files.dockerfile ?? `${files.context.replace(/\/+$/, '')}/Dockerfile`
  const kind = kindOf(dockerfile)
  if (kind === 'file') return []
  return [
    files.dockerfile
      ? `dockerfile is ${shown(dockerfile)}, which ${kind === undefined ? 'does not exist' : 'is not a file'}; set dockerfile to your Dockerfile's path (relative to the repository root).`
      : `dockerfile is not set and the build context ${shown(files.context)} has no Dockerfile; add one there, or set dockerfile to its path.`
  ]
}

/** ECS's "Cluster not found." said with the cluster, the region and the account, and what to check. */
export function clusterNotFoundMessage(cluster: string, region: string, account: string | undefined): string {
  return (
    `The cluster "${clusterName(cluster)}" does not exist in region ${region}${account ? ` of account ${account}` : ''} (ECS: Cluster not found). ` +
    `Check cluster and aws-region (list the clusters with: aws ecs list-clusters --region ${region}), and that the credentials are of the cluster's account.`
  )
}

/** The warning for an image that is not in ECR: nothing can check it before ECS pulls it. */
export function unverifiedImageNote(image: string, credentialsParameter: string | undefined): string {
  return (
    `${image} is not in ECR, so the action cannot check that it exists before deploying it: ECS pulls it when the tasks start, ` +
    (credentialsParameter
      ? `with the registry credentials of the task definition's repositoryCredentials (${credentialsParameter}).`
      : "and a private registry needs the container's repositoryCredentials (a Secrets Manager secret) in the task definition.")
  )
}

/** The secret of the deployed container's repositoryCredentials, if the task definition gives one. */
export function credentialsParameterOf(
  definition: { containerDefinitions?: unknown },
  containerName: string | undefined
): string | undefined {
  const containers = Array.isArray(definition.containerDefinitions) ? definition.containerDefinitions : []
  const container = (
    containers as { name?: unknown; repositoryCredentials?: { credentialsParameter?: unknown } }[]
  ).find(c => containerName === undefined || c.name === containerName)
  const parameter = container?.repositoryCredentials?.credentialsParameter
  return typeof parameter === 'string' ? parameter : undefined
}
