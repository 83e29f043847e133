import type { ActionFunctionArgs } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as rosterPage from '~/routes/staff.summits.$id._index'
import * as checkIn from '~/routes/staff.summits.$id.check-in'
import * as logisticsAdmin from '~/routes/staff.summits.$id.logistics'
import * as programmeAdmin from '~/routes/staff.summits.$id.programme'
import * as summitPage from '~/routes/summits.$slug._index'
import * as logisticsPage from '~/routes/summits.$slug.logistics'
import * as mySummit from '~/routes/summits.$slug.me'
import * as programmeIcs from '~/routes/summits.$slug.programme[.ics]'
import { createSummitGroup } from '~/services/summits/groups.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let analyst: string
let participant: string
let summitId: number
let slug: string
let path: string

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 40 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
})

beforeEach(() => {
  // Kuala Lumpur is UTC+8 all year: 7 March 2030 09:00 local = 01:00 UTC.
  const startsAt = new Date('2030-03-07T01:00:00Z')
  slug = `atlas-iv-${Math.random().toString(36).slice(2, 8)}`
  summitId = db
    .insert(s.events)
    .values({
      kind: 'summit',
      slug,
      startsAt,
      endsAt: new Date('2030-03-11T09:00:00Z'),
      timeZone: 'Asia/Kuala_Lumpur',
      city: 'Kuala Lumpur',
      venue: 'KLCC',
    })
    .returning()
    .get().id
  db.insert(s.eventTranslations)
    .values({ eventId: summitId, language: 'en', title: 'ATLAS IV', practicalInfo: 'Bring an adapter.' })
    .run()
  path = `/staff/summits/${summitId}`
})

const session = (over: Record<string, string> = {}) => ({
  intent: 'save',
  title_en: 'Opening plenary',
  title_fr: 'Plénière d’ouverture',
  title_es: 'Plenaria de apertura',
  sessionType: 'plenary',
  date: '2030-03-07',
  start: '09:00',
  end: '10:30',
  room: 'Hall 1',
  interpretation_en: 'on',
  interpretation_fr: 'on',
  interpretation_es: 'on',
  conferenceId_fr: '1838',
  ...over,
})
const postTo = (
  route: { action: (args: ActionFunctionArgs) => unknown },
  sub: string,
  fields: Record<string, string>,
  cookie = staff,
) => run(route.action, formRequest(`${path}${sub}`, fields, { cookie }), { id: String(summitId), slug })
const sessions = () => db.select().from(s.events).where(eq(s.events.parentEventId, summitId)).all()
const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent')
const ics = async (query = '', language = 'en') =>
  await (
    (await run(
      programmeIcs.loader,
      getRequest(`/summits/${slug}/programme.ics${query}`, { headers: { 'Accept-Language': language } }),
      { slug },
    )) as Response
  ).text()

