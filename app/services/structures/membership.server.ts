/**
 * Individual membership of a RALO (decision 015). Each RALO sets whether membership
 * needs approval and what it expects of members (per language). A person applies; where
 * the RALO asks no approval the application is approved at once, otherwise the RALO's
 * leader (for their region only) or staff approve or decline it with a note. Approval
 * makes the person an individual member of that region; every step is audited on the
 * person (their timeline shows it) and mailed to them in their language. People who
 * represent an accredited structure are members through it: they are told so and
 * cannot apply twice.
 */
import { and, desc, eq, inArray } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  membershipApplications,
  type MembershipStatus,
  people,
  raloSettings,
  REGION_CODES,
  type RegionCode,
  structures,
} from '#db/schema'
import { renderMembershipMail } from '#emails/membership'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { enqueueMail } from '../outbox.server'
import { hitRateLimits } from '../rate-limit.server'
import type { Actor } from './accreditation.server'
import { ACCEPTING_STATUSES } from './affiliation.server'

type Reader = Pick<DB, 'select'>

export type RaloSetting = {
  regionCode: RegionCode
  requiresApproval: boolean
  criteria: Partial<Record<Language, string>>
}

/** Every RALO's settings, in region order; a RALO nobody configured yet asks approval and states no criteria. */
export function raloSettingsList(db: Reader): RaloSetting[] {
  const rows = db.select().from(raloSettings).all()
  return REGION_CODES.map((regionCode) => {
    const row = rows.find((r) => r.regionCode === regionCode)
    return { regionCode, requiresApproval: row?.requiresApproval ?? true, criteria: row?.criteria ?? {} }
  })
}

/** Staff set a RALO's membership rules (audited). */
export function saveRaloSetting(db: DB, input: RaloSetting, { actorId, now = new Date() }: ActorCtx): void {
  db.transaction(
    (tx) => {
      const values = { requiresApproval: input.requiresApproval, criteria: input.criteria, updatedAt: now }
      tx.insert(raloSettings)
        .values({ regionCode: input.regionCode, ...values })
        .onConflictDoUpdate({ target: raloSettings.regionCode, set: values })
        .run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'ralo.membershipSettings',
          entityType: 'ralo',
          entityId: input.regionCode,
          details: { requiresApproval: input.requiresApproval },
        },
        now,
      )
    },
    { behavior: 'immediate' },
  )
}

const applicationColumns = {
  id: membershipApplications.id,
  regionCode: membershipApplications.regionCode,
  status: membershipApplications.status,
  motivation: membershipApplications.motivation,
  decidedAt: membershipApplications.decidedAt,
  decisionNote: membershipApplications.decisionNote,
  createdAt: membershipApplications.createdAt,
}

/**
 * Where a person stands: their region and member type, the accredited structure they are a
 * member through (if they represent one), their applications (newest first) and the
 * settings of the RALO they would apply to.
 */
export function membershipOf(db: Reader, personId: number) {
  const person = db
    .select({
      regionCode: people.regionCode,
      memberType: people.memberType,
      structureId: structures.id,
      structureName: structures.name,
      structureRegion: structures.regionCode,
      structureStatus: structures.accreditationStatus,
    })
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(eq(people.id, personId))
    .get()
  if (!person) return null
  // people.structure_id holds confirmed links only (affiliation.server.ts); the RALO is the structure's.
  const through =
    person.memberType === 'als_representative' &&
    person.structureId &&
    (ACCEPTING_STATUSES as readonly string[]).includes(person.structureStatus ?? '')
      ? { id: person.structureId, name: person.structureName!, regionCode: person.structureRegion! }
      : null
  const applications = db
    .select(applicationColumns)
    .from(membershipApplications)
    .where(eq(membershipApplications.personId, personId))
    .orderBy(desc(membershipApplications.createdAt), desc(membershipApplications.id))
    .all()
  return {
    regionCode: person.regionCode,
    memberType: person.memberType,
    isMember: person.memberType === 'individual_member',
    through,
    applications,
    pending: applications.find((a) => a.status === 'pending') ?? null,
    settings: raloSettingsList(db),
  }
}

export type MembershipError = 'alreadyMember' | 'throughStructure' | 'pending' | 'rateLimited' | 'notFound'

