/**
 * One bad row must not stop a queue. The worker's steps handle their rows one at a time
 * through `eachItem`: an item whose work throws is set aside — logged with the step and the
 * item, and remembered for /healthz — and the step goes on with the next. A busy, read-only
 * or full database is not the item's fault: that error stops the step, which the worker
 * retries after a pause, so nothing is skipped for it.
 * See docs/decisions/032-trust-round-2.md.
 */
import { isDatabaseUnavailable } from '#db/errors'

export type SetAsideItem = { step: string; item: string; message: string; at: number }

// Shared through globalThis: the server entry and the Remix build each load their own copy of this module.
const registry = globalThis as unknown as { __setAside?: { count: number; recent: SetAsideItem[] } }
const log = () => (registry.__setAside ??= { count: 0, recent: [] })

/** How many items the steps set aside since the process started, and the latest few. */
export function setAsideItems(): { count: number; recent: SetAsideItem[] } {
  const { count, recent } = log()
  return { count, recent: [...recent] }
}

export function recordSetAside(step: string, item: string, error: unknown, at = Date.now()) {
  const message = error instanceof Error ? error.message : String(error)
  const entry = log()
  entry.count++
  entry.recent = [{ step, item, message: message.slice(0, 300), at }, ...entry.recent].slice(0, 20)
  console.error(`[worker] ${step}: ${item} set aside:`, error)
}

/** Runs `run` for each item; returns how many were set aside. */
export function eachItem<T>(
  step: string,
  items: Iterable<T>,
  label: (item: T) => string,
  run: (item: T) => void,
): number {
  let setAside = 0
  for (const item of items) {
    try {
      run(item)
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error
      recordSetAside(step, label(item), error)
      setAside++
    }
  }
  return setAside
}
