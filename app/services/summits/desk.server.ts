/**
 * The venue desks: the arrival check-in of confirmed participants, and attendance
 * at each session's door, with the counts the desks show.
 */
import { and, asc, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { events, participationRecords, people, sessionAttendance, structures, summitParticipations } from '#db/schema'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { sessionRow } from './programme.server'
import { personMatches, type Reader } from './summit.server'

/** The venue desk: check a confirmed participant in (or undo a mistake); counts for the desk. */
export function setCheckedIn(
  db: DB,
  { summitId, participationId, checkedIn }: { summitId: number; participationId: number; checkedIn: boolean },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; name: string } | { ok: false; error: 'notFound' | 'notConfirmed' } {
  return db.transaction(
    (tx) => {
      const row = tx
        .select()
        .from(summitParticipations)
        .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
        .get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      if (checkedIn && row.status !== 'confirmed') return { ok: false as const, error: 'notConfirmed' as const }
      tx.update(summitParticipations)
        .set({ checkedInAt: checkedIn ? (row.checkedInAt ?? now) : null, updatedAt: now })
        .where(eq(summitParticipations.id, participationId))
        .run()
      const name = personName(tx, row.personId)
      const key = and(
        eq(participationRecords.kind, 'summit_attended'),
        eq(participationRecords.sourceType, 'summit_participation'),
        eq(participationRecords.sourceId, participationId),
      )
      if (checkedIn) {
        const p = tx
          .select({ regionCode: people.regionCode, structureId: people.structureId })
          .from(people)
          .where(eq(people.id, row.personId))
          .get()!
        tx.insert(participationRecords)
          .values({
            personId: row.personId,
            kind: 'summit_attended',
            sourceType: 'summit_participation',
            sourceId: participationId,
            occurredAt: row.checkedInAt ?? now,
            regionCode: p.regionCode,
            structureId: p.structureId,
          })
          .onConflictDoNothing()
          .run()
      } else {
        tx.delete(participationRecords).where(key).run()
      }
      recordAudit(
        tx,
        {
          actorId,
          action: checkedIn ? 'summit.checkIn' : 'summit.checkInUndone',
          entityType: 'summit_participation',
          entityId: participationId,
        },
        now,
      )
      return { ok: true as const, name }
    },
    { behavior: 'immediate' },
  )
}

/** The name the desk says back after a check-in ("Checked in: …"). */
function personName(db: Reader, personId: number): string {
  return db.select({ name: people.name }).from(people).where(eq(people.id, personId)).get()?.name ?? ''
}

export function checkInCounts(db: Reader, summitId: number) {
  const row = db
    .select({
      confirmed: sql<number>`coalesce(sum(${summitParticipations.status} = 'confirmed'), 0)`,
      checkedIn: sql<number>`coalesce(sum(${summitParticipations.status} = 'confirmed' and ${summitParticipations.checkedInAt} is not null), 0)`,
    })
    .from(summitParticipations)
    .where(eq(summitParticipations.eventId, summitId))
    .get()!
  return row
}

/** Attended counts per session. */
export function sessionCounts(db: Reader, summitId: number): Map<number, number> {
  const rows = db
    .select({ sessionId: sessionAttendance.sessionId, n: sql<number>`count(*)` })
    .from(sessionAttendance)
    .innerJoin(events, eq(events.id, sessionAttendance.sessionId))
    .where(eq(events.parentEventId, summitId))
    .groupBy(sessionAttendance.sessionId)
    .all()
  return new Map(rows.map((r) => [r.sessionId, r.n]))
}

/** Who of the confirmed participants matching `q` attended the session (at most 30 rows, for a phone). */
export function sessionDesk(db: Reader, summitId: number, sessionId: number, q: string) {
  return db
    .select({
      personId: people.id,
      name: people.name,
      structureName: structures.name,
      regionCode: people.regionCode,
      checkedInAt: sessionAttendance.checkedInAt,
    })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .leftJoin(
      sessionAttendance,
      and(eq(sessionAttendance.sessionId, sessionId), eq(sessionAttendance.personId, people.id)),
    )
    .where(
      and(eq(summitParticipations.eventId, summitId), eq(summitParticipations.status, 'confirmed'), personMatches(q)),
    )
    .orderBy(asc(people.name))
    .limit(30)
    .all()
}

export function setSessionAttended(
  db: DB,
  {
    summitId,
    sessionId,
    personId,
    attended,
  }: { summitId: number; sessionId: number; personId: number; attended: boolean },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; name: string } | { ok: false; error: 'notFound' | 'notConfirmed' } {
  return db.transaction(
    (tx) => {
      if (!sessionRow(tx, summitId, sessionId)) return { ok: false as const, error: 'notFound' as const }
      const place = tx
        .select({ status: summitParticipations.status })
        .from(summitParticipations)
        .where(and(eq(summitParticipations.eventId, summitId), eq(summitParticipations.personId, personId)))
        .get()
      if (!place) return { ok: false as const, error: 'notFound' as const }
      if (attended && place.status !== 'confirmed') return { ok: false as const, error: 'notConfirmed' as const }
      if (attended)
        tx.insert(sessionAttendance)
          .values({ sessionId, personId, checkedInAt: now, checkedInById: actorId })
          .onConflictDoNothing()
          .run()
      else
        tx.delete(sessionAttendance)
          .where(and(eq(sessionAttendance.sessionId, sessionId), eq(sessionAttendance.personId, personId)))
          .run()
      recordAudit(
        tx,
        {
          actorId,
          action: attended ? 'summit.sessionAttended' : 'summit.sessionAttendanceUndone',
          entityType: 'event',
          entityId: sessionId,
          details: { personId },
        },
        now,
      )
      return { ok: true as const, name: personName(tx, personId) }
    },
    { behavior: 'immediate' },
  )
}
