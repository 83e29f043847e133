/**
 * One person's record as staff manage it: the fields, roles (audited; a role change
 * ends the person's sessions so the next sign-in gets a new session id), deactivation,
 * staff notes, a person created by hand, and the timeline of everything the program
 * knows about them.
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  authSessions,
  type Language,
  type MemberType,
  people,
  personNotes,
  personRoles,
  type RegionCode,
  type Role,
  structures,
} from '#db/schema'
import { emailsByLine, nameFromLine } from '~/lib/pasted-emails'
import { EmailSchema, NameSchema } from '~/lib/validation'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { emailIs, insertPerson, normaliseEmail } from '../people.server'
import { closeRequestsForStaffLink } from '../structures/affiliation.server'
import { eventTitle, pagedTimeline, recordAbout } from '../timeline.server'
import { accountState } from './directory.server'

type Reader = Pick<DB, 'select' | 'all' | 'get'>

export type PersonFields = {
  name: string
  email: string
  preferredLanguage: Language
  timeZone: string
  regionCode: RegionCode | null
  structureId: number | null
  memberType: MemberType
  phone: string | null
}

export function getPersonRecord(db: Reader, id: number) {
  const row = db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      preferredLanguage: people.preferredLanguage,
      timeZone: people.timeZone,
      regionCode: people.regionCode,
      structureId: people.structureId,
      structureName: structures.name,
      memberType: people.memberType,
      phone: people.phone,
      deactivatedAt: people.deactivatedAt,
      erasedAt: people.erasedAt,
      emailBouncedAt: people.emailBouncedAt,
      emailHeldAt: people.emailHeldAt,
      newsletterOptOutAt: people.newsletterOptOutAt,
      hasPassword: sql<number>`${people.passwordHash} is not null`.mapWith(Boolean),
      createdAt: people.createdAt,
    })
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(eq(people.id, id))
    .get()
  if (!row) return null
  const held = db
    .select({ role: personRoles.role, regionCode: personRoles.regionCode })
    .from(personRoles)
    .where(eq(personRoles.personId, id))
    .all()
  const roles = held.map((r) => r.role)
  const raloRegion = held.find((r) => r.role === 'ralo_leader')?.regionCode ?? null
  const notes = db
    .select({ id: personNotes.id, body: personNotes.body, createdAt: personNotes.createdAt, author: people.name })
    .from(personNotes)
    .leftJoin(people, eq(people.id, personNotes.authorId))
    .where(eq(personNotes.personId, id))
    .orderBy(desc(personNotes.createdAt), desc(personNotes.id))
    .all()
  return { ...row, roles, raloRegion, notes, state: accountState(row) }
}

export type RecordError = 'notFound' | 'emailTaken' | 'unknownStructure' | 'erased'

function checkFields(tx: Reader, id: number | null, f: PersonFields): RecordError | null {
  const other = tx.select({ id: people.id }).from(people).where(emailIs(f.email)).get()
  if (other && other.id !== id) return 'emailTaken'
  if (
    f.structureId !== null &&
    !tx.select({ id: structures.id }).from(structures).where(eq(structures.id, f.structureId)).get()
  ) {
    return 'unknownStructure'
  }
  return null
}

const AUDITED: (keyof PersonFields)[] = [
  'name',
  'email',
  'preferredLanguage',
  'timeZone',
  'regionCode',
  'structureId',
  'memberType',
]

/**
 * Staff change a person's fields (any member type, `alac_member` included, and any structure: a link staff set
 * is confirmed); what changed is audited (not the phone number).
 */
