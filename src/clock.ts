/** Time as the pipeline sees it. Tests pass a fake clock so that no test sleeps for real. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}

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
