/**
 * Newsletters: an newsletter written once with one version per language, sent to a
 * saved audience. Sending creates one delivery row per newsletter × person (unique),
 * which the dispatcher (newsletter-dispatch.server.ts) works through.
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { DB } from '#db/client'
import {
  deliveries,
  eventTranslations,
  events,
  interpretationChannels,
  materials,
  newsletterVersions,
  newsletters,
  people,
  registrations,
  audiences,
  structures,
  summitParticipations,
  type Language,
  type AudienceCriteria,
} from '#db/schema'
import { LANGUAGES, type DELIVERY_STATUSES } from '#db/domain'
import { chooseVersion, renderContent, renderNewsletterMail, type BlockData, type Reader, type VersionText } from '#emails/newsletter'
import { recordAudit } from './audit.server'
import { enqueueMail } from './outbox.server'

type Reader_ = Pick<DB, 'select'>
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

// ─── Audience ─────────────────────────────────────────────────────────────

/** People matching a audience, before leaving out those who unsubscribed or bounced. */
export function audienceWhere(criteria: AudienceCriteria): SQL | undefined {
  const parts: SQL[] = []
  if (criteria.regionCodes?.length) parts.push(inArray(people.regionCode, criteria.regionCodes))
  if (criteria.memberTypes?.length) parts.push(inArray(people.memberType, criteria.memberTypes))
  if (criteria.structureIds?.length) parts.push(inArray(people.structureId, criteria.structureIds))
  if (criteria.languages?.length) parts.push(inArray(people.preferredLanguage, criteria.languages))
  if (criteria.eventIds?.length) {
    const ids = criteria.eventIds
    parts.push(
      or(
        sql`exists (select 1 from ${registrations} where ${registrations.personId} = ${people.id} and ${registrations.status} = 'confirmed' and ${inArray(registrations.eventId, ids)})`,
        sql`exists (select 1 from ${summitParticipations} where ${summitParticipations.personId} = ${people.id} and ${summitParticipations.status} in ('nominated', 'confirmed') and ${inArray(summitParticipations.eventId, ids)})`,
      )!,
    )
  }
  return parts.length ? and(...parts) : undefined
}

const reachable = and(isNull(people.newsletterOptOutAt), isNull(people.emailBouncedAt))

export type AudienceCounts = { matching: number; unsubscribed: number; bounced: number; recipients: number }

export function audienceCounts(db: Reader_, criteria: AudienceCriteria): AudienceCounts {
  const row = db
    .select({
      matching: count(),
      unsubscribed: sql<number>`coalesce(sum(${people.newsletterOptOutAt} is not null), 0)`,
      bounced: sql<number>`coalesce(sum(${people.newsletterOptOutAt} is null and ${people.emailBouncedAt} is not null), 0)`,
    })
    .from(people)
    .where(audienceWhere(criteria))
    .get()!
  return { ...row, recipients: row.matching - row.unsubscribed - row.bounced }
}

export function listAudiences(db: Reader_) {
  return db
    .select({ id: audiences.id, name: audiences.name, criteria: audiences.criteria, createdAt: audiences.createdAt })
    .from(audiences)
    .orderBy(asc(audiences.name))
    .all()
    .map((s) => ({ ...s, counts: audienceCounts(db, s.criteria) }))
}

export function saveAudience(db: DB, name: string, criteria: AudienceCriteria, staffId: number): number {
  const id = db.insert(audiences).values({ name, criteria, createdById: staffId }).returning({ id: audiences.id }).get().id
  recordAudit(db, { actorId: staffId, action: 'audience.created', entityType: 'audience', entityId: id, details: { name, criteria } })
  return id
}

/** What a audience can be built from: events and summits, structures. */
export function audienceChoices(db: Reader_, language: Language) {
  const eventRows = db
    .select({ id: events.id, kind: events.kind, startsAt: events.startsAt, slug: events.slug })
    .from(events)
    .where(and(isNull(events.parentEventId), inArray(events.kind, ['webinar', 'summit'])))
    .orderBy(desc(events.startsAt))
    .all()
  const titles = db
    .select({ eventId: eventTranslations.eventId, language: eventTranslations.language, title: eventTranslations.title })
    .from(eventTranslations)
    .where(inArray(eventTranslations.language, language === 'en' ? ['en'] : [language, 'en']))
    .all()
  const title = (id: number) => titles.find((t) => t.eventId === id && t.language === language && t.title)?.title ?? titles.find((t) => t.eventId === id && t.language === 'en')?.title
  return {
    events: eventRows.map((e) => ({ ...e, title: title(e.id) ?? e.slug })),
    structures: db.select({ id: structures.id, name: structures.name }).from(structures).orderBy(asc(structures.name)).all(),
  }
}

