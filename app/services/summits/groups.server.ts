/**
 * The summit's thematic working groups: groups, assignment by hand or from the
 * participants' ranked preferences (regions kept mixed), chairs and rapporteurs,
 * and each group's report.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, type LocalisedText, REGION_CODES, type RegionCode, type REPORT_STATUSES } from '#db/domain'
import { participationRecords, people, summitParticipations, workingGroupMembers, workingGroups } from '#db/schema'
import { loc } from '~/lib/localised'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import type { Reader } from './summit.server'

export function summitGroups(db: Reader, summitId: number, language: Language) {
  const groups = db
    .select()
    .from(workingGroups)
    .where(eq(workingGroups.eventId, summitId))
    .orderBy(asc(workingGroups.id))
    .all()
  const members = db
    .select({
      groupId: workingGroupMembers.workingGroupId,
      personId: people.id,
      name: people.name,
      regionCode: people.regionCode,
      role: workingGroupMembers.role,
    })
    .from(workingGroupMembers)
    .innerJoin(people, eq(people.id, workingGroupMembers.personId))
    .innerJoin(workingGroups, eq(workingGroups.id, workingGroupMembers.workingGroupId))
    .where(and(eq(workingGroups.eventId, summitId), isNull(workingGroupMembers.leftAt)))
    .orderBy(asc(people.name))
    .all()
  return groups.map((g) => {
    const own = members.filter((m) => m.groupId === g.id)
    return {
      id: g.id,
      name: loc(g.name, language),
      topic: loc(g.topic, language),
      reportUrl: g.reportUrl,
      reportStatus: g.reportStatus,
      members: own,
      byRegion: Object.fromEntries(
        REGION_CODES.map((r) => [r, own.filter((m) => m.regionCode === r).length]),
      ) as Record<RegionCode, number>,
    }
  })
}

export function createSummitGroup(
  db: DB,
  { summitId, ...input }: { summitId: number; name: LocalisedText; topic: LocalisedText },
  { actorId }: ActorCtx,
) {
  const id = db
    .insert(workingGroups)
    .values({ eventId: summitId, kind: 'thematic', name: input.name, topic: input.topic })
    .returning({ id: workingGroups.id })
    .get().id
  recordAudit(db, {
    actorId,
    action: 'workingGroup.created',
    entityType: 'working_group',
    entityId: id,
    details: { summitId },
  })
  return id
}

export function updateReport(
  db: DB,
  {
    summitId,
    groupId,
    ...input
  }: { summitId: number; groupId: number; reportUrl: string | null; reportStatus: (typeof REPORT_STATUSES)[number] },
  { actorId }: ActorCtx,
): boolean {
  const r = db
    .update(workingGroups)
    .set(input)
    .where(and(eq(workingGroups.id, groupId), eq(workingGroups.eventId, summitId)))
    .run()
  if (r.changes)
    recordAudit(db, {
      actorId,
      action: 'workingGroup.report',
      entityType: 'working_group',
      entityId: groupId,
      details: input,
    })
  return r.changes > 0
}

/** Puts a confirmed participant in one of the summit's groups (leaving any other of its groups), with a role. */
export function assignToGroup(
  db: DB,
  {
    summitId,
    participationId,
    groupId,
    role,
  }: { summitId: number; participationId: number; groupId: number; role: 'member' | 'chair' | 'rapporteur' },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true } | { ok: false; error: 'notFound' | 'notConfirmed' } {
  return db.transaction(
    (tx) => {
      const p = tx
        .select()
        .from(summitParticipations)
        .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
        .get()
      const g = tx
        .select()
        .from(workingGroups)
        .where(and(eq(workingGroups.id, groupId), eq(workingGroups.eventId, summitId)))
        .get()
      if (!p || !g) return { ok: false as const, error: 'notFound' as const }
      if (p.status !== 'confirmed') return { ok: false as const, error: 'notConfirmed' as const }
      const summitGroupIds = tx
        .select({ id: workingGroups.id })
        .from(workingGroups)
        .where(eq(workingGroups.eventId, summitId))
        .all()
        .map((r) => r.id)
      tx.delete(workingGroupMembers)
        .where(
          and(
            eq(workingGroupMembers.personId, p.personId),
            inArray(workingGroupMembers.workingGroupId, summitGroupIds),
          ),
        )
        .run()
      tx.delete(participationRecords)
        .where(
          and(
            eq(participationRecords.personId, p.personId),
            eq(participationRecords.kind, 'working_group_member'),
            inArray(participationRecords.sourceId, summitGroupIds),
            eq(participationRecords.sourceType, 'working_group'),
          ),
        )
        .run()
      tx.insert(workingGroupMembers).values({ workingGroupId: groupId, personId: p.personId, role }).run()
      tx.update(summitParticipations)
        .set({ workingGroupId: groupId, updatedAt: now })
        .where(eq(summitParticipations.id, participationId))
        .run()
      const who = tx
        .select({ regionCode: people.regionCode, structureId: people.structureId })
        .from(people)
        .where(eq(people.id, p.personId))
        .get()!
      tx.insert(participationRecords)
        .values({
          personId: p.personId,
          kind: 'working_group_member',
          sourceType: 'working_group',
          sourceId: groupId,
          occurredAt: now,
          ...who,
        })
        .onConflictDoNothing()
        .run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'workingGroup.assigned',
          entityType: 'summit_participation',
          entityId: participationId,
          details: { groupId, role },
        },
        now,
      )
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Assigns every confirmed participant without a group: their first stated
 * preference that still has room, else the smallest group; among equal choices,
 * the group with the fewest people from their region, so regions stay mixed.
 */
export function autoAssign(
  db: DB,
  { summitId }: { summitId: number },
  { actorId, now = new Date() }: ActorCtx,
): number {
  const groups = summitGroups(db, summitId, 'en')
  if (groups.length === 0) return 0
  const waiting = db
    .select({
      id: summitParticipations.id,
      regionCode: people.regionCode,
      preferences: summitParticipations.workingGroupPreferences,
    })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .where(
      and(
        eq(summitParticipations.eventId, summitId),
        eq(summitParticipations.status, 'confirmed'),
        sql`${summitParticipations.workingGroupId} is null`,
      ),
    )
    .orderBy(asc(summitParticipations.id))
    .all()
  const size = new Map(groups.map((g) => [g.id, g.members.length]))
  const region = new Map(groups.map((g) => [g.id, { ...g.byRegion } as Record<string, number>]))
  const total = [...size.values()].reduce((a, b) => a + b, 0) + waiting.length
  const capacity = Math.ceil(total / groups.length)
  let assigned = 0
  for (const w of waiting) {
    const key = w.regionCode ?? 'none'
    const score = (id: number) => [region.get(id)![key] ?? 0, size.get(id)!] as const
    const preferred = (w.preferences ?? []).filter((id) => size.has(id) && size.get(id)! < capacity)
    const pool = preferred.length ? [preferred[0]] : groups.map((g) => g.id).filter((id) => size.get(id)! < capacity)
    const choice = [...(pool.length ? pool : groups.map((g) => g.id))].sort((a, b) => {
      const [ra, sa] = score(a)
      const [rb, sb] = score(b)
      return ra - rb || sa - sb || a - b
    })[0]
    if (assignToGroup(db, { summitId, participationId: w.id, groupId: choice, role: 'member' }, { actorId, now }).ok) {
      size.set(choice, size.get(choice)! + 1)
      region.get(choice)![key] = (region.get(choice)![key] ?? 0) + 1
      assigned++
    }
  }
  return assigned
}

// ─── Working-group preferences ────────────────────────────────────────────

export const MAX_PREFERENCES = 3

/** A participant's ranked choice of the summit's thematic groups (used by auto-assign). */
export function saveGroupPreferences(
  db: DB,
  { summitId, personId, groupIds }: { summitId: number; personId: number; groupIds: number[] },
  { now = new Date() }: { now?: Date } = {},
): { ok: true } | { ok: false; error: 'notFound' | 'unknownGroup' | 'duplicate' | 'closed' } {
  return db.transaction(
    (tx) => {
      const place = tx
        .select()
        .from(summitParticipations)
        .where(and(eq(summitParticipations.eventId, summitId), eq(summitParticipations.personId, personId)))
        .get()
      if (!place) return { ok: false as const, error: 'notFound' as const }
      if (place.status === 'declined' || place.status === 'withdrawn')
        return { ok: false as const, error: 'closed' as const }
      if (new Set(groupIds).size !== groupIds.length) return { ok: false as const, error: 'duplicate' as const }
      const known = new Set(
        tx
          .select({ id: workingGroups.id })
          .from(workingGroups)
          .where(eq(workingGroups.eventId, summitId))
          .all()
          .map((g) => g.id),
      )
      if (groupIds.some((id) => !known.has(id)) || groupIds.length > MAX_PREFERENCES)
        return { ok: false as const, error: 'unknownGroup' as const }
      tx.update(summitParticipations)
        .set({ workingGroupPreferences: groupIds.length ? groupIds : null, updatedAt: now })
        .where(eq(summitParticipations.id, place.id))
        .run()
      recordAudit(
        tx,
        {
          actorId: personId,
          action: 'summit.groupPreferences',
          entityType: 'summit_participation',
          entityId: place.id,
          details: { groupIds },
        },
        now,
      )
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}
