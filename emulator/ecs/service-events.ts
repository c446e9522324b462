// A service's event log (DescribeServices' `events`), newest first, with ECS's wording from rules.ts.
import { randomUUID } from 'node:crypto'
import { serviceOf } from './lookup.js'
import { messages } from './rules.js'
import type { EcsState, ServiceRecord, TaskRecord } from './state.js'

const maxEvents = 100

export function addEvent(state: EcsState, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: randomUUID(), createdAt: state.time, message })
  service.events.splice(maxEvents)
}

/** "registered/deregistered N targets in (target-group ...)", once per target group of each service. */
export function targetEvents(
  state: EcsState,
  tasks: TaskRecord[],
  verb: 'registered' | 'deregistered'
): void {
  const byService = new Map<ServiceRecord, number>()
  for (const t of tasks) {
    const service = serviceOf(state, t)
    if (service) byService.set(service, (byService.get(service) ?? 0) + 1)
  }
  for (const [service, count] of byService) {
    for (const lb of service.loadBalancers) {
      const targetGroup = typeof lb.targetGroupArn === 'string' ? lb.targetGroupArn : undefined
      if (targetGroup === undefined) continue
      addEvent(
        state,
        service,
        verb === 'registered'
          ? messages.registeredTargets(service.name, count, targetGroup)
          : messages.deregisteredTargets(service.name, count, targetGroup)
      )
    }
  }
}
