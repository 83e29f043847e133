/**
 * Calendar files (RFC 5545) and iTIP invites (RFC 5546): one event per UID
 * `event-<id>@<mail domain>` (stable, nothing personal), SEQUENCE = the event's
 * sequence, times in UTC (so no VTIMEZONE is needed), text in the reader's
 * language with their interpretation channel, user-written text reduced to plain text.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'

import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'
import { languageName } from '~/lib/format'
import { toPlainText } from '~/lib/plain-text.server'

import { mailDomain, mailFrom } from './outbox.server'

export type CalendarEvent = {
  id: number
  sequence: number
  status: 'scheduled' | 'cancelled' | 'completed'
  startsAt: Date
  endsAt: Date
  title: string
  description: string
  agenda: string
  platformName: string | null
  platformUrl: string | null
  /** Where it happens in person (a summit session's room, venue and city), or null. */
  place?: string | null
  /** Public page of the event. */
  pageUrl: string
  /** A working-group meeting (its mails say "meeting", not "webinar"). */
  meeting?: boolean
  channel: { language: Language; conferenceId: string; dialInNumbers: string } | null
}

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH'

export function eventUid(eventId: number): string {
  return `event-${eventId}@${mailDomain()}`
}

/** The description a participant reads in their calendar, in their language. */
export function calendarDescription(event: CalendarEvent, language: Language): string {
  const t = fixedT(language, 'emails')
  const line = (label: string, value: string) => t('labelValue', { label, value })
  const lines: string[] = []
  if (event.description) lines.push(toPlainText(event.description), '')
  if (event.platformUrl)
    lines.push(line(t('invite.platform'), `${event.platformName ?? ''} ${event.platformUrl}`.trim()))
  if (event.channel) {
    const channel = t('invite.channel', { language: languageName(event.channel.language, language) })
    // An in-room session may have interpretation without a remote conference ID.
    lines.push(
      event.channel.conferenceId ? line(channel, `${t('invite.conferenceId')} ${event.channel.conferenceId}`) : channel,
    )
    if (event.channel.dialInNumbers) lines.push(line(t('invite.dialIn'), event.channel.dialInNumbers))
  }
  if (event.agenda) lines.push('', line(t('invite.agenda'), '').trim(), toPlainText(event.agenda))
  lines.push('', event.pageUrl)
  return lines.join('\n').trim()
}

export function buildCalendar({
  events,
  language,
  method,
  name,
  attendee,
}: {
  events: CalendarEvent[]
  language: Language
  method: CalendarMethod
  name?: string
  /** The person an iTIP REQUEST/CANCEL is addressed to. */
  attendee?: { name: string; email: string }
}): string {
  const calendar = ical({
    prodId: { company: 'At-Large', product: 'Program Manager', language: language.toUpperCase() },
    name: name ?? null,
  })
  if (method !== 'PUBLISH')
    calendar.method(method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL)
  const organizer = mailFrom().match(/^\s*"?([^"<]*)"?\s*<([^>]+)>/)
  for (const event of events) {
    const cancelled = method === 'CANCEL' || event.status === 'cancelled'
    const e = calendar.createEvent({
      id: eventUid(event.id),
      sequence: event.sequence,
      start: event.startsAt,
      end: event.endsAt,
      stamp: new Date(),
      summary: toPlainText(event.title),
      description: calendarDescription(event, language),
      location: event.place || event.platformUrl || undefined,
      url: event.pageUrl,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    })
    if (method !== 'PUBLISH') {
      e.organizer({ name: organizer?.[1]?.trim() || 'At-Large', email: organizer?.[2] ?? `no-reply@${mailDomain()}` })
      if (attendee) e.createAttendee({ name: attendee.name, email: attendee.email, rsvp: false })
    }
  }
  return calendar.toString()
}
