// Starts a real Debian `docker-registry` (CNCF distribution) with htpasswd auth, for the registry proxy to front.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export interface RunningRegistry {
  url: string
  username: string
  password: string
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function startRegistry({
  dir,
  timeoutMs = 15000
}: {
  dir: string
  timeoutMs?: number
}): Promise<RunningRegistry> {
  mkdirSync(join(dir, 'data'), { recursive: true })
  const username = 'emulator'
  const password = randomBytes(12).toString('hex')
  // -i reads the password from stdin, so it never shows in a process list.
  const hashed = spawnSync('htpasswd', ['-Bin', username], { input: password, encoding: 'utf8' })
  if (hashed.status !== 0) {
    throw new Error(`htpasswd failed (${hashed.error?.message ?? hashed.stderr}); install apache2-utils`)
  }
  writeFileSync(join(dir, 'htpasswd'), hashed.stdout)
  const port = await freePort()
  const config = join(dir, 'config.yml')
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      'auth:',
      '  htpasswd:',
      '    realm: emulator-registry',
      `    path: ${join(dir, 'htpasswd')}`,
      ''
    ].join('\n')
  )
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  let gone = false
  void exited.then(() => (gone = true))
  child.once('error', () => (gone = true))

  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (gone) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (gone) throw new Error(`docker-registry exited before it answered on ${url}: ${stderr.trim()}`)
    try {
      const response = await fetch(`${url}/v2/`)
      await response.body?.cancel()
      if (response.status === 401) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`docker-registry did not answer on ${url} within ${timeoutMs} ms: ${stderr.trim()}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return { url, username, password, stop }
}
