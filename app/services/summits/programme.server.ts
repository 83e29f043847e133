/**
 * A summit's programme (its sessions: plenaries, working-group sessions, social
 * events, each with a room, times in the venue's zone and interpretation
 * languages), and the logistics page (the desk is desk.server.ts,
 * preferences are groups.server.ts). A session is an `events` row whose
 * parent is the summit, so the calendar code of the webinars serves it as is.
 */
import { and, asc, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, LANGUAGES, type SessionType } from '#db/domain'
import { events, eventTranslations, interpretationChannels } from '#db/schema'
import { pickRow } from '~/lib/localised'
import { utcToZoned } from '~/lib/zoned'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { eventSummaries } from '../events/summaries.server'
import { type Reader, summitRow } from './summit.server'

export function sessionRow(db: Reader, summitId: number, sessionId: number) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.id, sessionId), eq(events.parentEventId, summitId)))
    .get()
}

/** The sessions in order, with their text in `language` (English when missing, and saying so). */
export function summitProgramme(db: Reader, summitId: number, language: Language) {
  const rows = db
    .select()
    .from(events)
    .where(eq(events.parentEventId, summitId))
    .orderBy(asc(events.startsAt), asc(events.id))
    .all()
  if (rows.length === 0) return []
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.id),
    { language },
  )
  return rows.map((r) => {
    const summary = summaries.get(r.id)
    const channels = summary?.channels ?? []
    return {
      id: r.id,
      title: summary?.title ?? r.slug,
      textLanguage: summary?.titleLanguage ?? 'en',
      sessionType: r.sessionType,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      room: r.room,
      status: r.status,
      languages: LANGUAGES.filter((l) => channels.some((c) => c.language === l)),
    }
  })
}

export type ProgrammeSession = ReturnType<typeof summitProgramme>[number]

export type SessionInput = {
  titles: Partial<Record<Language, string>> & { en: string }
  sessionType: SessionType
  startsAt: Date
  endsAt: Date
  room: string
  /** Interpretation languages, each with the remote conference ID when there is one. */
  channels: { language: Language; conferenceId: string }[]
}

export type SessionProblem = 'outsideSummit' | 'endBeforeStart'
export type SessionResult =
  | { ok: true; id: number }
  | { ok: false; error: 'notFound' | 'cancelled' }
  | { ok: false; error: 'invalid'; problems: Partial<Record<'date' | 'end', SessionProblem>> }

/** A session must fall on one of the summit's days (in the venue's zone) and end after it starts. */
export function sessionProblems(
  summit: { startsAt: Date; endsAt: Date; timeZone: string },
  input: Pick<SessionInput, 'startsAt' | 'endsAt'>,
) {
  const problems: Partial<Record<'date' | 'end', SessionProblem>> = {}
  const day = (d: Date) => utcToZoned(d, summit.timeZone).date
  if (day(input.startsAt) < day(summit.startsAt) || day(input.startsAt) > day(summit.endsAt))
    problems.date = 'outsideSummit'
  if (input.endsAt <= input.startsAt) problems.end = 'endBeforeStart'
  return problems
}

/** Values for the staff form (times in the venue's zone). */
export function sessionForEdit(db: Reader, summitId: number, sessionId: number) {
  const row = sessionRow(db, summitId, sessionId)
  if (!row) return null
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, sessionId)).all()
  const channels = db.select().from(interpretationChannels).where(eq(interpretationChannels.eventId, sessionId)).all()
  const start = utcToZoned(row.startsAt, row.timeZone)
  const values: Record<string, string> = {
    sessionType: row.sessionType ?? 'plenary',
    date: start.date,
    start: start.time,
    end: utcToZoned(row.endsAt, row.timeZone).time,
    room: row.room ?? '',
  }
  for (const l of LANGUAGES) {
    values[`title_${l}`] = texts.find((t) => t.language === l)?.title ?? ''
    const c = channels.find((x) => x.language === l)
    values[`interpretation_${l}`] = c ? 'on' : ''
    values[`conferenceId_${l}`] = c?.conferenceId ?? ''
  }
  return { id: row.id, status: row.status, values }
}

/**
 * Adds a session (sessionId null) or changes one. A change bumps the session's
 * SEQUENCE so calendars that subscribed to the programme pick it up.
 */
