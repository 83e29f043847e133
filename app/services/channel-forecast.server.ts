/**
 * Channel demand: before an event, how many registered for each interpretation channel
 * and how many are expected to come (from past show-up rates of that channel and region),
 * with a deadline by which staff confirm or cancel each booth. Cancelling a booth tells its
 * registrants, in their language, what they can do instead. After the event: attendance
 * by channel and interpreter hours per booth. See decision 031.
 */
import { and, asc, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  boothDecisions,
  events,
  interpretationChannels,
  interpreterAssignments,
  type Language,
  type LocalisedText,
  people,
  registrations,
} from '#db/schema'
import { renderChannelCancelled } from '#emails/prep-pack'
import { formatDateTime } from '~/lib/format'
import { loc } from '~/lib/localised'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'
import { eventSummary } from './events/summaries.server'
import { channelNotCancelled } from './interpreters.server'
import { enqueueMail } from './outbox.server'

type Reader_ = Pick<DB, 'select'>
/** Fewer past registrations than this for a channel and region: use the channel's rate instead. */
export const MIN_SAMPLE = 10

type Tally = { registered: number; attended: number }
export type RateBasis = 'channelRegion' | 'channel' | 'overall' | 'none'

/** Past show-up rates of one kind of event (attendance recorded), by channel and region. */
export function showUpRates(db: Reader_, { kind, before }: { kind: string; before: Date }) {
  const rows = db
    .select({
      channel: registrations.channelLanguage,
      region: people.regionCode,
      registered: sql<number>`count(*)`,
      attended: sql<number>`sum(case when ${registrations.attended} then 1 else 0 end)`,
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(
      and(
        eq(events.kind, kind as 'webinar'),
        ne(events.status, 'cancelled'),
        lt(events.endsAt, before),
        eq(registrations.status, 'confirmed'),
        isNotNull(registrations.attended),
      ),
    )
    .groupBy(registrations.channelLanguage, people.regionCode)
    .all()
  const add = (m: Map<string, Tally>, k: string, r: Tally) => {
    const t = m.get(k) ?? { registered: 0, attended: 0 }
    m.set(k, { registered: t.registered + r.registered, attended: t.attended + r.attended })
  }
  const byChannelRegion = new Map<string, Tally>()
  const byChannel = new Map<string, Tally>()
  const overall = new Map<string, Tally>()
  for (const r of rows) {
    add(byChannelRegion, `${r.channel}:${r.region ?? ''}`, r)
    add(byChannel, r.channel, r)
    add(overall, '', r)
  }
  /** The rate for a registrant of this channel and region, and what it rests on. */
  return (channel: Language, region: string | null): { rate: number; basis: RateBasis } => {
    const candidates: [Tally | undefined, RateBasis][] = [
      [byChannelRegion.get(`${channel}:${region ?? ''}`), 'channelRegion'],
      [byChannel.get(channel), 'channel'],
    ]
    for (const [t, basis] of candidates)
      if (t && t.registered >= MIN_SAMPLE) return { rate: t.attended / t.registered, basis }
    const all = overall.get('')
    if (all && all.registered > 0) return { rate: all.attended / all.registered, basis: 'overall' }
    return { rate: 1, basis: 'none' }
  }
}

/** Each channel of an upcoming event: registrations, expected attendance, the booth and its decision. */
export function channelForecast(db: Reader_, eventId: number, now = new Date()) {
  const event = db
    .select({
      id: events.id,
      kind: events.kind,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      boothDecisionHours: events.boothDecisionHours,
    })
    .from(events)
    .where(eq(events.id, eventId))
    .get()
  if (!event) return null
  const rateOf = showUpRates(db, { kind: event.kind, before: event.startsAt })
  const regs = db
    .select({
      channel: registrations.channelLanguage,
      status: registrations.status,
      region: people.regionCode,
      n: sql<number>`count(*)`,
    })
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, ['confirmed', 'waitlisted'])))
    .groupBy(registrations.channelLanguage, registrations.status, people.regionCode)
    .orderBy(asc(people.regionCode))
    .all()
  const channels = db
    .select({ language: interpretationChannels.language, conferenceId: interpretationChannels.conferenceId })
    .from(interpretationChannels)
    .where(eq(interpretationChannels.eventId, eventId))
    .all()
  const decisions = db
    .select({
      language: boothDecisions.language,
      decision: boothDecisions.decision,
      note: boothDecisions.note,
      decidedAt: boothDecisions.decidedAt,
      by: people.name,
    })
    .from(boothDecisions)
    .leftJoin(people, eq(people.id, boothDecisions.decidedById))
    .where(eq(boothDecisions.eventId, eventId))
    .all()
  const deadline = new Date(event.startsAt.getTime() - event.boothDecisionHours * 3600_000)
  return {
    deadline,
    decisionHours: event.boothDecisionHours,
    deadlinePassed: now >= deadline,
    started: now >= event.startsAt,
    channels: channels.map((c) => {
      const confirmed = regs.filter((r) => r.channel === c.language && r.status === 'confirmed')
      const regions = confirmed.map((r) => {
        const { rate, basis } = rateOf(c.language, r.region)
        return { region: r.region, registered: r.n, rate, basis, expected: r.n * rate }
      })
      return {
        ...c,
        registered: confirmed.reduce((s, r) => s + r.n, 0),
        waitlisted: regs
          .filter((r) => r.channel === c.language && r.status === 'waitlisted')
          .reduce((s, r) => s + r.n, 0),
        expected: regions.reduce((s, r) => s + r.expected, 0),
        regions,
        decision: decisions.find((d) => d.language === c.language) ?? null,
      }
    }),
  }
}

