import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { CredentialsError, resolveCredentials, whoAmI } from '../../src/aws/credentials.js'
import { parseAccessDenied } from '../../src/aws/errors.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const sts = mockClient(STSClient)
const roleArn = 'arn:aws:iam::123456789012:role/deploy-web'
const temporary = {
  Credentials: {
    AccessKeyId: 'ASIATEMP',
    SecretAccessKey: 'temp-secret',
    SessionToken: 'temp-token',
    Expiration: new Date('2026-11-23T13:00:00Z')
  }
}

function deps(token?: string) {
  const masked: string[] = []
  return {
    masked,
    logger: new RecordingLogger(),
    mask: (v: string) => masked.push(v),
    idToken: async () => token
  }
}

describe('resolveCredentials', () => {
  beforeEach(() => {
    sts.reset()
  })

  it('uses the given keys as they are, masked', async () => {
    const d = deps()
    const creds = await resolveCredentials(
      {
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAKEY', secretAccessKey: 'secret', sessionToken: 'tok' },
        roleSessionName: 's'
      },
      d
    )
    expect(creds).toEqual({ accessKeyId: 'AKIAKEY', secretAccessKey: 'secret', sessionToken: 'tok' })
    expect(d.masked).toEqual(['AKIAKEY', 'secret', 'tok'])
    expect(sts.calls()).toHaveLength(0)
  })

  it('leaves the default chain alone without keys or role', async () => {
    expect(await resolveCredentials({ region: 'eu-west-1', roleSessionName: 's' }, deps())).toBeUndefined()
  })

  it("assumes the role with the job's OIDC token when there is one", async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves(temporary)
    const d = deps('oidc.jwt.token')
    const creds = await resolveCredentials(
      { region: 'eu-west-1', roleToAssume: roleArn, roleSessionName: 'release-to-ecs' },
      d
    )
    expect(creds).toMatchObject({
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'temp-secret',
      sessionToken: 'temp-token'
    })
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: roleArn,
      RoleSessionName: 'release-to-ecs',
      WebIdentityToken: 'oidc.jwt.token'
    })
    expect(d.masked).toEqual(
      expect.arrayContaining(['oidc.jwt.token', 'ASIATEMP', 'temp-secret', 'temp-token'])
    )
    expect(d.logger.text()).toContain(
      "Assuming arn:aws:iam::123456789012:role/deploy-web with the job's OIDC token"
    )
  })

  it('assumes the role with the keys when keys are given', async () => {
    sts.on(AssumeRoleCommand).resolves(temporary)
    const creds = await resolveCredentials(
      {
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAKEY', secretAccessKey: 'secret' },
        roleToAssume: roleArn,
        roleSessionName: 's'
      },
      deps('ignored-token')
    )
    expect(creds?.accessKeyId).toBe('ASIATEMP')
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(0)
  })

  it('explains a refused role', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(
      Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), {
        name: 'AccessDenied'
      })
    )
    await expect(
      resolveCredentials({ region: 'eu-west-1', roleToAssume: roleArn, roleSessionName: 's' }, deps('t'))
    ).rejects.toThrow(
      /Could not assume role-to-assume arn:aws:iam::123456789012:role\/deploy-web: AccessDenied: Not authorized.*trust policy.*id-token: write/
    )
  })
})

describe('whoAmI', () => {
  beforeEach(() => {
    sts.reset()
  })

  it('returns the caller', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/deployer', UserId: 'AIDA' })
    expect(await whoAmI(new STSClient({ region: 'eu-west-1' }))).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/deployer',
      userId: 'AIDA'
    })
  })

  it('says a bad key is a bad key', async () => {
    sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('The security token included in the request is invalid.'), {
        name: 'InvalidClientTokenId'
      })
    )
    const attempt = whoAmI(new STSClient({ region: 'eu-west-1' }))
    await expect(attempt).rejects.toThrow(CredentialsError)
    await expect(attempt).rejects.toThrow(
      'AWS did not accept the credentials: InvalidClientTokenId: The security token included in the request is invalid. Check the aws-access-key-id'
    )
  })
})

describe('parseAccessDenied', () => {
  it("reads AWS's wording", () => {
    expect(
      parseAccessDenied(
        'User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/web-task because no identity-based policy allows the iam:PassRole action'
      )
    ).toEqual({
      principal: 'arn:aws:iam::123456789012:user/deployer',
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::123456789012:role/web-task'
    })
    expect(parseAccessDenied('Something else')).toBeUndefined()
  })
})