export function updatePersonRecord(
  db: DB,
  { personId, fields }: { personId: number; fields: PersonFields },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; changed: string[] } | { ok: false; error: RecordError } {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(people).where(eq(people.id, personId)).get()
      if (!before) return { ok: false as const, error: 'notFound' as const }
      if (before.erasedAt) return { ok: false as const, error: 'erased' as const }
      const problem = checkFields(tx, personId, fields)
      if (problem) return { ok: false as const, error: problem }
      const next = { ...fields, email: normaliseEmail(fields.email), name: fields.name.trim() }
      const changed = (Object.keys(next) as (keyof PersonFields)[]).filter(
        (k) => (before[k] ?? null) !== (next[k] ?? null),
      )
      if (changed.length === 0) return { ok: true as const, changed: [] }
      tx.update(people)
        .set({ ...next, updatedAt: now })
        .where(eq(people.id, personId))
        .run()
      const details: Record<string, unknown> = {}
      for (const k of changed)
        details[k] = AUDITED.includes(k) ? { from: before[k] ?? null, to: next[k] ?? null } : 'changed'
      recordAudit(tx, { actorId, action: 'person.updated', entityType: 'person', entityId: personId, details }, now)
      // Staff setting a structure is a confirmed link; the person's request for it is answered by it.
      if (changed.includes('structureId') && next.structureId !== null)
        closeRequestsForStaffLink(tx, { personId, structureId: next.structureId, actorId, now })
      return { ok: true as const, changed }
    },
    { behavior: 'immediate' },
  )
}

/** A person created by staff: only a name and an email are needed; no password (an invitation can follow). */
export function createPersonByStaff(
  db: DB,
  { fields }: { fields: PersonFields },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; personId: number } | { ok: false; error: RecordError } {
  return db.transaction(
    (tx) => {
      const problem = checkFields(tx, null, fields)
      if (problem) return { ok: false as const, error: problem }
      const personId = insertPerson(tx, { ...fields, passwordHash: null })
      if (fields.phone) tx.update(people).set({ phone: fields.phone }).where(eq(people.id, personId)).run()
      recordAudit(tx, { actorId, action: 'person.created', entityType: 'person', entityId: personId }, now)
      return { ok: true as const, personId }
    },
    { behavior: 'immediate' },
  )
}

/** Ends every session of a person: their next request is signed out (a new sign-in gets a new session id). */
export function endSessions(db: Pick<DB, 'delete'>, personId: number): number {
  return db.delete(authSessions).where(eq(authSessions.personId, personId)).run().changes
}

export type RoleError = 'notFound' | 'ownStaffRole' | 'lastStaff' | 'regionRequired'

/**
 * Grants or revokes a role. Staff cannot take their own staff role away, nor the last
 * staff role anyone holds. The person's sessions end, so their next sign-in starts a
 * new session with the new rights.
 */
export function setRole(
  db: DB,
  {
    personId,
    role,
    granted,
    regionCode = null,
  }: { personId: number; role: Role; granted: boolean; regionCode?: RegionCode | null },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; changed: boolean } | { ok: false; error: RoleError } {
  return db.transaction(
    (tx) => {
      const person = tx
        .select({ id: people.id, erasedAt: people.erasedAt })
        .from(people)
        .where(eq(people.id, personId))
        .get()
      if (!person || person.erasedAt) return { ok: false as const, error: 'notFound' as const }
      const has = Boolean(
        tx
          .select({ role: personRoles.role })
          .from(personRoles)
          .where(and(eq(personRoles.personId, personId), eq(personRoles.role, role)))
          .get(),
      )
      if (has === granted) return { ok: true as const, changed: false }
      // A RALO leader leads one region; no other role has one.
      const region = role === 'ralo_leader' ? regionCode : null
      if (granted && role === 'ralo_leader' && !region) return { ok: false as const, error: 'regionRequired' as const }
      if (!granted && role === 'staff') {
        if (personId === actorId) return { ok: false as const, error: 'ownStaffRole' as const }
        const others = tx
          .select({ n: sql<number>`count(*)` })
          .from(personRoles)
          .where(and(eq(personRoles.role, 'staff'), ne(personRoles.personId, personId)))
          .get()!.n
        if (others === 0) return { ok: false as const, error: 'lastStaff' as const }
      }
      if (granted) tx.insert(personRoles).values({ personId, role, regionCode: region }).run()
      else
        tx.delete(personRoles)
          .where(and(eq(personRoles.personId, personId), eq(personRoles.role, role)))
          .run()
      endSessions(tx, personId)
      recordAudit(
        tx,
        {
          actorId,
          action: granted ? 'person.roleGranted' : 'person.roleRevoked',
          entityType: 'person',
          entityId: personId,
          details: region ? { role, region } : { role },
        },
        now,
      )
      return { ok: true as const, changed: true }
    },
    { behavior: 'immediate' },
  )
}

