import { and, eq, like } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { pendingEventMailJobs, runEventMailJobs } from '~/services/event-mail-jobs.server'
import { cancelRegistration, registerForEvent } from '~/services/registrations.server'
import { cancelWebinar, createWebinar, updateWebinar, type WebinarInput } from '~/services/webinars-admin.server'

import { freshDb } from './helpers/db'
import { parseIcs } from './helpers/ics'
import { createPeople } from './helpers/webinar'

const baseUrl = 'http://app.test'
const now = new Date('2030-05-01T10:00:00Z')
// Two batches of 20 and a bit (the worker's batch is 50).
const REGISTRANTS = 45
const batch = 20
let db: DB
let staffId: number
let eventId: number

const input = (over: Partial<WebinarInput> = {}): WebinarInput => ({
  slug: 'capacity-building',
  seriesId: null,
  texts: { en: { title: 'Capacity building', description: '', agenda: '' } },
  presenters: [],
  startsAt: new Date('2030-05-15T13:00:00Z'),
  endsAt: new Date('2030-05-15T14:00:00Z'),
  timeZone: 'UTC',
  platformName: 'Zoom',
  platformUrl: 'https://participate.example.org/cb',
  capacity: null,
  registrationOpensAt: null,
  registrationClosesAt: null,
  reminderOffsets: [],
  channels: [{ language: 'en', conferenceId: '1638', dialInNumbers: '', interpreters: '' }],
  ...over,
})
const at = (hour: number) => ({
  startsAt: new Date(`2030-05-15T${hour}:00:00Z`),
  endsAt: new Date(`2030-05-15T${hour + 1}:00:00Z`),
})
const ctx = { actorId: 0, baseUrl, now }
const mails = (kind: string) =>
  db
    .select()
    .from(s.outbox)
    .where(and(eq(s.outbox.kind, kind), like(s.outbox.uniqueKey, 'registration:%')))
    .all()

beforeEach(() => {
  db = freshDb()
  ;[staffId] = createPeople(db, 1, { prefix: 'staff' })
  ctx.actorId = staffId
  const created = createWebinar(db, input(), staffId)
  if (!created.ok) throw new Error(created.error)
  eventId = created.eventId
  for (const personId of createPeople(db, REGISTRANTS, { prefix: 'p' }))
    registerForEvent(db, { eventId, personId, channelLanguage: 'en', dialOutNumber: null, baseUrl }, now)
})

describe('mail for a moved or cancelled webinar', () => {
  it('is queued by the move and rendered by the worker in batches, every registrant once', async () => {
    expect(updateWebinar(db, { eventId, webinar: input(at(14)) }, ctx)).toMatchObject({
      ok: true,
      notified: REGISTRANTS,
    })
    expect(mails('registration-updated')).toHaveLength(0)
    expect(pendingEventMailJobs(db)).toBe(1)
    // A worker pass with no time to spare renders one batch and leaves the rest for the next pass.
    expect(await runEventMailJobs(db, { baseUrl, batch, budgetMs: 0 })).toMatchObject({ batches: 1 })
    expect(mails('registration-updated')).toHaveLength(batch)
    await runEventMailJobs(db, { baseUrl, batch })
    expect(pendingEventMailJobs(db)).toBe(0)
    const sent = mails('registration-updated')
    expect(sent).toHaveLength(REGISTRANTS)
    expect(new Set(sent.map((m) => m.toAddress)).size).toBe(REGISTRANTS)
    expect(parseIcs(sent[0].attachments![0].content)).toMatchObject({ sequence: 1, start: '2030-05-15T14:00:00.000Z' })
    expect(db.select().from(s.eventMailJobs).get()).toMatchObject({ queued: REGISTRANTS })
    // A job run again from the start (a crash before it recorded its progress) sends nobody a second copy.
    db.update(s.eventMailJobs).set({ cursor: 0, doneAt: null }).run()
    await runEventMailJobs(db, { baseUrl, batch })
    expect(mails('registration-updated')).toHaveLength(REGISTRANTS)
  })

  it('moved twice before the worker ran: one mail each, with the latest time and the time they knew', async () => {
    updateWebinar(db, { eventId, webinar: input(at(14)) }, ctx)
    expect(updateWebinar(db, { eventId, webinar: input(at(16)) }, ctx)).toMatchObject({ sequence: 2 })
    await runEventMailJobs(db, { baseUrl, batch })
    const sent = mails('registration-updated')
    expect(sent).toHaveLength(REGISTRANTS)
    expect(sent[0].uniqueKey).toMatch(/:seq2$/)
    expect(sent[0].text).toMatch(/Previously: .*13:00–14:00/)
    expect(sent[0].text).toMatch(/When: .*16:00–17:00/)
  })

  it('cancelled while a move is still being mailed: the rest get the cancellation only', async () => {
    updateWebinar(db, { eventId, webinar: input(at(14)) }, ctx)
    await runEventMailJobs(db, { baseUrl, batch, budgetMs: 0 })
    expect(cancelWebinar(db, { eventId }, ctx)).toMatchObject({ ok: true, notified: REGISTRANTS })
    await runEventMailJobs(db, { baseUrl, batch })
    expect(mails('registration-updated')).toHaveLength(batch)
    expect(mails('registration-eventCancelled')).toHaveLength(REGISTRANTS)
  })

  it('someone who cancels before their batch is written gets no update', async () => {
    updateWebinar(db, { eventId, webinar: input(at(14)) }, ctx)
    const [gone] = db.select().from(s.registrations).where(eq(s.registrations.eventId, eventId)).all().slice(-1)
    cancelRegistration(db, { eventId, personId: gone.personId, baseUrl }, now)
    await runEventMailJobs(db, { baseUrl, batch })
    expect(mails('registration-updated')).toHaveLength(REGISTRANTS - 1)
    expect(mails('registration-updated').some((m) => m.personId === gone.personId)).toBe(false)
  })

  it('someone who registers after the move already has the new time and gets no update', async () => {
    updateWebinar(db, { eventId, webinar: input(at(14)) }, ctx)
    const [late] = createPeople(db, 1, { prefix: 'late' })
    registerForEvent(db, { eventId, personId: late, channelLanguage: 'en', dialOutNumber: null, baseUrl }, now)
    await runEventMailJobs(db, { baseUrl, batch })
    expect(mails('registration-updated')).toHaveLength(REGISTRANTS)
    expect(
      db
        .select()
        .from(s.outbox)
        .where(eq(s.outbox.personId, late))
        .all()
        .map((m) => m.kind),
    ).toEqual(['registration-confirmed'])
  })
})
