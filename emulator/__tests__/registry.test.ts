// The registry proxy in front of a real docker-registry, driven by a real `podman push`.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeImagesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { startEmulator, type Emulator } from '../index.js'
import { registryRoute } from '../registry-proxy.js'
import { startRegistry, type RunningRegistry } from '../registry.js'
import { clients } from './support.js'

const account = '123456789012'
const repoArn = (name: string) => `arn:aws:ecr:us-east-1:${account}:repository/${name}`
const layerActions = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload'
]

describe('registryRoute', () => {
  it('maps distribution API calls to the ECR actions IAM checks', () => {
    expect(registryRoute('HEAD', '/v2/team/web/blobs/sha256:ab')).toMatchObject({
      repository: 'team/web',
      action: 'ecr:BatchCheckLayerAvailability'
    })
    expect(registryRoute('POST', '/v2/web/blobs/uploads/')).toMatchObject({
      repository: 'web',
      action: 'ecr:InitiateLayerUpload'
    })
    expect(registryRoute('PATCH', '/v2/web/blobs/uploads/uuid-1')).toMatchObject({
      action: 'ecr:UploadLayerPart'
    })
    expect(registryRoute('PUT', '/v2/web/blobs/uploads/uuid-1')).toMatchObject({
      action: 'ecr:CompleteLayerUpload'
    })
    expect(registryRoute('PUT', '/v2/web/manifests/v1')).toMatchObject({
      kind: 'manifest',
      reference: 'v1',
      action: 'ecr:PutImage'
    })
    expect(registryRoute('GET', '/v2/web/manifests/v1')).toMatchObject({ action: 'ecr:BatchGetImage' })
    expect(registryRoute('GET', '/v2/web/blobs/sha256:ab')).toMatchObject({
      action: 'ecr:GetDownloadUrlForLayer'
    })
    expect(registryRoute('GET', '/v2/')).toEqual({ kind: 'base' })
    expect(registryRoute('GET', '/v3/web')).toBeUndefined()
  })
})

