/**
 * What /healthz reports: whether the database can be read and written, the
 * worker's heartbeat, and the outbox backlog (with event mail still to render). Healthy means the database takes
 * writes and (when a worker runs in this process) it ticked within 3 intervals.
 */
import { and, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'
import { outbox } from '#db/schema'

import { pendingEventMailJobs } from './event-mail-jobs.server'
import { workerHeartbeat } from './worker.server'

export type Health = {
  ok: boolean
  database: { readable: boolean; writable: boolean; error?: string }
  worker: {
    running: boolean
    lastTickAt: string | null
    lastError: { step: string; message: string; at: string } | null
    steps?: Record<string, { lastOkAt: string | null; lastError: string | null; running: boolean }>
  }
  /** Mail waiting to be sent, and moved or cancelled events whose mails the worker has still to render. */
  outbox: { pending: number; oldestPendingSeconds: number | null; eventMailJobs: number } | null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const message = (error: unknown) =>
  error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)

/**
 * Can this connection take a write right now? Takes the write lock and changes the
 * header's user_version to itself, then rolls back: nothing reaches the file. Waits
 * at most `waitMs` for another writer.
 */
function probeWritable(db: DB, waitMs: number): { writable: boolean; error?: string } {
  const sqlite = db.$client
  const previous = sqlite.pragma('busy_timeout', { simple: true }) as number
  sqlite.pragma(`busy_timeout = ${waitMs}`)
  try {
    sqlite.exec('BEGIN IMMEDIATE')
    const version = sqlite.pragma('user_version', { simple: true }) as number
    sqlite.pragma(`user_version = ${version}`)
    sqlite.exec('ROLLBACK')
    return { writable: true }
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
    return { writable: false, error: isDatabaseUnavailable(error) ? `database ${error.data.reason}` : message(error) }
  } finally {
    sqlite.pragma(`busy_timeout = ${previous}`)
  }
}

export function health(db: DB, { now = Date.now(), waitMs = 200 } = {}): Health {
  let readable = false
  let readError: string | undefined
  let backlog: Health['outbox'] = null
  try {
    // A mail held by its address's quota is not late until it may go (`quota_at`).
    const since = sql`coalesce(${outbox.quotaAt}, ${outbox.createdAt})`
    const row = db
      .select({ pending: sql<number>`count(*)`, oldest: sql<number | null>`min(${since})` })
      .from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'sending']), sql`${since} <= ${now}`))
      .get()
    readable = true
    backlog = {
      pending: row?.pending ?? 0,
      oldestPendingSeconds: row?.oldest == null ? null : Math.max(0, Math.round((now - row.oldest) / 1000)),
      eventMailJobs: pendingEventMailJobs(db),
    }
  } catch (error) {
    readError = message(error)
  }
  const write = readable ? probeWritable(db, waitMs) : { writable: false, error: readError }
  const beat = workerHeartbeat()
  const worker: Health['worker'] = beat
    ? {
        running: true,
        lastTickAt: iso(beat.lastTickAt),
        lastError: beat.lastError ? { ...beat.lastError, at: iso(beat.lastError.at)! } : null,
        steps: Object.fromEntries(
          Object.entries(beat.steps).map(([name, s]) => [
            name,
            { lastOkAt: iso(s.lastOkAt), lastError: s.lastError, running: s.runningSince !== null },
          ]),
        ),
      }
    : { running: false, lastTickAt: null, lastError: null }
  const workerStale = beat ? now - (beat.lastTickAt ?? beat.startedAt) > 3 * beat.intervalMs : false
  return {
    ok: readable && write.writable && !workerStale,
    database: { readable, writable: write.writable, ...(write.error ? { error: write.error } : {}) },
    worker,
    outbox: backlog,
  }
}
