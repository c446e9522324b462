// AWS IAM's API over the query protocol (see query.ts), just enough for a pre-flight check: GetRole (does the role
// exist, whom does it trust), and CreateRole so tests can make the roles that exist. Not the policies the
// stand-in enforces: those are the identities' (identities.ts).
import { createHash } from 'node:crypto'
import type { IamCheck } from './contract.js'
import { AwsError } from './errors.js'

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/'

interface Role {
  name: string
  path: string
  arn: string
  id: string
  createdAt: number
  /** The trust policy as given (JSON text). */
  trust: string
  description?: string
  maxSessionDuration: number
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/

export class IamApi {
  private readonly roles = new Map<string, Role>() // by name

  constructor(
    private readonly accountId: string,
    private readonly now: () => number
  ) {}

  roleArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.accountId}:role${path}${name}`
  }

  createRole(name: string, trust: string, options: { path?: string; description?: string } = {}): Role {
    if (!ROLE_NAME.test(name)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`
      )
    }
    try {
      const parsed: unknown = JSON.parse(trust)
      if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed))
        throw new Error('no Statement')
    } catch {
      throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json')
    }
    if (this.roles.has(name)) {
      throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409)
    }
    const path = options.path ?? '/'
    const role: Role = {
      name,
      path,
      arn: this.roleArn(name, path),
      id: 'AROA' + createHash('sha256').update(name).digest('hex').slice(0, 17).toUpperCase(),
      createdAt: this.now(),
      trust,
      maxSessionDuration: 3600
    }
    if (options.description !== undefined) role.description = options.description
    this.roles.set(name, role)
    return role
  }

  names(): string[] {
    return [...this.roles.keys()]
  }

  iamChecks(operation: string, input: Record<string, string>): IamCheck[] {
    const name = input['RoleName']
    const resource = name ? (this.roles.get(name)?.arn ?? this.roleArn(name, input['Path'] ?? '/')) : '*'
    return [{ action: `iam:${operation}`, resource }]
  }

  handle(operation: string, input: Record<string, string>): Record<string, unknown> {
    const name = input['RoleName']
    if ((operation === 'GetRole' || operation === 'CreateRole') && !name) {
      throw new AwsError(
        'ValidationError',
        "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null"
      )
    }
    switch (operation) {
      case 'CreateRole': {
        const trust = input['AssumeRolePolicyDocument']
        if (!trust) {
          throw new AwsError(
            'ValidationError',
            "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null"
          )
        }
        const description = input['Description']
        const path = input['Path']
        const role = this.createRole(name ?? '', trust, {
          ...(description !== undefined ? { description } : {}),
          ...(path !== undefined ? { path } : {})
        })
        return { Role: this.roleXml(role) }
      }
      case 'GetRole': {
        const role = this.roles.get(name ?? '')
        if (!role) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404)
        return { Role: this.roleXml(role) }
      }
      default:
        throw new AwsError(
          'UnknownOperationException',
          `The stand-in does not implement IAM ${operation}; it serves GetRole and CreateRole`
        )
    }
  }

  /** As IAM answers: the trust policy URL-encoded (RFC 3986), the dates in ISO 8601. */
  private roleXml(role: Role): Record<string, unknown> {
    return {
      Path: role.path,
      RoleName: role.name,
      RoleId: role.id,
      Arn: role.arn,
      CreateDate: new Date(role.createdAt).toISOString(),
      AssumeRolePolicyDocument: encodeURIComponent(role.trust),
      ...(role.description !== undefined ? { Description: role.description } : {}),
      MaxSessionDuration: role.maxSessionDuration,
      RoleLastUsed: {}
    }
  }
}
