/**
 * A newsletter written once with one version per language, sent to a saved audience.
 * Sending creates one delivery row per newsletter × person (unique), which the dispatcher
 * (dispatch.server.ts) works through; scheduling, pausing and progress.
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, ne, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type DELIVERY_STATUSES, LANGUAGES } from '#db/domain'
import {
  audiences,
  deliveries,
  type Language,
  mailingLists,
  newsletterLists,
  newsletters,
  newsletterVersions,
  people,
} from '#db/schema'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { audienceCounts, audienceWhere, reachable } from './audiences.server'
import { listsOfNewsletter, setNewsletterLists, subscribedToAny } from './lists.server'
type Reader_ = Pick<DB, 'select'>
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export type VersionInput = { subject: string; preheader: string; bodyMarkdown: string; complete: boolean }
export type NewsletterInput = {
  slug: string
  audienceId: number | null
  /** The topic lists it goes to (their subscribers, narrowed by the audience if there is one); kept when absent. */
  listIds?: number[]
  versions: Partial<Record<Language, VersionInput>>
}

export function listNewslettersForStaff(db: Reader_) {
  const rows = db
    .select({
      id: newsletters.id,
      slug: newsletters.slug,
      status: newsletters.status,
      scheduledAt: newsletters.scheduledAt,
      sendStartedAt: newsletters.sendStartedAt,
      sentAt: newsletters.sentAt,
      createdAt: newsletters.createdAt,
      audienceName: audiences.name,
      subject: newsletterVersions.subject,
    })
    .from(newsletters)
    .leftJoin(audiences, eq(audiences.id, newsletters.audienceId))
    .leftJoin(
      newsletterVersions,
      and(eq(newsletterVersions.newsletterId, newsletters.id), eq(newsletterVersions.language, 'en')),
    )
    .orderBy(desc(newsletters.createdAt), desc(newsletters.id))
    .all()
  const totals = deliveryTotals(
    db,
    rows.map((r) => r.id),
  )
  const lists = rows.length
    ? db
        .select({ newsletterId: newsletterLists.newsletterId, name: mailingLists.name })
        .from(newsletterLists)
        .innerJoin(mailingLists, eq(mailingLists.id, newsletterLists.listId))
        .where(
          inArray(
            newsletterLists.newsletterId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(mailingLists.position))
        .all()
    : []
  return rows.map((r) => ({
    ...r,
    totals: totals.get(r.id) ?? emptyTotals(),
    lists: lists.filter((l) => l.newsletterId === r.id).map((l) => l.name),
  }))
}

const emptyTotals = (): Record<DeliveryStatus, number> & { total: number } => ({
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  total: 0,
})

function deliveryTotals(db: Reader_, ids: number[]) {
  const map = new Map<number, ReturnType<typeof emptyTotals>>()
  if (ids.length === 0) return map
  const rows = db
    .select({ newsletterId: deliveries.newsletterId, status: deliveries.status, n: count() })
    .from(deliveries)
    .where(inArray(deliveries.newsletterId, ids))
    .groupBy(deliveries.newsletterId, deliveries.status)
    .all()
  for (const r of rows) {
    const totals = map.get(r.newsletterId) ?? emptyTotals()
    totals[r.status] = r.n
    totals.total += r.n
    map.set(r.newsletterId, totals)
  }
  return map
}

export function getNewsletter(db: Reader_, id: number) {
  const newsletter = db.select().from(newsletters).where(eq(newsletters.id, id)).get()
  if (!newsletter) return null
  const versions = db.select().from(newsletterVersions).where(eq(newsletterVersions.newsletterId, id)).all()
  return { ...newsletter, versions }
}

export const EDITABLE = ['draft', 'scheduled'] as const

export function saveNewsletter(
  db: DB,
  { id, newsletter: input }: { id: number | null; newsletter: NewsletterInput },
  { actorId: staffId, now = new Date() }: ActorCtx,
): { ok: true; id: number } | { ok: false; error: 'slugTaken' | 'notEditable' | 'notFound' } {
  return db.transaction(
    (tx) => {
      if (id !== null) {
        const current = tx.select({ status: newsletters.status }).from(newsletters).where(eq(newsletters.id, id)).get()
        if (!current) return { ok: false as const, error: 'notFound' as const }
        if (!(EDITABLE as readonly string[]).includes(current.status))
          return { ok: false as const, error: 'notEditable' as const }
      }
      const clash = tx
        .select({ id: newsletters.id })
        .from(newsletters)
        .where(
          id === null
            ? eq(newsletters.slug, input.slug)
            : and(eq(newsletters.slug, input.slug), ne(newsletters.id, id)),
        )
        .get()
      if (clash) return { ok: false as const, error: 'slugTaken' as const }
      let newsletterId = id
      if (newsletterId === null) {
        newsletterId = tx
          .insert(newsletters)
          .values({ slug: input.slug, audienceId: input.audienceId, createdById: staffId })
          .returning({ id: newsletters.id })
          .get().id
      } else {
        tx.update(newsletters)
          .set({ slug: input.slug, audienceId: input.audienceId, updatedAt: now })
          .where(eq(newsletters.id, newsletterId))
          .run()
      }
      if (input.listIds) setNewsletterLists(tx, newsletterId, input.listIds)
      for (const language of LANGUAGES) {
        const v = input.versions[language]
        if (!v) {
          tx.delete(newsletterVersions)
            .where(and(eq(newsletterVersions.newsletterId, newsletterId), eq(newsletterVersions.language, language)))
            .run()
          continue
        }
        tx.insert(newsletterVersions)
          .values({ newsletterId, language, ...v, updatedAt: now })
          .onConflictDoUpdate({
            target: [newsletterVersions.newsletterId, newsletterVersions.language],
            set: { ...v, updatedAt: now },
          })
          .run()
      }
      recordAudit(
        tx,
        {
          actorId: staffId,
          action: id === null ? 'newsletter.created' : 'newsletter.updated',
          entityType: 'newsletter',
          entityId: newsletterId,
        },
        now,
      )
      return { ok: true as const, id: newsletterId }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Who a newsletter goes to: the subscribers of its lists (less those who chose the monthly
 * digest), narrowed by its audience; or, with no list, its audience. Null when it has neither.
 */
export function newsletterReach(db: Reader_, id: number) {
  const newsletter = db
    .select({ audienceId: newsletters.audienceId })
    .from(newsletters)
    .where(eq(newsletters.id, id))
    .get()
  if (!newsletter) return null
  const audience =
    newsletter.audienceId === null
      ? null
      : (db
          .select({ name: audiences.name, criteria: audiences.criteria })
          .from(audiences)
          .where(eq(audiences.id, newsletter.audienceId))
          .get() ?? null)
  const lists = listsOfNewsletter(db, id)
  if (!audience && !lists.length) return null
  const listIds = lists.map((l) => l.id)
  const criteria = audience?.criteria ?? null
  const where = and(
    criteria ? audienceWhere(criteria) : undefined,
    listIds.length ? and(subscribedToAny(listIds), isNull(people.newsletterDigestSince)) : undefined,
    reachable,
  )!
  return { audienceName: audience?.name ?? null, lists, where, counts: audienceCounts(db, criteria, listIds) }
}

export type SendProblem = 'noAudience' | 'englishIncomplete' | 'notEditable' | 'notFound' | 'emptyAudience'

/** Why an newsletter cannot go out yet, or null when it can. */
export function sendProblem(db: Reader_, id: number): SendProblem | null {
  const newsletter = getNewsletter(db, id)
  if (!newsletter) return 'notFound'
  if (!(EDITABLE as readonly string[]).includes(newsletter.status)) return 'notEditable'
  const english = newsletter.versions.find((v) => v.language === 'en')
  if (!english?.complete || !english.subject.trim() || !english.bodyMarkdown.trim()) return 'englishIncomplete'
  const reach = newsletterReach(db, id)
  if (!reach) return 'noAudience'
  if (reach.counts.recipients === 0) return 'emptyAudience'
  return null
}

/**
 * Starts sending: one queued delivery per person it reaches (newsletterReach), in their
 * language, all in one transaction. Starting twice adds nobody twice.
 */
export function startSending(
  db: DB,
  id: number,
  actorId: number | null,
  now = new Date(),
): { ok: true; queued: number } | { ok: false; error: SendProblem } {
  return db.transaction(
    (tx) => {
      const problem = sendProblem(tx, id)
      if (problem) return { ok: false as const, error: problem }
      const { where, counts, lists } = newsletterReach(tx, id)!
      tx.run(
        sql`update ${people} set unsubscribe_token = lower(hex(randomblob(16))) where ${people.unsubscribeToken} is null and ${where}`,
      )
      const inserted = tx.run(
        sql`insert into ${deliveries} (newsletter_id, person_id, language, status, next_attempt_at)
            select ${id}, ${people.id}, ${people.preferredLanguage}, 'queued', ${now.getTime()} from ${people} where ${where}
            on conflict do nothing`,
      )
      tx.update(newsletters)
        .set({ status: 'sending', sendStartedAt: now, scheduledAt: null, updatedAt: now })
        .where(eq(newsletters.id, id))
        .run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'newsletter.sendStarted',
          entityType: 'newsletter',
          entityId: id,
          details: { queued: inserted.changes, lists: lists.map((l) => l.id), ...counts },
        },
        now,
      )
      return { ok: true as const, queued: inserted.changes }
    },
    { behavior: 'immediate' },
  )
}

export function scheduleNewsletter(
  db: DB,
  { id, at }: { id: number; at: Date },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true } | { ok: false; error: SendProblem | 'pastTime' } {
  if (at.getTime() <= now.getTime()) return { ok: false, error: 'pastTime' }
  const problem = sendProblem(db, id)
  if (problem) return { ok: false, error: problem }
  db.update(newsletters)
    .set({ status: 'scheduled', scheduledAt: at, updatedAt: now })
    .where(eq(newsletters.id, id))
    .run()
  recordAudit(
    db,
    {
      actorId,
      action: 'newsletter.scheduled',
      entityType: 'newsletter',
      entityId: id,
      details: { at: at.toISOString() },
    },
    now,
  )
  return { ok: true }
}

export function unscheduleNewsletter(db: DB, id: number, actorId: number, now = new Date()): boolean {
  const r = db
    .update(newsletters)
    .set({ status: 'draft', scheduledAt: null, updatedAt: now })
    .where(and(eq(newsletters.id, id), eq(newsletters.status, 'scheduled')))
    .run()
  if (r.changes)
    recordAudit(db, { actorId, action: 'newsletter.unscheduled', entityType: 'newsletter', entityId: id }, now)
  return r.changes > 0
}

/** Scheduled newsletters_ whose time has come start sending (called by the worker). */
export function startDueNewsletters(db: DB, now = new Date()): number[] {
  const due = db
    .select({ id: newsletters.id })
    .from(newsletters)
    .where(and(eq(newsletters.status, 'scheduled'), lte(newsletters.scheduledAt, now)))
    .all()
  const started: number[] = []
  for (const { id } of due) {
    const result = startSending(db, id, null, now)
    if (result.ok) started.push(id)
    else {
      // Back to draft so staff see it did not go, with the reason in the audit log.
      db.update(newsletters)
        .set({ status: 'draft', scheduledAt: null, updatedAt: now })
        .where(and(eq(newsletters.id, id), eq(newsletters.status, 'scheduled')))
        .run()
      recordAudit(
        db,
        {
          actorId: null,
          action: 'newsletter.scheduleFailed',
          entityType: 'newsletter',
          entityId: id,
          details: { reason: result.error },
        },
        now,
      )
    }
  }
  return started
}

export function setPaused(
  db: DB,
  { id, paused }: { id: number; paused: boolean },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  const r = db
    .update(newsletters)
    .set({ status: paused ? 'paused' : 'sending', pausedReason: null, updatedAt: now })
    .where(and(eq(newsletters.id, id), eq(newsletters.status, paused ? 'sending' : 'paused')))
    .run()
  if (r.changes)
    recordAudit(
      db,
      { actorId, action: paused ? 'newsletter.paused' : 'newsletter.resumed', entityType: 'newsletter', entityId: id },
      now,
    )
  return r.changes > 0
}

/**
 * The dispatcher could not read a sending newsletter (its versions or blocks): it is paused
 * with the reason, which its page shows; its deliveries stay queued (nothing lost) and the
 * other newsletters go on. Staff fix the cause and resume.
 */
export function pauseUnreadable(db: DB, { id, reason }: { id: number; reason: string }, now = new Date()): boolean {
  const r = db
    .update(newsletters)
    .set({ status: 'paused', pausedReason: reason.slice(0, 500), updatedAt: now })
    .where(and(eq(newsletters.id, id), eq(newsletters.status, 'sending')))
    .run()
  if (r.changes)
    recordAudit(
      db,
      { actorId: null, action: 'newsletter.paused', entityType: 'newsletter', entityId: id, details: { reason } },
      now,
    )
  return r.changes > 0
}

/** Marks newsletters_ whose every delivery has an outcome as sent. */
export function completeFinishedNewsletters(db: DB, now = new Date()): number {
  // A read first: with nothing sending, no write lock is taken.
  if (!db.select({ id: newsletters.id }).from(newsletters).where(eq(newsletters.status, 'sending')).limit(1).get())
    return 0
  return db
    .update(newsletters)
    .set({ status: 'sent', sentAt: now, updatedAt: now })
    .where(
      and(
        eq(newsletters.status, 'sending'),
        sql`not exists (select 1 from ${deliveries} where ${deliveries.newsletterId} = ${newsletters.id} and ${deliveries.status} in ('queued', 'sending'))`,
      ),
    )
    .run().changes
}

export type Progress = {
  totals: ReturnType<typeof emptyTotals>
  /** Messages per second over the last minute. */
  rate: number
  /** Seconds left at that rate, or null when nothing is moving. */
  etaSeconds: number | null
  nextRetryAt: Date | null
}

export function newsletterProgress(db: Reader_, id: number, now = new Date()): Progress {
  const totals = deliveryTotals(db, [id]).get(id) ?? emptyTotals()
  const windowStart = new Date(now.getTime() - 60_000)
  const recent = db
    .select({ n: count(), first: sql<number | null>`min(${deliveries.sentAt})` })
    .from(deliveries)
    .where(and(eq(deliveries.newsletterId, id), gt(deliveries.sentAt, windowStart)))
    .get()!
  const span = recent.first ? Math.max(1, (now.getTime() - recent.first) / 1000) : 60
  const rate = recent.n / Math.min(60, span)
  const left = totals.queued + totals.sending
  const nextRetry = db
    .select({ at: sql<number | null>`min(${deliveries.nextAttemptAt})` })
    .from(deliveries)
    .where(and(eq(deliveries.newsletterId, id), eq(deliveries.status, 'queued'), gt(deliveries.attempts, 0)))
    .get()?.at
  return {
    totals,
    rate,
    etaSeconds: rate > 0 && left > 0 ? Math.ceil(left / rate) : null,
    nextRetryAt: nextRetry ? new Date(nextRetry) : null,
  }
}

export const DELIVERY_PAGE_SIZE = 50

export function listDeliveries(
  db: Reader_,
  id: number,
  { status, page = 1 }: { status?: DeliveryStatus; page?: number },
) {
  const where = status
    ? and(eq(deliveries.newsletterId, id), eq(deliveries.status, status))
    : eq(deliveries.newsletterId, id)
  const total = db.select({ n: count() }).from(deliveries).where(where).get()!.n
  const rows = db
    .select({
      id: deliveries.id,
      name: people.name,
      email: people.email,
      language: deliveries.language,
      status: deliveries.status,
      attempts: deliveries.attempts,
      error: deliveries.error,
      sentAt: deliveries.sentAt,
      nextAttemptAt: deliveries.nextAttemptAt,
      messageId: deliveries.messageId,
    })
    .from(deliveries)
    .innerJoin(people, eq(people.id, deliveries.personId))
    .where(where)
    .orderBy(asc(deliveries.id))
    .limit(DELIVERY_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * DELIVERY_PAGE_SIZE)
    .all()
  return { total, rows, pages: Math.max(1, Math.ceil(total / DELIVERY_PAGE_SIZE)) }
}
