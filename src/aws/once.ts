// Calls that must happen once: RegisterTaskDefinition and UpdateService take no client token, so a retry after a
// lost answer can add a second revision or a second deployment. The SDK retries only what surely did not happen
// (throttling, refusals); after an ambiguous failure we look at what ECS did before sending again.
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type RegisterTaskDefinitionCommandOutput,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
  type UpdateServiceCommandOutput
} from '@aws-sdk/client-ecs'
import { systemClock, type Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { taskDefinitionsEqual } from '../taskdef/diff.js'
import { describeAwsError, errorName } from './errors.js'

export interface OnceOptions {
  clock?: Clock
  logger?: Pick<Logger, 'info'>
  /** Sends in all, the first included. */
  attempts?: number
}

export const ONCE_ATTEMPTS = 5
/** How long to let ECS settle before looking, times the attempt: a slow answer may still land. */
export const SETTLE_MS = 1_000
/** What ECS did counts from this long before our first send: AWS's clock and the runner's may differ a little. */
export const CLOCK_SKEW_MS = 30_000

const NETWORK_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']

/**
 * A failure after which the call may or may not have been done: a server fault (5xx), a connection lost after
 * sending (reset, hang up, timeout). Throttling and client errors are definite: ECS did nothing.
 */
export function isAmbiguous(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof AmbiguousFailure) return true
    const { code, message, $metadata, $fault } = e as {
      code?: unknown
      message?: unknown
      $metadata?: { httpStatusCode?: number }
      $fault?: unknown
    }
    const name = errorName(e) ?? ''
    if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) return false
    if (($metadata?.httpStatusCode ?? 0) >= 500 || $fault === 'server') return true
    if (/^(TimeoutError|RequestTimeout|RequestTimeoutException)$/.test(name)) return true
    if (typeof code === 'string' && NETWORK_CODES.includes(code)) return true
    if (typeof message === 'string' && /socket hang up/i.test(message)) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** Carries an ambiguous failure past the SDK's retry, which would otherwise send the call again blindly. */
export class AmbiguousFailure extends Error {
  constructor(readonly original: unknown) {
    // No `cause` and no $metadata: the SDK's classifier must see nothing retryable in it.
    super(describeAwsError(original))
    this.name = 'AmbiguousFailure'
  }
}

/** The error under an AmbiguousFailure, for the caller's message. */
export function unwrap(error: unknown): unknown {
  return error instanceof AmbiguousFailure ? error.original : error
}

interface Stackable {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: 'deserialize'; priority: 'high'; name: string }
    ): void
  }
}

/**
 * Keeps the SDK from retrying this command after an ambiguous failure; throttling is still retried by the SDK.
 * The middleware sits inside the retry loop, just outside the deserializer, so it sees ECS's parsed errors.
 */
export function withoutBlindRetry<C>(command: C): C {
  ;(command as unknown as Stackable).middlewareStack.add(
    next => async args => {
      try {
        return await next(args)
      } catch (e) {
        throw isAmbiguous(e) ? new AmbiguousFailure(e) : e
      }
    },
    { step: 'deserialize', priority: 'high', name: 'releaseToEcsNoBlindRetry' }
  )
  return command
}

/**
 * Sends until it gets an answer; after an ambiguous failure, first asks `done` whether ECS did it anyway (given the
 * earliest time that counts) and returns that. Definite failures are thrown at once; the last ambiguous one after
 * `attempts` sends.
 */
export async function once<T>(
  what: string,
  send: () => Promise<T>,
  done: (since: number) => Promise<T | undefined>,
  options: OnceOptions = {}
): Promise<T> {
  const clock = options.clock ?? systemClock
  const attempts = options.attempts ?? ONCE_ATTEMPTS
  const since = clock.now() - CLOCK_SKEW_MS
  for (let attempt = 1; ; attempt++) {
    let failure: unknown
    try {
      return await send()
    } catch (e) {
      if (!isAmbiguous(e)) throw unwrap(e)
      failure = unwrap(e)
    }
    if (attempt >= attempts) throw failure
    options.logger?.info(
      `No sure answer to ${what} (${describeAwsError(failure)}); looking whether ECS did it before sending it again.`
    )
    await clock.sleep(SETTLE_MS * attempt)
    let found: T | undefined
    try {
      found = await done(since)
    } catch (e) {
      throw new Error(
        `${describeAwsError(failure)}; whether ECS did ${what} anyway is unknown, because looking failed too ` +
          `(${describeAwsError(e)}). Nothing was sent again: check the service and its task definitions, then re-run.`,
        { cause: e }
      )
    }
    if (found !== undefined) {
      options.logger?.info(`ECS had done ${what}: using that instead of sending it again.`)
      return found
    }
    options.logger?.info(
      `ECS had not done ${what}: sending it again (attempt ${attempt + 1} of ${attempts}).`
    )
  }
}

/** RegisterTaskDefinition, once: a lost answer is found as the family's newest revision, equal to ours and new. */
export function registerTaskDefinitionOnce(
  client: ECSClient,
  request: RegisterTaskDefinitionCommandInput,
  options: OnceOptions = {}
): Promise<RegisterTaskDefinitionCommandOutput> {
  return once(
    `RegisterTaskDefinition of ${request.family}`,
    () => client.send(withoutBlindRetry(new RegisterTaskDefinitionCommand(request))),
    async since => {
      let latest
      try {
        latest = await client.send(
          new DescribeTaskDefinitionCommand({ taskDefinition: request.family, include: ['TAGS'] })
        )
      } catch (e) {
        // A family without any revision: "Unable to describe task definition."
        if (errorName(e) === 'ClientException') return undefined
        throw e
      }
      const td = latest.taskDefinition
      const { tags: _tags, ...rendered } = request
      if (!td || (td.registeredAt?.getTime() ?? 0) < since || !taskDefinitionsEqual(rendered, td))
        return undefined
      return { taskDefinition: td, tags: latest.tags, $metadata: latest.$metadata }
    },
    options
  )
}

/** UpdateService, once: a lost answer is found as a PRIMARY deployment of our task definition, created since. */
export function updateServiceOnce(
  client: ECSClient,
  input: UpdateServiceCommandInput & { service: string },
  options: OnceOptions = {}
): Promise<UpdateServiceCommandOutput> {
  return once(
    `UpdateService of ${input.service}`,
    () => client.send(withoutBlindRetry(new UpdateServiceCommand(input))),
    async since => {
      const described = await client.send(
        new DescribeServicesCommand({ cluster: input.cluster, services: [input.service] })
      )
      const service = described.services?.[0]
      const ours = service?.deployments?.some(
        d =>
          d.status === 'PRIMARY' &&
          d.taskDefinition === input.taskDefinition &&
          (d.createdAt?.getTime() ?? 0) >= since
      )
      return ours ? { service, $metadata: described.$metadata } : undefined
    },
    options
  )
}
