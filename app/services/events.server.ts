/** Reading events for public pages: text in the viewer's language, English when missing (and saying so). */
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  eventPresenters,
  events,
  eventTranslations,
  interpretationChannels,
  type Language,
  materials,
  registrations,
  seriesTranslations,
  summitParticipations,
} from '#db/schema'
import { loc, pickRow } from '~/lib/localised'

import { boothNotCancelled, eventSummaries } from './events/summaries.server'
import { channelNotCancelled } from './interpreters.server'

export type EventKind = (typeof events.$inferSelect)['kind']

export type EventListItem = {
  id: number
  slug: string
  kind: EventKind
  title: string
  /** The language the title is actually in (English when the viewer's is missing). */
  textLanguage: Language
  startsAt: Date
  endsAt: Date
  timeZone: string
  status: (typeof events.$inferSelect)['status']
  city: string | null
  seriesTitle: string | null
  channelLanguages: Language[]
}

export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list) list.push(row)
    else map.set(k, [row])
  }
  return map
}

function listEvents(
  db: DB,
  language: Language,
  where: ReturnType<typeof and>,
  order: 'asc' | 'desc',
  limit: number,
  offset = 0,
): EventListItem[] {
  const rows = db
    .select({
      id: events.id,
      slug: events.slug,
      kind: events.kind,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      timeZone: events.timeZone,
      status: events.status,
      city: events.city,
      seriesId: events.seriesId,
    })
    .from(events)
    .where(where)
    .orderBy(order === 'asc' ? asc(events.startsAt) : desc(events.startsAt))
    .limit(limit)
    .offset(offset)
    .all()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const summaries = eventSummaries(db, ids, { language })
  const seriesIds = [...new Set(rows.map((r) => r.seriesId).filter((id): id is number => id !== null))]
  const seriesTexts = seriesIds.length
    ? db
        .select({
          seriesId: seriesTranslations.seriesId,
          language: seriesTranslations.language,
          title: seriesTranslations.title,
        })
        .from(seriesTranslations)
        .where(inArray(seriesTranslations.seriesId, seriesIds))
        .all()
    : []
  const textsBySeries = groupBy(seriesTexts, (t) => t.seriesId)
  return rows.map((r) => {
    const summary = summaries.get(r.id)
    const seriesText = r.seriesId ? pickRow(textsBySeries.get(r.seriesId) ?? [], language)?.value : undefined
    return {
      id: r.id,
      slug: r.slug,
      kind: r.kind,
      title: summary?.title ?? r.slug,
      textLanguage: summary?.titleLanguage ?? 'en',
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      timeZone: r.timeZone,
      status: r.status,
      city: r.city,
      seriesTitle: seriesText?.title ?? null,
      channelLanguages: (summary?.channels ?? []).map((c) => c.language),
    }
  })
}

const topLevel = isNull(events.parentEventId)
/** What the public lists show unless asked otherwise: group meetings live on their group's page. */
const LISTED_KINDS: EventKind[] = ['webinar', 'summit']

export function listUpcomingEvents(
  db: DB,
  language: Language,
  { now = new Date(), kinds, limit = 20 }: { now?: Date; kinds?: EventKind[]; limit?: number } = {},
) {
  return listEvents(
    db,
    language,
    and(topLevel, gte(events.endsAt, now), inArray(events.kind, kinds ?? LISTED_KINDS)),
    'asc',
    limit,
  )
}

export function listPastEvents(
  db: DB,
  language: Language,
  { now = new Date(), kinds, limit = 20 }: { now?: Date; kinds?: EventKind[]; limit?: number } = {},
) {
  return listEvents(
    db,
    language,
    and(topLevel, lt(events.endsAt, now), inArray(events.kind, kinds ?? LISTED_KINDS)),
    'desc',
    limit,
  )
}

