/**
 * Staff publishing webinars: create, edit, cancel. A change a calendar must see
 * (time, link, channels, cancellation) bumps the event's SEQUENCE and queues a
 * mail with the new invite to every confirmed registrant, in their language.
 */
import { and, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import {
  eventPresenters,
  events,
  eventTranslations,
  interpretationChannels,
  interpreterAssignments,
  type Language,
  LANGUAGES,
  type LocalisedText,
  materials,
  participationRecords,
  people,
  registrations,
  series,
  seriesTranslations,
} from '#db/schema'
import { outer, translatedSql } from '~/lib/localised.server'
import { pageWindow } from '~/lib/paging'
import type { RegistrantFilter } from '~/lib/webinar-constants'

import { recordAudit } from './audit.server'
import type { ActorCtx, MailCtx } from './context'
import { queueEventMailJob } from './event-mail-jobs.server'
import { promoteFromWaitlist } from './registrations.server'
import { containsText } from './search.server'

export type WebinarInput = {
  slug: string
  seriesId: number | null
  texts: Partial<Record<Language, { title: string; description: string; agenda: string }>> & {
    en: { title: string; description: string; agenda: string }
  }
  /** A presenter with an address is linked to that person (their slides page, their reminder). */
  presenters: { name: string; email?: string; role: LocalisedText }[]
  startsAt: Date
  endsAt: Date
  timeZone: string
  platformName: string | null
  platformUrl: string | null
  capacity: number | null
  registrationOpensAt: Date | null
  registrationClosesAt: Date | null
  reminderOffsets: number[]
  channels: { language: Language; conferenceId: string; dialInNumbers: string; interpreters: string }[]
}

export type WebinarError =
  'slug_taken' | 'not_found' | 'capacity_below_confirmed' | 'cancelled' | 'unknown_series' | 'unknown_presenter'

export type SaveResult =
  | { ok: true; eventId: number; sequence: number; notified: number; promoted: number }
  | { ok: false; error: WebinarError; confirmed?: number }

/** No series, or one that exists (a stale or forged id is refused, never a foreign-key failure). */
function seriesExists(tx: Pick<DB, 'select'>, seriesId: number | null): boolean {
  return seriesId === null || Boolean(tx.select({ id: series.id }).from(series).where(eq(series.id, seriesId)).get())
}

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

/** The directory person of each presenter given with an address (null for the others), or null if one is unknown. */
function presenterPeople(tx: Pick<DB, 'select'>, input: WebinarInput): (number | null)[] | null {
  const ids = input.presenters.map((p) =>
    p.email
      ? (tx.select({ id: people.id }).from(people).where(eq(people.email, p.email.toLowerCase())).get()?.id ?? 0)
      : null,
  )
  return ids.includes(0) ? null : ids
}

function writeDetails(tx: Tx, eventId: number, input: WebinarInput, presenterIds: (number | null)[]) {
  tx.delete(eventTranslations).where(eq(eventTranslations.eventId, eventId)).run()
  for (const language of LANGUAGES) {
    const text = input.texts[language]
    if (!text?.title.trim()) continue
    tx.insert(eventTranslations)
      .values({
        eventId,
        language,
        title: text.title.trim(),
        description: text.description.trim(),
        agenda: text.agenda.trim(),
      })
      .run()
  }
  tx.delete(eventPresenters).where(eq(eventPresenters.eventId, eventId)).run()
  input.presenters.forEach((p, position) =>
    tx
      .insert(eventPresenters)
      .values({ eventId, name: p.name, role: p.role, position, personId: presenterIds[position] ?? null })
      .run(),
  )
  tx.delete(interpretationChannels).where(eq(interpretationChannels.eventId, eventId)).run()
  // A channel taken off the webinar takes its booth with it: its interpreters are free again
  // (an interpreter sits in one booth per event, so a leftover seat would lock them out).
  const kept = input.channels.map((c) => c.language)
  tx.delete(interpreterAssignments)
    .where(
      and(
        eq(interpreterAssignments.eventId, eventId),
        kept.length ? notInArray(interpreterAssignments.language, kept) : undefined,
      ),
    )
    .run()
  for (const c of input.channels)
    tx.insert(interpretationChannels)
      .values({ eventId, ...c })
      .run()
}

/** The columns of `events` a webinar form sets. */
function eventColumns(input: WebinarInput) {
  return {
    slug: input.slug,
    seriesId: input.seriesId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    timeZone: input.timeZone,
    platformName: input.platformName,
    platformUrl: input.platformUrl,
    capacity: input.capacity,
    registrationOpensAt: input.registrationOpensAt,
    registrationClosesAt: input.registrationClosesAt,
    reminderOffsets: input.reminderOffsets,
  }
}

/** Kinds of event staff publish with this form's machinery: webinars and working-group meetings. */
export type PublishedKind = 'webinar' | 'meeting'

/** Inserts an event of `kind` with its texts, presenters and channels, inside the caller's transaction. */
export function insertEvent(tx: Tx, kind: PublishedKind, input: WebinarInput, actorId: number): SaveResult {
  if (tx.select({ id: events.id }).from(events).where(eq(events.slug, input.slug)).get())
    return { ok: false, error: 'slug_taken' }
  if (!seriesExists(tx, input.seriesId)) return { ok: false, error: 'unknown_series' }
  const presenterIds = presenterPeople(tx, input)
  if (!presenterIds) return { ok: false, error: 'unknown_presenter' }
  const eventId = tx
    .insert(events)
    .values({ kind, ...eventColumns(input), createdById: actorId })
    .returning({ id: events.id })
    .get().id
  writeDetails(tx, eventId, input, presenterIds)
  recordAudit(tx, {
    actorId,
    action: `${kind}.create`,
    entityType: 'event',
    entityId: eventId,
    details: { slug: input.slug },
  })
  return { ok: true, eventId, sequence: 0, notified: 0, promoted: 0 }
}

export function createWebinar(db: DB, input: WebinarInput, actorId: number): SaveResult {
  return db.transaction((tx) => insertEvent(tx, 'webinar', input, actorId), { behavior: 'immediate' })
}

function channelSignature(rows: { language: string; conferenceId: string; dialInNumbers: string }[]) {
  return JSON.stringify(
    [...rows]
      .sort((a, b) => a.language.localeCompare(b.language))
      .map((c) => [c.language, c.conferenceId, c.dialInNumbers]),
  )
}

function confirmedRegistrations(
  tx: Pick<DB, 'select'>,
  eventId: number,
  statuses: ('confirmed' | 'waitlisted')[] = ['confirmed'],
) {
  return tx
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, statuses)))
    .all()
    .map((r) => r.id)
}

