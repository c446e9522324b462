// Which request members AWS knows, read from the installed SDK's own schemas (not from a hand-written list).
// SDK v3 (3.9xx+) ships every shape as a static schema array exported as `<Name>$`:
//   operation [9, ns, name, traits, input, output]; structure/error/union [3|-3|4, ns, name, traits, memberNames, memberSchemas]
//   list [1, ns, name, traits, member]; map [2, ns, name, traits, key, value]; simple [0, ns, name, traits, schema]
//   numbers are primitives (64|x = list of primitives, 128|x = map of primitives); [ref, traits] is a member reference.
import * as cloudwatchLogs from '@aws-sdk/client-cloudwatch-logs'
import * as codedeploy from '@aws-sdk/client-codedeploy'
import * as ecr from '@aws-sdk/client-ecr'
import * as ecs from '@aws-sdk/client-ecs'
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2'
import * as iam from '@aws-sdk/client-iam'
import * as secretsManager from '@aws-sdk/client-secrets-manager'
import * as ssm from '@aws-sdk/client-ssm'
import * as sts from '@aws-sdk/client-sts'

/** Services by their SigV4 signing name, which is also the prefix of their IAM actions. */
export type AwsService =
  'ecs' | 'ecr' | 'sts' | 'logs' | 'elasticloadbalancing' | 'secretsmanager' | 'ssm' | 'iam' | 'codedeploy'

const CLIENTS: Record<AwsService, Record<string, unknown>> = {
  ecs: ecs as Record<string, unknown>,
  ecr: ecr as Record<string, unknown>,
  sts: sts as Record<string, unknown>,
  logs: cloudwatchLogs as Record<string, unknown>,
  elasticloadbalancing: elbv2 as Record<string, unknown>,
  secretsmanager: secretsManager as Record<string, unknown>,
  ssm: ssm as Record<string, unknown>,
  iam: iam as Record<string, unknown>,
  codedeploy: codedeploy as Record<string, unknown>
}

type SchemaRef = unknown

/** Follows lazy references and member wrappers down to a static schema array or a primitive number. */
function resolve(ref: SchemaRef): SchemaRef {
  let current = ref
  for (let i = 0; i < 20; i++) {
    if (typeof current === 'function') current = (current as () => unknown)()
    else if (Array.isArray(current) && current.length === 2) current = current[0]
    else return current
  }
  return current
}

/** The operation's input structure schema, or undefined when the SDK has no such operation. */
export function inputSchema(service: AwsService, operation: string): unknown[] | undefined {
  const op = CLIENTS[service][`${operation}$`]
  if (!Array.isArray(op) || op[0] !== 9) return undefined
  const input = resolve(op[4])
  return Array.isArray(input) ? input : undefined
}

/** True when the installed SDK defines this operation for the service. */
export function hasOperation(service: AwsService, operation: string): boolean {
  return inputSchema(service, operation) !== undefined
}

/** The member names of a structure schema. */
export function memberNames(schema: unknown[]): string[] {
  return Array.isArray(schema[4]) ? (schema[4] as string[]) : []
}

export interface UnknownMember {
  /** Where the member sits, e.g. "containerDefinitions[0]" ("" for the top level). */
  at: string
  name: string
  allowed: string[]
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function walk(ref: SchemaRef, value: unknown, at: string, out: UnknownMember[]): void {
  if (value === null || value === undefined) return
  const schema = resolve(ref)
  if (!Array.isArray(schema)) return // a primitive, or a list/map of primitives
  const kind = schema[0] as number
  if (kind === 0) {
    walk(schema[4], value, at, out)
  } else if (kind === 3 || kind === -3 || kind === 4) {
    if (!isPlainObject(value)) return
    const names = memberNames(schema)
    const members = (schema[5] as SchemaRef[] | undefined) ?? []
    for (const [key, item] of Object.entries(value)) {
      const index = names.indexOf(key)
      if (index < 0) out.push({ at, name: key, allowed: names })
      else walk(members[index], item, at ? `${at}.${key}` : key, out)
    }
  } else if (kind === 1) {
    if (!Array.isArray(value)) return
    value.forEach((item, i) => walk(schema[4], item, `${at}[${i}]`, out))
  } else if (kind === 2) {
    if (!isPlainObject(value)) return
    for (const [key, item] of Object.entries(value)) walk(schema[5], item, `${at}.${key}`, out)
  }
}

/**
 * Every member of `input` (recursively) that the operation's input shape does not define.
 * The SDK itself silently drops such members when it serializes, so callers that want to know what they
 * would lose can run this on their command input before sending it.
 */
export function unknownMembers(service: AwsService, operation: string, input: unknown): UnknownMember[] {
  const schema = inputSchema(service, operation)
  if (!schema) return []
  const out: UnknownMember[] = []
  walk(schema, input, '', out)
  return out
}

/** botocore-style wording: `Unknown parameter in containerDefinitions[0]: "foo", must be one of: name, image, ...`. */
export function describeUnknown(member: UnknownMember): string {
  const where = member.at ? `in ${member.at}` : 'in input'
  return `Unknown parameter ${where}: "${member.name}", must be one of: ${member.allowed.join(', ')}`
}
