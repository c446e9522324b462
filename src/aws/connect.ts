// Connecting to AWS: credentials, then who we are (the first AWS call, so bad keys fail at once).
import type { ActionDeps } from '../main.js'
import { destroyClients, type AwsClients } from './clients.js'
import { CredentialsError, resolveCredentials, whoAmI, type CallerIdentity } from './credentials.js'
import type { Settings } from '../settings.js'

export const PLACEHOLDER_ACCOUNT = '000000000000'

export interface Connection {
  clients: AwsClients
  identity?: CallerIdentity
  region: string
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
    return { clients, identity, region }
  } catch (e) {
    if (!settings.dryRun || !(e instanceof CredentialsError)) {
      destroyClients(clients)
      throw e
    }
    deps.logger.warning(
      `Dry run without working AWS credentials (${e.reason ?? e.message}): planning with the placeholder account ` +
        `${PLACEHOLDER_ACCOUNT} in ${region}, without reading the service or ECR.`,
      { title: 'No AWS credentials' }
    )
    return { clients, region }
  }
}
