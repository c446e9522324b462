import type { CancelSignal, Signals } from '../src/cancel.js'

/** The runner's signals, sent by the test (often from FakeClock.at, at a moment of the fake clock). */
export class FakeSignals implements Signals {
  private readonly handlers = new Map<CancelSignal, Set<() => void>>()
  on(signal: CancelSignal, handler: () => void): () => void {
    const set = this.handlers.get(signal) ?? new Set()
    set.add(handler)
    this.handlers.set(signal, set)
    return () => set.delete(handler)
  }
  send(signal: CancelSignal): void {
    for (const handler of [...(this.handlers.get(signal) ?? [])]) handler()
  }
  /** Handlers still installed (run() removes its own when it ends). */
  get listening(): number {
    return [...this.handlers.values()].reduce((n, set) => n + set.size, 0)
  }
}
