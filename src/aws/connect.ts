// Connecting to AWS: credentials, then who we are (the first AWS call, so bad keys fail at once).
import type { ActionDeps } from '../runtime.js'
import type { AwsApis } from './clients.js'
import { CredentialsError, resolveCredentials, type CallerIdentity } from './credentials.js'
import type { Settings } from '../settings/index.js'

export const PLACEHOLDER_ACCOUNT = '000000000000'

export interface Connection {
  apis: AwsApis
  identity?: CallerIdentity
  region: string
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
    return { apis, identity, region }
  } catch (e) {
    if (!settings.dryRun || !(e instanceof CredentialsError)) {
      apis.destroy()
      throw e
    }
    deps.logger.warning(
      `Dry run without working AWS credentials (${e.reason ?? e.message}): planning with the placeholder account ` +
        `${PLACEHOLDER_ACCOUNT} in ${region}, without reading the service or ECR.`,
      { title: 'No AWS credentials' }
    )
    return { apis, region }
  }
}
