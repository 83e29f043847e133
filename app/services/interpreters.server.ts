/**
 * Interpreters and their booths: people in the directory with the language pairs they
 * work in, assigned to an event's channels (a booth per channel language, usually two
 * interpreters each). Staff see which booths are covered; interpreters see their
 * assignments on their profile and in their personal calendar feed.
 */
import { and, asc, count, eq, gt, gte, inArray, lt, ne, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { events, interpretationChannels, interpreterAssignments, interpreters, type Language, people } from '#db/schema'
import { BOOTH_SIZE, type LanguagePair, worksInto } from '~/lib/language-pairs'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'
import { boothNotCancelled, channelNotCancelled, eventSummaries } from './events/summaries.server'
type Reader_ = Pick<DB, 'select'>

export { boothNotCancelled, channelNotCancelled }

/** An interpreter's assignment to a booth that was not cancelled. */
export const assignmentNotCancelled = boothNotCancelled(interpreterAssignments.eventId, interpreterAssignments.language)

export type InterpreterInput = { email: string; pairs: LanguagePair[]; provider: string; notes: string }

export function listInterpreters(db: Reader_, now = new Date()) {
  const rows = db
    .select({
      personId: interpreters.personId,
      name: people.name,
      email: people.email,
      pairs: interpreters.pairs,
      provider: interpreters.provider,
      notes: interpreters.notes,
    })
    .from(interpreters)
    .innerJoin(people, eq(people.id, interpreters.personId))
    .orderBy(asc(people.name))
    .all()
  const upcoming = db
    .select({ personId: interpreterAssignments.personId, n: count() })
    .from(interpreterAssignments)
    .innerJoin(events, eq(events.id, interpreterAssignments.eventId))
    .where(and(gte(events.endsAt, now), eq(events.status, 'scheduled')))
    .groupBy(interpreterAssignments.personId)
    .all()
  return rows.map((r) => ({ ...r, upcoming: upcoming.find((u) => u.personId === r.personId)?.n ?? 0 }))
}

/** Adds a person of the directory as an interpreter, or updates their pairs, provider and notes. */
export function saveInterpreter(
  db: DB,
  input: InterpreterInput,
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; personId: number } | { ok: false; error: 'unknownPerson' } {
  const person = db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, input.email.trim().toLowerCase()))
    .get()
  if (!person) return { ok: false, error: 'unknownPerson' }
  const values = { pairs: input.pairs, provider: input.provider, notes: input.notes }
  db.insert(interpreters)
    .values({ personId: person.id, ...values })
    .onConflictDoUpdate({ target: interpreters.personId, set: { ...values, updatedAt: now } })
    .run()
  recordAudit(
    db,
    { actorId, action: 'interpreter.saved', entityType: 'person', entityId: person.id, details: values },
    now,
  )
  return { ok: true, personId: person.id }
}

/** Another event an interpreter is booked on (assigned to a booth not cancelled) that overlaps this one. */
export type Clash = { eventId: number; title: string; startsAt: Date; endsAt: Date; language: Language }

/**
 * For each of these people, the other scheduled events whose time overlaps [startsAt, endsAt)
 * where they sit in a booth that was not cancelled (titles in `language`).
 */
function clashesOf(
  db: Reader_,
  { eventId, personIds, language }: { eventId: number; personIds: number[]; language: Language },
): Map<number, Clash[]> {
  const result = new Map<number, Clash[]>()
  if (personIds.length === 0) return result
  const event = db
    .select({ startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(eq(events.id, eventId))
    .get()
  if (!event) return result
  const rows = db
    .select({
      personId: interpreterAssignments.personId,
      eventId: events.id,
      slug: events.slug,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      language: interpreterAssignments.language,
    })
    .from(interpreterAssignments)
    .innerJoin(events, eq(events.id, interpreterAssignments.eventId))
    .where(
      and(
        inArray(interpreterAssignments.personId, personIds),
        ne(events.id, eventId),
        eq(events.status, 'scheduled'),
        lt(events.startsAt, event.endsAt),
        gt(events.endsAt, event.startsAt),
        assignmentNotCancelled,
      ),
    )
    .orderBy(asc(events.startsAt))
    .all()
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.eventId),
    { language },
  )
  for (const r of rows) {
    const title = summaries.get(r.eventId)?.title ?? r.slug
    const list = result.get(r.personId) ?? []
    list.push({ eventId: r.eventId, title, startsAt: r.startsAt, endsAt: r.endsAt, language: r.language })
    result.set(r.personId, list)
  }
  return result
}

