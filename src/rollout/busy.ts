// Before changing the service: is somebody else's rollout still running? Wait for it, or refuse at once.
import type { Deployment, Service } from '@aws-sdk/client-ecs'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { EcsError } from '../aws/errors.js'
import { busyDeployments } from '../deploy/facts.js'
import { isRetryable, nextPollDelay } from './cadence.js'
import { formatDuration } from '../duration.js'
import { clockTime, deploymentState, progressLine, taskDefinitionLabel } from './progress.js'
import type { RolloutSource } from './types.js'
import { HEARTBEAT_MS } from './watch.js'

export interface IdleRequest {
  cluster: string
  service: string
  timeoutMs: number
  onBusy: 'wait' | 'fail'
  /** An earlier attempt of this run's deployment: followed afterwards, not waited for. */
  ownDeploymentId?: string
}

export interface IdleDeps {
  source: RolloutSource
  clock: Clock
  logger: Logger
  random?: () => number
}

function describeBusy(d: Deployment): string {
  const started = d.createdAt ? `, started ${clockTime(d.createdAt)} UTC` : ''
  return `deployment ${d.id ?? '?'} of ${taskDefinitionLabel(d.taskDefinition)} (${deploymentState(d)}${started})`
}

function checkActive(request: IdleRequest, service: Service | undefined): void {
  if (!service || (service.status && service.status !== 'ACTIVE'))
    throw new EcsError(
      `Service "${request.service}" ${service ? `is ${service.status}` : 'was not found'} in cluster "${request.cluster}"; ` +
        'it cannot be deployed to. Check service / cluster / aws-region.'
    )
}

/** Resolves when no deployment is rolling out; throws at once (on-busy fail) or after timeoutMs (wait). */
export async function waitForIdleService(request: IdleRequest, deps: IdleDeps): Promise<void> {
  const { source, clock, logger } = deps
  const random = deps.random ?? Math.random
  const start = clock.now()
  let polls = 0
  let throttled = 0
  let lastLine = ''
  let lastPrintAt = start
  let waitingFor: Deployment[] = []
  for (;;) {
    let service: Service | undefined
    try {
      polls++
      service = await source.describeService(request.cluster, request.service)
      throttled = 0
    } catch (e) {
      if (!isRetryable(e)) throw e
      throttled++
    }
    if (throttled === 0) {
      checkActive(request, service)
      const busy = busyDeployments(service, request.ownDeploymentId)
      if (busy.length === 0) {
        if (waitingFor.length > 0) {
          const ended = waitingFor.map(d => {
            const now = service?.deployments?.find(x => x.id === d.id)
            return `${d.id ?? '?'} ${now?.rolloutState ?? 'finished'}`
          })
          logger.info(
            `The other rollout is over (${ended.join(', ')}) after ${formatDuration(clock.now() - start)}; deploying now.`
          )
        }
        return
      }
      const what = busy.map(describeBusy).join('; ')
      if (request.onBusy === 'fail')
        throw new EcsError(
          `Service "${request.service}" is busy with another rollout: ${what}. on-busy is fail, so nothing was changed; ` +
            're-run when it has finished, or set on-busy: wait.'
        )
      if (waitingFor.length === 0)
        logger.info(
          `Service ${request.service} is busy with another rollout: ${what}. Waiting for it to finish.`
        )
      waitingFor = busy
      const focus = busy[0]!
      const line = progressLine(service?.deployments, focus.id ?? '', focus.taskDefinition ?? '', 'busy')
      if (line !== lastLine || clock.now() - lastPrintAt >= HEARTBEAT_MS) {
        logger.info(
          line === lastLine ? `Still waiting after ${formatDuration(clock.now() - start)}: ${line}` : line
        )
        lastLine = line
        lastPrintAt = clock.now()
      }
    }
    const elapsed = clock.now() - start
    if (elapsed >= request.timeoutMs)
      throw new EcsError(
        `Service "${request.service}" was still busy after ${formatDuration(request.timeoutMs)}: ` +
          `${waitingFor.map(describeBusy).join('; ') || 'ECS kept refusing DescribeServices'}. Nothing was changed; ` +
          're-run later or raise wait-for-minutes.'
      )
    // Nobody waits on another's rollout to the second: the slow cadence is enough.
    const delay = nextPollDelay({
      elapsedMs: elapsed + 20_000,
      polls,
      moving: false,
      nearDone: false,
      throttled,
      random: random()
    })
    await clock.sleep(Math.min(delay, request.timeoutMs - elapsed))
  }
}