/**
 * Applies an edit inside the caller's transaction. A change a calendar must see (time, link,
 * channels) bumps SEQUENCE and queues the update mail to everyone confirmed.
 */
export function applyEventUpdate(
  tx: Tx,
  kind: PublishedKind,
  { eventId, webinar: input }: { eventId: number; webinar: WebinarInput },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): SaveResult {
  const before = tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.kind, kind)))
    .get()
  if (!before) return { ok: false, error: 'not_found' }
  if (before.status === 'cancelled') return { ok: false, error: 'cancelled' }
  if (
    tx
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.slug, input.slug), ne(events.id, eventId)))
      .get()
  ) {
    return { ok: false, error: 'slug_taken' }
  }
  if (!seriesExists(tx, input.seriesId)) return { ok: false, error: 'unknown_series' }
  const presenterIds = presenterPeople(tx, input)
  if (!presenterIds) return { ok: false, error: 'unknown_presenter' }
  const confirmed = confirmedRegistrations(tx, eventId).length
  if (input.capacity !== null && input.capacity < confirmed)
    return { ok: false, error: 'capacity_below_confirmed', confirmed }

  const oldChannels = tx.select().from(interpretationChannels).where(eq(interpretationChannels.eventId, eventId)).all()
  const calendarChange =
    before.startsAt.getTime() !== input.startsAt.getTime() ||
    before.endsAt.getTime() !== input.endsAt.getTime() ||
    (before.platformUrl ?? null) !== input.platformUrl ||
    channelSignature(oldChannels) !== channelSignature(input.channels)
  const sequence = calendarChange ? before.sequence + 1 : before.sequence
  tx.update(events)
    .set({ ...eventColumns(input), sequence, updatedAt: now })
    .where(eq(events.id, eventId))
    .run()
  writeDetails(tx, eventId, input, presenterIds)

  // The mails go out from the worker (event-mail-jobs): the change holds the lock for milliseconds.
  let notified = 0
  if (calendarChange) {
    const moved =
      before.startsAt.getTime() !== input.startsAt.getTime() || before.endsAt.getTime() !== input.endsAt.getTime()
    notified = queueEventMailJob(
      tx,
      {
        eventId,
        kind: 'updated',
        sequence,
        ...(moved ? { previousStartsAt: before.startsAt, previousEndsAt: before.endsAt } : {}),
      },
      now,
    )
  }
  // Registrants who chose a channel that no longer exists keep their seat; the update tells them.
  const promoted = promoteFromWaitlist(tx, eventId, baseUrl, now).length
  recordAudit(tx, {
    actorId,
    action: `${kind}.update`,
    entityType: 'event',
    entityId: eventId,
    details: {
      sequence,
      startsAt: [before.startsAt.toISOString(), input.startsAt.toISOString()],
      capacity: [before.capacity, input.capacity],
      notified,
      promoted,
    },
  })
  return { ok: true, eventId, sequence, notified, promoted }
}

