/**
 * Travel: each participant's arrival, departure, stay and needs (times in the
 * venue's zone), what is still missing, reminders, the passport name staff confirm,
 * and the visa letter.
 */
import { and, asc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'

import type { DB } from '#db/client'
import type { Language } from '#db/domain'
import { events, people, structures, summitParticipations, workingGroups } from '#db/schema'
import { renderTravelReminder } from '#emails/summit'
import { loc } from '~/lib/localised'

import { recordAudit } from '../audit.server'
import type { ActorCtx, MailCtx } from '../context'
import { enqueueMail } from '../outbox.server'
import { participantColumns, type Reader, summitTitle } from './summit.server'

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
export function missingTravel(p: {
  arrivalAt: Date | null
  departureAt: Date | null
  emergencyContactName: string | null
  emergencyContactPhone: string | null
}): TravelItem[] {
  const missing: TravelItem[] = []
  if (!p.arrivalAt) missing.push('arrival')
  if (!p.departureAt) missing.push('departure')
  if (!p.emergencyContactName || !p.emergencyContactPhone) missing.push('emergencyContact')
  return missing
}

/** Travel days allowed around the summit: a week either side. */
export function travelWindow(summit: { startsAt: Date; endsAt: Date }) {
  return {
    from: new Date(summit.startsAt.getTime() - 7 * 86400_000),
    to: new Date(summit.endsAt.getTime() + 7 * 86400_000),
  }
}

export type TravelProblem = 'arrivalOutside' | 'departureOutside' | 'departureBeforeArrival'

export function travelProblems(
  summit: { startsAt: Date; endsAt: Date },
  t: Pick<TravelInput, 'arrivalAt' | 'departureAt'>,
): Partial<Record<'arrivalAt' | 'departureAt', TravelProblem>> {
  const w = travelWindow(summit)
  const problems: Partial<Record<'arrivalAt' | 'departureAt', TravelProblem>> = {}
  if (t.arrivalAt && (t.arrivalAt < w.from || t.arrivalAt > w.to)) problems.arrivalAt = 'arrivalOutside'
  if (t.departureAt && (t.departureAt < w.from || t.departureAt > w.to)) problems.departureAt = 'departureOutside'
  if (!problems.departureAt && t.arrivalAt && t.departureAt && t.departureAt <= t.arrivalAt)
    problems.departureAt = 'departureBeforeArrival'
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
  const group = row.workingGroupId
    ? db.select().from(workingGroups).where(eq(workingGroups.id, row.workingGroupId)).get()
    : undefined
  return {
    ...row,
    missing: missingTravel(row),
    group: group
      ? {
          name: loc(group.name, language),
          topic: loc(group.topic, language),
          reportUrl: group.reportUrl,
          reportStatus: group.reportStatus,
        }
      : null,
  }
}

export function saveTravel(
  db: DB,
  { summitId, participationId, travel: input }: { summitId: number; participationId: number; travel: TravelInput },
  { actorId, now = new Date() }: ActorCtx,
):
  | { ok: true }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; problems: ReturnType<typeof travelProblems> } {
  return db.transaction(
    (tx) => {
      const summit = tx
        .select({ startsAt: events.startsAt, endsAt: events.endsAt })
        .from(events)
        .where(eq(events.id, summitId))
        .get()
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
          ...(text(input.passportName) !== row.passportName
            ? { passportNameConfirmedAt: null, passportNameConfirmedById: null }
            : {}),
          dietaryNeeds: text(input.dietaryNeeds),
          accessibilityNeeds: text(input.accessibilityNeeds),
          emergencyContactName: text(input.emergencyContactName),
          emergencyContactPhone: text(input.emergencyContactPhone),
          updatedAt: now,
        })
        .where(eq(summitParticipations.id, participationId))
        .run()
      // Who changed travel details and when; the details themselves stay out of the log.
      recordAudit(
        tx,
        { actorId, action: 'summit.travel', entityType: 'summit_participation', entityId: participationId },
        now,
      )
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
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
export function confirmPassportName(
  db: DB,
  { summitId, participationId }: { summitId: number; participationId: number },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true } | { ok: false; error: 'notFound' | 'noPassportName' } {
  return db.transaction((tx) => {
    const row = tx
      .select({ passportName: summitParticipations.passportName })
      .from(summitParticipations)
      .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
      .get()
    if (!row) return { ok: false as const, error: 'notFound' as const }
    if (!row.passportName) return { ok: false as const, error: 'noPassportName' as const }
    tx.update(summitParticipations)
      .set({ passportNameConfirmedAt: now, passportNameConfirmedById: actorId, updatedAt: now })
      .where(eq(summitParticipations.id, participationId))
      .run()
    recordAudit(
      tx,
      {
        actorId,
        action: 'summit.passportNameConfirmed',
        entityType: 'summit_participation',
        entityId: participationId,
      },
      now,
    )
    return { ok: true as const }
  })
}

/**
 * What the visa invitation letter prints, for a confirmed place: the participant's
 * own (personId), or any one for staff (participationId). `unconfirmed` when the
 * passport name is missing or not yet confirmed by staff: no letter then.
 */
export function visaLetter(
  db: Reader,
  input: { slug: string; personId: number; participationId?: number | null; isStaff: boolean },
) {
  const summit = db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.slug, input.slug), eq(events.kind, 'summit')))
    .get()
  if (!summit) return null
  const which =
    input.isStaff && input.participationId
      ? eq(summitParticipations.id, input.participationId)
      : eq(summitParticipations.personId, input.personId)
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
export function remindMissingTravel(
  db: DB,
  { summitId }: { summitId: number },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): number {
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
          message: renderTravelReminder(p.language, {
            name: p.name,
            title,
            missing: p.missing,
            pageUrl: `${baseUrl}/summits/${summit.slug}/me`,
          }),
        })
        if (added) queued++
      }
      recordAudit(
        tx,
        { actorId, action: 'summit.travelReminder', entityType: 'summit', entityId: summitId, details: { queued } },
        now,
      )
      return queued
    },
    { behavior: 'immediate' },
  )
}
