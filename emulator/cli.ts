// Runs the stand-in on its own: `npx tsx emulator/cli.ts --port 4566 --speed 30`, then source the printed lines.
import { parseArgs } from 'node:util'
import { DEFAULT_ADMIN, startEmulator } from './index.js'
import { startRegistry, type RunningRegistry } from './registry.js'

const usage = `usage: emulator/cli.ts [--port N] [--speed N] [--region R] [--account-id ID] [--seed N]
       [--registry-url URL --registry-user USER --registry-password PASS | --registry-dir DIR]`

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a number >= 0, got "${value}"\n${usage}`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      speed: { type: 'string' },
      region: { type: 'string' },
      'account-id': { type: 'string' },
      seed: { type: 'string' },
      'registry-url': { type: 'string' },
      'registry-user': { type: 'string' },
      'registry-password': { type: 'string' },
      'registry-dir': { type: 'string' },
      help: { type: 'boolean' }
    }
  })
  if (values.help) {
    console.log(usage)
    return
  }
  let registry: RunningRegistry | undefined
  let connection: { url: string; username: string; password: string } | undefined
  if (values['registry-url']) {
    if (!values['registry-user'] || !values['registry-password']) {
      throw new Error(`--registry-url needs --registry-user and --registry-password\n${usage}`)
    }
    connection = {
      url: values['registry-url'],
      username: values['registry-user'],
      password: values['registry-password']
    }
  } else if (values['registry-dir']) {
    registry = await startRegistry({ dir: values['registry-dir'] })
    connection = registry
  }
  const speed = positiveNumber(values.speed, 'speed')
  const port = positiveNumber(values.port, 'port')
  const seed = positiveNumber(values.seed, 'seed')
  const emulator = await startEmulator({
    ...(port !== undefined ? { port } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values['account-id'] ? { accountId: values['account-id'] } : {}),
    ...(connection ? { registry: connection } : {})
  })
  const lines = {
    ...emulator.env(),
    AWS_ACCESS_KEY_ID: DEFAULT_ADMIN.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_ADMIN.secretAccessKey,
    ...(emulator.registryHost ? { EMULATOR_REGISTRY_HOST: emulator.registryHost } : {})
  }
  for (const [key, value] of Object.entries(lines)) console.log(`${key}=${value}`)
  console.error(
    `stand-in listening on ${emulator.url} (control API: ${emulator.url}/_emulator/state); Ctrl-C stops it`
  )

  const stop = async () => {
    await emulator.stop()
    await registry?.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err))
  process.exit(1)
})
