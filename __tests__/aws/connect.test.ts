import { describe, expect, it } from '@jest/globals'
import type { AwsClients } from '../../src/aws/clients.js'
import { connect } from '../../src/aws/connect.js'
import { RecordingLogger } from '../../src/log.js'
import type { ActionDeps } from '../../src/main.js'
import { SettingsError, type Settings } from '../../src/settings.js'

function refusingDeps(): ActionDeps {
  const client = { destroy: () => undefined }
  const sts = {
    ...client,
    send: async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-west-9.amazonaws.com'), { name: 'Error' })
    }
  }
  const clients = { ecs: client, ecr: client, logs: client, elb: client, sts } as unknown as AwsClients
  return {
    logger: new RecordingLogger(),
    mask: () => undefined,
    idToken: async () => undefined,
    createClients: () => clients
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
