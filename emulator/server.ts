// The stand-in's HTTP server: one listener for ECS, ECR, CloudWatch Logs, Secrets Manager, SSM (JSON 1.1), STS, ELBv2
// and IAM (query), plus /_emulator/.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CallerIdentity, EcsModel, IamCheck } from './contract.js'
import type { Ecr } from './ecr.js'
import { elbv2IamChecks, ELBV2_XMLNS, type Elbv2 } from './elbv2.js'
import { AwsError } from './errors.js'
import type { Faults } from './faults.js'
import { denialMessage, firstDenied } from './iam.js'
import { IAM_XMLNS, type IamApi } from './iam-api.js'
import type { Identity, IdentityStore } from './identities.js'
import type { Logs } from './logs.js'
import {
  describeUnknown,
  hasOperation,
  inputSchema,
  memberNames,
  unknownMembers,
  type AwsService
} from './model-fields.js'
import type { RecordedRequest } from './record.js'
import { parseAuthorization, verifySignature } from './sigv4.js'
import type { SecretsManager } from './secrets.js'
import type { Ssm } from './ssm.js'
import { parseForm, queryErrorCode, queryErrorStatus, queryErrorXml, queryResponseXml } from './query.js'
import { stsIamChecks, STS_XMLNS, UNSIGNED_STS_OPERATIONS, type Sts } from './sts.js'

const TARGET_PREFIXES: Record<string, AwsService> = {
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

function queryProtocol(service: AwsService | undefined): { version: string; xmlns: string } | undefined {
  return service === undefined ? undefined : QUERY_SERVICES[service]
}

/**
 * Which query service a form request is for. All of them post the same kind of body to "/", so the SigV4 scope
 * decides; unsigned calls (only STS's web identity calls may be unsigned) are told apart by their Version.
 * STS when nothing matches, as before there was more than one query service.
 */
function queryServiceOf(authorization: string | undefined, version: string | undefined): AwsService {
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

/** JSON with Dates as epoch seconds, which is how JSON 1.1 carries timestamps. */
function toAwsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key]
    return raw instanceof Date ? raw.getTime() / 1000 : v
  })
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {}
) {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers
  })
  res.end(body)
}

