// Turning what AWS says into what a person can act on.

export interface AccessDenied {
  principal?: string
  action: string
  resource?: string
}

/** Reads "User: ARN is not authorized to perform: ACTION on resource: RESOURCE ..." (AWS's wording). */
export function parseAccessDenied(message: string): AccessDenied | undefined {
  const m = /(?:User: (\S+) )?is not authorized to perform: ([\w-]+:\w+)(?: on resource: (\S+))?/.exec(
    message
  )
  if (!m || !m[2]) return undefined
  return { principal: m[1], action: m[2], resource: m[3] }
}

export function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; Code?: unknown }
    if (typeof e.name === 'string') return e.name
    if (typeof e.Code === 'string') return e.Code
  }
  return undefined
}

export function isAccessDenied(error: unknown): boolean {
  const name = errorName(error) ?? ''
  return (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    /not authorized to perform/.test(messageOf(error))
  )
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}

/** "Name: message", with the name only where it adds something, and no closing full stop (callers add theirs). */
export function describeAwsError(error: unknown): string {
  const name = errorName(error)
  const message = messageOf(error).replace(/\.\s*$/, '')
  return name && name !== 'Error' && !message.startsWith(name) ? `${name}: ${message}` : message
}

/** An AWS call that failed, said in the user's words; AccessDenied names the missing permission. */
export class AwsCallError extends Error {
  constructor(
    readonly step: string,
    readonly cause: unknown
  ) {
    super(AwsCallError.explain(step, cause))
    this.name = 'AwsCallError'
  }

  static explain(step: string, cause: unknown): string {
    const denied = isAccessDenied(cause) ? parseAccessDenied(messageOf(cause)) : undefined
    if (denied)
      return (
        `${step}: AWS denied ${denied.action}${denied.resource ? ` on ${denied.resource}` : ''}` +
        `${denied.principal ? ` to ${denied.principal}` : ''}. Add this permission to the deploying identity: ` +
        'the action prints the least-privilege policy for this deploy in a dry run (dry-run: true), ' +
        'or run its iam-policy command (README: "A least-privilege IAM user").'
      )
    return `${step}: ${describeAwsError(cause)}.`
  }
}

/** Runs one AWS call and rewords its failure. */
export async function awsCall<T>(step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (e) {
    throw new AwsCallError(step, e)
  }
}

/** ECS answered, but not with what a deploy can use (a missing service, an unexpected response). */
export class EcsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EcsError'
  }
}
