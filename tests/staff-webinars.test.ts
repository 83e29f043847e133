import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as seriesPage from '~/routes/staff.series'
import * as list from '~/routes/staff.webinars._index'
import * as manage from '~/routes/staff.webinars.$id'
import * as csv from '~/routes/staff.webinars.$id.registrants[.csv]'
import * as create from '~/routes/staff.webinars.new'
import * as publicPage from '~/routes/webinars.$slug'
import { runEventMailJobs } from '~/services/event-mail-jobs.server'
import { registerForEvent } from '~/services/registrations.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { parseIcs } from './helpers/ics'

let staff: string
let participant: string
let analyst: string

const form = {
  title_en: 'Security and Stability',
  description_en: 'With the SSAC, on DNSSEC; root server system, and more',
  agenda_en: '1. Welcome',
  title_fr: 'Sécurité et stabilité',
  description_fr: '',
  agenda_fr: '',
  title_es: '',
  description_es: '',
  agenda_es: '',
  date: '2030-05-15',
  time: '15:00',
  timeZone: 'Europe/Paris',
  durationMinutes: '60',
  reminderHours: '24, 1',
  capacity: '2',
  platformName: 'Adobe Connect',
  platformUrl: 'https://participate.example.org/ssac',
  presenters: "Julie Hammer | ALAC's liaison to the SSAC | agente de liaison de l'ALAC auprès du SSAC",
  slug: '',
  seriesId: '',
  conferenceId_en: '1638',
  dialIn_en: '+44 20 3478 5289 (UK); +1 866 692 5726 (US)',
  interpreters_en: '',
  conferenceId_es: '1738',
  dialIn_es: '',
  interpreters_es: '',
  conferenceId_fr: '1838',
  dialIn_fr: '',
  interpreters_fr: '',
}

