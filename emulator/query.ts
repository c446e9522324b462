// The AWS query protocol, shared by STS and Elastic Load Balancing v2: form-encoded requests, XML answers.
// Each service only differs in its XML namespace, so that is a parameter here.
import type { AwsError } from './errors.js'

export function parseForm(body: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(body)) fields[key] = value
  return fields
}

function escapeXml(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c
  )
}

/** Objects become elements named after their keys; lists wrap each item in <member>, as query services do. */
function toXml(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.map(item => `<member>${toXml(item)}</member>`).join('')
  if (typeof value !== 'object') return escapeXml(String(value))
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
    .join('')
}

export function queryResponseXml(
  xmlns: string,
  operation: string,
  result: Record<string, unknown>,
  requestId: string
): string {
  return (
    `<${operation}Response xmlns="${xmlns}"><${operation}Result>${toXml(result)}</${operation}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
  )
}

/** Query services name some errors differently from the JSON services. */
const QUERY_ERROR_CODES: Record<string, string> = {
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  AccessDeniedException: 'AccessDenied',
  ThrottlingException: 'Throttling',
  ServerException: 'InternalFailure',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  ExpiredTokenException: 'ExpiredToken',
  ValidationException: 'ValidationError'
}

/** Authentication and authorization failures that query services answer with 403 (JSON services answer 400). */
const QUERY_FORBIDDEN = new Set([
  'AccessDenied',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'ExpiredToken'
])

export function queryErrorCode(type: string): string {
  return QUERY_ERROR_CODES[type] ?? type
}

export function queryErrorStatus(error: AwsError): number {
  return QUERY_FORBIDDEN.has(queryErrorCode(error.type)) ? 403 : error.status
}

export function queryErrorXml(xmlns: string, error: AwsError, requestId: string): string {
  const code = queryErrorCode(error.type)
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  )
}
