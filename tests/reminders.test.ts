import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { registerForEvent } from '~/services/registrations.server'
import { queueDueReminders } from '~/services/reminders.server'
import { setAsideItems } from '~/services/set-aside.server'
import { getWebinarForEdit, updateWebinar } from '~/services/webinars-admin.server'

import { freshDb } from './helpers/db'
import { parseIcs } from './helpers/ics'
import { createPeople, createWebinar } from './helpers/webinar'

const start = new Date('2030-05-15T13:00:00Z')
const h = 3600_000
let db: DB
let eventId: number
let early: number
let late: number

function reminders() {
  return db.select().from(s.outbox).where(eq(s.outbox.kind, 'registration-reminder')).orderBy(s.outbox.id).all()
}

beforeEach(() => {
  db = freshDb()
  eventId = createWebinar(db, { startsAt: start })
  ;[early] = createPeople(db, 1, { language: 'fr', timeZone: 'Europe/Paris', prefix: 'early' })
  ;[late] = createPeople(db, 1, { prefix: 'late' })
  registerForEvent(
    db,
    { eventId, personId: early, channelLanguage: 'fr', dialOutNumber: null, baseUrl: 'http://app.test' },
    new Date(start.getTime() - 72 * h),
  )
})

describe('reminders', () => {
  it('sends the 24-hour and the 1-hour reminder once each, in the person’s language with their channel', () => {
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 25 * h))).toBe(0)
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 23 * h))).toBe(1)
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 22 * h))).toBe(0)
    // Someone registering 2 hours before gets no 24-hour reminder, but does get the 1-hour one.
    registerForEvent(
      db,
      { eventId, personId: late, channelLanguage: 'en', dialOutNumber: null, baseUrl: 'http://app.test' },
      new Date(start.getTime() - 2 * h),
    )
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 1.5 * h))).toBe(0)
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 0.5 * h))).toBe(2)
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 0.2 * h))).toBe(0)
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() + 0.2 * h))).toBe(0)
    const sent = reminders()
    expect(sent.map((m) => m.personId)).toEqual([early, early, late])
    expect(sent[0].subject).toBe('Rappel : Sécurité et stabilité')
    expect(sent[0].text).toContain('identifiant de conférence 1838')
    expect(parseIcs(sent[0].attachments![0].content).method).toBe('REQUEST')
  })

  it('follows a webinar that moves, and respects the webinar’s own reminder setting', () => {
    queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 23 * h))
    const w = getWebinarForEdit(db, eventId)!
    const later = new Date(start.getTime() + 48 * h)
    const input = {
      slug: w.event.slug,
      seriesId: null,
      texts: { en: { title: 'Security and Stability', description: '', agenda: '' } },
      presenters: [],
      startsAt: later,
      endsAt: new Date(later.getTime() + h),
      timeZone: 'UTC',
      platformName: null,
      platformUrl: null,
      capacity: 100,
      registrationOpensAt: null,
      registrationClosesAt: null,
      reminderOffsets: [120],
      channels: w.channels.map((c) => ({
        language: c.language,
        conferenceId: c.conferenceId,
        dialInNumbers: c.dialInNumbers,
        interpreters: c.interpreters,
      })),
    }
    updateWebinar(
      db,
      { eventId, webinar: input },
      { actorId: early, baseUrl: 'http://app.test', now: new Date(start.getTime() - 22 * h) },
    )
    expect(queueDueReminders(db, 'http://app.test', new Date(later.getTime() - 23 * h))).toBe(0) // no 24-hour reminder any more
    expect(queueDueReminders(db, 'http://app.test', new Date(later.getTime() - 1.9 * h))).toBe(1)
  })

  it('sets aside an event whose reminder settings cannot be read, and reminds the others', () => {
    const other = createWebinar(db, { startsAt: start, slug: 'other-webinar' })
    registerForEvent(
      db,
      { eventId: other, personId: late, channelLanguage: 'en', dialOutNumber: null, baseUrl: 'http://app.test' },
      new Date(start.getTime() - 72 * h),
    )
    db.$client.prepare("update events set reminder_offsets = '[1440,' where id = ?").run(eventId)
    const before = setAsideItems().count
    expect(queueDueReminders(db, 'http://app.test', new Date(start.getTime() - 23 * h))).toBe(1)
    expect(reminders().map((m) => m.personId)).toEqual([late])
    expect(setAsideItems().count).toBe(before + 1)
    expect(setAsideItems().recent[0]).toMatchObject({ step: 'reminders', item: `event ${eventId}` })
  })
})
