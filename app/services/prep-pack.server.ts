/**
 * The interpreters' prep pack: the materials staff (or presenters) flagged "for
 * interpreters", the speaker list, the agenda and the glossary extract of the event's texts.
 * Each interpreter assigned to a booth is mailed the pack `prepPackDays` before the start
 * (3 by default) in their language, then an update each time the pack changes. Presenters
 * are reminded to add their slides two days before the pack goes. See decision 031.
 */
import crypto from 'node:crypto'

import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  eventPresenters,
  events,
  eventTranslations,
  interpreterAssignments,
  type Language,
  LANGUAGES,
  type LocalisedText,
  materials,
  people,
  type PrepPackContents,
  prepPackSends,
} from '#db/schema'
import { renderPrepPack, renderSlidesReminder } from '#emails/prep-pack'
import { formatDate, formatDateTime } from '~/lib/format'
import { glossaryMarker, glossSegments } from '~/lib/glossary'
import { loc } from '~/lib/localised'

import { eventSummaries } from './events/summaries.server'
import { listTerms } from './glossary.server'
import { assignmentNotCancelled } from './interpreters.server'
import { enqueueMail } from './outbox.server'
import { eachItem } from './set-aside.server'

type Reader_ = Pick<DB, 'select'>
const DAY = 86400_000
/** Presenters are reminded this many days before the pack goes out. */
export const SLIDES_REMINDER_LEAD_DAYS = 2

export type PrepPackTerm = { term: string; expansion: LocalisedText; definition: LocalisedText }

export type PrepPack = {
  contents: PrepPackContents
  fingerprint: string
  title: LocalisedText
  agenda: Partial<Record<Language, string>>
  speakers: { name: string; role: LocalisedText }[]
  terms: PrepPackTerm[]
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** The glossary terms found in an event's texts (any language), in glossary order. */
function glossaryExtract(db: Reader_, texts: string[]): PrepPackTerm[] {
  const terms = listTerms(db)
  const marker = glossaryMarker(terms.map((t) => ({ term: t.term, expansion: '' })))
  for (const text of texts) glossSegments(text, marker)
  return terms
    .filter((t) => marker.done.has(t.term))
    .map(({ term, expansion, definition }) => ({ term, expansion, definition }))
}

/** What the pack of an event holds now, and its fingerprint (a change of any part makes an update). */
export function prepPackFor(db: Reader_, eventId: number): PrepPack {
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, eventId)).all()
  const flagged = db
    .select({
      id: materials.id,
      kind: materials.kind,
      language: materials.language,
      title: materials.title,
      url: materials.url,
    })
    .from(materials)
    .where(and(eq(materials.eventId, eventId), eq(materials.forInterpreters, true)))
    .orderBy(asc(materials.id))
    .all()
  const speakers = db
    .select({ name: eventPresenters.name, role: eventPresenters.role })
    .from(eventPresenters)
    .where(eq(eventPresenters.eventId, eventId))
    .orderBy(asc(eventPresenters.position), asc(eventPresenters.id))
    .all()
  const agenda = Object.fromEntries(texts.filter((t) => t.agenda.trim()).map((t) => [t.language, t.agenda.trim()]))
  const title = Object.fromEntries(texts.map((t) => [t.language, t.title])) as LocalisedText
  const terms = glossaryExtract(
    db,
    texts.flatMap((t) => [t.title, t.description, t.agenda]),
  )
  const contents: PrepPackContents = {
    materials: flagged,
    speakers: speakers.map((s) => s.name),
    terms: terms.map((t) => t.term),
    agenda: Object.keys(agenda).length ? sha256(JSON.stringify(agenda)).slice(0, 16) : '',
  }
  const fingerprint = sha256(JSON.stringify({ flagged, speakers, agenda, terms }))
  return { contents, fingerprint, title, agenda, speakers, terms }
}

export type PackChanges = { added: string[]; removed: string[]; other: ('speakers' | 'agenda' | 'glossary')[] }

/** What changed between the pack an interpreter last received and the current one. */
export function packChanges(before: PrepPackContents, after: PrepPackContents): PackChanges {
  const key = (m: PrepPackContents['materials'][number]) => `${m.id}|${m.title}|${m.url}`
  const was = new Set(before.materials.map(key))
  const now = new Set(after.materials.map(key))
  const other: PackChanges['other'] = []
  if (before.speakers.join('\n') !== after.speakers.join('\n')) other.push('speakers')
  if (before.agenda !== after.agenda) other.push('agenda')
  if (before.terms.join('\n') !== after.terms.join('\n')) other.push('glossary')
  return {
    added: after.materials.filter((m) => !was.has(key(m))).map((m) => m.title),
    removed: before.materials.filter((m) => !now.has(key(m))).map((m) => m.title),
    other,
  }
}

