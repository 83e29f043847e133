/**
 * Standing groups and working parties: their details in three languages, and membership
 * as dated periods. Joining opens a period, leaving closes it, a role change closes one
 * and opens the next at the same instant; nothing is deleted, so the history stays and
 * "who was a member at this meeting" has an answer. Summit thematic groups share the
 * tables (their members are assigned on the summit's groups page).
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, max, or, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  type LocalisedText,
  meetingAttendance,
  participationRecords,
  people,
  REGION_CODES,
  type RegionCode,
  WORKING_GROUP_ROLES,
  workingGroupMeetings,
  workingGroupMembers,
  workingGroups,
} from '#db/schema'
import { loc, localise } from '~/lib/localised'
import { outer } from '~/lib/localised.server'
import { emailsByLine, type LineProblem } from '~/lib/pasted-emails'

import { recordAudit } from './audit.server'
import type { ActorCtx, MailCtx } from './context'
import { emailIs } from './people.server'
import { listActions, listMeetings, syncUpcomingMeetings } from './working-group-meetings.server'

export type WorkingGroupRole = (typeof WORKING_GROUP_ROLES)[number]
/** The roles that speak for a region; observers and staff support do not. */
const REPRESENTING: WorkingGroupRole[] = ['chair', 'vice_chair', 'member', 'rapporteur']
/** How the member list is ordered: chairs first. */
const ROLE_ORDER = sql`case ${workingGroupMembers.role} when 'chair' then 0 when 'vice_chair' then 1 when 'rapporteur' then 2 when 'member' then 3 when 'observer' then 4 else 5 end`

type Reader = Pick<DB, 'select' | 'selectDistinct'>

/** A membership period that is open at `at`: joined on or before, not yet left. */
export function memberAt(at: Date) {
  return and(
    lte(workingGroupMembers.joinedAt, at),
    or(isNull(workingGroupMembers.leftAt), gt(workingGroupMembers.leftAt, at)),
  )
}

// ─── Groups ───────────────────────────────────────────────────────────────

export type WorkingGroupInput = {
  kind: 'standing' | 'working_party'
  slug: string
  name: LocalisedText
  topic: LocalisedText
  description: LocalisedText
  startsOn: string | null
  endsOn: string | null
  membersPublic: boolean
  allRegionsRequired: boolean
}
export type SaveGroupResult = { ok: true; id: number } | { ok: false; error: 'slugTaken' | 'notFound' }

/** Creates a group (`id` null) or changes one; the public address must be free. */
export function saveWorkingGroup(
  db: DB,
  id: number | null,
  input: WorkingGroupInput,
  { actorId }: ActorCtx,
): SaveGroupResult {
  return db.transaction(
    (tx) => {
      const clash = tx
        .select({ id: workingGroups.id })
        .from(workingGroups)
        .where(eq(workingGroups.slug, input.slug))
        .get()
      if (clash && clash.id !== id) return { ok: false, error: 'slugTaken' } as const
      const values = {
        kind: input.kind,
        slug: input.slug,
        name: input.name,
        topic: input.topic,
        description: input.description,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        membersPublic: input.membersPublic,
        allRegionsRequired: input.allRegionsRequired,
      }
      let groupId: number
      if (id === null) {
        groupId = tx.insert(workingGroups).values(values).returning({ id: workingGroups.id }).get().id
      } else {
        const changed = tx
          .update(workingGroups)
          .set(values)
          .where(and(eq(workingGroups.id, id), isNull(workingGroups.eventId)))
          .run().changes
        if (changed === 0) return { ok: false, error: 'notFound' } as const
        groupId = id
      }
      recordAudit(tx, {
        actorId,
        action: id === null ? 'working_group.created' : 'working_group.updated',
        entityType: 'working_group',
        entityId: groupId,
        details: { slug: input.slug, kind: input.kind },
      })
      return { ok: true, id: groupId } as const
    },
    { behavior: 'immediate' },
  )
}

