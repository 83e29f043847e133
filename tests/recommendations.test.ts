import { and, eq, gte, lt, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as page from '~/routes/analysis.recommendations.$id'
import * as newPage from '~/routes/analysis.recommendations.new'
import * as tracker from '~/routes/analysis.tracker'
import * as report from '~/routes/analysis.tracker_.report'
import * as publicPage from '~/routes/summits.$slug.recommendations'
import { findPersonIdByEmail } from '~/services/people.server'
import { progressReport } from '~/services/progress-report.server'
import {
  createRecommendation,
  listRecommendations,
  setRecommendationStatus,
  summitRecommendations,
} from '~/services/recommendations.server'
import { createMilestone, createReviewItem, updateMilestone } from '~/services/tracker.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let staff: string
let analyst: string
let participant: string
let staffId: number

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  await seededDb({ participants: 5 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
  staffId = findPersonIdByEmail(getDb(), DEMO_ACCOUNTS.staff)!
})

/** A form post with repeated fields (milestoneIds). */
function post(path: string, fields: [string, string][], cookie: string) {
  return new Request(`http://app.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  })
}

const thematicGroup = (n: number) =>
  getDb().select().from(s.workingGroups).where(eq(s.workingGroups.kind, 'thematic')).orderBy(s.workingGroups.id).all()[
    n - 1
  ]

describe('recommendations', () => {
  it('has the five ATLAS II reports’ recommendations in the demo data, each with a dated history', () => {
    const db = getDb()
    const summit = db.select().from(s.events).where(eq(s.events.kind, 'summit')).get()!
    const view = summitRecommendations(db, summit.id, 'es')
    expect(view.groups).toHaveLength(5)
    expect(view.groups.every((g) => g.recommendations.length >= 2 && g.reportUrl)).toBe(true)
    expect(Object.values(view.counts).reduce((a, b) => a + b, 0)).toBe(view.total)
    const rejected = view.groups.flatMap((g) => g.recommendations).find((r) => r.status === 'rejected')!
    expect(rejected.rejectionReason?.language).toBe('es')
    expect(rejected.text.text).toMatch(/informe anual/)
    for (const r of listRecommendations(db, 'en')) {
      expect(r.history[0].status).toBe('proposed')
      expect(r.history.at(-1)!.status).toBe(r.status)
    }
  })

  it('moves forward only, needs a reason to reject, and dates every step', () => {
    const db = getDb()
    const created = createRecommendation(
      db,
      {
        reference: 'T-1',
        text: { en: 'Test <b>recommendation</b>' },
        owner: 'ALAC',
        source: { kind: 'summit_group', id: thematicGroup(2).id },
        milestoneIds: [],
      },
      { actorId: staffId, now: new Date('2030-01-10T10:00:00Z') },
    )
    expect(created.ok).toBe(true)
    const id = (created as { id: number }).id
    const move = (status: s.RecommendationStatus, reason = '', day = '2030-02-01') =>
      setRecommendationStatus(
        db,
        { id, status, reason, language: 'fr' },
        { actorId: staffId, now: new Date(`${day}T10:00:00Z`) },
      )
    expect(move('implemented')).toEqual({ ok: false, error: 'badTransition' })
    expect(move('rejected')).toEqual({ ok: false, error: 'reason' })
    expect(move('accepted', '', '2030-02-01')).toEqual({ ok: true })
    expect(move('in_progress', '', '2030-03-01')).toEqual({ ok: true })
    expect(move('accepted')).toEqual({ ok: false, error: 'badTransition' })
    expect(move('implemented', '', '2030-09-01')).toEqual({ ok: true })
    expect(move('rejected', 'too late')).toEqual({ ok: false, error: 'badTransition' })
    const r = listRecommendations(db, 'en', { id })[0]
    expect(r.history.map((h) => [h.status, h.changedAt.toISOString().slice(0, 10), h.by])).toEqual([
      ['proposed', '2030-01-10', 'Silvia Staff'],
      ['accepted', '2030-02-01', 'Silvia Staff'],
      ['in_progress', '2030-03-01', 'Silvia Staff'],
      ['implemented', '2030-09-01', 'Silvia Staff'],
    ])
    // The summit's public list has it (its source is an ATLAS II group).
    expect(r.eventId).toBe(thematicGroup(2).eventId)
  })

  it('lets staff record one through the form, with translated errors and nothing stored on a bad post', async () => {
    const db = getDb()
    const count = () =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(s.recommendations)
        .get()!.n
    const before = count()
    const milestone = db.select().from(s.reviewMilestones).get()!
    const good: [string, string][] = [
      ['intent', 'save'],
      ['reference', 'TG1-9'],
      ['textEn', 'Publish the <script>alert(1)</script> minutes.'],
      ['textFr', 'Publier les comptes rendus.'],
      ['owner', 'ICANN org'],
      ['source', `summit_group:${thematicGroup(1).id}`],
      ['milestoneIds', String(milestone.id)],
    ]
    expect(statusOf(await run(newPage.action, post('/analysis/recommendations/new', good, analyst)))).toBe(403)
    const bad = await run(
      newPage.action,
      post(
        '/analysis/recommendations/new',
        [
          ['reference', 'TG 1'],
          ['textEn', ''],
          ['owner', 'x\ny'],
          ['source', 'summit_group:abc'],
        ],
        staff,
      ),
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(bad).errors).toEqual({
      reference: ['errors.recommendation.reference'],
      textEn: ['errors.field.required'],
      owner: ['errors.field.lineBreak'],
      source: ['errors.recommendation.source'],
    })
    const missing = await run(
      newPage.action,
      post(
        '/analysis/recommendations/new',
        good.map(([k, v]) => [k, k === 'source' ? 'survey:999999' : v]),
        staff,
      ),
    )
    expect(dataOf<{ errors: Record<string, string[]> }>(missing).errors).toEqual({
      source: ['errors.recommendation.source'],
    })
    const taken = await run(
      newPage.action,
      post(
        '/analysis/recommendations/new',
        good.map(([k, v]) => [k, k === 'reference' ? 'tg4-2' : v]),
        staff,
      ),
    )
    expect(statusOf(taken)).toBe(409)
    expect(count()).toBe(before)

    const res = (await run(newPage.action, post('/analysis/recommendations/new', good, staff))) as Response
    expect(res.status).toBe(303)
    const id = Number(res.headers.get('Location')!.split('/').pop())
    const view = dataOf<{ recommendation: { status: string; milestones: { id: number }[]; text: { text: string } } }>(
      await run(page.loader, getRequest(`/analysis/recommendations/${id}`, { cookie: analyst }), { id: String(id) }),
    )
    // The analyst reads French; the text is stored as typed (React escapes it on the page).
    expect(view.recommendation).toMatchObject({
      status: 'proposed',
      milestones: [{ id: milestone.id }],
      text: { text: 'Publier les comptes rendus.' },
    })

    // Rejecting without a reason is refused with its message; with one, the reason is public.
    const noReason = await run(
      page.action,
      post(
        `/analysis/recommendations/${id}`,
        [
          ['intent', 'status'],
          ['status', 'rejected'],
        ],
        staff,
      ),
      { id: String(id) },
    )
    expect(statusOf(noReason)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(noReason).errors).toEqual({
      reason: ['errors.recommendation.reason'],
    })
    const rejected = await run(
      page.action,
      post(
        `/analysis/recommendations/${id}`,
        [
          ['intent', 'status'],
          ['status', 'rejected'],
          ['reason', 'Covered by TG1-2.'],
        ],
        staff,
      ),
      { id: String(id) },
    )
    expect(statusOf(rejected)).toBe(303)
    const publicView = dataOf<{
      groups: { recommendations: { reference: string; rejectionReason: { text: string } }[] }[]
    }>(
      await run(publicPage.loader, getRequest('/summits/atlas-ii-london-2014/recommendations'), {
        slug: 'atlas-ii-london-2014',
      }),
    )
    const shown = publicView.groups.flatMap((g) => g.recommendations).find((r) => r.reference === 'TG1-9')!
    expect(shown.rejectionReason.text).toBe('Covered by TG1-2.')
    // A status it can no longer reach is a conflict, not a 500.
    const again = await run(
      page.action,
      post(
        `/analysis/recommendations/${id}`,
        [
          ['intent', 'status'],
          ['status', 'accepted'],
        ],
        staff,
      ),
      { id: String(id) },
    )
    expect(statusOf(again)).toBe(409)
    expect(
      statusOf(await run(page.loader, getRequest('/analysis/recommendations/1', { cookie: participant }), { id: '1' })),
    ).toBe(403)
    expect(
      statusOf(
        await run(page.loader, getRequest('/analysis/recommendations/99999', { cookie: staff }), { id: '99999' }),
      ),
    ).toBe(404)
  })
})

describe('tracker editing', () => {
  it('adds issues and milestones from the app, refusing a taken number or label', async () => {
    const item = (fields: Record<string, string>) =>
      run(tracker.action, formRequest('/analysis/tracker', { intent: 'item', ...fields }, { cookie: staff }))
    const fields = {
      number: '7',
      titleEn: 'Communication',
      titleEs: 'Comunicación',
      descriptionEn: 'Newsletters and the website.',
      startDate: '2021-01-15',
      owner: 'ALAC',
    }
    const badDate = await item({ ...fields, startDate: '2021-02-30' })
    expect(statusOf(badDate)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]>; at: string }>(badDate)).toEqual({
      errors: { startDate: ['errors.field.date'] },
      at: 'item-new',
    })
    expect(statusOf(await item({ ...fields, number: '2' }))).toBe(409)
    expect(statusOf(await item(fields))).toBe(303)
    const db = getDb()
    const created = db.select().from(s.reviewItems).where(eq(s.reviewItems.number, 7)).get()!
    expect(created.title).toEqual({ en: 'Communication', es: 'Comunicación' })

    const milestone = (extra: Record<string, string>) =>
      run(
        tracker.action,
        formRequest(
          '/analysis/tracker',
          {
            intent: 'new-milestone',
            itemId: String(created.id),
            label: 'a',
            titleEn: 'Plan',
            percentComplete: '10',
            ...extra,
          },
          { cookie: staff },
        ),
      )
    expect(statusOf(await milestone({ label: 'a b' }))).toBe(400)
    expect(statusOf(await milestone({}))).toBe(303)
    expect(statusOf(await milestone({}))).toBe(409)
    const rows = db.select().from(s.reviewMilestones).where(eq(s.reviewMilestones.reviewItemId, created.id)).all()
    expect(rows.map((m) => [m.label, m.percentComplete])).toEqual([['a', 10]])
    const history = db
      .select()
      .from(s.reviewMilestoneHistory)
      .where(eq(s.reviewMilestoneHistory.milestoneId, rows[0].id))
      .all()
    expect(history.map((h) => [h.field, h.newValue])).toEqual([['created', '10']])
    // An analyst cannot add anything.
    expect(
      statusOf(
        await run(
          tracker.action,
          formRequest('/analysis/tracker', { intent: 'item', ...fields, number: '8' }, { cookie: analyst }),
        ),
      ),
    ).toBe(403)
  })
})

describe('held over', () => {
  it('keeps the dependency as it is when a reader of another language saves the form unchanged', () => {
    const db = getDb()
    const at = (day: string) => ({ actorId: staffId, now: new Date(`${day}T09:00:00Z`) })
    const itemId = createReviewItem(
      db,
      { number: 41, title: { en: 'Tools' }, description: { en: 'Tools.' }, startDate: '2031-01-01', owner: 'Staff' },
      at('2031-01-02'),
    )
    const m = createMilestone(
      db,
      itemId,
      { label: 'a', title: { en: 'CRM' }, proposedEndDate: null, percentComplete: 0 },
      at('2031-01-03'),
    )!
    const save = (language: s.Language, held: string | null) =>
      updateMilestone(
        db,
        {
          milestoneId: m,
          percentComplete: 0,
          proposedEndDate: null,
          notes: '',
          notesLanguage: language,
          heldOverBy: held,
        },
        at('2031-02-01'),
      )
    save('en', 'CRM roll-out')
    // A French editor sees the English name (no French one yet) and saves without changing it.
    save('fr', 'CRM roll-out')
    const row = db.select().from(s.reviewMilestones).where(eq(s.reviewMilestones.id, m)).get()!
    expect(row.heldOverBy).toEqual({ en: 'CRM roll-out' })
    // Naming it in French adds the translation; emptying the field lifts the hold.
    save('fr', 'Déploiement du CRM')
    expect(db.select().from(s.reviewMilestones).where(eq(s.reviewMilestones.id, m)).get()!.heldOverBy).toEqual({
      en: 'CRM roll-out',
      fr: 'Déploiement du CRM',
    })
    save('fr', null)
    expect(db.select().from(s.reviewMilestones).where(eq(s.reviewMilestones.id, m)).get()!.heldOverBy).toBeNull()
    const history = db
      .select()
      .from(s.reviewMilestoneHistory)
      .where(eq(s.reviewMilestoneHistory.milestoneId, m))
      .all()
      .filter((h) => h.field === 'held_over')
    expect(history.map((h) => [h.oldValue, h.newValue])).toEqual([
      [null, 'CRM roll-out'],
      ['CRM roll-out', 'Déploiement du CRM'],
      ['Déploiement du CRM', null],
    ])
  })
})

describe('the six-monthly progress update', () => {
  it('rebuilds each milestone at both ends of the period from the history, and counts equal the data', async () => {
    const db = getDb()
    const at = (day: string) => ({ actorId: staffId, now: new Date(`${day}T09:00:00Z`) })
    const itemId = createReviewItem(
      db,
      {
        number: 40,
        title: { en: 'Outreach' },
        description: { en: 'Outreach.' },
        startDate: '2031-01-01',
        owner: 'ALAC',
      },
      at('2031-01-05'),
    )
    const m = createMilestone(
      db,
      itemId,
      { label: 'a', title: { en: 'Regional events' }, proposedEndDate: '2031-10-31', percentComplete: 0 },
      at('2031-02-01'),
    )!
    const save = (percent: number, held: string | null, day: string) =>
      updateMilestone(
        db,
        {
          milestoneId: m,
          percentComplete: percent,
          proposedEndDate: '2031-10-31',
          notes: '',
          notesLanguage: 'en',
          heldOverBy: held,
        },
        at(day),
      )
    save(40, null, '2031-03-01')
    save(40, 'Travel budget approval', '2031-05-01')
    save(80, 'Travel budget approval', '2031-08-01')
    save(100, null, '2031-11-15')

    const first = progressReport(db, '2031-01-01', '2031-06-30', 'en')
    const own = (r: typeof first) => r.tracker.find((i) => i.number === 40)!.milestones[0]
    expect(own(first)).toMatchObject({
      isNew: true,
      before: null,
      after: { percentComplete: 40, heldOverBy: 'Travel budget approval' },
      overdue: false,
    })
    const second = progressReport(db, '2031-07-01', '2031-12-31', 'en')
    expect(own(second)).toMatchObject({
      isNew: false,
      before: { percentComplete: 40, heldOverBy: 'Travel budget approval' },
      after: { percentComplete: 100, heldOverBy: null },
      changed: true,
    })
    expect(
      second.trackerChanges.filter((c) => c.itemNumber === 40).map((c) => [c.field, c.oldValue, c.newValue]),
    ).toEqual([
      ['percent_complete', '40', '80'],
      ['percent_complete', '80', '100'],
      ['held_over', 'Travel budget approval', null],
    ])
    // A period before the milestone existed leaves it out; a later one starts where the last ended.
    expect(progressReport(db, '2030-07-01', '2030-12-31', 'en').tracker.find((i) => i.number === 40)).toBeUndefined()
    expect(own(progressReport(db, '2032-01-01', '2032-06-30', 'en'))).toMatchObject({
      before: { percentComplete: 100 },
      after: { percentComplete: 100 },
      changed: false,
    })
  })

  it('matches the December 2020 update of the demo data, and counts recommendations and participation as the tables do', () => {
    const db = getDb()
    const r = progressReport(db, '2020-07-01', '2020-12-31', 'fr')
    const seeded = (item: number, label: string) =>
      r.tracker.find((i) => i.number === item)!.milestones.find((m) => m.label === label)!
    expect(seeded(2, 'a')).toMatchObject({ before: { percentComplete: 80 }, after: { percentComplete: 100 } })
    expect(seeded(2, 'b')).toMatchObject({
      before: { percentComplete: 30, proposedEndDate: '2020-10-31' },
      after: { percentComplete: 70, proposedEndDate: '2020-12-04' },
      overdue: true,
    })
    expect(seeded(2, 'b-1').isNew).toBe(true)
    expect(seeded(16, 'a')).toMatchObject({
      before: { percentComplete: 20, heldOverBy: null },
      after: { percentComplete: 35, heldOverBy: "Déploiement de l'outil CRM par l'organisation ICANN" },
      overdue: false,
    })

    // Recommendation statuses at each end, counted straight from the history table.
    const statusAt = (day: string) => {
      const rows = db.all<{ status: s.RecommendationStatus }>(
        sql`select h.status from recommendation_history h
            where h.id = (select h2.id from recommendation_history h2 where h2.recommendation_id = h.recommendation_id
                          and h2.changed_at < ${Date.parse(`${day}T00:00:00Z`)} order by h2.changed_at desc, h2.id desc limit 1)`,
      )
      const counts: Record<string, number> = { proposed: 0, accepted: 0, in_progress: 0, implemented: 0, rejected: 0 }
      for (const row of rows) counts[row.status] += 1
      return counts
    }
    expect(r.recommendations.before).toEqual(statusAt('2020-07-01'))
    expect(r.recommendations.after).toEqual(statusAt('2021-01-01'))
    expect(r.recommendations.moves.map((m) => `${m.reference}:${m.from}>${m.to}`)).toEqual([
      'TG5-3:accepted>in_progress',
      'ARI-2:null>proposed',
      // Same day (20 November 2020): in the order they were recorded.
      'TG5-1:accepted>in_progress',
      'ARI-2:proposed>accepted',
      'ARI-2:accepted>in_progress',
    ])

    // Participation: the same counts as a plain count of the records in each period.
    const records = (from: string, to: string) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(s.participationRecords)
        .where(
          and(
            gte(s.participationRecords.occurredAt, new Date(`${from}T00:00:00Z`)),
            lt(s.participationRecords.occurredAt, new Date(`${to}T00:00:00Z`)),
          ),
        )
        .get()!.n
    const wide = progressReport(db, '2014-01-01', '2014-12-31', 'en')
    expect(wide.participation.total.now).toBe(records('2014-01-01', '2015-01-01'))
    expect(wide.participation.total.before).toBe(records('2013-01-01', '2014-01-01'))
    expect(wide.participation.total.now).toBeGreaterThan(0)
    expect(wide.participation.kinds.reduce((sum, k) => sum + k.now, 0)).toBe(wide.participation.total.now)
  })

  it('prints in the language asked for, escapes what people wrote, and refuses dates that do not exist', async () => {
    const db = getDb()
    db.update(s.reviewItems).set({ owner: 'ALAC <script>x</script>' }).where(eq(s.reviewItems.number, 16)).run()
    const res = (await run(
      report.loader,
      getRequest('/analysis/tracker/report?from=2020-07-01&to=2020-12-31&lang=es', { cookie: analyst }),
    )) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    const html = await res.text()
    expect(html).toContain('<html lang="es">')
    expect(html).toContain('Implementación de la revisión de At-Large')
    expect(html).toContain('Aplazado: Despliegue de la herramienta CRM')
    expect(html).toContain('ALAC &lt;script&gt;x&lt;/script&gt;')
    expect(html).not.toContain('<script>x')
    const bad = (await run(
      report.loader,
      getRequest('/analysis/tracker/report?from=2020-02-30&to=2020-12-31&lang=fr', { cookie: analyst }),
    )) as Response
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/Choisissez une période/)
    expect(
      statusOf(await run(report.loader, getRequest('/analysis/tracker/report?lang=de', { cookie: analyst }))),
    ).toBe(400)
    expect(statusOf(await run(report.loader, getRequest('/analysis/tracker/report', { cookie: participant })))).toBe(
      403,
    )
  })
})