beforeAll(async () => {
  await seededDb({ participants: 10 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
})

describe('staff publish the seed webinar in one form', () => {
  let id: number

  it('refuses bad input field by field and creates nothing', async () => {
    const before = getDb().select().from(s.events).all().length
    const res = await run(
      create.action,
      formRequest(
        '/staff/webinars/new',
        {
          ...form,
          timeZone: 'Mars/Base',
          conferenceId_fr: '18-38-x',
          dialIn_en: 'call the office',
          platformUrl: 'javascript:alert(1)',
          durationMinutes: '0',
          capacity: '-3',
        },
        { cookie: staff },
      ),
    )
    expect(statusOf(res)).toBe(400)
    expect(Object.keys(dataOf<{ errors: object }>(res).errors).sort()).toEqual([
      'capacity',
      'conferenceId_fr',
      'dialIn_en',
      'durationMinutes',
      'platformUrl',
      'timeZone',
    ])
    expect(dataOf<{ values: { title_en: string } }>(res).values.title_en).toBe('Security and Stability')
    expect(getDb().select().from(s.events).all().length).toBe(before)
  })

  it('creates it with the time entered in Paris stored in UTC, its channels and presenter', async () => {
    const res = (await run(create.action, formRequest('/staff/webinars/new', form, { cookie: staff }))) as Response
    expect(res.status).toBe(303)
    id = Number(res.headers.get('Location')!.split('/').pop())
    const event = getDb().select().from(s.events).where(eq(s.events.id, id)).get()!
    expect(event.slug).toBe('security-and-stability')
    expect(event.startsAt.toISOString()).toBe('2030-05-15T13:00:00.000Z')
    expect(event.endsAt.toISOString()).toBe('2030-05-15T14:00:00.000Z')
    expect(event.reminderOffsets).toEqual([1440, 60])
    const channels = getDb()
      .select()
      .from(s.interpretationChannels)
      .where(eq(s.interpretationChannels.eventId, id))
      .all()
    expect(Object.fromEntries(channels.map((c) => [c.language, c.conferenceId]))).toEqual({
      en: '1638',
      es: '1738',
      fr: '1838',
    })
    const texts = getDb().select().from(s.eventTranslations).where(eq(s.eventTranslations.eventId, id)).all()
    expect(texts.map((t) => t.language).sort()).toEqual(['en', 'fr'])
    const page = dataOf<{ values: Record<string, string> }>(
      await run(manage.loader, getRequest(`/staff/webinars/${id}?tab=edit`, { cookie: staff }), { id: String(id) }),
    )
    expect(page.values).toMatchObject({
      date: '2030-05-15',
      time: '15:00',
      timeZone: 'Europe/Paris',
      reminderHours: '24, 1',
      conferenceId_fr: '1838',
    })
    expect(page.values.presenters).toBe(
      "Julie Hammer | ALAC's liaison to the SSAC | agente de liaison de l'ALAC auprès du SSAC",
    )
    const presenter = getDb().select().from(s.eventPresenters).where(eq(s.eventPresenters.eventId, id)).get()!
    expect(presenter.role).toEqual({
      en: "ALAC's liaison to the SSAC",
      fr: "agente de liaison de l'ALAC auprès du SSAC",
    })
  })

  it('moves it by an hour from the form: same UID, higher SEQUENCE, update mails to the confirmed', async () => {
    const db = getDb()
    const analystId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.analyst)).get()!.id
    registerForEvent(
      db,
      {
        eventId: id,
        personId: analystId,
        channelLanguage: 'fr',
        dialOutNumber: '+33 1 23 45 67 89',
        baseUrl: 'http://app.test',
      },
      new Date('2030-05-01T00:00:00Z'),
    )
    const res = (await run(
      manage.action,
      formRequest(`/staff/webinars/${id}`, { ...form, intent: 'save', time: '16:00' }, { cookie: staff }),
      { id: String(id) },
    )) as Response
    expect(res.status).toBe(303)
    // The worker renders the update mails (the save only queued them).
    await runEventMailJobs(db, { baseUrl: 'http://app.test' })
    const mails = db.select().from(s.outbox).where(eq(s.outbox.personId, analystId)).orderBy(s.outbox.id).all()
    const update = mails.at(-1)!
    expect(update.subject).toBe('Modification : Sécurité et stabilité')
    const ics = parseIcs(update.attachments![0].content)
    expect(ics).toMatchObject({ sequence: 1, start: '2030-05-15T14:00:00.000Z', uid: `event-${id}@atlarge.test` })
  })

  it('refuses fewer seats than confirmed people', async () => {
    const res = await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        { ...form, intent: 'save', time: '16:00', capacity: '0' },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(statusOf(res)).toBe(400)
    const db = getDb()
    db.insert(s.registrations)
      .values({
        eventId: id,
        personId: db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!.id,
        status: 'confirmed',
        channelLanguage: 'es',
      })
      .run()
    const below = await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        { ...form, intent: 'save', time: '16:00', capacity: '1' },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(statusOf(below)).toBe(409)
    expect(dataOf<{ errors: object }>(below).errors).toEqual({ capacity: ['errors.webinar.capacity_below_confirmed'] })
  })

  it('shows the dial-out queue and marks a dial-out done', async () => {
    type Page = {
      summary: { dialOutsPending: number }
      pendingDialOuts: { id: number; dialOutNumber: string | null }[]
    }
    const load = async () =>
      dataOf<Page>(
        await run(manage.loader, getRequest(`/staff/webinars/${id}?tab=dial-outs`, { cookie: staff }), {
          id: String(id),
        }),
      )
    const page = await load()
    // The summary counts what the tab lists (the staff list of webinars counts the same).
    expect(page.summary.dialOutsPending).toBe(page.pendingDialOuts.length)
    const withDialOut = page.pendingDialOuts.find((r) => r.dialOutNumber)!
    expect(withDialOut.dialOutNumber).toBe('+33 1 23 45 67 89')
    const done = await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        { intent: 'dial-out-done', registrationId: String(withDialOut.id) },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect((done as Response).headers.get('Location')).toBe(`/staff/webinars/${id}?tab=dial-outs`)
    expect(
      getDb().select().from(s.registrations).where(eq(s.registrations.id, withDialOut.id)).get()!.dialOutDoneAt,
    ).not.toBeNull()
    expect((await load()).summary.dialOutsPending).toBe(page.summary.dialOutsPending - 1)
  })

  it('lists registrants fifty a page, found by name or email without accents, and keeps the page after attendance', async () => {
    type Page = { registrants: { rows: { id: number; name: string }[]; total: number; pages: number } }
    const load = async (query: string) =>
      dataOf<Page>(
        await run(manage.loader, getRequest(`/staff/webinars/${id}?tab=registrants&${query}`, { cookie: staff }), {
          id: String(id),
        }),
      ).registrants
    const found = await load('q=andre')
    expect(found.rows.map((r) => r.name)).toEqual(['André Analyste'])
    expect((await load('q=nobody-like-this')).total).toBe(0)
    const res = await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        { intent: 'attendance', registrationId: String(found.rows[0].id), attended: 'yes', q: 'andre' },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect((res as Response).headers.get('Location')).toBe(`/staff/webinars/${id}?tab=registrants&q=andre`)
    expect((await load('show=attended')).rows.map((r) => r.name)).toContain('André Analyste')
    // The summary's counts (one query) agree with the lists.
    const overview = dataOf<{ summary: { confirmed: number; waitlisted: number; attended: number } }>(
      await run(manage.loader, getRequest(`/staff/webinars/${id}`, { cookie: staff }), { id: String(id) }),
    ).summary
    expect(overview.confirmed).toBe((await load('show=confirmed')).total)
    expect(overview.waitlisted).toBe((await load('show=waitlisted')).total)
    expect(overview.attended).toBe((await load('show=attended')).total)
    expect(overview.attended).toBeGreaterThan(0)
    // Past fifty: pages of fifty, a page beyond the last shows the last, LIKE wildcards are plain text.
    const db = getDb()
    const before = (await load('')).total
    for (let i = 0; i < 60; i++) {
      const personId = db
        .insert(s.people)
        .values({ email: `paged${i}@example.net`, name: `Paged Person ${i}` })
        .returning({ id: s.people.id })
        .get().id
      db.insert(s.registrations).values({ eventId: id, personId, status: 'confirmed', channelLanguage: 'en' }).run()
    }
    const first = await load('')
    expect(first).toMatchObject({ total: before + 60, pages: Math.ceil((before + 60) / 50) })
    expect(first.rows).toHaveLength(50)
    const last = await load('page=99')
    expect(last.rows).toHaveLength((before + 60) % 50 || 50)
    expect(new Set([...first.rows, ...last.rows].map((r) => r.id)).size).toBe(first.rows.length + last.rows.length)
    expect((await load('q=paged%20person')).total).toBe(60)
    expect((await load('q=%25')).total).toBe(0)
  })

  it('imports attendance from pasted CSV and reports the addresses it did not know', async () => {
    const res = await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        {
          intent: 'import-attendance',
          attendees: 'name,email\nAndré,ANALYST@example.org\nStranger,stranger@example.net\n',
        },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(dataOf<{ imported: object }>(res).imported).toEqual({ marked: 1, unknown: ['stranger@example.net'] })
    const db = getDb()
    const analystId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.analyst)).get()!.id
    expect(
      db
        .select()
        .from(s.registrations)
        .where(and(eq(s.registrations.eventId, id), eq(s.registrations.personId, analystId)))
        .get()!.attended,
    ).toBe(true)
    const record = db
      .select()
      .from(s.participationRecords)
      .where(and(eq(s.participationRecords.personId, analystId), eq(s.participationRecords.kind, 'webinar_attended')))
      .all()
    expect(record.length).toBeGreaterThan(0)
  })

  it('exports registrants as UTF-8 CSV with a BOM, headers in the viewer’s language', async () => {
    const res = (await run(csv.loader, getRequest(`/staff/webinars/${id}/registrants.csv`, { cookie: staff }), {
      id: String(id),
    })) as Response
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    expect(text.split('\n')[0]).toBe(
      'Name,Email,Region,Status,Interpretation channel,Dial-out number,Dial-out done,Attended,Registered at (UTC)',
    )
    expect(text).toContain('André Analyste,analyst@example.org,EURALO,Confirmed,French,+33 1 23 45 67 89,yes,yes,')
    expect(
      statusOf(
        await run(csv.loader, getRequest('/staff/webinars/99999/registrants.csv', { cookie: staff }), { id: '99999' }),
      ),
    ).toBe(404)
  })

  it('adds a recording that the public page then lists, refuses a non-https link, and removes it', async () => {
    const bad = await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        {
          intent: 'add-material',
          kind: 'recording',
          language: 'fr',
          title: 'Enregistrement',
          url: 'javascript:alert(1)',
        },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<{ materialErrors: object }>(bad).materialErrors).toEqual({ url: ['errors.webinar.url'] })
    await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        {
          intent: 'add-material',
          kind: 'recording',
          language: 'fr',
          title: 'Enregistrement',
          url: 'https://community.example.org/rec-fr',
        },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    const page = dataOf<{ event: { materials: { kind: string; language: string; url: string }[] } }>(
      await run(publicPage.loader, getRequest('/webinars/security-and-stability'), { slug: 'security-and-stability' }),
    )
    expect(page.event.materials).toEqual([
      { kind: 'recording', language: 'fr', title: 'Enregistrement', url: 'https://community.example.org/rec-fr' },
    ])
    const materialId = getDb().select().from(s.materials).where(eq(s.materials.eventId, id)).get()!.id
    await run(
      manage.action,
      formRequest(
        `/staff/webinars/${id}`,
        { intent: 'remove-material', materialId: String(materialId) },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(getDb().select().from(s.materials).where(eq(s.materials.eventId, id)).all()).toEqual([])
  })

  it('creates and renames a series in three languages, refusing a taken address', async () => {
    const fields = {
      slug: 'post-summit-follow-up',
      title_en: 'Post-summit follow-up',
      description_en: '',
      title_fr: 'Suivi après le sommet',
      description_fr: '',
      title_es: '',
      description_es: '',
    }
    expect(
      ((await run(seriesPage.action, formRequest('/staff/series', fields, { cookie: staff }))) as Response).status,
    ).toBe(303)
    const created = getDb().select().from(s.series).where(eq(s.series.slug, 'post-summit-follow-up')).get()!
    const again = await run(seriesPage.action, formRequest('/staff/series', fields, { cookie: staff }))
    expect(statusOf(again)).toBe(409)
    await run(
      seriesPage.action,
      formRequest(
        '/staff/series',
        { ...fields, seriesId: String(created.id), title_es: 'Seguimiento de la cumbre' },
        { cookie: staff },
      ),
    )
    const texts = getDb().select().from(s.seriesTranslations).where(eq(s.seriesTranslations.seriesId, created.id)).all()
    expect(texts.map((t) => [t.language, t.title]).sort()).toEqual([
      ['en', 'Post-summit follow-up'],
      ['es', 'Seguimiento de la cumbre'],
      ['fr', 'Suivi après le sommet'],
    ])
    expect(statusOf(await run(seriesPage.action, formRequest('/staff/series', fields, { cookie: participant })))).toBe(
      403,
    )
    expect(statusOf(await run(seriesPage.loader, getRequest('/staff/series', { cookie: analyst })))).toBe(403)
  })

  it('cancels only with the confirmation ticked', async () => {
    const without = await run(
      manage.action,
      formRequest(`/staff/webinars/${id}`, { intent: 'cancel-webinar' }, { cookie: staff }),
      { id: String(id) },
    )
    expect(statusOf(without)).toBe(400)
    const res = (await run(
      manage.action,
      formRequest(`/staff/webinars/${id}`, { intent: 'cancel-webinar', confirm: 'yes' }, { cookie: staff }),
      { id: String(id) },
    )) as Response
    expect(res.status).toBe(303)
    expect(getDb().select().from(s.events).where(eq(s.events.id, id)).get()!.status).toBe('cancelled')
  })

  it('is staff-only: participants and analysts get 403 on every webinar admin route', async () => {
    for (const cookie of [participant, analyst]) {
      expect(statusOf(await run(list.loader, getRequest('/staff/webinars', { cookie })))).toBe(403)
      expect(statusOf(await run(create.loader, getRequest('/staff/webinars/new', { cookie })))).toBe(403)
      expect(statusOf(await run(create.action, formRequest('/staff/webinars/new', form, { cookie })))).toBe(403)
      expect(
        statusOf(await run(manage.loader, getRequest(`/staff/webinars/${id}`, { cookie }), { id: String(id) })),
      ).toBe(403)
      expect(
        statusOf(
          await run(
            manage.action,
            formRequest(`/staff/webinars/${id}`, { intent: 'cancel-webinar', confirm: 'yes' }, { cookie }),
            { id: String(id) },
          ),
        ),
      ).toBe(403)
      expect(
        statusOf(
          await run(csv.loader, getRequest(`/staff/webinars/${id}/registrants.csv`, { cookie }), { id: String(id) }),
        ),
      ).toBe(403)
    }
  })
})