/** When an event's pack goes out. */
export const prepPackDate = (e: { startsAt: Date; prepPackDays: number }) =>
  new Date(e.startsAt.getTime() - e.prepPackDays * DAY)

/**
 * Mails the pack to each assigned interpreter of every event whose pack date has come (or of
 * one event, after staff changed something): the first time the whole pack, then an update
 * whenever it differs from what they last received. Returns the number of mails queued.
 */
export function queuePrepPacks(
  db: DB,
  { baseUrl, now = new Date(), eventId }: { baseUrl: string; now?: Date; eventId?: number },
): number {
  const due = db
    .select({
      id: events.id,
      slug: events.slug,
      startsAt: events.startsAt,
    })
    .from(events)
    .where(
      and(
        eventId === undefined ? undefined : eq(events.id, eventId),
        // Booths are staffed for webinars (their page is where the pack links to).
        eq(events.kind, 'webinar'),
        eq(events.status, 'scheduled'),
        gt(events.startsAt, now),
        lte(sql`${events.startsAt} - ${events.prepPackDays} * ${DAY}`, now.getTime()),
        sql`exists (select 1 from ${interpreterAssignments} where ${interpreterAssignments.eventId} = ${events.id})`,
      ),
    )
    .all()
  const root = baseUrl.replace(/\/$/, '')
  let queued = 0
  eachItem(
    'prep-packs',
    due,
    (e) => `event ${e.id}`,
    (event) => {
      db.transaction(
        (tx) => {
          const pack = prepPackFor(tx, event.id)
          const assigned = tx
            .select({
              personId: people.id,
              name: people.name,
              email: people.email,
              language: people.preferredLanguage,
              timeZone: people.timeZone,
              booth: interpreterAssignments.language,
            })
            .from(interpreterAssignments)
            .innerJoin(people, eq(people.id, interpreterAssignments.personId))
            .where(
              and(
                eq(interpreterAssignments.eventId, event.id),
                // A cancelled booth's interpreters are released: no pack, no updates.
                assignmentNotCancelled,
              ),
            )
            .orderBy(asc(people.id), asc(interpreterAssignments.language))
            .all()
          const persons = new Map<number, (typeof assigned)[number] & { booths: Language[] }>()
          for (const a of assigned) {
            const p = persons.get(a.personId) ?? { ...a, booths: [] }
            p.booths.push(a.booth)
            persons.set(a.personId, p)
          }
          for (const p of persons.values()) {
            const sent = tx
              .select({ contents: prepPackSends.contents, fingerprint: prepPackSends.fingerprint })
              .from(prepPackSends)
              .where(and(eq(prepPackSends.eventId, event.id), eq(prepPackSends.personId, p.personId)))
              .orderBy(desc(prepPackSends.sentAt), desc(prepPackSends.id))
              .all()
            const last = sent[0]
            if (last?.fingerprint === pack.fingerprint) continue
            const mail = renderPrepPack(p.language, {
              name: p.name,
              title: loc(pack.title, p.language),
              when: formatDateTime(event.startsAt, p.language, p.timeZone),
              booths: p.booths,
              pack,
              changes: last ? packChanges(last.contents, pack.contents) : null,
              link: `${root}/webinars/${event.slug}`,
            })
            const enqueued = enqueueMail(
              tx,
              {
                // One key per send: a pack that changes back to an earlier state is still a change.
                uniqueKey: `prep:${event.id}:${p.personId}:${sent.length}`,
                kind: 'prep-pack',
                personId: p.personId,
                to: p.email,
                language: p.language,
                message: mail,
              },
              now,
            )
            if (!enqueued) continue
            tx.insert(prepPackSends)
              .values({
                eventId: event.id,
                personId: p.personId,
                kind: last ? 'update' : 'pack',
                contents: pack.contents,
                fingerprint: pack.fingerprint,
                sentAt: now,
              })
              .run()
            queued++
          }
        },
        { behavior: 'immediate' },
      )
    },
  )
  return queued
}

/**
 * Reminds presenters (those linked to a person) to add their slides when the pack goes out
 * within two days and no slides are flagged for interpreters yet. Once per presenter and date.
 */
