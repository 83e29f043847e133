import { and, eq, like } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as staffHome from '~/routes/staff._index'
import * as staffStatement from '~/routes/staff.statements_.$id'
import * as statementsPage from '~/routes/statements._index'
import * as volunteerPage from '~/routes/statements.$id.volunteer'
import { audienceCounts } from '~/services/newsletters/audiences.server'
import { createStatement } from '~/services/participation.server'
import {
  advanceStatement,
  callForVolunteers,
  choosePenholders,
  listStatements,
  upcomingDeadlines,
} from '~/services/statements.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

const BASE_URL = 'http://app.test'
let db: DB
let staffId: number
let staff: string

function newCall(title: string, texts?: Partial<Record<s.Language, { title: string; summary: string }>>) {
  return createStatement(
    db,
    {
      title,
      topics: ['DNS'],
      publishedAt: new Date(),
      url: null,
      penholders: '',
      volunteers: '',
      kind: 'public_comment',
      stage: 'call_for_volunteers',
      texts: texts ?? { en: { title, summary: 'Why it matters <b>now</b>.' } },
      deadline: new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10),
    },
    staffId,
  ).id
}

const stageOf = (id: number) => db.select().from(s.policyStatements).where(eq(s.policyStatements.id, id)).get()!

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 60 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.staff)).get()!.id
})

