/**
 * What a reader gets: the schedule blocks filled for them (their zone, their
 * interpretation channel), previews as any reader, test copies to staff, and the links
 * every newsletter carries.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { events, type Language, materials, people, registrations } from '#db/schema'
import { type BlockData, chooseVersion, type Reader, renderNewsletterMail, type VersionText } from '#emails/newsletter'

import { eventSummaries } from '../events/summaries.server'
import { glossaryByLanguage } from '../glossary.server'
import { enqueueMail } from '../outbox.server'
import { getNewsletter } from './newsletter.server'
type Reader_ = Pick<DB, 'select'>

/** The schedule as the blocks show it at `asOf`: webinars in the next 90 days, and recordings of recent ones. */
export function loadBlockData(
  db: Reader_,
  asOf: Date,
  { upcomingLimit = 4, recordingLimit = 6, upcomingDays = 90 } = {},
): BlockData {
  const upcomingRows = db
    .select({
      id: events.id,
      slug: events.slug,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      platformName: events.platformName,
      platformUrl: events.platformUrl,
    })
    .from(events)
    .where(
      and(
        eq(events.kind, 'webinar'),
        ne(events.status, 'cancelled'),
        isNull(events.parentEventId),
        gt(events.startsAt, asOf),
        lte(events.startsAt, new Date(asOf.getTime() + upcomingDays * 86400_000)),
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(upcomingLimit)
    .all()
  const recordedRows = db
    .select({ id: events.id, slug: events.slug, startsAt: events.startsAt })
    .from(events)
    .where(
      and(
        eq(events.kind, 'webinar'),
        lte(events.endsAt, asOf),
        sql`exists (select 1 from ${materials} where ${materials.eventId} = ${events.id} and ${materials.kind} = 'recording')`,
      ),
    )
    .orderBy(desc(events.startsAt))
    .limit(recordingLimit)
    .all()
  // Titles in every language (each reader's variant picks its own); channels whose booth was not cancelled.
  const summaries = eventSummaries(db, [...upcomingRows.map((r) => r.id), ...recordedRows.map((r) => r.id)], {
    language: 'en',
  })
  const titlesOf = (id: number) => summaries.get(id)?.titles ?? {}
  const recordings = recordedRows.length
    ? db
        .select({
          eventId: materials.eventId,
          language: materials.language,
          title: materials.title,
          url: materials.url,
        })
        .from(materials)
        .where(
          and(
            eq(materials.kind, 'recording'),
            inArray(
              materials.eventId,
              recordedRows.map((r) => r.id),
            ),
          ),
        )
        .orderBy(asc(materials.id))
        .all()
    : []
  return {
    upcoming: upcomingRows.map((r) => ({
      ...r,
      titles: titlesOf(r.id),
      channels: (summaries.get(r.id)?.channels ?? []).map(({ language, conferenceId, dialInNumbers }) => ({
        language,
        conferenceId,
        dialInNumbers,
      })),
    })),
    recordings: recordedRows.map((r) => ({
      ...r,
      titles: titlesOf(r.id),
      recordings: recordings
        .filter((m) => m.eventId === r.id)
        .map(({ language, title, url }) => ({ language, title, url })),
    })),
    glossary: glossaryByLanguage(db),
  }
}

export function versionTexts(
  versions: { language: Language; subject: string; preheader: string; bodyMarkdown: string; complete: boolean }[],
): VersionText[] {
  return versions.map(({ language, subject, preheader, bodyMarkdown, complete }) => ({
    language,
    subject,
    preheader,
    bodyMarkdown,
    complete,
  }))
}

export const archiveUrl = (baseUrl: string, slug: string, language: Language) =>
  `${baseUrl}/newsletters/${slug}/${language}`
/** The person's preference page; from a newsletter, `n` names it, so one click leaves the lists it was sent for. */
export const unsubscribeUrl = (baseUrl: string, token: string, newsletterId?: number) =>
  `${baseUrl}/newsletter/unsubscribe/${token}${newsletterId ? `?n=${newsletterId}` : ''}`

/** The mail exactly as a reader with this language and zone would get it (staff preview). */
export function previewMail(
  db: Reader_,
  { id, reader }: { id: number; reader: Reader },
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
) {
  const newsletter = getNewsletter(db, id)
  if (!newsletter) return null
  const chosen = chooseVersion(versionTexts(newsletter.versions), reader.language)
  if (!chosen) return null
  const asOf = newsletter.sendStartedAt ?? now
  return renderNewsletterMail({
    chosen,
    reader,
    blocks: loadBlockData(db, asOf),
    links: {
      unsubscribeUrl: unsubscribeUrl(baseUrl, 'preview'),
      archiveUrl: archiveUrl(baseUrl, newsletter.slug, chosen.version.language),
    },
    baseUrl,
  })
}

/**
 * Why a reader previewed by address would not get an issue by itself, the first that
 * applies: they left every newsletter, their address bounces, or they chose the monthly digest.
 */
export function previewReaderNote(db: Reader_, personId: number): 'unsubscribed' | 'bounced' | 'digest' | null {
  const p = db
    .select({
      optOut: people.newsletterOptOutAt,
      bounced: people.emailBouncedAt,
      held: people.emailHeldAt,
      digest: people.newsletterDigestSince,
    })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  if (!p) return null
  if (p.optOut) return 'unsubscribed'
  if (p.bounced || p.held) return 'bounced'
  if (p.digest) return 'digest'
  return null
}

/** A test copy to the staff member's own address, through the outbox. */
export function sendTestCopy(
  db: DB,
  { id, staff, language }: { id: number; staff: { id: number; email: string; timeZone: string }; language: Language },
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
) {
  const mail = previewMail(db, { id, reader: { language, timeZone: staff.timeZone } }, { baseUrl, now })
  if (!mail) return false
  enqueueMail(db, {
    uniqueKey: `newsletter-test:${id}:${staff.id}:${language}:${now.getTime()}`,
    kind: 'newsletter_test',
    personId: staff.id,
    to: staff.email,
    language: mail.language,
    message: { subject: `[TEST] ${mail.subject}`, html: mail.html, text: mail.text },
  })
  return true
}

/** The interpretation channel a person chose for each event they are registered for (what a preview as them shows). */
export function interpretationChannelsOf(db: Reader_, personId: number): Map<number, Language> {
  return new Map(
    db
      .select({ eventId: registrations.eventId, language: registrations.channelLanguage })
      .from(registrations)
      .where(and(eq(registrations.personId, personId), inArray(registrations.status, ['confirmed', 'waitlisted'])))
      .all()
      .map((r) => [r.eventId, r.language]),
  )
}
