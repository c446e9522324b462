// How long something took, as every line and table of the action shows it: "850ms", "4.5s", "6s", "45s", "2m05s",
// "1h02m".

export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms)
  if (clamped < 1000) return `${Math.round(clamped)}ms`
  // Under 10 s a tenth still tells stages apart (a login, a registration); beyond it whole seconds do.
  if (clamped < 9950) return `${(clamped / 1000).toFixed(1).replace(/\.0$/, '')}s`
  const s = Math.round(clamped / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
