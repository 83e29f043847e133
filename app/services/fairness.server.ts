/**
 * Who a proposed slot is for: a saved audience or a working group's current members,
 * counted per region and time zone for the fairness planner (app/lib/fairness.ts).
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm'

import type { DB } from '#db/client'
import { audiences, type Language, people, workingGroupMembers, workingGroups } from '#db/schema'
import type { ZoneGroup } from '~/lib/fairness'

import { audienceWhere } from './newsletters/audiences.server'
import { memberAt } from './working-groups.server'
type Reader_ = Pick<DB, 'select'>

export type Intended = { audienceId: number } | { workingGroupId: number }

const live = and(isNull(people.deactivatedAt), isNull(people.erasedAt))
const NO_REGION = 'none'

/** The intended people, grouped by region and zone; null when the audience or group does not exist. */
export function intendedZones(db: Reader_, intended: Intended, now = new Date()): ZoneGroup[] | null {
  const fields = { region: people.regionCode, timeZone: people.timeZone, people: count() }
  let rows: { region: string | null; timeZone: string; people: number }[]
  if ('audienceId' in intended) {
    const audience = db.select().from(audiences).where(eq(audiences.id, intended.audienceId)).get()
    if (!audience) return null
    rows = db
      .select(fields)
      .from(people)
      .where(and(audienceWhere(audience.criteria), live))
      .groupBy(people.regionCode, people.timeZone)
      .all()
  } else {
    if (
      !db
        .select({ id: workingGroups.id })
        .from(workingGroups)
        .where(eq(workingGroups.id, intended.workingGroupId))
        .get()
    )
      return null
    rows = db
      .select(fields)
      .from(workingGroupMembers)
      .innerJoin(people, eq(people.id, workingGroupMembers.personId))
      .where(and(eq(workingGroupMembers.workingGroupId, intended.workingGroupId), memberAt(now), live))
      .groupBy(people.regionCode, people.timeZone)
      .all()
  }
  return rows.map((r) => ({ region: r.region ?? NO_REGION, timeZone: r.timeZone, people: r.people }))
}

/** What the planner offers to choose from: saved audiences and working groups. */
export function plannerChoices(db: Reader_, language: Language) {
  return {
    audiences: db.select({ id: audiences.id, name: audiences.name }).from(audiences).orderBy(asc(audiences.name)).all(),
    groups: db
      .select({ id: workingGroups.id, name: workingGroups.name })
      .from(workingGroups)
      .all()
      .map((g) => ({ id: g.id, name: g.name[language] ?? g.name.en }))
      .sort((a, b) => a.name.localeCompare(b.name, language)),
  }
}
