// Typed reads of an operation's JSON input; a wrong type is ECS's InvalidParameterException.
import { AwsError } from '../errors.js'

export type Json = Record<string, unknown>

function invalid(field: string, expected: string, value: unknown): AwsError {
  return new AwsError(
    'InvalidParameterException',
    `${field} must be ${expected}, got ${JSON.stringify(value)}.`
  )
}

export function optString(input: Json, field: string): string | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(field, 'a string', value)
  return value
}

export function reqString(input: Json, field: string, operation: string): string {
  const value = optString(input, field)
  if (value === undefined || value === '') {
    throw new AwsError('InvalidParameterException', `${operation} needs ${field}; it was missing or empty.`)
  }
  return value
}

export function optNumber(input: Json, field: string): number | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'a number', value)
  return value
}

export function optBool(input: Json, field: string): boolean | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw invalid(field, 'true or false', value)
  return value
}

export function optObject(input: Json, field: string): Json | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'an object', value)
  return value as Json
}

export function optArray(input: Json, field: string): unknown[] | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw invalid(field, 'a list', value)
  return value
}

export function optStringArray(input: Json, field: string): string[] | undefined {
  const value = optArray(input, field)
  if (value === undefined) return undefined
  if (value.some(item => typeof item !== 'string')) throw invalid(field, 'a list of strings', value)
  return value as string[]
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One page of a List* answer: `maxResults` items from the offset that `nextToken` carries. */
export function page<T>(items: T[], input: Json): { items: T[]; nextToken?: string } {
  const max = optNumber(input, 'maxResults') ?? 100
  const token = optString(input, 'nextToken')
  const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'))
  if (!Number.isInteger(start) || start < 0) {
    throw new AwsError(
      'InvalidParameterException',
      'nextToken is not one this API returned; start again without it.'
    )
  }
  const slice = items.slice(start, start + max)
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined
  return next === undefined ? { items: slice } : { items: slice, nextToken: next }
}