/**
 * A person applies to be an individual member of `regionCode`'s RALO. Refused, with
 * nothing written, when they already are one there, are a member through a structure, or
 * have an application open; three applications a day at most. Where the RALO asks no
 * approval the application is approved at once.
 */
export function applyForMembership(
  db: DB,
  input: { personId: number; regionCode: RegionCode; motivation?: string | null },
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
): { ok: true; status: MembershipStatus } | { ok: false; error: MembershipError; retryAfterSeconds?: number } {
  // Checked and written in one write transaction: two applications sent at once cannot
  // both pass the "no open application" check.
  return db.transaction(
    (tx) => {
      const state = membershipOf(tx, input.personId)
      if (!state) return { ok: false as const, error: 'notFound' as const }
      if (state.through) return { ok: false as const, error: 'throughStructure' as const }
      if (state.isMember && state.regionCode === input.regionCode)
        return { ok: false as const, error: 'alreadyMember' as const }
      if (state.pending) return { ok: false as const, error: 'pending' as const }
      // Only an application that could be made counts towards the limit.
      const verdict = hitRateLimits(
        db,
        [{ scope: 'membership:apply', key: String(input.personId), max: 3, windowMs: 86400_000 }],
        now,
      )
      if (!verdict.allowed)
        return { ok: false as const, error: 'rateLimited' as const, retryAfterSeconds: verdict.retryAfterSeconds }
      const automatic = !state.settings.find((s) => s.regionCode === input.regionCode)!.requiresApproval
      const id = tx
        .insert(membershipApplications)
        .values({
          personId: input.personId,
          regionCode: input.regionCode,
          motivation: input.motivation?.trim() || null,
          status: automatic ? 'approved' : 'pending',
          decidedAt: automatic ? now : null,
          createdAt: now,
        })
        .returning({ id: membershipApplications.id })
        .get().id
      recordAudit(
        tx,
        {
          actorId: input.personId,
          action: 'membership.applied',
          entityType: 'person',
          entityId: input.personId,
          details: { region: input.regionCode, application: id },
        },
        now,
      )
      if (automatic) becomeMember(tx, { personId: input.personId, regionCode: input.regionCode, actorId: null, now })
      mailApplicant(tx, { applicationId: id, kind: automatic ? 'approved' : 'received', baseUrl, now })
      return { ok: true as const, status: automatic ? ('approved' as const) : ('pending' as const) }
    },
    { behavior: 'immediate' },
  )
}

function becomeMember(
  tx: Pick<DB, 'update' | 'insert'>,
  {
    personId,
    regionCode,
    actorId,
    now,
  }: { personId: number; regionCode: RegionCode; actorId: number | null; now: Date },
) {
  tx.update(people)
    .set({ memberType: 'individual_member', regionCode, updatedAt: now })
    .where(eq(people.id, personId))
    .run()
  recordAudit(
    tx,
    {
      actorId,
      action: 'membership.approved',
      entityType: 'person',
      entityId: personId,
      details: { region: regionCode },
    },
    now,
  )
}

/** The applicant withdraws their open application. */
export function withdrawMembership(db: DB, { personId }: { personId: number }, now = new Date()): boolean {
  return db.transaction(
    (tx) => {
      const open = tx
        .select({ id: membershipApplications.id })
        .from(membershipApplications)
        .where(and(eq(membershipApplications.personId, personId), eq(membershipApplications.status, 'pending')))
        .get()
      if (!open) return false
      tx.update(membershipApplications)
        .set({ status: 'withdrawn', decidedAt: now, decidedById: personId })
        .where(eq(membershipApplications.id, open.id))
        .run()
      recordAudit(
        tx,
        { actorId: personId, action: 'membership.withdrawn', entityType: 'person', entityId: personId },
        now,
      )
      return true
    },
    { behavior: 'immediate' },
  )
}

export type DecisionError = 'notFound' | 'forbidden' | 'notPending' | 'noteRequired'

/** Who decides: staff for every RALO, a RALO leader for their own region only. */
export function mayDecide(actor: Actor, regionCode: RegionCode): boolean {
  if (actor.roles.includes('staff')) return true
  return actor.roles.includes('ralo_leader') && actor.raloRegion === regionCode
}

/**
 * Approves or declines an open application (a decline needs a note: the applicant is told
 * why). Approval makes the person an individual member of the application's region.
 */
