/**
 * The community directory as staff use it: search without caring about accents or case,
 * filters, paging, the export of the current filter, a person's page (fields, roles,
 * deactivation, notes, timeline) and creating a person by hand.
 */
import { parse } from 'csv-parse/sync'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/seed'
import * as profile from '~/routes/profile'
import * as directory from '~/routes/staff.people._index'
import * as personPage from '~/routes/staff.people.$id'
import * as exportPage from '~/routes/staff.people.export.$format'
import * as newPerson from '~/routes/staff.people.new'
import { verifyLogin } from '~/services/auth.server'
import { enqueueMail } from '~/services/outbox.server'
import { createPerson, findPersonIdByEmail } from '~/services/people.server'
import { searchDirectory } from '~/services/people/directory.server'
import { setRole } from '~/services/people/record.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { expectSearchIndexIntact } from './helpers/search-index'

let db: DB
let staff: string
let staffId: number
beforeAll(async () => {
  db = await seededDb({ participants: 120 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
})

type Page = Awaited<ReturnType<typeof directory.loader>>
const list = async (query: string) =>
  dataOf<Page>(await run(directory.loader, getRequest(`/staff/people${query}`, { cookie: staff })))

const add = (email: string, name: string, extra: Partial<Parameters<typeof createPerson>[1]> = {}) =>
  createPerson(db, { email, name, passwordHash: null, preferredLanguage: 'es', timeZone: 'UTC', ...extra })

describe('the directory', () => {
  it('finds people by name or email whatever the accents and case', async () => {
    const id = add('jose.munoz@example.org', 'José Muñoz', { regionCode: 'LACRALO' })
    for (const q of ['jose munoz', 'JOSÉ MUÑOZ', 'muñoz', 'Jose.Munoz@']) {
      expect((await list(`?q=${encodeURIComponent(q)}`)).rows.map((r) => r.id)).toContain(id)
    }
    // LIKE wildcards typed by staff are taken literally.
    expect((await list('?q=%25')).total).toBe(0)
  })

  it('a search with a letter wrong offers the close names, best first, within the page’s filters', async () => {
    const andres = add('a.martinez@example.org', 'Andrés Martínez', { regionCode: 'LACRALO' })
    const maria = add('maria.martin@example.org', 'María Martín', { regionCode: 'LACRALO' })
    const elsewhere = add('andres.m@example.org', 'Andres Martinez', { regionCode: 'EURALO' })
    const typo = await list(`?q=${encodeURIComponent('andre martinez')}`)
    expect(typo.total).toBe(0)
    expect(
      typo.close
        .map((r) => r.id)
        .slice(0, 2)
        .sort(),
    ).toEqual([andres, elsewhere].sort())
    expect(typo.close.map((r) => r.id)).not.toContain(maria)
    // The other filters still apply to the close names.
    const inRegion = await list(`?q=${encodeURIComponent('andre martinez')}&region=EURALO`)
    expect(inRegion.close.map((r) => r.id)).toEqual([elsewhere])
    // An exact search that finds enough people does not add guesses.
    expect((await list('?q=example.org')).close).toEqual([])
    // Short or nonsense terms find no close names, and nothing breaks.
    expect((await list('?q=and')).close).toEqual([])
    expect((await list(`?q=${encodeURIComponent('"*( OR NEAR')}`)).close).toEqual([])
    db.run(sql`delete from people where id in (${andres}, ${maria}, ${elsewhere})`)
  })

  it('finds the same people whether a term is rare (trigram index) or shared by thousands (read in full)', async () => {
    db.transaction((tx) => {
      for (let i = 0; i < 2100; i++) {
        tx.run(sql`insert into people (email, name) values (${`zoe.${i}@zyxwv.example`}, ${`Zoë Zyxwvü ${i}`})`)
      }
    })
    const shared = await list('?q=ZYXWVU')
    expect(shared.total).toBe(2100)
    expect(shared.rows[0].name).toBe('Zoë Zyxwvü 0')
    const rare = await list(`?q=${encodeURIComponent('zoë zyxwvü 204')}`)
    expect(rare.rows.map((r) => r.name).sort()).toEqual([
      'Zoë Zyxwvü 204',
      'Zoë Zyxwvü 2040',
      'Zoë Zyxwvü 2041',
      'Zoë Zyxwvü 2042',
      'Zoë Zyxwvü 2043',
      'Zoë Zyxwvü 2044',
      'Zoë Zyxwvü 2045',
      'Zoë Zyxwvü 2046',
      'Zoë Zyxwvü 2047',
      'Zoë Zyxwvü 2048',
      'Zoë Zyxwvü 2049',
    ])
    // Two characters have no trigram: every person's text is read, and nobody is missed.
    const two = await list('?q=20')
    expect(two.total).toBe(
      db.get<{ n: number }>(sql`select count(*) n from people where instr(search_text, '20') > 0`)!.n,
    )
    expect(two.total).toBeGreaterThan(100)
    // A double quote in the term is taken literally, not as search syntax.
    expect((await list('?q=%22zyxwv%22')).total).toBe(0)
    db.run(sql`delete from people where email like '%@zyxwv.example'`)
  })

  it('filters by region, role, language, member type, account state and activity, and pages by 50', async () => {
    const all = await list('')
    expect(all.rows).toHaveLength(50)
    expect(all.pages).toBe(Math.ceil(all.total / 50))
    const second = await list('?page=2')
    expect(second.rows[0].name >= all.rows[49].name).toBe(true)
    const region = await list('?region=AFRALO')
    expect(region.total).toBeGreaterThan(0)
    expect(region.rows.every((r) => r.regionCode === 'AFRALO')).toBe(true)
    const analysts = await list('?role=analyst')
    expect(analysts.rows.map((r) => r.email)).toEqual([DEMO_ACCOUNTS.analyst])
    const spanish = await list('?language=es')
    expect(spanish.rows.every((r) => r.language === 'es')).toBe(true)
    const invited = await list('?state=invited')
    expect(invited.rows.every((r) => r.state === 'invited')).toBe(true)
    expect((await list('?state=invited&q=jose')).rows.map((r) => r.email)).toContain('jose.munoz@example.org')
    expect((await list('?state=active&q=jose')).rows.map((r) => r.email)).not.toContain('jose.munoz@example.org')
    const active = await list('?active=12')
    const quiet = add('never.came@example.org', 'Never Came')
    expect(active.total).toBeGreaterThan(0)
    expect((await list('?active=12')).rows.map((r) => r.id)).not.toContain(quiet)
    // Nonsense in the query string is ignored, not an error.
    expect((await list('?region=ATLANTIS&page=-3&active=abc')).total).toBe((await list('')).total)
  })

  it('stops reading the directory when the reader of an export goes away', async () => {
    db.transaction((tx) => {
      for (let i = 0; i < 1500; i++)
        tx.run(sql`insert into people (email, name) values (${`gone.${i}@away.example`}, ${`Gone Away ${i}`})`)
    })
    const full = (await run(
      exportPage.loader,
      getRequest('/staff/people/export/csv?q=away.example', { cookie: staff }),
      { format: 'csv' },
    )) as Response
    expect(parse(await full.text(), { bom: true, delimiter: ',', relax_column_count: true }).length - 1).toBe(1500)
    // The reader takes the first piece, then closes the connection.
    const reader = new AbortController()
    const request = new Request('http://app.test/staff/people/export/csv?q=away.example', {
      headers: { Cookie: staff },
      signal: reader.signal,
    })
    const res = (await run(exportPage.loader, request, { format: 'csv' })) as Response
    const stream = res.body!.getReader()
    let text = new TextDecoder().decode((await stream.read()).value)
    reader.abort()
    for (let chunk = await stream.read(); !chunk.done; chunk = await stream.read())
      text += new TextDecoder().decode(chunk.value)
    const rows = text.trim().split('\n').length - 1
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThan(1500)
    db.run(sql`delete from people where email like '%@away.example'`)
  })

  it('exports the current filter with readable labels, formulas neutralised', async () => {
    add('formula@example.org', '=cmd|calc', { regionCode: 'EURALO', preferredLanguage: 'fr' })
    const res = (await run(
      exportPage.loader,
      getRequest('/staff/people/export/csv?region=EURALO&language=fr', { cookie: staff }),
      { format: 'csv' },
    )) as Response
    expect(res.headers.get('Content-Type')).toMatch(/text\/csv/)
    const rows = parse((await res.text()).replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[]
    const expected = searchDirectory(db, { filters: { regionCode: 'EURALO', language: 'fr' } }).total
    expect(rows).toHaveLength(expected)
    const formula = rows.find((r) => Object.values(r).includes('formula@example.org'))!
    expect(Object.values(formula)).toContain("'=cmd|calc")
    // Labels in the viewer's language (English here).
    expect(Object.values(formula)).toContain('French')
    const xlsx = (await run(exportPage.loader, getRequest('/staff/people/export/xlsx', { cookie: staff }), {
      format: 'xlsx',
    })) as Response
    expect(xlsx.headers.get('Content-Type')).toMatch(/spreadsheetml/)
    const bad = await run(exportPage.loader, getRequest('/staff/people/export/pdf', { cookie: staff }), {
      format: 'pdf',
    })
    expect(statusOf(bad)).toBe(404)
  })

  it('is for staff only', async () => {
    const analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
    expect(statusOf(await run(directory.loader, getRequest('/staff/people', { cookie: analyst })))).toBe(403)
    expect(
      statusOf(await run(personPage.loader, getRequest(`/staff/people/${staffId}`, { cookie: analyst }), { id: '1' })),
    ).toBe(403)
  })
})

describe("a person's page", () => {
  const post = (id: number, fields: Record<string, string>) =>
    run(personPage.action, formRequest(`/staff/people/${id}`, fields, { cookie: staff }), { id: String(id) })

  it('saves corrected fields (staff may set ALAC member), audits them, and refuses a taken address', async () => {
    const id = add('region.fix@example.org', 'Region Fix', { regionCode: 'APRALO' })
    const fields = {
      intent: 'save',
      name: 'Region Fixed',
      email: 'region.fix@example.org',
      phone: '+61 2 9999 0000',
      preferredLanguage: 'en',
      timeZone: 'Australia/Sydney',
      regionCode: 'NARALO',
      structureId: '',
      memberType: 'alac_member',
    }
    const res = (await post(id, fields)) as Response
    expect(res.headers.get('Location')).toBe(`/staff/people/${id}`)
    expect(db.select().from(s.people).where(eq(s.people.id, id)).get()).toMatchObject({
      name: 'Region Fixed',
      regionCode: 'NARALO',
      memberType: 'alac_member',
      phone: '+61 2 9999 0000',
    })
    const audit = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.entityId, String(id)), eq(s.auditLog.action, 'person.updated')))
      .get()!
    expect(audit.details).toMatchObject({ regionCode: { from: 'APRALO', to: 'NARALO' }, phone: 'changed' })
    const taken = await post(id, { ...fields, email: DEMO_ACCOUNTS.analyst.toUpperCase() })
    expect(statusOf(taken)).toBe(409)
    expect(dataOf(taken)).toEqual({ errors: { email: ['errors.person.emailTaken'] } })
    const bad = await post(id, { ...fields, phone: 'call me', timeZone: 'Mars/Base' })
    expect(statusOf(bad)).toBe(400)
    expect(db.select().from(s.people).where(eq(s.people.id, id)).get()!.timeZone).toBe('Australia/Sydney')
  })

  it('grants analyst (the person signs in afresh), and never lets staff drop their own or the last staff role', async () => {
    const id = add('new.analyst@example.org', 'New Analyst')
    db.insert(s.authSessions)
      .values({ id: 'analyst-old', personId: id, data: {}, expiresAt: new Date(Date.now() + 3600_000) })
      .run()
    await post(id, { intent: 'role', role: 'analyst', granted: 'yes' })
    expect(db.select().from(s.personRoles).where(eq(s.personRoles.personId, id)).all()).toEqual([
      { personId: id, role: 'analyst', regionCode: null },
    ])
    expect(db.select().from(s.authSessions).where(eq(s.authSessions.id, 'analyst-old')).get()).toBeUndefined()
    const own = await post(staffId, { intent: 'role', role: 'staff', granted: 'no' })
    expect(statusOf(own)).toBe(409)
    expect(dataOf(own)).toEqual({ errors: { roles: ['errors.person.ownStaffRole'] } })
    // An (imaginary) actor who is not the last staff member still cannot remove it.
    expect(setRole(db, { personId: staffId, role: 'staff', granted: false }, { actorId: id })).toEqual({
      ok: false,
      error: 'lastStaff',
    })
  })

  it('deactivates: no sign-in, no mail; reactivates', async () => {
    const participant = findPersonIdByEmail(db, DEMO_ACCOUNTS.participant)!
    await post(participant, { intent: 'deactivate' })
    const refused = await verifyLogin(db, { email: DEMO_ACCOUNTS.participant, password: DEMO_PASSWORD, ip: '5.5.5.5' })
    expect(refused.ok).toBe(false)
    const queued = enqueueMail(db, {
      uniqueKey: 'deactivated-test',
      kind: 'test',
      personId: participant,
      to: DEMO_ACCOUNTS.participant,
      language: 'en',
      message: { subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' },
    })
    expect(queued).toBeFalsy()
    expect(statusOf(await post(staffId, { intent: 'deactivate' }))).toBe(409)
    await post(participant, { intent: 'reactivate' })
    const ok = await verifyLogin(db, { email: DEMO_ACCOUNTS.participant, password: DEMO_PASSWORD, ip: '5.5.5.6' })
    expect(ok.ok).toBe(true)
  })

  it('keeps notes with their author, and shows a timeline newest first', async () => {
    const participant = findPersonIdByEmail(db, DEMO_ACCOUNTS.participant)!
    await post(participant, { intent: 'note', body: 'Prefers calls in the morning (UTC-3).' })
    expect(statusOf(await post(participant, { intent: 'note', body: '   ' }))).toBe(400)
    const page = dataOf<Awaited<ReturnType<typeof personPage.loader>>>(
      await run(personPage.loader, getRequest(`/staff/people/${participant}`, { cookie: staff }), {
        id: String(participant),
      }),
    )
    const staffName = db.select().from(s.people).where(eq(s.people.id, staffId)).get()!.name
    expect(page.person.notes[0]).toMatchObject({ body: 'Prefers calls in the morning (UTC-3).', author: staffName })
    const kinds = new Set(page.timeline.entries.map((e) => e.kind))
    // Deactivated and reactivated above; registered for webinars in the demo.
    expect([...kinds]).toEqual(expect.arrayContaining(['audit', 'registration']))
    const times = page.timeline.entries.map((e) => e.at)
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(page.timeline.total).toBeGreaterThan(0)
  })

  it('answers 404 for a person who does not exist, or an id that is not one', async () => {
    expect(
      statusOf(await run(personPage.loader, getRequest('/staff/people/999999', { cookie: staff }), { id: '999999' })),
    ).toBe(404)
    expect(
      statusOf(await run(personPage.loader, getRequest('/staff/people/1e3', { cookie: staff }), { id: '1e3' })),
    ).toBe(404)
  })
})

describe('creating a person by hand', () => {
  it('needs only a name and an email, and can send the invitation at once', async () => {
    const res = (await run(
      newPerson.action,
      formRequest(
        '/staff/people/new',
        {
          name: 'Awa Ndiaye',
          email: 'awa.ndiaye@example.sn',
          preferredLanguage: 'fr',
          timeZone: 'Africa/Dakar',
          regionCode: '',
          structureId: '',
          memberType: 'individual_member',
          phone: '',
          invite: 'on',
        },
        { cookie: staff },
      ),
    )) as Response
    const id = findPersonIdByEmail(db, 'awa.ndiaye@example.sn')!
    expect(res.headers.get('Location')).toBe(`/staff/people/${id}`)
    expect(db.select().from(s.people).where(eq(s.people.id, id)).get()!.passwordHash).toBeNull()
    const invitation = db.select().from(s.outbox).where(eq(s.outbox.toAddress, 'awa.ndiaye@example.sn')).get()!
    expect(invitation.language).toBe('fr')
    expect(invitation.text).toMatch(/\/signup\//)
    const again = await run(
      newPerson.action,
      formRequest('/staff/people/new', { name: 'Dup', email: 'AWA.NDIAYE@example.sn' }, { cookie: staff }),
    )
    expect(statusOf(again)).toBe(400)
  })
})

describe('member type', () => {
  it('a participant can no longer choose ALAC member themselves', async () => {
    const cookie = await cookieFor(DEMO_ACCOUNTS.participant)
    const me = db
      .select()
      .from(s.people)
      .where(eq(sql`lower(${s.people.email})`, DEMO_ACCOUNTS.participant))
      .get()!
    const res = await run(
      profile.action,
      formRequest(
        '/profile',
        {
          name: me.name,
          preferredLanguage: me.preferredLanguage,
          timeZone: me.timeZone,
          regionCode: me.regionCode ?? '',
          structureId: '',
          memberType: 'alac_member',
        },
        { cookie },
      ),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toEqual({ errors: { memberType: ['errors.field.memberTypeVerified'] } })
  })
})

afterAll(() => expectSearchIndexIntact(db))
