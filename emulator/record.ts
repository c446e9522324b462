import type { AwsService } from './model-fields.js'

/** One request the stand-in served, as tests and the control API see it. */
export interface RecordedRequest {
  time: number // ms since the epoch, when the request arrived
  /** ms since the epoch, once the stand-in had answered it: what the answer says was true by then (the model
   * moves on when it handles a request, a moment after `time`). */
  answeredAt?: number
  service: AwsService | 'registry' | 'unknown'
  operation: string
  input: unknown // parsed JSON body, query (STS, ELBv2) form fields, or {method, path} for the registry
  accessKeyId?: string
  identityArn?: string
  status?: number // 0 when the connection was dropped on purpose
  errorType?: string
  /** What the stand-in injected (see faults.ts); with drop-after, status is what the service did. */
  fault?: 'throttle' | 'server-error' | 'drop' | 'drop-after'
}
