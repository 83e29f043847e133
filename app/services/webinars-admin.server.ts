/**
 * Staff publishing webinars: create, edit, cancel. A change a calendar must see
 * (time, link, channels, cancellation) bumps the event's SEQUENCE and queues a
 * mail with the new invite to every confirmed registrant, in their language.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import type { DB } from '#db/client'
import { LANGUAGES, eventPresenters, eventTranslations, events, interpretationChannels, registrations, type Language, type LocalisedText } from '#db/schema'
import { recordAudit } from './audit.server'
import { promoteFromWaitlist, queueRegistrationMail } from './registrations.server'

export type WebinarInput = {
  slug: string
  seriesId: number | null
  texts: Partial<Record<Language, { title: string; description: string; agenda: string }>> & { en: { title: string; description: string; agenda: string } }
  presenters: { name: string; role: LocalisedText }[]
  startsAt: Date
  endsAt: Date
  timeZone: string
  platformName: string | null
  platformUrl: string | null
  capacity: number | null
  registrationOpensAt: Date | null
  registrationClosesAt: Date | null
  reminderOffsets: number[]
  channels: { language: Language; conferenceId: string; dialInNumbers: string; interpreters: string }[]
}

export type WebinarError = 'slug_taken' | 'not_found' | 'capacity_below_confirmed' | 'cancelled'

export type SaveResult = { ok: true; eventId: number; sequence: number; notified: number; promoted: number } | { ok: false; error: WebinarError; confirmed?: number }

function writeDetails(tx: Parameters<Parameters<DB['transaction']>[0]>[0], eventId: number, input: WebinarInput) {
  tx.delete(eventTranslations).where(eq(eventTranslations.eventId, eventId)).run()
  for (const language of LANGUAGES) {
    const text = input.texts[language]
    if (!text?.title.trim()) continue
    tx.insert(eventTranslations).values({ eventId, language, title: text.title.trim(), description: text.description.trim(), agenda: text.agenda.trim() }).run()
  }
  tx.delete(eventPresenters).where(eq(eventPresenters.eventId, eventId)).run()
  input.presenters.forEach((p, position) => tx.insert(eventPresenters).values({ eventId, name: p.name, role: p.role, position }).run())
  tx.delete(interpretationChannels).where(eq(interpretationChannels.eventId, eventId)).run()
  for (const c of input.channels) tx.insert(interpretationChannels).values({ eventId, ...c }).run()
}

export function createWebinar(db: DB, input: WebinarInput, actorId: number): SaveResult {
  return db.transaction(
    (tx): SaveResult => {
      if (tx.select({ id: events.id }).from(events).where(eq(events.slug, input.slug)).get()) return { ok: false, error: 'slug_taken' }
      const eventId = tx
        .insert(events)
        .values({
          kind: 'webinar',
          slug: input.slug,
          seriesId: input.seriesId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          timeZone: input.timeZone,
          platformName: input.platformName,
          platformUrl: input.platformUrl,
          capacity: input.capacity,
          registrationOpensAt: input.registrationOpensAt,
          registrationClosesAt: input.registrationClosesAt,
          reminderOffsets: input.reminderOffsets,
          createdById: actorId,
        })
        .returning({ id: events.id })
        .get().id
      writeDetails(tx, eventId, input)
      recordAudit(tx, { actorId, action: 'webinar.create', entityType: 'event', entityId: eventId, details: { slug: input.slug } })
      return { ok: true, eventId, sequence: 0, notified: 0, promoted: 0 }
    },
    { behavior: 'immediate' },
  )
}

function channelSignature(rows: { language: string; conferenceId: string; dialInNumbers: string }[]) {
  return JSON.stringify([...rows].sort((a, b) => a.language.localeCompare(b.language)).map((c) => [c.language, c.conferenceId, c.dialInNumbers]))
}

function confirmedRegistrations(tx: Pick<DB, 'select'>, eventId: number, statuses: ('confirmed' | 'waitlisted')[] = ['confirmed']) {
  return tx
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, statuses)))
    .all()
    .map((r) => r.id)
}

export function updateWebinar(db: DB, eventId: number, input: WebinarInput, actorId: number, baseUrl: string, now = new Date()): SaveResult {
  return db.transaction(
    (tx): SaveResult => {
      const before = tx.select().from(events).where(and(eq(events.id, eventId), eq(events.kind, 'webinar'))).get()
      if (!before) return { ok: false, error: 'not_found' }
      if (before.status === 'cancelled') return { ok: false, error: 'cancelled' }
      if (tx.select({ id: events.id }).from(events).where(and(eq(events.slug, input.slug), ne(events.id, eventId))).get()) {
        return { ok: false, error: 'slug_taken' }
      }
      const confirmed = confirmedRegistrations(tx, eventId).length
      if (input.capacity !== null && input.capacity < confirmed) return { ok: false, error: 'capacity_below_confirmed', confirmed }

      const oldChannels = tx.select().from(interpretationChannels).where(eq(interpretationChannels.eventId, eventId)).all()
      const calendarChange =
        before.startsAt.getTime() !== input.startsAt.getTime() ||
        before.endsAt.getTime() !== input.endsAt.getTime() ||
        (before.platformUrl ?? null) !== input.platformUrl ||
        channelSignature(oldChannels) !== channelSignature(input.channels)
      const sequence = calendarChange ? before.sequence + 1 : before.sequence
      tx.update(events)
        .set({
          slug: input.slug,
          seriesId: input.seriesId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          timeZone: input.timeZone,
          platformName: input.platformName,
          platformUrl: input.platformUrl,
          capacity: input.capacity,
          registrationOpensAt: input.registrationOpensAt,
          registrationClosesAt: input.registrationClosesAt,
          reminderOffsets: input.reminderOffsets,
          sequence,
          updatedAt: now,
        })
        .where(eq(events.id, eventId))
        .run()
      writeDetails(tx, eventId, input)

      let notified = 0
      if (calendarChange) {
        const moved = before.startsAt.getTime() !== input.startsAt.getTime() || before.endsAt.getTime() !== input.endsAt.getTime()
        const previous = moved ? { previousStartsAt: before.startsAt, previousEndsAt: before.endsAt } : {}
        for (const id of confirmedRegistrations(tx, eventId)) {
          if (queueRegistrationMail(tx, 'updated', id, `registration:${id}:updated:seq${sequence}`, baseUrl, previous)) notified++
        }
      }
      // Registrants who chose a channel that no longer exists keep their seat; the update tells them.
      const promoted = promoteFromWaitlist(tx, eventId, baseUrl, now).length
      recordAudit(tx, {
        actorId,
        action: 'webinar.update',
        entityType: 'event',
        entityId: eventId,
        details: {
          sequence,
          startsAt: [before.startsAt.toISOString(), input.startsAt.toISOString()],
          capacity: [before.capacity, input.capacity],
          notified,
          promoted,
        },
      })
      return { ok: true, eventId, sequence, notified, promoted }
    },
    { behavior: 'immediate' },
  )
}

/** Cancels a webinar: STATUS:CANCELLED invite to everyone confirmed, a plain notice to the waitlist. */
export function cancelWebinar(db: DB, eventId: number, actorId: number, baseUrl: string, now = new Date()): SaveResult {
  return db.transaction(
    (tx): SaveResult => {
      const before = tx.select().from(events).where(and(eq(events.id, eventId), eq(events.kind, 'webinar'))).get()
      if (!before) return { ok: false, error: 'not_found' }
      if (before.status === 'cancelled') return { ok: false, error: 'cancelled' }
      const sequence = before.sequence + 1
      tx.update(events).set({ status: 'cancelled', sequence, updatedAt: now }).where(eq(events.id, eventId)).run()
      let notified = 0
      for (const id of confirmedRegistrations(tx, eventId, ['confirmed', 'waitlisted'])) {
        if (queueRegistrationMail(tx, 'eventCancelled', id, `registration:${id}:eventCancelled:seq${sequence}`, baseUrl)) notified++
      }
      recordAudit(tx, { actorId, action: 'webinar.cancel', entityType: 'event', entityId: eventId, details: { sequence, notified } })
      return { ok: true, eventId, sequence, notified, promoted: 0 }
    },
    { behavior: 'immediate' },
  )
}

/** Everything the edit form needs, with times shown in the event's own zone. */
export function getWebinarForEdit(db: DB, eventId: number) {
  const event = db.select().from(events).where(and(eq(events.id, eventId), eq(events.kind, 'webinar'))).get()
  if (!event) return undefined
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, eventId)).all()
  const presenters = db.select().from(eventPresenters).where(eq(eventPresenters.eventId, eventId)).orderBy(eventPresenters.position).all()
  const channels = db.select().from(interpretationChannels).where(eq(interpretationChannels.eventId, eventId)).all()
  const confirmed = db
    .select({ n: sql<number>`count(*)` })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
    .get()!.n
  return { event, texts, presenters, channels, confirmed }
}