/**
 * Each channel of an event as a booth: who is in it, whether it is covered, who else could
 * be (qualified, and in none of the event's booths: an interpreter sits in one booth), and
 * for each of them the other events they are booked on at an overlapping time.
 */
export function boothCoverage(db: Reader_, eventId: number, language: Language = 'en') {
  const channels = db
    .select({ language: interpretationChannels.language, conferenceId: interpretationChannels.conferenceId })
    .from(interpretationChannels)
    .where(eq(interpretationChannels.eventId, eventId))
    .all()
  const assigned = db
    .select({ language: interpreterAssignments.language, personId: people.id, name: people.name })
    .from(interpreterAssignments)
    .innerJoin(people, eq(people.id, interpreterAssignments.personId))
    .where(eq(interpreterAssignments.eventId, eventId))
    .orderBy(asc(people.name))
    .all()
  const pool = listInterpreters(db)
  const clashes = clashesOf(db, { eventId, personIds: pool.map((p) => p.personId), language })
  const inAnyBooth = new Set(assigned.map((a) => a.personId))
  return channels.map((c) => {
    const inBooth = assigned.filter((a) => a.language === c.language)
    return {
      ...c,
      assigned: inBooth.map(({ personId, name }) => ({
        personId,
        name,
        clashes: clashes.get(personId) ?? [],
        // Made before one booth per event was the rule: staff remove one of them.
        otherBooths: assigned
          .filter((a) => a.personId === personId && a.language !== c.language)
          .map((a) => a.language),
      })),
      covered: inBooth.length >= BOOTH_SIZE,
      candidates: pool
        .filter((p) => p.pairs.some((pair) => worksInto(pair, c.language)))
        .filter((p) => !inAnyBooth.has(p.personId))
        .map(({ personId, name, provider }) => ({ personId, name, provider, clashes: clashes.get(personId) ?? [] })),
    }
  })
}

export type AssignProblem = 'noChannel' | 'notInterpreter' | 'notQualified' | 'alreadyAssigned' | 'otherBooth'

/**
 * Puts an interpreter in a booth. Refused when the event has no such channel, the person is
 * no interpreter or does not work into its language, or already sits in this booth or
 * another of this event's (one person cannot interpret two channels at once). An overlap
 * with another event they are booked on is not refused (the times may be padded), but
 * `clashes` names those events so staff are warned.
 */