export function updateWebinar(db: DB, change: { eventId: number; webinar: WebinarInput }, ctx: MailCtx): SaveResult {
  return db.transaction((tx) => applyEventUpdate(tx, 'webinar', change, ctx), { behavior: 'immediate' })
}

/**
 * Cancels an event inside the caller's transaction: STATUS:CANCELLED invite to everyone
 * confirmed, a plain notice to the waitlist (queued for the worker, as a move's updates are).
 */
export function applyEventCancel(
  tx: Tx,
  kind: PublishedKind,
  { eventId }: { eventId: number },
  { actorId, now = new Date() }: ActorCtx,
): SaveResult {
  const before = tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.kind, kind)))
    .get()
  if (!before) return { ok: false, error: 'not_found' }
  if (before.status === 'cancelled') return { ok: false, error: 'cancelled' }
  const sequence = before.sequence + 1
  tx.update(events).set({ status: 'cancelled', sequence, updatedAt: now }).where(eq(events.id, eventId)).run()
  const notified = queueEventMailJob(tx, { eventId, kind: 'eventCancelled', sequence }, now)
  recordAudit(tx, {
    actorId,
    action: `${kind}.cancel`,
    entityType: 'event',
    entityId: eventId,
    details: { sequence, notified },
  })
  return { ok: true, eventId, sequence, notified, promoted: 0 }
}

export function cancelWebinar(db: DB, target: { eventId: number }, ctx: MailCtx): SaveResult {
  return db.transaction((tx) => applyEventCancel(tx, 'webinar', target, ctx), { behavior: 'immediate' })
}

/** Everything the edit form needs, with times shown in the event's own zone. */
export function getWebinarForEdit(db: DB, eventId: number, kind: PublishedKind = 'webinar') {
  const event = db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.kind, kind)))
    .get()
  if (!event) return undefined
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, eventId)).all()
  const presenters = db
    .select({
      id: eventPresenters.id,
      name: eventPresenters.name,
      role: eventPresenters.role,
      personId: eventPresenters.personId,
      email: people.email,
    })
    .from(eventPresenters)
    .leftJoin(people, eq(people.id, eventPresenters.personId))
    .where(eq(eventPresenters.eventId, eventId))
    .orderBy(eventPresenters.position)
    .all()
  const channels = db.select().from(interpretationChannels).where(eq(interpretationChannels.eventId, eventId)).all()
  const confirmed = db
    .select({ n: sql<number>`count(*)` })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
    .get()!.n
  return { event, texts, presenters, channels, confirmed }
}