/** Every group with its current members, meetings and, where required, the regions it lacks. */
export function listWorkingGroups(db: Reader, language: Language, now = new Date()) {
  const groups = db
    .select()
    .from(workingGroups)
    .orderBy(
      sql`case ${workingGroups.kind} when 'standing' then 0 when 'working_party' then 1 else 2 end`,
      asc(workingGroups.id),
    )
    .all()
  const members = new Map(
    db
      .select({ id: workingGroupMembers.workingGroupId, n: count() })
      .from(workingGroupMembers)
      .where(memberAt(now))
      .groupBy(workingGroupMembers.workingGroupId)
      .all()
      .map((r) => [r.id, r.n]),
  )
  const meetings = new Map(
    db
      .select({ id: workingGroupMeetings.workingGroupId, n: count(), last: max(workingGroupMeetings.heldAt) })
      .from(workingGroupMeetings)
      .where(lte(workingGroupMeetings.heldAt, now))
      .groupBy(workingGroupMeetings.workingGroupId)
      .all()
      .map((r) => [r.id, r]),
  )
  const regions = new Map<number, Set<string>>()
  for (const r of regionCounts(db, null, now)) {
    if (!r.region) continue
    let set = regions.get(r.groupId)
    if (!set) regions.set(r.groupId, (set = new Set()))
    set.add(r.region)
  }
  return groups.map((g) => ({
    id: g.id,
    kind: g.kind,
    slug: g.slug,
    name: loc(g.name, language),
    topic: loc(g.topic, language),
    members: members.get(g.id) ?? 0,
    meetings: meetings.get(g.id)?.n ?? 0,
    lastMeeting: meetings.get(g.id)?.last ?? null,
    missingRegions: g.allRegionsRequired
      ? REGION_CODES.filter((code) => !regions.get(g.id)?.has(code))
      : ([] as RegionCode[]),
  }))
}

/** Representing members now per group and region (`groupId` null: every group), one query for both uses. */
function regionCounts(db: Reader, groupId: number | null, at: Date) {
  return db
    .select({ groupId: workingGroupMembers.workingGroupId, region: people.regionCode, n: count() })
    .from(workingGroupMembers)
    .innerJoin(people, eq(people.id, workingGroupMembers.personId))
    .where(
      and(
        memberAt(at),
        inArray(workingGroupMembers.role, REPRESENTING),
        groupId === null ? undefined : eq(workingGroupMembers.workingGroupId, groupId),
      ),
    )
    .groupBy(workingGroupMembers.workingGroupId, people.regionCode)
    .all()
}

/** Members per region now, and the regions with none (which matter when every RALO must be in). */
export function representation(db: Reader, groupId: number, now = new Date()) {
  const byRegion = new Map(regionCounts(db, groupId, now).map((r) => [r.region, r.n]))
  return {
    regions: REGION_CODES.map((code) => ({ code, members: byRegion.get(code) ?? 0 })),
    missing: REGION_CODES.filter((code) => !byRegion.get(code)),
  }
}

/** What the group page's actions check before changing anything: the group's kind and its held meetings. */
export function groupForChange(db: Reader, id: number, now = new Date()) {
  const g = db.select({ eventId: workingGroups.eventId }).from(workingGroups).where(eq(workingGroups.id, id)).get()
  if (!g) return null
  const held = db
    .select({ id: workingGroupMeetings.id })
    .from(workingGroupMeetings)
    .where(and(eq(workingGroupMeetings.workingGroupId, id), lte(workingGroupMeetings.heldAt, now)))
    .all()
  return { summitGroup: g.eventId !== null, heldMeetingIds: new Set(held.map((m) => m.id)) }
}