describe('the programme (staff)', () => {
  it('adds a session in the venue’s zone, and participants read it in their language with its room and interpretation', async () => {
    expect(statusOf(await postTo(programmeAdmin, '/programme', session()))).toBe(303)
    const [row] = sessions()
    expect(row).toMatchObject({
      kind: 'session',
      sessionType: 'plenary',
      room: 'Hall 1',
      timeZone: 'Asia/Kuala_Lumpur',
      status: 'scheduled',
    })
    expect(row.startsAt.toISOString()).toBe('2030-03-07T01:00:00.000Z')
    const page = dataOf<{ programme: { title: string; languages: string[]; room: string }[] }>(
      await run(summitPage.loader, getRequest(`/summits/${slug}`, { cookie: participant }), { slug }),
    )
    expect(page.programme).toEqual([
      expect.objectContaining({ title: 'Plenaria de apertura', room: 'Hall 1', languages: ['en', 'fr', 'es'] }),
    ])
    // The calendar entry says where, in the reader's language, with the French channel's conference ID for a
    // French reader.
    const [vevent] = vevents(await ics('', 'fr'))
    expect(vevent.getFirstPropertyValue('summary')).toBe('Plénière d’ouverture')
    expect(vevent.getFirstPropertyValue('location')).toBe('Hall 1, KLCC, Kuala Lumpur')
    expect(String(vevent.getFirstPropertyValue('description'))).toContain('1838')
  })

  it('refuses a day outside the summit, an end before the start, a missing title and a malformed conference ID, keeping what was typed', async () => {
    const outside = await postTo(programmeAdmin, '/programme', session({ date: '2030-03-12' }))
    expect(statusOf(outside)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]>; values: Record<string, string> }>(outside)).toMatchObject({
      errors: { date: ['errors.summit.outsideSummit'] },
      values: { room: 'Hall 1' },
    })
    const backwards = await postTo(programmeAdmin, '/programme', session({ end: '08:00' }))
    expect(dataOf<{ errors: Record<string, string[]> }>(backwards).errors).toEqual({
      end: ['errors.summit.endBeforeStart'],
    })
    const untitled = await postTo(programmeAdmin, '/programme', session({ title_en: ' ' }))
    expect(dataOf<{ errors: Record<string, string[]> }>(untitled).errors.title_en).toEqual(['errors.field.required'])
    expect(statusOf(await postTo(programmeAdmin, '/programme', session({ conferenceId_fr: '18<script>' })))).toBe(400)
    expect(statusOf(await postTo(programmeAdmin, '/programme', session({ sessionType: 'party' })))).toBe(400)
    expect(sessions()).toHaveLength(0)
  })

  it('moves and cancels a session so that subscribed calendars follow (same UID, higher SEQUENCE, then CANCELLED)', async () => {
    await postTo(programmeAdmin, '/programme', session())
    const [row] = sessions()
    const before = vevents(await ics())[0]
    expect(
      statusOf(
        await postTo(
          programmeAdmin,
          '/programme',
          session({ sessionId: String(row.id), start: '11:00', end: '12:00', interpretation_es: '' }),
        ),
      ),
    ).toBe(303)
    const moved = vevents(await ics())[0]
    expect(moved.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'))
    expect(Number(moved.getFirstPropertyValue('sequence'))).toBeGreaterThan(
      Number(before.getFirstPropertyValue('sequence')),
    )
    expect(new ICAL.Event(moved).startDate.toJSDate().toISOString()).toBe('2030-03-07T03:00:00.000Z')
    expect(
      db
        .select()
        .from(s.interpretationChannels)
        .where(eq(s.interpretationChannels.eventId, row.id))
        .all()
        .map((c) => c.language)
        .sort(),
    ).toEqual(['en', 'fr'])
    expect(statusOf(await postTo(programmeAdmin, '/programme', { intent: 'cancel', sessionId: String(row.id) }))).toBe(
      303,
    )
    const cancelled = vevents(await ics())[0]
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(statusOf(await postTo(programmeAdmin, '/programme', session({ sessionId: String(row.id) })))).toBe(409)
    expect(
      db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.entityType, 'event'), eq(s.auditLog.entityId, String(row.id))))
        .all()
        .map((a) => a.action),
    ).toEqual(['summit.sessionAdded', 'summit.sessionChanged', 'summit.sessionCancelled'])
  })

  it('is for staff only, and a session of another summit cannot be reached through this one', async () => {
    for (const cookie of [analyst, participant]) {
      expect(
        statusOf(
          await run(programmeAdmin.loader, getRequest(`${path}/programme`, { cookie }), {
            id: String(summitId),
          }),
        ),
      ).toBe(403)
      expect(statusOf(await postTo(programmeAdmin, '/programme', session(), cookie))).toBe(403)
    }
    const atlas = db.select().from(s.events).where(eq(s.events.slug, 'atlas-ii-london-2014')).get()!
    const other = db.select().from(s.events).where(eq(s.events.parentEventId, atlas.id)).get()!
    expect(statusOf(await postTo(programmeAdmin, '/programme', session({ sessionId: String(other.id) })))).toBe(404)
    expect(
      statusOf(await postTo(programmeAdmin, '/programme', { intent: 'cancel', sessionId: String(other.id) })),
    ).toBe(404)
    expect(db.select().from(s.events).where(eq(s.events.id, other.id)).get()!.status).toBe('completed')
  })
})

describe('per-session attendance at the desk', () => {
  it('marks confirmed participants present at one session, counts them, and can undo', async () => {
    await postTo(programmeAdmin, '/programme', session())
    const [row] = sessions()
    const me = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!
    const other = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.analyst)).get()!
    await postTo(rosterPage, '', { intent: 'nominate', emails: `${me.email}\n${other.email}` })
    const place = db
      .select()
      .from(s.summitParticipations)
      .where(and(eq(s.summitParticipations.eventId, summitId), eq(s.summitParticipations.personId, me.id)))
      .get()!
    await postTo(rosterPage, '', { intent: 'status', participationId: String(place.id), status: 'confirmed' })
    const desk = async () =>
      dataOf<{
        counts: { checkedIn: number; confirmed: number }
        rows: { name: string; checkedInAt: unknown }[]
        session: { id: number } | null
      }>(
        await run(
          checkIn.loader,
          getRequest(`${path}/check-in?session=${row.id}&q=${encodeURIComponent('Lucía')}`, { cookie: staff }),
          { id: String(summitId) },
        ),
      )
    expect((await desk()).counts).toEqual({ checkedIn: 0, confirmed: 1 })
    expect(
      statusOf(
        await postTo(checkIn, '/check-in', {
          sessionId: String(row.id),
          target: String(me.id),
          checkedIn: '1',
          q: 'Lucía',
        }),
      ),
    ).toBe(200)
    const after = await desk()
    expect(after.session?.id).toBe(row.id)
    expect(after.counts.checkedIn).toBe(1)
    expect(after.rows.find((r) => r.name === me.name)?.checkedInAt).toBeTruthy()
    // The arrival desk is separate: nobody is checked in to the summit itself yet.
    expect(
      db.select().from(s.summitParticipations).where(eq(s.summitParticipations.id, place.id)).get()!.checkedInAt,
    ).toBeNull()
    // Only confirmed people; undo removes the mark.
    expect(
      statusOf(
        await postTo(checkIn, '/check-in', { sessionId: String(row.id), target: String(other.id), checkedIn: '1' }),
      ),
    ).toBe(409)
    expect(
      statusOf(
        await postTo(checkIn, '/check-in', { sessionId: String(row.id), target: String(me.id), checkedIn: '0' }),
      ),
    ).toBe(200)
    expect((await desk()).counts.checkedIn).toBe(0)
    expect(
      statusOf(
        await postTo(
          checkIn,
          '/check-in',
          { sessionId: String(row.id), target: String(me.id), checkedIn: '1' },
          analyst,
        ),
      ),
    ).toBe(403)
  })
})

