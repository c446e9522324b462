// The pre-flight check as the pipeline runs it: read what the findings need (the image's manifest in ECR; with
// verify: full also log groups, secrets, parameters and roles), decide with the pure findings, refuse with all of them.
import type { Service } from '@aws-sdk/client-ecs'
import type { EcrApi, ImageInfo } from '../aws/ecr-uri.js'
import type { ResourceLookups } from '../aws/lookups.js'
import type { ImageSource } from '../image/source.js'
import type { Logger } from '../log.js'
import type { VerifyLevel } from '../settings/index.js'
import type { TaskDefinitionDocument } from '../taskdef/index.js'
import {
  buildPlatformFinding,
  fullFindings,
  fullReferences,
  loadBalancerFindings,
  platformFinding,
  VerifyError,
  type Finding
} from './findings.js'

export { VerifyError, type Finding } from './findings.js'

export interface PreflightInput {
  level: VerifyLevel
  rendered: TaskDefinitionDocument
  source: ImageSource
  /** The image ECR already holds (a redeploy, or this release's tag pushed before). */
  existing?: ImageInfo
  imageUri: string
  service?: Service
  account?: string
  /** The `platform` input, for an image this run builds. */
  platformInput?: string
  /** The build machine's architecture (process.arch), the engine's platform without `platform`. */
  machineArch: string
}

export interface PreflightIo {
  /** ECR of the image's region. */
  ecr: EcrApi
  lookups: ResourceLookups
  logger: Logger
}

/** Runs every check of the level; throws VerifyError with all findings, else returns how many checks passed. */
export async function preflight(input: PreflightInput, io: PreflightIo): Promise<number> {
  if (input.level === 'off') return 0
  const { rendered, source } = input
  const findings: Finding[] = []
  let checks = 0
  const add = (found: Finding | Finding[] | undefined) => {
    checks++
    if (found) findings.push(...(Array.isArray(found) ? found : [found]))
  }
  if (input.existing?.digest && source.repository)
    add(await imageFinding(input.imageUri, source, input.existing.digest, rendered, io))
  else if (source.kind === 'build')
    add(
      buildPlatformFinding(input.imageUri, input.platformInput, input.machineArch, rendered.runtimePlatform)
    )
  else io.logger.info(`The image ${input.imageUri} is not in ECR: its platform is not verified.`)
  add(loadBalancerFindings(input.service?.loadBalancers, rendered))
  if (input.level === 'full') {
    const refs = fullReferences(rendered, input.account)
    const { lookups } = io
    // Every look-up at once; the answers keyed as the findings ask for them.
    const answers = <K, V>(keys: K[], look: (k: K) => Promise<V>) =>
      Promise.all([...new Set(keys)].map(async k => [k, await look(k)] as const)).then(
        pairs => new Map(pairs)
      )
    const [groups, secrets, parameters, roles] = await Promise.all([
      answers(
        refs.logGroups.map(g => `${g.region ?? ''} ${g.name}`),
        key =>
          lookups.logGroupExists(key.slice(key.indexOf(' ') + 1), key.slice(0, key.indexOf(' ')) || undefined)
      ),
      answers(
        refs.secrets.map(s => s.id),
        id => lookups.secretExists(id)
      ),
      answers(
        refs.parameters.map(p => p.name),
        name => lookups.parameterExists(name)
      ),
      answers(
        refs.roles.map(r => r.arn),
        arn => lookups.roleTrust(arn)
      )
    ])
    add(
      fullFindings(refs, {
        logGroupExists: (name, region) => groups.get(`${region ?? ''} ${name}`) === true,
        secretExists: id => secrets.get(id) === true,
        parameterExists: name => parameters.get(name) === true,
        roleTrust: arn => roles.get(arn)
      })
    )
  }
  if (findings.length > 0) throw new VerifyError(findings)
  io.logger.info(`Pre-flight check (verify: ${input.level}) passed.`)
  return checks
}

/** After the push, before registering: the manifest ECR now holds against the task definition. */
export async function verifyPushedImage(
  level: VerifyLevel,
  imageUri: string,
  source: ImageSource,
  digest: string,
  rendered: TaskDefinitionDocument,
  io: Pick<PreflightIo, 'ecr' | 'logger'>
): Promise<void> {
  if (level === 'off' || !source.repository || !digest) return
  const finding = await imageFinding(imageUri, source, digest, rendered, io)
  if (finding) throw new VerifyError([finding])
}

async function imageFinding(
  imageUri: string,
  source: ImageSource,
  digest: string,
  rendered: TaskDefinitionDocument,
  io: Pick<PreflightIo, 'ecr' | 'logger'>
): Promise<Finding | undefined> {
  const read = await io.ecr.imagePlatforms(source.repository!, source.registryId, digest)
  if ('unknown' in read) {
    io.logger.warning(
      `The platform of ${imageUri} could not be read (${read.unknown}); it is not verified.`,
      {
        title: 'Image platform not verified'
      }
    )
    return undefined
  }
  io.logger.info(`${imageUri} runs on ${read.platforms.map(p => `${p.os}/${p.architecture}`).join(', ')}`)
  return platformFinding(imageUri, read.platforms, rendered.runtimePlatform)
}