export function queueSlidesReminders(db: DB, { baseUrl, now = new Date() }: { baseUrl: string; now?: Date }) {
  const lead = SLIDES_REMINDER_LEAD_DAYS * DAY
  const rows = db
    .select({
      eventId: events.id,
      slug: events.slug,
      startsAt: events.startsAt,
      prepPackDays: events.prepPackDays,
      presenterId: eventPresenters.id,
      personId: people.id,
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
      timeZone: people.timeZone,
    })
    .from(eventPresenters)
    .innerJoin(events, eq(events.id, eventPresenters.eventId))
    .innerJoin(people, eq(people.id, eventPresenters.personId))
    .where(
      and(
        eq(events.status, 'scheduled'),
        eq(events.kind, 'webinar'),
        gt(sql`${events.startsAt} - ${events.prepPackDays} * ${DAY}`, now.getTime()),
        lte(sql`${events.startsAt} - ${events.prepPackDays} * ${DAY} - ${lead}`, now.getTime()),
        sql`not exists (select 1 from ${materials} where ${materials.eventId} = ${events.id}
          and ${materials.kind} = 'slides' and ${materials.forInterpreters} = 1)`,
      ),
    )
    .all()
  const root = baseUrl.replace(/\/$/, '')
  let queued = 0
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.eventId),
    { language: 'en' },
  )
  for (const r of rows) {
    const byLanguage = summaries.get(r.eventId)?.titles ?? {}
    const packDate = prepPackDate(r)
    const mail = renderSlidesReminder(r.language, {
      name: r.name,
      title: loc(byLanguage, r.language),
      before: formatDate(packDate, r.language, r.timeZone),
      link: `${root}/webinars/${r.slug}/slides`,
    })
    if (
      enqueueMail(
        db,
        {
          uniqueKey: `slides:${r.eventId}:${r.presenterId}:${packDate.getTime()}`,
          kind: 'slides-reminder',
          personId: r.personId,
          to: r.email,
          language: r.language,
          message: mail,
        },
        now,
      )
    )
      queued++
  }
  return queued
}

/** For the staff page: each booth's interpreters and what each was sent, newest first. */
export function prepPackHistory(db: Reader_, eventId: number) {
  const assigned = db
    .select({ booth: interpreterAssignments.language, personId: people.id, name: people.name })
    .from(interpreterAssignments)
    .innerJoin(people, eq(people.id, interpreterAssignments.personId))
    .where(eq(interpreterAssignments.eventId, eventId))
    .orderBy(asc(people.name))
    .all()
  const sends = db
    .select()
    .from(prepPackSends)
    .where(eq(prepPackSends.eventId, eventId))
    .orderBy(desc(prepPackSends.sentAt), desc(prepPackSends.id))
    .all()
  return LANGUAGES.map((language) => ({
    language,
    interpreters: assigned
      .filter((a) => a.booth === language)
      .map((a) => ({
        personId: a.personId,
        name: a.name,
        sends: sends
          .filter((s) => s.personId === a.personId)
          .map(({ id, kind, contents, sentAt }) => ({ id, kind, contents, sentAt })),
      })),
  })).filter((b) => b.interpreters.length > 0)
}

export function setPrepPackDays(db: DB, eventId: number, days: number) {
  return db.update(events).set({ prepPackDays: days }).where(eq(events.id, eventId)).run().changes > 0
}

/** Whether a person presents at an event (presenters add their own slides for the interpreters). */
export function isPresenter(db: Reader_, eventId: number, personId: number): boolean {
  return Boolean(
    db
      .select({ id: eventPresenters.id })
      .from(eventPresenters)
      .where(and(eq(eventPresenters.eventId, eventId), eq(eventPresenters.personId, personId)))
      .get(),
  )
}

/** The slides already in the pack, for the presenter's page. */
export function packSlides(db: Reader_, eventId: number) {
  return db
    .select({ id: materials.id, title: materials.title, url: materials.url, language: materials.language })
    .from(materials)
    .where(and(eq(materials.eventId, eventId), eq(materials.kind, 'slides'), eq(materials.forInterpreters, true)))
    .orderBy(asc(materials.id))
    .all()
}

/** The date an event's pack goes out. */
export function eventPrepPackDate(db: Reader_, eventId: number): Date | null {
  const e = db
    .select({ startsAt: events.startsAt, prepPackDays: events.prepPackDays })
    .from(events)
    .where(eq(events.id, eventId))
    .get()
  return e ? prepPackDate(e) : null
}
