/**
 * Mail to every registrant when an event moves or is cancelled (and a working-group meeting's
 * notice to its members when it is published), out of the change's
 * transaction. The change queues one job row (`queueEventMailJob`, inside its own
 * transaction, so the job exists exactly when the change does); the worker renders the
 * mails a batch at a time (`runEventMailJobs`), each batch its own short transaction, so
 * no write waits long behind a webinar with thousands of registrants. Every mail keeps
 * its outbox key (`registration:<id>:<kind>:seq<sequence>`): a batch retried after a
 * crash sends nobody a second copy.
 */
import { and, asc, eq, gt, inArray, isNull, lte, max, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type EventMailJobKind, eventMailJobs, registrations } from '#db/schema'

import type { CalendarEvent } from './calendar.server'
import { enqueueMail } from './outbox.server'
import { renderRegistrationMailFor } from './registrations.server'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

/** Registrations a batch renders (outside the lock); writing them holds the lock for milliseconds. */
const BATCH = 50

const recipients = (withWaitlist: boolean) =>
  inArray(registrations.status, withWaitlist ? ['confirmed', 'waitlisted'] : ['confirmed'])

/**
 * Queues the mails of a calendar change: returns how many registrants will be written to.
 * An unfinished job for the same event is superseded (its registrants get the newer mail,
 * which carries the latest times); a move keeps the times people were last told about.
 */
export function queueEventMailJob(
  tx: Tx,
  {
    eventId,
    kind,
    sequence,
    previousStartsAt = null,
    previousEndsAt = null,
  }: {
    eventId: number
    kind: EventMailJobKind
    sequence: number
    previousStartsAt?: Date | null
    previousEndsAt?: Date | null
  },
  now = new Date(),
): number {
  const withWaitlist = kind === 'eventCancelled'
  const pending = tx
    .select()
    .from(eventMailJobs)
    .where(and(eq(eventMailJobs.eventId, eventId), isNull(eventMailJobs.doneAt)))
    .orderBy(asc(eventMailJobs.id))
    .all()
  // A meeting changed before all its notices went out: everyone still gets a notice (with the new details).
  if (kind === 'updated' && pending.some((j) => j.kind === 'notice')) kind = 'notice'
  const earlierMove = pending.find((j) => j.kind === 'updated' && j.previousStartsAt && j.cursor === 0)
  if (kind === 'updated' && earlierMove) {
    previousStartsAt = earlierMove.previousStartsAt
    previousEndsAt = earlierMove.previousEndsAt
  }
  if (pending.length)
    tx.update(eventMailJobs)
      .set({ doneAt: now })
      .where(
        inArray(
          eventMailJobs.id,
          pending.map((j) => j.id),
        ),
      )
      .run()
  const last =
    tx
      .select({ id: max(registrations.id) })
      .from(registrations)
      .where(eq(registrations.eventId, eventId))
      .get()?.id ?? 0
  const count =
    tx
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), recipients(withWaitlist)))
      .get()?.n ?? 0
  if (count === 0) return 0
  tx.insert(eventMailJobs)
    .values({
      eventId,
      kind,
      sequence,
      withWaitlist,
      previousStartsAt,
      previousEndsAt,
      lastRegistrationId: last,
      createdAt: now,
    })
    .run()
  return count
}

/** How many moved or cancelled events still have mail to render (`/healthz` shows it). */
export function pendingEventMailJobs(db: Pick<DB, 'select'>): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(eventMailJobs)
      .where(isNull(eventMailJobs.doneAt))
      .get()?.n ?? 0
  )
}

/**
 * One batch of the oldest unfinished job; false when there is nothing left to do. The mails
 * are rendered outside any write transaction (reads only); the write lock is taken only to
 * put them in the outbox and move the cursor, after checking that the job is where it was.
 */
function runBatch(db: DB, baseUrl: string, now: Date, batch: number): { lockMs: number } | null {
  const job = db
    .select()
    .from(eventMailJobs)
    .where(isNull(eventMailJobs.doneAt))
    .orderBy(asc(eventMailJobs.id))
    .limit(1)
    .get()
  if (!job) return null
  const ids = db
    .select({ id: registrations.id })
    .from(registrations)
    .where(
      and(
        eq(registrations.eventId, job.eventId),
        recipients(job.withWaitlist),
        gt(registrations.id, job.cursor),
        lte(registrations.id, job.lastRegistrationId),
      ),
    )
    .orderBy(asc(registrations.id))
    .limit(batch)
    .all()
    .map((r) => r.id)
  const previous =
    job.kind === 'updated' && job.previousStartsAt && job.previousEndsAt
      ? { previousStartsAt: job.previousStartsAt, previousEndsAt: job.previousEndsAt }
      : {}
  const cache = new Map<string, CalendarEvent | undefined>()
  const rendered = ids.flatMap((id) => {
    try {
      const mail = renderRegistrationMailFor(
        db,
        {
          kind: job.kind,
          registrationId: id,
          uniqueKey: `registration:${id}:${job.kind}:seq${job.sequence}`,
          ...previous,
        },
        { baseUrl, events: cache },
      )
      return mail ? [{ id, mail }] : []
    } catch (error) {
      // One registrant's mail that cannot be rendered must not hold up everyone after them.
      console.error(`[event-mail] registration ${id}: ${job.kind} mail not rendered:`, error)
      return []
    }
  })
  const locked = performance.now()
  db.transaction(
    (tx) => {
      // Superseded or advanced meanwhile (a newer change): this batch is dropped, the next pass sees the new state.
      const current = tx.select().from(eventMailJobs).where(eq(eventMailJobs.id, job.id)).get()
      if (!current || current.doneAt || current.cursor !== job.cursor) return
      // Someone who cancelled while the batch was rendered gets nothing.
      const still = new Set(
        tx
          .select({ id: registrations.id })
          .from(registrations)
          .where(
            and(
              inArray(
                registrations.id,
                rendered.map((r) => r.id),
              ),
              recipients(job.withWaitlist),
            ),
          )
          .all()
          .map((r) => r.id),
      )
      let queued = 0
      for (const { id, mail } of rendered) if (still.has(id) && enqueueMail(tx, mail, now)) queued++
      tx.update(eventMailJobs)
        .set({
          cursor: ids.at(-1) ?? job.cursor,
          queued: job.queued + queued,
          doneAt: ids.length < batch ? now : null,
        })
        .where(eq(eventMailJobs.id, job.id))
        .run()
    },
    { behavior: 'immediate' },
  )
  return { lockMs: performance.now() - locked }
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The worker's step: renders queued event mail batch by batch, yielding between batches so
 * requests are served, until nothing is left or `budgetMs` has passed (the next tick goes on).
 * Returns how many batches ran and the longest time one held the write lock.
 */
export async function runEventMailJobs(
  db: DB,
  {
    baseUrl,
    budgetMs = 2000,
    batch = BATCH,
    now = () => new Date(),
  }: { baseUrl: string; budgetMs?: number; batch?: number; now?: () => Date },
): Promise<{ batches: number; longestLockMs: number }> {
  const started = performance.now()
  const done = { batches: 0, longestLockMs: 0 }
  for (let ran = runBatch(db, baseUrl, now(), batch); ran; ran = runBatch(db, baseUrl, now(), batch)) {
    done.batches++
    done.longestLockMs = Math.max(done.longestLockMs, ran.lockMs)
    if (performance.now() - started > budgetMs) break
    await pause()
  }
  return done
}
