/**
 * The accreditation of an At-Large Structure (decision 014): every step is a transition
 * from the statuses it may follow to the one it leaves, dated, by whom, with a note and
 * an optional document, written to the structure's history and the audit log, and
 * mailed to the structure's contact in their language with what happens next.
 *
 *   applied → due_diligence → ralo_advice → alac_decision → accredited | rejected
 *   accredited → under_review → accredited            (expectations review)
 *   any open status → withdrawn                       (the ALS asks)
 *   accredited | under_review → decertified           (an ALAC decision)
 */
import crypto from 'node:crypto'

import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import type { AccreditationStatus, AccreditationStep, RaloAdvice, RegionCode, Role } from '#db/domain'
import {
  accreditationCriteria,
  accreditationHistory,
  type ConfirmationChanges,
  type LocalisedText,
  people,
  structureChecks,
  structureConfirmations,
  structures,
} from '#db/schema'
import { renderAccreditationMail } from '#emails/accreditation'
import { latestToday } from '~/lib/format'

import { recordAudit } from '../audit.server'
import type { MailCtx } from '../context'
import { enqueueMail } from '../outbox.server'
import { hitRateLimits } from '../rate-limit.server'
import { unlinkRepresentative } from './affiliation.server'

export type AccreditationAction =
  | { kind: 'startDiligence' }
  /** With criteria marked "not met", staff say they know the RALO (and the applicant) will see it. */
  | { kind: 'completeDiligence'; acknowledgeNotMet?: boolean }
  | { kind: 'raloAdvice'; advice: RaloAdvice }
  | { kind: 'alacDecision'; decision: 'accredit' | 'reject'; reference: string; decidedOn: string }
  | { kind: 'openReview' }
  | { kind: 'passReview' }
  | { kind: 'withdraw' }
  | { kind: 'decertify'; reference: string; decidedOn: string }

export type ActionKind = AccreditationAction['kind']

/** The statuses each action may follow (the status it leaves is in `outcome`). */
export const TRANSITIONS: Record<ActionKind, readonly AccreditationStatus[]> = {
  startDiligence: ['applied'],
  completeDiligence: ['due_diligence'],
  raloAdvice: ['ralo_advice'],
  alacDecision: ['alac_decision'],
  openReview: ['accredited'],
  passReview: ['under_review'],
  withdraw: ['applied', 'due_diligence', 'ralo_advice', 'alac_decision', 'accredited', 'under_review'],
  decertify: ['accredited', 'under_review'],
}

/** The actions open to a structure in `status` (for the page's buttons). */
export function nextActions(status: AccreditationStatus): ActionKind[] {
  return (Object.keys(TRANSITIONS) as ActionKind[]).filter((k) => TRANSITIONS[k].includes(status))
}

function outcome(action: AccreditationAction): { step: AccreditationStep; status: AccreditationStatus } {
  switch (action.kind) {
    case 'startDiligence':
      return { step: 'diligence_started', status: 'due_diligence' }
    case 'completeDiligence':
      return { step: 'diligence_done', status: 'ralo_advice' }
    case 'raloAdvice':
      return { step: 'ralo_advice', status: 'alac_decision' }
    case 'alacDecision':
      return action.decision === 'accredit'
        ? { step: 'accredited', status: 'accredited' }
        : { step: 'rejected', status: 'rejected' }
    case 'openReview':
      return { step: 'review_opened', status: 'under_review' }
    case 'passReview':
      return { step: 'review_passed', status: 'accredited' }
    case 'withdraw':
      return { step: 'withdrawn', status: 'withdrawn' }
    case 'decertify':
      return { step: 'decertified', status: 'decertified' }
  }
}

/** Who acts: staff may take every step; a RALO leader only records the advice of their own region. */
export type Actor = { id: number; roles: Role[]; raloRegion: RegionCode | null }

export function mayAct(actor: Actor, kind: ActionKind, region: RegionCode): boolean {
  if (actor.roles.includes('staff')) return true
  return kind === 'raloAdvice' && actor.roles.includes('ralo_leader') && actor.raloRegion === region
}

