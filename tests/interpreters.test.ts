import { readFileSync } from 'node:fs'

import { eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { INTERPRETERS } from '#db/seed-data'
import { takeNotice } from '~/auth-session.server'
import { worksInto } from '~/lib/language-pairs'
import * as feed from '~/routes/calendar.$token.registrations[.ics]'
import * as profile from '~/routes/profile'
import * as interpretersPage from '~/routes/staff.interpreters'
import * as booths from '~/routes/staff.webinars.$id_.booths'
import { assignInterpreter, assignmentsOf, boothCoverage } from '~/services/interpreters.server'
import { getWebinarForEdit, updateWebinar, type WebinarInput } from '~/services/webinars-admin.server'

import { seededDb } from './helpers/db'
import { cookieFor, cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { createWebinar } from './helpers/webinar'

let db: DB
let staff: string
let webinarId: number
const personBy = (email: string) => db.select().from(s.people).where(eq(s.people.email, email)).get()!

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 10 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  webinarId = db.select().from(s.interpreterAssignments).get()!.eventId
})

describe('language pairs', () => {
  it('qualify an interpreter for the booths they work into', () => {
    expect(worksInto('en<>fr', 'fr')).toBe(true)
    expect(worksInto('en<>fr', 'en')).toBe(true)
    expect(worksInto('es>en', 'en')).toBe(true)
    expect(worksInto('es>en', 'es')).toBe(false)
    expect(worksInto('fr>es', 'fr')).toBe(false)
  })
})

