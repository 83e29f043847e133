/**
 * A summit and what every part of the summit folder shares: its title in the
 * viewer's language, the participant columns of every list, and the search used by
 * the roster and the desks.
 */
import { and, asc, count, eq, or, type SQL } from 'drizzle-orm'

import type { DB } from '#db/client'
import type { FUNDING_DECISIONS, Language, PARTICIPATION_STATUSES } from '#db/domain'
import { events, people, structures, summitParticipations } from '#db/schema'

import { eventSummaries, eventSummary } from '../events/summaries.server'
import { containsText } from '../search.server'

export type ParticipationStatus = (typeof PARTICIPATION_STATUSES)[number]
export type FundingDecision = (typeof FUNDING_DECISIONS)[number]

export type Reader = Pick<DB, 'select'>

export function listSummits(db: Reader, language: Language) {
  const rows = db
    .select({ id: events.id, slug: events.slug, startsAt: events.startsAt, endsAt: events.endsAt, city: events.city })
    .from(events)
    .where(eq(events.kind, 'summit'))
    .orderBy(asc(events.startsAt))
    .all()
  const counts = new Map(
    db
      .select({ id: summitParticipations.eventId, n: count() })
      .from(summitParticipations)
      .groupBy(summitParticipations.eventId)
      .all()
      .map((c) => [c.id, c.n]),
  )
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.id),
    { language },
  )
  return rows.map((r) => ({
    ...r,
    title: summaries.get(r.id)?.title ?? r.slug,
    participants: counts.get(r.id) ?? 0,
  }))
}

/** The summit's title in `language` (English when missing); undefined when it has none. */
export function summitTitle(db: Reader, id: number, language: Language): string | undefined {
  const summary = eventSummary(db, id, { language })
  return summary && Object.keys(summary.titles).length ? summary.title : undefined
}

export function getSummit(db: Reader, id: number, language: Language) {
  const row = db
    .select()
    .from(events)
    .where(and(eq(events.id, id), eq(events.kind, 'summit')))
    .get()
  if (!row) return null
  return { ...row, title: summitTitle(db, id, language) ?? row.slug }
}

/** Who a participant is, for every list of them (with people and structures joined). */
export const participantColumns = {
  id: summitParticipations.id,
  personId: people.id,
  name: people.name,
  email: people.email,
  language: people.preferredLanguage,
  regionCode: people.regionCode,
  structureName: structures.name,
}

/** A desk or roster search: name, structure or email containing `q` (LIKE wildcards in `q` taken literally). */
export function personMatches(q: string): SQL {
  return or(containsText(people.name, q), containsText(structures.name, q), containsText(people.email, q))!
}

/** The summit row itself (any kind check included), for the programme and logistics. */
export function summitRow(db: Reader, summitId: number) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.id, summitId), eq(events.kind, 'summit')))
    .get()
}