describe('the statement pipeline', () => {
  it('moves forward (a stage may be skipped), dates each stage, never back, and ends at submitted or withdrawn', () => {
    const id = newCall('Stages')
    const now = new Date('2026-12-01T10:00:00Z')
    expect(advanceStatement(db, { statementId: id, stage: 'drafting' }, { actorId: staffId, now })).toEqual({
      ok: true,
    })
    expect(advanceStatement(db, { statementId: id, stage: 'call_for_volunteers' }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'badTransition',
    })
    const later = new Date('2026-12-20T10:00:00Z')
    expect(advanceStatement(db, { statementId: id, stage: 'alac_vote' }, { actorId: staffId, now: later }).ok).toBe(
      true,
    )
    const submitted = new Date('2027-01-05T10:00:00Z')
    expect(advanceStatement(db, { statementId: id, stage: 'submitted' }, { actorId: staffId, now: submitted }).ok).toBe(
      true,
    )
    const row = stageOf(id)
    expect(row.stage).toBe('submitted')
    expect(row.stageDates).toMatchObject({ drafting: '2026-12-01', alac_vote: '2026-12-20', submitted: '2027-01-05' })
    expect(row.publishedAt.toISOString()).toBe(submitted.toISOString())
    expect(advanceStatement(db, { statementId: id, stage: 'withdrawn' }, { actorId: staffId }).ok).toBe(false)

    const other = newCall('Withdrawn one')
    expect(advanceStatement(db, { statementId: other, stage: 'withdrawn' }, { actorId: staffId }).ok).toBe(true)
    expect(advanceStatement(db, { statementId: 99_999, stage: 'drafting' }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'notFound',
    })
  })

  it('mails the call for volunteers to an audience in each reader’s language, once, with the fallback marked', async () => {
    const id = newCall('Call for the LACRALO', {
      en: { title: 'Registration data: response', summary: 'Short <i>summary</i>.' },
      fr: { title: 'Données d’enregistrement : réponse', summary: 'Résumé.' },
    })
    const audience = db.select().from(s.audiences).where(eq(s.audiences.name, 'LACRALO, Spanish speakers')).get()!
    const expected = audienceCounts(db, audience.criteria).recipients
    expect(expected).toBeGreaterThan(0)
    const first = await callForVolunteers(
      db,
      { statementId: id, audienceId: audience.id },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(first).toEqual({ ok: true, queued: expected })
    const again = await callForVolunteers(
      db,
      { statementId: id, audienceId: audience.id },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(again).toEqual({ ok: true, queued: 0 })
    const mails = db
      .select()
      .from(s.outbox)
      .where(like(s.outbox.uniqueKey, `statement:${id}:call:%`))
      .all()
    expect(mails).toHaveLength(expected)
    const mail = mails[0]
    expect(mail.language).toBe('es')
    expect(mail.subject).toBe('Convocatoria de voluntarios: Registration data: response')
    expect(mail.text).toContain('Esta declaración aún no está disponible en su idioma')
    expect(mail.text).toContain(`${BASE_URL}/statements/${id}/volunteer`)
    expect(mail.html).toContain('Short &lt;i&gt;summary&lt;/i&gt;.')

    advanceStatement(db, { statementId: id, stage: 'drafting' }, { actorId: staffId })
    expect(
      await callForVolunteers(
        db,
        { statementId: id, audienceId: audience.id },
        { actorId: staffId, baseUrl: BASE_URL },
      ),
    ).toEqual({ ok: false, error: 'notCalling' })
  })

  it('lets a signed-in member volunteer in one click, and staff choose penholders among the volunteers only', async () => {
    const id = newCall('Volunteering')
    const path = `/statements/${id}/volunteer`
    const anonymous = await run(volunteerPage.loader, getRequest(path), { id: String(id) })
    expect(statusOf(anonymous)).toBe(302)
    expect((anonymous as Response).headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)

    const participant = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!
    const cookie = await cookieFor(DEMO_ACCOUNTS.participant)
    const clicked = await run(volunteerPage.action, formRequest(path, {}, { cookie }), { id: String(id) })
    expect(statusOf(clicked)).toBe(303)
    const page = dataOf<{ already: boolean }>(
      await run(volunteerPage.loader, getRequest(path, { cookie }), { id: String(id) }),
    )
    expect(page.already).toBe(true)
    const records = db
      .select()
      .from(s.participationRecords)
      .where(
        and(
          eq(s.participationRecords.personId, participant.id),
          eq(s.participationRecords.sourceId, id),
          eq(s.participationRecords.kind, 'drafting_volunteer'),
        ),
      )
      .all()
    expect(records).toHaveLength(1)

    const outsider = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.analyst)).get()!
    expect(choosePenholders(db, { statementId: id, personIds: [outsider.id] }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'notVolunteer',
    })
    const chosen = await run(
      staffStatement.action,
      formRequest(
        `/staff/statements/${id}`,
        { intent: 'penholders', penholderIds: String(participant.id) },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(statusOf(chosen)).toBe(303)
    expect(listStatements(db, { penholderId: participant.id }).map((x) => x.id)).toContain(id)

    // Once submitted, nobody can volunteer any more.
    advanceStatement(db, { statementId: id, stage: 'submitted' }, { actorId: staffId })
    const late = await run(
      volunteerPage.action,
      formRequest(path, {}, { cookie: await cookieFor(DEMO_ACCOUNTS.analyst) }),
      {
        id: String(id),
      },
    )
    expect(statusOf(late)).toBe(409)
    // Only staff move statements.
    const refused = await run(
      staffStatement.action,
      formRequest(`/staff/statements/${id}`, { intent: 'stage', stage: 'withdrawn' }, { cookie }),
      { id: String(id) },
    )
    expect(statusOf(refused)).toBe(403)
  })
})

describe('the public list and the staff overview', () => {
  type Page = { statements: { id: number; stage: string; kind: string; text: { title: string; fallback: boolean } }[] }
  const list = async (query: string, language = 'en') =>
    dataOf<Page>(
      await run(statementsPage.loader, getRequest(`/statements${query}`, { headers: { 'Accept-Language': language } })),
    ).statements

  it('filters by kind, stage, year, region of the penholders and accent-insensitive words, in the reader’s language', async () => {
    const all = await list('')
    for (const stage of s.STATEMENT_STAGES)
      expect(
        all.some((x) => x.stage === stage),
        stage,
      ).toBe(true)
    expect((await list('?kind=advice')).every((x) => x.kind === 'advice')).toBe(true)
    const drafting = await list('?stage=drafting')
    expect(drafting.length).toBeGreaterThan(0)
    expect(drafting.every((x) => x.stage === 'drafting')).toBe(true)
    // Spanish words without their accents find the Spanish text; French the French one.
    const es = await list('?q=registracion', 'es')
    expect(es.length).toBeGreaterThan(0)
    expect(es.every((x) => /registración/i.test(x.text.title) || x.text.fallback)).toBe(true)
    expect((await list('?q=ACCEPTATION%20universelle', 'fr')).map((x) => x.text.title)).toContain(
      'Acceptation universelle des noms de domaine internationalisés : réponse à la consultation publique',
    )
    // The call for volunteers has no Spanish text: shown in English, marked.
    const call = (await list('?stage=call_for_volunteers', 'es')).find((x) => x.text.title.includes('Universal'))!
    expect(call.text.fallback).toBe(true)
    expect(call.text.title).toMatch(/^Universal Acceptance/)
    // Years and regions agree with the data.
    const y2019 = await list('?year=2019')
    expect(y2019.length).toBe(listStatements(db).filter((x) => x.publishedAt.getUTCFullYear() === 2019).length)
    const afralo = await list('?region=AFRALO')
    expect(afralo.length).toBe(
      listStatements(db).filter((x) => x.penholders.some((p) => p.regionCode === 'AFRALO')).length,
    )
    // Nonsense filters are ignored, not errors.
    expect((await list('?kind=<script>&year=abc&stage=x')).length).toBe(all.length)
  })

  it('shows staff the statements with a deadline in the next fourteen days', async () => {
    const soon = upcomingDeadlines(db, 'en')
    expect(soon.map((x) => x.stage).sort()).toEqual(['alac_vote', 'comment_period', 'drafting'])
    const home = dataOf<{ deadlines: unknown[] }>(await run(staffHome.loader, getRequest('/staff', { cookie: staff })))
    expect(home.deadlines).toEqual(soon)
  })
})
