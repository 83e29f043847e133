/**
 * Invitations: a personal link per person (mailed in their language through the
 * outbox), reminder rounds to those who have not answered, what waits for a person.
 */
import crypto from 'node:crypto'

import { and, count, eq, inArray, isNotNull } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language } from '#db/domain'
import {
  events,
  people,
  registrations,
  summitParticipations,
  surveyInvitations,
  surveyResponses,
  surveys,
} from '#db/schema'
import { renderSurveyMail } from '#emails/survey'
import { loc } from '~/lib/localised'
import { emailsByLine, type LineProblem } from '~/lib/pasted-emails'

import { recordAudit } from '../audit.server'
import type { MailCtx } from '../context'
import { enqueueMail } from '../outbox.server'
import { emailIs } from '../people.server'
import { getSurvey, type Survey, surveyState } from './builder.server'
import { invitationToken, tokenHash } from './tokens.server'
type Reader = Pick<DB, 'select'>

// ─── Invitations and reminders ────────────────────────────────────────────

export function findInvitation(db: Reader, token: string) {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined
  return db
    .select()
    .from(surveyInvitations)
    .where(eq(surveyInvitations.tokenHash, tokenHash(token)))
    .get()
}

/** The people an event's survey is for: a summit's confirmed participants, or a webinar's confirmed registrants. */
function eventAudience(db: Reader, eventId: number): number[] {
  const event = db.select({ kind: events.kind }).from(events).where(eq(events.id, eventId)).get()
  if (!event) return []
  if (event.kind === 'summit') {
    return db
      .select({ id: summitParticipations.personId })
      .from(summitParticipations)
      .where(and(eq(summitParticipations.eventId, eventId), eq(summitParticipations.status, 'confirmed')))
      .all()
      .map((r) => r.id)
  }
  return db
    .select({ id: registrations.personId })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
    .all()
    .map((r) => r.id)
}