export function getEventDetail(db: DB, slug: string, language: Language, kind?: EventKind) {
  const event = db
    .select()
    .from(events)
    .where(and(eq(events.slug, slug), kind ? eq(events.kind, kind) : undefined))
    .get()
  if (!event) return undefined
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, event.id)).all()
  const text = pickRow(texts, language)?.value
  const presenters = db
    .select({ name: eventPresenters.name, role: eventPresenters.role })
    .from(eventPresenters)
    .where(eq(eventPresenters.eventId, event.id))
    .orderBy(eventPresenters.position)
    .all()
    .map((p) => ({ name: p.name, role: loc(p.role, language) }))
  const channels = db
    .select({
      language: interpretationChannels.language,
      conferenceId: interpretationChannels.conferenceId,
      dialInNumbers: interpretationChannels.dialInNumbers,
    })
    .from(interpretationChannels)
    .where(and(eq(interpretationChannels.eventId, event.id), channelNotCancelled))
    .orderBy(interpretationChannels.conferenceId)
    .all()
  const eventMaterials = db
    .select({ language: materials.language, kind: materials.kind, title: materials.title, url: materials.url })
    .from(materials)
    .where(eq(materials.eventId, event.id))
    .orderBy(materials.kind, materials.language)
    .all()
  // A summit's seats are its confirmed participants; a webinar's, its confirmed registrations.
  const confirmed =
    (event.kind === 'summit'
      ? db
          .select({ n: sql<number>`count(*)` })
          .from(summitParticipations)
          .where(and(eq(summitParticipations.eventId, event.id), eq(summitParticipations.status, 'confirmed')))
          .get()?.n
      : db
          .select({ n: sql<number>`count(*)` })
          .from(registrations)
          .where(and(eq(registrations.eventId, event.id), eq(registrations.status, 'confirmed')))
          .get()?.n) ?? 0
  return {
    id: event.id,
    slug: event.slug,
    kind: event.kind,
    status: event.status,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    platformName: event.platformName,
    platformUrl: event.platformUrl,
    venue: event.venue,
    city: event.city,
    capacity: event.capacity,
    registrationOpensAt: event.registrationOpensAt,
    registrationClosesAt: event.registrationClosesAt,
    confirmed,
    title: text?.title ?? event.slug,
    description: text?.description ?? '',
    agenda: text?.agenda ?? '',
    textLanguage: text?.language ?? ('en' as Language),
    presenters,
    channels,
    materials: eventMaterials,
  }
}

export function listSeries(db: DB, language: Language) {
  const rows = db
    .select({ id: seriesTranslations.seriesId, language: seriesTranslations.language, title: seriesTranslations.title })
    .from(seriesTranslations)
    .all()
  const ids = [...new Set(rows.map((r) => r.id))]
  return ids.map((id) => ({
    id,
    title:
      pickRow(
        rows.filter((r) => r.id === id),
        language,
      )?.value.title ?? String(id),
  }))
}

export const SCHEDULE_PAGE_SIZE = 20

/** The public webinar schedule: upcoming or past, by series and interpretation language, a page at a time. */
export function listWebinarSchedule(
  db: DB,
  language: Language,
  {
    when,
    seriesId,
    channelLanguage,
    page = 1,
    now = new Date(),
  }: {
    when: 'upcoming' | 'past'
    seriesId?: number | null
    channelLanguage?: Language | null
    page?: number
    now?: Date
  },
) {
  const where = and(
    eq(events.kind, 'webinar'),
    when === 'upcoming' ? gte(events.endsAt, now) : lt(events.endsAt, now),
    seriesId ? eq(events.seriesId, seriesId) : undefined,
    channelLanguage
      ? sql`exists (select 1 from ${interpretationChannels} c where c.event_id = ${events.id} and c.language = ${channelLanguage}
          and ${boothNotCancelled(sql.raw('c.event_id'), sql.raw('c.language'))})`
      : undefined,
  )
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .where(where)
      .get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / SCHEDULE_PAGE_SIZE))
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages)
  const items = listEvents(
    db,
    language,
    where,
    when === 'upcoming' ? 'asc' : 'desc',
    SCHEDULE_PAGE_SIZE,
    (current - 1) * SCHEDULE_PAGE_SIZE,
  )
  return { items, total, page: current, pages }
}

/** An event's id and slug by its web address and kind (a summit, a webinar), or undefined. */
export function getEventBySlug(db: Pick<DB, 'select'>, { slug, kind }: { slug: string; kind: EventKind }) {
  return db
    .select({ id: events.id, slug: events.slug })
    .from(events)
    .where(and(eq(events.slug, slug), eq(events.kind, kind)))
    .get()
}
