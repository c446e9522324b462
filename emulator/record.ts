/** One request the stand-in served, as tests and the control API see it. */
export interface RecordedRequest {
  time: number // ms since the epoch, when the request arrived
  service: 'ecs' | 'ecr' | 'sts' | 'logs' | 'elasticloadbalancing' | 'codedeploy' | 'registry' | 'unknown'
  operation: string
  input: unknown // parsed JSON body, query (STS, ELBv2) form fields, or {method, path} for the registry
  accessKeyId?: string
  identityArn?: string
  status?: number // 0 when the connection was dropped on purpose
  errorType?: string
}
