/**
 * Summit participants: nomination, status and funding decisions (each change in
 * the audit log and told to the participant in their language), the venue
 * desk's check-in, and the roster export.
 */
import { and, asc, count, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { DB } from '#db/client'
import { FUNDING_DECISIONS, PARTICIPATION_STATUSES, REGION_CODES, REPORT_STATUSES, type Language, type LocalisedText, type RegionCode } from '#db/domain'
import { eventTranslations, events, participationRecords, people, structures, summitParticipations, workingGroupMembers, workingGroups } from '#db/schema'
import { renderSummitMail, renderTravelReminder, type SummitMailKind } from '#emails/summit'
import { recordAudit } from './audit.server'
import { enqueueMail } from './outbox.server'
import { emailsByLine, type LineProblem } from '~/lib/pasted-emails'
import { emailIs } from './people.server'
import { loc, pickRow } from '~/lib/localised'

export type ParticipationStatus = (typeof PARTICIPATION_STATUSES)[number]
export type FundingDecision = (typeof FUNDING_DECISIONS)[number]

type Reader = Pick<DB, 'select'>

export function listSummits(db: Reader, language: Language) {
  const rows = db
    .select({ id: events.id, slug: events.slug, startsAt: events.startsAt, endsAt: events.endsAt, city: events.city })
    .from(events)
    .where(eq(events.kind, 'summit'))
    .orderBy(asc(events.startsAt))
    .all()
  const counts = new Map(db.select({ id: summitParticipations.eventId, n: count() }).from(summitParticipations).groupBy(summitParticipations.eventId).all().map((c) => [c.id, c.n]))
  return rows.map((r) => ({ ...r, title: summitTitle(db, r.id, language) ?? r.slug, participants: counts.get(r.id) ?? 0 }))
}

function summitTitle(db: Reader, id: number, language: Language): string | undefined {
  const texts = db.select({ language: eventTranslations.language, title: eventTranslations.title }).from(eventTranslations).where(eq(eventTranslations.eventId, id)).all()
  return pickRow(texts, language, (t) => Boolean(t.title))?.value.title
}

export function getSummit(db: Reader, id: number, language: Language) {
  const row = db.select().from(events).where(and(eq(events.id, id), eq(events.kind, 'summit'))).get()
  if (!row) return null
  return { ...row, title: summitTitle(db, id, language) ?? row.slug }
}

/** Who a participant is, for every list of them (with people and structures joined). */
const participantColumns = {
  id: summitParticipations.id,
  personId: people.id,
  name: people.name,
  email: people.email,
  language: people.preferredLanguage,
  regionCode: people.regionCode,
  structureName: structures.name,
}

export type RosterFilters = {
  regionCode?: RegionCode | null
  structureId?: number | null
  status?: ParticipationStatus | null
  funding?: FundingDecision | null
  language?: Language | null
  q?: string | null
}

/** A desk or roster search: name, structure or email containing `q` (LIKE wildcards in `q` taken literally). */
export function personMatches(q: string): SQL {
  const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
  return or(sql`${people.name} like ${pattern} escape '\\'`, sql`${structures.name} like ${pattern} escape '\\'`, like(people.email, pattern))!
}

export function roster(db: Reader, summitId: number, f: RosterFilters = {}) {
  const where: SQL[] = [eq(summitParticipations.eventId, summitId)]
  if (f.regionCode) where.push(eq(people.regionCode, f.regionCode))
  if (f.structureId) where.push(eq(summitParticipations.structureId, f.structureId))
  if (f.status) where.push(eq(summitParticipations.status, f.status))
  if (f.funding) where.push(eq(summitParticipations.funding, f.funding))
  if (f.language) where.push(eq(people.preferredLanguage, f.language))
  if (f.q) where.push(personMatches(f.q))
  return db
    .select({
      ...participantColumns,
      structureId: summitParticipations.structureId,
      status: summitParticipations.status,
      funding: summitParticipations.funding,
      fundingReason: summitParticipations.fundingReason,
      checkedInAt: summitParticipations.checkedInAt,
    })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .where(and(...where))
    .orderBy(asc(people.regionCode), asc(people.name))
    .all()
}

/**
 * Nominated and confirmed people per region, with each region's share against an
 * even fifth, so an unbalanced roster shows at the top of the page.
 */
export function regionBalance(db: Reader, summitId: number) {
  const rows = db
    .select({ regionCode: people.regionCode, status: summitParticipations.status, n: count() })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .where(eq(summitParticipations.eventId, summitId))
    .groupBy(people.regionCode, summitParticipations.status)
    .all()
  const active = (code: string) => rows.filter((r) => r.regionCode === code && (r.status === 'nominated' || r.status === 'confirmed')).reduce((a, r) => a + r.n, 0)
  const total = REGION_CODES.reduce((a, code) => a + active(code), 0)
  return REGION_CODES.map((code) => {
    const n = active(code)
    const share = total ? n / total : 0
    return {
      regionCode: code,
      active: n,
      confirmed: rows.find((r) => r.regionCode === code && r.status === 'confirmed')?.n ?? 0,
      share,
      // More than a third away from an even fifth either way.
      unbalanced: total > 0 && Math.abs(share - 0.2) > 0.2 / 3,
    }
  })
}

function participantMail(tx: Pick<DB, 'select' | 'insert'>, participationId: number, kind: SummitMailKind, baseUrl: string, now: Date) {
  const row = tx
    .select({ personId: people.id, email: people.email, name: people.name, language: people.preferredLanguage, eventId: summitParticipations.eventId, funding: summitParticipations.funding, reason: summitParticipations.fundingReason })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .where(eq(summitParticipations.id, participationId))
    .get()
  if (!row) return
  const summit = tx.select({ slug: events.slug }).from(events).where(eq(events.id, row.eventId)).get()!
  const title = summitTitle(tx, row.eventId, row.language) ?? summit.slug
  enqueueMail(tx, {
    uniqueKey: `summit:${participationId}:${kind}:${now.getTime()}`,
    kind: `summit_${kind}`,
    personId: row.personId,
    to: row.email,
    language: row.language,
    message: renderSummitMail(kind, row.language, { name: row.name, title, funding: row.funding, reason: row.reason, pageUrl: `${baseUrl}/summits/${summit.slug}` }),
  })
}

/** Nominates people by address (one per line); unknown lines are reported, the others stored. */
export function nominate(db: DB, summitId: number, text: string, actorId: number, baseUrl: string, now = new Date()): { added: number; already: number; failed: LineProblem[] } {
  return db.transaction(
    (tx) => {
      const result = { added: 0, already: 0, failed: [] as LineProblem[] }
      for (const l of emailsByLine(text)) {
        const person = l.email ? tx.select({ id: people.id, structureId: people.structureId }).from(people).where(emailIs(l.email)).get() : undefined
        if (!person) {
          result.failed.push({ line: l.line, text: l.text, reason: l.email ? 'unknown' : 'noEmail' })
          continue
        }
        const inserted = tx
          .insert(summitParticipations)
          .values({ eventId: summitId, personId: person.id, structureId: person.structureId, status: 'nominated', funding: 'pending' })
          .onConflictDoNothing()
          .returning({ id: summitParticipations.id })
          .get()
        if (!inserted) {
          result.already++
          continue
        }
        recordAudit(tx, { actorId, action: 'summit.nominated', entityType: 'summit_participation', entityId: inserted.id, details: { summitId, personId: person.id } }, now)
        participantMail(tx, inserted.id, 'nominated', baseUrl, now)
        result.added++
      }
      return result
    },
    { behavior: 'immediate' },
  )
}

const NEXT: Record<ParticipationStatus, ParticipationStatus[]> = {
  nominated: ['confirmed', 'declined', 'withdrawn'],
  confirmed: ['withdrawn'],
  declined: ['nominated'],
  withdrawn: ['nominated'],
}

export function allowedStatuses(current: ParticipationStatus): ParticipationStatus[] {
  return NEXT[current]
}

export function setStatus(
  db: DB,
  summitId: number,
  participationId: number,
  status: ParticipationStatus,
  actorId: number,
  baseUrl: string,
  now = new Date(),
): { ok: true } | { ok: false; error: 'notFound' | 'notAllowed' } {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(summitParticipations).where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId))).get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      if (!NEXT[row.status].includes(status)) return { ok: false as const, error: 'notAllowed' as const }
      tx.update(summitParticipations).set({ status, updatedAt: now }).where(eq(summitParticipations.id, participationId)).run()
      recordAudit(tx, { actorId, action: 'summit.status', entityType: 'summit_participation', entityId: participationId, details: { from: row.status, to: status } }, now)
      participantMail(tx, participationId, status, baseUrl, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

export function setFunding(
  db: DB,
  summitId: number,
  participationId: number,
  funding: FundingDecision,
  reason: string,
  actorId: number,
  baseUrl: string,
  now = new Date(),
): { ok: true } | { ok: false; error: 'notFound' } {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(summitParticipations).where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId))).get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      tx.update(summitParticipations).set({ funding, fundingReason: reason || null, updatedAt: now }).where(eq(summitParticipations.id, participationId)).run()
      recordAudit(tx, { actorId, action: 'summit.funding', entityType: 'summit_participation', entityId: participationId, details: { from: row.funding, to: funding, reason } }, now)
      if (row.funding !== funding && funding !== 'pending') participantMail(tx, participationId, 'funding', baseUrl, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/** The venue desk: check a confirmed participant in (or undo a mistake); counts for the desk. */
export function setCheckedIn(db: DB, summitId: number, participationId: number, checkedIn: boolean, actorId: number, now = new Date()): { ok: true } | { ok: false; error: 'notFound' | 'notConfirmed' } {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(summitParticipations).where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId))).get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      if (checkedIn && row.status !== 'confirmed') return { ok: false as const, error: 'notConfirmed' as const }
      tx.update(summitParticipations).set({ checkedInAt: checkedIn ? (row.checkedInAt ?? now) : null, updatedAt: now }).where(eq(summitParticipations.id, participationId)).run()
      const key = and(eq(participationRecords.kind, 'summit_attended'), eq(participationRecords.sourceType, 'summit_participation'), eq(participationRecords.sourceId, participationId))
      if (checkedIn) {
        const p = tx.select({ regionCode: people.regionCode, structureId: people.structureId }).from(people).where(eq(people.id, row.personId)).get()!
        tx.insert(participationRecords).values({ personId: row.personId, kind: 'summit_attended', sourceType: 'summit_participation', sourceId: participationId, occurredAt: row.checkedInAt ?? now, regionCode: p.regionCode, structureId: p.structureId }).onConflictDoNothing().run()
      } else {
        tx.delete(participationRecords).where(key).run()
      }
      recordAudit(tx, { actorId, action: checkedIn ? 'summit.checkIn' : 'summit.checkInUndone', entityType: 'summit_participation', entityId: participationId }, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

export function checkInCounts(db: Reader, summitId: number) {
  const row = db
    .select({
      confirmed: sql<number>`coalesce(sum(${summitParticipations.status} = 'confirmed'), 0)`,
      checkedIn: sql<number>`coalesce(sum(${summitParticipations.status} = 'confirmed' and ${summitParticipations.checkedInAt} is not null), 0)`,
    })
    .from(summitParticipations)
    .where(eq(summitParticipations.eventId, summitId))
    .get()!
  return row
}

// ─── Travel and logistics ─────────────────────────────────────────────────

export type TravelInput = {
  arrivalAt: Date | null
  arrivalCarrier: string
  departureAt: Date | null
  departureCarrier: string
  hotel: string
  hotelNights: number | null
  visaLetterNeeded: boolean
  /** The name exactly as in the passport; changing it withdraws staff's confirmation. */
  passportName: string
  dietaryNeeds: string
  accessibilityNeeds: string
  emergencyContactName: string
  emergencyContactPhone: string
}

export const TRAVEL_REQUIRED = ['arrival', 'departure', 'emergencyContact'] as const
export type TravelItem = (typeof TRAVEL_REQUIRED)[number]

/** What a participant still has to give the travel team. */
export function missingTravel(p: { arrivalAt: Date | null; departureAt: Date | null; emergencyContactName: string | null; emergencyContactPhone: string | null }): TravelItem[] {
  const missing: TravelItem[] = []
  if (!p.arrivalAt) missing.push('arrival')
  if (!p.departureAt) missing.push('departure')
  if (!p.emergencyContactName || !p.emergencyContactPhone) missing.push('emergencyContact')
  return missing
}

/** Travel days allowed around the summit: a week either side. */
export function travelWindow(summit: { startsAt: Date; endsAt: Date }) {
  return { from: new Date(summit.startsAt.getTime() - 7 * 86400_000), to: new Date(summit.endsAt.getTime() + 7 * 86400_000) }
}

export type TravelProblem = 'arrivalOutside' | 'departureOutside' | 'departureBeforeArrival'

export function travelProblems(summit: { startsAt: Date; endsAt: Date }, t: Pick<TravelInput, 'arrivalAt' | 'departureAt'>): Partial<Record<'arrivalAt' | 'departureAt', TravelProblem>> {
  const w = travelWindow(summit)
  const problems: Partial<Record<'arrivalAt' | 'departureAt', TravelProblem>> = {}
  if (t.arrivalAt && (t.arrivalAt < w.from || t.arrivalAt > w.to)) problems.arrivalAt = 'arrivalOutside'
  if (t.departureAt && (t.departureAt < w.from || t.departureAt > w.to)) problems.departureAt = 'departureOutside'
  if (!problems.departureAt && t.arrivalAt && t.departureAt && t.departureAt <= t.arrivalAt) problems.departureAt = 'departureBeforeArrival'
  return problems
}

/** A person's own place at a summit (for "My summit"), or null when they are not on the roster. */
export function ownSummitPlace(db: Reader, summitId: number, personId: number, language: Language) {
  const row = db
    .select()
    .from(summitParticipations)
    .where(and(eq(summitParticipations.eventId, summitId), eq(summitParticipations.personId, personId)))
    .get()
  if (!row) return null
  const group = row.workingGroupId ? db.select().from(workingGroups).where(eq(workingGroups.id, row.workingGroupId)).get() : undefined
  return {
    ...row,
    missing: missingTravel(row),
    group: group ? { name: loc(group.name, language), topic: loc(group.topic, language), reportUrl: group.reportUrl, reportStatus: group.reportStatus } : null,
  }
}

export function saveTravel(db: DB, summitId: number, participationId: number, input: TravelInput, actorId: number, now = new Date()): { ok: true } | { ok: false; error: 'notFound' } | { ok: false; error: 'invalid'; problems: ReturnType<typeof travelProblems> } {
  return db.transaction(
    (tx) => {
      const summit = tx.select({ startsAt: events.startsAt, endsAt: events.endsAt }).from(events).where(eq(events.id, summitId)).get()
      const row = tx
        .select({ id: summitParticipations.id, passportName: summitParticipations.passportName })
        .from(summitParticipations)
        .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
        .get()
      if (!summit || !row) return { ok: false as const, error: 'notFound' as const }
      const problems = travelProblems(summit, input)
      if (Object.keys(problems).length) return { ok: false as const, error: 'invalid' as const, problems }
      const text = (v: string) => v.trim() || null
      tx.update(summitParticipations)
        .set({
          arrivalAt: input.arrivalAt,
          arrivalCarrier: text(input.arrivalCarrier),
          departureAt: input.departureAt,
          departureCarrier: text(input.departureCarrier),
          hotel: text(input.hotel),
          hotelNights: input.hotelNights,
          visaLetterNeeded: input.visaLetterNeeded,
          passportName: text(input.passportName),
          // A new passport name needs staff to confirm it again before a letter can be printed.
          ...(text(input.passportName) !== row.passportName ? { passportNameConfirmedAt: null, passportNameConfirmedById: null } : {}),
          dietaryNeeds: text(input.dietaryNeeds),
          accessibilityNeeds: text(input.accessibilityNeeds),
          emergencyContactName: text(input.emergencyContactName),
          emergencyContactPhone: text(input.emergencyContactPhone),
          updatedAt: now,
        })
        .where(eq(summitParticipations.id, participationId))
        .run()
      // Who changed travel details and when; the details themselves stay out of the log.
      recordAudit(tx, { actorId, action: 'summit.travel', entityType: 'summit_participation', entityId: participationId }, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/** The summit's sessions, in order: the programme. */
export function programmeSessionIds(db: Reader, summitId: number): number[] {
  return db.select({ id: events.id }).from(events).where(eq(events.parentEventId, summitId)).orderBy(asc(events.startsAt)).all().map((r) => r.id)
}

/** Confirmed participants with their travel details, for the travel team (staff only). */
export function travelList(db: Reader, summitId: number) {
  return db
    .select({
      ...participantColumns,
      funding: summitParticipations.funding,
      arrivalAt: summitParticipations.arrivalAt,
      arrivalCarrier: summitParticipations.arrivalCarrier,
      departureAt: summitParticipations.departureAt,
      departureCarrier: summitParticipations.departureCarrier,
      hotel: summitParticipations.hotel,
      hotelNights: summitParticipations.hotelNights,
      visaLetterNeeded: summitParticipations.visaLetterNeeded,
      passportName: summitParticipations.passportName,
      passportNameConfirmedAt: summitParticipations.passportNameConfirmedAt,
      dietaryNeeds: summitParticipations.dietaryNeeds,
      accessibilityNeeds: summitParticipations.accessibilityNeeds,
      emergencyContactName: summitParticipations.emergencyContactName,
      emergencyContactPhone: summitParticipations.emergencyContactPhone,
    })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .where(and(eq(summitParticipations.eventId, summitId), eq(summitParticipations.status, 'confirmed')))
    .orderBy(asc(people.name))
    .all()
    .map((r) => ({ ...r, missing: missingTravel(r) }))
}

/** Staff confirm that the passport name a participant typed is the one to print on the visa letter (audited). */
export function confirmPassportName(db: DB, summitId: number, participationId: number, actorId: number, now = new Date()): { ok: true } | { ok: false; error: 'notFound' | 'noPassportName' } {
  return db.transaction((tx) => {
    const row = tx
      .select({ passportName: summitParticipations.passportName })
      .from(summitParticipations)
      .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
      .get()
    if (!row) return { ok: false as const, error: 'notFound' as const }
    if (!row.passportName) return { ok: false as const, error: 'noPassportName' as const }
    tx.update(summitParticipations).set({ passportNameConfirmedAt: now, passportNameConfirmedById: actorId, updatedAt: now }).where(eq(summitParticipations.id, participationId)).run()
    recordAudit(tx, { actorId, action: 'summit.passportNameConfirmed', entityType: 'summit_participation', entityId: participationId }, now)
    return { ok: true as const }
  })
}

/**
 * What the visa invitation letter prints, for a confirmed place: the participant's
 * own (personId), or any one for staff (participationId). `unconfirmed` when the
 * passport name is missing or not yet confirmed by staff: no letter then.
 */
export function visaLetter(db: Reader, input: { slug: string; personId: number; participationId?: number | null; isStaff: boolean }) {
  const summit = db.select({ id: events.id }).from(events).where(and(eq(events.slug, input.slug), eq(events.kind, 'summit'))).get()
  if (!summit) return null
  const which =
    input.isStaff && input.participationId ? eq(summitParticipations.id, input.participationId) : eq(summitParticipations.personId, input.personId)
  const confirmer = alias(people, 'confirmer')
  const row = db
    .select({
      passportName: summitParticipations.passportName,
      confirmedAt: summitParticipations.passportNameConfirmedAt,
      confirmedBy: confirmer.name,
      structure: structures.name,
      status: summitParticipations.status,
      arrivalAt: summitParticipations.arrivalAt,
      departureAt: summitParticipations.departureAt,
      funding: summitParticipations.funding,
    })
    .from(summitParticipations)
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .leftJoin(confirmer, eq(confirmer.id, summitParticipations.passportNameConfirmedById))
    .where(and(eq(summitParticipations.eventId, summit.id), which))
    .get()
  if (!row || row.status !== 'confirmed') return null
  return { summitId: summit.id, ...row, unconfirmed: !row.passportName || !row.confirmedAt }
}

/** One reminder per participant with something missing, in their language, at most once a day each. */
export function remindMissingTravel(db: DB, summitId: number, actorId: number, baseUrl: string, now = new Date()): number {
  return db.transaction(
    (tx) => {
      const summit = tx.select({ slug: events.slug }).from(events).where(eq(events.id, summitId)).get()
      if (!summit) return 0
      let queued = 0
      const titles = new Map<Language, string>()
      for (const p of travelList(tx, summitId).filter((r) => r.missing.length)) {
        if (!titles.has(p.language)) titles.set(p.language, summitTitle(tx, summitId, p.language) ?? summit.slug)
        const title = titles.get(p.language)!
        const added = enqueueMail(tx, {
          uniqueKey: `summit-travel-reminder:${p.id}:${now.toISOString().slice(0, 10)}`,
          kind: 'summit_travel_reminder',
          personId: p.personId,
          to: p.email,
          language: p.language,
          message: renderTravelReminder(p.language, { name: p.name, title, missing: p.missing, pageUrl: `${baseUrl}/summits/${summit.slug}/me` }),
        })
        if (added) queued++
      }
      recordAudit(tx, { actorId, action: 'summit.travelReminder', entityType: 'summit', entityId: summitId, details: { queued } }, now)
      return queued
    },
    { behavior: 'immediate' },
  )
}

// ─── Thematic working groups ──────────────────────────────────────────────

export function summitGroups(db: Reader, summitId: number, language: Language) {
  const groups = db.select().from(workingGroups).where(eq(workingGroups.eventId, summitId)).orderBy(asc(workingGroups.id)).all()
  const members = db
    .select({ groupId: workingGroupMembers.workingGroupId, personId: people.id, name: people.name, regionCode: people.regionCode, role: workingGroupMembers.role })
    .from(workingGroupMembers)
    .innerJoin(people, eq(people.id, workingGroupMembers.personId))
    .innerJoin(workingGroups, eq(workingGroups.id, workingGroupMembers.workingGroupId))
    .where(eq(workingGroups.eventId, summitId))
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
      byRegion: Object.fromEntries(REGION_CODES.map((r) => [r, own.filter((m) => m.regionCode === r).length])) as Record<RegionCode, number>,
    }
  })
}

export function createSummitGroup(db: DB, summitId: number, input: { name: LocalisedText; topic: LocalisedText }, actorId: number) {
  const id = db.insert(workingGroups).values({ eventId: summitId, kind: 'thematic', name: input.name, topic: input.topic }).returning({ id: workingGroups.id }).get().id
  recordAudit(db, { actorId, action: 'workingGroup.created', entityType: 'working_group', entityId: id, details: { summitId } })
  return id
}

export function updateReport(db: DB, summitId: number, groupId: number, input: { reportUrl: string | null; reportStatus: (typeof REPORT_STATUSES)[number] }, actorId: number): boolean {
  const r = db.update(workingGroups).set(input).where(and(eq(workingGroups.id, groupId), eq(workingGroups.eventId, summitId))).run()
  if (r.changes) recordAudit(db, { actorId, action: 'workingGroup.report', entityType: 'working_group', entityId: groupId, details: input })
  return r.changes > 0
}

/** Puts a confirmed participant in one of the summit's groups (leaving any other of its groups), with a role. */
export function assignToGroup(
  db: DB,
  summitId: number,
  participationId: number,
  groupId: number,
  role: 'member' | 'chair' | 'rapporteur',
  actorId: number,
  now = new Date(),
): { ok: true } | { ok: false; error: 'notFound' | 'notConfirmed' } {
  return db.transaction(
    (tx) => {
      const p = tx.select().from(summitParticipations).where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId))).get()
      const g = tx.select().from(workingGroups).where(and(eq(workingGroups.id, groupId), eq(workingGroups.eventId, summitId))).get()
      if (!p || !g) return { ok: false as const, error: 'notFound' as const }
      if (p.status !== 'confirmed') return { ok: false as const, error: 'notConfirmed' as const }
      const summitGroupIds = tx.select({ id: workingGroups.id }).from(workingGroups).where(eq(workingGroups.eventId, summitId)).all().map((r) => r.id)
      tx.delete(workingGroupMembers).where(and(eq(workingGroupMembers.personId, p.personId), inArray(workingGroupMembers.workingGroupId, summitGroupIds))).run()
      tx.delete(participationRecords)
        .where(and(eq(participationRecords.personId, p.personId), eq(participationRecords.kind, 'working_group_member'), inArray(participationRecords.sourceId, summitGroupIds), eq(participationRecords.sourceType, 'working_group')))
        .run()
      tx.insert(workingGroupMembers).values({ workingGroupId: groupId, personId: p.personId, role }).run()
      tx.update(summitParticipations).set({ workingGroupId: groupId, updatedAt: now }).where(eq(summitParticipations.id, participationId)).run()
      const who = tx.select({ regionCode: people.regionCode, structureId: people.structureId }).from(people).where(eq(people.id, p.personId)).get()!
      tx.insert(participationRecords).values({ personId: p.personId, kind: 'working_group_member', sourceType: 'working_group', sourceId: groupId, occurredAt: now, ...who }).onConflictDoNothing().run()
      recordAudit(tx, { actorId, action: 'workingGroup.assigned', entityType: 'summit_participation', entityId: participationId, details: { groupId, role } }, now)
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
export function autoAssign(db: DB, summitId: number, actorId: number, now = new Date()): number {
  const groups = summitGroups(db, summitId, 'en')
  if (groups.length === 0) return 0
  const waiting = db
    .select({ id: summitParticipations.id, regionCode: people.regionCode, preferences: summitParticipations.workingGroupPreferences })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .where(and(eq(summitParticipations.eventId, summitId), eq(summitParticipations.status, 'confirmed'), sql`${summitParticipations.workingGroupId} is null`))
    .orderBy(asc(summitParticipations.id))
    .all()
  const size = new Map(groups.map((g) => [g.id, g.members.length]))
  const region = new Map(groups.map((g) => [g.id, { ...g.byRegion } as Record<string, number>]))
  const total = [...size.values()].reduce((a, b) => a + b, 0) + waiting.length
  const capacity = Math.ceil(total / groups.length)
  let assigned = 0
  for (const w of waiting) {
    const key = w.regionCode ?? 'none'
    const score = (id: number) => [(region.get(id)![key] ?? 0), size.get(id)!] as const
    const preferred = (w.preferences ?? []).filter((id) => size.has(id) && size.get(id)! < capacity)
    const pool = preferred.length ? [preferred[0]] : groups.map((g) => g.id).filter((id) => size.get(id)! < capacity)
    const choice = [...(pool.length ? pool : groups.map((g) => g.id))].sort((a, b) => {
      const [ra, sa] = score(a)
      const [rb, sb] = score(b)
      return ra - rb || sa - sb || a - b
    })[0]
    if (assignToGroup(db, summitId, w.id, choice, 'member', actorId, now).ok) {
      size.set(choice, size.get(choice)! + 1)
      region.get(choice)![key] = (region.get(choice)![key] ?? 0) + 1
      assigned++
    }
  }
  return assigned
}