describe('the logistics page', () => {
  it('is written by staff in three languages and read in the reader’s language, English when missing (and saying so)', async () => {
    const fields = {
      venue: 'Kuala Lumpur Convention Centre',
      city: 'Kuala Lumpur',
      practicalInfo_en: 'Plugs are type G.\n\nThe monorail stops at KLCC.',
      practicalInfo_fr: 'Les prises sont de type G.',
      practicalInfo_es: '',
    }
    expect(statusOf(await postTo(logisticsAdmin, '/logistics', fields, participant))).toBe(403)
    expect(statusOf(await postTo(logisticsAdmin, '/logistics', { ...fields, city: 'x'.repeat(121) }))).toBe(400)
    expect(statusOf(await postTo(logisticsAdmin, '/logistics', fields))).toBe(303)
    type Page = { summit: { venue: string; practicalInfo: string; infoLanguage: string; title: string } }
    const read = async (cookie?: string, language?: string) =>
      dataOf<Page>(
        await run(
          logisticsPage.loader,
          getRequest(`/summits/${slug}/logistics`, {
            cookie,
            headers: language ? { 'Accept-Language': language } : {},
          }),
          { slug },
        ),
      ).summit
    expect(await read(analyst)).toMatchObject({
      venue: 'Kuala Lumpur Convention Centre',
      practicalInfo: 'Les prises sont de type G.',
      infoLanguage: 'fr',
      title: 'ATLAS IV',
    })
    expect(await read(participant)).toMatchObject({
      practicalInfo: 'Plugs are type G.\n\nThe monorail stops at KLCC.',
      infoLanguage: 'en',
    })
    expect(await read(undefined, 'es')).toMatchObject({ infoLanguage: 'en' })
    expect(statusOf(await run(logisticsPage.loader, getRequest('/summits/nope/logistics'), { slug: 'nope' }))).toBe(404)
  })
})

describe('working-group preferences (My summit)', () => {
  it('stores up to three ranked choices of this summit’s groups and refuses others', async () => {
    const g1 = createSummitGroup(
      db,
      { summitId, name: { en: 'Group 1' }, topic: { en: 'Multistakeholder models' } },
      { actorId: 1 },
    )
    const g2 = createSummitGroup(
      db,
      { summitId, name: { en: 'Group 2' }, topic: { en: 'Globalisation' } },
      { actorId: 1 },
    )
    const atlas = db.select().from(s.events).where(eq(s.events.slug, 'atlas-ii-london-2014')).get()!
    const foreign = db.select().from(s.workingGroups).where(eq(s.workingGroups.eventId, atlas.id)).get()!
    await postTo(rosterPage, '', { intent: 'nominate', emails: DEMO_ACCOUNTS.participant })
    const save = (fields: Record<string, string>, cookie = participant) =>
      run(mySummit.action, formRequest(`/summits/${slug}/me`, { intent: 'preferences', ...fields }, { cookie }), {
        slug,
      })
    const me = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!
    const prefs = () =>
      db
        .select()
        .from(s.summitParticipations)
        .where(and(eq(s.summitParticipations.eventId, summitId), eq(s.summitParticipations.personId, me.id)))
        .get()!.workingGroupPreferences
    expect(statusOf(await save({ preference1: String(g2), preference2: String(g1), preference3: '' }))).toBe(303)
    expect(prefs()).toEqual([g2, g1])
    const dup = await save({ preference1: String(g1), preference2: String(g1) })
    expect(statusOf(dup)).toBe(400)
    expect(dataOf<{ preferenceError: string }>(dup).preferenceError).toBe('errors.summit.preference.duplicate')
    expect(dataOf<{ preferenceError: string }>(await save({ preference1: String(foreign.id) })).preferenceError).toBe(
      'errors.summit.preference.unknownGroup',
    )
    expect(statusOf(await save({ preference1: 'abc' }))).toBe(400)
    expect(prefs()).toEqual([g2, g1])
    // Not on the roster: nothing to choose.
    expect(statusOf(await save({ preference1: String(g1) }, analyst))).toBe(404)
    const page = dataOf<{ preferences: number[]; groups: { id: number }[] }>(
      await run(mySummit.loader, getRequest(`/summits/${slug}/me`, { cookie: participant }), { slug }),
    )
    expect(page.preferences).toEqual([g2, g1])
    expect(page.groups.map((g) => g.id)).toEqual([g1, g2])
  })
})
