// Whose credentials the run uses: the inputs' keys, a role assumed with the job's OIDC token or with keys,
// or the SDK's default chain (so the action also works after configure-aws-credentials).
import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import type { Logger } from '../log.js'
import type { StaticCredentials } from '../settings/index.js'
import { clientConfig } from './config.js'
import { describeAwsError } from './errors.js'

export interface CredentialRequest {
  region: string
  credentials?: StaticCredentials
  roleToAssume?: string
  roleSessionName: string
}

export interface CredentialDeps {
  logger: Logger
  /** Hides a value in every later log line (core.setSecret in the action). */
  mask(value: string): void
  /** The job's OIDC token for an audience, when the job has `permissions: id-token: write`; undefined otherwise. */
  idToken(audience: string): Promise<string | undefined>
}

export interface CallerIdentity {
  account: string
  arn: string
  userId: string
}

export class CredentialsError extends Error {
  constructor(
    message: string,
    /** What AWS or the credential chain said, on its own. */
    readonly reason?: string
  ) {
    super(message)
    this.name = 'CredentialsError'
  }
}

/** Returns the credentials every client uses; undefined means the SDK's default chain. */
export async function resolveCredentials(
  request: CredentialRequest,
  deps: CredentialDeps
): Promise<AwsCredentialIdentity | undefined> {
  const keys = request.credentials
  if (keys) {
    deps.mask(keys.accessKeyId)
    deps.mask(keys.secretAccessKey)
    if (keys.sessionToken) deps.mask(keys.sessionToken)
  }
  const base: AwsCredentialIdentity | undefined = keys && { ...keys }
  if (!request.roleToAssume) return base

  // STS is loaded only when a role is assumed (or, in whoAmI, when it is first called).
  const { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } =
    await import('@aws-sdk/client-sts')
  const sts = new STSClient(clientConfig(request.region, base))
  try {
    const token = keys ? undefined : await deps.idToken('sts.amazonaws.com')
    if (token) deps.mask(token)
    const params = {
      RoleArn: request.roleToAssume,
      RoleSessionName: request.roleSessionName,
      DurationSeconds: 3600
    }
    deps.logger.info(
      `Assuming ${request.roleToAssume} with ${token ? "the job's OIDC token" : keys ? 'the given access key' : 'the default credentials'}`
    )
    const response = token
      ? await sts.send(new AssumeRoleWithWebIdentityCommand({ ...params, WebIdentityToken: token }))
      : await sts.send(new AssumeRoleCommand(params))
    const c = response.Credentials
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new CredentialsError(`STS returned no credentials for ${request.roleToAssume}.`)
    deps.mask(c.AccessKeyId)
    deps.mask(c.SecretAccessKey)
    if (c.SessionToken) deps.mask(c.SessionToken)
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration
    }
  } catch (e) {
    if (e instanceof CredentialsError) throw e
    throw new CredentialsError(
      `Could not assume role-to-assume ${request.roleToAssume}: ${describeAwsError(e)}. ` +
        "Check the role's trust policy (the repository, ref or environment, and the audience sts.amazonaws.com) and, " +
        'for OIDC, that the job has `permissions: id-token: write`.'
    )
  } finally {
    sts.destroy()
  }
}

/** The first AWS call: bad keys fail here, in the first second, before anything else happens. */
export async function whoAmI(sts: STSClient): Promise<CallerIdentity> {
  try {
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
    const r = await sts.send(new GetCallerIdentityCommand({}))
    return { account: r.Account ?? '', arn: r.Arn ?? '', userId: r.UserId ?? '' }
  } catch (e) {
    throw new CredentialsError(
      `AWS did not accept the credentials: ${describeAwsError(e)}. ` +
        'Check the aws-access-key-id and aws-secret-access-key secrets (or the step that configures credentials) and aws-region.',
      describeAwsError(e)
    )
  }
}
