import { describe, expect, it } from '@jest/globals'
import type { EcrApi, ImagePlatforms } from '../../src/aws/ecr-uri.js'
import type { ResourceLookups } from '../../src/aws/lookups.js'
import type { ImageSource } from '../../src/image/source.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'
import { preflight, verifyPushedImage, VerifyError } from '../../src/verify/index.js'

const REPO = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web'
const DIGEST = `sha256:${'d'.repeat(64)}`
const existing: ImageSource = {
  kind: 'existing',
  input: 'image',
  repository: 'web',
  repositoryUri: REPO,
  tag: '1.0.0'
}
const building: ImageSource = {
  kind: 'build',
  input: 'ecr-repository',
  repository: 'web',
  registryFromLogin: true,
  repositoryUri: REPO,
  region: 'eu-west-1',
  tag: '1.0.0',
  additionalTags: []
}
const rendered = {
  family: 'web',
  runtimePlatform: { cpuArchitecture: 'ARM64' as const, operatingSystemFamily: 'LINUX' as const },
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: `${REPO}:1.0.0`,
      portMappings: [{ containerPort: 8080 }],
      logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/web' } },
      secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' }]
    }
  ]
}

function fakes(platforms: ImagePlatforms, exists = true) {
  const reads: string[] = []
  const ecr: EcrApi = {
    login: async () => ({ username: 'AWS', password: 'p', host: 'h' }),
    findImage: async () => undefined,
    imagePlatforms: async (repository, _registry, digest) => {
      reads.push(`${repository}@${digest}`)
      return platforms
    }
  }
  const lookups: ResourceLookups = {
    logGroupExists: async name => (reads.push(`log group ${name}`), exists),
    secretExists: async id => (reads.push(`secret ${id}`), exists),
    parameterExists: async name => (reads.push(`parameter ${name}`), exists),
    roleTrust: async arn => (reads.push(`role ${arn}`), exists ? { trustsEcsTasks: true } : undefined)
  }
  return { ecr, lookups, logger: new RecordingLogger(), reads }
}

const base = { rendered, imageUri: `${REPO}:1.0.0`, account: '123456789012', machineArch: 'x64' }
const amd64 = { platforms: [{ os: 'linux', architecture: 'amd64' }] }

async function refusal(promise: Promise<unknown>): Promise<VerifyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(VerifyError)
  return error as VerifyError
}

describe('preflight', () => {
  it('refuses an amd64-only image in ECR for an ARM64 task definition, from its manifest', async () => {
    const io = fakes(amd64)
    const input = {
      ...base,
      level: 'basic' as const,
      source: existing,
      existing: { digest: DIGEST, tags: [] }
    }
    const error = await refusal(preflight(input, io))
    expect(io.reads).toEqual([`web@${DIGEST}`])
    expect(error.findings).toHaveLength(1)
    expect(error.message).toContain('runtimePlatform: The image')
    expect(error.message).toContain('linux/amd64 only')
    expect(error.message).toContain('build with platform: linux/arm64')
  })

  it('passes an image index that has the platform the task definition asks for', async () => {
    const io = fakes({ platforms: [...amd64.platforms, { os: 'linux', architecture: 'arm64' }] })
    const input = {
      ...base,
      level: 'basic' as const,
      source: existing,
      existing: { digest: DIGEST, tags: [] }
    }
    await expect(preflight(input, io)).resolves.toBe(2)
    expect(io.logger.lines).toContain(`${REPO}:1.0.0 runs on linux/amd64, linux/arm64`)
    expect(io.logger.lines).toContain('Pre-flight check (verify: basic) passed.')
  })

  it('warns, not fails, when the platform cannot be read', async () => {
    const io = fakes({ unknown: 'the manifest is not JSON' })
    const input = {
      ...base,
      level: 'basic' as const,
      source: existing,
      existing: { digest: DIGEST, tags: [] }
    }
    await preflight(input, io)
    expect(io.logger.warnings.map(w => w.annotation?.title)).toEqual(['Image platform not verified'])
  })

  it('checks the build platform before building, without asking ECR', async () => {
    const io = fakes(amd64)
    const input = { ...base, level: 'basic' as const, source: building, platformInput: 'linux/amd64' }
    const error = await refusal(preflight(input, io))
    expect(io.reads).toEqual([])
    expect(error.findings.map(f => f.field)).toEqual(['platform'])
  })

  it('says an image outside ECR is not verified', async () => {
    const io = fakes(amd64)
    const outside: ImageSource = {
      kind: 'existing',
      input: 'image',
      repositoryUri: 'ghcr.io/o/web',
      outsideEcr: true
    }
    await preflight({ ...base, level: 'basic', source: outside, imageUri: 'ghcr.io/o/web:1' }, io)
    expect(io.logger.lines).toContain(
      'The image ghcr.io/o/web:1 is not in ECR: its platform is not verified.'
    )
  })

  it('reports the load balancer, the platform and, with full, every missing resource together', async () => {
    const io = fakes(amd64, false)
    const input = {
      ...base,
      level: 'full' as const,
      source: building,
      platformInput: 'linux/amd64',
      service: { loadBalancers: [{ containerName: 'app', containerPort: 80 }] }
    }
    const error = await refusal(preflight(input, io))
    expect(error.findings.map(f => f.field)).toEqual([
      'platform',
      'service loadBalancers[0].containerPort',
      'containerDefinitions[0].logConfiguration.options.awslogs-group',
      'containerDefinitions[0].secrets[0].valueFrom',
      'executionRoleArn'
    ])
  })

  it('reads nothing for full with basic, and nothing at all with off', async () => {
    const io = fakes({ platforms: [{ os: 'linux', architecture: 'arm64' }] }, false)
    const input = { ...base, source: existing, existing: { digest: DIGEST, tags: [] } }
    await preflight({ ...input, level: 'basic' }, io)
    expect(io.reads).toEqual([`web@${DIGEST}`])
    await expect(preflight({ ...input, level: 'off' }, io)).resolves.toBe(0)
    expect(io.reads).toHaveLength(1)
  })
})

describe('verifyPushedImage', () => {
  it('refuses a pushed manifest of the wrong platform before registering', async () => {
    const io = fakes(amd64)
    const error = await refusal(verifyPushedImage('basic', `${REPO}:1.0.0`, building, DIGEST, rendered, io))
    expect(error.findings.map(f => f.field)).toEqual(['runtimePlatform'])
  })
  it('passes the right one, and reads nothing with verify: off', async () => {
    const io = fakes({ platforms: [{ os: 'linux', architecture: 'arm64' }] })
    await verifyPushedImage('basic', `${REPO}:1.0.0`, building, DIGEST, rendered, io)
    await verifyPushedImage('off', `${REPO}:1.0.0`, building, DIGEST, rendered, io)
    expect(io.reads).toEqual([`web@${DIGEST}`])
  })
})
