// ECR's push/pull endpoint: an HTTP listener in front of a real registry that authenticates ECR tokens,
// checks IAM per ECR action, refuses unknown repositories and immutable tags, and streams everything else through.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IamCheck } from './contract.js'
import { serveDownload, type DownloadTickets } from './download-urls.js'
import type { Ecr } from './ecr.js'
import type { Faults } from './faults.js'
import type { Identity } from './identities.js'
import type { RegistryConnection, RegistryImageStore } from './images.js'
import type { RecordedRequest } from './record.js'

export interface RegistryRoute {
  kind: 'base' | 'catalog' | 'manifest' | 'upload' | 'blob' | 'tags'
  repository?: string
  reference?: string
  /** The ECR action that IAM checks for this call. */
  action?: string
}

/** Maps a distribution API call to the ECR action AWS authorises it as. */
export function registryRoute(method: string, path: string): RegistryRoute | undefined {
  const m = method.toUpperCase()
  let match: RegExpMatchArray | null
  if (/^\/v2\/?$/.test(path)) return { kind: 'base' }
  if (path === '/v2/_catalog') return { kind: 'catalog', action: 'ecr:DescribeRepositories' }
  if ((match = path.match(/^\/v2\/(.+)\/manifests\/([^/]+)$/))) {
    const action =
      m === 'PUT' ? 'ecr:PutImage' : m === 'DELETE' ? 'ecr:BatchDeleteImage' : 'ecr:BatchGetImage'
    return { kind: 'manifest', repository: match[1], reference: match[2], action }
  }
  if ((match = path.match(/^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/))) {
    const action =
      m === 'POST'
        ? 'ecr:InitiateLayerUpload'
        : m === 'PUT'
          ? 'ecr:CompleteLayerUpload'
          : 'ecr:UploadLayerPart'
    return { kind: 'upload', repository: match[1], reference: match[2], action }
  }
  if ((match = path.match(/^\/v2\/(.+)\/blobs\/([^/]+)$/))) {
    const action =
      m === 'HEAD'
        ? 'ecr:BatchCheckLayerAvailability'
        : m === 'DELETE'
          ? 'ecr:BatchDeleteImage'
          : 'ecr:GetDownloadUrlForLayer'
    return { kind: 'blob', repository: match[1], reference: match[2], action }
  }
  if ((match = path.match(/^\/v2\/(.+)\/tags\/list$/)))
    return { kind: 'tags', repository: match[1], action: 'ecr:ListImages' }
  return undefined
}

export interface RegistryProxyDeps {
  registry: RegistryConnection
  ecr: Ecr
  store: RegistryImageStore
  /** The identity behind an ECR registry password. */
  authenticate(token: string): Identity | undefined
  /** undefined when allowed, else AWS's denial message. */
  authorize(identity: Identity, check: IamCheck): string | undefined
  record(entry: RecordedRequest): void
  now(): number
  /** The stand-in's injected faults, as `registry:<ECR action>` (registry:PutImage, registry:*). */
  faults?: Faults
  /** GetDownloadUrlForLayer's tickets, answered at /_download/<token> without any auth (like a presigned URL). */
  tickets?: DownloadTickets
}

export interface RegistryProxy {
  url: string
  host: string
  stop(): Promise<void>
}

function registryError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {}
) {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] })
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'docker-distribution-api-version': 'registry/2.0',
    'content-length': Buffer.byteLength(body),
    ...headers
  })
  res.end(body)
}

function basicToken(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0 || decoded.slice(0, colon) !== 'AWS') return undefined
  return decoded.slice(colon + 1)
}

