// CloudWatch Logs: the last lines of a stopped container's awslogs stream, to say why it stopped.
// Loaded only through the factory in clients.ts.
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import type { LogSource } from '../rollout/types.js'
import type { LogStreamReader } from '../run-task/follow.js'
import { clientConfig } from './config.js'
import { describeAwsError, errorName, isAccessDenied } from './errors.js'

/** Why a log tail could not be read; the rollout verdict never depends on it. */
export class LogUnavailable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LogUnavailable'
  }
}

/** The stopped containers' last lines (rollout) and a stream followed forward (the one-off task). */
export type ContainerLogs = LogSource & LogStreamReader

/**
 * Reads with the given client, or with a client for the stream's own region (awslogs-region) when it differs.
 * `clientFor` makes that client; by default with the shared configuration and the first client's credentials.
 */
export function createLogSource(
  client: CloudWatchLogsClient,
  clientFor?: (region: string) => CloudWatchLogsClient
): ContainerLogs {
  const others = new Map<string, CloudWatchLogsClient>()
  const make =
    clientFor ??
    ((region: string) =>
      new CloudWatchLogsClient({ ...clientConfig(region), credentials: client.config.credentials }))

  async function pick(region: string | undefined): Promise<CloudWatchLogsClient> {
    if (!region || region === (await client.config.region())) return client
    let other = others.get(region)
    if (!other) others.set(region, (other = make(region)))
    return other
  }

  return {
    async readForward(region, group, stream, token) {
      const logs = await pick(region)
      try {
        const response = await logs.send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            startFromHead: true,
            ...(token ? { nextToken: token } : {})
          })
        )
        return {
          lines: (response.events ?? []).map(e => (e.message ?? '').replace(/\r?\n$/, '')),
          nextForwardToken: response.nextForwardToken
        }
      } catch (e) {
        // The stream appears with the container's first line: until then there is nothing to read.
        if (errorName(e) === 'ResourceNotFoundException') return { lines: [], nextForwardToken: token }
        if (isAccessDenied(e))
          throw new LogUnavailable(
            `not allowed to read ${group} (grant logs:GetLogEvents on that log group to show the task's log)`
          )
        throw new LogUnavailable(`could not read ${group}/${stream}: ${describeAwsError(e)}`)
      }
    },

    async tail(region, group, stream, lines) {
      const logs = await pick(region)
      try {
        const response = await logs.send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            startFromHead: false,
            limit: lines
          })
        )
        // GetLogEvents lists a page oldest first, also when reading from the end.
        return (response.events ?? []).map(e => (e.message ?? '').replace(/\r?\n$/, ''))
      } catch (e) {
        if (errorName(e) === 'ResourceNotFoundException')
          throw new LogUnavailable(
            `log stream ${group}/${stream} does not exist (the container may never have written to it)`
          )
        if (isAccessDenied(e))
          throw new LogUnavailable(
            `not allowed to read ${group} (grant logs:GetLogEvents on that log group to show container logs)`
          )
        throw new LogUnavailable(`could not read ${group}/${stream}: ${describeAwsError(e)}`)
      }
    }
  }
}
