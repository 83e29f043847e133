/**
 * Who represents a structure. A person never sets their own structure: at sign-up or on
 * their profile they ask to be linked to an accredited structure, and the request stays
 * pending until the structure's contact (through a mailed single-use link, in the contact's
 * language) or staff (on the structure's page) confirm or decline it. Only a confirmed
 * request sets `people.structure_id`, so every reader of that column (membership, the
 * directory, audiences, participation records and metrics) sees confirmed links only.
 * Staff still set a person's structure on their record, and imports set it: both are staff
 * acts. Every step is audited on the person and the person is told the outcome in their
 * language.
 */
import crypto from 'node:crypto'

import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'

import type { DB } from '#db/client'
import { type AffiliationDecider, affiliationRequests, type AffiliationSource, people, structures } from '#db/schema'
import { renderAffiliationOutcomeMail, renderAffiliationRequestMail } from '#emails/affiliation'

import { recordAudit } from '../audit.server'
import type { MailCtx } from '../context'
import { enqueueMail } from '../outbox.server'
import { hitRateLimits } from '../rate-limit.server'

type Reader = Pick<DB, 'select'>
type Writer = Pick<DB, 'select' | 'insert' | 'update'>

/** The statuses in which a structure takes representatives (and its representatives are members through it). */
export const ACCEPTING_STATUSES = ['accredited', 'under_review'] as const

/** How long the contact's link works. */
export const LINK_DAYS = 30

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex')
const contacts = alias(people, 'contact')

/** The structures a person may ask to represent: accredited ones (or under review), by region then name. */
export function accreditedStructures(db: Reader) {
  return db
    .select({ id: structures.id, name: structures.name, regionCode: structures.regionCode })
    .from(structures)
    .where(inArray(structures.accreditationStatus, [...ACCEPTING_STATUSES]))
    .orderBy(asc(structures.regionCode), asc(structures.name))
    .all()
}

function acceptingStructure(db: Reader, structureId: number) {
  return db
    .select({
      id: structures.id,
      name: structures.name,
      regionCode: structures.regionCode,
      contactId: structures.contactPersonId,
    })
    .from(structures)
    .where(and(eq(structures.id, structureId), inArray(structures.accreditationStatus, [...ACCEPTING_STATUSES])))
    .get()
}

/**
 * A person's structure as they see it on their profile: the one they represent (confirmed:
 * when, and by its contact or staff, if a request did it) and their pending request.
 */
export function affiliationOf(db: Reader, personId: number) {
  const person = db
    .select({ id: structures.id, name: structures.name, regionCode: structures.regionCode })
    .from(people)
    .innerJoin(structures, eq(structures.id, people.structureId))
    .where(eq(people.id, personId))
    .get()
  const confirmed = person
    ? db
        .select({ at: affiliationRequests.decidedAt, via: affiliationRequests.decidedVia })
        .from(affiliationRequests)
        .where(
          and(
            eq(affiliationRequests.personId, personId),
            eq(affiliationRequests.structureId, person.id),
            eq(affiliationRequests.status, 'confirmed'),
          ),
        )
        .orderBy(desc(affiliationRequests.decidedAt))
        .get()
    : undefined
  const pending =
    db
      .select({
        id: affiliationRequests.id,
        structureId: structures.id,
        name: structures.name,
        regionCode: structures.regionCode,
        requestedAt: affiliationRequests.requestedAt,
        mailedAt: affiliationRequests.mailedAt,
      })
      .from(affiliationRequests)
      .innerJoin(structures, eq(structures.id, affiliationRequests.structureId))
      .where(and(eq(affiliationRequests.personId, personId), eq(affiliationRequests.status, 'pending')))
      .get() ?? null
  return {
    linked: person ? { ...person, confirmedAt: confirmed?.at ?? null, confirmedVia: confirmed?.via ?? null } : null,
    pending,
  }
}

export type RequestError = 'notAccepting' | 'alreadyLinked' | 'pending' | 'notFound'