export type StepError =
  | 'notFound'
  | 'forbidden'
  | 'invalidTransition'
  | 'checklistIncomplete'
  | 'notMetUnacknowledged'
  | 'referenceRequired'
  | 'reasonRequired'
  | 'decidedInFuture'

export type StepInput = {
  structureId: number
  action: AccreditationAction
  note?: string | null
  documentUrl?: string | null
}

/**
 * Records one step. Refused, with nothing written, when the actor may not take it, the
 * structure is not in a status the step may follow, the checklist is not complete (to
 * finish due diligence) or has criteria not met that staff did not acknowledge, an ALAC
 * decision lacks its resolution or is dated in the future, or a decertification its
 * reason. `mailed` says whether the contact was told (a structure may have no contact).
 */
export function recordStep(
  db: DB,
  { structureId, action, note = null, documentUrl = null }: StepInput,
  { actor, baseUrl, now = new Date() }: Omit<MailCtx, 'actorId'> & { actor: Actor },
): { ok: true; status: AccreditationStatus; mailed: boolean } | { ok: false; error: StepError } {
  return db.transaction(
    (tx) => {
      const structure = tx.select().from(structures).where(eq(structures.id, structureId)).get()
      if (!structure) return { ok: false as const, error: 'notFound' as const }
      if (!mayAct(actor, action.kind, structure.regionCode)) return { ok: false as const, error: 'forbidden' as const }
      if (!TRANSITIONS[action.kind].includes(structure.accreditationStatus))
        return { ok: false as const, error: 'invalidTransition' as const }
      if (action.kind === 'completeDiligence') {
        const checks = checklist(tx, structureId)
        if (checks.some((c) => c.met === null)) return { ok: false as const, error: 'checklistIncomplete' as const }
        // A criterion not met goes on to the RALO only when staff say so knowingly.
        if (checks.some((c) => c.met === false) && !action.acknowledgeNotMet)
          return { ok: false as const, error: 'notMetUnacknowledged' as const }
      }
      if ((action.kind === 'alacDecision' || action.kind === 'decertify') && !action.reference.trim())
        return { ok: false as const, error: 'referenceRequired' as const }
      if ((action.kind === 'alacDecision' || action.kind === 'decertify') && action.decidedOn > latestToday(now))
        return { ok: false as const, error: 'decidedInFuture' as const }
      if (action.kind === 'decertify' && !note?.trim()) return { ok: false as const, error: 'reasonRequired' as const }

      const { step, status } = outcome(action)
      tx.update(structures).set({ accreditationStatus: status }).where(eq(structures.id, structureId)).run()
      if (action.kind === 'passReview') {
        tx.update(structures).set({ detailsConfirmedAt: now }).where(eq(structures.id, structureId)).run()
      }
      tx.insert(accreditationHistory)
        .values({
          structureId,
          step,
          status,
          changedAt: now,
          note: note?.trim() || null,
          advice: action.kind === 'raloAdvice' ? action.advice : null,
          reference: 'reference' in action ? action.reference.trim() : null,
          decidedOn: 'decidedOn' in action ? action.decidedOn : null,
          documentUrl: documentUrl?.trim() || null,
          changedById: actor.id,
        })
        .run()
      recordAudit(
        tx,
        {
          actorId: actor.id,
          action: `structure.${step}`,
          entityType: 'structure',
          entityId: structureId,
          details: { from: structure.accreditationStatus, to: status },
        },
        now,
      )
      // A review asks the contact to confirm, through a single-use link that needs no sign-in.
      const link =
        action.kind === 'openReview'
          ? `${baseUrl}/structures/confirm/${confirmationToken(tx, structureId, now)}`
          : `${baseUrl}/structures/mine`
      const mailed = mailContact(tx, { structureId, step, note, now, link })
      return { ok: true as const, status, mailed }
    },
    { behavior: 'immediate' },
  )
}

