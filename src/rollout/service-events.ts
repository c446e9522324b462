// The service's side of a deployment ECS or CodeDeploy runs: DescribeServices for its events since the deployment
// began, and which service deployment is the service's current one (to tell one superseded by a newer deployment).
import type { Service } from '@aws-sdk/client-ecs'
import { describeAwsError } from '../aws/errors.js'
import type { Logger } from '../log.js'
import { eventKey, formatEvent, freshEvents } from './progress.js'
import type { RolloutSource, ServiceEventLine } from './types.js'

/** An event line's identity across two watches of one service (their lines carry no event id). */
const lineKey = (e: ServiceEventLine): string => `${e.createdAt.getTime()} ${e.message}`

export class ServiceEvents {
  private readonly seen = new Set<string>()
  private readonly saidBefore: Set<string>
  /** Every event seen, oldest first. */
  readonly lines: ServiceEventLine[] = []
  /** The service's currentServiceDeployment at the last read. */
  currentArn?: string
  lastReadAt = -Infinity

  constructor(
    private readonly source: RolloutSource,
    private readonly where: { cluster: string; service: string },
    /** Events from before this moment (local ms) are not this deployment's. */
    private readonly since: number,
    private readonly logger: Logger,
    private readonly say: (line: string) => void,
    /** Lines an earlier watch of the same service already printed (the way back after a completed deployment). */
    saidBefore: ServiceEventLine[] = []
  ) {
    this.saidBefore = new Set(saidBefore.map(lineKey))
  }

  /** One DescribeServices: says each new event; a failed read is logged and the watch goes on. */
  async read(now: number): Promise<void> {
    this.lastReadAt = now
    let service: Service | undefined
    try {
      service = await this.source.describeService(this.where.cluster, this.where.service)
    } catch (e) {
      this.logger.debug(`Could not read the service's events: ${describeAwsError(e)}`)
      return
    }
    this.currentArn = service?.currentServiceDeployment ?? this.currentArn
    for (const event of freshEvents(service?.events, this.seen, this.since)) {
      this.seen.add(eventKey(event))
      const line = { createdAt: event.createdAt ?? new Date(now), message: event.message ?? '' }
      if (this.saidBefore.has(lineKey(line))) continue
      this.lines.push(line)
      this.say(formatEvent(event))
    }
  }
}

/** Two watches' events of one service, each event once, oldest first. */
export function mergeEvents(a: ServiceEventLine[], b: ServiceEventLine[]): ServiceEventLine[] {
  const seen = new Set<string>()
  return [...a, ...b]
    .filter(e => {
      const key = lineKey(e)
      return !seen.has(key) && seen.add(key)
    })
    .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
}
