/**
 * Data protection: consents (what a person agreed to, when, in which wording), a copy of
 * everything the program holds about a person, erasure (on their request or by staff),
 * and retention (summit travel details, passport names and phone numbers erased a set
 * number of days after the event).
 *
 * Erasure removes what identifies the person and keeps their rows, anonymous, so that
 * counts (participation metrics, survey results, newsletter deliveries) stay the same.
 */
import crypto from 'node:crypto'

import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  affiliationRequests,
  auditLog,
  authSessions,
  type ConsentKind,
  consents,
  emailTokens,
  events,
  importChanges,
  type Language,
  listSubscriptions,
  outbox,
  passwordResetTokens,
  people,
  personNotes,
  personRoles,
  PRIVACY_NOTICE_VERSION,
  registrations,
  summitParticipations,
  surveyResponses,
} from '#db/schema'
import { outer, translatedSql } from '~/lib/localised.server'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { recordAbout } from '../timeline.server'

type Writer = Pick<DB, 'insert' | 'update'>

// ─── Consents ─────────────────────────────────────────────────────────────

/** Records that a person agreed to something, with the wording version they were shown. */
export function recordConsent(
  db: Writer,
  { personId, kind, language }: { personId: number; kind: ConsentKind; language: Language },
  now = new Date(),
) {
  db.insert(consents).values({ personId, kind, language, version: PRIVACY_NOTICE_VERSION, givenAt: now }).run()
}

/** Records that a person took a consent back (their earlier consents stay, marked withdrawn). */
export function withdrawConsent(
  db: Writer,
  { personId, kind }: { personId: number; kind: ConsentKind },
  now = new Date(),
) {
  db.update(consents)
    .set({ withdrawnAt: now })
    .where(and(eq(consents.personId, personId), eq(consents.kind, kind), isNull(consents.withdrawnAt)))
    .run()
}

export function listConsents(db: Pick<DB, 'select'>, personId: number) {
  return db
    .select({
      kind: consents.kind,
      version: consents.version,
      language: consents.language,
      givenAt: consents.givenAt,
      withdrawnAt: consents.withdrawnAt,
    })
    .from(consents)
    .where(eq(consents.personId, personId))
    .orderBy(consents.givenAt)
    .all()
}

// ─── A copy of one's data ─────────────────────────────────────────────────

export type DataTable = { name: string; rows: Record<string, unknown>[] }

/**
 * Everything the program holds about a person, table by table, in their language: the
 * profile and consents, requests to represent a structure, registrations, summit places (travel details included),
 * participation records, mails sent, newsletter deliveries, the answers of surveys that
 * are not anonymous, and staff notes. Anonymous answers are not linked to anyone, so they
 * cannot be part of it.
 */