/** Staff list: every webinar with its seat, waitlist and dial-out figures. */
export function listWebinarsForStaff(db: DB, language: Language) {
  const rows = db
    .select({
      id: events.id,
      slug: events.slug,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      status: events.status,
      capacity: events.capacity,
      sequence: events.sequence,
      // Correlated subqueries name the outer table: in a select list Drizzle writes a bare "id", which
      // inside the subquery would mean the registration's own id.
      confirmed: sql<number>`(select count(*) from registrations r where r.event_id = ${outer(events, events.id)} and r.status = 'confirmed')`,
      waitlisted: sql<number>`(select count(*) from registrations r where r.event_id = ${outer(events, events.id)} and r.status = 'waitlisted')`,
      dialOutsPending: sql<number>`(select count(*) from registrations r where r.event_id = ${outer(events, events.id)} and r.status = 'confirmed' and r.dial_out_number is not null and r.dial_out_done_at is null)`,
      channels: sql<number>`(select count(*) from interpretation_channels c where c.event_id = ${outer(events, events.id)})`,
      boothsDecided: sql<number>`(select count(*) from booth_decisions d where d.event_id = ${outer(events, events.id)})`,
      boothDecisionHours: events.boothDecisionHours,
      title: translatedSql(
        { table: 'event_translations', key: 'event_id', column: 'title' },
        outer(events, events.id),
        language,
        outer(events, events.slug),
      ),
    })
    .from(events)
    .where(eq(events.kind, 'webinar'))
    .orderBy(sql`${events.startsAt} desc`)
    .all()
  return rows
}

/** The admin page's summary figures, counted in one query (no need to load every registrant). */
export function registrantCounts(db: DB, eventId: number) {
  return db
    .select({
      confirmed: sql<number>`coalesce(sum(${registrations.status} = 'confirmed'), 0)`,
      waitlisted: sql<number>`coalesce(sum(${registrations.status} = 'waitlisted'), 0)`,
      cancelled: sql<number>`coalesce(sum(${registrations.status} = 'cancelled'), 0)`,
      attended: sql<number>`coalesce(sum(${registrations.attended} = 1), 0)`,
      dialOutsPending: sql<number>`coalesce(sum(${registrations.status} = 'confirmed' and ${registrations.dialOutNumber} is not null and ${registrations.dialOutDoneAt} is null), 0)`,
    })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .get()!
}

const registrantColumns = {
  id: registrations.id,
  name: people.name,
  email: people.email,
  regionCode: people.regionCode,
  status: registrations.status,
  channelLanguage: registrations.channelLanguage,
  dialOutNumber: registrations.dialOutNumber,
  dialOutDoneAt: registrations.dialOutDoneAt,
  attended: registrations.attended,
  createdAt: registrations.createdAt,
}
const registrantOrder = [
  sql`case ${registrations.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`,
  registrations.createdAt,
  registrations.id,
]

/** Every registrant of a webinar, confirmed first (the CSV export). */
export function listRegistrants(db: DB, eventId: number) {
  return db
    .select(registrantColumns)
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(eq(registrations.eventId, eventId))
    .orderBy(...registrantOrder)
    .all()
}

/**
 * One page of a webinar's registrants, confirmed first: a search in name and email (folded,
 * so accents and case do not matter) and a status filter, counted and paged in SQL.
 */
export function pageRegistrants(
  db: DB,
  eventId: number,
  {
    q = '',
    show = null,
    page,
    size,
  }: { q?: string; show?: RegistrantFilter | null; page: string | null; size: number },
) {
  const needle = fold(q.trim())
  const where = and(
    eq(registrations.eventId, eventId),
    needle ? containsText(people.searchText, needle) : undefined,
    show === 'attended' ? eq(registrations.attended, true) : show ? eq(registrations.status, show) : undefined,
  )
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .innerJoin(people, eq(people.id, registrations.personId))
      .where(where)
      .get()?.n ?? 0
  const window = pageWindow(total, page, size)
  const rows = db
    .select(registrantColumns)
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(where)
    .orderBy(...registrantOrder)
    .limit(size)
    .offset(window.offset)
    .all()
  return { page: window.page, pages: window.pages, total, rows }
}

