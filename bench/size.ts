/**
 * What every bench shares: its size (`--smoke`, or BENCH_SMOKE=1, for the tiny run CI
 * does to prove the bench still works; the full size otherwise), the median of timed
 * runs, and the peak resident memory seen while it ran. Nothing here comes from the
 * test runner: benches run with plain `tsx`.
 */
export const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'

/** The full size, or the smoke size when asked for a smoke run. */
export const size = (full: number, smoke: number): number => (SMOKE ? smoke : full)

let peak = 0
/** Records the current resident memory; `peakRssMb()` reports the highest seen. */
export const sampleRss = () => {
  peak = Math.max(peak, process.memoryUsage().rss)
}
export const peakRssMb = () => {
  sampleRss()
  return Math.round(peak / 1024 / 1024)
}

/** Median milliseconds (one decimal) of `runs` timed calls after one warm-up call. */
export function medianMs(fn: () => unknown, runs = 7): number {
  fn()
  const times = Array.from({ length: runs }, () => {
    const a = performance.now()
    fn()
    const ms = performance.now() - a
    sampleRss()
    return ms
  }).sort((a, b) => a - b)
  return Math.round(times[Math.floor(runs / 2)] * 10) / 10
}
