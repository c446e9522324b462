import type { Clock } from '../src/clock.js'

/** A clock that only moves when somebody sleeps on it: for tests. */
export class FakeClock implements Clock {
  constructor(private time = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  readonly sleeps: number[] = []
  private readonly scheduled: { at: number; fn: () => void }[] = []
  now(): number {
    return this.time
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    const until = this.time + ms
    // Things scheduled within this sleep happen at their time; one that aborts the sleep ends it there.
    for (;;) {
      const next = this.scheduled.filter(s => s.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!next) break
      this.scheduled.splice(this.scheduled.indexOf(next), 1)
      this.time = Math.max(this.time, next.at)
      next.fn()
      if (signal?.aborted) return
    }
    this.time = until
  }
  advance(ms: number): void {
    this.time += ms
  }
  /** Runs `fn` once the clock reaches `ms` after now (during a sleep): a signal, a scripted change. */
  at(ms: number, fn: () => void): void {
    this.scheduled.push({ at: this.time + ms, fn })
  }
}