export function personalData(db: Pick<DB, 'all' | 'select'>, personId: number, language: Language): DataTable[] {
  // A localised JSON column in the person's language, else English (`column` is a column, not input).
  const loc = (column: string) =>
    sql`coalesce(nullif(json_extract(${sql.raw(column)}, ${`$.${language}`}), ''), json_extract(${sql.raw(column)}, '$.en'))`
  const title = (eventId: string) =>
    sql`coalesce((select t.title from event_translations t where t.event_id = ${sql.raw(eventId)} and t.language = ${language} and t.title <> ''),
      (select t.title from event_translations t where t.event_id = ${sql.raw(eventId)} and t.language = 'en'))`
  const iso = (column: string) =>
    sql.raw(
      `case when ${column} is null then null else strftime('%Y-%m-%dT%H:%M:%SZ', ${column} / 1000, 'unixepoch') end`,
    )
  // A survey option's label in the person's language, else English (`alias` is a json_each row, not input).
  const label = (alias: string) =>
    sql`coalesce(nullif(json_extract(${sql.raw(alias)}.value, ${`$.label.${language}`}), ''), json_extract(${sql.raw(alias)}.value, '$.label.en'))`
  const table = (name: string, query: ReturnType<typeof sql>) => ({
    name,
    rows: db.all<Record<string, unknown>>(query),
  })
  return [
    table(
      'profile',
      sql`select p.name, p.email, p.preferred_language as language, p.time_zone, p.region_code as region,
            s.name as structure, p.member_type, p.phone, ${iso('p.created_at')} as created_at,
            ${iso('p.newsletter_opt_out_at')} as newsletter_opt_out_at,
            (select group_concat(role, ', ') from person_roles where person_id = p.id) as roles
          from people p left join structures s on s.id = p.structure_id where p.id = ${personId}`,
    ),
    table(
      'consents',
      sql`select kind, version, language, ${iso('given_at')} as given_at, ${iso('withdrawn_at')} as withdrawn_at
          from consents where person_id = ${personId} order by given_at`,
    ),
    table(
      'structure_requests',
      sql`select s.name as structure, a.status, a.source, ${iso('a.requested_at')} as requested_at,
            ${iso('a.decided_at')} as decided_at, a.decided_via, a.note
          from affiliation_requests a join structures s on s.id = a.structure_id where a.person_id = ${personId}
          order by a.requested_at`,
    ),
    table(
      'list_subscriptions',
      sql`select json_extract(l.name, '$.en') as list, ls.language, ls.wording, ${iso('ls.subscribed_at')} as subscribed_at,
            ${iso('ls.unsubscribed_at')} as unsubscribed_at
          from list_subscriptions ls join mailing_lists l on l.id = ls.list_id where ls.person_id = ${personId}
          order by ls.subscribed_at`,
    ),
    table(
      'registrations',
      sql`select ${title('g.event_id')} as event, ${iso('e.starts_at')} as starts_at, g.status, g.channel_language,
            g.dial_out_number, g.attended, ${iso('g.created_at')} as registered_at, ${iso('g.cancelled_at')} as cancelled_at
          from registrations g join events e on e.id = g.event_id where g.person_id = ${personId} order by e.starts_at`,
    ),
    table(
      'summits',
      sql`select ${title('sp.event_id')} as summit, sp.status, sp.funding, ${iso('sp.arrival_at')} as arrival_at,
            sp.arrival_carrier, ${iso('sp.departure_at')} as departure_at, sp.departure_carrier, sp.hotel,
            sp.hotel_nights, sp.visa_letter_needed, sp.passport_name, sp.dietary_needs, sp.accessibility_needs,
            sp.emergency_contact_name, sp.emergency_contact_phone
          from summit_participations sp where sp.person_id = ${personId}`,
    ),
    table(
      'participation',
      sql`select r.kind, ${recordAbout('r', language)} as about, ${iso('r.occurred_at')} as occurred_at
          from participation_records r where r.person_id = ${personId} order by r.occurred_at`,
    ),
    table(
      'membership_applications',
      sql`select region_code as region, status, motivation, ${iso('created_at')} as applied_at,
            ${iso('decided_at')} as decided_at, decision_note
          from membership_applications where person_id = ${personId} order by created_at`,
    ),
    table(
      'structure_applications',
      sql`select s.name as structure, s.region_code as region, s.country, s.website, s.description,
            s.accreditation_status as status, ${iso('s.created_at')} as created_at,
            (select group_concat(${loc('c.text')} || ': ' || json_extract(s.application_answers, '$.' || c.id), char(10))
               from accreditation_criteria c where json_extract(s.application_answers, '$.' || c.id) is not null) as answers
          from structures s where s.contact_person_id = ${personId} order by s.created_at`,
    ),
    table(
      'working_groups',
      sql`select ${loc('w.name')} as working_group, m.role, ${iso('m.joined_at')} as joined_at, ${iso('m.left_at')} as left_at
          from working_group_members m join working_groups w on w.id = m.working_group_id
          where m.person_id = ${personId} order by m.joined_at`,
    ),
    table(
      'mails',
      sql`select ${iso('created_at')} as created_at, ${iso('sent_at')} as sent_at, to_address, subject, status
          from outbox where person_id = ${personId} order by created_at`,
    ),
    table(
      'newsletters',
      sql`select n.slug as newsletter, d.language, d.status, ${iso('d.sent_at')} as sent_at
          from deliveries d join newsletters n on n.id = d.newsletter_id where d.person_id = ${personId}`,
    ),
    table(
      'survey_answers',
      sql`select ${loc('s.title')} as survey, ${loc('q.text')} as question,
            coalesce((select ${label('st')} from json_each(q.statements) st
              where json_extract(st.value, '$.value') = a.item), a.item) as item,
            coalesce((select ${label('o')} from json_each(q.options) o
              where json_extract(o.value, '$.value') = a.value), a.value) as answer,
            ${iso('r.completed_at')} as completed_at
          from survey_responses r join surveys s on s.id = r.survey_id
            join survey_answers a on a.response_id = r.id join survey_questions q on q.id = a.question_id
          where r.person_id = ${personId} order by r.id, q.position`,
    ),
    table(
      'record_changes',
      sql`select ${iso('a.at')} as at, a.action,
            case when a.actor_id is null then 'system' when a.actor_id = ${personId} then 'you' else 'staff' end as by
          from audit_log a where a.entity_type = 'person' and a.entity_id = ${String(personId)} order by a.at`,
    ),
    table(
      'staff_notes',
      sql`select ${iso('created_at')} as created_at, body from person_notes where person_id = ${personId} order by created_at`,
    ),
  ]
}