/** Confirmed registrants who asked to be called and have not been yet. */
export function pendingDialOuts(db: DB, eventId: number) {
  return db
    .select(registrantColumns)
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(
      and(
        eq(registrations.eventId, eventId),
        eq(registrations.status, 'confirmed'),
        isNotNull(registrations.dialOutNumber),
        isNull(registrations.dialOutDoneAt),
      ),
    )
    .orderBy(...registrantOrder)
    .all()
}

export function markDialOutDone(
  db: DB,
  { eventId, registrationId }: { eventId: number; registrationId: number },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  const r = db
    .update(registrations)
    .set({ dialOutDoneAt: now, updatedAt: now })
    .where(
      and(
        eq(registrations.id, registrationId),
        eq(registrations.eventId, eventId),
        sql`${registrations.dialOutNumber} is not null`,
      ),
    )
    .run()
  if (r.changes)
    recordAudit(db, {
      actorId,
      action: 'registration.dial_out_done',
      entityType: 'registration',
      entityId: registrationId,
    })
  return r.changes > 0
}

function recordAttendance(tx: Pick<DB, 'select' | 'insert' | 'delete'>, registrationId: number, attended: boolean) {
  const reg = tx
    .select({
      personId: registrations.personId,
      regionCode: people.regionCode,
      structureId: people.structureId,
      startsAt: events.startsAt,
    })
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(registrations.id, registrationId))
    .get()
  if (!reg) return
  const key = and(
    eq(participationRecords.kind, 'webinar_attended'),
    eq(participationRecords.sourceType, 'registration'),
    eq(participationRecords.sourceId, registrationId),
  )
  if (!attended) {
    tx.delete(participationRecords).where(key).run()
    return
  }
  tx.insert(participationRecords)
    .values({
      personId: reg.personId,
      structureId: reg.structureId,
      regionCode: reg.regionCode,
      kind: 'webinar_attended',
      sourceType: 'registration',
      sourceId: registrationId,
      occurredAt: reg.startsAt,
    })
    .onConflictDoNothing()
    .run()
}

export function setAttendance(
  db: DB,
  { eventId, registrationId, attended }: { eventId: number; registrationId: number; attended: boolean },
  { actorId }: ActorCtx,
): boolean {
  return db.transaction((tx) => {
    const r = tx
      .update(registrations)
      .set({ attended, updatedAt: new Date() })
      .where(
        and(
          eq(registrations.id, registrationId),
          eq(registrations.eventId, eventId),
          ne(registrations.status, 'cancelled'),
        ),
      )
      .run()
    if (!r.changes) return false
    recordAttendance(tx, registrationId, attended)
    recordAudit(tx, {
      actorId,
      action: 'registration.attendance',
      entityType: 'registration',
      entityId: registrationId,
      details: { attended },
    })
    return true
  })
}

/**
 * Marks attendance from a list of attendee emails (e.g. the platform's export).
 * Returns how many were marked, and the lines that matched no registrant.
 */
export function importAttendance(
  db: DB,
  eventId: number,
  emails: string[],
  actorId: number,
): { marked: number; unknown: string[] } {
  return db.transaction((tx) => {
    const regs = tx
      .select({ id: registrations.id, email: people.email })
      .from(registrations)
      .innerJoin(people, eq(people.id, registrations.personId))
      .where(and(eq(registrations.eventId, eventId), ne(registrations.status, 'cancelled')))
      .all()
    const byEmail = new Map(regs.map((r) => [r.email.toLowerCase(), r.id]))
    const unknown: string[] = []
    const ids = new Set<number>()
    for (const raw of emails) {
      const email = raw.trim().toLowerCase()
      if (!email) continue
      const id = byEmail.get(email)
      if (id) ids.add(id)
      else unknown.push(raw.trim())
    }
    for (const id of ids) {
      tx.update(registrations).set({ attended: true, updatedAt: new Date() }).where(eq(registrations.id, id)).run()
      recordAttendance(tx, id, true)
    }
    recordAudit(tx, {
      actorId,
      action: 'registration.attendance_import',
      entityType: 'event',
      entityId: eventId,
      details: { marked: ids.size, unknown: unknown.length },
    })
    return { marked: ids.size, unknown }
  })
}

