// Connecting to AWS: credentials, then who we are (the first AWS call, so bad keys fail at once).
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import type { ActionDeps } from '../runtime.js'
import type { AwsApis } from './clients.js'
import type { EcrApi } from './ecr.js'
import { CredentialsError, resolveCredentials, type CallerIdentity } from './credentials.js'
import { SettingsError, type Settings } from '../settings/index.js'
import { checkRegion, unknownRegionMessage } from '../settings/checks.js'

export const PLACEHOLDER_ACCOUNT = '000000000000'

export interface Connection {
  apis: AwsApis
  identity?: CallerIdentity
  region: string
  /** What the clients sign with; undefined means the SDK's default chain. */
  credentials?: AwsCredentialIdentity
}

export async function connect(
  settings: Settings,
  region: string,
  deps: Pick<ActionDeps, 'logger' | 'clock' | 'mask' | 'idToken' | 'createClients'>
): Promise<Connection> {
  const credentials = await resolveCredentials(
    {
      region,
      credentials: settings.credentials,
      roleToAssume: settings.roleToAssume,
      roleSessionName: settings.roleSessionName
    },
    { logger: deps.logger, mask: deps.mask, idToken: deps.idToken }
  )
  const apis = deps.createClients(region, credentials, { clock: deps.clock, logger: deps.logger })
  try {
    const identity = await apis.identity.whoAmI()
    deps.logger.info(`Deploying as ${identity.arn} (account ${identity.account}, region ${region})`)
    return { apis, identity, region, credentials }
  } catch (e) {
    // A region the SDK does not know that AWS does not answer in is a wrong aws-region, not wrong credentials.
    if (e instanceof CredentialsError && !checkRegion('aws-region', region).known) {
      apis.destroy()
      throw new SettingsError([unknownRegionMessage('aws-region', region, e.reason ?? e.message)])
    }
    if (!settings.dryRun || !(e instanceof CredentialsError)) {
      apis.destroy()
      throw e
    }
    deps.logger.warning(
      `Dry run without working AWS credentials (${e.reason ?? e.message}): planning with the placeholder account ` +
        `${PLACEHOLDER_ACCOUNT} in ${region}, without reading the service or ECR.`,
      { title: 'No AWS credentials' }
    )
    return { apis, region, credentials }
  }
}

/**
 * ECR in the region of an image's URI, whatever aws-region says: the connection's own when it is aws-region, else
 * one with the same credentials, destroyed with the cleanups.
 */
export function ecrInRegion(
  region: string,
  aws: Connection,
  deps: Pick<ActionDeps, 'clock' | 'logger' | 'createClients'>,
  cleanups: (() => void)[]
): EcrApi {
  if (region === aws.region) return aws.apis.ecr
  const apis = deps.createClients(region, aws.credentials, { clock: deps.clock, logger: deps.logger })
  cleanups.push(apis.destroy)
  return apis.ecr
}
