// Secrets hygiene and shell metacharacters, end to end. Every run here (a release, a refused push, a failing
// rollout, a dry run) uses session credentials; everything the run leaves behind is searched for the secret key,
// the session token and the registry passwords the stand-in issued. podman is wrapped by a shim that records
// each call's argv, so a password in argv, or a shell that interprets an input, would show.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { deployer } from '../../scripts/lib/stack.js'
import {
  checkoutExample,
  checkoutPrebuilt,
  deployInputs,
  distEntry,
  errorAnnotations,
  mutatingRequests,
  outcome,
  releaseEvent,
  runAction,
  startTestStack,
  type ActionRun,
  type Stack
} from './harness.js'

const roleArn = 'arn:aws:iam::123456789012:role/release-deployer'
const crashLine = 'Exception in thread "main" java.lang.IllegalStateException: DATABASE_PASSWORD is not set'

interface Session {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
}

/** One engine call as the shim recorded it. */
interface EngineCall {
  argv: string[]
  env: Record<string, string>
  /** Length of what the call read on stdin (only recorded for --password-stdin). */
  stdinLength?: number
}

interface SecretsRun extends ActionRun {
  runnerDir: string
  runnerTemp: string
  home: string
  xdgRuntimeDir: string
  calls: EngineCall[]
  mark: number
  tag: string
}

/** Every file under a directory, as path → content. */
function filesUnder(dir: string): Map<string, string> {
  const found = new Map<string, string>()
  if (!fs.existsSync(dir)) return found
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    found.set(file, fs.readFileSync(file, 'utf8'))
  }
  return found
}

/** Lines of a raw log that contain the secret, other than the runner's `::add-mask::<secret>` command itself. */
function leakedLines(log: string, secret: string): string[] {
  return log.split('\n').filter(line => line.includes(secret) && line !== `::add-mask::${secret}`)
}