/**
 * Staff answering a subject-access request: the person's data in their own language, and
 * an audit line on their record (who exported it, when). Null when there is no such person.
 */
export function exportPersonalDataForStaff(
  db: DB,
  { personId }: { personId: number },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): DataTable[] | null {
  const person = db
    .select({ language: people.preferredLanguage, erasedAt: people.erasedAt })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  if (!person || person.erasedAt) return null
  recordAudit(db, { actorId, action: 'person.dataExported', entityType: 'person', entityId: personId }, now)
  return personalData(db, personId, person.language)
}

// ─── Erasure ──────────────────────────────────────────────────────────────

/** The travel, identity and health details a summit place holds (erased on request and by retention). */
const SUMMIT_PERSONAL = {
  arrivalAt: null,
  arrivalCarrier: null,
  departureAt: null,
  departureCarrier: null,
  hotel: null,
  hotelNights: null,
  passportName: null,
  passportNameConfirmedAt: null,
  passportNameConfirmedById: null,
  dietaryNeeds: null,
  accessibilityNeeds: null,
  emergencyContactName: null,
  emergencyContactPhone: null,
} as const

export const ERASED_NAME = 'Erased person'

/**
 * Erases a person's identifying data: name, address, phone, password, sign-in links and
 * sessions, notes, consents, import history, summit travel details, dial-out numbers and
 * the content of mails to them; their non-anonymous survey responses lose their link to
 * them. Their rows stay (with region, structure and member type) so every count stays the
 * same. The person cannot sign in or be mailed again. Audited without details.
 */