describe('booths', () => {
  it('shows the demo webinar’s booths covered or not, with who else could take a place', () => {
    const coverage = boothCoverage(db, webinarId)
    const booth = (l: s.Language) => coverage.find((b) => b.language === l)!
    expect(booth('fr')).toMatchObject({ covered: true })
    expect(
      booth('fr')
        .assigned.map((a) => a.name)
        .sort(),
    ).toEqual(['Claire Dubois', 'Marc Lefèvre'])
    expect(booth('es')).toMatchObject({ covered: false })
    // Diego works into Spanish (en<>es, fr>es); Claire (en<>fr) does not.
    expect(booth('es').candidates.map((c) => c.name)).toContain('Diego Romero')
    expect(booth('es').candidates.map((c) => c.name)).not.toContain('Claire Dubois')
  })

  it('lets staff assign a qualified interpreter and remove one, with translated errors otherwise', async () => {
    const path = `/staff/webinars/${webinarId}/booths`
    const post = (fields: Record<string, string>, cookie = staff) =>
      run(booths.action, formRequest(path, fields, { cookie }), { id: String(webinarId) })
    const diego = personBy('diego.romero@interpret.example').id
    const claire = personBy('claire.dubois@interpret.example').id
    const notQualified = await post({ intent: 'assign', language: 'es', personId: String(claire) })
    expect(statusOf(notQualified)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(notQualified).errors.es).toEqual([
      'staff:booths.errors.notQualified',
    ])
    const participant = personBy(DEMO_ACCOUNTS.participant).id
    expect(statusOf(await post({ intent: 'assign', language: 'es', personId: String(participant) }))).toBe(409)
    expect(statusOf(await post({ intent: 'assign', language: 'xx', personId: String(diego) }))).toBe(400)
    expect(
      statusOf(
        await post(
          { intent: 'assign', language: 'es', personId: String(diego) },
          await cookieFor(DEMO_ACCOUNTS.analyst),
        ),
      ),
    ).toBe(403)

    expect(statusOf(await post({ intent: 'assign', language: 'es', personId: String(diego) }))).toBe(303)
    expect(boothCoverage(db, webinarId).find((b) => b.language === 'es')!.covered).toBe(true)
    expect(statusOf(await post({ intent: 'assign', language: 'es', personId: String(diego) }))).toBe(409)
    expect(statusOf(await post({ intent: 'remove', language: 'es', personId: String(diego) }))).toBe(303)
    expect(boothCoverage(db, webinarId).find((b) => b.language === 'es')!.covered).toBe(false)
    // The page itself.
    const page = dataOf<{ booths: unknown[] }>(
      await run(booths.loader, getRequest(path, { cookie: staff }), { id: String(webinarId) }),
    )
    expect(page.booths).toHaveLength(3)
  })

  it('adds interpreters from the directory by address, with their pairs', async () => {
    const post = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams()
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x)
      return run(
        interpretersPage.action,
        new Request('http://localhost/staff/interpreters', {
          method: 'POST',
          body,
          headers: { Cookie: staff, 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      )
    }
    expect(statusOf(await post({ email: 'nobody@example.com', pairs: ['en<>es'] }))).toBe(404)
    expect(statusOf(await post({ email: DEMO_ACCOUNTS.analyst, pairs: [] }))).toBe(400)
    expect(statusOf(await post({ email: DEMO_ACCOUNTS.analyst, pairs: ['en<>xx'] }))).toBe(400)
    expect(statusOf(await post({ email: DEMO_ACCOUNTS.analyst, pairs: ['en<>fr', 'es>fr'], provider: 'AIIC' }))).toBe(
      303,
    )
    const row = db
      .select()
      .from(s.interpreters)
      .where(eq(s.interpreters.personId, personBy(DEMO_ACCOUNTS.analyst).id))
      .get()!
    expect(row).toMatchObject({ pairs: ['en<>fr', 'es>fr'], provider: 'AIIC' })
    const list = dataOf<{ interpreters: { name: string }[] }>(
      await run(interpretersPage.loader, getRequest('/staff/interpreters', { cookie: staff })),
    )
    expect(list.interpreters).toHaveLength(INTERPRETERS.length + 1)
  })
})

describe('an interpreter’s own view', () => {
  it('lists their booths on their profile and puts them in their calendar feed with the booth’s channel', async () => {
    const claire = personBy('claire.dubois@interpret.example')
    const mine = assignmentsOf(db, claire.id, 'fr')
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ eventId: webinarId, language: 'fr' })
    // Her profile (she signs in once she has a password).
    db.update(s.people)
      .set({ passwordHash: personBy(DEMO_ACCOUNTS.staff).passwordHash })
      .where(eq(s.people.id, claire.id))
      .run()
    const page = dataOf<{ booths: { language: string }[] }>(
      await run(profile.loader, getRequest('/profile', { cookie: await cookieFor(claire.email) })),
    )
    expect(page.booths.map((b) => b.language)).toEqual(['fr'])
    // Her feed: the webinar, with the French channel's conference ID.
    const token = db.select().from(s.people).where(eq(s.people.id, claire.id)).get()!.calendarToken!
    const res = (await run(feed.loader, getRequest(`/calendar/${token}/registrations.ics`), { token })) as Response
    const events = new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents('vevent')
    expect(events).toHaveLength(1)
    const channel = db
      .select()
      .from(s.interpretationChannels)
      .where(eq(s.interpretationChannels.eventId, webinarId))
      .all()
      .find((c) => c.language === 'fr')!
    expect(new ICAL.Event(events[0]).description).toContain(channel.conferenceId)
  })
})