/** Why a person may not ask to represent this structure now (read inside the deciding transaction). */
function requestProblem(tx: Reader, personId: number, structureId: number): RequestError | null {
  if (!acceptingStructure(tx, structureId)) return 'notAccepting'
  const person = tx.select({ structureId: people.structureId }).from(people).where(eq(people.id, personId)).get()
  if (!person) return 'notFound'
  if (person.structureId === structureId) return 'alreadyLinked'
  const open = tx
    .select({ id: affiliationRequests.id })
    .from(affiliationRequests)
    .where(and(eq(affiliationRequests.personId, personId), eq(affiliationRequests.status, 'pending')))
    .get()
  return open ? 'pending' : null
}

export type RequestInput = { personId: number; structureId: number; source: Exclude<AffiliationSource, 'migration'> }

/**
 * The request inside a caller's transaction (sign-up makes it with the account): written,
 * audited, and mailed to the structure's contact. A person who is the structure's contact
 * is its representative at once (they are who would confirm).
 */
export function insertAffiliationRequest(
  tx: Writer,
  { personId, structureId, source }: RequestInput,
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
): { ok: true; id: number; confirmed: boolean } | { ok: false; error: RequestError } {
  const problem = requestProblem(tx, personId, structureId)
  if (problem) return { ok: false, error: problem }
  const id = tx
    .insert(affiliationRequests)
    .values({ personId, structureId, source, requestedAt: now })
    .returning({ id: affiliationRequests.id })
    .get().id
  recordAudit(
    tx,
    {
      actorId: personId,
      action: 'affiliation.requested',
      entityType: 'person',
      entityId: personId,
      details: { structure: structureId, request: id, source },
    },
    now,
  )
  if (acceptingStructure(tx, structureId)!.contactId === personId) {
    decide(tx, id, { decision: 'confirm', note: null, by: personId, via: 'contact', baseUrl, now })
    return { ok: true, id, confirmed: true }
  }
  mailContact(tx, id, { baseUrl, now })
  return { ok: true, id, confirmed: false }
}

/**
 * A signed-in person asks to represent an accredited structure. Refused, with nothing
 * written, for a structure that is not accredited (or unknown), the one they already
 * represent, or while another request of theirs is open; three requests a day at most
 * (each one mails a contact).
 */
export function requestAffiliation(
  db: DB,
  input: RequestInput,
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
):
  | { ok: true; id: number; confirmed: boolean }
  | { ok: false; error: RequestError | 'rateLimited'; retryAfterSeconds?: number } {
  return db.transaction(
    (tx) => {
      const problem = requestProblem(tx, input.personId, input.structureId)
      if (problem) return { ok: false as const, error: problem }
      const verdict = hitRateLimits(
        db,
        [{ scope: 'affiliation:request', key: String(input.personId), max: 3, windowMs: 86400_000 }],
        now,
      )
      if (!verdict.allowed)
        return { ok: false as const, error: 'rateLimited' as const, retryAfterSeconds: verdict.retryAfterSeconds }
      return insertAffiliationRequest(tx, input, { baseUrl, now })
    },
    { behavior: 'immediate' },
  )
}

/**
 * Mails the structure's contact, in their language, a new single-use link to confirm or
 * decline (an earlier link stops working). False when the structure has no contact who can
 * be mailed.
 */
function mailContact(tx: Writer, requestId: number, { baseUrl, now }: { baseUrl: string; now: Date }): boolean {
  const row = tx
    .select({
      person: people.name,
      email: people.email,
      structure: structures.name,
      contactId: contacts.id,
      contactName: contacts.name,
      contactEmail: contacts.email,
      contactLanguage: contacts.preferredLanguage,
    })
    .from(affiliationRequests)
    .innerJoin(people, eq(people.id, affiliationRequests.personId))
    .innerJoin(structures, eq(structures.id, affiliationRequests.structureId))
    .innerJoin(contacts, eq(contacts.id, structures.contactPersonId))
    .where(eq(affiliationRequests.id, requestId))
    .get()
  if (!row) return false
  const token = crypto.randomBytes(32).toString('base64url')
  const queued = enqueueMail(
    tx,
    {
      uniqueKey: `affiliation:${requestId}:request:${now.getTime()}`,
      kind: 'affiliation_request',
      personId: row.contactId,
      to: row.contactEmail,
      language: row.contactLanguage,
      message: renderAffiliationRequestMail(row.contactLanguage, {
        name: row.contactName,
        person: row.person,
        email: row.email,
        structure: row.structure,
        url: `${baseUrl}/structures/affiliation/${token}`,
        days: LINK_DAYS,
      }),
    },
    now,
  )
  if (!queued) return false
  tx.update(affiliationRequests)
    .set({
      tokenHash: sha256(token),
      tokenExpiresAt: new Date(now.getTime() + LINK_DAYS * 86400_000),
      mailedToId: row.contactId,
      mailedAt: now,
    })
    .where(eq(affiliationRequests.id, requestId))
    .run()
  return true
}