describe('registry proxy with docker-registry and podman', () => {
  let dir: string
  let registry: RunningRegistry
  let emulator: Emulator
  let host: string

  const podmanEnv = () => ({
    ...process.env,
    CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf')
  })
  // Asynchronous on purpose: podman talks to the proxy that runs in this very process.
  const podman = (args: string[], input?: string) =>
    new Promise<{ status: number | null; output: string }>((resolve, reject) => {
      const child = spawn('podman', args, { env: podmanEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.on('error', reject)
      child.on('close', status => resolve({ status, output }))
      child.stdin.end(input ?? '')
    })
  const build = async (tag: string, content: string) => {
    const context = join(dir, `ctx-${content}`)
    mkdirSync(context, { recursive: true })
    writeFileSync(join(context, 'hello.txt'), content)
    writeFileSync(join(context, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n')
    const result = await podman(['build', '-q', '-t', tag, context])
    if (result.status !== 0) throw new Error(`podman build failed: ${result.output}`)
  }
  const login = async (accessKeyId: string, secretAccessKey: string) => {
    const { ecr } = clients(emulator.url, { accessKeyId, secretAccessKey })
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}))
    ecr.destroy()
    const password = Buffer.from(authorizationData?.[0]?.authorizationToken ?? '', 'base64')
      .toString('utf8')
      .slice('AWS:'.length)
    const authfile = join(dir, `auth-${accessKeyId}.json`)
    const result = await podman(
      ['login', '--authfile', authfile, '--tls-verify=false', '--username', 'AWS', '--password-stdin', host],
      password
    )
    if (result.status !== 0) throw new Error(`podman login failed: ${result.output}`)
    return { authfile, proxyEndpoint: authorizationData?.[0]?.proxyEndpoint }
  }
  const push = async (authfile: string, image: string) => {
    const digestfile = join(dir, `digest-${Math.random().toString(36).slice(2)}`)
    const result = await podman([
      'push',
      '--authfile',
      authfile,
      '--tls-verify=false',
      '--digestfile',
      digestfile,
      image
    ])
    return { ...result, digest: result.status === 0 ? readFileSync(digestfile, 'utf8').trim() : undefined }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-registry-'))
    registry = await startRegistry({ dir: join(dir, 'registry') })
    emulator = await startEmulator({
      registry,
      identities: [
        { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin', arn: `arn:aws:iam::${account}:user/admin` },
        {
          accessKeyId: 'AKIANOPUT',
          secretAccessKey: 'noput',
          arn: `arn:aws:iam::${account}:user/noput`,
          policies: [
            {
              Statement: [
                { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
                { Effect: 'Allow', Action: layerActions, Resource: repoArn('web') }
              ]
            }
          ]
        },
        {
          accessKeyId: 'AKIAPUSHER',
          secretAccessKey: 'pusher',
          arn: `arn:aws:iam::${account}:user/pusher`,
          policies: [
            {
              Statement: [
                { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
                { Effect: 'Allow', Action: [...layerActions, 'ecr:PutImage'], Resource: repoArn('web') }
              ]
            }
          ]
        }
      ],
      repositories: [{ name: 'web' }, { name: 'locked', imageTagMutability: 'IMMUTABLE' }]
    })
    host = emulator.registryHost ?? ''
    writeFileSync(
      join(dir, 'storage.conf'),
      `[storage]\ndriver = "vfs"\nrunroot = "${dir}/run"\ngraphroot = "${dir}/graph"\n`
    )
    writeFileSync(join(dir, 'registries.conf'), `[[registry]]\nlocation = "${host}"\ninsecure = true\n`)
  }, 30_000)

  afterAll(async () => {
    await emulator?.stop()
    await registry?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('asks anonymous clients to log in with Basic auth, and accepts an ECR token', async () => {
    const anonymous = await fetch(`http://${host}/v2/`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
    expect(await anonymous.json()).toEqual({
      errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }]
    })
    const { proxyEndpoint } = await login('AKIAADMIN', 'admin')
    expect(proxyEndpoint).toBe(`http://${host}`)
  })

  it('refuses the manifest push of an identity without ecr:PutImage, after its layers went up', async () => {
    const { authfile } = await login('AKIANOPUT', 'noput')
    await build(`${host}/web:denied`, 'denied')
    const result = await push(authfile, `${host}/web:denied`)
    expect(result.status).not.toBe(0)
    expect(result.output).toContain(`not authorized to perform: ecr:PutImage on resource: ${repoArn('web')}`)
    const registryCalls = emulator.requests.filter(
      r => r.service === 'registry' && r.identityArn?.endsWith('user/noput')
    )
    expect(registryCalls.some(r => r.operation === 'CompleteLayerUpload' && r.status === 201)).toBe(true)
    expect(registryCalls.find(r => r.operation === 'PutImage')).toMatchObject({
      status: 403,
      errorType: 'DENIED'
    })
  }, 30_000)

  it('lets an identity with ecr:PutImage push, and DescribeImages shows the pushed digest', async () => {
    const { authfile } = await login('AKIAPUSHER', 'pusher')
    await build(`${host}/web:1.0.0-abc1234`, 'release-1')
    const result = await push(authfile, `${host}/web:1.0.0-abc1234`)
    expect(result.output).not.toMatch(/denied/i)
    expect(result.status).toBe(0)
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/)

    const { ecr } = clients(emulator.url, { accessKeyId: 'AKIAADMIN', secretAccessKey: 'admin' })
    const described = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: '1.0.0-abc1234' }] })
    )
    ecr.destroy()
    const detail = described.imageDetails?.[0]
    expect(detail?.imageDigest).toBe(result.digest)
    expect(detail?.imageTags).toEqual(['1.0.0-abc1234'])
    expect(detail?.imageSizeInBytes).toBeGreaterThan(0)
    expect(detail?.imagePushedAt).toBeInstanceOf(Date)
    expect(await emulator.ecr.imageLookup().exists(`${host}/web@${result.digest}`)).toBe(true)
    expect(await emulator.ecr.imageLookup().exists(`${host}/web:never-pushed`)).toBe(false)
  }, 30_000)

  it('refuses to overwrite a tag in an IMMUTABLE repository and to push to an unknown repository', async () => {
    const { authfile } = await login('AKIAADMIN', 'admin')
    await build(`${host}/locked:v1`, 'first')
    expect((await push(authfile, `${host}/locked:v1`)).status).toBe(0)
    await build(`${host}/locked:v1`, 'second')
    const again = await push(authfile, `${host}/locked:v1`)
    expect(again.status).not.toBe(0)
    expect(again.output).toContain(
      "The image tag 'v1' already exists in the 'locked' repository and cannot be overwritten because the repository is immutable."
    )

    await build(`${host}/ghost:v1`, 'ghost')
    const unknown = await push(authfile, `${host}/ghost:v1`)
    expect(unknown.status).not.toBe(0)
    expect(emulator.requests.filter(r => r.service === 'registry').at(-1)).toMatchObject({
      errorType: 'NAME_UNKNOWN',
      status: 404
    })
  }, 30_000)
})