/** One group for its staff page: details, members now, the ended periods, meetings with attendance. */
export function getWorkingGroup(db: Reader, id: number, language: Language, now = new Date()) {
  const g = db.select().from(workingGroups).where(eq(workingGroups.id, id)).get()
  if (!g) return null
  const periods = db
    .select({
      membershipId: workingGroupMembers.id,
      id: people.id,
      name: people.name,
      email: people.email,
      regionCode: people.regionCode,
      role: workingGroupMembers.role,
      joinedAt: workingGroupMembers.joinedAt,
      leftAt: workingGroupMembers.leftAt,
    })
    .from(workingGroupMembers)
    .innerJoin(people, eq(people.id, workingGroupMembers.personId))
    .where(eq(workingGroupMembers.workingGroupId, id))
    .orderBy(ROLE_ORDER, asc(people.name), desc(workingGroupMembers.joinedAt))
    .all()
  const isCurrent = (p: (typeof periods)[number]) => p.joinedAt <= now && (!p.leftAt || p.leftAt > now)
  const members = periods.filter(isCurrent)
  const history = periods
    .filter((p) => !isCurrent(p))
    .sort((a, b) => (b.leftAt ?? b.joinedAt).getTime() - (a.leftAt ?? a.joinedAt).getTime())
  const counts = new Map(
    db
      .select({
        id: workingGroupMeetings.id,
        attended: sql<number>`(select count(*) from ${meetingAttendance} where ${outer(meetingAttendance, meetingAttendance.meetingId)} = ${outer(workingGroupMeetings, workingGroupMeetings.id)})`,
        members: sql<number>`(select count(*) from ${workingGroupMembers} where ${outer(workingGroupMembers, workingGroupMembers.workingGroupId)} = ${outer(workingGroupMeetings, workingGroupMeetings.workingGroupId)}
        and ${outer(workingGroupMembers, workingGroupMembers.joinedAt)} <= ${outer(workingGroupMeetings, workingGroupMeetings.heldAt)}
        and (${outer(workingGroupMembers, workingGroupMembers.leftAt)} is null or ${outer(workingGroupMembers, workingGroupMembers.leftAt)} > ${outer(workingGroupMeetings, workingGroupMeetings.heldAt)}))`,
      })
      .from(workingGroupMeetings)
      .where(eq(workingGroupMeetings.workingGroupId, id))
      .all()
      .map((c) => [c.id, c]),
  )
  const meetings = listMeetings(db, id, language).map((m) => ({
    ...m,
    heldAt: m.startsAt,
    attended: counts.get(m.id)?.attended ?? 0,
    members: counts.get(m.id)?.members ?? 0,
    held: m.startsAt <= now,
  }))
  return {
    id: g.id,
    kind: g.kind,
    slug: g.slug,
    summitGroup: g.eventId !== null,
    summitId: g.eventId,
    name: loc(g.name, language),
    topic: loc(g.topic, language),
    description: loc(g.description, language),
    startsOn: g.startsOn,
    endsOn: g.endsOn,
    membersPublic: g.membersPublic,
    allRegionsRequired: g.allRegionsRequired,
    members,
    history,
    meetings,
    representation: representation(db, id, now),
  }
}

/** The stored texts of a group for its edit form (every language, not the viewer's). */
export function workingGroupFormValues(db: Reader, id: number) {
  const g = db
    .select()
    .from(workingGroups)
    .where(and(eq(workingGroups.id, id), isNull(workingGroups.eventId)))
    .get()
  if (!g) return null
  return {
    kind: g.kind === 'working_party' ? 'working_party' : 'standing',
    slug: g.slug ?? '',
    nameEn: g.name.en,
    nameFr: g.name.fr ?? '',
    nameEs: g.name.es ?? '',
    topicEn: g.topic.en,
    topicFr: g.topic.fr ?? '',
    topicEs: g.topic.es ?? '',
    descriptionEn: g.description?.en ?? '',
    descriptionFr: g.description?.fr ?? '',
    descriptionEs: g.description?.es ?? '',
    startsOn: g.startsOn ?? '',
    endsOn: g.endsOn ?? '',
    membersPublic: g.membersPublic,
    allRegionsRequired: g.allRegionsRequired,
  }
}

// ─── Membership ───────────────────────────────────────────────────────────

export type AddMembersResult = { stored: number; already: number; failed: LineProblem[] }