export type DecisionError = 'notFound' | 'notPending' | 'notAccepting'

/**
 * Confirms or declines a pending request (in the caller's transaction). Confirming needs the
 * structure still accredited; it makes the person its representative (a guest becomes an
 * "ALS representative"; a granted type is kept) and gives them its region if they had none.
 * The person is mailed the outcome in their language.
 */
function decide(
  tx: Writer,
  requestId: number,
  {
    decision,
    note,
    by,
    via,
    baseUrl,
    now,
  }: {
    decision: 'confirm' | 'decline'
    note: string | null
    by: number | null
    via: AffiliationDecider
    baseUrl: string
    now: Date
  },
): { ok: true } | { ok: false; error: DecisionError } {
  const request = tx.select().from(affiliationRequests).where(eq(affiliationRequests.id, requestId)).get()
  if (!request) return { ok: false, error: 'notFound' }
  if (request.status !== 'pending') return { ok: false, error: 'notPending' }
  const structure = acceptingStructure(tx, request.structureId)
  if (decision === 'confirm' && !structure) return { ok: false, error: 'notAccepting' }
  const person = tx
    .select({
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
      structureId: people.structureId,
      memberType: people.memberType,
      regionCode: people.regionCode,
    })
    .from(people)
    .where(eq(people.id, request.personId))
    .get()
  if (!person) return { ok: false, error: 'notFound' }
  tx.update(affiliationRequests)
    .set({
      status: decision === 'confirm' ? 'confirmed' : 'declined',
      decidedAt: now,
      decidedById: by,
      decidedVia: via,
      note,
    })
    .where(eq(affiliationRequests.id, requestId))
    .run()
  if (decision === 'confirm') {
    tx.update(people)
      .set({
        structureId: request.structureId,
        memberType: person.memberType === 'guest' ? 'als_representative' : person.memberType,
        regionCode: person.regionCode ?? structure!.regionCode,
        updatedAt: now,
      })
      .where(eq(people.id, request.personId))
      .run()
  }
  recordAudit(
    tx,
    {
      actorId: by,
      action: decision === 'confirm' ? 'affiliation.confirmed' : 'affiliation.declined',
      entityType: 'person',
      entityId: request.personId,
      details: {
        structure: request.structureId,
        request: requestId,
        via,
        ...(decision === 'confirm' ? { structureId: { from: person.structureId, to: request.structureId } } : {}),
      },
    },
    now,
  )
  const name = tx
    .select({ name: structures.name })
    .from(structures)
    .where(eq(structures.id, request.structureId))
    .get()!.name
  const kind = decision === 'confirm' ? 'confirmed' : 'declined'
  enqueueMail(
    tx,
    {
      uniqueKey: `affiliation:${requestId}:${kind}`,
      kind: `affiliation_${kind}`,
      personId: request.personId,
      to: person.email,
      language: person.language,
      message: renderAffiliationOutcomeMail(kind, person.language, {
        name: person.name,
        structure: name,
        note,
        pageUrl: `${baseUrl}/profile#structure-heading`,
      }),
    },
    now,
  )
  return { ok: true }
}