export function assignInterpreter(
  db: DB,
  { eventId, language, personId }: { eventId: number; language: Language; personId: number },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; clashes: Clash[] } | { ok: false; error: AssignProblem } {
  return db.transaction(
    (tx) => {
      const channel = tx
        .select({ id: interpretationChannels.id })
        .from(interpretationChannels)
        .where(and(eq(interpretationChannels.eventId, eventId), eq(interpretationChannels.language, language)))
        .get()
      if (!channel) return { ok: false as const, error: 'noChannel' as const }
      const interpreter = tx.select().from(interpreters).where(eq(interpreters.personId, personId)).get()
      if (!interpreter) return { ok: false as const, error: 'notInterpreter' as const }
      if (!interpreter.pairs.some((pair) => worksInto(pair, language)))
        return { ok: false as const, error: 'notQualified' as const }
      const seat = tx
        .select({ language: interpreterAssignments.language })
        .from(interpreterAssignments)
        .where(and(eq(interpreterAssignments.eventId, eventId), eq(interpreterAssignments.personId, personId)))
        .get()
      if (seat)
        return {
          ok: false as const,
          error: seat.language === language ? ('alreadyAssigned' as const) : ('otherBooth' as const),
        }
      const inserted = tx
        .insert(interpreterAssignments)
        .values({ eventId, language, personId })
        .onConflictDoNothing()
        .run()
      if (!inserted.changes) return { ok: false as const, error: 'alreadyAssigned' as const }
      // The interpreter's calendar feed changes with their assignments.
      tx.update(people).set({ updatedAt: now }).where(eq(people.id, personId)).run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'interpreter.assigned',
          entityType: 'event',
          entityId: eventId,
          details: { language, personId },
        },
        now,
      )
      const clashes = clashesOf(tx, { eventId, personIds: [personId], language: 'en' }).get(personId) ?? []
      return { ok: true as const, clashes }
    },
    { behavior: 'immediate' },
  )
}

export function unassignInterpreter(
  db: DB,
  { eventId, language, personId }: { eventId: number; language: Language; personId: number },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  const removed = db
    .delete(interpreterAssignments)
    .where(
      and(
        eq(interpreterAssignments.eventId, eventId),
        eq(interpreterAssignments.language, language),
        eq(interpreterAssignments.personId, personId),
      ),
    )
    .run().changes
  if (removed) {
    db.update(people).set({ updatedAt: now }).where(eq(people.id, personId)).run()
    recordAudit(
      db,
      {
        actorId,
        action: 'interpreter.unassigned',
        entityType: 'event',
        entityId: eventId,
        details: { language, personId },
      },
      now,
    )
  }
  return removed > 0
}

/** An interpreter's booths at events not yet over, soonest first, titles in their language. */
export function assignmentsOf(db: Reader_, personId: number, language: Language, now = new Date()) {
  const rows = db
    .select({
      eventId: events.id,
      slug: events.slug,
      kind: events.kind,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      language: interpreterAssignments.language,
      conferenceId: interpretationChannels.conferenceId,
      /** When their prep pack (or its last update) was mailed, if it was. */
      packSentAt: sql<number | null>`(select max(pps.sent_at) from prep_pack_sends pps
        where pps.event_id = ${events.id} and pps.person_id = ${interpreterAssignments.personId})`,
      cancelled: sql<number>`not ${channelNotCancelled}`.mapWith(Boolean),
    })
    .from(interpreterAssignments)
    .innerJoin(events, eq(events.id, interpreterAssignments.eventId))
    .innerJoin(
      interpretationChannels,
      and(
        eq(interpretationChannels.eventId, interpreterAssignments.eventId),
        eq(interpretationChannels.language, interpreterAssignments.language),
      ),
    )
    .where(and(eq(interpreterAssignments.personId, personId), gte(events.endsAt, now), eq(events.status, 'scheduled')))
    .orderBy(asc(events.startsAt))
    .all()
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.eventId),
    { language },
  )
  return rows.map((r) => ({
    ...r,
    packSentAt: r.packSentAt === null ? null : new Date(r.packSentAt),
    title: summaries.get(r.eventId)?.title ?? r.slug,
  }))
}

/** The events a person interprets at, as the calendar feed wants them (with their booth's channel). */
export function assignedEvents(db: Reader_, personId: number) {
  return db
    .select({ eventId: interpreterAssignments.eventId, channelLanguage: interpreterAssignments.language })
    .from(interpreterAssignments)
    .innerJoin(events, eq(events.id, interpreterAssignments.eventId))
    .where(
      and(
        eq(interpreterAssignments.personId, personId),
        // A cancelled booth leaves the interpreter's calendar.
        assignmentNotCancelled,
      ),
    )
    .orderBy(asc(events.startsAt))
    .all()
}