export function erasePerson(
  db: DB,
  { personId }: { personId: number },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true } | { ok: false; error: 'notFound' | 'alreadyErased' | 'lastStaff' } {
  return db.transaction(
    (tx) => {
      const person = tx.select({ erasedAt: people.erasedAt }).from(people).where(eq(people.id, personId)).get()
      if (!person) return { ok: false as const, error: 'notFound' as const }
      if (person.erasedAt) return { ok: false as const, error: 'alreadyErased' as const }
      // The program keeps at least one staff member who can run it.
      const staff = tx
        .select({ personId: personRoles.personId })
        .from(personRoles)
        .where(eq(personRoles.role, 'staff'))
        .all()
      if (staff.some((r) => r.personId === personId) && staff.length === 1) {
        return { ok: false as const, error: 'lastStaff' as const }
      }
      tx.delete(personRoles).where(eq(personRoles.personId, personId)).run()
      const placeholder = `erased-${personId}-${crypto.randomBytes(6).toString('hex')}@erased.invalid`
      tx.update(people)
        .set({
          name: ERASED_NAME,
          email: placeholder,
          passwordHash: null,
          phone: null,
          timeZone: 'UTC',
          calendarToken: crypto.randomBytes(32).toString('base64url'),
          unsubscribeToken: crypto.randomBytes(32).toString('base64url'),
          newsletterOptOutAt: now,
          emailBouncedAt: null,
          deactivatedAt: now,
          erasedAt: now,
          importBatchId: null,
          updatedAt: now,
        })
        .where(eq(people.id, personId))
        .run()
      tx.delete(authSessions).where(eq(authSessions.personId, personId)).run()
      tx.delete(emailTokens).where(eq(emailTokens.personId, personId)).run()
      tx.delete(passwordResetTokens).where(eq(passwordResetTokens.personId, personId)).run()
      tx.delete(personNotes).where(eq(personNotes.personId, personId)).run()
      tx.delete(consents).where(eq(consents.personId, personId)).run()
      tx.delete(listSubscriptions).where(eq(listSubscriptions.personId, personId)).run()
      tx.delete(importChanges).where(eq(importChanges.personId, personId)).run()
      // A request to represent a structure ends (its link stops working); a decline's reason goes.
      tx.update(affiliationRequests)
        .set({ status: 'withdrawn', decidedAt: now, tokenHash: null })
        .where(and(eq(affiliationRequests.personId, personId), eq(affiliationRequests.status, 'pending')))
        .run()
      tx.update(affiliationRequests).set({ note: null }).where(eq(affiliationRequests.personId, personId)).run()
      tx.update(summitParticipations).set(SUMMIT_PERSONAL).where(eq(summitParticipations.personId, personId)).run()
      tx.update(registrations).set({ dialOutNumber: null }).where(eq(registrations.personId, personId)).run()
      // Mail still queued is not sent; what was sent keeps its status, not its content.
      tx.delete(outbox)
        .where(and(eq(outbox.personId, personId), or(eq(outbox.status, 'pending'), eq(outbox.status, 'failed'))))
        .run()
      tx.update(outbox)
        .set({
          toAddress: placeholder,
          subject: '',
          html: '',
          text: '',
          headers: null,
          attachments: null,
          lastError: null,
        })
        .where(eq(outbox.personId, personId))
        .run()
      tx.update(surveyResponses).set({ personId: null }).where(eq(surveyResponses.personId, personId)).run()
      // What the audit log said about the record (old names and addresses) goes; the fact of each change stays.
      tx.update(auditLog)
        .set({ details: null })
        .where(and(eq(auditLog.entityType, 'person'), eq(auditLog.entityId, String(personId))))
        .run()
      recordAudit(
        tx,
        {
          actorId: actorId === personId ? null : actorId,
          action: 'person.erased',
          entityType: 'person',
          entityId: personId,
        },
        now,
      )
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

// ─── Retention ────────────────────────────────────────────────────────────

const DAY = 24 * 3600_000

const holdsSummitData = or(
  ...Object.keys(SUMMIT_PERSONAL)
    .filter((k) => k !== 'passportNameConfirmedAt' && k !== 'passportNameConfirmedById')
    .map((k) => isNotNull(summitParticipations[k as keyof typeof SUMMIT_PERSONAL])),
)!

/**
 * What retention erases, event by event: summit places still holding travel details,
 * passport names or emergency contacts, and registrations holding dial-out phone numbers;
 * each with the day it goes: `days` after the event ends, or after the details were last
 * written when that was later (details recorded after an event, such as a late import,
 * are not erased the moment they arrive).
 */
export function retentionPlan(db: Pick<DB, 'select'>, { days, language }: { days: number; language: Language }) {
  const title = translatedSql(
    { table: 'event_translations', key: 'event_id', column: 'title' },
    outer(events, events.id),
    language,
    outer(events, events.slug),
  )
  const summits = db
    .select({
      id: events.id,
      title,
      kind: events.kind,
      endsAt: events.endsAt,
      lastWritten: sql<number>`max(${summitParticipations.updatedAt})`,
      held: sql<number>`count(${summitParticipations.id})`,
    })
    .from(events)
    .innerJoin(summitParticipations, eq(summitParticipations.eventId, events.id))
    .where(holdsSummitData)
    .groupBy(events.id)
    .all()
  const dialOuts = db
    .select({
      id: events.id,
      title,
      kind: events.kind,
      endsAt: events.endsAt,
      lastWritten: sql<number>`max(${registrations.updatedAt})`,
      held: sql<number>`count(${registrations.id})`,
    })
    .from(events)
    .innerJoin(registrations, eq(registrations.eventId, events.id))
    .where(isNotNull(registrations.dialOutNumber))
    .groupBy(events.id)
    .all()
  return [
    ...summits.map((e) => ({ ...e, what: 'summitDetails' as const })),
    ...dialOuts.map((e) => ({ ...e, what: 'dialOutNumbers' as const })),
  ]
    .map(({ lastWritten, ...e }) => ({
      ...e,
      eraseOn: new Date(Math.max(e.endsAt.getTime(), lastWritten) + days * DAY),
    }))
    .sort((a, b) => a.eraseOn.getTime() - b.eraseOn.getTime())
}

/** Erases what retention says is due (run by the worker); returns how many rows it cleared. */
export function applyRetention(db: DB, { days, now = new Date() }: { days: number; now?: Date }) {
  const cutoff = new Date(now.getTime() - days * DAY)
  return db.transaction(
    (tx) => {
      const ended = sql`(select ${events.id} from ${events} where ${events.endsAt} < ${cutoff.getTime()})`
      const summit = tx
        .update(summitParticipations)
        .set({ ...SUMMIT_PERSONAL, updatedAt: now })
        .where(
          and(
            sql`${summitParticipations.eventId} in ${ended}`,
            lt(summitParticipations.updatedAt, cutoff),
            holdsSummitData,
          ),
        )
        .run().changes
      const dialOut = tx
        .update(registrations)
        .set({ dialOutNumber: null })
        .where(
          and(
            sql`${registrations.eventId} in ${ended}`,
            lt(registrations.updatedAt, cutoff),
            isNotNull(registrations.dialOutNumber),
          ),
        )
        .run().changes
      if (summit || dialOut) {
        recordAudit(
          tx,
          {
            actorId: null,
            action: 'retention.erased',
            entityType: 'retention',
            entityId: 'events',
            details: { summitParticipations: summit, dialOutNumbers: dialOut, days },
          },
          now,
        )
      }
      return { summitParticipations: summit, dialOutNumbers: dialOut }
    },
    { behavior: 'immediate' },
  )
}
