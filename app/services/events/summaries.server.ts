/**
 * What every list, page and mail that names events needs about them, loaded once for a set
 * of events: the title in the reader's language (the app's rule: theirs, else English, saying
 * so) and the interpretation channels still offered. A cancelled booth (`booth_decisions`) is
 * left out unless the caller asks to see it (staff pages that show the decision).
 */
import { and, asc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm'

import type { DB } from '#db/client'
import { boothDecisions, events, eventTranslations, interpretationChannels, type Language } from '#db/schema'
import { pickRow } from '~/lib/localised'

type Reader = Pick<DB, 'select'>

/** The booth of this event and language was not cancelled (one rule for channels, assignments and packs). */
export const boothNotCancelled = (eventId: SQLWrapper, language: SQLWrapper) =>
  sql`not exists (select 1 from ${boothDecisions} where ${boothDecisions.eventId} = ${eventId}
    and ${boothDecisions.language} = ${language} and ${boothDecisions.decision} = 'cancelled')`

/** A channel whose booth was not cancelled (registrants may pick it). */
export const channelNotCancelled = boothNotCancelled(interpretationChannels.eventId, interpretationChannels.language)

export type EventChannel = {
  language: Language
  conferenceId: string
  dialInNumbers: string
  /** Only ever true with `cancelledBooths: 'show'`. */
  cancelled: boolean
}

export type EventSummary = {
  id: number
  /** In the reader's language, else English, else any; the event's slug when it has no title at all. */
  title: string
  /** The language `title` is in (pages mark "(in English)" when it is not the reader's). */
  titleLanguage: Language
  /** True when the title is not in the reader's language. */
  fallback: boolean
  /** Every language's title, for what is rendered later per reader (newsletters, mails). */
  titles: Partial<Record<Language, string>>
  /** The interpretation channels, by language code (en, es, fr). */
  channels: EventChannel[]
}

export type SummaryOptions = {
  language: Language
  /** 'hide' (the default): a cancelled booth's channel is not offered. 'show': listed, marked `cancelled`. */
  cancelledBooths?: 'hide' | 'show'
}

/** Titles and channels of these events, per event id (ids that are not events are absent). */
export function eventSummaries(
  db: Reader,
  ids: readonly number[],
  { language, cancelledBooths = 'hide' }: SummaryOptions,
): Map<number, EventSummary> {
  const result = new Map<number, EventSummary>()
  const wanted = [...new Set(ids)]
  if (wanted.length === 0) return result
  const texts = db
    .select({
      id: events.id,
      slug: events.slug,
      language: eventTranslations.language,
      title: eventTranslations.title,
    })
    .from(events)
    .leftJoin(eventTranslations, eq(eventTranslations.eventId, events.id))
    .where(inArray(events.id, wanted))
    .all()
  const channels = db
    .select({
      eventId: interpretationChannels.eventId,
      language: interpretationChannels.language,
      conferenceId: interpretationChannels.conferenceId,
      dialInNumbers: interpretationChannels.dialInNumbers,
      cancelled: sql<number>`not ${channelNotCancelled}`.mapWith(Boolean),
    })
    .from(interpretationChannels)
    .where(
      and(
        inArray(interpretationChannels.eventId, wanted),
        cancelledBooths === 'hide' ? channelNotCancelled : undefined,
      ),
    )
    .orderBy(asc(interpretationChannels.eventId), asc(interpretationChannels.language))
    .all()
  const slugs = new Map<number, string>()
  const rowsOf = new Map<number, { language: Language; title: string }[]>()
  for (const t of texts) {
    slugs.set(t.id, t.slug)
    const rows = rowsOf.get(t.id) ?? []
    if (t.language !== null && t.title !== null) rows.push({ language: t.language, title: t.title })
    rowsOf.set(t.id, rows)
  }
  const channelsOf = new Map<number, EventChannel[]>()
  for (const { eventId, ...c } of channels) {
    const list = channelsOf.get(eventId) ?? []
    list.push({ ...c, dialInNumbers: c.dialInNumbers ?? '' })
    channelsOf.set(eventId, list)
  }
  for (const [id, rows] of rowsOf) {
    const picked = pickRow(rows, language, (r) => Boolean(r.title.trim()))
    result.set(id, {
      id,
      title: picked?.value.title ?? slugs.get(id)!,
      titleLanguage: picked?.language ?? 'en',
      fallback: picked?.fallback ?? false,
      titles: Object.fromEntries(rows.filter((r) => r.title.trim()).map((r) => [r.language, r.title])),
      channels: channelsOf.get(id) ?? [],
    })
  }
  return result
}

/** One event's summary (see `eventSummaries`). */
export function eventSummary(db: Reader, id: number, options: SummaryOptions): EventSummary | undefined {
  return eventSummaries(db, [id], options).get(id)
}
