/**
 * Registration for webinars: one step, a waitlist when full, promotion when a
 * seat frees up. Seat counting and the write happen in one IMMEDIATE
 * transaction, so the number confirmed never exceeds capacity, whatever the
 * concurrency. Every change queues the person's mail (in their language, with
 * their channel and the invite) in the same transaction.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  events,
  eventTranslations,
  interpretationChannels,
  type Language,
  participationRecords,
  people,
  registrations,
  workingGroupMeetings,
  workingGroups,
} from '#db/schema'
import { type RegistrationMailKind, renderRegistrationMail } from '#emails/registration'
import { formatRange } from '~/lib/format'
import { pickRow } from '~/lib/localised'

import { buildCalendar, type CalendarEvent } from './calendar.server'
import { assignedEvents, channelNotCancelled } from './interpreters.server'
import { enqueueMail, type MailToEnqueue } from './outbox.server'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]
type Reader = Pick<DB, 'select'>

export type RegistrationStatus = (typeof registrations.$inferSelect)['status']

export type RegisterResult =
  | { ok: true; status: Exclude<RegistrationStatus, 'cancelled'>; registrationId: number; changed: boolean }
  | { ok: false; error: 'not_found' | 'cancelled' | 'not_open' | 'closed' | 'no_channel' }

/**
 * Events as one person sees them: text in their language (English when
 * missing), and the channel they chose for each. Three queries for any number.
 */
export function calendarEventsFor(
  db: Reader,
  wanted: { eventId: number; channelLanguage: Language | null }[],
  language: Language,
  baseUrl: string,
): CalendarEvent[] {
  if (wanted.length === 0) return []
  const ids = wanted.map((w) => w.eventId)
  const rows = db
    .select({
      id: events.id,
      slug: events.slug,
      kind: events.kind,
      sequence: events.sequence,
      status: events.status,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      platformName: events.platformName,
      platformUrl: events.platformUrl,
      room: events.room,
      venue: events.venue,
      city: events.city,
      meetingId: workingGroupMeetings.id,
      groupSlug: workingGroups.slug,
    })
    .from(events)
    .leftJoin(workingGroupMeetings, eq(workingGroupMeetings.eventId, events.id))
    .leftJoin(workingGroups, eq(workingGroups.id, workingGroupMeetings.workingGroupId))
    .where(inArray(events.id, ids))
    .all()
  const texts = db.select().from(eventTranslations).where(inArray(eventTranslations.eventId, ids)).all()
  const channels = db
    .select({
      eventId: interpretationChannels.eventId,
      language: interpretationChannels.language,
      conferenceId: interpretationChannels.conferenceId,
      dialInNumbers: interpretationChannels.dialInNumbers,
    })
    .from(interpretationChannels)
    // A cancelled booth's channel is not in the invite any more (its registrants were told).
    .where(and(inArray(interpretationChannels.eventId, ids), channelNotCancelled))
    .all()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const root = baseUrl.replace(/\/$/, '')
  return wanted.flatMap(({ eventId, channelLanguage }) => {
    const event = byId.get(eventId)
    if (!event) return []
    const own = texts.filter((t) => t.eventId === eventId)
    const text = pickRow(own, language)?.value
    const channel = channels.find((c) => c.eventId === eventId && c.language === channelLanguage)
    return [
      {
        id: event.id,
        sequence: event.sequence,
        status: event.status,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        title: text?.title ?? event.slug,
        description: text?.description ?? '',
        agenda: text?.agenda ?? '',
        platformName: event.platformName,
        platformUrl: event.platformUrl,
        place: [event.room, event.venue, event.city].filter(Boolean).join(', ') || null,
        pageUrl: eventPageUrl(root, event),
        meeting: event.kind === 'meeting',
        channel: channel
          ? { language: channel.language, conferenceId: channel.conferenceId, dialInNumbers: channel.dialInNumbers }
          : null,
      },
    ]
  })
}

