import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { runEventMailJobs } from '~/services/event-mail-jobs.server'
import { registerForEvent } from '~/services/registrations.server'
import {
  cancelWebinar,
  createWebinar,
  getWebinarForEdit,
  listWebinarsForStaff,
  updateWebinar,
  type WebinarInput,
} from '~/services/webinars-admin.server'

import { freshDb } from './helpers/db'
import { parseIcs } from './helpers/ics'
import { createPeople } from './helpers/webinar'

const baseUrl = 'http://app.test'
const now = new Date('2030-05-01T10:00:00Z')
let db: DB
let staffId: number
let people: number[]

const input = (over: Partial<WebinarInput> = {}): WebinarInput => ({
  slug: 'security-and-stability',
  seriesId: null,
  texts: {
    en: { title: 'Security and Stability', description: 'With the SSAC', agenda: '' },
    fr: { title: 'Sécurité et stabilité', description: 'Avec le SSAC', agenda: '' },
  },
  presenters: [{ name: 'Julie Hammer', role: { en: "ALAC's liaison to the SSAC" } }],
  startsAt: new Date('2030-05-15T13:00:00Z'),
  endsAt: new Date('2030-05-15T14:00:00Z'),
  timeZone: 'UTC',
  platformName: 'Adobe Connect',
  platformUrl: 'https://participate.example.org/ssac',
  capacity: 2,
  registrationOpensAt: null,
  registrationClosesAt: null,
  reminderOffsets: [1440, 60],
  channels: [
    { language: 'en', conferenceId: '1638', dialInNumbers: '', interpreters: '' },
    { language: 'es', conferenceId: '1738', dialInNumbers: '', interpreters: '' },
    { language: 'fr', conferenceId: '1838', dialInNumbers: '', interpreters: '' },
  ],
  ...over,
})

/** What the worker does after a change: renders the queued mails. */
const sendQueuedEventMail = () => runEventMailJobs(db, { baseUrl, now: () => now })

function lastMailTo(personId: number) {
  return db.select().from(s.outbox).where(eq(s.outbox.personId, personId)).orderBy(s.outbox.id).all().at(-1)!
}

let eventId: number
beforeEach(() => {
  db = freshDb()
  ;[staffId] = createPeople(db, 1, { prefix: 'staff' })
  people = [
    ...createPeople(db, 1, { language: 'fr', timeZone: 'Europe/Paris', prefix: 'fr' }),
    ...createPeople(db, 2, { prefix: 'en' }),
  ]
  const created = createWebinar(db, input(), staffId)
  if (!created.ok) throw new Error(created.error)
  eventId = created.eventId
  registerForEvent(db, { eventId, personId: people[0], channelLanguage: 'fr', dialOutNumber: null, baseUrl }, now)
  registerForEvent(db, { eventId, personId: people[1], channelLanguage: 'en', dialOutNumber: null, baseUrl }, now)
  registerForEvent(
    db,
    { eventId, personId: people[2], channelLanguage: 'en', dialOutNumber: null, baseUrl },
    new Date(now.getTime() + 1000),
  )
})