export type DecideProblem = 'noChannel' | 'eventStarted' | 'lastChannel'

/**
 * Records staff's decision on a booth. Cancelling (when it was not cancelled already) mails
 * every registrant of that channel, confirmed or waiting, in their language, with the other
 * channels and the recording as alternatives; the channel is no longer offered.
 */
export function decideBooth(
  db: DB,
  input: { eventId: number; language: Language; decision: 'confirmed' | 'cancelled'; note: string },
  { actorId, now = new Date() }: ActorCtx,
  { baseUrl }: { baseUrl: string },
): { ok: true; notified: number } | { ok: false; error: DecideProblem } {
  return db.transaction(
    (tx) => {
      const event = tx
        .select({ id: events.id, slug: events.slug, startsAt: events.startsAt })
        .from(events)
        .where(eq(events.id, input.eventId))
        .get()
      const channels = tx
        .select({ language: interpretationChannels.language, conferenceId: interpretationChannels.conferenceId })
        .from(interpretationChannels)
        .where(and(eq(interpretationChannels.eventId, input.eventId), channelNotCancelled))
        .all()
      const previous = tx
        .select({ decision: boothDecisions.decision })
        .from(boothDecisions)
        .where(and(eq(boothDecisions.eventId, input.eventId), eq(boothDecisions.language, input.language)))
        .get()
      const exists = channels.some((c) => c.language === input.language) || previous?.decision === 'cancelled'
      if (!event || !exists) return { ok: false as const, error: 'noChannel' as const }
      if (now >= event.startsAt) return { ok: false as const, error: 'eventStarted' as const }
      const alternatives = channels.filter((c) => c.language !== input.language)
      const cancelling = input.decision === 'cancelled' && previous?.decision !== 'cancelled'
      if (cancelling && alternatives.length === 0) return { ok: false as const, error: 'lastChannel' as const }
      const values = { decision: input.decision, note: input.note, decidedById: actorId, decidedAt: now }
      tx.insert(boothDecisions)
        .values({ eventId: input.eventId, language: input.language, ...values })
        .onConflictDoUpdate({ target: [boothDecisions.eventId, boothDecisions.language], set: values })
        .run()
      recordAudit(
        tx,
        {
          actorId,
          action: `booth.${input.decision}`,
          entityType: 'event',
          entityId: input.eventId,
          details: { language: input.language, note: input.note },
        },
        now,
      )
      if (previous?.decision === 'cancelled' || cancelling) {
        // The booth's interpreters' calendar feeds gain or lose the event: their version moves.
        tx.update(people)
          .set({ updatedAt: now })
          .where(
            inArray(
              people.id,
              tx
                .select({ id: interpreterAssignments.personId })
                .from(interpreterAssignments)
                .where(
                  and(
                    eq(interpreterAssignments.eventId, input.eventId),
                    eq(interpreterAssignments.language, input.language),
                  ),
                ),
            ),
          )
          .run()
      }
      if (!cancelling) return { ok: true as const, notified: 0 }
      // Invites and feeds show the channel they picked: touching the event makes them refresh.
      tx.update(events)
        .set({ sequence: sql`${events.sequence} + 1`, updatedAt: now })
        .where(eq(events.id, input.eventId))
        .run()
      const title = (eventSummary(tx, input.eventId, { language: 'en' })?.titles ?? {}) as LocalisedText
      const registrants = tx
        .select({
          personId: people.id,
          name: people.name,
          email: people.email,
          language: people.preferredLanguage,
          timeZone: people.timeZone,
        })
        .from(registrations)
        .innerJoin(people, eq(people.id, registrations.personId))
        .where(
          and(
            eq(registrations.eventId, input.eventId),
            eq(registrations.channelLanguage, input.language),
            inArray(registrations.status, ['confirmed', 'waitlisted']),
          ),
        )
        .all()
      const link = `${baseUrl.replace(/\/$/, '')}/webinars/${event.slug}`
      let notified = 0
      for (const r of registrants) {
        const mail = renderChannelCancelled(r.language, {
          name: r.name,
          title: loc(title, r.language),
          when: formatDateTime(event.startsAt, r.language, r.timeZone),
          channel: input.language,
          alternatives,
          note: input.note,
          link,
        })
        if (
          enqueueMail(
            tx,
            {
              uniqueKey: `channel-cancelled:${input.eventId}:${input.language}:${r.personId}:${now.getTime()}`,
              kind: 'channel-cancelled',
              personId: r.personId,
              to: r.email,
              language: r.language,
              message: mail,
            },
            now,
          )
        )
          notified++
      }
      return { ok: true as const, notified }
    },
    { behavior: 'immediate' },
  )
}

