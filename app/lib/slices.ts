/**
 * Long computations in slices, so one of them does not hold the server's only thread: the work is a
 * generator that `yield`s between small pieces; `runSliced` lets other requests and timers run
 * between slices of a few milliseconds, `runToEnd` does it all at once (tests, scripts, benches).
 */

/** A computation that pauses (`yield`) between pieces of work and returns a T. */
export type Steps<T> = Generator<void, T, void>

/** Runs the whole computation at once. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Lets everything waiting on the event loop (requests, timers, I/O) run, then resumes. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Runs the computation, handing the event loop back after every `sliceMs` milliseconds of it. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
  let started = performance.now()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    if (performance.now() - started >= sliceMs) {
      await yieldToLoop()
      started = performance.now()
    }
  }
}

/** A loop over 0 … n − 1 in slices: `body(from, to)` handles [from, to), in order, with a pause after each. */
export function* loopInSlices(n: number, body: (from: number, to: number) => void, slice = 65_536): Steps<void> {
  for (let from = 0; from < n; from += slice) {
    body(from, Math.min(n, from + slice))
    yield
  }
}
