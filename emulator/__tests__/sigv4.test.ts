import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { ListClustersCommand } from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { Sha256 } from '@smithy/core/checksum'
import { SignatureV4 } from '@smithy/signature-v4'
import { startEmulator, type Emulator } from '../index.js'
import { parseAuthorization, verifySignature, type SignedRequest } from '../sigv4.js'
import { clients, failure } from './support.js'

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
}
const signedAt = new Date(Date.UTC(2026, 0, 15, 10, 30, 0))

async function referenceSigned(
  request: {
    method: string
    path: string
    query?: Record<string, string>
    headers: Record<string, string>
    body: string
  },
  service = 'ecs'
) {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256 })
  const signed = await signer.sign(
    { protocol: 'http:', hostname: '127.0.0.1', port: 8080, ...request, query: request.query ?? {} },
    { signingDate: signedAt }
  )
  const query = new URLSearchParams(request.query ?? {}).toString()
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v
  const wire: SignedRequest = {
    method: request.method,
    url: request.path + (query ? `?${query}` : ''),
    headers,
    body: Buffer.from(request.body)
  }
  return wire
}

const expected = { region: 'us-east-1', service: 'ecs', now: signedAt.getTime() }

describe('SigV4 verification against the reference signer', () => {
  const base = {
    method: 'POST',
    path: '/',
    headers: {
      host: '127.0.0.1:8080',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters'
    },
    body: '{"maxResults":10}'
  }

  it('accepts a request signed with the right secret', async () => {
    const wire = await referenceSigned(base)
    const auth = parseAuthorization(wire.headers['authorization'] as string)
    expect(auth).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      region: 'us-east-1',
      service: 'ecs',
      date: '20260115'
    })
    expect(verifySignature(wire, auth!, credentials.secretAccessKey, expected)).toEqual({ kind: 'ok' })
  })

  it('accepts paths and query strings that need encoding', async () => {
    const wire = await referenceSigned({
      ...base,
      method: 'GET',
      path: '/v2/a%20b/tags',
      query: { b: 'x y', a: '1*', 'c~': "it's" },
      body: ''
    })
    const auth = parseAuthorization(wire.headers['authorization'] as string)!
    expect(verifySignature(wire, auth, credentials.secretAccessKey, expected)).toEqual({ kind: 'ok' })
  })

  it('refuses a wrong secret, a changed body and a changed signed header', async () => {
    const wire = await referenceSigned(base)
    const auth = parseAuthorization(wire.headers['authorization'] as string)!
    expect(verifySignature(wire, auth, 'another-secret', expected).kind).toBe('invalid')
    expect(
      verifySignature(
        { ...wire, body: Buffer.from('{"maxResults":11}') },
        auth,
        credentials.secretAccessKey,
        expected
      ).kind
    ).toBe('invalid')
    const headers = { ...wire.headers, 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteCluster' }
    expect(verifySignature({ ...wire, headers }, auth, credentials.secretAccessKey, expected).kind).toBe(
      'invalid'
    )
  })

  it('ignores headers that were not signed', async () => {
    const wire = await referenceSigned(base)
    const auth = parseAuthorization(wire.headers['authorization'] as string)!
    const headers = { ...wire.headers, 'user-agent': 'something else' }
    expect(verifySignature({ ...wire, headers }, auth, credentials.secretAccessKey, expected)).toEqual({
      kind: 'ok'
    })
  })

  it('refuses a signature scoped to another region or service, or too old', async () => {
    const wire = await referenceSigned(base)
    const auth = parseAuthorization(wire.headers['authorization'] as string)!
    const key = credentials.secretAccessKey
    expect(verifySignature(wire, auth, key, { ...expected, region: 'eu-west-1' })).toEqual({
      kind: 'invalid',
      message: "Credential should be scoped to a valid region, not 'us-east-1'. "
    })
    expect(verifySignature(wire, auth, key, { ...expected, service: 'ecr' }).kind).toBe('invalid')
    const late = verifySignature(wire, auth, key, { ...expected, now: expected.now + 16 * 60 * 1000 })
    expect(late.kind === 'invalid' && late.message.startsWith('Signature expired')).toBe(true)
  })

  it('does not parse headers that are not SigV4', () => {
    expect(parseAuthorization('Basic dXNlcjpwYXNz')).toBeUndefined()
    expect(
      parseAuthorization(
        'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/ecs, SignedHeaders=host, Signature=00'
      )
    ).toBeUndefined()
  })
})

describe('SigV4 on the wire with the real SDK', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('serves the admin key', async () => {
    const { sts } = clients(emulator.url)
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe('arn:aws:iam::123456789012:user/deployer')
    expect(identity.Account).toBe('123456789012')
    sts.destroy()
  })

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const { ecs } = clients(emulator.url, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' })
    const error = await failure(ecs.send(new ListClustersCommand({})))
    expect(error).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.'
    })
    ecs.destroy()
    const last = emulator.requests.at(-1)
    expect(last).toMatchObject({
      service: 'ecs',
      operation: 'ListClusters',
      status: 400,
      errorType: 'UnrecognizedClientException'
    })
  })

  it('refuses a wrong secret with InvalidSignatureException (and SignatureDoesNotMatch on STS)', async () => {
    const { ecs, sts } = clients(emulator.url, {
      accessKeyId: 'AKIAEMULATORADMIN00',
      secretAccessKey: 'not-the-secret'
    })
    const error = await failure(ecs.send(new ListClustersCommand({})))
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toMatch(/signature we calculated does not match/)
    const stsError = await failure(sts.send(new GetCallerIdentityCommand({})))
    expect(stsError).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 })
    ecs.destroy()
    sts.destroy()
  })

  it('refuses a request without an Authorization header', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters'
      },
      body: '{}'
    })
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token'
    })
  })
})