/** An event's public page: a summit's, a webinar's, or a meeting's within its group. */
function eventPageUrl(
  root: string,
  event: { kind: string; slug: string; meetingId: number | null; groupSlug: string | null },
): string {
  if (event.kind === 'meeting')
    return `${root}/working-groups/${event.groupSlug ?? ''}/meetings/${event.meetingId ?? ''}`
  return `${root}/${event.kind === 'summit' ? 'summits' : 'webinars'}/${event.slug}`
}

export function calendarEventFor(
  db: Reader,
  { eventId, language, channelLanguage }: { eventId: number; language: Language; channelLanguage: Language | null },
  { baseUrl }: { baseUrl: string },
): CalendarEvent | undefined {
  return calendarEventsFor(db, [{ eventId, channelLanguage }], language, baseUrl)[0]
}

const INVITE_METHOD: Partial<Record<RegistrationMailKind, 'REQUEST' | 'CANCEL'>> = {
  confirmed: 'REQUEST',
  promoted: 'REQUEST',
  notice: 'REQUEST',
  removed: 'CANCEL',
  updated: 'REQUEST',
  reminder: 'REQUEST',
  cancelled: 'CANCEL',
  eventCancelled: 'CANCEL',
}

type RegistrationMailInput = {
  kind: RegistrationMailKind
  registrationId: number
  /** One logical message: enqueueing the same key twice sends it once. */
  uniqueKey: string
  /** For an "updated" mail: the times it moved from. */
  previousStartsAt?: Date
  previousEndsAt?: Date
}

/**
 * Renders one registration mail for one person, ready for the outbox; reads only, so it can
 * run outside a write transaction (the worker renders a moved event's mails that way).
 * `events` caches the event as each language and channel sees it, across the calls of a batch.
 */
export function renderRegistrationMailFor(
  db: Reader,
  { kind, registrationId, uniqueKey, previousStartsAt, previousEndsAt }: RegistrationMailInput,
  { baseUrl, events: cache }: { baseUrl: string; events?: Map<string, CalendarEvent | undefined> },
): MailToEnqueue | null {
  const reg = db
    .select({
      eventId: registrations.eventId,
      personId: registrations.personId,
      channelLanguage: registrations.channelLanguage,
      dialOutNumber: registrations.dialOutNumber,
      email: people.email,
      name: people.name,
      language: people.preferredLanguage,
      timeZone: people.timeZone,
    })
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(eq(registrations.id, registrationId))
    .get()
  if (!reg) return null
  const cacheKey = `${reg.eventId}:${reg.language}:${reg.channelLanguage}`
  const event =
    cache?.has(cacheKey) === true
      ? cache.get(cacheKey)
      : calendarEventFor(
          db,
          { eventId: reg.eventId, language: reg.language, channelLanguage: reg.channelLanguage },
          { baseUrl },
        )
  cache?.set(cacheKey, event)
  if (!event) return null
  const method = INVITE_METHOD[kind]
  const message = renderRegistrationMail(kind, reg.language, {
    name: reg.name,
    title: event.title,
    when: formatRange(event.startsAt, event.endsAt, reg.language, reg.timeZone),
    previousWhen:
      previousStartsAt && previousEndsAt
        ? formatRange(previousStartsAt, previousEndsAt, reg.language, reg.timeZone)
        : null,
    platformName: event.platformName,
    platformUrl: event.platformUrl,
    channel: event.channel,
    dialOutNumber: reg.dialOutNumber,
    pageUrl: event.pageUrl,
    meeting: event.meeting,
    agenda: event.agenda,
  })
  return {
    uniqueKey,
    kind: `registration-${kind}`,
    personId: reg.personId,
    to: reg.email,
    language: reg.language,
    message,
    attachments: method
      ? [
          {
            filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
            contentType: `text/calendar; charset=utf-8; method=${method}`,
            method,
            content: buildCalendar({
              events: [event],
              language: reg.language,
              method,
              attendee: { name: reg.name, email: reg.email },
            }),
          },
        ]
      : undefined,
  }
}