describe('one booth per interpreter, and bookings elsewhere', () => {
  const path = () => `/staff/webinars/${webinarId}/booths`
  const post = (fields: Record<string, string>) =>
    run(booths.action, formRequest(path(), fields, { cookie: staff }), { id: String(webinarId) })
  const booth = (eventId: number, l: s.Language) => boothCoverage(db, eventId).find((b) => b.language === l)!

  it('refuses an interpreter already in another booth of the webinar, in words, and no picker offers them', async () => {
    const claire = personBy('claire.dubois@interpret.example').id
    // Claire (en<>fr) sits in the French booth; she also works into English.
    expect(booth(webinarId, 'fr').assigned.map((a) => a.personId)).toContain(claire)
    expect(assignInterpreter(db, { eventId: webinarId, language: 'en', personId: claire }, { actorId: 1 })).toEqual({
      ok: false,
      error: 'otherBooth',
    })
    const refused = await post({ intent: 'assign', language: 'en', personId: String(claire) })
    expect(statusOf(refused)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(refused).errors.en).toEqual(['staff:booths.errors.otherBooth'])
    for (const language of ['en', 'fr', 'es'] as const) {
      const text = JSON.parse(readFileSync(`locales/${language}/staff.json`, 'utf8')).booths.errors.otherBooth
      expect(text, language).toMatch(/\w{4}/)
    }
    expect(booth(webinarId, 'en').assigned.map((a) => a.personId)).not.toContain(claire)
    // Nobody already in one of the webinar's booths is offered for another.
    const seated = boothCoverage(db, webinarId).flatMap((b) => b.assigned.map((a) => a.personId))
    for (const b of boothCoverage(db, webinarId))
      expect(
        b.candidates.filter((c) => seated.includes(c.personId)),
        b.language,
      ).toEqual([])
  })

  it('frees a booth’s interpreters when its channel is taken off the webinar, so they can sit in another', () => {
    const claire = personBy('claire.dubois@interpret.example').id
    const edit = getWebinarForEdit(db, webinarId)!
    const text = (l: s.Language) => {
      const x = edit.texts.find((t) => t.language === l)
      return x ? { title: x.title, description: x.description, agenda: x.agenda } : undefined
    }
    const input: WebinarInput = {
      slug: edit.event.slug,
      seriesId: edit.event.seriesId,
      texts: { en: text('en')!, fr: text('fr'), es: text('es') },
      presenters: edit.presenters.map((p) => ({ name: p.name, email: p.email ?? undefined, role: p.role })),
      startsAt: edit.event.startsAt,
      endsAt: edit.event.endsAt,
      timeZone: edit.event.timeZone,
      platformName: edit.event.platformName,
      platformUrl: edit.event.platformUrl,
      capacity: edit.event.capacity,
      registrationOpensAt: edit.event.registrationOpensAt,
      registrationClosesAt: edit.event.registrationClosesAt,
      reminderOffsets: edit.event.reminderOffsets,
      // The French channel goes.
      channels: edit.channels
        .filter((c) => c.language !== 'fr')
        .map((c) => ({
          language: c.language,
          conferenceId: c.conferenceId,
          dialInNumbers: c.dialInNumbers,
          interpreters: c.interpreters,
        })),
    }
    expect(
      updateWebinar(db, { eventId: webinarId, webinar: input }, { actorId: 1, baseUrl: 'https://app.test' }),
    ).toMatchObject({
      ok: true,
    })
    const seats = db
      .select()
      .from(s.interpreterAssignments)
      .where(eq(s.interpreterAssignments.eventId, webinarId))
      .all()
    expect(seats.filter((a) => a.language === 'fr')).toEqual([])
    expect(
      assignInterpreter(db, { eventId: webinarId, language: 'en', personId: claire }, { actorId: 1 }),
    ).toMatchObject({
      ok: true,
    })
  })

  it('warns when an interpreter is booked on another event at an overlapping time', async () => {
    const diego = personBy('diego.romero@interpret.example').id
    const event = db.select().from(s.events).where(eq(s.events.id, webinarId)).get()!
    const other = createWebinar(db, {
      slug: 'overlapping-webinar',
      startsAt: new Date(event.startsAt.getTime() + 1800_000),
    })
    // Diego is in no booth of the first webinar yet: no clash for this one.
    expect(assignInterpreter(db, { eventId: other, language: 'es', personId: diego }, { actorId: 1 })).toEqual({
      ok: true,
      clashes: [],
    })
    // The picker of the first webinar says Diego is booked at the same time.
    const offered = booth(webinarId, 'es').candidates.find((c) => c.personId === diego)!
    expect(offered.clashes.map((c) => c.title)).toEqual(['Security and Stability'])
    const assigned = await post({ intent: 'assign', language: 'es', personId: String(diego) })
    expect(statusOf(assigned)).toBe(303)
    const notice = await takeNotice(
      new Request('http://app.test/', { headers: { Cookie: cookieFrom(assigned as Response) } }),
    )
    expect(notice.notice).toBe('notices.boothAssignedClash')
    expect(
      booth(webinarId, 'es')
        .assigned.find((a) => a.personId === diego)!
        .clashes.map((c) => c.eventId),
    ).toEqual([other])
    // An event that does not overlap is no clash.
    const later = createWebinar(db, { slug: 'later-webinar', startsAt: new Date(event.endsAt.getTime() + 3600_000) })
    expect(
      boothCoverage(db, later)
        .find((b) => b.language === 'es')!
        .candidates.find((c) => c.personId === diego)!.clashes,
    ).toEqual([])
  })
})
