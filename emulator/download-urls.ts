// ECR GetDownloadUrlForLayer: like ECR's presigned S3 URLs, a short-lived URL that a plain GET without AWS
// credentials can fetch. Here it is a ticket on the registry proxy (`/_download/<token>`), which streams the blob
// from the registry behind it while the ticket is valid.
import { randomBytes } from 'node:crypto'
import { request as httpRequest, type ServerResponse } from 'node:http'
import { AwsError } from './errors.js'
import type { RegistryConnection } from './images.js'

/** How long a download URL works (ECR's presigned URLs are short-lived too). */
export const DOWNLOAD_URL_TTL_MS = 60 * 60 * 1000

const DIGEST = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/

export interface DownloadTicket {
  repository: string
  digest: string
  expiresAt: number
}

export class DownloadTickets {
  private readonly tickets = new Map<string, DownloadTicket>()

  constructor(private readonly now: () => number) {}

  issue(repository: string, digest: string): string {
    const token = randomBytes(24).toString('base64url')
    this.tickets.set(token, { repository, digest, expiresAt: this.now() + DOWNLOAD_URL_TTL_MS })
    return token
  }

  /** The ticket behind a token while it is valid (expired ones are forgotten). */
  redeem(token: string): DownloadTicket | undefined {
    const ticket = this.tickets.get(token)
    if (ticket && ticket.expiresAt <= this.now()) this.tickets.delete(token)
    return ticket && ticket.expiresAt > this.now() ? ticket : undefined
  }
}

/** What GetDownloadUrlForLayer needs from the rest of the stand-in. */
export interface LayerDownloads {
  /** True when the registry holds this blob in this repository. */
  hasBlob(repository: string, digest: string): Promise<boolean>
  /** A URL that fetches the blob without AWS auth, or undefined when there is no registry proxy. */
  url(repository: string, digest: string): string | undefined
}

export async function getDownloadUrlForLayer(
  downloads: LayerDownloads | undefined,
  repository: string,
  registryId: string,
  layerDigest: unknown
): Promise<{ downloadUrl: string; layerDigest: string }> {
  if (typeof layerDigest !== 'string' || !DIGEST.test(layerDigest)) {
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+''"
    )
  }
  const url = downloads?.url(repository, layerDigest)
  if (!downloads || url === undefined || !(await downloads.hasBlob(repository, layerDigest))) {
    throw new AwsError(
      'LayersNotFoundException',
      `The layer with digest ${layerDigest} does not exist within the repository with name '${repository}' in the registry with id '${registryId}'`
    )
  }
  return { downloadUrl: url, layerDigest }
}

/** Answers a download URL: S3's AccessDenied for an unknown or expired ticket, else the blob from the registry. */
export function serveDownload(
  registry: RegistryConnection,
  ticket: DownloadTicket | undefined,
  res: ServerResponse,
  done: (status: number) => void
): void {
  if (!ticket) {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>'
    res.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) })
    res.end(body)
    done(403)
    return
  }
  const upstream = new URL(registry.url)
  const auth = 'Basic ' + Buffer.from(`${registry.username}:${registry.password}`).toString('base64')
  const forward = httpRequest(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: 'GET',
      path: `/v2/${ticket.repository}/blobs/${ticket.digest}`,
      headers: { authorization: auth }
    },
    upstreamRes => {
      const status = upstreamRes.statusCode ?? 502
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
      const length = upstreamRes.headers['content-length']
      if (length !== undefined) headers['content-length'] = length
      res.writeHead(status, headers)
      upstreamRes.pipe(res)
      upstreamRes.on('end', () => done(status))
    }
  )
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end()
    else res.destroy()
    done(502)
  })
  forward.end()
}
