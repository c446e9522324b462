import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  buildArgs,
  buildImage,
  createEngineSession,
  imageRefs,
  loginArgs,
  loginToRegistry,
  ociLabels,
  pushImage,
  type ImageBuildRequest
} from '../../src/image/engine.js'
import type { CommandOptions, Runner } from '../../src/exec.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const request: ImageBuildRequest = {
  engine: 'docker',
  repositoryUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web',
  tag: '1.4.0-0123456',
  additionalTags: ['latest', '1.4.0-0123456'],
  context: '/src',
  buildArgs: [{ name: 'JAR', value: 'target/app $(x).jar' }],
  labels: { 'org.opencontainers.image.version': '1.4.0' }
}

describe('engine arguments', () => {
  it('builds with every tag, label and build argument as separate words', () => {
    expect(buildArgs(request)).toEqual([
      'build',
      '--file',
      '/src/Dockerfile',
      '--tag',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.0-0123456',
      '--tag',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest',
      '--label',
      'org.opencontainers.image.version=1.4.0',
      '--build-arg',
      'JAR=target/app $(x).jar',
      '/src'
    ])
  })

  it('adds the Dockerfile, target and platform when given', () => {
    const args = buildArgs({
      ...request,
      additionalTags: [],
      dockerfile: '/src/docker/Dockerfile.prod',
      target: 'runtime',
      platform: 'linux/arm64'
    })
    expect(args.slice(0, 3)).toEqual(['build', '--file', '/src/docker/Dockerfile.prod'])
    expect(args.slice(-5)).toEqual(['--target', 'runtime', '--platform', 'linux/arm64', '/src'])
  })

  it('lists the unique tag first and each tag once', () => {
    expect(imageRefs(request)).toEqual([
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.0-0123456',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest'
    ])
  })

  it('logs in with the password on stdin only', () => {
    expect(loginArgs('127.0.0.1:5000', 'AWS')).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '127.0.0.1:5000'
    ])
  })

  it('labels the image with source, revision, version and creation time', () => {
    expect(
      ociLabels({
        sourceUrl: 'https://github.com/acme/web',
        sha: 'abc',
        version: '1.4.0',
        created: new Date(Date.UTC(2026, 0, 2))
      })
    ).toEqual({
      'org.opencontainers.image.source': 'https://github.com/acme/web',
      'org.opencontainers.image.revision': 'abc',
      'org.opencontainers.image.version': '1.4.0',
      'org.opencontainers.image.created': '2026-01-02T00:00:00.000Z'
    })
  })
})

describe('running the engine', () => {
  function recorder(exitCode = 0, stderr = '') {
    const calls: { command: string; args: readonly string[]; options?: CommandOptions }[] = []
    const runner: Runner = {
      run: async (command, args, options) => {
        calls.push({ command, args, options })
        return { exitCode, stdout: '', stderr }
      }
    }
    return { calls, runner }
  }

  it('keeps the login in a private directory that dispose removes', async () => {
    const session = createEngineSession(os.tmpdir())
    const dir = session.env.DOCKER_CONFIG!
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    expect(session.env.REGISTRY_AUTH_FILE).toBe(path.join(dir, 'auth.json'))
    const { calls, runner } = recorder()
    const logger = new RecordingLogger()
    await loginToRegistry(
      'podman',
      '127.0.0.1:5000',
      { username: 'AWS', password: 's3cr3t-token' },
      { runner, logger, session }
    )
    expect(calls[0]).toMatchObject({
      command: 'podman',
      args: ['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5000']
    })
    expect(calls[0]?.options).toMatchObject({ input: 's3cr3t-token', silent: true, env: session.env })
    expect(JSON.stringify(calls[0]?.args)).not.toContain('s3cr3t-token')
    expect(logger.text()).not.toContain('s3cr3t-token')
    session.dispose()
    expect(fs.existsSync(dir)).toBe(false)
  })

  it('fails a build with the exit code and says nothing was pushed', async () => {
    const context = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-'))
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\n')
    const session = createEngineSession()
    const { runner } = recorder(125, 'Error: COPY failed: no such file target/app.jar')
    await expect(
      buildImage({ ...request, context }, { runner, logger: new RecordingLogger(), session })
    ).rejects.toThrow(
      /The image build failed: docker build exited with code 125\. Nothing was pushed\.\nError: COPY failed/
    )
    session.dispose()
  })

  it('names a missing Dockerfile before running anything', async () => {
    const context = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-'))
    const { calls, runner } = recorder()
    await expect(
      buildImage(
        { ...request, context },
        { runner, logger: new RecordingLogger(), session: createEngineSession() }
      )
    ).rejects.toThrow(`No Dockerfile at ${context}/Dockerfile`)
    expect(calls).toHaveLength(0)
  })

  it('pushes every tag', async () => {
    const { calls, runner } = recorder()
    await pushImage('docker', imageRefs(request), {
      runner,
      logger: new RecordingLogger(),
      session: createEngineSession()
    })
    expect(calls.map(c => c.args.join(' '))).toEqual([
      'push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.0-0123456',
      'push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest'
    ])
  })

  it('says which ECR permissions a push needs when the registry refuses it with a bare 403', async () => {
    const refused = recorder(
      125,
      'Error: trying to reuse blob sha256:e9a8 at destination: failed to read from destination repository web: 403 (Forbidden)'
    )
    const deps = { runner: refused.runner, logger: new RecordingLogger(), session: createEngineSession() }
    const error = await pushImage('podman', imageRefs(request), deps, 'web').catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('403 (Forbidden)')
    expect((error as Error).message).toContain(
      'needs ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ' +
        'ecr:PutImage, ecr:BatchGetImage on the ECR repository web'
    )
    expect(refused.calls).toHaveLength(1)

    // A refusal that names the permission already, or any other failure, is left as the engine said it.
    const named = recorder(
      125,
      'Error: denied: User: arn:aws:iam::1:user/ci is not authorized to perform: ecr:PutImage on resource: x'
    )
    const namedError = await pushImage(
      'podman',
      imageRefs(request),
      { ...deps, runner: named.runner },
      'web'
    ).catch((e: Error) => e)
    expect((namedError as Error).message).not.toContain('without naming the permission')
    const down = recorder(125, 'Error: connection refused')
    const downError = await pushImage(
      'podman',
      imageRefs(request),
      { ...deps, runner: down.runner },
      'web'
    ).catch((e: Error) => e)
    expect((downError as Error).message).not.toContain('ecr:PutImage')
  })
})
