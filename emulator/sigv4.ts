// AWS Signature Version 4, server side: parse the Authorization header and recompute the signature.
// Pure functions over plain data (no sockets), so the checks can be unit tested on their own.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export const ALGORITHM = 'AWS4-HMAC-SHA256'
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

export interface ParsedAuthorization {
  accessKeyId: string
  date: string // yyyymmdd
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

/** The parts of an HTTP request that the signature covers. */
export interface SignedRequest {
  method: string
  /** Raw path with query string, as it arrived on the wire (e.g. "/?a=b"). */
  url: string
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (!header) return undefined
  const trimmed = header.trim()
  if (!trimmed.startsWith(ALGORITHM + ' ')) return undefined
  const fields = new Map<string, string>()
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return undefined
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get('Credential')?.split('/')
  const signedHeaders = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (
    !credential ||
    credential.length !== 5 ||
    credential[4] !== 'aws4_request' ||
    !signedHeaders ||
    !signature
  ) {
    return undefined
  }
  const [accessKeyId, date, region, service] = credential as [string, string, string, string, string]
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature }
}

/** RFC 3986 encoding as SigV4 wants it: like encodeURIComponent, plus !'()*. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

function canonicalPath(rawPath: string): string {
  const segments: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const normalized =
    (rawPath.startsWith('/') ? '/' : '') +
    segments.join('/') +
    (segments.length > 0 && rawPath.endsWith('/') ? '/' : '')
  // Non-S3 services encode the already-encoded path once more.
  return uriEscape(normalized).replace(/%2F/g, '/')
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return ''
  const pairs: [string, string][] = []
  for (const part of rawQuery.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const key = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '))
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))
    if (key.toLowerCase() === 'x-amz-signature') continue
    pairs.push([uriEscape(key), uriEscape(value)])
  }
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function headerValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '')
  return joined
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim()
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

export function canonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  const q = request.url.indexOf('?')
  const path = q < 0 ? request.url : request.url.slice(0, q)
  const query = q < 0 ? '' : request.url.slice(q + 1)
  const sorted = [...signedHeaders].map(h => h.toLowerCase()).sort()
  const declaredHash = headerValue(request.headers['x-amz-content-sha256'])
  const payloadHash = declaredHash || (request.body.length === 0 ? EMPTY_SHA256 : sha256Hex(request.body))
  return [
    request.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    sorted.map(h => `${h}:${headerValue(request.headers[h])}`).join('\n') + '\n',
    sorted.join(';'),
    payloadHash
  ].join('\n')
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secret)
    .update(date)
    .digest()
  const kRegion = createHmac('sha256', kDate).update(region).digest()
  const kService = createHmac('sha256', kRegion).update(service).digest()
  return createHmac('sha256', kService).update('aws4_request').digest()
}

export type SignatureProblem =
  { kind: 'ok' } | { kind: 'missing'; message: string } | { kind: 'invalid'; message: string }

/** Recomputes the signature of a request with the caller's secret and compares it with the one sent. */
export function verifySignature(
  request: SignedRequest,
  auth: ParsedAuthorization,
  secret: string,
  expected: { region: string; service: string; now: number }
): SignatureProblem {
  const amzDate = headerValue(request.headers['x-amz-date'])
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return {
      kind: 'missing',
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    }
  }
  if (!auth.signedHeaders.includes('host')) {
    return { kind: 'invalid', message: "'Host' must be a 'SignedHeader' in the AWS Authorization." }
  }
  if (auth.region !== expected.region) {
    return {
      kind: 'invalid',
      message: `Credential should be scoped to a valid region, not '${auth.region}'. `
    }
  }
  if (auth.service !== expected.service) {
    return {
      kind: 'invalid',
      message: `Credential should be scoped to correct service: '${expected.service}'. `
    }
  }
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`
  )
  if (Math.abs(expected.now - signedAt) > 15 * 60 * 1000) {
    return {
      kind: 'invalid',
      message: `Signature expired: ${amzDate} is now earlier than ${new Date(expected.now - 15 * 60 * 1000).toISOString().replace(/[-:]|\.\d+/g, '')}`
    }
  }
  const declaredHash = headerValue(request.headers['x-amz-content-sha256'])
  if (declaredHash && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== sha256Hex(request.body)) {
    return {
      kind: 'invalid',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed."
    }
  }
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
  const canonical = canonicalRequest(request, auth.signedHeaders)
  const toSign = stringToSign(amzDate, scope, canonical)
  const signature = createHmac('sha256', signingKey(secret, auth.date, auth.region, auth.service))
    .update(toSign)
    .digest('hex')
  const a = Buffer.from(signature)
  const b = Buffer.from(auth.signature)
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return {
      kind: 'invalid',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
    }
  }
  return { kind: 'ok' }
}
