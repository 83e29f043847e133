/**
 * "Answered the survey" as participation, without making anonymous answers
 * traceable. For a named survey the record is written at submission. For an
 * anonymous survey it is written later, by the worker, in batches of at least
 * SMALL_GROUP people (or all remaining ones once the survey has closed), in a
 * random order, dated the survey's closing day (else its opening day): neither its
 * time nor its position can be matched with a response.
 * See docs/decisions/011-anonymous-surveys.md.
 */
import crypto from 'node:crypto'

import { and, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { participationRecords, people, surveyInvitations, surveys } from '#db/schema'
import { SMALL_GROUP } from '~/lib/survey-text'

/**
 * The one date every anonymous completion of a survey carries: its closing day, else its opening day, else its
 * creation day (00:00 UTC).
 */
export function anonymousCompletionDate(survey: {
  closesAt: Date | null
  opensAt: Date | null
  createdAt: Date
}): Date {
  const at = survey.closesAt ?? survey.opensAt ?? survey.createdAt
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
}

/** The day (00:00 UTC) of an instant: what an anonymous response keeps of its times. */
export function dayOf(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
}

export function shuffled<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/**
 * Writes the participation records of anonymous surveys' completed invitations that
 * have none yet, per survey once at least SMALL_GROUP are waiting or the survey has
 * closed. Returns how many were written.
 */
export function recordAnonymousCompletions(db: DB, now = new Date()): number {
  const waiting = db
    .select({
      surveyId: surveyInvitations.surveyId,
      personId: surveyInvitations.personId,
      regionCode: people.regionCode,
      structureId: people.structureId,
      closesAt: surveys.closesAt,
      opensAt: surveys.opensAt,
      createdAt: surveys.createdAt,
    })
    .from(surveyInvitations)
    .innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
    .innerJoin(people, eq(people.id, surveyInvitations.personId))
    .where(
      and(
        eq(surveys.anonymous, true),
        eq(surveyInvitations.completed, true),
        sql`not exists (select 1 from ${participationRecords} r where r.kind = 'survey_completed' and r.source_type = 'survey'
          and r.source_id = ${surveyInvitations.surveyId} and r.person_id = ${surveyInvitations.personId})`,
      ),
    )
    .all()
  if (waiting.length === 0) return 0
  const bySurvey = new Map<number, typeof waiting>()
  for (const w of waiting) bySurvey.set(w.surveyId, [...(bySurvey.get(w.surveyId) ?? []), w])
  let written = 0
  db.transaction((tx) => {
    for (const [surveyId, list] of bySurvey) {
      const closed = list[0].closesAt !== null && list[0].closesAt <= now
      if (list.length < SMALL_GROUP && !closed) continue
      const occurredAt = anonymousCompletionDate(list[0])
      for (const w of shuffled(list)) {
        tx.insert(participationRecords)
          .values({
            personId: w.personId,
            regionCode: w.regionCode,
            structureId: w.structureId,
            kind: 'survey_completed',
            sourceType: 'survey',
            sourceId: surveyId,
            occurredAt,
          })
          .onConflictDoNothing()
          .run()
        written++
      }
    }
  })
  return written
}
