// The stand-in's HTTP server: one listener for ECS, ECR, CloudWatch Logs, Secrets Manager, SSM (JSON 1.1), STS, ELBv2
// and IAM (query), plus /_emulator/.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CallerIdentity } from './contract.js'
import { AwsError } from './errors.js'
import { denialMessage, firstDenied } from './iam.js'
import { hasOperation, type AwsService } from './model-fields.js'
import type { RecordedRequest } from './record.js'
import { parseForm, queryErrorCode, queryErrorStatus, queryErrorXml, queryResponseXml } from './query.js'
import {
  authenticate,
  checksFor,
  queryProtocol,
  queryServiceOf,
  TARGET_PREFIXES,
  validateMembers,
  type ServerParts
} from './request-checks.js'
import { UNSIGNED_STS_OPERATIONS } from './sts.js'

export type { ControlApi, ServerParts } from './request-checks.js'

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
    entry.answeredAt = parts.now()
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
