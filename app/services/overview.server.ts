/** Figures for the staff and analysis home pages. */
import { and, eq, gte, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type AccreditationStatus,
  events,
  LANGUAGES,
  newsletters,
  people,
  REGION_CODES,
  registrations,
  structures,
  surveys,
} from '#db/schema'

import { outboxCounts } from './outbox.server'
import { pendingAffiliationCount } from './structures/affiliation.server'

export function staffOverview(db: DB, now = new Date()) {
  const count = (q: { n: number } | undefined) => q?.n ?? 0
  return {
    people: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(people)
        .get(),
    ),
    structures: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(structures)
        .get(),
    ),
    upcomingEvents: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(events)
        .where(and(gte(events.startsAt, now), eq(events.status, 'scheduled')))
        .get(),
    ),
    confirmedRegistrations: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(registrations)
        // Webinar seats; a group meeting's seats come with membership.
        .innerJoin(events, eq(events.id, registrations.eventId))
        .where(and(eq(registrations.status, 'confirmed'), eq(events.kind, 'webinar')))
        .get(),
    ),
    newsletters: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(newsletters)
        .get(),
    ),
    surveys: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(surveys)
        .get(),
    ),
    outbox: outboxCounts(db),
    /** Requests to represent a structure waiting for its contact or staff. */
    affiliationRequests: pendingAffiliationCount(db),
  }
}

/** People per region × preferred language, and structures per region × accreditation status. */
export function communityBreakdown(db: DB) {
  const byRegionLanguage = db
    .select({ region: people.regionCode, language: people.preferredLanguage, n: sql<number>`count(*)` })
    .from(people)
    .groupBy(people.regionCode, people.preferredLanguage)
    .all()
  const byRegionStatus = db
    .select({ region: structures.regionCode, status: structures.accreditationStatus, n: sql<number>`count(*)` })
    .from(structures)
    .groupBy(structures.regionCode, structures.accreditationStatus)
    .all()
  const peopleTable = REGION_CODES.map((region) => ({
    region,
    counts: LANGUAGES.map(
      (language) => byRegionLanguage.find((r) => r.region === region && r.language === language)?.n ?? 0,
    ),
  }))
  // Applications still in progress (applied, due diligence, RALO advice, ALAC decision) count as `applied`,
  // a structure under review as `accredited`.
  const statuses = ['applied', 'accredited', 'rejected', 'withdrawn', 'decertified'] as const
  const column = (s: AccreditationStatus): (typeof statuses)[number] =>
    s === 'under_review'
      ? 'accredited'
      : s === 'due_diligence' || s === 'ralo_advice' || s === 'alac_decision'
        ? 'applied'
        : s
  const structureTable = REGION_CODES.map((region) => ({
    region,
    counts: statuses.map((s) =>
      byRegionStatus.filter((r) => r.region === region && column(r.status) === s).reduce((n, r) => n + r.n, 0),
    ),
  }))
  return { languages: LANGUAGES, peopleTable, statuses, structureTable }
}
