import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { type DB, openDatabase } from '#db/client'
import * as s from '#db/schema'
import { dispatchOutbox } from '~/services/outbox.server'
import { cancelRegistration, registerForEvent, waitlistPosition } from '~/services/registrations.server'

import { freshDb } from './helpers/db'
import { parseIcs } from './helpers/ics'
import { startSmtp } from './helpers/smtp'
import { createPeople, createWebinar } from './helpers/webinar'

const baseUrl = 'http://app.test'
const now = new Date('2030-05-01T10:00:00Z')
let db: DB

function mailsTo(personId: number) {
  return db.select().from(s.outbox).where(eq(s.outbox.personId, personId)).orderBy(s.outbox.id).all()
}

describe('registering for a webinar', () => {
  let eventId: number
  let people: number[]
  beforeEach(() => {
    db = freshDb()
    eventId = createWebinar(db, {
      capacity: 2,
      description: 'Bring questions, comments; and <b>ideas</b>\nSecond line <script>alert(1)</script>',
    })
    people = [
      ...createPeople(db, 1, { language: 'fr', timeZone: 'Europe/Paris', prefix: 'fr' }),
      ...createPeople(db, 1, { language: 'es', timeZone: 'America/Bogota', prefix: 'es' }),
      ...createPeople(db, 2, { language: 'en', timeZone: 'Asia/Kolkata', prefix: 'en' }),
    ]
  })

  it('confirms a French speaker in French with the French conference ID, their time zone and a REQUEST invite', () => {
    const r = registerForEvent(
      db,
      { eventId, personId: people[0], channelLanguage: 'fr', dialOutNumber: null, baseUrl },
      now,
    )
    expect(r).toMatchObject({ ok: true, status: 'confirmed', changed: true })
    const [mail] = mailsTo(people[0])
    expect(mail.language).toBe('fr')
    expect(mail.subject).toBe('Inscription confirmée : Sécurité et stabilité')
    expect(mail.text).toContain('identifiant de conférence 1838')
    expect(mail.text).not.toContain('1638')
    expect(mail.text).toContain('15:00–16:00') // 13:00 UTC in Paris (summer time)
    expect(mail.text).toContain('(Europe/Paris)')
    expect(mail.html).toContain('lang="fr"')
    const invite = mail.attachments![0]
    expect(invite.method).toBe('REQUEST')
    const ics = parseIcs(invite.content)
    expect(ics).toMatchObject({
      method: 'REQUEST',
      uid: `event-${eventId}@atlarge.test`,
      sequence: 0,
      summary: 'Sécurité et stabilité',
      status: 'CONFIRMED',
      start: '2030-05-15T13:00:00.000Z',
      end: '2030-05-15T14:00:00.000Z',
      startIsUtc: true,
      stampIsUtc: true,
      organizer: 'mailto:no-reply@atlarge.test',
      attendee: 'mailto:fr0@example.net',
    })
    expect(ics.description).toContain('Canal Français : identifiant de conférence 1838')
  })

  it('writes user text into the invite as escaped plain text', () => {
    registerForEvent(db, { eventId, personId: people[2], channelLanguage: 'en', dialOutNumber: null, baseUrl }, now)
    const invite = mailsTo(people[2])[0].attachments![0]
    expect(invite.content).toContain('Bring questions\\, comments\\; and ideas\\nSecond line')
    const ics = parseIcs(invite.content)
    expect(ics.description.startsWith('Bring questions, comments; and ideas\nSecond line')).toBe(true)
    expect(ics.description).not.toMatch(/<script|<b>|alert/)
    expect(ics.description).toContain('English channel: conference ID 1638')
  })

  it('falls back to English text for a Spanish speaker when Spanish is missing, but keeps the Spanish channel', () => {
    registerForEvent(
      db,
      { eventId, personId: people[1], channelLanguage: 'es', dialOutNumber: '+57 1 555 0100', baseUrl },
      now,
    )
    const [mail] = mailsTo(people[1])
    expect(mail.subject).toBe('Inscripción confirmada: Security and Stability')
    expect(mail.text).toContain('ID de conferencia 1738')
    expect(mail.text).toContain('Le llamaremos al: +57 1 555 0100')
    expect(mail.text).toContain('08:00–09:00') // Bogota
  })

  it('keeps one registration per person: registering again changes nothing and sends nothing', () => {
    registerForEvent(db, { eventId, personId: people[0], channelLanguage: 'fr', dialOutNumber: null, baseUrl }, now)
    const again = registerForEvent(
      db,
      { eventId, personId: people[0], channelLanguage: 'fr', dialOutNumber: null, baseUrl },
      now,
    )
    expect(again).toMatchObject({ ok: true, status: 'confirmed', changed: false })
    expect(mailsTo(people[0])).toHaveLength(1)
    expect(db.select().from(s.registrations).all()).toHaveLength(1)
  })

  it('waitlists when full and promotes the first waitlisted person when a seat frees up', () => {
    for (const p of people.slice(0, 3))
      registerForEvent(db, { eventId, personId: p, channelLanguage: 'en', dialOutNumber: null, baseUrl }, now)
    const fourth = registerForEvent(
      db,
      { eventId, personId: people[3], channelLanguage: 'en', dialOutNumber: null, baseUrl },
      new Date(now.getTime() + 1000),
    )
    const third = db.select().from(s.registrations).where(eq(s.registrations.personId, people[2])).get()!
    expect(third.status).toBe('waitlisted')
    expect(fourth).toMatchObject({ ok: true, status: 'waitlisted' })
    expect(waitlistPosition(db, eventId, third.id)).toBe(1)
    expect(mailsTo(people[2])[0].subject).toBe('Waiting list: Security and Stability')
    expect(mailsTo(people[2])[0].attachments).toBeNull()

    const later = new Date(now.getTime() + 60_000)
    const cancelled = cancelRegistration(db, { eventId, personId: people[0], baseUrl }, later)
    expect(cancelled).toEqual({ ok: true, promoted: [third.id] })
    const statuses = db
      .select({ p: s.registrations.personId, st: s.registrations.status })
      .from(s.registrations)
      .orderBy(s.registrations.personId)
      .all()
    expect(statuses.map((r) => r.st)).toEqual(['cancelled', 'confirmed', 'confirmed', 'waitlisted'])

    const cancelMail = mailsTo(people[0]).at(-1)!
    expect(cancelMail.subject).toBe('Inscription annulée : Sécurité et stabilité')
    const cancelIcs = parseIcs(cancelMail.attachments![0].content)
    expect(cancelIcs).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: `event-${eventId}@atlarge.test` })

    const promotedMail = mailsTo(people[2]).at(-1)!
    expect(promotedMail.subject).toBe('A seat is yours: Security and Stability')
    expect(parseIcs(promotedMail.attachments![0].content).method).toBe('REQUEST')

    // Cancelling twice is refused without changes.
    expect(cancelRegistration(db, { eventId, personId: people[0], baseUrl }, later)).toEqual({
      ok: false,
      error: 'not_registered',
    })
  })

  it('refuses registration after close, before opening, for a cancelled webinar or an unknown channel', () => {
    const args = { eventId, personId: people[0], channelLanguage: 'fr' as const, dialOutNumber: null, baseUrl }
    expect(registerForEvent(db, args, new Date('2030-05-15T13:30:00Z'))).toEqual({ ok: false, error: 'closed' })
    db.update(s.events)
      .set({ registrationOpensAt: new Date('2030-05-10T00:00:00Z') })
      .run()
    expect(registerForEvent(db, args, now)).toEqual({ ok: false, error: 'not_open' })
    db.update(s.events).set({ registrationOpensAt: null, status: 'cancelled' }).run()
    expect(registerForEvent(db, args, now)).toEqual({ ok: false, error: 'cancelled' })
    db.update(s.events).set({ status: 'scheduled' }).run()
    db.delete(s.interpretationChannels).where(eq(s.interpretationChannels.language, 'fr')).run()
    expect(registerForEvent(db, args, now)).toEqual({ ok: false, error: 'no_channel' })
    expect(db.select().from(s.registrations).all()).toHaveLength(0)
    expect(db.select().from(s.outbox).all()).toHaveLength(0)
  })
})