export function saveSession(
  db: DB,
  { summitId, sessionId, session: input }: { summitId: number; sessionId: number | null; session: SessionInput },
  { actorId, now = new Date() }: ActorCtx,
): SessionResult {
  return db.transaction(
    (tx): SessionResult => {
      const summit = summitRow(tx, summitId)
      if (!summit) return { ok: false, error: 'notFound' }
      const problems = sessionProblems(summit, input)
      if (Object.keys(problems).length) return { ok: false, error: 'invalid', problems }
      const columns = {
        sessionType: input.sessionType,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        room: input.room.trim() || null,
        timeZone: summit.timeZone,
        venue: summit.venue,
        city: summit.city,
        updatedAt: now,
      }
      let id: number
      if (sessionId === null) {
        const slug = `${summit.slug}-session-${
          tx
            .select({ n: sql<number>`count(*)` })
            .from(events)
            .where(eq(events.parentEventId, summitId))
            .get()!.n + 1
        }-${now.getTime().toString(36)}`
        id = tx
          .insert(events)
          .values({
            kind: 'session',
            slug,
            parentEventId: summitId,
            status: summit.status === 'completed' ? 'completed' : 'scheduled',
            createdById: actorId,
            ...columns,
          })
          .returning({ id: events.id })
          .get().id
      } else {
        const before = sessionRow(tx, summitId, sessionId)
        if (!before) return { ok: false, error: 'notFound' }
        if (before.status === 'cancelled') return { ok: false, error: 'cancelled' }
        id = sessionId
        tx.update(events)
          .set({ ...columns, sequence: before.sequence + 1 })
          .where(eq(events.id, id))
          .run()
      }
      tx.delete(eventTranslations).where(eq(eventTranslations.eventId, id)).run()
      for (const l of LANGUAGES) {
        const title = input.titles[l]?.trim()
        if (title) tx.insert(eventTranslations).values({ eventId: id, language: l, title }).run()
      }
      // Keep each remaining channel's dial-in numbers and interpreters; only the languages and IDs come from the form.
      const kept = tx.select().from(interpretationChannels).where(eq(interpretationChannels.eventId, id)).all()
      tx.delete(interpretationChannels).where(eq(interpretationChannels.eventId, id)).run()
      for (const c of input.channels) {
        const old = kept.find((k) => k.language === c.language)
        tx.insert(interpretationChannels)
          .values({
            eventId: id,
            language: c.language,
            conferenceId: c.conferenceId.trim(),
            dialInNumbers: old?.dialInNumbers ?? '',
            interpreters: old?.interpreters ?? '',
          })
          .run()
      }
      recordAudit(
        tx,
        {
          actorId,
          action: sessionId === null ? 'summit.sessionAdded' : 'summit.sessionChanged',
          entityType: 'event',
          entityId: id,
          details: { summitId },
        },
        now,
      )
      return { ok: true, id }
    },
    { behavior: 'immediate' },
  )
}

/** Cancels a session: it stays in the programme (and its calendar entry) marked cancelled. */
export function cancelSession(
  db: DB,
  { summitId, sessionId }: { summitId: number; sessionId: number },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  const row = sessionRow(db, summitId, sessionId)
  if (!row || row.status === 'cancelled') return false
  db.update(events)
    .set({ status: 'cancelled', sequence: row.sequence + 1, updatedAt: now })
    .where(eq(events.id, sessionId))
    .run()
  recordAudit(
    db,
    { actorId, action: 'summit.sessionCancelled', entityType: 'event', entityId: sessionId, details: { summitId } },
    now,
  )
  return true
}

/** The summit's sessions, in order: the programme. */
export function programmeSessionIds(db: Reader, summitId: number): number[] {
  return db
    .select({ id: events.id })
    .from(events)
    .where(eq(events.parentEventId, summitId))
    .orderBy(asc(events.startsAt))
    .all()
    .map((r) => r.id)
}

// ─── Logistics page ───────────────────────────────────────────────────────

/** Venue, city and practical information in every language (for the staff form). */
export function logisticsForEdit(db: Reader, summitId: number) {
  const summit = summitRow(db, summitId)
  if (!summit) return null
  const texts = db
    .select({ language: eventTranslations.language, practicalInfo: eventTranslations.practicalInfo })
    .from(eventTranslations)
    .where(eq(eventTranslations.eventId, summitId))
    .all()
  const values: Record<string, string> = { venue: summit.venue ?? '', city: summit.city ?? '' }
  for (const l of LANGUAGES) values[`practicalInfo_${l}`] = texts.find((t) => t.language === l)?.practicalInfo ?? ''
  return values
}

export type LogisticsInput = { venue: string; city: string; practicalInfo: Record<Language, string> }

/**
 * Saves the logistics page; a language with no summit title yet gets one from English so the text has a row to
 * live in.
 */
export function saveLogistics(
  db: DB,
  { summitId, logistics: input }: { summitId: number; logistics: LogisticsInput },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  return db.transaction(
    (tx) => {
      const summit = summitRow(tx, summitId)
      if (!summit) return false
      tx.update(events)
        .set({ venue: input.venue.trim() || null, city: input.city.trim() || null, updatedAt: now })
        .where(eq(events.id, summitId))
        .run()
      const texts = tx.select().from(eventTranslations).where(eq(eventTranslations.eventId, summitId)).all()
      const english = texts.find((t) => t.language === 'en')
      for (const l of LANGUAGES) {
        const info = input.practicalInfo[l].trim()
        if (texts.some((t) => t.language === l)) {
          tx.update(eventTranslations)
            .set({ practicalInfo: info })
            .where(and(eq(eventTranslations.eventId, summitId), eq(eventTranslations.language, l)))
            .run()
        } else if (info && english) {
          tx.insert(eventTranslations)
            .values({ eventId: summitId, language: l, title: english.title, description: '', practicalInfo: info })
            .run()
        }
      }
      recordAudit(tx, { actorId, action: 'summit.logistics', entityType: 'event', entityId: summitId }, now)
      return true
    },
    { behavior: 'immediate' },
  )
}

/**
 * The participant-facing logistics page: the practical information in `language`, English when missing (and
 * saying so).
 */
export function summitLogistics(db: Reader, summitId: number, language: Language) {
  const summit = summitRow(db, summitId)
  if (!summit) return null
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, summitId)).all()
  const title = pickRow(texts, language)?.value.title ?? summit.slug
  const picked = pickRow(texts, language, (t) => Boolean(t.practicalInfo))
  const info = picked?.value
  return {
    slug: summit.slug,
    title,
    venue: summit.venue,
    city: summit.city,
    startsAt: summit.startsAt,
    endsAt: summit.endsAt,
    timeZone: summit.timeZone,
    practicalInfo: info?.practicalInfo ?? '',
    infoLanguage: (info?.language ?? language) as Language,
  }
}
