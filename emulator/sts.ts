// AWS STS over the query protocol (see query.ts for the wire format).
import type { IamCheck } from './contract.js'
import { AwsError } from './errors.js'
import { wildcardMatch } from './iam.js'
import type { Identity, IdentityStore } from './identities.js'

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'
/** Operations that need no signature (the web identity token is the credential). */
export const UNSIGNED_STS_OPERATIONS = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])

export function stsIamChecks(operation: string, input: Record<string, string>): IamCheck[] {
  if (operation === 'AssumeRole') return [{ action: 'sts:AssumeRole', resource: input['RoleArn'] ?? '*' }]
  return [] // GetCallerIdentity needs no permission; web identity calls are authorised by the role's trust
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/

/** Decodes the payload of a JWT-looking token (header.payload.signature) without verifying it. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return undefined
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

export class Sts {
  /** Claims of every web identity token that was accepted, for tests to inspect. */
  readonly webIdentities: Record<string, unknown>[] = []

  constructor(
    private readonly identities: IdentityStore,
    private readonly now: () => number
  ) {}

  private credentials(input: Record<string, string>) {
    const roleArn = input['RoleArn']
    const sessionName = input['RoleSessionName']
    if (!roleArn || !ROLE_ARN.test(roleArn)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${roleArn ?? ''}' at 'roleArn' failed to satisfy constraint: must be a role ARN (arn:aws:iam::<account>:role/<name>)`
      )
    }
    if (!sessionName || !SESSION_NAME.test(sessionName)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${sessionName ?? ''}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`
      )
    }
    const duration = Number(input['DurationSeconds'] ?? '3600')
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${input['DurationSeconds']}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`
      )
    }
    const session = this.identities.startSession(roleArn, sessionName, this.now() + duration * 1000)
    return {
      session,
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: new Date(session.expiresAt ?? 0).toISOString().replace(/\.\d+Z$/, 'Z')
      },
      AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn }
    }
  }

  async handle(
    operation: string,
    input: Record<string, string>,
    caller: Identity | undefined
  ): Promise<Record<string, unknown>> {
    switch (operation) {
      case 'GetCallerIdentity':
        if (!caller)
          throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
        return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }
      case 'AssumeRole': {
        const { Credentials, AssumedRoleUser } = this.credentials(input)
        return { Credentials, AssumedRoleUser }
      }
      case 'AssumeRoleWithWebIdentity': {
        const token = input['WebIdentityToken'] ?? ''
        const claims = jwtClaims(token)
        if (!claims) {
          throw new AwsError(
            'InvalidIdentityToken',
            'The web identity token is not a JWT (three base64url parts with a JSON payload).'
          )
        }
        const trust = this.identities.role(input['RoleArn'] ?? '')?.trust
        const sub = typeof claims['sub'] === 'string' ? claims['sub'] : ''
        const audiences = Array.isArray(claims['aud'])
          ? (claims['aud'] as unknown[]).map(String)
          : [String(claims['aud'] ?? '')]
        const trusted =
          (!trust?.sub || wildcardMatch(trust.sub, sub)) &&
          (!trust?.aud || audiences.some(aud => wildcardMatch(trust.aud as string, aud)))
        if (!trusted)
          throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)
        const { Credentials, AssumedRoleUser } = this.credentials(input)
        this.webIdentities.push(claims)
        return {
          Credentials,
          SubjectFromWebIdentityToken: sub,
          AssumedRoleUser,
          Provider: typeof claims['iss'] === 'string' ? claims['iss'] : undefined,
          Audience: audiences[0]
        }
      }
      default:
        throw new AwsError(
          'InvalidAction',
          `The stand-in does not implement STS ${operation}; it serves GetCallerIdentity, AssumeRole and AssumeRoleWithWebIdentity`
        )
    }
  }
}