/** Deactivates (no sign-in, no mail; sessions end) or reactivates a person. Staff cannot deactivate themselves. */
export function setDeactivated(
  db: DB,
  { personId, deactivated }: { personId: number; deactivated: boolean },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true } | { ok: false; error: 'notFound' | 'self' } {
  if (deactivated && personId === actorId) return { ok: false, error: 'self' }
  return db.transaction((tx) => {
    const r = tx
      .update(people)
      .set({ deactivatedAt: deactivated ? now : null, updatedAt: now })
      .where(and(eq(people.id, personId), sql`${people.erasedAt} is null`))
      .run()
    if (!r.changes) return { ok: false as const, error: 'notFound' as const }
    if (deactivated) endSessions(tx, personId)
    recordAudit(
      tx,
      {
        actorId,
        action: deactivated ? 'person.deactivated' : 'person.reactivated',
        entityType: 'person',
        entityId: personId,
      },
      now,
    )
    return { ok: true as const }
  })
}

export function addNote(
  db: DB,
  { personId, body }: { personId: number; body: string },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  if (!db.select({ id: people.id }).from(people).where(eq(people.id, personId)).get()) return false
  db.insert(personNotes).values({ personId, authorId: actorId, body: body.trim(), createdAt: now }).run()
  return true
}

/**
 * Everything the program knows about a person, newest first, paged: registrations,
 * participation records (attendance, summits, working groups, statements, surveys —
 * never the content of an anonymous answer), summit places, mails (outbox and newsletter
 * deliveries, with their status), and changes to their record from the audit log.
 */
export function personTimeline(
  db: Reader,
  { personId, language, page = 1 }: { personId: number; language: Language; page?: number },
) {
  const title = eventTitle(language)
  const union = sql`
    select g.created_at as at, 'registration' as kind, ${title('g.event_id')} as about, g.status as detail, null as who, null as extra from registrations g where g.person_id = ${personId}
    union all
    select r.occurred_at, 'record', ${recordAbout('r', language)}, r.kind, null, null
      from participation_records r where r.person_id = ${personId} and r.kind <> 'webinar_registered'
    union all
    select sp.created_at, 'summit', ${title('sp.event_id')}, sp.status, null, null from summit_participations sp where sp.person_id = ${personId}
    union all
    select o.created_at, 'mail', o.subject, o.status, null, null from outbox o where o.person_id = ${personId}
    union all
    select d.created_at, 'newsletter', n.slug, d.status, null, null from deliveries d join newsletters n on n.id = d.newsletter_id where d.person_id = ${personId}
    union all
    select a.at, 'audit',
        case a.action when 'person.merged'
          then json_extract(a.details, '$.removedName') || ' <' || json_extract(a.details, '$.removedEmail') || '>'
          when 'person.notDuplicate'
          then (select o.name || ' <' || o.email || '>' from people o where o.id = json_extract(a.details, '$.other')) end,
        a.action, (select p.name from people p where p.id = a.actor_id),
        case when a.action in ('person.roleGranted', 'person.roleRevoked') then a.details end
      from audit_log a where a.entity_type = 'person' and a.entity_id = ${String(personId)}`
  return pagedTimeline(db, union, page)
}

/**
 * From a pasted list (attendance, nominations, volunteers, invitations): creates the
 * people whose address is not known yet, named from the line ("Name <email>") or their
 * address, without a password (an invitation can follow). Returns how many were created.
 */
export function createPeopleFromLines(
  db: DB,
  { text }: { text: string },
  { actorId, now = new Date() }: ActorCtx,
): number {
  return db.transaction(
    (tx) => {
      let created = 0
      for (const line of emailsByLine(text)) {
        if (!line.email || !EmailSchema.safeParse(line.email).success) continue
        if (tx.select({ id: people.id }).from(people).where(emailIs(line.email)).get()) continue
        const suggested = nameFromLine(line.text, line.email)
        const name = NameSchema.safeParse(suggested).success ? suggested : line.email.split('@')[0]
        const personId = insertPerson(tx, {
          email: line.email,
          name,
          passwordHash: null,
          preferredLanguage: 'en',
          timeZone: 'UTC',
        })
        recordAudit(
          tx,
          { actorId, action: 'person.created', entityType: 'person', entityId: personId, details: { from: 'list' } },
          now,
        )
        created++
      }
      return created
    },
    { behavior: 'immediate' },
  )
}