/** Tells the structure's contact, in their language, what just happened and what comes next (false: no contact). */
function mailContact(
  tx: Pick<DB, 'select' | 'insert'>,
  {
    structureId,
    step,
    note,
    now,
    link,
  }: { structureId: number; step: AccreditationStep; note: string | null; now: Date; link: string },
): boolean {
  const row = tx
    .select({
      structure: structures.name,
      personId: people.id,
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
    })
    .from(structures)
    .innerJoin(people, eq(people.id, structures.contactPersonId))
    .where(eq(structures.id, structureId))
    .get()
  if (!row) return false
  enqueueMail(
    tx,
    {
      uniqueKey: `accreditation:${structureId}:${step}:${now.getTime()}`,
      kind: `accreditation_${step}`,
      personId: row.personId,
      to: row.email,
      language: row.language,
      message: renderAccreditationMail(step, row.language, {
        name: row.name,
        structure: row.structure,
        note: step === 'decertified' || step === 'rejected' ? note : null,
        pageUrl: link,
      }),
    },
    now,
  )
  return true
}

// ─── Due diligence ────────────────────────────────────────────────────────

/**
 * The active criteria with this structure's check of each (met: null while unchecked) and
 * what the applicant answered for it (null when they applied before the criterion existed,
 * or staff added the structure by hand).
 */
export function checklist(db: Pick<DB, 'select'>, structureId: number) {
  const answers =
    db.select({ answers: structures.applicationAnswers }).from(structures).where(eq(structures.id, structureId)).get()
      ?.answers ?? {}
  return db
    .select({
      id: accreditationCriteria.id,
      text: accreditationCriteria.text,
      met: structureChecks.met,
      note: structureChecks.note,
      checkedAt: structureChecks.checkedAt,
    })
    .from(accreditationCriteria)
    .leftJoin(
      structureChecks,
      and(eq(structureChecks.criterionId, accreditationCriteria.id), eq(structureChecks.structureId, structureId)),
    )
    .where(eq(accreditationCriteria.active, true))
    .orderBy(asc(accreditationCriteria.position), asc(accreditationCriteria.id))
    .all()
    .map((c) => ({ ...c, answer: answers[String(c.id)]?.trim() || null }))
}

/** The criteria in use, in order (what an application answers). */
export function activeCriteria(db: Pick<DB, 'select'>) {
  return db
    .select({ id: accreditationCriteria.id, text: accreditationCriteria.text })
    .from(accreditationCriteria)
    .where(eq(accreditationCriteria.active, true))
    .orderBy(asc(accreditationCriteria.position), asc(accreditationCriteria.id))
    .all()
}