export function setDecisionHours(db: DB, eventId: number, hours: number) {
  return db.update(events).set({ boothDecisionHours: hours }).where(eq(events.id, eventId)).run().changes > 0
}

/** After the event: registered and attended per channel, and the hours each booth and its interpreters worked. */
export function interpretationReport(db: Reader_, eventId: number) {
  const event = db
    .select({ startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(eq(events.id, eventId))
    .get()
  if (!event) return null
  const hours = Math.max(0, event.endsAt.getTime() - event.startsAt.getTime()) / 3600_000
  const channels = db
    .select({ language: interpretationChannels.language, decision: boothDecisions.decision })
    .from(interpretationChannels)
    .leftJoin(
      boothDecisions,
      and(
        eq(boothDecisions.eventId, interpretationChannels.eventId),
        eq(boothDecisions.language, interpretationChannels.language),
      ),
    )
    .where(eq(interpretationChannels.eventId, eventId))
    .all()
  const counts = db
    .select({
      channel: registrations.channelLanguage,
      registered: sql<number>`count(*)`,
      attended: sql<number>`sum(case when ${registrations.attended} then 1 else 0 end)`,
    })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')))
    .groupBy(registrations.channelLanguage)
    .all()
  const booths = db
    .select({ language: interpreterAssignments.language, name: people.name })
    .from(interpreterAssignments)
    .innerJoin(people, eq(people.id, interpreterAssignments.personId))
    .where(eq(interpreterAssignments.eventId, eventId))
    .orderBy(asc(people.name))
    .all()
  return {
    hours,
    channels: channels.map((c) => {
      const n = counts.find((x) => x.channel === c.language)
      const interpreters = booths.filter((b) => b.language === c.language).map((b) => b.name)
      const cancelled = c.decision === 'cancelled'
      return {
        language: c.language,
        cancelled,
        registered: n?.registered ?? 0,
        attended: n?.attended ?? 0,
        interpreters,
        boothHours: cancelled ? 0 : hours,
        interpreterHours: cancelled ? 0 : hours * interpreters.length,
      }
    }),
  }
}