describe('secrets hygiene', () => {
  let stack: Stack
  let session: Session
  let shimLog: string
  let shimDir: string
  let workspace: string
  const pwnedPrefix = `pwned-${process.pid}-`

  /** Everything the run may have written where a person or a later step could read it. */
  const artifacts = (run: SecretsRun): Map<string, string> => {
    const files = filesUnder(run.runnerDir)
    const rendered = run.outputs['task-definition']
    if (rendered && fs.existsSync(rendered)) files.set(rendered, fs.readFileSync(rendered, 'utf8'))
    return files
  }

  /** The secrets of this stack's session and the registry passwords issued to it so far. */
  const secrets = () => [
    { name: 'aws-secret-access-key', value: session.secretAccessKey },
    { name: 'aws-session-token', value: session.sessionToken },
    ...stack.emulator
      .registryPasswords(session.accessKeyId)
      .map(value => ({ name: 'registry password', value }))
  ]

  const expectNoSecretIn = (run: SecretsRun) => {
    const list = secrets()
    expect(list.length).toBeGreaterThanOrEqual(2)
    const found: string[] = []
    for (const { name, value } of list) {
      for (const line of leakedLines(`${run.stdout}\n${run.stderr}`, value))
        found.push(`${name} in the log: ${line}`)
      for (const [file, content] of artifacts(run))
        if (content.includes(value)) found.push(`${name} in ${file}`)
      for (const call of run.calls)
        if (call.argv.some(arg => arg.includes(value)))
          found.push(`${name} in argv: podman ${call.argv.join(' ')}`)
    }
    expect(found).toEqual([])
    // The runner is told to mask the secrets it could otherwise print.
    const masks = run.stdout.split('\n').filter(line => line.startsWith('::add-mask::'))
    expect(masks).toEqual(
      expect.arrayContaining([
        `::add-mask::${session.secretAccessKey}`,
        `::add-mask::${session.sessionToken}`
      ])
    )
  }

  /** No engine login outlived the run: not in RUNNER_TEMP, not in HOME's ~/.docker, not in the user's auth.json. */
  const expectNoCredentialFileLeft = (run: SecretsRun) => {
    const logins = run.calls.filter(c => c.argv[0] === 'login')
    for (const login of logins) {
      // The login went to the action's own directory under RUNNER_TEMP, which is gone now.
      expect(
        login.env.REGISTRY_AUTH_FILE?.startsWith(path.join(run.runnerTemp, 'release-to-ecs-auth-'))
      ).toBe(true)
      expect(fs.existsSync(path.dirname(login.env.REGISTRY_AUTH_FILE!))).toBe(false)
    }
    expect(fs.readdirSync(run.runnerTemp).filter(name => name.startsWith('release-to-ecs-auth-'))).toEqual([])
    expect(fs.existsSync(path.join(run.home, '.docker'))).toBe(false)
    expect(fs.existsSync(path.join(run.home, '.config', 'containers', 'auth.json'))).toBe(false)
    expect(fs.existsSync(path.join(run.xdgRuntimeDir, 'containers', 'auth.json'))).toBe(false)
    expect(fs.existsSync('/run/containers/0/auth.json')).toBe(false)
  }

  const readCalls = (since: Set<string>): EngineCall[] => {
    const ids = fs
      .readdirSync(shimLog)
      .filter(f => f.endsWith('.argv'))
      .map(f => f.slice(0, -'.argv'.length))
      .filter(id => !since.has(id))
      .sort()
    return ids.map(id => {
      const base = path.join(shimLog, id)
      const argv = fs.readFileSync(`${base}.argv`, 'utf8').split('\0')
      argv.pop() // the record ends with a NUL
      const env = Object.fromEntries(
        fs
          .readFileSync(`${base}.env`, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
      )
      const stdin = `${base}.stdin`
      return {
        argv,
        env,
        ...(fs.existsSync(stdin) ? { stdinLength: Number(fs.readFileSync(stdin, 'utf8')) } : {})
      }
    })
  }

  /** Runs the bundled action with the session's keys as inputs, podman behind the shim, a fresh HOME. */
  const run = async (
    version: string,
    options: { inputs?: Record<string, string>; workspace?: string } = {}
  ): Promise<SecretsRun> => {
    const event = releaseEvent({ tag: `v${version}` })
    const runnerDir = fs.mkdtempSync(path.join(stack.dir, 'runner-'))
    const home = fs.mkdtempSync(path.join(stack.dir, 'home-'))
    const xdgRuntimeDir = fs.mkdtempSync(path.join(stack.dir, 'xdg-'))
    fs.chmodSync(xdgRuntimeDir, 0o700)
    const before = new Set(fs.readdirSync(shimLog).map(f => f.replace(/\.[a-z]+$/, '')))
    const mark = stack.requestMark()
    const result = await runAction({
      inputs: deployInputs(stack, {
        'java-build': 'none',
        'aws-access-key-id': session.accessKeyId,
        'aws-secret-access-key': session.secretAccessKey,
        'aws-session-token': session.sessionToken,
        ...options.inputs
      }),
      event,
      workspace: options.workspace ?? workspace,
      runnerDir,
      env: {
        ...stack.toolEnv,
        ...stack.awsEnv,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        HOME: home,
        XDG_RUNTIME_DIR: xdgRuntimeDir,
        PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`
      },
      timeoutMs: 240_000,
      entry: process.env.RELEASE_TO_ECS_ENTRY || distEntry
    })
    if (process.env.E2E_SHOW_LOG)
      process.stdout.write(
        `\n--- action log (exit ${result.exitCode}) ---\n${result.stdout}${result.stderr}\n`
      )
    return {
      ...result,
      runnerDir,
      runnerTemp: path.join(runnerDir, 'temp'),
      home,
      xdgRuntimeDir,
      calls: readCalls(before),
      mark,
      tag: `${version}-${event.sha.slice(0, 7)}`
    }
  }

  const registryFetch = async (pathname: string, accept?: string): Promise<Response> => {
    const auth = Buffer.from(`${stack.registry.username}:${stack.registry.password}`).toString('base64')
    return fetch(`${stack.registry.url.replace(/\/+$/, '')}${pathname}`, {
      headers: { Authorization: `Basic ${auth}`, ...(accept ? { Accept: accept } : {}) }
    })
  }

  /** The labels of an image as the registry holds it (manifest → config blob). */
  const imageLabels = async (tag: string): Promise<Record<string, string>> => {
    const manifest = (await (
      await registryFetch(
        `/v2/${stack.repository}/manifests/${tag}`,
        'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
      )
    ).json()) as { config: { digest: string } }
    const config = (await (
      await registryFetch(`/v2/${stack.repository}/blobs/${manifest.config.digest}`)
    ).json()) as {
      config?: { Labels?: Record<string, string> }
    }
    return config.config?.Labels ?? {}
  }

  beforeAll(async () => {
    stack = await startTestStack({ speed: 60 })
    workspace = checkoutPrebuilt(stack)

    // podman behind a shim that records argv, where the login goes, and how much it read on stdin.
    shimDir = path.join(stack.dir, 'shim')
    shimLog = path.join(stack.dir, 'shim-log')
    fs.mkdirSync(shimDir)
    fs.mkdirSync(shimLog)
    fs.writeFileSync(
      path.join(shimDir, 'podman'),
      [
        '#!/bin/bash',
        `log=${JSON.stringify(shimLog)}/$(date +%s%N)-$$`,
        'printf "%s\\0" "$@" > "$log.argv"',
        'printf "DOCKER_CONFIG=%s\\nREGISTRY_AUTH_FILE=%s\\n" "${DOCKER_CONFIG-}" "${REGISTRY_AUTH_FILE-}" > "$log.env"',
        'for arg in "$@"; do',
        '  if [ "$arg" = --password-stdin ]; then',
        '    input=$(cat)',
        '    printf "%s" "${#input}" > "$log.stdin"',
        '    exec /usr/bin/podman "$@" <<< "$input"',
        '  fi',
        'done',
        'exec /usr/bin/podman "$@"',
        ''
      ].join('\n'),
      { mode: 0o755 }
    )

    // Session credentials, as configure-aws-credentials would hand them over: key, secret and token.
    stack.emulator.setIdentities([deployer], [{ arn: roleArn }])
    const sts = new STSClient({
      region: stack.region,
      endpoint: stack.emulator.url,
      credentials: { accessKeyId: deployer.accessKeyId, secretAccessKey: deployer.secretAccessKey }
    })
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'secrets-e2e', DurationSeconds: 3600 })
    )
    sts.destroy()
    session = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!
    }
  }, 120_000)
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)

  it('a release: no secret in any output, the login took the password on stdin, no credential file is left', async () => {
    const result = await run('1.0.0')

    expect(outcome(result)).toMatchObject({ exitCode: 0, errors: [] })
    const logins = result.calls.filter(c => c.argv[0] === 'login')
    expect(logins).toHaveLength(1)
    expect(logins[0]!.argv).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      stack.emulator.registryHost
    ])
    // What it read on stdin is a password the stand-in issued to this session, and the runner was told to mask it.
    const passwords = stack.emulator.registryPasswords(session.accessKeyId)
    expect(passwords.map(p => p.length)).toContain(logins[0]!.stdinLength)
    expect(passwords.some(p => result.stdout.includes(`::add-mask::${p}\n`))).toBe(true)
    expect(result.calls.map(c => c.argv[0])).toEqual(['build', 'login', 'push'])
    expectNoSecretIn(result)
    expectNoCredentialFileLeft(result)
  }, 120_000)

  it('a refused push: the same, and the login directory is gone although the step failed', async () => {
    stack.emulator.setIdentities(
      [deployer],
      [
        {
          arn: roleArn,
          policies: [
            {
              Statement: [
                { Effect: 'Allow', Action: '*', Resource: '*' },
                { Effect: 'Deny', Action: 'ecr:PutImage', Resource: '*' }
              ]
            }
          ]
        }
      ]
    )
    const result = await run('1.1.0').finally(() =>
      stack.emulator.setIdentities([deployer], [{ arn: roleArn }])
    )

    expect(result.exitCode).toBe(1)
    expect(errorAnnotations(result).join('\n')).toContain('not authorized to perform: ecr:PutImage')
    expect(result.calls.map(c => c.argv[0])).toEqual(['build', 'login', 'push'])
    expect(mutatingRequests(stack.requestsSince(result.mark)).filter(r => r.startsWith('ecs'))).toEqual([])
    expectNoSecretIn(result)
    expectNoCredentialFileLeft(result)
  }, 120_000)

  it('a failing rollout: the same, with the rendered task definition searched too', async () => {
    // The release's tag is 1.2.0-<short sha>: its tasks crash.
    stack.emulator.setScenario({
      failures: [{ image: ':1.2.0-', kind: 'exit', exitCode: 1, logLines: [crashLine] }]
    })
    const result = await run('1.2.0').finally(() => stack.emulator.setScenario({ failures: [] }))

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(crashLine)
    expect(fs.existsSync(result.outputs['task-definition']!)).toBe(true)
    expectNoSecretIn(result)
    expectNoCredentialFileLeft(result)
    await stack.waitForSteadyState(60_000)
  }, 120_000)

  it('a dry run: the same, and it never logs in', async () => {
    const result = await run('1.3.0', { inputs: { 'dry-run': 'true' } })

    expect(outcome(result)).toMatchObject({ exitCode: 0, errors: [] })
    expect(result.calls).toEqual([])
    expect(result.stdout).toContain('(password on stdin)')
    expectNoSecretIn(result)
    expectNoCredentialFileLeft(result)
  }, 60_000)

  describe('shell metacharacters are harmless', () => {
    const pwnedFiles = () => fs.readdirSync('/tmp').filter(f => f.startsWith(pwnedPrefix))

    it('build-args, an additional tag, and working-directory and task-definition paths with spaces and ; reach their place unchanged', async () => {
      // The project sits in a directory whose name a shell would split and run, and so does the task definition.
      const projectDir = `svc dir; touch ${pwnedPrefix}wd; $(touch ${pwnedPrefix}wd2) \`id\``
      const taskDefinitionDir = `deploy files; touch ${pwnedPrefix}td`
      const repo = fs.mkdtempSync(path.join(stack.dir, 'meta-'))
      fs.cpSync(
        checkoutExample('java-service', path.join(stack.dir, 'workspaces')),
        path.join(repo, projectDir),
        {
          recursive: true
        }
      )
      fs.mkdirSync(path.join(repo, taskDefinitionDir))
      fs.renameSync(
        path.join(repo, projectDir, 'task-definition.json'),
        path.join(repo, taskDefinitionDir, 'task definition; x.json')
      )
      fs.writeFileSync(
        path.join(repo, projectDir, 'Dockerfile'),
        [
          'ARG BASE_IMAGE=scratch',
          'FROM ${BASE_IMAGE}',
          'ARG A',
          'ARG B',
          'LABEL e2e.a="${A}" e2e.b="${B}"',
          'COPY target/app.jar /app/app.jar',
          ''
        ].join('\n')
      )
      const a = `$(touch /tmp/${pwnedPrefix}a); echo hi`
      const b = '`id`'

      const result = await run('2.0.0', {
        workspace: repo,
        inputs: {
          'java-build': 'maven',
          'working-directory': projectDir,
          'task-definition': `${taskDefinitionDir}/task definition; x.json`,
          'build-args': ['BASE_IMAGE=scratch', `A=${a}`, `B=${b}`].join('\n'),
          'additional-tags': `release-{version}; $(touch /tmp/${pwnedPrefix}tag)`
        }
      })

      expect(outcome(result)).toMatchObject({ exitCode: 0, errors: [] })
      // Each build argument reached podman as one argv word, exactly as written.
      const build = result.calls.find(c => c.argv[0] === 'build')!
      expect(build.argv).toEqual(expect.arrayContaining(['--build-arg', `A=${a}`, `B=${b}`]))
      expect(build.argv.at(-1)).toBe(path.join(repo, projectDir))
      // ...and into the image unchanged.
      const labels = await imageLabels(result.tag)
      expect(labels).toMatchObject({ 'e2e.a': a, 'e2e.b': b })
      // additional-tags is split on spaces and commas as well as lines; each word was made a Docker tag: the
      // metacharacters are gone, the image carries each.
      const extra = ['release-2.0.0-', 'touch', `tmp-${pwnedPrefix}tag-`]
      expect(result.calls.filter(c => c.argv[0] === 'push').map(c => c.argv[1])).toEqual([
        `${stack.repositoryUri}:${result.tag}`,
        ...extra.map(t => `${stack.repositoryUri}:${t}`)
      ])
      expect(await stack.registryTags()).toEqual(expect.arrayContaining([result.tag, ...extra]))
      // Maven built in the odd directory; nothing anywhere was run by a shell.
      expect(result.stdout).toContain('BUILD SUCCESS')
      expect(pwnedFiles()).toEqual([])
      expect([...filesUnder(repo).keys()].filter(f => path.basename(f).startsWith(pwnedPrefix))).toEqual([])
      expectNoSecretIn(result)
    }, 180_000)

    it('an additional-tags template that leaves no tag is refused with a clear error, before any AWS call', async () => {
      const result = await run('2.1.0', { inputs: { 'additional-tags': '$(;)' } })

      expect(result.exitCode).toBe(1)
      expect(errorAnnotations(result).join('\n')).toContain('additional-tags "$(;)"')
      expect(errorAnnotations(result).join('\n')).toContain('cannot be made a Docker tag')
      expect(stack.requestsSince(result.mark)).toEqual([])
      expect(result.calls).toEqual([])
      expect(pwnedFiles()).toEqual([])
    }, 60_000)
  })
})
