/**
 * Long work done in slices that give the event loop back between them, so other
 * requests (and `/livez`) are answered while a big file is read, planned or exported.
 * better-sqlite3 is synchronous: a slice is a stretch of plain JavaScript or a few
 * statements, never an await inside a transaction.
 */

import { yieldToLoop } from './slices'

/** One turn of the event loop (setImmediate): defined with the generator helpers in `slices.ts`. */
export { yieldToLoop }

/** How long a slice may hold the loop before it gives a turn. */
export const SLICE_MS = 15

/**
 * A clock for a loop of small steps: `await clock.turn()` after each step gives the loop a
 * turn once `sliceMs` has passed since the last one (cheap to call every row).
 */
export function sliceClock(sliceMs = SLICE_MS) {
  let since = performance.now()
  return {
    async turn() {
      if (performance.now() - since < sliceMs) return
      await yieldToLoop()
      since = performance.now()
    },
  }
}

/** Resolves when a stream wants more data ('drain'), or is closed (the reader went away). */
export function drained(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean }) {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.removeListener('drain', done)
      stream.removeListener('close', done)
      resolve()
    }
    stream.once('drain', done)
    stream.once('close', done)
  })
}

/**
 * The pages of a download for as long as someone is reading it: once the request's signal
 * aborts (the reader closed the connection), the next page is not read, so an abandoned
 * export of the whole directory stops instead of reading it to the end.
 */
export async function* whileWanted<T>(signal: AbortSignal, pages: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const page of pages) {
    if (signal.aborted) return
    yield page
  }
}
