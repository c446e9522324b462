// Who may call: long-term access keys, temporary sessions from STS, and registry passwords from ECR.
import { createHash, randomBytes } from 'node:crypto'
import { validatePolicies, type PolicyDocument } from './iam.js'

export interface IdentityOption {
  accessKeyId: string
  secretAccessKey: string
  arn: string
  policies?: object[]
}

export interface RoleOption {
  arn: string
  policies?: object[]
  /** Web identity trust: accepted `sub` and `aud` claims (wildcards allowed); anything when absent. */
  trust?: { sub?: string; aud?: string }
}

export interface Identity {
  accessKeyId: string
  secretAccessKey: string
  arn: string
  accountId: string
  userId: string
  /** Set for sessions: the role whose policies apply, the token the caller must present, and when it ends. */
  roleArn?: string
  sessionToken?: string
  expiresAt?: number
}

export const DEFAULT_ADMIN = { accessKeyId: 'AKIAEMULATORADMIN00', secretAccessKey: 'emulator-secret-key' }

function uniqueId(prefix: string, seed: string): string {
  return prefix + createHash('sha256').update(seed).digest('hex').slice(0, 17).toUpperCase()
}

function accountOf(arn: string, fallback: string): string {
  const account = arn.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : fallback
}

export class IdentityStore {
  private keys = new Map<string, Identity>()
  private userPolicies = new Map<string, PolicyDocument[] | undefined>() // by user ARN
  private rolePolicies = new Map<string, PolicyDocument[] | undefined>() // by role ARN
  private roles = new Map<string, RoleOption>()
  private sessions = new Map<string, Identity>()
  private registryTokens = new Map<string, { accessKeyId: string; expiresAt: number }>()

  constructor(
    private readonly accountId: string,
    identities: IdentityOption[] | undefined,
    roles: RoleOption[] | undefined
  ) {
    this.set(
      identities ?? [{ ...DEFAULT_ADMIN, arn: `arn:aws:iam::${accountId}:user/deployer` }],
      roles ?? []
    )
  }

  /** Replaces the long-term keys (and the roles, when given). Sessions already issued stay valid. */
  set(identities: IdentityOption[], roles?: RoleOption[]): void {
    if (!Array.isArray(identities))
      throw new Error('identities must be a list of {accessKeyId, secretAccessKey, arn, policies?}')
    const keys = new Map<string, Identity>()
    const userPolicies = new Map<string, PolicyDocument[] | undefined>()
    identities.forEach((option, i) => {
      for (const field of ['accessKeyId', 'secretAccessKey', 'arn'] as const) {
        if (typeof option[field] !== 'string' || option[field] === '') {
          throw new Error(`identities[${i}].${field} must be a non-empty string`)
        }
      }
      keys.set(option.accessKeyId, {
        accessKeyId: option.accessKeyId,
        secretAccessKey: option.secretAccessKey,
        arn: option.arn,
        accountId: accountOf(option.arn, this.accountId),
        userId: uniqueId('AIDA', option.arn)
      })
      userPolicies.set(
        option.arn,
        option.policies ? validatePolicies(option.policies, `identities[${i}].policies`) : undefined
      )
    })
    if (roles !== undefined) {
      if (!Array.isArray(roles)) throw new Error('roles must be a list of {arn, policies?, trust?}')
      const byArn = new Map<string, RoleOption>()
      const rolePolicies = new Map<string, PolicyDocument[] | undefined>()
      roles.forEach((role, i) => {
        if (typeof role.arn !== 'string' || !role.arn.includes(':role/')) {
          throw new Error(`roles[${i}].arn must be a role ARN like arn:aws:iam::123456789012:role/deployer`)
        }
        byArn.set(role.arn, role)
        rolePolicies.set(
          role.arn,
          role.policies ? validatePolicies(role.policies, `roles[${i}].policies`) : undefined
        )
      })
      this.roles = byArn
      this.rolePolicies = rolePolicies
    }
    this.keys = keys
    this.userPolicies = userPolicies
  }

  find(accessKeyId: string): Identity | undefined {
    return this.keys.get(accessKeyId) ?? this.sessions.get(accessKeyId)
  }

  /** The identity-based policies of a principal; undefined means an administrator. */
  policiesOf(identity: Identity): PolicyDocument[] | undefined {
    return identity.roleArn !== undefined
      ? this.rolePolicies.get(identity.roleArn)
      : this.userPolicies.get(identity.arn)
  }

  role(arn: string): RoleOption | undefined {
    return this.roles.get(arn)
  }

  /** Temporary credentials for a role session (AssumeRole*). */
  startSession(roleArn: string, sessionName: string, expiresAt: number): Identity {
    const roleName = roleArn.split('/').pop() ?? roleArn
    const accessKeyId = 'ASIA' + randomBytes(8).toString('hex').toUpperCase()
    const session: Identity = {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      arn: `arn:aws:sts::${accountOf(roleArn, this.accountId)}:assumed-role/${roleName}/${sessionName}`,
      accountId: accountOf(roleArn, this.accountId),
      userId: `${uniqueId('AROA', roleArn)}:${sessionName}`,
      roleArn,
      expiresAt
    }
    this.sessions.set(accessKeyId, session)
    return session
  }

  issueRegistryToken(identity: Identity, expiresAt: number): string {
    const token = randomBytes(32).toString('base64url')
    this.registryTokens.set(token, { accessKeyId: identity.accessKeyId, expiresAt })
    return token
  }

  /** Every registry password issued so far (to the given access key only, when given): tests look for leaks. */
  registryPasswords(accessKeyId?: string): string[] {
    return [...this.registryTokens.entries()]
      .filter(([, entry]) => accessKeyId === undefined || entry.accessKeyId === accessKeyId)
      .map(([token]) => token)
  }

  /** The identity behind a registry password, unless unknown or expired. */
  registryIdentity(token: string, now: number): Identity | undefined {
    const entry = this.registryTokens.get(token)
    if (!entry || entry.expiresAt <= now) return undefined
    const identity = this.find(entry.accessKeyId)
    if (!identity || (identity.expiresAt !== undefined && identity.expiresAt <= now)) return undefined
    return identity
  }

  summary(): unknown {
    return {
      users: [...this.keys.values()].map(i => ({
        accessKeyId: i.accessKeyId,
        arn: i.arn,
        admin: this.policiesOf(i) === undefined
      })),
      roles: [...this.roles.keys()],
      sessions: [...this.sessions.values()].map(s => ({
        accessKeyId: s.accessKeyId,
        arn: s.arn,
        expiresAt: s.expiresAt
      }))
    }
  }
}
