// Cancellation of the workflow run: the runner sends SIGINT, SIGTERM 7.5 s later, and kills the process tree 2.5 s
// after that. The signals come through a small interface (tests send them on the fake clock); the pipeline sees one
// AbortSignal, a clock whose sleep stops at once, and a RunCancelled error from whatever it was waiting on.
import type { Clock } from './clock.js'

export type CancelSignal = 'SIGINT' | 'SIGTERM'

/** Where the runner's signals arrive: process signals in the action, scripted ones in tests. */
export interface Signals {
  /** Calls `handler` on each `signal`; the returned function removes it. */
  on(signal: CancelSignal, handler: () => void): () => void
}

export const processSignals: Signals = {
  on(signal, handler) {
    process.on(signal, handler)
    return () => {
      process.off(signal, handler)
    }
  }
}

/** The runner's grace period: SIGTERM this long after SIGINT... */
export const SIGTERM_AFTER_MS = 7_500
/** ...and the process tree killed this long after SIGTERM. */
export const KILL_AFTER_SIGTERM_MS = 2_500
/** What an on-cancel rollback call may take, so its answer is in before SIGTERM. */
export const CANCEL_CALL_BUDGET_MS = 5_000

/** Thrown by whatever the pipeline waited on when the run was cancelled. `done` collects what stages did about it. */
export class RunCancelled extends Error {
  readonly done: string[] = []
  constructor(readonly signal: CancelSignal = 'SIGINT') {
    super(`The workflow run was cancelled (${signal}).`)
    this.name = 'RunCancelled'
  }
}

export function isCancelled(error: unknown): error is RunCancelled {
  return error instanceof RunCancelled
}

/** The run's view of cancellation. */
export interface Cancellation {
  readonly signal: AbortSignal
  /** Set by the first SIGINT or SIGTERM. */
  readonly requested?: { signal: CancelSignal; at: number }
  /** The error to throw once cancelled: the same one for the whole run, so stages can add what they did. */
  error(): RunCancelled
  /** Throws the cancellation when the run was cancelled. */
  throwIfCancelled(): void
  /** Removes the signal handlers. */
  dispose(): void
}

export interface CancellationHooks {
  /** On the first signal: stop child processes, say so. */
  onCancel(signal: CancelSignal): void
  /** On SIGTERM (the kill comes 2.5 s later): what must not be left behind, now. */
  onSigterm(): void
}

export function watchForCancellation(signals: Signals, clock: Clock, hooks: CancellationHooks): Cancellation {
  const controller = new AbortController()
  let requested: Cancellation['requested']
  let error: RunCancelled | undefined
  const cancel = (signal: CancelSignal) => {
    if (!requested) {
      requested = { signal, at: clock.now() }
      error = new RunCancelled(signal)
      controller.abort(error)
      hooks.onCancel(signal)
    }
    if (signal === 'SIGTERM') hooks.onSigterm()
  }
  const removers = [
    signals.on('SIGINT', () => cancel('SIGINT')),
    signals.on('SIGTERM', () => cancel('SIGTERM'))
  ]
  return {
    signal: controller.signal,
    get requested() {
      return requested
    },
    error: () => (error ??= new RunCancelled()),
    throwIfCancelled() {
      if (requested) throw error
    },
    dispose: () => removers.forEach(remove => remove())
  }
}

/**
 * A clock whose sleep ends with RunCancelled as soon as the run is cancelled (and at once once it was); with another
 * signal and error, as soon as that signal aborts.
 */
export function cancellableClock(
  clock: Clock,
  cancellation: { readonly signal: AbortSignal; error(): Error }
): Clock {
  const { signal } = cancellation
  return {
    now: () => clock.now(),
    sleep: ms =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(cancellation.error())
        const onAbort = () => reject(cancellation.error())
        signal.addEventListener('abort', onAbort, { once: true })
        clock.sleep(ms, signal).then(
          () => {
            signal.removeEventListener('abort', onAbort)
            if (signal.aborted) reject(cancellation.error())
            else resolve()
          },
          (e: unknown) => {
            signal.removeEventListener('abort', onAbort)
            reject(signal.aborted ? cancellation.error() : e)
          }
        )
      })
  }
}

/** Resolves with `work`'s answer, or rejects once `ms` have passed on the real clock (a call that must not hang). */
export async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}
