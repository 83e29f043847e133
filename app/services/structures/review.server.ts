/**
 * The expectations and engagement review (decision 014): for every accredited structure
 * (or one under review), each expectation met or not, counted from the participation
 * records its people already have and the date its details were last confirmed: by its
 * contact (the review's link), or by the ALAC's accreditation itself, whose due diligence
 * checked them (a structure accredited last month is not asked to confirm again).
 */
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import type { ExpectationKind } from '#db/domain'
import { accreditationExpectations, participationRecords, structures } from '#db/schema'
import { outer } from '~/lib/localised.server'

import { recordAudit } from '../audit.server'

type Reader = Pick<DB, 'select'>

const RECORD_KIND: Record<
  Exclude<ExpectationKind, 'confirmed'>,
  'working_group_meeting_attended' | 'survey_completed'
> = {
  meetings: 'working_group_meeting_attended',
  survey: 'survey_completed',
}

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d
}

export function listExpectations(db: Reader) {
  return db.select().from(accreditationExpectations).orderBy(asc(accreditationExpectations.id)).all()
}

/** Each accredited structure with, per active expectation, its count (or confirmation date) and whether it is met. */
export function expectationsReview(db: Reader, { now = new Date() }: { now?: Date } = {}) {
  const expectations = listExpectations(db).filter((e) => e.active)
  const rows = db
    .select({
      id: structures.id,
      name: structures.name,
      regionCode: structures.regionCode,
      status: structures.accreditationStatus,
      confirmedAt: structures.detailsConfirmedAt,
      accreditedAt: sql<number | null>`(select max(h.changed_at) from accreditation_history h
        where h.structure_id = ${outer(structures, structures.id)} and h.step = 'accredited')`,
    })
    .from(structures)
    .where(inArray(structures.accreditationStatus, ['accredited', 'under_review']))
    .orderBy(asc(structures.regionCode), asc(structures.name))
    .all()
  const counts = new Map<string, number>()
  for (const e of expectations) {
    if (e.kind === 'confirmed') continue
    const found = db
      .select({ structureId: participationRecords.structureId, n: sql<number>`count(*)` })
      .from(participationRecords)
      .where(
        and(
          eq(participationRecords.kind, RECORD_KIND[e.kind]),
          gte(participationRecords.occurredAt, monthsBefore(now, e.months)),
        ),
      )
      .groupBy(participationRecords.structureId)
      .all()
    for (const f of found) if (f.structureId !== null) counts.set(`${e.kind}:${f.structureId}`, f.n)
  }
  return {
    expectations,
    rows: rows.map(({ accreditedAt, ...row }) => {
      const latest = Math.max(row.confirmedAt?.getTime() ?? 0, accreditedAt ?? 0)
      const r = { ...row, confirmedAt: latest ? new Date(latest) : null }
      const results = expectations.map((e) => {
        if (e.kind === 'confirmed') {
          const met = r.confirmedAt !== null && r.confirmedAt >= monthsBefore(now, e.months)
          return { kind: e.kind, value: null, confirmedAt: r.confirmedAt, met }
        }
        const value = counts.get(`${e.kind}:${r.id}`) ?? 0
        return { kind: e.kind, value, confirmedAt: null, met: value >= e.threshold }
      })
      return { ...r, results, below: results.some((x) => !x.met) }
    }),
  }
}

/** Staff change an expectation's threshold, window or use. */
export function saveExpectation(
  db: DB,
  input: { id: number; threshold: number; months: number; active: boolean },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(accreditationExpectations)
      .set({ threshold: input.threshold, months: input.months, active: input.active })
      .where(eq(accreditationExpectations.id, input.id))
      .run().changes
    if (changed)
      recordAudit(
        tx,
        { actorId, action: 'expectation.updated', entityType: 'expectation', entityId: input.id, details: input },
        now,
      )
    return changed > 0
  })
}
