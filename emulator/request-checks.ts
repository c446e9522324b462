// How the stand-in reads a request before any service sees it: which service and protocol it is for, who signed
// it (SigV4, session tokens), which IAM checks apply, and whether its members are ones the API has.
import type { IncomingMessage } from 'node:http'
import type { EcsModel, IamCheck } from './contract.js'
import type { Ecr } from './ecr.js'
import { elbv2IamChecks, ELBV2_XMLNS, type Elbv2 } from './elbv2.js'
import { AwsError } from './errors.js'
import type { Faults } from './faults.js'
import { IAM_XMLNS, type IamApi } from './iam-api.js'
import type { Identity, IdentityStore } from './identities.js'
import type { Logs } from './logs.js'
import { describeUnknown, inputSchema, memberNames, unknownMembers, type AwsService } from './model-fields.js'
import type { RecordedRequest } from './record.js'
import type { SecretsManager } from './secrets.js'
import { parseAuthorization, verifySignature } from './sigv4.js'
import type { Ssm } from './ssm.js'
import { stsIamChecks, STS_XMLNS, type Sts } from './sts.js'

export const TARGET_PREFIXES: Record<string, AwsService> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
  Logs_20140328: 'logs',
  secretsmanager: 'secretsmanager',
  AmazonSSM: 'ssm',
  CodeDeploy_20141006: 'codedeploy'
}

/** Query-protocol services: the API version their form bodies carry and the XML namespace of their answers. */
const QUERY_SERVICES: Partial<Record<AwsService, { version: string; xmlns: string }>> = {
  sts: { version: '2011-06-15', xmlns: STS_XMLNS },
  elasticloadbalancing: { version: '2015-12-01', xmlns: ELBV2_XMLNS },
  iam: { version: '2010-05-08', xmlns: IAM_XMLNS }
}

export function queryProtocol(
  service: AwsService | undefined
): { version: string; xmlns: string } | undefined {
  return service === undefined ? undefined : QUERY_SERVICES[service]
}

/**
 * Which query service a form request is for. All of them post the same kind of body to "/", so the SigV4 scope
 * decides; unsigned calls (only STS's web identity calls may be unsigned) are told apart by their Version.
 * STS when nothing matches, as before there was more than one query service.
 */
export function queryServiceOf(authorization: string | undefined, version: string | undefined): AwsService {
  const services = Object.keys(QUERY_SERVICES) as AwsService[]
  const scope = parseAuthorization(authorization)?.service
  return (
    services.find(s => s === scope) ?? services.find(s => QUERY_SERVICES[s]?.version === version) ?? 'sts'
  )
}

export interface ControlApi {
  snapshot(): unknown
  setScenario(scenario: Record<string, unknown>): void
  setIdentities(body: Record<string, unknown>): void
  addLogEvents(body: Record<string, unknown>): void
}

export interface ServerParts {
  region: string
  now: () => number
  identities: IdentityStore
  faults: Faults
  ecs: EcsModel
  ecr: Ecr
  sts: Sts
  elbv2: Elbv2
  logs: Logs
  /** The read calls of a pre-flight check (and what tests need to make what they read). */
  secrets: SecretsManager
  ssm: Ssm
  iamApi: IamApi
  requests: RecordedRequest[]
  control: ControlApi
}

/** The checks and the ECS model speak `iamChecks`; the server adds those of the services it serves itself. */
export function checksFor(
  parts: ServerParts,
  service: AwsService,
  operation: string,
  input: Record<string, unknown>
): IamCheck[] {
  switch (service) {
    case 'ecs':
      return parts.ecs.iamChecks(operation, input)
    case 'ecr':
      return parts.ecr.iamChecks(operation, input)
    case 'logs':
      return parts.logs.iamChecks(operation, input)
    case 'sts':
      return stsIamChecks(operation, input as Record<string, string>)
    case 'elasticloadbalancing':
      return elbv2IamChecks(operation)
    case 'secretsmanager':
      return parts.secrets.iamChecks(operation, input)
    case 'ssm':
      return parts.ssm.iamChecks(operation, input)
    case 'iam':
      return parts.iamApi.iamChecks(operation, input as Record<string, string>)
    case 'codedeploy':
      return parts.ecs.codeDeployIamChecks(operation, input)
  }
}

export function authenticate(
  parts: ServerParts,
  req: IncomingMessage,
  url: string,
  body: Buffer,
  service: AwsService
): Identity {
  const header = req.headers.authorization
  if (!header) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
  const auth = parseAuthorization(header)
  if (!auth) {
    throw new AwsError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters (AWS4-HMAC-SHA256). Authorization=${header.split(' ')[0] ?? ''}`
    )
  }
  const identity = parts.identities.find(auth.accessKeyId)
  if (!identity)
    throw new AwsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    )
  if (identity.sessionToken !== undefined) {
    if (req.headers['x-amz-security-token'] !== identity.sessionToken) {
      throw new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    }
    if (identity.expiresAt !== undefined && identity.expiresAt <= parts.now()) {
      throw new AwsError('ExpiredTokenException', 'The security token included in the request is expired')
    }
  }
  const verdict = verifySignature(
    { method: req.method ?? 'POST', url, headers: req.headers, body },
    auth,
    identity.secretAccessKey,
    {
      region: parts.region,
      service,
      now: parts.now()
    }
  )
  if (verdict.kind === 'missing') throw new AwsError('IncompleteSignatureException', verdict.message)
  if (verdict.kind === 'invalid') throw new AwsError('InvalidSignatureException', verdict.message)
  return identity
}

export function validateMembers(
  service: AwsService,
  operation: string,
  input: Record<string, unknown>
): void {
  const query = queryProtocol(service) !== undefined
  let problems: string[]
  if (query) {
    // Query members are flattened (Tags.member.1.Key): check the top-level names.
    const allowed = memberNames(inputSchema(service, operation) ?? [])
    const names = new Set(Object.keys(input).map(k => k.split('.')[0] ?? k))
    problems = [...names]
      .filter(n => !allowed.includes(n))
      .map(name => describeUnknown({ at: '', name, allowed }))
  } else {
    problems = unknownMembers(service, operation, input).map(describeUnknown)
  }
  if (problems.length === 0) return
  const message = `Parameter validation failed:\n${problems.join('\n')}`
  throw new AwsError(
    service === 'ecs' ? 'ClientException' : query ? 'ValidationError' : 'ValidationException',
    message
  )
}