// ─── Materials (slides, recordings, transcripts per language) ─────────────

export function listMaterials(db: DB, eventId: number) {
  return db
    .select()
    .from(materials)
    .where(eq(materials.eventId, eventId))
    .orderBy(materials.kind, materials.language)
    .all()
}

export function addMaterial(
  db: DB,
  eventId: number,
  input: {
    language: Language
    kind: (typeof materials.$inferSelect)['kind']
    title: string
    url: string
    forInterpreters?: boolean
  },
  actorId: number,
): boolean {
  return db.transaction((tx) => {
    if (!tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).get()) return false
    const id = tx
      .insert(materials)
      .values({ eventId, ...input })
      .returning({ id: materials.id })
      .get().id
    recordAudit(tx, {
      actorId,
      action: 'material.add',
      entityType: 'event',
      entityId: eventId,
      details: { materialId: id, ...input },
    })
    return true
  })
}

export function removeMaterial(db: DB, eventId: number, materialId: number, actorId: number): boolean {
  const r = db
    .delete(materials)
    .where(and(eq(materials.id, materialId), eq(materials.eventId, eventId)))
    .run()
  if (r.changes)
    recordAudit(db, {
      actorId,
      action: 'material.remove',
      entityType: 'event',
      entityId: eventId,
      details: { materialId },
    })
  return r.changes > 0
}

/** Puts a material in the interpreters' prep pack, or takes it out. */
export function flagMaterial(
  db: DB,
  { eventId, materialId, forInterpreters }: { eventId: number; materialId: number; forInterpreters: boolean },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  const r = db
    .update(materials)
    .set({ forInterpreters, updatedAt: now })
    .where(and(eq(materials.id, materialId), eq(materials.eventId, eventId)))
    .run()
  if (r.changes)
    recordAudit(
      db,
      {
        actorId,
        action: 'material.flag',
        entityType: 'event',
        entityId: eventId,
        details: { materialId, forInterpreters },
      },
      now,
    )
  return r.changes > 0
}

// ─── Series ───────────────────────────────────────────────────────────────

export type SeriesInput = {
  slug: string
  texts: Partial<Record<Language, { title: string; description: string }>> & {
    en: { title: string; description: string }
  }
}

export function saveSeries(
  db: DB,
  seriesId: number | null,
  input: SeriesInput,
  actorId: number,
): { ok: true; seriesId: number } | { ok: false; error: 'slug_taken' | 'not_found' } {
  return db.transaction((tx) => {
    const clash = tx.select({ id: series.id }).from(series).where(eq(series.slug, input.slug)).get()
    if (clash && clash.id !== seriesId) return { ok: false as const, error: 'slug_taken' as const }
    let id = seriesId
    if (id === null) id = tx.insert(series).values({ slug: input.slug }).returning({ id: series.id }).get().id
    else if (!tx.update(series).set({ slug: input.slug }).where(eq(series.id, id)).run().changes)
      return { ok: false as const, error: 'not_found' as const }
    tx.delete(seriesTranslations).where(eq(seriesTranslations.seriesId, id)).run()
    for (const language of LANGUAGES) {
      const text = input.texts[language]
      if (text?.title.trim())
        tx.insert(seriesTranslations)
          .values({ seriesId: id, language, title: text.title.trim(), description: text.description.trim() })
          .run()
    }
    recordAudit(tx, {
      actorId,
      action: seriesId === null ? 'series.create' : 'series.update',
      entityType: 'series',
      entityId: id,
    })
    return { ok: true as const, seriesId: id }
  })
}

export function listSeriesForStaff(db: DB) {
  const rows = db
    .select({
      id: series.id,
      slug: series.slug,
      webinars: sql<number>`(select count(*) from events e where e.series_id = ${outer(series, series.id)})`,
    })
    .from(series)
    .orderBy(series.slug)
    .all()
  const texts = db.select().from(seriesTranslations).all()
  return rows.map((r) => ({ ...r, texts: texts.filter((t) => t.seriesId === r.id) }))
}
