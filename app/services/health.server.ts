/**
 * What /healthz reports, and whether it is healthy. It tells the truth by doing, not by
 * asking: the database is written to for real (a committed row on a fresh page, so a full
 * disk shows), the disk's free space is read, mail that is due and waiting too long counts,
 * and so does a queue step that has failed on every tick for five minutes. Waiting for
 * another process's write lock is asynchronous: /healthz never holds the event loop.
 * See docs/decisions/032-trust-round-2.md.
 */
import fs from 'node:fs'
import path from 'node:path'

import { and, eq, gt, inArray, lte, min, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'
import { outbox } from '#db/schema'

import { pendingEventMailJobs } from './event-mail-jobs.server'
import { setAsideItems } from './set-aside.server'
import { workerHeartbeat } from './worker.server'

export type Health = {
  ok: boolean
  /** What is wrong, in words, when not ok. */
  problems: string[]
  database: { readable: boolean; writable: boolean; freeBytes: number | null; error?: string }
  worker: {
    running: boolean
    lastTickAt: string | null
    lastError: { step: string; message: string; at: string } | null
    steps?: Record<string, { lastOkAt: string | null; lastError: string | null; running: boolean }>
    /** Items the steps set aside (one bad row never stops a queue), since the process started. */
    setAside?: { count: number; latest: { step: string; item: string; message: string; at: string } | null }
  }
  /**
   * Mail waiting to be sent (`oldestPendingSeconds`: how long the longest-waiting due mail has
   * waited; mail held until later on purpose does not count), and moved or cancelled events
   * whose mails the worker has still to render.
   */
  outbox: { pending: number; oldestPendingSeconds: number | null; eventMailJobs: number } | null
}

export type HealthOptions = {
  now?: number
  /** How long to wait (asynchronously) for another process's write lock before saying "not writable". */
  waitMs?: number
  /** Mail that is due and has waited longer than this is "stuck" (only when mail is expected to leave). */
  outboxMaxAgeSeconds?: number
  /** With no SMTP server configured, mail stays in the outbox by design: its age is reported, not judged. */
  mailConfigured?: boolean
  /** Free space under which the database's disk counts as full. */
  minFreeBytes?: number
  /** The database file, to read its disk's free space (none for ':memory:'). */
  databasePath?: string | null
  /** Reuse a write probe younger than this (the route: 1 s, so polling /healthz hard cannot turn into a write load). */
  probeEveryMs?: number
}

/** A queue step failing on every tick for this long makes the server unhealthy. */
export const QUEUE_FAILING_MS = 5 * 60_000

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const message = (error: unknown) =>
  error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One real write, committed: a row padded to a page (so it needs a fresh page or a freed
 * one, and its frames reach the WAL file), then the older probes deleted. Never waits for
 * the lock (busy_timeout 0): 'busy' means try again later.
 */
function writeProbe(db: DB, now: number): { ok: true } | { ok: false; busy: boolean; error: string } {
  const sqlite = db.$client
  const previous = sqlite.pragma('busy_timeout', { simple: true }) as number
  sqlite.pragma('busy_timeout = 0')
  try {
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    sqlite.exec('BEGIN IMMEDIATE')
    const { lastInsertRowid } = sqlite
      .prepare('insert into health_probes (at, pad) values (?, zeroblob(?))')
      .run(now, pageSize)
    sqlite.prepare('delete from health_probes where id < ?').run(lastInsertRowid)
    sqlite.exec('COMMIT')
    return { ok: true }
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
    const reason = isDatabaseUnavailable(error) ? error.data.reason : null
    return { ok: false, busy: reason === 'busy', error: reason ? `database ${reason}` : message(error) }
  } finally {
    sqlite.pragma(`busy_timeout = ${previous}`)
  }
}

type ProbeResult = Awaited<ReturnType<typeof probeOnce>>
const recentProbes = new WeakMap<DB, { at: number; result: ProbeResult }>()

async function probeWritable(db: DB, now: number, waitMs: number, reuseMs: number): Promise<ProbeResult> {
  const recent = recentProbes.get(db)
  if (recent && Date.now() - recent.at < reuseMs) return recent.result
  const result = await probeOnce(db, now, waitMs)
  // Only a success is reused: trouble is looked at afresh on every call.
  if (result.ok) recentProbes.set(db, { at: Date.now(), result })
  else recentProbes.delete(db)
  return result
}

async function probeOnce(db: DB, now: number, waitMs: number) {
  const started = Date.now()
  for (let pause = 5; ; pause = Math.min(pause * 2, 50)) {
    const result = writeProbe(db, now)
    if (result.ok || !result.busy || Date.now() - started >= waitMs) return result
    await sleep(Math.min(pause, Math.max(1, waitMs - (Date.now() - started))))
  }
}

function freeBytes(databasePath: string | null | undefined): number | null {
  if (!databasePath || databasePath === ':memory:') return null
  try {
    const stats = fs.statfsSync(path.dirname(path.resolve(databasePath)))
    return stats.bavail * stats.bsize
  } catch {
    return null
  }
}

/**
 * How long the longest-waiting due mail has waited, in seconds: a mail never tried counts
 * from when it became due (one held until later on purpose is not waiting yet); a mail being
 * retried counts from when it was queued.
 */
function backlog(db: DB, now: number): NonNullable<Health['outbox']> {
  const waiting = inArray(outbox.status, ['pending', 'sending'])
  const pending = db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(waiting)
    .get()!.n
  const firstDue = db
    .select({ at: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), eq(outbox.attempts, 0), lte(outbox.nextAttemptAt, new Date(now))))
    .get()?.at
  const firstRetried = db
    .select({ at: min(outbox.createdAt) })
    .from(outbox)
    .where(and(waiting, gt(outbox.attempts, 0)))
    .get()?.at
  const since = [firstDue, firstRetried].filter((d): d is Date => d instanceof Date).map((d) => d.getTime())
  return {
    pending,
    oldestPendingSeconds: since.length ? Math.max(0, Math.round((now - Math.min(...since)) / 1000)) : null,
    eventMailJobs: pendingEventMailJobs(db),
  }
}

