/**
 * The structures directory: At-Large Structures filtered by region, status and country,
 * a page per structure (details, contact, representatives and members, accreditation
 * history), and creating or editing one.
 */
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import type { AccreditationStatus, Language, RegionCode } from '#db/domain'
import { fold } from '#db/fold'
import { accreditationHistory, people, structures } from '#db/schema'
import { outer } from '~/lib/localised.server'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { emailIs } from '../people.server'
import { eventTitle, pagedTimeline, recordAbout } from '../timeline.server'

type Reader = Pick<DB, 'select' | 'selectDistinct' | 'get' | 'all'>

/** The listed structure's id inside a correlated subquery (a bare "id" would be the subquery's own). */
const structureId = outer(structures, structures.id)

export type StructureFilters = {
  regionCode?: RegionCode | null
  status?: AccreditationStatus | null
  country?: string | null
  q?: string | null
  /** Only structures whose people took part in something (meetings, webinars, statements …) in the last N months. */
  activeMonths?: number | null
  /** Only those whose people took part in nothing in the last N months. */
  inactiveMonths?: number | null
  /** Only those with requests to represent them waiting for a decision. */
  withRequests?: boolean
}

const MONTH = 30.44 * 86400_000

/** "Took part" for a structure: any participation record of its people except merely registering. */
function activeSince(since: number) {
  return sql`exists (select 1 from participation_records r where r.structure_id = ${structureId}
    and r.occurred_at >= ${since} and r.kind <> 'webinar_registered')`
}

/** How many people ask to represent the listed structure (confirmed links are in people.structure_id). */
const pendingRequests = sql<number>`(select count(*) from affiliation_requests a
  where a.structure_id = ${structureId} and a.status = 'pending')`

/** Every structure the filters match, by region then name, with its member count and pending requests. */
export function listStructureRows(db: Reader, f: StructureFilters = {}) {
  const where: SQL[] = []
  if (f.regionCode) where.push(eq(structures.regionCode, f.regionCode))
  if (f.status) where.push(eq(structures.accreditationStatus, f.status))
  if (f.country) where.push(eq(structures.country, f.country.toUpperCase()))
  const now = Date.now()
  if (f.activeMonths) where.push(activeSince(now - f.activeMonths * MONTH))
  if (f.inactiveMonths) where.push(sql`not ${activeSince(now - f.inactiveMonths * MONTH)}`)
  if (f.withRequests) where.push(sql`${pendingRequests} > 0`)
  const rows = db
    .select({
      id: structures.id,
      name: structures.name,
      regionCode: structures.regionCode,
      country: structures.country,
      status: structures.accreditationStatus,
      members: sql<number>`(select count(*) from people p where p.structure_id = ${structureId} and p.erased_at is null)`,
      requests: pendingRequests,
      since: sql<
        number | null
      >`(select max(h.changed_at) from accreditation_history h where h.structure_id = ${structureId})`,
      lastActivity: sql<number | null>`(select max(r.occurred_at) from participation_records r
        where r.structure_id = ${structureId} and r.kind <> 'webinar_registered')`,
    })
    .from(structures)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(structures.regionCode), asc(structures.name))
    .all()
  const q = fold(f.q ?? '').trim()
  const matching = q ? rows.filter((r) => fold(r.name).includes(q)) : rows
  return matching.map((r) => ({
    ...r,
    since: r.since === null ? null : new Date(r.since),
    lastActivity: r.lastActivity === null ? null : new Date(r.lastActivity),
  }))
}

/** The countries structures are in (for the filter). */
export function structureCountries(db: Reader): string[] {
  return db
    .selectDistinct({ country: structures.country })
    .from(structures)
    .orderBy(asc(structures.country))
    .all()
    .map((r) => r.country)
}

/** One structure with its contact, people and history (newest first), or null. */
export function getStructure(db: Reader, id: number) {
  const row = db.select().from(structures).where(eq(structures.id, id)).get()
  if (!row) return null
  const contact = row.contactPersonId
    ? (db
        .select({ id: people.id, name: people.name, email: people.email, language: people.preferredLanguage })
        .from(people)
        .where(eq(people.id, row.contactPersonId))
        .get() ?? null)
    : null
  const members = db
    .select({ id: people.id, name: people.name, email: people.email, memberType: people.memberType })
    .from(people)
    .where(and(eq(people.structureId, id), sql`${people.erasedAt} is null`))
    .orderBy(asc(people.name))
    .all()
  const history = db
    .select({
      id: accreditationHistory.id,
      step: accreditationHistory.step,
      status: accreditationHistory.status,
      changedAt: accreditationHistory.changedAt,
      note: accreditationHistory.note,
      advice: accreditationHistory.advice,
      reference: accreditationHistory.reference,
      decidedOn: accreditationHistory.decidedOn,
      documentUrl: accreditationHistory.documentUrl,
      by: people.name,
    })
    .from(accreditationHistory)
    .leftJoin(people, eq(people.id, accreditationHistory.changedById))
    .where(eq(accreditationHistory.structureId, id))
    .orderBy(desc(accreditationHistory.changedAt), desc(accreditationHistory.id))
    .all()
  return {
    ...row,
    contact,
    representatives: members.filter((m) => m.memberType === 'als_representative'),
    members,
    history,
  }
}