describe('invites through a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  beforeAll(async () => {
    smtp = await startSmtp()
  })
  afterAll(() => smtp.close())

  it('sends the invite as text/calendar with the matching method parameter', async () => {
    db = freshDb()
    const eventId = createWebinar(db)
    const [person] = createPeople(db, 1, { language: 'es', timeZone: 'America/Bogota' })
    registerForEvent(db, { eventId, personId: person, channelLanguage: 'es', dialOutNumber: null, baseUrl }, now)
    cancelRegistration(db, { eventId, personId: person, baseUrl }, new Date(now.getTime() + 1000))
    const transport = smtp.transport()
    await dispatchOutbox(db, transport)
    transport.close()
    expect(smtp.messages).toHaveLength(2)
    const [confirmation, cancellation] = smtp.messages
    const calendarPart = (m: (typeof smtp.messages)[number]) =>
      m.attachments.find((a) => a.contentType === 'text/calendar')!
    expect(calendarPart(confirmation).headers.get('content-type')).toMatchObject({
      value: 'text/calendar',
      params: { method: 'REQUEST' },
    })
    expect(parseIcs(calendarPart(confirmation).content.toString()).method).toBe('REQUEST')
    expect(calendarPart(cancellation).headers.get('content-type')).toMatchObject({ params: { method: 'CANCEL' } })
    expect(parseIcs(calendarPart(cancellation).content.toString())).toMatchObject({
      method: 'CANCEL',
      status: 'CANCELLED',
    })
  })
})

describe('seats under concurrent registration', () => {
  it('never confirms more than the capacity when four processes register at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-race-'))
    const file = path.join(dir, 'race.db')
    const fileDb = openDatabase(file)
    const eventId = createWebinar(fileDb, { capacity: 25 })
    db = fileDb
    const ids = createPeople(fileDb, 80)
    fileDb.$client.close()
    const run = promisify(execFile)
    const slices = [0, 1, 2, 3].map((i) => ids.slice(i * 20, (i + 1) * 20))
    const results = await Promise.all(
      slices.map((slice) =>
        run(process.execPath, [
          '--import',
          'tsx',
          'tests/helpers/register-worker.ts',
          file,
          String(eventId),
          String(slice[0]),
          String(slice.at(-1)! + 1),
        ]),
      ),
    )
    const totals = results
      .map((r) => JSON.parse(r.stdout))
      .reduce((a, b) => ({
        confirmed: a.confirmed + b.confirmed,
        waitlisted: a.waitlisted + b.waitlisted,
        errors: a.errors + b.errors,
      }))
    expect(totals).toEqual({ confirmed: 25, waitlisted: 55, errors: 0 })
    const check = openDatabase(file)
    const confirmed = check
      .select({ n: sql<number>`count(*)` })
      .from(s.registrations)
      .where(and(eq(s.registrations.eventId, eventId), eq(s.registrations.status, 'confirmed')))
      .get()!.n
    expect(confirmed).toBe(25)
    check.$client.close()
  }, 90_000)
})