/** Staff confirm or decline a request to represent `structureId` (from the structure's page). */
export function decideAffiliation(
  db: DB,
  input: { requestId: number; structureId: number; decision: 'confirm' | 'decline'; note?: string | null },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { ok: true } | { ok: false; error: DecisionError } {
  return db.transaction(
    (tx) => {
      const request = tx
        .select({ structureId: affiliationRequests.structureId })
        .from(affiliationRequests)
        .where(eq(affiliationRequests.id, input.requestId))
        .get()
      if (!request || request.structureId !== input.structureId)
        return { ok: false as const, error: 'notFound' as const }
      return decide(tx, input.requestId, {
        decision: input.decision,
        note: input.note?.trim() || null,
        by: actorId,
        via: 'staff',
        baseUrl,
        now,
      })
    },
    { behavior: 'immediate' },
  )
}

/** Staff mail the structure's contact a fresh link (the first one expired, or the request came with the migration). */
export function mailContactAgain(
  db: DB,
  input: { requestId: number; structureId: number },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { ok: true } | { ok: false; error: DecisionError | 'noContact' } {
  return db.transaction(
    (tx) => {
      const request = tx.select().from(affiliationRequests).where(eq(affiliationRequests.id, input.requestId)).get()
      if (!request || request.structureId !== input.structureId)
        return { ok: false as const, error: 'notFound' as const }
      if (request.status !== 'pending') return { ok: false as const, error: 'notPending' as const }
      if (!acceptingStructure(tx, request.structureId)) return { ok: false as const, error: 'notAccepting' as const }
      if (!mailContact(tx, request.id, { baseUrl, now })) return { ok: false as const, error: 'noContact' as const }
      recordAudit(
        tx,
        {
          actorId,
          action: 'affiliation.mailed',
          entityType: 'person',
          entityId: request.personId,
          details: { structure: request.structureId, request: request.id },
        },
        now,
      )
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

// ─── The contact's link ───────────────────────────────────────────────────

export type LinkError = 'unknown' | 'used' | 'expired' | 'notContact'

/** The request a contact's link is for, or why it cannot be used (reads only). */
export function affiliationByToken(db: Reader, token: string, now = new Date()) {
  const row = db
    .select({
      id: affiliationRequests.id,
      status: affiliationRequests.status,
      expiresAt: affiliationRequests.tokenExpiresAt,
      mailedToId: affiliationRequests.mailedToId,
      requestedAt: affiliationRequests.requestedAt,
      person: people.name,
      email: people.email,
      regionCode: people.regionCode,
      structure: structures.name,
      contactId: structures.contactPersonId,
    })
    .from(affiliationRequests)
    .innerJoin(people, eq(people.id, affiliationRequests.personId))
    .innerJoin(structures, eq(structures.id, affiliationRequests.structureId))
    .where(eq(affiliationRequests.tokenHash, sha256(token)))
    .get()
  if (!row) return { ok: false as const, error: 'unknown' as LinkError }
  if (row.status !== 'pending') return { ok: false as const, error: 'used' as LinkError }
  if (!row.expiresAt || row.expiresAt <= now) return { ok: false as const, error: 'expired' as LinkError }
  // A link works only for the contact it was mailed to, while they are the contact.
  if (row.mailedToId === null || row.contactId !== row.mailedToId)
    return { ok: false as const, error: 'notContact' as LinkError }
  return {
    ok: true as const,
    request: {
      id: row.id,
      person: row.person,
      email: row.email,
      regionCode: row.regionCode,
      structure: row.structure,
      requestedAt: row.requestedAt,
      contactId: row.mailedToId,
    },
  }
}

/** The contact confirms or declines through their link, which is spent either way. */
export function decideByToken(
  db: DB,
  input: { token: string; decision: 'confirm' | 'decline'; note?: string | null },
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
):
  | { ok: true; decision: 'confirm' | 'decline'; person: string; structure: string }
  | { ok: false; error: LinkError | DecisionError } {
  return db.transaction(
    (tx) => {
      const found = affiliationByToken(tx, input.token, now)
      if (!found.ok) return { ok: false as const, error: found.error }
      const done = decide(tx, found.request.id, {
        decision: input.decision,
        note: input.note?.trim() || null,
        by: found.request.contactId,
        via: 'contact',
        baseUrl,
        now,
      })
      if (!done.ok) return done
      return {
        ok: true as const,
        decision: input.decision,
        person: found.request.person,
        structure: found.request.structure,
      }
    },
    { behavior: 'immediate' },
  )
}

// ─── The person's own steps ───────────────────────────────────────────────

/** The person withdraws their pending request (its link stops working). */
export function withdrawAffiliation(db: DB, { personId }: { personId: number }, now = new Date()): boolean {
  return db.transaction(
    (tx) => {
      const open = tx
        .select({ id: affiliationRequests.id, structureId: affiliationRequests.structureId })
        .from(affiliationRequests)
        .where(and(eq(affiliationRequests.personId, personId), eq(affiliationRequests.status, 'pending')))
        .get()
      if (!open) return false
      tx.update(affiliationRequests)
        .set({ status: 'withdrawn', decidedAt: now, decidedById: personId })
        .where(eq(affiliationRequests.id, open.id))
        .run()
      recordAudit(
        tx,
        {
          actorId: personId,
          action: 'affiliation.withdrawn',
          entityType: 'person',
          entityId: personId,
          details: { structure: open.structureId, request: open.id },
        },
        now,
      )
      return true
    },
    { behavior: 'immediate' },
  )
}

/**
 * A person stops representing `structureId`, inside the caller's transaction: the link is
 * cleared, an "ALS representative" becomes a guest, and the audit log says who ended it
 * (`actorId`: the person, or the contact confirming the structure's details, `via`).
 */
export function unlinkRepresentative(
  tx: Writer,
  {
    personId,
    structureId,
    actorId,
    via,
  }: { personId: number; structureId: number; actorId: number | null; via?: string },
  now: Date,
) {
  const person = tx.select({ memberType: people.memberType }).from(people).where(eq(people.id, personId)).get()!
  tx.update(people)
    .set({
      structureId: null,
      memberType: person.memberType === 'als_representative' ? 'guest' : person.memberType,
      updatedAt: now,
    })
    .where(eq(people.id, personId))
    .run()
  recordAudit(
    tx,
    {
      actorId,
      action: 'affiliation.ended',
      entityType: 'person',
      entityId: personId,
      details: { structure: structureId, structureId: { from: structureId, to: null }, ...(via ? { via } : {}) },
    },
    now,
  )
}

/**
 * The person stops representing their structure: the link is cleared and an "ALS
 * representative" becomes a guest. Only a new, confirmed request links them again.
 */
export function endAffiliation(db: DB, { personId }: { personId: number }, now = new Date()): boolean {
  return db.transaction(
    (tx) => {
      const person = tx.select({ structureId: people.structureId }).from(people).where(eq(people.id, personId)).get()
      if (!person?.structureId) return false
      unlinkRepresentative(tx, { personId, structureId: person.structureId, actorId: personId }, now)
      return true
    },
    { behavior: 'immediate' },
  )
}

/**
 * Staff set a person's structure on their record: a pending request for that same structure
 * is thereby confirmed by staff (in the record's transaction; the record's audit line says
 * what changed).
 */
export function closeRequestsForStaffLink(
  tx: Writer,
  { personId, structureId, actorId, now }: { personId: number; structureId: number; actorId: number; now: Date },
): void {
  tx.update(affiliationRequests)
    .set({ status: 'confirmed', decidedAt: now, decidedById: actorId, decidedVia: 'staff' })
    .where(
      and(
        eq(affiliationRequests.personId, personId),
        eq(affiliationRequests.structureId, structureId),
        eq(affiliationRequests.status, 'pending'),
      ),
    )
    .run()
}

// ─── What staff see ───────────────────────────────────────────────────────

/** A structure's pending requests, oldest first, with whether (and to whom) the contact was mailed. */
export function pendingAffiliations(db: Reader, structureId: number) {
  return db
    .select({
      id: affiliationRequests.id,
      personId: people.id,
      name: people.name,
      email: people.email,
      regionCode: people.regionCode,
      memberType: people.memberType,
      source: affiliationRequests.source,
      requestedAt: affiliationRequests.requestedAt,
      mailedAt: affiliationRequests.mailedAt,
      expiresAt: affiliationRequests.tokenExpiresAt,
      mailedTo: contacts.name,
    })
    .from(affiliationRequests)
    .innerJoin(people, eq(people.id, affiliationRequests.personId))
    .leftJoin(contacts, eq(contacts.id, affiliationRequests.mailedToId))
    .where(and(eq(affiliationRequests.structureId, structureId), eq(affiliationRequests.status, 'pending')))
    .orderBy(asc(affiliationRequests.requestedAt), asc(affiliationRequests.id))
    .all()
}

/** How many requests wait for a decision, everywhere (the staff home page). */
export function pendingAffiliationCount(db: Reader): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(affiliationRequests)
      .where(eq(affiliationRequests.status, 'pending'))
      .get()?.n ?? 0
  )
}