/** Queues one registration mail for one person; `uniqueKey` makes it once-only. */
export function queueRegistrationMail(
  tx: Tx | DB,
  mail: RegistrationMailInput,
  { baseUrl }: { baseUrl: string },
): boolean {
  const rendered = renderRegistrationMailFor(tx, mail, { baseUrl })
  return rendered ? enqueueMail(tx, rendered) : false
}

function confirmedCount(tx: Reader, eventId: number): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
      .get()?.n ?? 0
  )
}

export type RegistrationWindow = 'open' | 'not_open' | 'closed' | 'cancelled' | 'past'

/** Whether people can register now: the one rule the page and the service share. */
export function registrationWindow(
  event: {
    status: RegistrationStatusOfEvent
    startsAt: Date
    endsAt: Date
    registrationOpensAt: Date | null
    registrationClosesAt: Date | null
  },
  now = new Date(),
): RegistrationWindow {
  if (event.status === 'cancelled') return 'cancelled'
  if (event.status === 'completed' || event.endsAt < now) return 'past'
  if (event.registrationOpensAt && event.registrationOpensAt > now) return 'not_open'
  // Without a set close, registration ends when the webinar starts.
  if ((event.registrationClosesAt ?? event.startsAt) <= now) return 'closed'
  return 'open'
}
type RegistrationStatusOfEvent = (typeof events.$inferSelect)['status']

export function registerForEvent(
  db: DB,
  input: {
    eventId: number
    personId: number
    channelLanguage: Language
    dialOutNumber: string | null
    baseUrl: string
  },
  now = new Date(),
): RegisterResult {
  return db.transaction(
    (tx): RegisterResult => {
      const event = tx
        .select({
          id: events.id,
          status: events.status,
          capacity: events.capacity,
          startsAt: events.startsAt,
          endsAt: events.endsAt,
          registrationOpensAt: events.registrationOpensAt,
          registrationClosesAt: events.registrationClosesAt,
        })
        .from(events)
        .where(and(eq(events.id, input.eventId), eq(events.kind, 'webinar')))
        .get()
      if (!event) return { ok: false, error: 'not_found' }
      const window = registrationWindow(event, now)
      if (window !== 'open') return { ok: false, error: window === 'past' ? 'closed' : window }
      const channels = tx
        .select({ language: interpretationChannels.language })
        .from(interpretationChannels)
        .where(and(eq(interpretationChannels.eventId, event.id), channelNotCancelled))
        .all()
        .map((c) => c.language)
      if (channels.length > 0 && !channels.includes(input.channelLanguage)) return { ok: false, error: 'no_channel' }

      const existing = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.personId, input.personId)))
        .get()

      if (existing && existing.status !== 'cancelled') {
        const changed =
          existing.channelLanguage !== input.channelLanguage || existing.dialOutNumber !== input.dialOutNumber
        if (!changed) return { ok: true, status: existing.status, registrationId: existing.id, changed: false }
        tx.update(registrations)
          .set({
            channelLanguage: input.channelLanguage,
            dialOutNumber: input.dialOutNumber,
            dialOutDoneAt: null,
            updatedAt: now,
          })
          .where(eq(registrations.id, existing.id))
          .run()
        if (existing.status === 'confirmed') {
          queueRegistrationMail(
            tx,
            {
              kind: 'confirmed',
              registrationId: existing.id,
              uniqueKey: `registration:${existing.id}:confirmed:${now.getTime()}`,
            },
            { baseUrl: input.baseUrl },
          )
        }
        return { ok: true, status: existing.status, registrationId: existing.id, changed: true }
      }

      const status =
        event.capacity === null || confirmedCount(tx, event.id) < event.capacity ? 'confirmed' : 'waitlisted'
      const values = {
        status,
        channelLanguage: input.channelLanguage,
        dialOutNumber: input.dialOutNumber,
        dialOutDoneAt: null,
        attended: null,
        cancelledAt: null,
        promotedAt: null,
        createdAt: now,
        updatedAt: now,
      } as const
      const registrationId = existing
        ? (tx.update(registrations).set(values).where(eq(registrations.id, existing.id)).run(), existing.id)
        : tx
            .insert(registrations)
            .values({ ...values, eventId: event.id, personId: input.personId })
            .returning({ id: registrations.id })
            .get().id
      queueRegistrationMail(
        tx,
        {
          kind: status,
          registrationId: registrationId,
          uniqueKey: `registration:${registrationId}:${status}:${now.getTime()}`,
        },
        { baseUrl: input.baseUrl },
      )
      recordRegistered(tx, registrationId, input.personId, event.startsAt)
      return { ok: true, status, registrationId, changed: true }
    },
    { behavior: 'immediate' },
  )
}

