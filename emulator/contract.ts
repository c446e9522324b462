// The seam between the stand-in's server (emulator/server.ts and friends) and its ECS model (emulator/ecs/).
import type { AwsError } from './errors.js'

/** Who made a call, as the server resolved it from the SigV4 access key. */
export interface CallerIdentity {
  accessKeyId: string
  arn: string
  accountId: string
}

/** One IAM authorization a call needs: the server checks each against the caller's policies. */
export interface IamCheck {
  action: string // e.g. "ecs:UpdateService", "iam:PassRole"
  resource: string // an ARN or "*"
  context?: Record<string, string> // condition keys, e.g. { "iam:PassedToService": "ecs-tasks.amazonaws.com", "ecs:cluster": "arn:..." }
}

/** What the ECS model needs to know about images in the registry (to fail pulls realistically). */
export interface ImageLookup {
  /** True when the image URI names the stand-in's registry and the tag or digest is there; undefined when it cannot tell. */
  exists(imageUri: string): Promise<boolean | undefined>
}

export interface EcsModelOptions {
  region: string
  accountId: string
  /** Real milliseconds since the epoch; the model scales durations itself. */
  now: () => number
  /** ECS seconds per real second: 60 turns a 3-minute rollout into 3 seconds. */
  speed: number
  images?: ImageLookup
}

/** A service model: handles one ECS operation (its JSON input) and returns its JSON output, or throws AwsError. */
export interface EcsModel {
  handle(operation: string, input: Record<string, unknown>, caller: CallerIdentity): Promise<unknown>
  /** The IAM checks one ECS call needs (including iam:PassRole for roles in a task definition). */
  iamChecks(operation: string, input: Record<string, unknown>): IamCheck[]
  /** One CodeDeploy operation: CodeDeploy's deployments move the ECS services' task sets on the same timeline. */
  codeDeploy(operation: string, input: Record<string, unknown>): Promise<unknown>
  codeDeployIamChecks(operation: string, input: Record<string, unknown>): IamCheck[]
  /** Replace parts of the rollout scenario (see EcsScenario in emulator/ecs/scenario.ts). */
  setScenario(scenario: Record<string, unknown>): void
  /** A plain snapshot for tests and the control API: clusters, services (with deployments, events), task definitions, tasks. */
  snapshot(): unknown
  /** How long a running task drains before it stops, in real seconds (the scenario's drainSeconds at this speed). */
  drainDelaySeconds(): number
  /** Every target group ARN that a service record (any cluster, any status) names in its loadBalancers. */
  targetGroupArns(): Set<string>
  /** Log lines that containers of stopped tasks wrote, for the CloudWatch Logs handler: keyed by `${logGroup}\n${logStream}`. */
  logStreams(): Map<string, { timestamp: number; message: string }[]>
}

export type { AwsError }