export async function checkHealth(db: DB, options: HealthOptions = {}): Promise<Health> {
  const {
    now = Date.now(),
    waitMs = 200,
    outboxMaxAgeSeconds = 600,
    mailConfigured = false,
    minFreeBytes = 0,
    databasePath = null,
    probeEveryMs = 0,
  } = options
  const problems: string[] = []
  let readable = false
  let readError: string | undefined
  let outboxReport: Health['outbox'] = null
  try {
    outboxReport = backlog(db, now)
    readable = true
  } catch (error) {
    readError = message(error)
    problems.push(`the database cannot be read (${readError})`)
  }
  const write = readable
    ? await probeWritable(db, now, waitMs, probeEveryMs)
    : { ok: false as const, busy: false, error: readError }
  let writable = write.ok
  let writeError = write.ok ? undefined : write.error
  if (readable && !write.ok) problems.push(`the database does not take writes (${write.error})`)
  const free = freeBytes(databasePath)
  if (free !== null && free < minFreeBytes) {
    writable = false
    writeError ??= 'disk nearly full'
    problems.push(`the database's disk has ${Math.floor(free / 1024 / 1024)} MB free`)
  }
  if (
    mailConfigured &&
    outboxReport?.oldestPendingSeconds != null &&
    outboxReport.oldestPendingSeconds > outboxMaxAgeSeconds
  )
    problems.push(`mail has waited ${outboxReport.oldestPendingSeconds} s to be sent (limit ${outboxMaxAgeSeconds} s)`)

  const beat = workerHeartbeat()
  let worker: Health['worker'] = { running: false, lastTickAt: null, lastError: null }
  if (beat) {
    if (now - (beat.lastTickAt ?? beat.startedAt) > 3 * beat.intervalMs)
      problems.push('the background worker has not ticked for three intervals')
    for (const [name, s] of Object.entries(beat.steps)) {
      const failingSince = s.lastOkAt ?? beat.startedAt
      if (
        s.queue &&
        s.lastErrorAt !== null &&
        s.lastErrorAt > (s.lastOkAt ?? 0) &&
        now - failingSince >= QUEUE_FAILING_MS
      )
        problems.push(
          `the worker step "${name}" has failed on every try for ${Math.round((now - failingSince) / 60_000)} min`,
        )
    }
    const aside = setAsideItems()
    worker = {
      running: true,
      lastTickAt: iso(beat.lastTickAt),
      lastError: beat.lastError ? { ...beat.lastError, at: iso(beat.lastError.at)! } : null,
      steps: Object.fromEntries(
        Object.entries(beat.steps).map(([name, s]) => [
          name,
          { lastOkAt: iso(s.lastOkAt), lastError: s.lastError, running: s.runningSince !== null },
        ]),
      ),
      setAside: {
        count: aside.count,
        latest: aside.recent[0] ? { ...aside.recent[0], at: iso(aside.recent[0].at)! } : null,
      },
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    database: { readable, writable, freeBytes: free, ...(writeError ? { error: writeError } : {}) },
    worker,
    outbox: outboxReport,
  }
}
