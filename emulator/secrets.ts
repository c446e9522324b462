// AWS Secrets Manager (JSON 1.1, `secretsmanager.*`), just enough for a pre-flight check: DescribeSecret (never a
// value), and CreateSecret so tests can make the secrets that exist. Values are kept only to be never shown.
import { createHash, randomUUID } from 'node:crypto'
import type { IamCheck } from './contract.js'
import { AwsError } from './errors.js'

type Input = Record<string, unknown>

interface Secret {
  name: string
  arn: string
  description?: string
  createdAt: number
  versionId: string
  tags: { Key: string; Value: string }[]
}

const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/

export const secretNotFound = (): AwsError =>
  new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")

export class SecretsManager {
  private readonly secrets = new Map<string, Secret>() // by name

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    private readonly now: () => number
  ) {}

  /**
   * A secret's ARN ends in "-" and six random characters; here they come from the name, so the ARN is known before
   * the secret exists (for IAM checks) and a re-created secret keeps it.
   */
  arnOf(name: string): string {
    const suffix = createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 6)
    return `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix}`
  }

  /** By name, full ARN, or partial ARN (without the six-character suffix), as Secrets Manager accepts SecretId. */
  find(secretId: string): Secret | undefined {
    if (!secretId.startsWith('arn:')) return this.secrets.get(secretId)
    return [...this.secrets.values()].find(s => s.arn === secretId || s.arn.slice(0, -7) === secretId)
  }

  create(name: string, options: { description?: string; tags?: { Key: string; Value: string }[] } = {}) {
    if (!NAME.test(name)) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512 and contain only alphanumeric characters and /_+=.@-`
      )
    }
    if (this.secrets.has(name)) {
      throw new AwsError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`
      )
    }
    const secret: Secret = {
      name,
      arn: this.arnOf(name),
      createdAt: this.now(),
      versionId: randomUUID(),
      tags: options.tags ?? []
    }
    if (options.description !== undefined) secret.description = options.description
    this.secrets.set(name, secret)
    return secret
  }

  names(): string[] {
    return [...this.secrets.keys()]
  }

  iamChecks(operation: string, input: Input): IamCheck[] {
    const action = `secretsmanager:${operation}`
    const id = typeof input['SecretId'] === 'string' ? input['SecretId'] : input['Name']
    if (typeof id !== 'string' || id === '') return [{ action, resource: '*' }]
    const resource = this.find(id)?.arn ?? (id.startsWith('arn:') ? id : this.arnOf(id))
    return [{ action, resource }]
  }

  handle(operation: string, input: Input): unknown {
    switch (operation) {
      case 'CreateSecret': {
        const name = input['Name']
        if (typeof name !== 'string' || name === '') {
          throw new AwsError(
            'ValidationException',
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"
          )
        }
        const tags = Array.isArray(input['Tags'])
          ? (input['Tags'] as { Key: string; Value: string }[])
          : undefined
        const description = typeof input['Description'] === 'string' ? input['Description'] : undefined
        const secret = this.create(name, {
          ...(description !== undefined ? { description } : {}),
          ...(tags ? { tags } : {})
        })
        return { ARN: secret.arn, Name: secret.name, VersionId: secret.versionId }
      }
      case 'DescribeSecret': {
        const id = input['SecretId']
        if (typeof id !== 'string' || id === '') {
          throw new AwsError(
            'ValidationException',
            "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"
          )
        }
        const secret = this.find(id)
        if (!secret) throw secretNotFound()
        return {
          ARN: secret.arn,
          Name: secret.name,
          ...(secret.description !== undefined ? { Description: secret.description } : {}),
          CreatedDate: secret.createdAt / 1000,
          LastChangedDate: secret.createdAt / 1000,
          Tags: secret.tags,
          VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] }
        }
      }
      default:
        throw new AwsError(
          'UnknownOperationException',
          `The stand-in does not implement Secrets Manager ${operation}; it serves DescribeSecret and CreateSecret (never a secret's value)`
        )
    }
  }
}