export function decideMembership(
  db: DB,
  input: { applicationId: number; decision: 'approve' | 'decline'; note?: string | null },
  { actor, baseUrl, now = new Date() }: { actor: Actor; baseUrl: string; now?: Date },
): { ok: true } | { ok: false; error: DecisionError } {
  const note = input.note?.trim() || null
  return db.transaction(
    (tx) => {
      const app = tx
        .select()
        .from(membershipApplications)
        .where(eq(membershipApplications.id, input.applicationId))
        .get()
      if (!app) return { ok: false as const, error: 'notFound' as const }
      if (!mayDecide(actor, app.regionCode)) return { ok: false as const, error: 'forbidden' as const }
      if (app.status !== 'pending') return { ok: false as const, error: 'notPending' as const }
      if (input.decision === 'decline' && !note) return { ok: false as const, error: 'noteRequired' as const }
      tx.update(membershipApplications)
        .set({
          status: input.decision === 'approve' ? 'approved' : 'declined',
          decidedById: actor.id,
          decidedAt: now,
          decisionNote: note,
        })
        .where(eq(membershipApplications.id, app.id))
        .run()
      if (input.decision === 'approve') {
        becomeMember(tx, { personId: app.personId, regionCode: app.regionCode, actorId: actor.id, now })
      } else {
        recordAudit(
          tx,
          {
            actorId: actor.id,
            action: 'membership.declined',
            entityType: 'person',
            entityId: app.personId,
            details: { region: app.regionCode },
          },
          now,
        )
      }
      mailApplicant(tx, {
        applicationId: app.id,
        kind: input.decision === 'approve' ? 'approved' : 'declined',
        baseUrl,
        now,
      })
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

function mailApplicant(
  tx: Pick<DB, 'select' | 'insert'>,
  {
    applicationId,
    kind,
    baseUrl,
    now,
  }: { applicationId: number; kind: 'received' | 'approved' | 'declined'; baseUrl: string; now: Date },
) {
  const row = tx
    .select({
      personId: people.id,
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
      regionCode: membershipApplications.regionCode,
      note: membershipApplications.decisionNote,
    })
    .from(membershipApplications)
    .innerJoin(people, eq(people.id, membershipApplications.personId))
    .where(eq(membershipApplications.id, applicationId))
    .get()
  if (!row) return
  enqueueMail(
    tx,
    {
      uniqueKey: `membership:${applicationId}:${kind}`,
      kind: `membership_${kind}`,
      personId: row.personId,
      to: row.email,
      language: row.language,
      message: renderMembershipMail(kind, row.language, {
        name: row.name,
        region: row.regionCode,
        note: kind === 'declined' ? row.note : null,
        pageUrl: `${baseUrl}/membership`,
      }),
    },
    now,
  )
}

/** Open applications a RALO leader (their region) or staff (every region) decide, oldest first. */
export function pendingMemberships(db: Reader, actor: Actor) {
  const regions = actor.roles.includes('staff') ? [...REGION_CODES] : actor.raloRegion ? [actor.raloRegion] : []
  if (regions.length === 0) return []
  return db
    .select({
      id: membershipApplications.id,
      regionCode: membershipApplications.regionCode,
      motivation: membershipApplications.motivation,
      createdAt: membershipApplications.createdAt,
      personId: people.id,
      name: people.name,
      email: people.email,
      memberType: people.memberType,
      structure: structures.name,
    })
    .from(membershipApplications)
    .innerJoin(people, eq(people.id, membershipApplications.personId))
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(and(eq(membershipApplications.status, 'pending'), inArray(membershipApplications.regionCode, regions)))
    .orderBy(membershipApplications.createdAt, membershipApplications.id)
    .all()
}

/** The latest decisions (approved, declined, withdrawn), newest first, for staff's overview. */
export function recentMembershipDecisions(db: Reader, limit = 20) {
  return db
    .select({
      id: membershipApplications.id,
      regionCode: membershipApplications.regionCode,
      status: membershipApplications.status,
      decidedAt: membershipApplications.decidedAt,
      decisionNote: membershipApplications.decisionNote,
      personId: people.id,
      name: people.name,
    })
    .from(membershipApplications)
    .innerJoin(people, eq(people.id, membershipApplications.personId))
    .where(inArray(membershipApplications.status, ['approved', 'declined', 'withdrawn']))
    .orderBy(desc(membershipApplications.decidedAt), desc(membershipApplications.id))
    .limit(limit)
    .all()
}