// ─── Newsletters ──────────────────────────────────────────────────────────

export type VersionInput = { subject: string; preheader: string; bodyMarkdown: string; complete: boolean }
export type NewsletterInput = { slug: string; audienceId: number | null; versions: Partial<Record<Language, VersionInput>> }

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
    .leftJoin(newsletterVersions, and(eq(newsletterVersions.newsletterId, newsletters.id), eq(newsletterVersions.language, 'en')))
    .orderBy(desc(newsletters.createdAt), desc(newsletters.id))
    .all()
  const totals = deliveryTotals(db, rows.map((r) => r.id))
  return rows.map((r) => ({ ...r, totals: totals.get(r.id) ?? emptyTotals() }))
}

const emptyTotals = (): Record<DeliveryStatus, number> & { total: number } => ({ queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, total: 0 })

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
  id: number | null,
  input: NewsletterInput,
  staffId: number,
  now = new Date(),
): { ok: true; id: number } | { ok: false; error: 'slugTaken' | 'notEditable' | 'notFound' } {
  return db.transaction(
    (tx) => {
      if (id !== null) {
        const current = tx.select({ status: newsletters.status }).from(newsletters).where(eq(newsletters.id, id)).get()
        if (!current) return { ok: false as const, error: 'notFound' as const }
        if (!(EDITABLE as readonly string[]).includes(current.status)) return { ok: false as const, error: 'notEditable' as const }
      }
      const clash = tx
        .select({ id: newsletters.id })
        .from(newsletters)
        .where(id === null ? eq(newsletters.slug, input.slug) : and(eq(newsletters.slug, input.slug), ne(newsletters.id, id)))
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
        tx.update(newsletters).set({ slug: input.slug, audienceId: input.audienceId, updatedAt: now }).where(eq(newsletters.id, newsletterId)).run()
      }
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
          .onConflictDoUpdate({ target: [newsletterVersions.newsletterId, newsletterVersions.language], set: { ...v, updatedAt: now } })
          .run()
      }
      recordAudit(tx, { actorId: staffId, action: id === null ? 'newsletter.created' : 'newsletter.updated', entityType: 'newsletter', entityId: newsletterId }, now)
      return { ok: true as const, id: newsletterId }
    },
    { behavior: 'immediate' },
  )
}

export type SendProblem = 'noAudience' | 'englishIncomplete' | 'notEditable' | 'notFound' | 'emptyAudience'

/** Why an newsletter cannot go out yet, or null when it can. */
export function sendProblem(db: Reader_, id: number): SendProblem | null {
  const newsletter = getNewsletter(db, id)
  if (!newsletter) return 'notFound'
  if (!(EDITABLE as readonly string[]).includes(newsletter.status)) return 'notEditable'
  const english = newsletter.versions.find((v) => v.language === 'en')
  if (!english?.complete || !english.subject.trim() || !english.bodyMarkdown.trim()) return 'englishIncomplete'
  if (newsletter.audienceId === null) return 'noAudience'
  const audience = db.select({ criteria: audiences.criteria }).from(audiences).where(eq(audiences.id, newsletter.audienceId)).get()
  if (!audience) return 'noAudience'
  if (audienceCounts(db, audience.criteria).recipients === 0) return 'emptyAudience'
  return null
}

/**
 * Starts sending: one queued delivery per reachable person in the audience, in
 * their language, all in one transaction. Starting twice adds nobody twice.
 */
