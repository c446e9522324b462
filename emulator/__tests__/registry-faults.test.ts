// Faults on the registry proxy: what a push client sees from ECR's registry when it throttles, fails or drops.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateRepositoryCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { startEmulator, type Emulator } from '../index.js'
import { startRegistry, type RunningRegistry } from '../registry.js'
import { clients } from './support.js'

describe('registry proxy faults', () => {
  let dir: string
  let registry: RunningRegistry
  let emulator: Emulator
  let authorization: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-registry-faults-'))
    registry = await startRegistry({ dir: join(dir, 'registry') })
    emulator = await startEmulator({ registry })
    const { ecr } = clients(emulator.url)
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }))
    const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]
      ?.authorizationToken
    ecr.destroy()
    authorization = `Basic ${token ?? ''}`
  }, 60_000)
  afterAll(async () => {
    await emulator?.stop()
    await registry?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const get = (path: string) =>
    fetch(`http://${emulator.registryHost}${path}`, { headers: { authorization } })
  const last = () => emulator.requests.at(-1)

  it('throttles with 429 TOOMANYREQUESTS and fails with 5xx, as registry:<ECR action>', async () => {
    emulator.setScenario({
      faults: {
        throttle: { burst: 1, operations: ['registry:ListImages'] },
        serverErrors: { burst: 1, type: 'ServiceUnavailable', operations: ['registry:*'] }
      }
    })
    const failed = await get('/v2/web/tags/list')
    expect([
      failed.status,
      ((await failed.json()) as { errors: { code: string }[] }).errors[0]?.code
    ]).toEqual([503, 'UNAVAILABLE'])
    expect(last()).toMatchObject({
      service: 'registry',
      operation: 'ListImages',
      status: 503,
      fault: 'server-error'
    })
    const throttled = await get('/v2/web/tags/list')
    expect(throttled.status).toBe(429)
    expect(((await throttled.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe(
      'TOOMANYREQUESTS'
    )
    expect(last()).toMatchObject({ status: 429, fault: 'throttle' })
    expect((await get('/v2/web/tags/list')).status).toBe(404) // a repository without images, from the registry
    emulator.setScenario({ faults: {} })
  })

  it('drops the connection before or after the registry served the call', async () => {
    emulator.setScenario({
      faults: {
        drop: [
          { burst: 1, operations: ['registry:ListImages'] },
          { burst: 1, when: 'after' }
        ]
      }
    })
    await expect(get('/v2/web/tags/list')).rejects.toThrow()
    expect(last()).toMatchObject({ status: 0, errorType: 'ConnectionDropped', fault: 'drop' })
    await expect(get('/v2/web/tags/list')).rejects.toThrow()
    // The registry answered (404: no tags yet); the answer never reached the client.
    expect(last()).toMatchObject({ operation: 'ListImages', status: 404, fault: 'drop-after' })
    emulator.setScenario({ faults: {} })
  })
})