/** Staff record whether one criterion is met, while the structure is in due diligence. */
export function setCheck(
  db: DB,
  input: { structureId: number; criterionId: number; met: boolean; note?: string | null },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): { ok: true } | { ok: false; error: 'notFound' | 'invalidTransition' } {
  return db.transaction(
    (tx) => {
      const structure = tx
        .select({ status: structures.accreditationStatus })
        .from(structures)
        .where(eq(structures.id, input.structureId))
        .get()
      const criterion = tx
        .select({ id: accreditationCriteria.id })
        .from(accreditationCriteria)
        .where(and(eq(accreditationCriteria.id, input.criterionId), eq(accreditationCriteria.active, true)))
        .get()
      if (!structure || !criterion) return { ok: false as const, error: 'notFound' as const }
      if (structure.status !== 'due_diligence') return { ok: false as const, error: 'invalidTransition' as const }
      const values = { met: input.met, note: input.note?.trim() || null, checkedById: actorId, checkedAt: now }
      tx.insert(structureChecks)
        .values({ structureId: input.structureId, criterionId: input.criterionId, ...values })
        .onConflictDoUpdate({ target: [structureChecks.structureId, structureChecks.criterionId], set: values })
        .run()
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

// ─── Applications ─────────────────────────────────────────────────────────

export type ApplicationInput = {
  name: string
  regionCode: RegionCode
  country: string
  website: string | null
  description: string
  /** The applicant's answer for each criterion, by criterion id. */
  answers: Record<string, string>
}

export type ApplicationError = 'nameTaken' | 'rateLimited'

/**
 * A signed-in person applies for their organisation: the structure starts as `applied`
 * with them as its contact, the history and audit log say so, and they get a
 * confirmation in their language. Three applications a day per person at most.
 */
export function applyForAccreditation(
  db: DB,
  input: ApplicationInput,
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { ok: true; id: number } | { ok: false; error: ApplicationError; retryAfterSeconds?: number } {
  const verdict = hitRateLimits(
    db,
    [{ scope: 'structure:apply', key: String(actorId), max: 3, windowMs: 86400_000 }],
    now,
  )
  if (!verdict.allowed) return { ok: false, error: 'rateLimited', retryAfterSeconds: verdict.retryAfterSeconds }
  return db.transaction(
    (tx) => {
      const taken = tx
        .select({ id: structures.id })
        .from(structures)
        .where(sql`lower(${structures.name}) = lower(${input.name.trim()})`)
        .get()
      if (taken) return { ok: false as const, error: 'nameTaken' as const }
      const id = tx
        .insert(structures)
        .values({
          name: input.name.trim(),
          regionCode: input.regionCode,
          country: input.country.trim().toUpperCase(),
          website: input.website?.trim() || null,
          description: input.description.trim() || null,
          contactPersonId: actorId,
          applicationAnswers: input.answers,
          accreditationStatus: 'applied',
          createdAt: now,
        })
        .returning({ id: structures.id })
        .get().id
      tx.insert(accreditationHistory)
        .values({ structureId: id, step: 'applied', status: 'applied', changedAt: now, changedById: actorId })
        .run()
      recordAudit(tx, { actorId, action: 'structure.applied', entityType: 'structure', entityId: id }, now)
      mailContact(tx, { structureId: id, step: 'applied', note: null, now, link: `${baseUrl}/structures/mine` })
      return { ok: true as const, id }
    },
    { behavior: 'immediate' },
  )
}

/** The structures a person is the contact of, with their history (what applicants follow). */
export function myStructures(db: Pick<DB, 'select'>, personId: number) {
  const rows = db
    .select({
      id: structures.id,
      name: structures.name,
      regionCode: structures.regionCode,
      status: structures.accreditationStatus,
    })
    .from(structures)
    .where(eq(structures.contactPersonId, personId))
    .orderBy(asc(structures.name))
    .all()
  if (rows.length === 0) return []
  const history = db
    .select({
      id: accreditationHistory.id,
      structureId: accreditationHistory.structureId,
      step: accreditationHistory.step,
      changedAt: accreditationHistory.changedAt,
      advice: accreditationHistory.advice,
      reference: accreditationHistory.reference,
      decidedOn: accreditationHistory.decidedOn,
    })
    .from(accreditationHistory)
    .where(
      inArray(
        accreditationHistory.structureId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(accreditationHistory.changedAt), asc(accreditationHistory.id))
    .all()
  return rows.map((r) => {
    const own = history.filter((h) => h.structureId === r.id)
    // Once staff finished checking, the applicant sees which criteria were found not met
    // (as the RALO and the ALAC do), never staff's notes.
    const checked = own.some((h) => h.step === 'diligence_done')
    const notMet: LocalisedText[] = checked
      ? checklist(db, r.id)
          .filter((c) => c.met === false)
          .map((c) => c.text)
      : []
    return { ...r, history: own, notMet }
  })
}

/**
 * Applications waiting for a RALO's advice, with what the RALO needs to advise: the
 * application's answers and staff's due-diligence checks. A RALO leader sees their
 * region; staff see every region.
 */
export function awaitingAdvice(db: Pick<DB, 'select'>, actor: Actor) {
  const regionOnly = actor.roles.includes('staff') ? null : actor.raloRegion
  if (!regionOnly && !actor.roles.includes('staff')) return []
  const rows = db
    .select({
      id: structures.id,
      name: structures.name,
      regionCode: structures.regionCode,
      country: structures.country,
      website: structures.website,
      description: structures.description,
      answers: structures.applicationAnswers,
    })
    .from(structures)
    .where(
      and(
        eq(structures.accreditationStatus, 'ralo_advice'),
        regionOnly ? eq(structures.regionCode, regionOnly) : undefined,
      ),
    )
    .orderBy(asc(structures.regionCode), asc(structures.name))
    .all()
  return rows.map((r) => ({ ...r, checks: checklist(db, r.id) }))
}

/**
 * The advice a RALO already gave, newest first (what leaves the desk once recorded): the
 * structure, the advice and its note, who gave it and when, and where the structure stands
 * now. A RALO leader sees their region's; staff see every region's.
 */
export function pastAdvice(db: Pick<DB, 'select'>, actor: Actor, { limit = 30 }: { limit?: number } = {}) {
  const regionOnly = actor.roles.includes('staff') ? null : actor.raloRegion
  if (!regionOnly && !actor.roles.includes('staff')) return []
  return db
    .select({
      id: accreditationHistory.id,
      structureId: structures.id,
      name: structures.name,
      regionCode: structures.regionCode,
      status: structures.accreditationStatus,
      advice: accreditationHistory.advice,
      note: accreditationHistory.note,
      changedAt: accreditationHistory.changedAt,
      by: people.name,
    })
    .from(accreditationHistory)
    .innerJoin(structures, eq(structures.id, accreditationHistory.structureId))
    .leftJoin(people, eq(people.id, accreditationHistory.changedById))
    .where(
      and(eq(accreditationHistory.step, 'ralo_advice'), regionOnly ? eq(structures.regionCode, regionOnly) : undefined),
    )
    .orderBy(desc(accreditationHistory.changedAt), desc(accreditationHistory.id))
    .limit(limit)
    .all()
}

/** Every criterion, in use or not, in order (for staff editing the checklist). */
export function allCriteria(db: Pick<DB, 'select'>) {
  return db
    .select()
    .from(accreditationCriteria)
    .orderBy(asc(accreditationCriteria.position), asc(accreditationCriteria.id))
    .all()
}

/**
 * Adds a criterion at the end of the checklist, or rewrites one. Applications already
 * checked keep their checks; a criterion taken out of use (`active: false`) leaves the
 * checklist of applications still in due diligence.
 */
export function saveCriterion(
  db: DB,
  input: { id?: number; text: Record<'en' | 'fr' | 'es', string>; active?: boolean },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): { ok: true; id: number } | { ok: false; error: 'notFound' } {
  return db.transaction(
    (tx) => {
      let id = input.id
      if (id) {
        const found = tx.select().from(accreditationCriteria).where(eq(accreditationCriteria.id, id)).get()
        if (!found) return { ok: false as const, error: 'notFound' as const }
        tx.update(accreditationCriteria)
          .set({ text: input.text, active: input.active ?? found.active })
          .where(eq(accreditationCriteria.id, id))
          .run()
      } else {
        const last = tx
          .select({ n: sql<number>`coalesce(max(position), -1)` })
          .from(accreditationCriteria)
          .get()!.n
        id = tx
          .insert(accreditationCriteria)
          .values({ text: input.text, position: last + 1, createdAt: now })
          .returning({ id: accreditationCriteria.id })
          .get().id
      }
      recordAudit(
        tx,
        {
          actorId,
          action: input.id ? 'criterion.updated' : 'criterion.created',
          entityType: 'criterion',
          entityId: id,
        },
        now,
      )
      return { ok: true as const, id }
    },
    { behavior: 'immediate' },
  )
}

// ─── Confirming details (the link in a review's mail) ─────────────────────

const CONFIRMATION_DAYS = 60
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex')

function confirmationToken(tx: Pick<DB, 'insert' | 'select'>, structureId: number, now: Date): string {
  const token = crypto.randomBytes(32).toString('base64url')
  const contact = tx
    .select({ id: structures.contactPersonId })
    .from(structures)
    .where(eq(structures.id, structureId))
    .get()
  tx.insert(structureConfirmations)
    .values({
      structureId,
      mailedToId: contact?.id ?? null,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * 86400_000),
      createdAt: now,
    })
    .run()
  return token
}

/**
 * Why a link cannot be used. `closed`: the review it belongs to is over (the structure is no
 * longer under review, a newer link was sent, or the contact it was mailed to is no longer the
 * contact): it could otherwise change the structure long after anyone expects it to.
 */
export type ConfirmationError = 'unknown' | 'used' | 'expired' | 'closed'

/** What the contact sees and may correct: the structure's details, its contact and its people. */
export type ConfirmationDetails = {
  structureId: number
  name: string
  country: string
  website: string | null
  description: string | null
  contact: { id: number; name: string; email: string } | null
  /** Its confirmed representatives (people.structure_id), by name. */
  people: { id: number; name: string }[]
}

/** The structure a confirmation link is for, with what it holds, or why the link cannot be used (reads only). */
export function confirmationFor(
  db: Pick<DB, 'select'>,
  token: string,
  now = new Date(),
): ({ ok: true } & ConfirmationDetails) | { ok: false; error: ConfirmationError } {
  const row = db
    .select({
      id: structureConfirmations.id,
      structureId: structureConfirmations.structureId,
      usedAt: structureConfirmations.usedAt,
      expiresAt: structureConfirmations.expiresAt,
      mailedToId: structureConfirmations.mailedToId,
      status: structures.accreditationStatus,
      name: structures.name,
      country: structures.country,
      website: structures.website,
      description: structures.description,
      contactPersonId: structures.contactPersonId,
    })
    .from(structureConfirmations)
    .innerJoin(structures, eq(structures.id, structureConfirmations.structureId))
    .where(eq(structureConfirmations.tokenHash, sha256(token)))
    .get()
  if (!row) return { ok: false, error: 'unknown' }
  if (row.usedAt) return { ok: false, error: 'used' }
  if (row.expiresAt <= now) return { ok: false, error: 'expired' }
  const newer = db
    .select({ id: structureConfirmations.id })
    .from(structureConfirmations)
    .where(and(eq(structureConfirmations.structureId, row.structureId), gt(structureConfirmations.id, row.id)))
    .get()
  // Links made before the addressee was kept (mailedToId null) still need an open review.
  const addresseeLeft = row.mailedToId !== null && row.mailedToId !== row.contactPersonId
  if (row.status !== 'under_review' || newer || addresseeLeft) return { ok: false, error: 'closed' }
  const contact = row.contactPersonId
    ? (db
        .select({ id: people.id, name: people.name, email: people.email })
        .from(people)
        .where(eq(people.id, row.contactPersonId))
        .get() ?? null)
    : null
  const representatives = db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.structureId, row.structureId), sql`${people.erasedAt} is null`))
    .orderBy(asc(people.name))
    .all()
  return {
    ok: true,
    structureId: row.structureId,
    name: row.name,
    country: row.country,
    website: row.website,
    description: row.description,
    contact,
    people: representatives,
  }
}

export type ConfirmInput = {
  token: string
  activity: string
  /** The details as the contact corrected them; a field left out is unchanged. */
  details?: Partial<{ name: string; country: string; website: string | null; description: string | null }>
  /** Hand the contact over to another of the structure's representatives. */
  contactId?: number | null
  /** Representatives who no longer represent the structure: their link ends. */
  leaving?: number[]
}

export type ConfirmError = ConfirmationError | 'nameTaken' | 'notRepresentative' | 'contactLeaving'

/**
 * The contact confirms the structure's details and activity, correcting them in the same
 * step: changed details are saved, a new contact (one of its representatives) takes over,
 * representatives who left stop representing it (as when they leave themselves), and what
 * changed is kept with the confirmation for staff. The date is recorded (the "confirmed"
 * expectation is met), the link is spent, and the audit log says so. Staff still close the review.
 */
export function confirmDetails(
  db: DB,
  { token, activity, details = {}, contactId, leaving = [] }: ConfirmInput,
  { now = new Date() }: { now?: Date } = {},
): { ok: true; name: string; changes: ConfirmationChanges } | { ok: false; error: ConfirmError } {
  return db.transaction(
    (tx) => {
      const found = confirmationFor(tx, token, now)
      if (!found.ok) return found
      const by = found.contact?.id ?? null
      const changes: ConfirmationChanges = { by, fields: {}, contact: null, leaving: [] }

      const next = {
        name: details.name?.trim(),
        country: details.country?.trim().toUpperCase(),
        website: details.website === undefined ? undefined : details.website?.trim() || null,
        description: details.description === undefined ? undefined : details.description?.trim() || null,
      }
      for (const field of ['name', 'country', 'website', 'description'] as const) {
        const to = next[field]
        if (to === undefined || (field !== 'website' && field !== 'description' && !to)) continue
        const from = found[field]
        if ((from ?? null) !== (to ?? null)) changes.fields[field] = { from: from ?? null, to: to ?? null }
      }
      if (changes.fields.name) {
        const other = tx
          .select({ id: structures.id })
          .from(structures)
          .where(sql`lower(${structures.name}) = lower(${changes.fields.name.to})`)
          .get()
        if (other && other.id !== found.structureId) return { ok: false as const, error: 'nameTaken' as const }
      }

      const mine = new Set(found.people.map((p) => p.id))
      const gone = [...new Set(leaving)]
      if (gone.some((id) => !mine.has(id))) return { ok: false as const, error: 'notRepresentative' as const }
      if (contactId && contactId !== found.contact?.id) {
        if (!mine.has(contactId)) return { ok: false as const, error: 'notRepresentative' as const }
        changes.contact = { from: found.contact?.id ?? null, to: contactId }
      }
      const newContact = changes.contact?.to ?? found.contact?.id ?? null
      if (newContact !== null && gone.includes(newContact))
        return { ok: false as const, error: 'contactLeaving' as const }
      changes.leaving = gone

      const set: Partial<typeof structures.$inferInsert> = { detailsConfirmedAt: now }
      for (const [field, change] of Object.entries(changes.fields)) Object.assign(set, { [field]: change.to })
      if (changes.contact) set.contactPersonId = changes.contact.to
      tx.update(structures).set(set).where(eq(structures.id, found.structureId)).run()

      // A representative who left: as when they end it themselves (decision 034), by the contact's word.
      for (const personId of gone)
        unlinkRepresentative(tx, { personId, structureId: found.structureId, actorId: by, via: 'confirmation' }, now)

      tx.update(structureConfirmations)
        .set({ usedAt: now, activity: activity.trim() || null, changes })
        .where(eq(structureConfirmations.tokenHash, sha256(token)))
        .run()
      recordAudit(
        tx,
        {
          actorId: by,
          action: 'structure.detailsConfirmed',
          entityType: 'structure',
          entityId: found.structureId,
          details: changes,
        },
        now,
      )
      return { ok: true as const, name: changes.fields.name?.to ?? found.name, changes }
    },
    { behavior: 'immediate' },
  )
}

/**
 * What the contact confirmed, newest first, for staff: when, the activity they described,
 * and what they changed, with people named as they are now (an erased person reads as
 * erased; one merged away as unknown).
 */
export function confirmationsOf(db: Pick<DB, 'select'>, structureId: number) {
  const rows = db
    .select({
      id: structureConfirmations.id,
      usedAt: structureConfirmations.usedAt,
      activity: structureConfirmations.activity,
      changes: structureConfirmations.changes,
    })
    .from(structureConfirmations)
    .where(and(eq(structureConfirmations.structureId, structureId), sql`${structureConfirmations.usedAt} is not null`))
    .orderBy(desc(structureConfirmations.usedAt), desc(structureConfirmations.id))
    .all()
  const ids = new Set<number>()
  for (const r of rows) {
    const c = r.changes
    if (!c) continue
    if (c.by) ids.add(c.by)
    if (c.contact?.from) ids.add(c.contact.from)
    if (c.contact?.to) ids.add(c.contact.to)
    for (const id of c.leaving) ids.add(id)
  }
  const names = new Map(
    ids.size
      ? db
          .select({ id: people.id, name: people.name })
          .from(people)
          .where(inArray(people.id, [...ids]))
          .all()
          .map((p) => [p.id, p.name] as const)
      : [],
  )
  const person = (id: number | null | undefined) => (id ? { id, name: names.get(id) ?? null } : null)
  return rows.map((r) => ({
    id: r.id,
    confirmedAt: r.usedAt!,
    activity: r.activity,
    by: person(r.changes?.by),
    fields: r.changes?.fields ?? {},
    contact: r.changes?.contact ? { from: person(r.changes.contact.from), to: person(r.changes.contact.to) } : null,
    leaving: (r.changes?.leaving ?? []).map((id) => person(id)!),
  }))
}