export function startSending(db: DB, id: number, actorId: number | null, now = new Date()): { ok: true; queued: number } | { ok: false; error: SendProblem } {
  return db.transaction(
    (tx) => {
      const problem = sendProblem(tx, id)
      if (problem) return { ok: false as const, error: problem }
      const newsletter = tx.select({ audienceId: newsletters.audienceId }).from(newsletters).where(eq(newsletters.id, id)).get()!
      const criteria = tx.select({ criteria: audiences.criteria }).from(audiences).where(eq(audiences.id, newsletter.audienceId!)).get()!.criteria
      const where = and(audienceWhere(criteria), reachable)
      tx.run(sql`update ${people} set unsubscribe_token = lower(hex(randomblob(16))) where ${people.unsubscribeToken} is null and ${where ?? sql`1`}`)
      const inserted = tx.run(
        sql`insert into ${deliveries} (newsletter_id, person_id, language, status, next_attempt_at)
            select ${id}, ${people.id}, ${people.preferredLanguage}, 'queued', ${now.getTime()} from ${people} where ${where ?? sql`1`}
            on conflict do nothing`,
      )
      const counts = audienceCounts(tx, criteria)
      tx.update(newsletters).set({ status: 'sending', sendStartedAt: now, scheduledAt: null, updatedAt: now }).where(eq(newsletters.id, id)).run()
      recordAudit(tx, { actorId, action: 'newsletter.sendStarted', entityType: 'newsletter', entityId: id, details: { queued: inserted.changes, ...counts } }, now)
      return { ok: true as const, queued: inserted.changes }
    },
    { behavior: 'immediate' },
  )
}

export function scheduleNewsletter(db: DB, id: number, at: Date, actorId: number, now = new Date()): { ok: true } | { ok: false; error: SendProblem | 'pastTime' } {
  if (at.getTime() <= now.getTime()) return { ok: false, error: 'pastTime' }
  const problem = sendProblem(db, id)
  if (problem) return { ok: false, error: problem }
  db.update(newsletters).set({ status: 'scheduled', scheduledAt: at, updatedAt: now }).where(eq(newsletters.id, id)).run()
  recordAudit(db, { actorId, action: 'newsletter.scheduled', entityType: 'newsletter', entityId: id, details: { at: at.toISOString() } }, now)
  return { ok: true }
}

export function unscheduleNewsletter(db: DB, id: number, actorId: number, now = new Date()): boolean {
  const r = db
    .update(newsletters)
    .set({ status: 'draft', scheduledAt: null, updatedAt: now })
    .where(and(eq(newsletters.id, id), eq(newsletters.status, 'scheduled')))
    .run()
  if (r.changes) recordAudit(db, { actorId, action: 'newsletter.unscheduled', entityType: 'newsletter', entityId: id }, now)
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
      db.update(newsletters).set({ status: 'draft', scheduledAt: null, updatedAt: now }).where(and(eq(newsletters.id, id), eq(newsletters.status, 'scheduled'))).run()
      recordAudit(db, { actorId: null, action: 'newsletter.scheduleFailed', entityType: 'newsletter', entityId: id, details: { reason: result.error } }, now)
    }
  }
  return started
}

export function setPaused(db: DB, id: number, paused: boolean, actorId: number, now = new Date()): boolean {
  const r = db
    .update(newsletters)
    .set({ status: paused ? 'paused' : 'sending', updatedAt: now })
    .where(and(eq(newsletters.id, id), eq(newsletters.status, paused ? 'sending' : 'paused')))
    .run()
  if (r.changes) recordAudit(db, { actorId, action: paused ? 'newsletter.paused' : 'newsletter.resumed', entityType: 'newsletter', entityId: id }, now)
  return r.changes > 0
}

/** Marks newsletters_ whose every delivery has an outcome as sent. */
export function completeFinishedNewsletters(db: DB, now = new Date()): number {
  // A read first: with nothing sending, no write lock is taken.
  if (!db.select({ id: newsletters.id }).from(newsletters).where(eq(newsletters.status, 'sending')).limit(1).get()) return 0
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
  return { totals, rate, etaSeconds: rate > 0 && left > 0 ? Math.ceil(left / rate) : null, nextRetryAt: nextRetry ? new Date(nextRetry) : null }
}

export const DELIVERY_PAGE_SIZE = 50

