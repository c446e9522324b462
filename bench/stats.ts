// The figures the benchmarks print: seconds, medians and percentiles of milliseconds.

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Nearest-rank percentile: the smallest value at or above p% of them. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
