import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { ListClustersCommand } from '@aws-sdk/client-ecs'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { startEmulator, type Emulator } from '../index.js'
import { clients, failure } from './support.js'

const account = '123456789012'
const deployRole = `arn:aws:iam::${account}:role/deploy`
const oidcRole = `arn:aws:iam::${account}:role/github-oidc`

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

describe('STS', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({
      identities: [
        {
          accessKeyId: 'AKIAADMIN',
          secretAccessKey: 'admin-secret',
          arn: `arn:aws:iam::${account}:user/admin`
        },
        {
          accessKeyId: 'AKIALIMITED',
          secretAccessKey: 'limited-secret',
          arn: `arn:aws:iam::${account}:user/ci`,
          policies: [{ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: deployRole } }]
        }
      ],
      roles: [
        {
          arn: deployRole,
          policies: [{ Statement: { Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' } }]
        },
        { arn: oidcRole, trust: { sub: 'repo:acme/web:*', aud: 'sts.amazonaws.com' } }
      ]
    })
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('GetCallerIdentity answers for any valid key, even one with no permissions', async () => {
    const { sts } = clients(emulator.url, { accessKeyId: 'AKIALIMITED', secretAccessKey: 'limited-secret' })
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({ Account: account, Arn: `arn:aws:iam::${account}:user/ci` })
    expect(identity.UserId).toMatch(/^AIDA[0-9A-F]{17}$/)
    sts.destroy()
  })

  it('AssumeRole returns session credentials that act as the role, with its policies', async () => {
    const { sts } = clients(emulator.url, { accessKeyId: 'AKIALIMITED', secretAccessKey: 'limited-secret' })
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: deployRole, RoleSessionName: 'release-42', DurationSeconds: 900 })
    )
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/deploy/release-42`)
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    const expiresIn = (assumed.Credentials?.Expiration?.getTime() ?? 0) - Date.now()
    expect(expiresIn).toBeGreaterThan(890_000)
    expect(expiresIn).toBeLessThanOrEqual(900_000)
    sts.destroy()

    const session = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? ''
    }
    const asRole = clients(emulator.url, session)
    const who = await asRole.sts.send(new GetCallerIdentityCommand({}))
    expect(who.Arn).toBe(`arn:aws:sts::${account}:assumed-role/deploy/release-42`)
    const denied = await failure(asRole.ecs.send(new ListClustersCommand({})))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toBe(
      `User: arn:aws:sts::${account}:assumed-role/deploy/release-42 is not authorized to perform: ecs:ListClusters on resource: * because no identity-based policy allows the ecs:ListClusters action`
    )
    asRole.sts.destroy()
    asRole.ecs.destroy()

    // The same keys without the session token are not valid.
    const { sts: noToken } = clients(emulator.url, {
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey
    })
    expect(await failure(noToken.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403
    })
    noToken.destroy()
  })

  it('AssumeRole is refused in STS XML when the policy does not allow that role', async () => {
    const { sts } = clients(emulator.url, { accessKeyId: 'AKIALIMITED', secretAccessKey: 'limited-secret' })
    const error = await failure(sts.send(new AssumeRoleCommand({ RoleArn: oidcRole, RoleSessionName: 's1' })))
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 })
    expect(error.message).toBe(
      `User: arn:aws:iam::${account}:user/ci is not authorized to perform: sts:AssumeRole on resource: ${oidcRole} because no identity-based policy allows the sts:AssumeRole action`
    )
    sts.destroy()
  })

  it('AssumeRole validates its parameters', async () => {
    const { sts } = clients(emulator.url, { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin-secret' })
    const error = await failure(
      sts.send(new AssumeRoleCommand({ RoleArn: deployRole, RoleSessionName: 'x', DurationSeconds: 60 }))
    )
    expect(error.name).toBe('ValidationError')
    expect(error.message).toMatch(/roleSessionName/)
    sts.destroy()
  })

  it('AssumeRoleWithWebIdentity is unsigned, checks the trusted sub/aud and records the claims', async () => {
    const sts = new STSClient({ endpoint: emulator.url, region: 'us-east-1', maxAttempts: 1 })
    const good = jwt({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:acme/web:ref:refs/tags/v1',
      aud: 'sts.amazonaws.com'
    })
    const result = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: oidcRole,
        RoleSessionName: 'gha',
        WebIdentityToken: good
      })
    )
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/github-oidc/gha`)
    expect(result.SubjectFromWebIdentityToken).toBe('repo:acme/web:ref:refs/tags/v1')
    expect(result.Credentials?.SessionToken).toBeTruthy()
    expect(emulator.webIdentities.at(-1)).toMatchObject({ sub: 'repo:acme/web:ref:refs/tags/v1' })
    const recorded = emulator.requests.at(-1)
    expect(recorded).toMatchObject({ service: 'sts', operation: 'AssumeRoleWithWebIdentity', status: 200 })
    expect(recorded?.accessKeyId).toBeUndefined()

    const stranger = jwt({ sub: 'repo:evil/web:ref:refs/heads/main', aud: 'sts.amazonaws.com' })
    expect(
      await failure(
        sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: oidcRole,
            RoleSessionName: 'gha',
            WebIdentityToken: stranger
          })
        )
      )
    ).toMatchObject({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity'
    })
    expect(
      await failure(
        sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: oidcRole,
            RoleSessionName: 'gha',
            WebIdentityToken: 'not-a-jwt'
          })
        )
      )
    ).toMatchObject({ name: 'InvalidIdentityTokenException' }) // the SDK's class for the wire code InvalidIdentityToken
    sts.destroy()
  })
})