function recordRegistered(tx: Tx, registrationId: number, personId: number, at: Date) {
  const person = tx
    .select({ regionCode: people.regionCode, structureId: people.structureId })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  tx.insert(participationRecords)
    .values({
      personId,
      structureId: person?.structureId ?? null,
      regionCode: person?.regionCode ?? null,
      kind: 'webinar_registered',
      sourceType: 'registration',
      sourceId: registrationId,
      occurredAt: at,
    })
    .onConflictDoNothing()
    .run()
}

/**
 * Confirms waitlisted people, first come first served, while seats are free.
 * Returns the registrations promoted. Call inside the transaction that freed seats.
 */
export function promoteFromWaitlist(tx: Tx, eventId: number, baseUrl: string, now = new Date()): number[] {
  const event = tx
    .select({ capacity: events.capacity, status: events.status })
    .from(events)
    .where(eq(events.id, eventId))
    .get()
  if (!event || event.status !== 'scheduled') return []
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - confirmedCount(tx, eventId)
  if (free <= 0) return []
  const next = tx
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.createdAt), asc(registrations.id))
    .limit(Math.min(free, 10_000))
    .all()
    .map((r) => r.id)
  if (next.length === 0) return []
  tx.update(registrations)
    .set({ status: 'confirmed', promotedAt: now, updatedAt: now })
    .where(inArray(registrations.id, next))
    .run()
  for (const id of next)
    queueRegistrationMail(
      tx,
      { kind: 'promoted', registrationId: id, uniqueKey: `registration:${id}:promoted:${now.getTime()}` },
      { baseUrl: baseUrl },
    )
  return next
}

/** A person cancels their own registration; a freed seat goes to the waitlist. */
export function cancelRegistration(
  db: DB,
  input: { eventId: number; personId: number; baseUrl: string },
  now = new Date(),
): { ok: true; promoted: number[] } | { ok: false; error: 'not_registered' } {
  return db.transaction(
    (tx) => {
      const reg = tx
        .select({ id: registrations.id, status: registrations.status })
        .from(registrations)
        .where(
          and(
            eq(registrations.eventId, input.eventId),
            eq(registrations.personId, input.personId),
            ne(registrations.status, 'cancelled'),
          ),
        )
        .get()
      if (!reg) return { ok: false as const, error: 'not_registered' as const }
      tx.update(registrations)
        .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
        .where(eq(registrations.id, reg.id))
        .run()
      queueRegistrationMail(
        tx,
        { kind: 'cancelled', registrationId: reg.id, uniqueKey: `registration:${reg.id}:cancelled:${now.getTime()}` },
        { baseUrl: input.baseUrl },
      )
      const promoted = reg.status === 'confirmed' ? promoteFromWaitlist(tx, input.eventId, input.baseUrl, now) : []
      return { ok: true as const, promoted }
    },
    { behavior: 'immediate' },
  )
}

/** The person's own registration for an event, if any (never another person's). */
export function getOwnRegistration(db: Reader, eventId: number, personId: number) {
  return db
    .select({
      id: registrations.id,
      status: registrations.status,
      channelLanguage: registrations.channelLanguage,
      dialOutNumber: registrations.dialOutNumber,
    })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.personId, personId)))
    .get()
}