/**
 * Adds the people of a pasted list (one per line, an address on each) with one role from
 * `joinedAt`. A line whose person is a member already is counted, not changed; a line
 * without a known address is reported; the others are stored.
 */
export function addMembers(
  db: DB,
  groupId: number,
  input: { text: string; role: WorkingGroupRole; joinedAt: Date },
  { actorId, baseUrl, now }: MailCtx,
): AddMembersResult | null {
  return db.transaction(
    (tx) => {
      if (!tx.select({ id: workingGroups.id }).from(workingGroups).where(eq(workingGroups.id, groupId)).get())
        return null
      const result: AddMembersResult = { stored: 0, already: 0, failed: [] }
      const added: number[] = []
      for (const l of emailsByLine(input.text)) {
        if (!l.email) {
          result.failed.push({ line: l.line, text: l.text, reason: 'noEmail' })
          continue
        }
        const person = tx
          .select({ id: people.id, regionCode: people.regionCode, structureId: people.structureId })
          .from(people)
          .where(emailIs(l.email))
          .get()
        if (!person) {
          result.failed.push({ line: l.line, text: l.text, reason: 'unknown' })
          continue
        }
        // A member now, or a period that would overlap a later one: counted, not changed.
        const overlapping = tx
          .select({ id: workingGroupMembers.id })
          .from(workingGroupMembers)
          .where(
            and(
              eq(workingGroupMembers.workingGroupId, groupId),
              eq(workingGroupMembers.personId, person.id),
              or(isNull(workingGroupMembers.leftAt), gt(workingGroupMembers.leftAt, input.joinedAt)),
            ),
          )
          .get()
        if (overlapping) {
          result.already++
          continue
        }
        tx.insert(workingGroupMembers)
          .values({ workingGroupId: groupId, personId: person.id, role: input.role, joinedAt: input.joinedAt })
          .run()
        tx.insert(participationRecords)
          .values({
            personId: person.id,
            kind: 'working_group_member',
            sourceType: 'working_group',
            sourceId: groupId,
            occurredAt: input.joinedAt,
            regionCode: person.regionCode,
            structureId: person.structureId,
          })
          .onConflictDoNothing()
          .run()
        added.push(person.id)
        result.stored++
      }
      recordAudit(tx, {
        actorId,
        action: 'working_group.members_added',
        entityType: 'working_group',
        entityId: groupId,
        details: { role: input.role, personIds: added, failed: result.failed.length },
      })
      // Newcomers get a seat and a notice for the meetings still to come.
      if (added.length) syncUpcomingMeetings(tx, groupId, { baseUrl, now })
      return result
    },
    { behavior: 'immediate' },
  )
}

export type MembershipChange = { ok: true } | { ok: false; error: 'notFound' | 'sameRole' | 'beforeJoined' }

function openPeriod(tx: Reader, groupId: number, membershipId: number) {
  return tx
    .select()
    .from(workingGroupMembers)
    .where(
      and(
        eq(workingGroupMembers.id, membershipId),
        eq(workingGroupMembers.workingGroupId, groupId),
        isNull(workingGroupMembers.leftAt),
      ),
    )
    .get()
}

