import type { Clock } from '../src/clock.js'

/** A clock that only moves when somebody sleeps on it: for tests. */
export class FakeClock implements Clock {
  constructor(private time = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  readonly sleeps: number[] = []
  now(): number {
    return this.time
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.time += ms
  }
  advance(ms: number): void {
    this.time += ms
  }
}