export type StructureFields = {
  name: string
  localNames: Partial<Record<Language, string>>
  regionCode: RegionCode
  country: string
  website: string | null
  description: string | null
  /** The contact's address; they must be in the directory. */
  contactEmail: string | null
}

export type StructureError = 'nameTaken' | 'unknownContact' | 'notFound'

function contactId(db: Reader, email: string | null): number | null | undefined {
  if (!email) return null
  return db.select({ id: people.id }).from(people).where(emailIs(email)).get()?.id
}

function nameTaken(db: Reader, name: string, except?: number): boolean {
  const other = db
    .select({ id: structures.id })
    .from(structures)
    .where(sql`lower(${structures.name}) = lower(${name.trim()})`)
    .get()
  return Boolean(other && other.id !== except)
}

const clean = (f: StructureFields, contact: number | null) => ({
  name: f.name.trim(),
  localNames: Object.fromEntries(Object.entries(f.localNames).filter(([, v]) => v?.trim())),
  regionCode: f.regionCode,
  country: f.country.trim().toUpperCase(),
  website: f.website?.trim() || null,
  description: f.description?.trim() || null,
  contactPersonId: contact,
})

/** Staff add a structure by hand (e.g. one accredited before the app): it starts as `applied`. */
export function createStructure(
  db: DB,
  fields: StructureFields,
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; id: number } | { ok: false; error: StructureError } {
  return db.transaction(
    (tx) => {
      if (nameTaken(tx, fields.name)) return { ok: false as const, error: 'nameTaken' as const }
      const contact = contactId(tx, fields.contactEmail)
      if (contact === undefined) return { ok: false as const, error: 'unknownContact' as const }
      const id = tx
        .insert(structures)
        .values({ ...clean(fields, contact), accreditationStatus: 'applied', createdAt: now })
        .returning({ id: structures.id })
        .get().id
      tx.insert(accreditationHistory)
        .values({ structureId: id, step: 'applied', status: 'applied', changedAt: now, changedById: actorId })
        .run()
      recordAudit(tx, { actorId, action: 'structure.created', entityType: 'structure', entityId: id }, now)
      return { ok: true as const, id }
    },
    { behavior: 'immediate' },
  )
}

/** Staff correct a structure's details (its status changes only through accreditation steps). */
export function updateStructure(
  db: DB,
  { id, fields }: { id: number; fields: StructureFields },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true } | { ok: false; error: StructureError } {
  return db.transaction(
    (tx) => {
      if (!tx.select({ id: structures.id }).from(structures).where(eq(structures.id, id)).get())
        return { ok: false as const, error: 'notFound' as const }
      if (nameTaken(tx, fields.name, id)) return { ok: false as const, error: 'nameTaken' as const }
      const contact = contactId(tx, fields.contactEmail)
      if (contact === undefined) return { ok: false as const, error: 'unknownContact' as const }
      tx.update(structures).set(clean(fields, contact)).where(eq(structures.id, id)).run()
      recordAudit(tx, { actorId, action: 'structure.updated', entityType: 'structure', entityId: id }, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/** The public list: accredited structures (and those under review, still accredited), by region. */
export function accreditedStructures(db: Reader) {
  return db
    .select({
      id: structures.id,
      name: structures.name,
      localNames: structures.localNames,
      regionCode: structures.regionCode,
      country: structures.country,
      website: structures.website,
      since: sql<number>`(select max(h.changed_at) from accreditation_history h
        where h.structure_id = ${structureId} and h.step = 'accredited')`,
    })
    .from(structures)
    .where(sql`${structures.accreditationStatus} in ('accredited', 'under_review')`)
    .orderBy(asc(structures.regionCode), asc(structures.name))
    .all()
    .map((r) => ({ ...r, since: r.since ? new Date(r.since) : null }))
}

/**
 * What a structure's people did, newest first, paged: their participation (meetings,
 * webinars attended, working groups, statements they volunteered for or penned — never a
 * survey answer, which is not linked to a structure) and their summit places.
 */
export function structureTimeline(
  db: Pick<DB, 'get' | 'all'>,
  { structureId: id, language, page = 1 }: { structureId: number; language: Language; page?: number },
) {
  const title = eventTitle(language)
  const union = sql`
    select r.occurred_at as at, 'record' as kind, ${recordAbout('r', language)} as about, r.kind as detail,
        (select p.name from people p where p.id = r.person_id) as who, null as extra
      from participation_records r where r.structure_id = ${id} and r.kind <> 'webinar_registered'
    union all
    select sp.created_at, 'summit', ${title('sp.event_id')}, sp.status, p.name, null
      from summit_participations sp join people p on p.id = sp.person_id where p.structure_id = ${id}`
  return pagedTimeline(db, union, page)
}