export async function startRegistryProxy(deps: RegistryProxyDeps, port = 0): Promise<RegistryProxy> {
  const upstream = new URL(deps.registry.url)
  const upstreamAuth =
    'Basic ' + Buffer.from(`${deps.registry.username}:${deps.registry.password}`).toString('base64')
  let proxyUrl = ''

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = deps.now()
    const rawUrl = req.url ?? '/'
    const url = new URL(rawUrl, 'http://proxy')
    const method = req.method ?? 'GET'
    const route = registryRoute(method, url.pathname)
    const entry: RecordedRequest = {
      time: started,
      service: 'registry',
      operation: route?.action?.replace(/^ecr:/, '') ?? 'Unknown',
      input: { method, path: url.pathname }
    }
    const finish = (status: number, errorType?: string) => {
      entry.status = status
      if (errorType) entry.errorType = errorType
      deps.record(entry)
    }
    const download = /^\/_download\/([A-Za-z0-9_-]+)$/.exec(url.pathname)
    if (download?.[1] !== undefined && method === 'GET') {
      entry.operation = 'DownloadLayer'
      req.resume()
      serveDownload(deps.registry, deps.tickets?.redeem(download[1]), res, status =>
        finish(status, status >= 400 ? 'AccessDenied' : undefined)
      )
      return
    }
    const challenge = { 'www-authenticate': `Basic realm="${proxyUrl}/",service="ecr.amazonaws.com"` }

    const fault = deps.faults?.decide('registry', entry.operation) ?? { kind: 'none', latencyMs: 0 }
    if (fault.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, fault.latencyMs))
    if (fault.kind === 'drop' && fault.when !== 'after') {
      entry.fault = 'drop'
      req.socket.destroy()
      return finish(0, 'ConnectionDropped')
    }
    if (fault.kind === 'error') {
      entry.fault = fault.fault
      req.resume()
      // ECR's registry answers throttling with 429 TOOMANYREQUESTS, its own faults with 5xx.
      const [status, code] =
        fault.fault === 'throttle' ? [429, 'TOOMANYREQUESTS'] : [fault.error.status, 'UNAVAILABLE']
      registryError(res, status, code, fault.error.message)
      return finish(status, code)
    }
    const dropAnswer = fault.kind === 'drop'
    if (dropAnswer) entry.fault = 'drop-after'

    const token = basicToken(req.headers.authorization)
    const identity = token ? deps.authenticate(token) : undefined
    if (!identity) {
      req.resume()
      registryError(
        res,
        401,
        'UNAUTHORIZED',
        token
          ? 'authentication token is invalid or expired; run ecr get-login-password again'
          : 'authentication required',
        challenge
      )
      return finish(401, 'UNAUTHORIZED')
    }
    entry.accessKeyId = identity.accessKeyId
    entry.identityArn = identity.arn
    if (!route) {
      req.resume()
      registryError(res, 404, 'UNSUPPORTED', `The operation is unsupported: ${method} ${url.pathname}`)
      return finish(404, 'UNSUPPORTED')
    }
    if (route.kind === 'base') {
      req.resume()
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'docker-distribution-api-version': 'registry/2.0',
        'content-length': 2
      })
      res.end('{}')
      return finish(200)
    }
    const repository = route.repository
    const resource = repository ? deps.ecr.repositoryArn(repository) : '*'
    const denial = deps.authorize(identity, { action: route.action ?? 'ecr:Unknown', resource })
    if (denial) {
      req.resume()
      registryError(res, 403, 'DENIED', denial)
      return finish(403, 'DENIED')
    }
    if (repository && !deps.ecr.repositories.has(repository)) {
      req.resume()
      registryError(res, 404, 'NAME_UNKNOWN', deps.ecr.notFound(repository).message)
      return finish(404, 'NAME_UNKNOWN')
    }
    const tag =
      route.kind === 'manifest' && route.reference && !route.reference.includes(':')
        ? route.reference
        : undefined
    if (
      method === 'PUT' &&
      repository &&
      tag &&
      deps.ecr.repositories.get(repository)?.imageTagMutability === 'IMMUTABLE'
    ) {
      if (await deps.store.has(repository, tag)) {
        req.resume()
        registryError(res, 400, 'TAG_INVALID', deps.ecr.tagExists(repository, tag).message)
        return finish(400, 'TAG_INVALID')
      }
    }
    // ECR does not mount blobs across repositories: drop the hint so the client uploads instead.
    if (route.kind === 'upload' && url.searchParams.has('mount')) {
      url.searchParams.delete('mount')
      url.searchParams.delete('from')
    }

    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'authorization', 'connection'].includes(name)) continue
      headers[name] = value
    }
    headers['authorization'] = upstreamAuth
    const forward = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method, path: url.pathname + url.search, headers },
      upstreamRes => {
        const out: Record<string, string | string[]> = {}
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (value === undefined || name === 'connection') continue
          out[name] = value
        }
        const location = upstreamRes.headers.location
        if (location) out['location'] = location.replace(upstream.origin, proxyUrl)
        const status = upstreamRes.statusCode ?? 502
        if (route.kind === 'manifest' && method === 'PUT' && status < 300 && repository) {
          const digest = upstreamRes.headers['docker-content-digest']
          if (typeof digest === 'string') deps.store.notePush(repository, digest)
        }
        upstreamRes.on('end', () => finish(status, status >= 400 ? 'RegistryError' : undefined))
        if (dropAnswer) {
          // The registry did it; its answer is lost on the way back.
          upstreamRes.resume()
          upstreamRes.on('end', () => req.socket.destroy())
          return
        }
        res.writeHead(status, out)
        upstreamRes.pipe(res)
      }
    )
    forward.on('error', err => {
      if (!res.headersSent)
        registryError(res, 502, 'UNAVAILABLE', `the registry behind the proxy did not answer: ${err.message}`)
      else res.destroy()
      finish(502, 'UNAVAILABLE')
    })
    req.pipe(forward)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        registryError(res, 500, 'UNKNOWN', err instanceof Error ? err.message : String(err))
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = `127.0.0.1:${address.port}`
  proxyUrl = `http://${host}`
  return {
    url: proxyUrl,
    host,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