export function listDeliveries(db: Reader_, id: number, { status, page = 1 }: { status?: DeliveryStatus; page?: number }) {
  const where = status ? and(eq(deliveries.newsletterId, id), eq(deliveries.status, status)) : eq(deliveries.newsletterId, id)
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

// ─── Rendering ────────────────────────────────────────────────────────────

/** The schedule as the blocks show it at `asOf`: webinars in the next 90 days, and recordings of recent ones. */
export function loadBlockData(db: Reader_, asOf: Date, { upcomingLimit = 4, recordingLimit = 6, upcomingDays = 90 } = {}): BlockData {
  const upcomingRows = db
    .select({ id: events.id, slug: events.slug, startsAt: events.startsAt, endsAt: events.endsAt, platformName: events.platformName, platformUrl: events.platformUrl })
    .from(events)
    .where(and(eq(events.kind, 'webinar'), ne(events.status, 'cancelled'), isNull(events.parentEventId), gt(events.startsAt, asOf), lte(events.startsAt, new Date(asOf.getTime() + upcomingDays * 86400_000))))
    .orderBy(asc(events.startsAt))
    .limit(upcomingLimit)
    .all()
  const recordedRows = db
    .select({ id: events.id, slug: events.slug, startsAt: events.startsAt })
    .from(events)
    .where(
      and(
        eq(events.kind, 'webinar'),
        lte(events.endsAt, asOf),
        sql`exists (select 1 from ${materials} where ${materials.eventId} = ${events.id} and ${materials.kind} = 'recording')`,
      ),
    )
    .orderBy(desc(events.startsAt))
    .limit(recordingLimit)
    .all()
  const ids = [...upcomingRows.map((r) => r.id), ...recordedRows.map((r) => r.id)]
  const titles = ids.length
    ? db
        .select({ eventId: eventTranslations.eventId, language: eventTranslations.language, title: eventTranslations.title })
        .from(eventTranslations)
        .where(inArray(eventTranslations.eventId, ids))
        .all()
    : []
  const titlesOf = (id: number) => Object.fromEntries(titles.filter((t) => t.eventId === id && t.title).map((t) => [t.language, t.title])) as Partial<Record<Language, string>>
  const channels = upcomingRows.length
    ? db
        .select({ eventId: interpretationChannels.eventId, language: interpretationChannels.language, conferenceId: interpretationChannels.conferenceId, dialInNumbers: interpretationChannels.dialInNumbers })
        .from(interpretationChannels)
        .where(inArray(interpretationChannels.eventId, upcomingRows.map((r) => r.id)))
        .all()
    : []
  const recordings = recordedRows.length
    ? db
        .select({ eventId: materials.eventId, language: materials.language, title: materials.title, url: materials.url })
        .from(materials)
        .where(and(eq(materials.kind, 'recording'), inArray(materials.eventId, recordedRows.map((r) => r.id))))
        .orderBy(asc(materials.id))
        .all()
    : []
  return {
    upcoming: upcomingRows.map((r) => ({
      ...r,
      titles: titlesOf(r.id),
      channels: channels.filter((c) => c.eventId === r.id).map(({ language, conferenceId, dialInNumbers }) => ({ language, conferenceId, dialInNumbers: dialInNumbers ?? '' })),
    })),
    recordings: recordedRows.map((r) => ({ ...r, titles: titlesOf(r.id), recordings: recordings.filter((m) => m.eventId === r.id).map(({ language, title, url }) => ({ language, title, url })) })),
  }
}

export function versionTexts(versions: { language: Language; subject: string; preheader: string; bodyMarkdown: string; complete: boolean }[]): VersionText[] {
  return versions.map(({ language, subject, preheader, bodyMarkdown, complete }) => ({ language, subject, preheader, bodyMarkdown, complete }))
}

export const archiveUrl = (baseUrl: string, slug: string, language: Language) => `${baseUrl}/newsletters/${slug}/${language}`
export const unsubscribeUrl = (baseUrl: string, token: string) => `${baseUrl}/newsletter/unsubscribe/${token}`

/** The mail exactly as a reader with this language and zone would get it (staff preview). */
export function previewMail(db: Reader_, id: number, reader: Reader, baseUrl: string, now = new Date()) {
  const newsletter = getNewsletter(db, id)
  if (!newsletter) return null
  const chosen = chooseVersion(versionTexts(newsletter.versions), reader.language)
  if (!chosen) return null
  const asOf = newsletter.sendStartedAt ?? now
  return renderNewsletterMail(chosen, reader, loadBlockData(db, asOf), { unsubscribeUrl: unsubscribeUrl(baseUrl, 'preview'), archiveUrl: archiveUrl(baseUrl, newsletter.slug, chosen.version.language) }, baseUrl)
}

/** A test copy to the staff member's own address, through the outbox. */
export function sendTestCopy(db: DB, id: number, staff: { id: number; email: string; timeZone: string }, language: Language, baseUrl: string, now = new Date()) {
  const mail = previewMail(db, id, { language, timeZone: staff.timeZone }, baseUrl, now)
  if (!mail) return false
  enqueueMail(db, {
    uniqueKey: `newsletter-test:${id}:${staff.id}:${language}:${now.getTime()}`,
    kind: 'newsletter_test',
    personId: staff.id,
    to: staff.email,
    language: mail.language,
    message: { subject: `[TEST] ${mail.subject}`, html: mail.html, text: mail.text },
  })
  return true
}

// ─── Archive ──────────────────────────────────────────────────────────────

const published = inArray(newsletters.status, ['sending', 'paused', 'sent'])

export function listArchive(db: Reader_) {
  const rows = db
    .select({ id: newsletters.id, slug: newsletters.slug, sendStartedAt: newsletters.sendStartedAt })
    .from(newsletters)
    .where(and(published, isNotNull(newsletters.sendStartedAt)))
    .orderBy(desc(newsletters.sendStartedAt))
    .all()
  const versions = rows.length
    ? db
        .select({ newsletterId: newsletterVersions.newsletterId, language: newsletterVersions.language, subject: newsletterVersions.subject })
        .from(newsletterVersions)
        .where(and(inArray(newsletterVersions.newsletterId, rows.map((r) => r.id)), eq(newsletterVersions.complete, true)))
        .all()
    : []
  return rows.map((r) => ({ ...r, sendStartedAt: r.sendStartedAt!, versions: versions.filter((v) => v.newsletterId === r.id) }))
}

/** A published newsletter in one language for the public page, blocks as they stood when it was sent, times in the viewer's zone. */
export function archivedNewsletter(db: Reader_, slug: string, language: Language, timeZone: string, baseUrl: string) {
  const newsletter = db.select().from(newsletters).where(and(eq(newsletters.slug, slug), published)).get()
  if (!newsletter) return null
  const versions = versionTexts(db.select().from(newsletterVersions).where(eq(newsletterVersions.newsletterId, newsletter.id)).all())
  const version = versions.find((v) => v.language === language && v.complete)
  if (!version) return { found: false as const, languages: versions.filter((v) => v.complete).map((v) => v.language) }
  const content = renderContent(version, loadBlockData(db, newsletter.sendStartedAt!), { language, timeZone }, baseUrl)
  return {
    found: true as const,
    slug,
    language,
    subject: version.subject,
    preheader: version.preheader,
    // The subject is the page's heading, so the issue's own headings move one level down.
    html: content.html.replace(/<(\/?)h([1-5])>/g, (_, slash: string, level: string) => `<${slash}h${Number(level) + 1}>`),
    sentAt: newsletter.sendStartedAt!,
    languages: versions.filter((v) => v.complete).map((v) => v.language),
  }
}

// ─── Unsubscribe ──────────────────────────────────────────────────────────

export function subscriptionByToken(db: Reader_, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  return (
    db
      .select({ id: people.id, email: people.email, name: people.name, language: people.preferredLanguage, optedOutAt: people.newsletterOptOutAt })
      .from(people)
      .where(eq(people.unsubscribeToken, token))
      .get() ?? null
  )
}

/** One click from a mail, or the preferences page: no sign-in, the token is the key. */
export function setSubscribed(db: DB, token: string, subscribed: boolean, now = new Date()) {
  const person = subscriptionByToken(db, token)
  if (!person) return null
  db.update(people)
    .set({ newsletterOptOutAt: subscribed ? null : (person.optedOutAt ?? now), updatedAt: now })
    .where(eq(people.id, person.id))
    .run()
  recordAudit(db, { actorId: person.id, action: subscribed ? 'newsletter.resubscribed' : 'newsletter.unsubscribed', entityType: 'person', entityId: person.id }, now)
  return { ...person, optedOutAt: subscribed ? null : (person.optedOutAt ?? now) }
}

/** The interpretation channel a person chose for each event they are registered for (what a preview as them shows). */
export function interpretationChannelsOf(db: Reader_, personId: number): Map<number, Language> {
  return new Map(
    db
      .select({ eventId: registrations.eventId, language: registrations.channelLanguage })
      .from(registrations)
      .where(and(eq(registrations.personId, personId), inArray(registrations.status, ['confirmed', 'waitlisted'])))
      .all()
      .map((r) => [r.eventId, r.language]),
  )
}