/** The checks and the ECS model speak `iamChecks`; the server adds those of the services it serves itself. */
function checksFor(
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

function authenticate(
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

function validateMembers(service: AwsService, operation: string, input: Record<string, unknown>): void {
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

async function serveAws(
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer
): Promise<void> {
  const requestId = randomUUID()
  const url = req.url ?? '/'
  const target = req.headers['x-amz-target']
  let service: AwsService | undefined
  let operation: string | undefined
  let input: Record<string, unknown> = {}
  const entry: RecordedRequest = {
    time: parts.now(),
    service: 'unknown',
    operation: 'Unknown',
    input: undefined
  }
  // A connection dropped after processing: the call is done, its answer never leaves.
  let dropAnswer = false
  const reply: typeof send = (...args) => (dropAnswer ? void req.socket.destroy() : send(...args))

  const fail = (error: AwsError) => {
    entry.status = error.status
    entry.errorType = error.type
    const query = queryProtocol(service)
    if (query) {
      const status = queryErrorStatus(error)
      entry.status = status
      entry.errorType = queryErrorCode(error.type)
      reply(res, status, 'text/xml', queryErrorXml(query.xmlns, error, requestId), {
        'x-amzn-requestid': requestId
      })
    } else {
      reply(
        res,
        error.status,
        'application/x-amz-json-1.1',
        JSON.stringify({ __type: error.type, message: error.message }),
        {
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': error.type
        }
      )
    }
  }

  try {
    if (typeof target === 'string') {
      const dot = target.indexOf('.')
      service = TARGET_PREFIXES[target.slice(0, dot)]
      operation = target.slice(dot + 1)
    } else if (String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      const form = parseForm(body.toString('utf8'))
      service = queryServiceOf(req.headers.authorization, form['Version'])
      operation = form['Action']
      delete form['Action']
      delete form['Version']
      input = form
    }
    if (service) entry.service = service
    if (operation) entry.operation = operation
    if (!service || !operation) {
      throw new AwsError(
        'UnknownOperationException',
        `No AWS operation in this request: send X-Amz-Target (${Object.keys(TARGET_PREFIXES).join(', ')}) or a form body with Action=...`,
        404
      )
    }
    if (!queryProtocol(service)) {
      try {
        const parsed: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : {}
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object')
        input = parsed as Record<string, unknown>
      } catch {
        throw new AwsError('SerializationException', 'The request body is not a JSON object.')
      }
    }
    entry.input = input
    if (!hasOperation(service, operation)) {
      throw new AwsError('UnknownOperationException', `${service} has no operation ${operation}.`)
    }

    const fault = parts.faults.decide(service, operation)
    if (fault.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, fault.latencyMs))
    if (fault.kind === 'drop' && fault.when === 'after') {
      entry.fault = 'drop-after'
      dropAnswer = true
    } else if (fault.kind === 'drop') {
      entry.status = 0
      entry.errorType = 'ConnectionDropped'
      entry.fault = 'drop'
      req.socket.destroy()
      return
    } else if (fault.kind === 'error') {
      entry.fault = fault.fault
      throw fault.error
    }

    const unsigned = service === 'sts' && UNSIGNED_STS_OPERATIONS.has(operation) && !req.headers.authorization
    const caller = unsigned ? undefined : authenticate(parts, req, url, body, service)
    if (caller) {
      entry.accessKeyId = caller.accessKeyId
      entry.identityArn = caller.arn
    }
    validateMembers(service, operation, input)
    if (caller) {
      const denied = firstDenied(
        parts.identities.policiesOf(caller),
        checksFor(parts, service, operation, input)
      )
      if (denied) {
        throw new AwsError(
          queryProtocol(service) ? 'AccessDenied' : 'AccessDeniedException',
          denialMessage(caller.arn, denied.check, denied.decision)
        )
      }
    }

    const query = queryProtocol(service)
    if (query) {
      const form = input as Record<string, string>
      const result =
        service === 'sts'
          ? await parts.sts.handle(operation, form, caller)
          : service === 'iam'
            ? parts.iamApi.handle(operation, form)
            : parts.elbv2.handle(operation, form)
      entry.status = 200
      reply(res, 200, 'text/xml', queryResponseXml(query.xmlns, operation, result, requestId), {
        'x-amzn-requestid': requestId
      })
      return
    }
    let output: unknown
    if (service === 'ecs') {
      const who: CallerIdentity = {
        accessKeyId: caller?.accessKeyId ?? '',
        arn: caller?.arn ?? '',
        accountId: caller?.accountId ?? ''
      }
      output = await parts.ecs.handle(operation, input, who)
    } else if (service === 'ecr') {
      if (!caller)
        throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
      output = await parts.ecr.handle(operation, input, caller)
    } else if (service === 'secretsmanager') {
      output = parts.secrets.handle(operation, input)
    } else if (service === 'ssm') {
      output = parts.ssm.handle(operation, input)
    } else if (service === 'codedeploy') {
      output = await parts.ecs.codeDeploy(operation, input)
    } else {
      output = parts.logs.handle(operation, input)
    }
    entry.status = 200
    reply(res, 200, 'application/x-amz-json-1.1', toAwsJson(output ?? {}), { 'x-amzn-requestid': requestId })
  } catch (err) {
    fail(
      err instanceof AwsError
        ? err
        : new AwsError(
            'ServerException',
            `The stand-in failed: ${err instanceof Error ? err.message : String(err)}`,
            500
          )
    )
  } finally {
    parts.requests.push(entry)
  }
}

async function serveControl(
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer
): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? ''
  const method = req.method ?? 'GET'
  const json = (status: number, value: unknown) => send(res, status, 'application/json', toAwsJson(value))
  const parsed = (): Record<string, unknown> => {
    const value: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : {}
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('the body must be a JSON object')
    return value as Record<string, unknown>
  }
  try {
    if (method === 'GET' && path === '/_emulator/requests') return json(200, parts.requests)
    if (method === 'GET' && path === '/_emulator/state') return json(200, parts.control.snapshot())
    if (method === 'POST' && path === '/_emulator/scenario') {
      parts.control.setScenario(parsed())
      return json(200, { ok: true })
    }
    if (method === 'POST' && path === '/_emulator/identities') {
      parts.control.setIdentities(parsed())
      return json(200, { ok: true })
    }
    if (method === 'POST' && path === '/_emulator/reset-requests') {
      parts.requests.length = 0
      return json(200, { ok: true })
    }
    if (method === 'POST' && path === '/_emulator/logs') {
      parts.control.addLogEvents(parsed())
      return json(200, { ok: true })
    }
    return json(404, {
      error: `unknown control call ${method} ${path}; use GET requests|state, POST scenario|identities|reset-requests|logs under /_emulator/`
    })
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) })
  }
}

export interface ApiServer {
  url: string
  stop(): Promise<void>
}

export async function startApiServer(parts: ServerParts, port = 0): Promise<ApiServer> {
  const server = createServer((req, res) => {
    readBody(req)
      .then(body =>
        (req.url ?? '').startsWith('/_emulator/')
          ? serveControl(parts, req, res, body)
          : serveAws(parts, req, res, body)
      )
      .catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, 'text/plain', err instanceof Error ? err.message : String(err))
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
