/**
 * Audiences: saved filters of people (event or summit participants, region, member type,
 * structure, language, working-group members or chairs) that a newsletter is sent to,
 * and how many each reaches (people who unsubscribed or bounced are left out).
 */
import { and, asc, count, desc, inArray, isNull, or, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type AudienceCriteria,
  audiences,
  events,
  type Language,
  people,
  registrations,
  structures,
  summitParticipations,
  workingGroupMembers,
  workingGroups,
} from '#db/schema'

import { recordAudit } from '../audit.server'
import { eventSummaries } from '../events/summaries.server'
import { subscribedToAny } from './lists.server'
type Reader_ = Pick<DB, 'select'>

export function audienceWhere(criteria: AudienceCriteria): SQL | undefined {
  const parts: SQL[] = []
  if (criteria.regionCodes?.length) parts.push(inArray(people.regionCode, criteria.regionCodes))
  if (criteria.memberTypes?.length) parts.push(inArray(people.memberType, criteria.memberTypes))
  if (criteria.structureIds?.length) parts.push(inArray(people.structureId, criteria.structureIds))
  if (criteria.languages?.length) parts.push(inArray(people.preferredLanguage, criteria.languages))
  if (criteria.eventIds?.length) {
    const ids = criteria.eventIds
    parts.push(
      or(
        sql`exists (select 1 from ${registrations} where ${registrations.personId} = ${people.id} and ${registrations.status} = 'confirmed' and ${inArray(registrations.eventId, ids)})`,
        sql`exists (select 1 from ${summitParticipations} where ${summitParticipations.personId} = ${people.id} and ${summitParticipations.status} in ('nominated', 'confirmed') and ${inArray(summitParticipations.eventId, ids)})`,
      )!,
    )
  }
  // Working groups: membership as it stands when the newsletter goes out.
  const current = sql`${workingGroupMembers.personId} = ${people.id} and ${workingGroupMembers.joinedAt} <= unixepoch('subsec') * 1000
    and (${workingGroupMembers.leftAt} is null or ${workingGroupMembers.leftAt} > unixepoch('subsec') * 1000)`
  const groupParts: SQL[] = []
  if (criteria.workingGroupIds?.length)
    groupParts.push(
      sql`exists (select 1 from ${workingGroupMembers} where ${current} and ${inArray(workingGroupMembers.workingGroupId, criteria.workingGroupIds)})`,
    )
  if (criteria.groupChairs)
    groupParts.push(
      sql`exists (select 1 from ${workingGroupMembers} where ${current} and ${workingGroupMembers.role} in ('chair', 'vice_chair'))`,
    )
  // Members of a group or its chairs: either makes someone part of the audience.
  if (groupParts.length) parts.push(or(...groupParts)!)
  return parts.length ? and(...parts) : undefined
}

/** The saved audience of exactly one working group's members, made the first time staff write to them. */
export function groupAudience(db: DB, groupId: number, name: string, actorId: number): number {
  const existing = db
    .select({ id: audiences.id, criteria: audiences.criteria })
    .from(audiences)
    .all()
    .find(
      (a) =>
        a.criteria.workingGroupIds?.length === 1 &&
        a.criteria.workingGroupIds[0] === groupId &&
        Object.keys(a.criteria).length === 1,
    )
  return existing?.id ?? saveAudience(db, { name, criteria: { workingGroupIds: [groupId] } }, { actorId })
}

/** Who a newsletter can go to: not unsubscribed, not bounced or held, not deactivated, not erased. */
export const reachable = and(
  isNull(people.newsletterOptOutAt),
  isNull(people.emailBouncedAt),
  isNull(people.emailHeldAt),
  isNull(people.deactivatedAt),
  isNull(people.erasedAt),
)

export type AudienceCounts = {
  matching: number
  unsubscribed: number
  bounced: number
  /** On the newsletter's lists but chose the monthly digest: the issue reaches them there. */
  digest: number
  recipients: number
}

/**
 * Who an audience reaches; with `listIds`, only the lists' subscribers in it (a newsletter
 * sent to lists, narrowed by the audience), less those who chose the monthly digest.
 */
export function audienceCounts(db: Reader_, criteria: AudienceCriteria | null, listIds: number[] = []): AudienceCounts {
  const onLists = listIds.length > 0
  const row = db
    .select({
      matching: count(),
      unsubscribed: sql<number>`coalesce(sum(${people.newsletterOptOutAt} is not null), 0)`,
      // Bounced or held after soft bounces: not sent to either way.
      bounced: sql<number>`coalesce(sum(${people.newsletterOptOutAt} is null and (${people.emailBouncedAt} is not null or ${people.emailHeldAt} is not null)), 0)`,
      digest: onLists
        ? sql<number>`coalesce(sum(${people.newsletterOptOutAt} is null and ${people.emailBouncedAt} is null and ${people.emailHeldAt} is null and ${people.newsletterDigestSince} is not null), 0)`
        : sql<number>`0`,
    })
    .from(people)
    // Deactivated and erased people receive nothing: they are not counted at all.
    .where(
      and(
        criteria ? audienceWhere(criteria) : undefined,
        onLists ? subscribedToAny(listIds) : undefined,
        isNull(people.deactivatedAt),
        isNull(people.erasedAt),
      ),
    )
    .get()!
  return { ...row, recipients: row.matching - row.unsubscribed - row.bounced - row.digest }
}

export function listAudiences(db: Reader_) {
  return db
    .select({ id: audiences.id, name: audiences.name, criteria: audiences.criteria, createdAt: audiences.createdAt })
    .from(audiences)
    .orderBy(asc(audiences.name))
    .all()
    .map((s) => ({ ...s, counts: audienceCounts(db, s.criteria) }))
}

export function saveAudience(
  db: DB,
  { name, criteria }: { name: string; criteria: AudienceCriteria },
  { actorId: staffId }: { actorId: number },
): number {
  const id = db
    .insert(audiences)
    .values({ name, criteria, createdById: staffId })
    .returning({ id: audiences.id })
    .get().id
  recordAudit(db, {
    actorId: staffId,
    action: 'audience.created',
    entityType: 'audience',
    entityId: id,
    details: { name, criteria },
  })
  return id
}

/** What an audience can be built from: events and summits, structures, working groups. */
export function audienceChoices(db: Reader_, language: Language) {
  const eventRows = db
    .select({ id: events.id, kind: events.kind, startsAt: events.startsAt, slug: events.slug })
    .from(events)
    .where(and(isNull(events.parentEventId), inArray(events.kind, ['webinar', 'summit'])))
    .orderBy(desc(events.startsAt))
    .all()
  const summaries = eventSummaries(
    db,
    eventRows.map((e) => e.id),
    { language },
  )
  return {
    events: eventRows.map((e) => ({ ...e, title: summaries.get(e.id)?.title ?? e.slug })),
    structures: db
      .select({ id: structures.id, name: structures.name })
      .from(structures)
      .orderBy(asc(structures.name))
      .all(),
    // Standing groups and working parties (a summit's groups are reached through the summit).
    workingGroups: db
      .select({ id: workingGroups.id, name: workingGroups.name })
      .from(workingGroups)
      .where(isNull(workingGroups.eventId))
      .all()
      .map((g) => ({ id: g.id, name: g.name[language] ?? g.name.en }))
      .sort((a, b) => a.name.localeCompare(b.name, language)),
  }
}
