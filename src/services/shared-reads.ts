// Following several services at once with one DescribeServices per cluster per look, not one per service: each
// service's watcher asks for its own service as it always does; the asks of one tick are answered by one call per
// cluster (10 services per call, the API's limit), which also reads the cluster's other followed services, so their
// next ask is answered from that look while it is fresh. An UpdateService makes the cluster's looks stale at once.
import type { Service } from '@aws-sdk/client-ecs'
import type { EcsApi, ServicesReader } from '../aws/ecs.js'
import type { Clock } from '../clock.js'

/** DescribeServices takes at most this many services per call. */
export const SERVICES_PER_CALL = 10
/** A look at most this old answers a watcher that has not seen it yet (watchers look every 0.75 to 3 s). */
export const FRESH_MS = 1_000
/** A service asked for within this long counts as followed: it rides along in its cluster's next call. */
export const FOLLOWED_MS = 10_000

interface Look {
  service: Service | undefined
  at: number
  id: number
}

interface Waiter {
  resolve(service: Service | undefined): void
  reject(error: unknown): void
}

interface ClusterState {
  pending: Map<string, Waiter[]>
  scheduled: boolean
  askedAt: Map<string, number>
  looks: Map<string, Look>
  /** The id of the look each service's watcher was last handed. */
  handed: Map<string, number>
  /** Bumped by an update: a call that began before it leaves no look behind. */
  generation: number
}

export interface SharedReads {
  describeService(cluster: string, service: string): Promise<Service | undefined>
  /** The cluster's services changed (UpdateService): no look taken before counts any more. */
  invalidate(cluster: string): void
}

/** Does this service of the answer match the name or ARN it was asked by? */
function matches(service: Service, asked: string): boolean {
  if (service.serviceArn === asked || service.serviceName === asked) return true
  return asked.startsWith('arn:') && service.serviceName === asked.split('/').pop()
}

/** The services of one call each, asked first: at most `per` each, the others only filling the last call. */
export function callsFor(asked: string[], others: string[], per = SERVICES_PER_CALL): string[][] {
  const calls: string[][] = []
  for (let i = 0; i < asked.length; i += per) calls.push(asked.slice(i, i + per))
  const last = calls[calls.length - 1]
  if (last) last.push(...others.filter(o => !asked.includes(o)).slice(0, per - last.length))
  return calls
}

export function sharedReads(
  reader: ServicesReader,
  clock: Pick<Clock, 'now'>,
  defer: (fn: () => void) => void = fn => setImmediate(fn)
): SharedReads {
  const clusters = new Map<string, ClusterState>()
  let looks = 0
  const stateOf = (cluster: string): ClusterState => {
    let state = clusters.get(cluster)
    if (!state) {
      state = {
        pending: new Map(),
        scheduled: false,
        askedAt: new Map(),
        looks: new Map(),
        handed: new Map(),
        generation: 0
      }
      clusters.set(cluster, state)
    }
    return state
  }

  const flush = (cluster: string, state: ClusterState) => {
    state.scheduled = false
    const waiting = state.pending
    state.pending = new Map()
    const now = clock.now()
    const followed = [...state.askedAt].filter(([, at]) => now - at < FOLLOWED_MS).map(([name]) => name)
    for (const names of callsFor([...waiting.keys()], followed)) {
      const id = ++looks
      const generation = state.generation
      reader.describeServices(cluster, names).then(
        answer => {
          for (const name of names) {
            const service = answer.services.find(s => matches(s, name))
            if (generation === state.generation) state.looks.set(name, { service, at: now, id })
            const waiters = waiting.get(name) ?? []
            if (waiters.length > 0) state.handed.set(name, id)
            for (const w of waiters) w.resolve(service)
          }
        },
        (error: unknown) => {
          // Every caller of the call gets its error, to retry (throttling) or fail as it would alone.
          for (const name of names) for (const w of waiting.get(name) ?? []) w.reject(error)
        }
      )
    }
  }

  return {
    describeService(cluster, service) {
      const state = stateOf(cluster)
      const now = clock.now()
      state.askedAt.set(service, now)
      const look = state.looks.get(service)
      if (look && now - look.at < FRESH_MS && look.id > (state.handed.get(service) ?? 0)) {
        state.handed.set(service, look.id)
        return Promise.resolve(look.service)
      }
      return new Promise((resolve, reject) => {
        const waiters = state.pending.get(service) ?? []
        waiters.push({ resolve, reject })
        state.pending.set(service, waiters)
        if (state.scheduled) return
        state.scheduled = true
        defer(() => flush(cluster, state))
      })
    },
    invalidate(cluster) {
      const state = stateOf(cluster)
      state.generation++
      state.looks.clear()
    }
  }
}

/** The ECS API with its service reads shared, and its updates making the cluster's looks stale. */
export function withSharedReads(ecs: EcsApi, reads: SharedReads): EcsApi {
  return {
    ...ecs,
    describeService: (cluster, service) => reads.describeService(cluster, service),
    updateService: async update => {
      reads.invalidate(update.cluster)
      try {
        return await ecs.updateService(update)
      } finally {
        reads.invalidate(update.cluster)
      }
    }
  }
}