/** Invites the event's participants and/or pasted addresses (one invitation per person), and queues their mails. */
export function invite(
  db: DB,
  { surveyId, fromEvent, pasted }: { surveyId: number; fromEvent: boolean; pasted: string },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { invited: number; already: number; failed: LineProblem[] } | null {
  return db.transaction(
    (tx) => {
      const survey = getSurvey(tx, surveyId)
      if (!survey) return null
      const ids = new Set<number>(fromEvent && survey.eventId ? eventAudience(tx, survey.eventId) : [])
      const failed: LineProblem[] = []
      for (const l of emailsByLine(pasted)) {
        if (!l.email) {
          failed.push({ line: l.line, text: l.text, reason: 'noEmail' })
          continue
        }
        const person = tx.select({ id: people.id }).from(people).where(emailIs(l.email)).get()
        if (person) ids.add(person.id)
        else failed.push({ line: l.line, text: l.text, reason: 'unknown' })
      }
      let invited = 0
      let already = 0
      for (const personId of ids) {
        const existing = tx
          .select({ id: surveyInvitations.id })
          .from(surveyInvitations)
          .where(and(eq(surveyInvitations.surveyId, surveyId), eq(surveyInvitations.personId, personId)))
          .get()
        if (existing) {
          already++
          continue
        }
        // The hash is set from the id, so insert with a placeholder first.
        const id = tx
          .insert(surveyInvitations)
          .values({ surveyId, personId, tokenHash: `pending:${crypto.randomUUID()}` })
          .returning({ id: surveyInvitations.id })
          .get().id
        tx.update(surveyInvitations)
          .set({ tokenHash: tokenHash(invitationToken(id)) })
          .where(eq(surveyInvitations.id, id))
          .run()
        if (queueSurveyMail(tx, survey, id, 'invitation', `survey-invite:${id}`, baseUrl)) {
          tx.update(surveyInvitations).set({ sentAt: now }).where(eq(surveyInvitations.id, id)).run()
          invited++
        }
      }
      recordAudit(
        tx,
        { actorId, action: 'survey.invited', entityType: 'survey', entityId: surveyId, details: { invited, already } },
        now,
      )
      return { invited, already, failed }
    },
    { behavior: 'immediate' },
  )
}

function queueSurveyMail(
  tx: Pick<DB, 'select' | 'insert'>,
  survey: Survey,
  invitationId: number,
  kind: 'invitation' | 'reminder',
  key: string,
  baseUrl: string,
): boolean {
  const row = tx
    .select({
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
      timeZone: people.timeZone,
      personId: people.id,
    })
    .from(surveyInvitations)
    .innerJoin(people, eq(people.id, surveyInvitations.personId))
    .where(eq(surveyInvitations.id, invitationId))
    .get()
  if (!row) return false
  const url = `${baseUrl.replace(/\/$/, '')}/surveys/${survey.slug}/i/${invitationToken(invitationId)}`
  const message = renderSurveyMail(kind, row.language, {
    name: row.name,
    title: loc(survey.title, row.language),
    url,
    closesAt: survey.closesAt,
    timeZone: row.timeZone,
    anonymous: survey.anonymous,
  })
  return enqueueMail(tx, {
    uniqueKey: key,
    kind: `survey-${kind}`,
    personId: row.personId,
    to: row.email,
    language: row.language,
    message,
  })
}

/** A reminder round: one mail to each invited person who has not submitted, never twice in the same round. */
export function sendReminders(
  db: DB,
  { surveyId }: { surveyId: number },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { round: number; queued: number } | null {
  return db.transaction(
    (tx) => {
      const survey = getSurvey(tx, surveyId)
      if (!survey) return null
      const round = survey.reminderRounds + 1
      const waiting = tx
        .select({ id: surveyInvitations.id })
        .from(surveyInvitations)
        .where(
          and(
            eq(surveyInvitations.surveyId, surveyId),
            eq(surveyInvitations.completed, false),
            isNotNull(surveyInvitations.sentAt),
          ),
        )
        .all()
      let queued = 0
      for (const w of waiting)
        if (queueSurveyMail(tx, survey, w.id, 'reminder', `survey-reminder:${w.id}:${round}`, baseUrl)) queued++
      if (waiting.length)
        tx.update(surveyInvitations)
          .set({ reminderRound: round })
          .where(
            inArray(
              surveyInvitations.id,
              waiting.map((w) => w.id),
            ),
          )
          .run()
      tx.update(surveys).set({ reminderRounds: round }).where(eq(surveys.id, surveyId)).run()
      recordAudit(
        tx,
        { actorId, action: 'survey.reminded', entityType: 'survey', entityId: surveyId, details: { round, queued } },
        now,
      )
      return { round, queued }
    },
    { behavior: 'immediate' },
  )
}

/** Summits and webinars a survey can belong to, newest first, with their title in `language`. */

export function surveysWaitingFor(db: Reader, personId: number, language: Language, now = new Date()) {
  const invited = db
    .select({ survey: surveys, invitationId: surveyInvitations.id })
    .from(surveyInvitations)
    .innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
    .where(and(eq(surveyInvitations.personId, personId), eq(surveyInvitations.completed, false)))
    .all()
    .filter((r) => surveyState(r.survey, now) === 'open')
    .map((r) => ({
      slug: r.survey.slug,
      title: loc(r.survey.title, language),
      closesAt: r.survey.closesAt,
      path: `/surveys/${r.survey.slug}/i/${invitationToken(r.invitationId)}`,
    }))
  const answered = new Set(
    db
      .select({ id: surveyResponses.surveyId })
      .from(surveyResponses)
      .where(and(eq(surveyResponses.personId, personId), eq(surveyResponses.status, 'completed')))
      .all()
      .map((r) => r.id),
  )
  const open = db
    .select()
    .from(surveys)
    .where(eq(surveys.mode, 'open'))
    .all()
    .filter((s) => surveyState(s, now) === 'open' && !answered.has(s.id))
    .map((s) => ({ slug: s.slug, title: loc(s.title, language), closesAt: s.closesAt, path: `/surveys/${s.slug}` }))
  return [...invited, ...open]
}

/** How many invitations a survey has, and how many of them were answered. */
export function invitationCounts(db: Reader, surveyId: number): { invited: number; completed: number } {
  const rows = db
    .select({ completed: surveyInvitations.completed, n: count() })
    .from(surveyInvitations)
    .where(eq(surveyInvitations.surveyId, surveyId))
    .groupBy(surveyInvitations.completed)
    .all()
  return { invited: rows.reduce((a, r) => a + r.n, 0), completed: rows.find((r) => r.completed)?.n ?? 0 }
}