/** A new role from `ctx.now`: the current period ends there and the next starts, so both stay in the history. */
export function changeMemberRole(
  db: DB,
  { groupId, membershipId, role }: { groupId: number; membershipId: number; role: WorkingGroupRole },
  { actorId, now: at = new Date() }: ActorCtx,
): MembershipChange {
  return db.transaction(
    (tx) => {
      const period = openPeriod(tx, groupId, membershipId)
      if (!period) return { ok: false, error: 'notFound' } as const
      if (period.role === role) return { ok: false, error: 'sameRole' } as const
      // A role changed on the day someone joined replaces that role (no empty period).
      if (at <= period.joinedAt) {
        tx.update(workingGroupMembers).set({ role }).where(eq(workingGroupMembers.id, period.id)).run()
      } else {
        tx.update(workingGroupMembers).set({ leftAt: at }).where(eq(workingGroupMembers.id, period.id)).run()
        tx.insert(workingGroupMembers)
          .values({ workingGroupId: groupId, personId: period.personId, role, joinedAt: at })
          .run()
      }
      recordAudit(tx, {
        actorId,
        action: 'working_group.role_changed',
        entityType: 'working_group',
        entityId: groupId,
        details: { personId: period.personId, from: period.role, to: role, at: at.toISOString() },
      })
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

/** Someone leaves the group at `leftAt` (not before they joined); their periods stay as history. */
export function endMembership(
  db: DB,
  { groupId, membershipId, leftAt }: { groupId: number; membershipId: number; leftAt: Date },
  { actorId, baseUrl, now }: MailCtx,
): MembershipChange {
  return db.transaction(
    (tx) => {
      const period = openPeriod(tx, groupId, membershipId)
      if (!period) return { ok: false, error: 'notFound' } as const
      if (leftAt <= period.joinedAt) return { ok: false, error: 'beforeJoined' } as const
      tx.update(workingGroupMembers).set({ leftAt }).where(eq(workingGroupMembers.id, period.id)).run()
      recordAudit(tx, {
        actorId,
        action: 'working_group.member_left',
        entityType: 'working_group',
        entityId: groupId,
        details: { personId: period.personId, role: period.role, at: leftAt.toISOString() },
      })
      // The meetings after they leave come off their calendar.
      syncUpcomingMeetings(tx, groupId, { baseUrl, now })
      return { ok: true } as const
    },
    { behavior: 'immediate' },
  )
}

// ─── Public pages ─────────────────────────────────────────────────────────

/** The groups with a public page (standing groups and working parties), in the reader's language. */
export function listPublicGroups(db: Reader, language: Language, now = new Date()) {
  return listWorkingGroups(db, language, now)
    .filter((g) => g.slug && g.kind !== 'thematic')
    .map((g) => ({ slug: g.slug!, kind: g.kind, name: g.name, topic: g.topic, members: g.members }))
}

/**
 * One group's public page: its texts in the reader's language (English marked as a fallback),
 * members' names and regions only when staff made them public, and its meetings.
 */
export function getPublicGroup(db: Reader, slug: string, language: Language, now = new Date()) {
  const g = db
    .select()
    .from(workingGroups)
    .where(and(eq(workingGroups.slug, slug), isNull(workingGroups.eventId)))
    .get()
  if (!g) return null
  const description = localise(g.description, language)
  const members = g.membersPublic
    ? db
        .select({ name: people.name, regionCode: people.regionCode, role: workingGroupMembers.role })
        .from(workingGroupMembers)
        .innerJoin(people, eq(people.id, workingGroupMembers.personId))
        .where(and(eq(workingGroupMembers.workingGroupId, g.id), memberAt(now)))
        .orderBy(ROLE_ORDER, asc(people.name))
        .all()
    : null
  const meetings = listMeetings(db, g.id, language)
  return {
    slug,
    kind: g.kind,
    name: localise(g.name, language),
    topic: loc(g.topic, language),
    description: { ...description, paragraphs: description.value.split(/\n\s*\n/).filter((p) => p.trim()) },
    startsOn: g.startsOn,
    endsOn: g.endsOn,
    memberCount: db
      .select({ n: count() })
      .from(workingGroupMembers)
      .where(and(eq(workingGroupMembers.workingGroupId, g.id), memberAt(now)))
      .get()!.n,
    members,
    representation: representation(db, g.id, now),
    openActions: listActions(db, g.id)
      .filter((a) => a.status === 'open')
      .map((a) => ({ id: a.id, text: a.text, dueOn: a.dueOn, owner: g.membersPublic ? a.ownerName : null })),
    upcoming: meetings.filter((m) => m.endsAt > now && m.status !== 'cancelled').reverse(),
    past: meetings.filter((m) => m.endsAt <= now && m.status !== 'cancelled').slice(0, 12),
  }
}
