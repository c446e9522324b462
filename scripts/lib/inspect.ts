// Reading what a run left behind: the stand-in's request record and the action's log. Pure.
import type { ActionRun } from './action.js'

/** The parts of a recorded stand-in request these checks read. */
export interface RequestLike {
  service: string
  operation: string
  status?: number
  errorType?: string
  errorMessage?: string
  message?: string
}

/**
 * Requests the stand-in refused because a member is not in the AWS SDK's model of the operation
 * ("Parameter validation failed: Unknown parameter ..."), each as "service Operation: type message".
 * The stand-in answers that check with ValidationException (ECR, Logs), ValidationError (STS) or, like ECS,
 * ClientException; a ClientException without a recorded message counts, since the action's normal flow never
 * earns one.
 */
export function validationFailures(requests: readonly RequestLike[]): string[] {
  const validationTypes = new Set(['ValidationException', 'ValidationError', 'SerializationException'])
  return requests
    .filter(r => {
      const message = r.errorMessage ?? r.message
      if (r.errorType && validationTypes.has(r.errorType)) return true
      if (message !== undefined) return /Parameter validation failed|Unknown parameter/i.test(message)
      return r.errorType === 'ClientException'
    })
    .map(r => `${r.service} ${r.operation}: ${r.errorType ?? ''} ${r.errorMessage ?? r.message ?? ''}`.trim())
}

/** Operations that change something in AWS or the registry; a dry run or a refused input must send none. */
export const mutatingOperations = new Set([
  'RegisterTaskDefinition',
  'DeregisterTaskDefinition',
  'CreateService',
  'UpdateService',
  'DeleteService',
  'RunTask',
  'StopTask',
  'CreateCluster',
  'CreateRepository',
  'PutImage',
  'BatchDeleteImage',
  'InitiateLayerUpload',
  'UploadLayerPart',
  'CompleteLayerUpload',
  'AssumeRole',
  'RegisterApplicationRevision',
  'CreateDeployment',
  'StopDeployment',
  'ContinueDeployment'
])

export function mutatingRequests(requests: readonly RequestLike[]): string[] {
  return requests.filter(r => mutatingOperations.has(r.operation)).map(r => `${r.service} ${r.operation}`)
}

/** The error annotations the action printed (`::error ...::message`), with the %0A escapes undone. */
export function errorAnnotations(run: Pick<ActionRun, 'stdout'>): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::error'))
    .map(line =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    )
}

/** The names of the log groups (`::group::NAME`) the action opened, in order. */
export function logGroups(run: Pick<ActionRun, 'stdout'>): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::group::'))
    .map(line => line.slice('::group::'.length).trim())
}

/** The first and last lines of a log, enough to see why a run failed without drowning the test report. */
export function logExcerpt(text: string, head = 15, tail = 60): string {
  const lines = text.split('\n')
  if (lines.length <= head + tail) return text
  return [
    ...lines.slice(0, head),
    `... (${lines.length - head - tail} lines) ...`,
    ...lines.slice(-tail)
  ].join('\n')
}

/** What a test states about a run's end: the exit code first, with the errors and the log's end for when it differs. */
export function outcome(run: Pick<ActionRun, 'exitCode' | 'stdout' | 'stderr'>): {
  exitCode: number
  errors: string[]
  log: string
} {
  return { exitCode: run.exitCode, errors: errorAnnotations(run), log: logExcerpt(run.stdout + run.stderr) }
}