/** Waitlist position (1-based) of a waitlisted registration. */
export function waitlistPosition(db: Reader, eventId: number, registrationId: number): number {
  const rows = db
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.createdAt), asc(registrations.id))
    .all()
  return rows.findIndex((r) => r.id === registrationId) + 1
}

/**
 * The personal feed: every webinar the person holds a confirmed seat for (and
 * cancelled webinars they held one for, so calendars drop them), by feed token.
 */
export function personalFeed(
  db: Reader,
  token: string,
  baseUrl: string,
): { language: Language; name: string; events: CalendarEvent[] } | null {
  if (!token) return null
  const person = db
    .select({ id: people.id, name: people.name, language: people.preferredLanguage })
    .from(people)
    .where(eq(people.calendarToken, token))
    .get()
  if (!person) return null
  const regs = db
    .select({ eventId: registrations.eventId, channelLanguage: registrations.channelLanguage })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(and(eq(registrations.personId, person.id), eq(registrations.status, 'confirmed')))
    .orderBy(asc(events.startsAt))
    .all()
  // An interpreter's booths too, with their booth's channel (once, if they also registered).
  const booths = assignedEvents(db, person.id).filter((a) => !regs.some((r) => r.eventId === a.eventId))
  return {
    language: person.language,
    name: person.name,
    events: calendarEventsFor(db, [...regs, ...booths], person.language, baseUrl).sort(
      (a, b) => a.startsAt.getTime() - b.startsAt.getTime(),
    ),
  }
}

/**
 * A fingerprint of everything a person's feed shows: their language and
 * profile, their registrations, and the events (sequence, last change). One
 * aggregate query; when it is unchanged the rendered feed can be reused.
 */
export function feedVersion(db: Reader, token: string): { personId: number; version: string } | null {
  if (!token) return null
  const row = db
    .select({
      personId: people.id,
      personUpdated: people.updatedAt,
      language: people.preferredLanguage,
      regs: sql<string>`(select count(*) || ':' || coalesce(max(r.updated_at), 0) || ':' || coalesce(sum(e.sequence), 0) || ':' || coalesce(max(e.updated_at), 0)
        from registrations r join events e on e.id = r.event_id where r.person_id = "people"."id")`,
      booths: sql<string>`(select count(*) || ':' || coalesce(sum(e.sequence), 0) || ':' || coalesce(max(e.updated_at), 0)
        from interpreter_assignments a join events e on e.id = a.event_id where a.person_id = "people"."id")`,
    })
    .from(people)
    .where(eq(people.calendarToken, token))
    .get()
  if (!row) return null
  return {
    personId: row.personId,
    version: `${row.personId}:${row.personUpdated.getTime()}:${row.language}:${row.regs}:${row.booths}`,
  }
}

/** A person's own upcoming registrations (confirmed or waitlisted), soonest first. */
export function listOwnUpcoming(db: Reader, personId: number, language: Language, now = new Date()) {
  const rows = db
    .select({
      eventId: registrations.eventId,
      status: registrations.status,
      channelLanguage: registrations.channelLanguage,
      slug: events.slug,
      kind: events.kind,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      eventStatus: events.status,
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(
      and(
        eq(registrations.personId, personId),
        ne(registrations.status, 'cancelled'),
        sql`${events.endsAt} >= ${now.getTime()}`,
      ),
    )
    .orderBy(asc(events.startsAt))
    .all()
  const titles = calendarEventsFor(
    db,
    rows.map((r) => ({ eventId: r.eventId, channelLanguage: null })),
    language,
    '',
  )
  // With an empty base, each event's page address is a path (a webinar's, a group meeting's).
  return rows.map((r, i) => ({
    ...r,
    title: titles[i]?.title ?? r.slug,
    path: titles[i]?.pageUrl ?? `/webinars/${r.slug}`,
  }))
}
