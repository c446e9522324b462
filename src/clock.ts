/** Time as the pipeline sees it. Tests pass a fake clock so that no test sleeps for real. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Waits `ms`; ends early (resolving) once `signal` aborts, so a cancelled run leaves no timer behind. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise(resolve => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    })
}