describe('publishing and changing a webinar', () => {
  it('refuses a second webinar with the same address', () => {
    expect(createWebinar(db, input(), staffId)).toEqual({ ok: false, error: 'slug_taken' })
  })

  it('moving it by an hour sends every confirmed registrant an update whose invite replaces the old one', async () => {
    const firstInvite = parseIcs(lastMailTo(people[0]).attachments![0].content)
    const moved = updateWebinar(
      db,
      {
        eventId,
        webinar: input({ startsAt: new Date('2030-05-15T14:00:00Z'), endsAt: new Date('2030-05-15T15:00:00Z') }),
      },
      { actorId: staffId, baseUrl: baseUrl, now: now },
    )
    expect(moved).toEqual({ ok: true, eventId, sequence: 1, notified: 2, promoted: 0 })
    // The change only queued the mails; the worker renders them.
    expect(lastMailTo(people[0]).subject).toBe('Inscription confirmée : Sécurité et stabilité')
    await sendQueuedEventMail()
    const mail = lastMailTo(people[0])
    expect(mail.subject).toBe('Modification : Sécurité et stabilité')
    expect(mail.text).toMatch(/Auparavant\u00a0: .*15:00–16:00/)
    expect(mail.text).toMatch(/Quand\u00a0: .*16:00–17:00/)
    const update = parseIcs(mail.attachments![0].content)
    expect(update).toMatchObject({
      method: 'REQUEST',
      uid: firstInvite.uid,
      sequence: 1,
      start: '2030-05-15T14:00:00.000Z',
      status: 'CONFIRMED',
    })
    expect(update.sequence).toBeGreaterThan(firstInvite.sequence)
    // The waitlisted person gets no update.
    expect(lastMailTo(people[2]).subject).toBe('Waiting list: Security and Stability')
    // Saving again without a calendar change bumps nothing and mails nobody.
    expect(
      updateWebinar(
        db,
        {
          eventId,
          webinar: input({
            startsAt: new Date('2030-05-15T14:00:00Z'),
            endsAt: new Date('2030-05-15T15:00:00Z'),
            texts: { en: { title: 'Security and Stability', description: 'New words', agenda: '' } },
          }),
        },
        { actorId: staffId, baseUrl: baseUrl, now: now },
      ),
    ).toMatchObject({ sequence: 1, notified: 0 })
    const audit = db.select().from(s.auditLog).where(eq(s.auditLog.action, 'webinar.update')).all()
    expect(audit).toHaveLength(2)
    expect(audit[0].actorId).toBe(staffId)
  })

  it('a changed conference ID is a calendar change too', async () => {
    const channels = input().channels.map((c) => (c.language === 'fr' ? { ...c, conferenceId: '1839' } : c))
    expect(
      updateWebinar(db, { eventId, webinar: input({ channels }) }, { actorId: staffId, baseUrl: baseUrl, now: now }),
    ).toMatchObject({ ok: true, sequence: 1, notified: 2 })
    await sendQueuedEventMail()
    expect(parseIcs(lastMailTo(people[0]).attachments![0].content).description).toContain('1839')
  })

  it('refuses a capacity below the confirmed count and changes nothing; raising it promotes the waitlist', () => {
    expect(
      updateWebinar(db, { eventId, webinar: input({ capacity: 1 }) }, { actorId: staffId, baseUrl: baseUrl, now: now }),
    ).toEqual({ ok: false, error: 'capacity_below_confirmed', confirmed: 2 })
    expect(getWebinarForEdit(db, eventId)!.event.capacity).toBe(2)
    expect(
      updateWebinar(db, { eventId, webinar: input({ capacity: 3 }) }, { actorId: staffId, baseUrl: baseUrl, now: now }),
    ).toMatchObject({ ok: true, promoted: 1, notified: 0 })
    expect(lastMailTo(people[2]).subject).toBe('A seat is yours: Security and Stability')
  })

  it('cancelling sends a cancelling invite to the confirmed and a notice to the waitlist, once', async () => {
    expect(cancelWebinar(db, { eventId }, { actorId: staffId, baseUrl, now })).toEqual({
      ok: true,
      eventId,
      sequence: 1,
      notified: 3,
      promoted: 0,
    })
    await sendQueuedEventMail()
    await sendQueuedEventMail()
    expect(db.select().from(s.outbox).where(eq(s.outbox.kind, 'registration-eventCancelled')).all()).toHaveLength(3)
    const ics = parseIcs(lastMailTo(people[0]).attachments![0].content)
    expect(ics).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 })
    expect(lastMailTo(people[0]).subject).toBe('Annulé : Sécurité et stabilité')
    expect(lastMailTo(people[2]).subject).toBe('Cancelled: Security and Stability')
    expect(cancelWebinar(db, { eventId }, { actorId: staffId, baseUrl, now })).toEqual({
      ok: false,
      error: 'cancelled',
    })
    expect(
      registerForEvent(db, { eventId, personId: people[2], channelLanguage: 'en', dialOutNumber: null, baseUrl }, now),
    ).toEqual({ ok: false, error: 'cancelled' })
  })
})

describe('the staff list of webinars', () => {
  it('counts each webinar’s own registrations, waitlist and dial-outs (as the detail page does), with its title in the viewer’s language', () => {
    // A second webinar with no registrants, so counts taken from the wrong rows would show.
    const other = createWebinar(
      db,
      input({ slug: 'another-one', texts: { en: { title: 'Another one', description: '', agenda: '' } } }),
      staffId,
    )
    if (!other.ok) throw new Error(other.error)
    const [dialOut] = createPeople(db, 1, { prefix: 'dial' })
    db.update(s.events).set({ capacity: 10 }).where(eq(s.events.id, eventId)).run()
    registerForEvent(
      db,
      { eventId, personId: dialOut, channelLanguage: 'en', dialOutNumber: '+33 1 23 45 67 89', baseUrl },
      now,
    )
    const rows = listWebinarsForStaff(db, 'fr')
    const mine = rows.find((r) => r.id === eventId)!
    const theirs = rows.find((r) => r.id === other.eventId)!
    expect({ confirmed: mine.confirmed, waitlisted: mine.waitlisted, dialOutsPending: mine.dialOutsPending }).toEqual({
      confirmed: 3,
      waitlisted: 1,
      dialOutsPending: 1,
    })
    expect({
      confirmed: theirs.confirmed,
      waitlisted: theirs.waitlisted,
      dialOutsPending: theirs.dialOutsPending,
    }).toEqual({ confirmed: 0, waitlisted: 0, dialOutsPending: 0 })
    expect(mine.title).toBe('Sécurité et stabilité')
    expect(theirs.title).toBe('Another one')
  })
})
