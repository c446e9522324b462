// Connecting to AWS: credentials, then who we are (the first AWS call, so bad keys fail at once).
import type { ActionDeps } from '../main.js'
import { destroyClients, type AwsClients } from './clients.js'
import { createEcrApi, type EcrApi } from './ecr.js'
import { CredentialsError, resolveCredentials, whoAmI, type CallerIdentity } from './credentials.js'
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import { SettingsError, type Settings } from '../settings.js'
import { checkRegion, unknownRegionMessage } from '../settings/checks.js'

export const PLACEHOLDER_ACCOUNT = '000000000000'

export interface Connection {
  clients: AwsClients
  identity?: CallerIdentity
  region: string
  /** What the clients sign with; undefined means the SDK's default chain. */
  credentials?: AwsCredentialIdentity
}

export async function connect(settings: Settings, region: string, deps: ActionDeps): Promise<Connection> {
  const credentials = await resolveCredentials(
    {
      region,
      credentials: settings.credentials,
      roleToAssume: settings.roleToAssume,
      roleSessionName: settings.roleSessionName
    },
    { logger: deps.logger, mask: deps.mask, idToken: deps.idToken }
  )
  const clients = deps.createClients(region, credentials)
  try {
    const identity = await whoAmI(clients.sts)
    deps.logger.info(`Deploying as ${identity.arn} (account ${identity.account}, region ${region})`)
    return { clients, identity, region, credentials }
  } catch (e) {
    // A region the SDK does not know that AWS does not answer in is a wrong aws-region, not wrong credentials.
    if (e instanceof CredentialsError && !checkRegion('aws-region', region).known) {
      destroyClients(clients)
      throw new SettingsError([unknownRegionMessage('aws-region', region, e.reason ?? e.message)])
    }
    if (!settings.dryRun || !(e instanceof CredentialsError)) {
      destroyClients(clients)
      throw e
    }
    deps.logger.warning(
      `Dry run without working AWS credentials (${e.reason ?? e.message}): planning with the placeholder account ` +
        `${PLACEHOLDER_ACCOUNT} in ${region}, without reading the service or ECR.`,
      { title: 'No AWS credentials' }
    )
    return { clients, region, credentials }
  }
}

/**
 * The clients for another region with the same credentials: an image in ECR is looked up and pushed in the
 * region of its URI, whatever aws-region says. The caller destroys them.
 */
export function clientsIn(
  aws: Connection,
  region: string,
  deps: Pick<ActionDeps, 'createClients'>
): AwsClients {
  return region === aws.region ? aws.clients : deps.createClients(region, aws.credentials)
}

/** ECR in a region: the connection's own when it is aws-region, else a new one destroyed with the cleanups. */
export function ecrInRegion(
  region: string,
  aws: Connection,
  ecr: EcrApi,
  deps: Pick<ActionDeps, 'createClients'>,
  cleanups: (() => void)[]
): EcrApi {
  const clients = clientsIn(aws, region, deps)
  if (clients === aws.clients) return ecr
  cleanups.push(() => destroyClients(clients))
  return createEcrApi(clients.ecr)
}
