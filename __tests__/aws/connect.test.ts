import { describe, expect, it } from '@jest/globals'
import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsApis } from '../../src/aws/clients.js'
import { connect } from '../../src/aws/connect.js'
import { whoAmI } from '../../src/aws/credentials.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import type { ActionDeps } from '../../src/runtime.js'
import { SettingsError, type Settings } from '../../src/settings/index.js'

function refusingDeps(): ActionDeps {
  const sts = {
    send: async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-west-9.amazonaws.com'), { name: 'Error' })
    }
  } as unknown as STSClient
  const apis = {
    // The real whoAmI, on an STS client that cannot reach its endpoint.
    identity: { whoAmI: () => whoAmI(sts) },
    destroy: () => undefined
  } as unknown as AwsApis
  return {
    logger: new RecordingLogger(),
    mask: () => undefined,
    idToken: async () => undefined,
    createClients: () => apis
  } as unknown as ActionDeps
}

const settings = { roleSessionName: 'release-to-ecs', dryRun: false } as Settings

describe('connect', () => {
  it('blames aws-region, not the credentials, when AWS does not answer in a region the SDK does not know', async () => {
    const attempt = connect(settings, 'eu-west-9', refusingDeps())
    await expect(attempt).rejects.toBeInstanceOf(SettingsError)
    await expect(connect(settings, 'eu-west-9', refusingDeps())).rejects.toThrow(
      'aws-region is "eu-west-9", a region the AWS SDK in this action does not know, and AWS did not answer there (getaddrinfo ENOTFOUND sts.eu-west-9.amazonaws.com)'
    )
  })

  it('still blames the credentials in a known region', async () => {
    await expect(connect(settings, 'eu-west-1', refusingDeps())).rejects.toThrow(
      /^AWS did not accept the credentials/
    )
  })
})
