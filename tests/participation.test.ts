import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { readMetricsQuery } from '~/lib/metrics-query'
import * as overview from '~/routes/analysis.participation._index'
import * as exportCsv from '~/routes/analysis.participation.export.$table'
import * as peoplePage from '~/routes/analysis.participation.people'
import * as recordsPage from '~/routes/analysis.participation.records'
import * as structuresPage from '~/routes/analysis.participation.structures'
import * as mine from '~/routes/participation'
import * as staffStatements from '~/routes/staff.statements'
import * as group from '~/routes/staff.working-groups.$id'
import * as statementsPage from '~/routes/statements._index'
import { listRecords, monthlyTrends, regionMetrics, structureMetrics } from '~/services/metrics.server'
import { createStatement, recordMeetingAttendance } from '~/services/participation.server'
import { registerForEvent } from '~/services/registrations.server'
import { listStatements } from '~/services/statements.server'
import { insertHeldMeeting } from '~/services/working-group-meetings.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let analyst: string
let participant: string
let staffId: number
const lastYear = () => readMetricsQuery(new URLSearchParams()).period

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 120 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
  staffId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.staff)).get()!.id
})

describe('participation metrics on the demo data', () => {
  it('shows working-group attendance, volunteering and statements for all five regions over the last twelve months', () => {
    const regions = regionMetrics(db, lastYear())
    expect(regions.map((r) => r.regionCode)).toEqual(['AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'])
    for (const r of regions) {
      expect(r.counts.working_group_meeting_attended, r.regionCode).toBeGreaterThan(0)
      expect(r.meetingAttendanceRate!, r.regionCode).toBeGreaterThan(0)
      expect(r.meetingAttendanceRate!, r.regionCode).toBeLessThanOrEqual(1)
    }
    // Eight recent statements; the one still calling for volunteers has no penholder yet.
    expect(regions.reduce((a, r) => a + r.counts.statement_penholder, 0)).toBe(7)
    // EURALO's members come to more of their meetings than APRALO's in the demo data.
    const rate = (code: string) => regions.find((r) => r.regionCode === code)!.meetingAttendanceRate!
    expect(rate('EURALO')).toBeGreaterThan(rate('APRALO'))
  })

  it('flags the structures with no participation in the last six months', () => {
    const structures = structureMetrics(db, lastYear())
    const flagged = structures.filter((x) => x.inactive)
    expect(flagged.length).toBeGreaterThanOrEqual(3)
    for (const x of flagged)
      expect(x.lastActivity === null || x.lastActivity < new Date(Date.now() - 150 * 86400_000)).toBe(true)
    expect(structures.filter((x) => !x.inactive).length).toBeGreaterThan(5)
  })

  it('has the records behind every figure: a region’s count is the number of records the link lists', async () => {
    const period = lastYear()
    const euralo = regionMetrics(db, period).find((r) => r.regionCode === 'EURALO')!
    expect(listRecords(db, period, { regionCode: 'EURALO', kind: 'working_group_meeting_attended' }).total).toBe(
      euralo.counts.working_group_meeting_attended,
    )
    const page = dataOf<{ total: number; rows: { kind: string; regionCode: string; about: string }[] }>(
      await run(
        recordsPage.loader,
        getRequest(
          `/analysis/participation/records?from=${period.fromText}&to=${period.toText}&region=EURALO&kind=working_group_meeting_attended`,
          { cookie: analyst },
        ),
      ),
    )
    expect(page.total).toBe(euralo.counts.working_group_meeting_attended)
    expect(page.rows.every((r) => r.regionCode === 'EURALO' && r.kind === 'working_group_meeting_attended')).toBe(true)
    expect(page.rows[0].about).toMatch(/CPWG|OFB-WG/)
  })

  it('lists the people of one structure when a structure is chosen', async () => {
    const structure = structureMetrics(db, lastYear()).find((x) => x.total > 0)!
    const d = dataOf<{ rows: { structureName: string }[]; structures: unknown[] }>(
      await run(
        peoplePage.loader,
        getRequest(`/analysis/participation/people?structure=${structure.id}`, { cookie: analyst }),
      ),
    )
    expect(d.rows.length).toBeGreaterThan(0)
    expect(d.rows.every((r) => r.structureName === structure.name)).toBe(true)
    expect(d.structures.length).toBe(16)
  })

  it('puts every record of the period in its calendar month', () => {
    const period = readMetricsQuery(new URLSearchParams({ from: '2014-01-01', to: '2014-12-31' })).period
    const months = monthlyTrends(db, period)
    expect(months.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2014-${String(i + 1).padStart(2, '0')}`),
    )
    expect(months.reduce((a, m) => a + m.total, 0)).toBe(listRecords(db, period, {}).total)
    // The summit (21–26 June 2014) is in June.
    expect(months.find((m) => m.month === '2014-06')!.counts.summit_attended).toBeGreaterThan(0)
    expect(months.filter((m) => m.month !== '2014-06').every((m) => m.counts.summit_attended === 0)).toBe(true)
  })

  it('reads a period from the address, swapping a reversed one and ignoring nonsense', () => {
    const p = readMetricsQuery(new URLSearchParams({ from: '2014-12-31', to: '2014-01-01' })).period
    expect([p.fromText, p.toText]).toEqual(['2014-01-01', '2014-12-31'])
    expect(p.to.toISOString()).toBe('2015-01-01T00:00:00.000Z')
    const q = readMetricsQuery(
      new URLSearchParams({ from: 'yesterday', to: '2014-02-31x' }),
      new Date('2026-11-22T10:00:00Z'),
    ).period
    expect([q.fromText, q.toText]).toEqual(['2025-11-23', '2026-11-22'])
  })
})

describe('what staff record', () => {
  it('stores bulk attendance for known addresses and reports the lines it could not use', async () => {
    const cpwg = db.select().from(s.workingGroups).where(eq(s.workingGroups.kind, 'standing')).get()!
    const meeting = {
      id: insertHeldMeeting(db, { groupId: cpwg.id, heldAt: new Date(Date.now() - 3 * 86400_000), title: 'Extra call' })
        .meetingId,
    }
    const someone = db.select().from(s.people).where(eq(s.people.preferredLanguage, 'fr')).all().slice(0, 2)
    const text = [
      `"${someone[0].name}",${someone[0].email.toUpperCase()}`,
      `${someone[1].name} <${someone[1].email}>`,
      'Ghost <ghost@example.com>',
      'just a name',
      `${someone[0].email}`,
    ].join('\n')
    const res = await run(
      group.action,
      formRequest(
        `/staff/working-groups/${cpwg.id}`,
        { intent: 'attendance', meetingId: String(meeting.id), attendees: text },
        { cookie: staff },
      ),
      { id: String(cpwg.id) },
    )
    expect(statusOf(res)).toBe(200)
    const result = dataOf<{ result: { stored: number; already: number; failed: { line: number; reason: string }[] } }>(
      res,
    ).result
    expect(result.stored).toBe(2)
    expect(result.already).toBe(1)
    expect(result.failed).toEqual([
      { line: 3, text: 'Ghost <ghost@example.com>', reason: 'unknown' },
      { line: 4, text: 'just a name', reason: 'noEmail' },
    ])
    const records = db
      .select()
      .from(s.participationRecords)
      .where(eq(s.participationRecords.sourceId, meeting.id))
      .all()
      .filter((r) => r.sourceType === 'working_group_meeting')
    expect(records.map((r) => r.personId).sort()).toEqual(someone.map((p) => p.id).sort())
    expect(recordMeetingAttendance(db, 999_999, 'x@example.com', staffId)).toBeNull()
  })

  it('creates the people a pasted list does not know yet, named from their line, and adds them', async () => {
    const cpwg = db.select().from(s.workingGroups).where(eq(s.workingGroups.kind, 'standing')).get()!
    const meeting = {
      id: insertHeldMeeting(db, {
        groupId: cpwg.id,
        heldAt: new Date(Date.now() - 2 * 86400_000),
        title: 'Call with newcomers',
      }).meetingId,
    }
    const post = (attendees: string, extra: Record<string, string> = {}) =>
      run(
        group.action,
        formRequest(
          `/staff/working-groups/${cpwg.id}`,
          { intent: 'attendance', meetingId: String(meeting.id), attendees, ...extra },
          { cookie: staff },
        ),
        { id: String(cpwg.id) },
      )
    const text = 'Aïssatou Diallo <aissatou.diallo@example.sn>\nkwame.mensah@example.gh'
    const first = dataOf<{ result: { stored: number; failed: { reason: string }[] } }>(await post(text)).result
    expect(first.stored).toBe(0)
    expect(first.failed.map((f) => f.reason)).toEqual(['unknown', 'unknown'])
    expect(db.select().from(s.people).where(eq(s.people.email, 'kwame.mensah@example.gh')).get()).toBeUndefined()

    const second = await post(text, { createUnknown: 'yes' })
    expect(statusOf(second)).toBe(200)
    expect(dataOf<{ result: { stored: number; failed: unknown[] } }>(second).result).toMatchObject({
      stored: 2,
      failed: [],
    })
    const created = ['aissatou.diallo@example.sn', 'kwame.mensah@example.gh'].map((email) =>
      db.select().from(s.people).where(eq(s.people.email, email)).get()!,
    )
    expect(created.map((p) => p.name)).toEqual(['Aïssatou Diallo', 'Kwame Mensah'])
    expect(created.every((p) => p.passwordHash === null)).toBe(true)
    const records = db
      .select()
      .from(s.participationRecords)
      .where(eq(s.participationRecords.sourceId, meeting.id))
      .all()
      .filter((r) => r.sourceType === 'working_group_meeting')
    expect(records.map((r) => r.personId).sort()).toEqual(created.map((p) => p.id).sort())
    // An analyst cannot create people this way.
    const denied = await run(
      group.action,
      formRequest(
        `/staff/working-groups/${cpwg.id}`,
        { intent: 'attendance', meetingId: String(meeting.id), attendees: 'x.y@example.org', createUnknown: 'yes' },
        { cookie: analyst },
      ),
      { id: String(cpwg.id) },
    )
    expect(statusOf(denied)).toBe(403)
    expect(db.select().from(s.people).where(eq(s.people.email, 'x.y@example.org')).get()).toBeUndefined()
  })

  it('adds a meeting only with a real time in a real zone', async () => {
    const cpwg = db.select().from(s.workingGroups).where(eq(s.workingGroups.kind, 'standing')).get()!
    const bad = await run(
      group.action,
      formRequest(
        `/staff/working-groups/${cpwg.id}`,
        { intent: 'add-meeting', title: 'Call', date: 'tomorrow', time: '1pm', timeZone: 'Mars/Base' },
        { cookie: staff },
      ),
      { id: String(cpwg.id) },
    )
    expect(statusOf(bad)).toBe(400)
    expect(Object.keys(dataOf<{ errors: Record<string, string[]> }>(bad).errors).sort()).toEqual([
      'date',
      'time',
      'timeZone',
    ])
    const ok = await run(
      group.action,
      formRequest(
        `/staff/working-groups/${cpwg.id}`,
        { intent: 'add-meeting', title: 'CPWG call', date: '2026-11-25', time: '13:00', timeZone: 'UTC' },
        { cookie: staff },
      ),
      { id: String(cpwg.id) },
    )
    expect(statusOf(ok)).toBe(303)
  })

  it('records a statement with penholders and volunteers, reports unknown addresses, and filters the list', async () => {
    const [a, b] = db.select().from(s.people).where(eq(s.people.memberType, 'als_representative')).all()
    const res = await run(
      staffStatements.action,
      formRequest(
        '/staff/statements',
        {
          intent: 'create',
          title: 'ALAC Statement on Universal Acceptance',
          kind: 'public_comment',
          stage: 'submitted',
          date: '2026-10-01',
          url: 'https://atlarge.example.org/ua',
          topics: 'IDNs',
          otherTopic: 'Universal Acceptance',
          penholders: a.email,
          volunteers: `${b.email}\nnobody@example.com`,
        },
        { cookie: staff },
      ),
    )
    expect(statusOf(res)).toBe(200)
    expect(dataOf<{ failed: { reason: string }[] }>(res).failed).toEqual([
      { line: 2, text: 'nobody@example.com', reason: 'unknown' },
    ])
    const listed = listStatements(db, { topic: 'Universal Acceptance' })
    expect(listed.map((x) => x.title)).toEqual(['ALAC Statement on Universal Acceptance'])
    expect(listed[0].penholders.map((p) => p.personId)).toEqual([a.id])
    expect(listed[0].volunteers.map((p) => p.personId)).toEqual([b.id])
    expect(listStatements(db, { penholderId: a.id }).every((x) => x.penholders.some((p) => p.personId === a.id))).toBe(
      true,
    )
    const page = dataOf<{ statements: unknown[] }>(
      await run(statementsPage.loader, getRequest('/statements?topic=IDNs')),
    )
    expect(page.statements.length).toBe(listStatements(db, { topic: 'IDNs' }).length)
    // Bad input: no topic, no penholder, a javascript: link.
    const bad = await run(
      staffStatements.action,
      formRequest(
        '/staff/statements',
        {
          intent: 'create',
          title: 'x',
          kind: 'advice',
          stage: 'submitted',
          date: '2026-10-01',
          url: 'javascript:alert(1)',
          penholders: '',
        },
        { cookie: staff },
      ),
    )
    expect(statusOf(bad)).toBe(400)
    expect(Object.keys(dataOf<{ errors: Record<string, string[]> }>(bad).errors).sort()).toEqual([
      'penholders',
      'topics',
      'url',
    ])
    expect(createStatement).toBeTypeOf('function')
  })
})

describe('who sees what', () => {
  it('lets staff and analysts read the dashboards, not participants', async () => {
    for (const [cookie, expected] of [
      [staff, 200],
      [analyst, 200],
      [participant, 403],
    ] as const) {
      expect(statusOf(await run(overview.loader, getRequest('/analysis/participation', { cookie })))).toBe(expected)
      expect(
        statusOf(await run(structuresPage.loader, getRequest('/analysis/participation/structures', { cookie }))),
      ).toBe(expected)
      expect(
        statusOf(
          await run(exportCsv.loader, getRequest('/analysis/participation/export/regions', { cookie }), {
            table: 'regions',
          }),
        ),
      ).toBe(expected)
    }
  })

  it('lets only staff record meetings and statements', async () => {
    const cpwg = db.select().from(s.workingGroups).where(eq(s.workingGroups.kind, 'standing')).get()!
    expect(
      statusOf(
        await run(
          group.action,
          formRequest(`/staff/working-groups/${cpwg.id}`, { intent: 'attendance' }, { cookie: analyst }),
          { id: String(cpwg.id) },
        ),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(staffStatements.action, formRequest('/staff/statements', { intent: 'create' }, { cookie: analyst })),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(
          staffStatements.action,
          formRequest('/staff/statements', { intent: 'create' }, { cookie: participant }),
        ),
      ),
    ).toBe(403)
  })

  it('shows a participant their own history only, whatever the address says', async () => {
    const me = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!
    const other = db
      .select()
      .from(s.participationRecords)
      .all()
      .find((r) => r.personId !== me.id)!
    const d = dataOf<{ records: { rows: { personId: number }[] } }>(
      await run(
        mine.loader,
        getRequest(`/participation?from=2010-01-01&to=2030-01-01&person=${other.personId}`, { cookie: participant }),
      ),
    )
    expect(d.records.rows.every((r) => r.personId === me.id)).toBe(true)
    expect(statusOf(await run(mine.loader, getRequest('/participation')))).toBe(302)
  })
})

describe('my participation', () => {
  it('counts and lists the webinars a person registered for that are still to come', async () => {
    const me = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!
    const upcoming = db
      .select()
      .from(s.events)
      .all()
      .filter((e) => e.kind === 'webinar' && e.status === 'scheduled' && e.startsAt.getTime() > Date.now())
    expect(upcoming.length).toBeGreaterThan(0)
    for (const e of upcoming.slice(0, 2))
      registerForEvent(db, {
        eventId: e.id,
        personId: me.id,
        channelLanguage: 'es',
        dialOutNumber: null,
        baseUrl: 'https://x.example',
      })
    type Mine = Awaited<ReturnType<typeof mine.loader>>
    const d = dataOf<Mine>(await run(mine.loader, getRequest('/participation', { cookie: participant })))
    expect(d.upcoming.length).toBeGreaterThanOrEqual(Math.min(2, upcoming.length))
    expect(d.figures.counts.webinar_registered).toBeGreaterThanOrEqual(Math.min(2, upcoming.length))
  })
})

describe('exports', () => {
  it('gives every table as CSV with a BOM, and neutralises formula-like cells', async () => {
    db.update(s.structures).set({ name: '=HYPERLINK("http://evil.example")' }).where(eq(s.structures.id, 1)).run()
    for (const table of ['regions', 'months', 'structures', 'people', 'records']) {
      const res = (await run(
        exportCsv.loader,
        getRequest(`/analysis/participation/export/${table}?from=2010-01-01&to=2030-01-01`, { cookie: analyst }),
        { table },
      )) as Response
      expect(res.status, table).toBe(200)
      expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect([...bytes.slice(0, 3)], table).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(bytes)
      expect(text.split('\n').length, table).toBeGreaterThan(2)
      if (table === 'structures') {
        expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
        expect(text).not.toMatch(/^"?=HYPERLINK/m)
      }
    }
    expect(
      statusOf(
        await run(exportCsv.loader, getRequest('/analysis/participation/export/secrets', { cookie: analyst }), {
          table: 'secrets',
        }),
      ),
    ).toBe(404)
  })
})
