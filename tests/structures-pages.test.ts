import { eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as ralo from '~/routes/ralo'
import * as list from '~/routes/staff.structures._index'
import * as page from '~/routes/staff.structures.$id'
import * as criteria from '~/routes/staff.structures.criteria'
import * as create from '~/routes/staff.structures.new'
import * as publicList from '~/routes/structures._index'
import * as apply from '~/routes/structures.apply'
import * as mine from '~/routes/structures.mine'
import { createPerson, findPersonIdByEmail, getPerson } from '~/services/people.server'
import { setRole } from '~/services/people/record.server'
import { recordStep, setCheck } from '~/services/structures/accreditation.server'
import { createStructure } from '~/services/structures/structures.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let analyst: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 30 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
})

const post = (id: number, body: Record<string, string>, cookie = staff) =>
  run(page.action, formRequest(`/staff/structures/${id}`, body, { cookie }), { id: String(id) })

describe('the structures pages', () => {
  it('lists structures by region and status, staff only', async () => {
    type Page = Awaited<ReturnType<typeof list.loader>>
    const all = dataOf<Page>(await run(list.loader, getRequest('/staff/structures', { cookie: staff })))
    expect(all.rows.length).toBeGreaterThanOrEqual(15)
    const afralo = dataOf<Page>(
      await run(list.loader, getRequest('/staff/structures?region=AFRALO&status=accredited', { cookie: staff })),
    )
    expect(afralo.rows.every((r) => r.regionCode === 'AFRALO' && r.status === 'accredited')).toBe(true)
    // Each row's people and "since" are its own: the members counted in the directory, its latest step.
    for (const r of all.rows) {
      const members = db.select().from(s.people).where(eq(s.people.structureId, r.id)).all().length
      expect(r.members, r.name).toBe(members)
      const latest = Math.max(
        ...db
          .select()
          .from(s.accreditationHistory)
          .where(eq(s.accreditationHistory.structureId, r.id))
          .all()
          .map((h) => h.changedAt.getTime()),
      )
      expect(r.since?.getTime(), r.name).toBe(latest)
    }
    expect(all.rows.some((r) => r.members > 0)).toBe(true)
    // Nonsense filters are ignored, never an error.
    expect(
      dataOf<Page>(await run(list.loader, getRequest('/staff/structures?status=nope&country=123', { cookie: staff })))
        .rows.length,
    ).toBe(all.rows.length)
    expect(statusOf(await run(list.loader, getRequest('/staff/structures', { cookie: analyst })))).toBe(403)
  })

  it('creates a structure with translated errors on bad input, then takes it through the first steps', async () => {
    const bad = await run(
      create.action,
      formRequest(
        '/staff/structures/new',
        { name: '', regionCode: 'ATLANTIS', country: 'Atlantis', site: 'javascript:alert(1)' },
        { cookie: staff },
      ),
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(bad).errors).toMatchObject({
      name: ['errors.field.required'],
      regionCode: ['errors.field.region'],
      country: ['errors.field.country'],
      site: ['errors.field.website'],
    })
    const before = db.select().from(s.structures).all().length
    expect(before).toBeGreaterThan(0)
    const ok = await run(
      create.action,
      formRequest(
        '/staff/structures/new',
        {
          name: 'Asociación Digital <b>Andina</b>',
          regionCode: 'LACRALO',
          country: 'pe',
          site: 'https://andina.example.pe',
          contactEmail: DEMO_ACCOUNTS.participant,
        },
        { cookie: staff },
      ),
    )
    expect(statusOf(ok)).toBe(303)
    const created = db.select().from(s.structures).where(eq(s.structures.country, 'PE')).get()!
    expect(created.name).toBe('Asociación Digital <b>Andina</b>')
    expect((ok as Response).headers.get('Location')).toBe(`/staff/structures/${created.id}`)

    // Out of order: refused with a message, nothing written.
    const early = await post(created.id, { intent: 'step', kind: 'raloAdvice', advice: 'support' })
    expect(statusOf(early)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(early).errors.form).toEqual([
      'errors.structure.invalidTransition',
    ])
    expect(statusOf(await post(created.id, { intent: 'step', kind: 'startDiligence' }))).toBe(303)
    const crit = db.select().from(s.accreditationCriteria).all()
    expect(statusOf(await post(created.id, { intent: 'step', kind: 'completeDiligence' }))).toBe(409)
    for (const c of crit) {
      expect(statusOf(await post(created.id, { intent: 'check', criterionId: String(c.id), met: 'yes' }))).toBe(303)
    }
    expect(statusOf(await post(created.id, { intent: 'step', kind: 'completeDiligence' }))).toBe(303)
    // A missing choice is a field error, not a 500.
    const noAdvice = await post(created.id, { intent: 'step', kind: 'raloAdvice' })
    expect(statusOf(noAdvice)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(noAdvice).errors.advice).toEqual([
      'errors.structure.adviceRequired',
    ])
    const noDate = await post(created.id, { intent: 'step', kind: 'raloAdvice', advice: 'support' })
    expect(statusOf(noDate)).toBe(303)
    const badDate = await post(created.id, {
      intent: 'step',
      kind: 'alacDecision',
      decision: 'accredit',
      reference: 'R-1',
      decidedOn: '2026-02-30',
    })
    expect(statusOf(badDate)).toBe(400)
    expect(db.select().from(s.structures).where(eq(s.structures.id, created.id)).get()!.accreditationStatus).toBe(
      'alac_decision',
    )
    // The page renders the structure's name as text.
    type Loaded = Awaited<ReturnType<typeof page.loader>>
    const loaded = dataOf<Loaded>(
      await run(page.loader, getRequest(`/staff/structures/${created.id}`, { cookie: staff }), {
        id: String(created.id),
      }),
    )
    expect(loaded.actions).toEqual(['alacDecision', 'withdraw'])
    expect(loaded.structure.contact?.email).toBe(DEMO_ACCOUNTS.participant)
    // Withdrawing cannot be undone: without the page's tick box it is refused and nothing changes.
    const unticked = await post(created.id, { intent: 'step', kind: 'withdraw' })
    expect(statusOf(unticked)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(unticked).errors.confirm).toEqual([
      'errors.structure.confirmStep',
    ])
    expect(db.select().from(s.structures).where(eq(s.structures.id, created.id)).get()!.accreditationStatus).toBe(
      'alac_decision',
    )
    expect(statusOf(await post(created.id, { intent: 'step', kind: 'withdraw', confirm: 'yes' }))).toBe(303)
    expect(db.select().from(s.structures).where(eq(s.structures.id, created.id)).get()!.accreditationStatus).toBe(
      'withdrawn',
    )
  })

  it('refuses analysts and unknown intents', async () => {
    const kenya = db.select().from(s.structures).where(eq(s.structures.name, 'Kenya ICT Users Network')).get()!
    expect(statusOf(await post(kenya.id, { intent: 'step', kind: 'openReview' }, analyst))).toBe(403)
    expect(statusOf(await post(kenya.id, { intent: 'explode' }))).toBe(400)
    expect(statusOf(await post(kenya.id, { intent: 'step', kind: 'teleport' }))).toBe(400)
    expect(
      statusOf(await run(page.loader, getRequest('/staff/structures/999999', { cookie: staff }), { id: '999999' })),
    ).toBe(404)
  })
})

describe('applying for accreditation', () => {
  it('needs an account, refuses bad input with translated errors, and mails the applicant in their language', async () => {
    const signedOut = await run(apply.loader, getRequest('/structures/apply'))
    expect(statusOf(signedOut)).toBe(302)
    expect((signedOut as Response).headers.get('Location')).toBe('/login?redirectTo=%2Fstructures%2Fapply')

    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    type Form = Awaited<ReturnType<typeof apply.loader>>
    const form = dataOf<Form>(await run(apply.loader, getRequest('/structures/apply', { cookie: participant })))
    expect(form.criteria.length).toBeGreaterThan(0)
    const answers = Object.fromEntries(form.criteria.map((c) => [`answer-${c.id}`, 'Sí, según nuestros estatutos.']))

    const count = () => db.select().from(s.structures).all().length
    const before = count()
    const bad = await run(
      apply.action,
      formRequest(
        '/structures/apply',
        { name: '', regionCode: 'LACRALO', country: 'Perú del Norte' },
        { cookie: participant },
      ),
    )
    expect(statusOf(bad)).toBe(400)
    const errors = dataOf<{ errors: Record<string, string[]> }>(bad).errors
    expect(errors.name).toEqual(['errors.field.required'])
    expect(errors.country).toEqual(['errors.field.country'])
    expect(errors.description).toEqual(['errors.field.required'])
    expect(errors[`answer-${form.criteria[0].id}`]).toEqual(['errors.field.required'])
    expect(count()).toBe(before)

    const good = {
      name: 'Usuarios <script>alert(1)</script> de Lima',
      regionCode: 'LACRALO',
      country: 'pe',
      site: 'https://usuarios.example.pe',
      description: 'Formamos a usuarios de Internet en Lima.',
      ...answers,
    }
    const ok = await run(apply.action, formRequest('/structures/apply', good, { cookie: participant }))
    expect(statusOf(ok)).toBe(303)
    expect((ok as Response).headers.get('Location')).toBe('/structures/mine')
    const created = db.select().from(s.structures).where(eq(s.structures.name, good.name)).get()!
    expect(created.accreditationStatus).toBe('applied')
    expect(created.applicationAnswers?.[String(form.criteria[0].id)]).toBe('Sí, según nuestros estatutos.')
    const mail = db
      .select()
      .from(s.outbox)
      .where(eq(s.outbox.kind, 'accreditation_applied'))
      .all()
      .find((m) => m.toAddress === DEMO_ACCOUNTS.participant)!
    expect(mail.language).toBe('es')
    expect(mail.subject).toBe(`Hemos recibido la solicitud de ${good.name}`)
    expect(mail.html).not.toContain('<script>')

    type Mine = Awaited<ReturnType<typeof mine.loader>>
    const followed = dataOf<Mine>(await run(mine.loader, getRequest('/structures/mine', { cookie: participant })))
    const mineNow = followed.structures.find((x) => x.name === good.name)!
    expect(mineNow.history.map((h) => h.step)).toEqual(['applied'])
    // Each structure carries its own history only.
    expect(followed.structures.every((x) => x.history.length > 0)).toBe(true)

    // The same name again: refused. Then the daily limit (3 attempts) answers 429 with Retry-After.
    const again = await run(apply.action, formRequest('/structures/apply', good, { cookie: participant }))
    expect(statusOf(again)).toBe(409)
    await run(apply.action, formRequest('/structures/apply', { ...good, name: 'Otra' }, { cookie: participant }))
    const limited = await run(
      apply.action,
      formRequest('/structures/apply', { ...good, name: 'Y otra más' }, { cookie: participant }),
    )
    expect(statusOf(limited)).toBe(429)
    expect(db.select().from(s.structures).where(eq(s.structures.name, 'Y otra más')).get()).toBeUndefined()
  })
})

describe('a structure’s activity', () => {
  it('filters the directory by its people’s recent activity and shows what they did on its page, newest first', async () => {
    const staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
    const made = createStructure(
      db,
      {
        name: 'Activity Test Association',
        localNames: {},
        regionCode: 'NARALO',
        country: 'CA',
        website: null,
        description: null,
        contactEmail: null,
      },
      { actorId: staffId },
    )
    if (!made.ok) throw new Error(made.error)
    const personId = createPerson(db, {
      email: 'active.rep@example.ca',
      name: 'Active Representative',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'America/Toronto',
      regionCode: 'NARALO',
      structureId: made.id,
      memberType: 'als_representative',
    })
    const statement = db.select().from(s.policyStatements).get()!
    type List = Awaited<ReturnType<typeof list.loader>>
    const listed = async (activity: string) =>
      dataOf<List>(
        await run(list.loader, getRequest(`/staff/structures?region=NARALO&activity=${activity}`, { cookie: staff })),
      ).rows.map((r) => r.name)
    // Nothing yet: not active, inactive.
    expect(await listed('active-3')).not.toContain('Activity Test Association')
    expect(await listed('inactive-12')).toContain('Activity Test Association')
    db.insert(s.participationRecords)
      .values({
        personId,
        structureId: made.id,
        regionCode: 'NARALO',
        kind: 'statement_penholder',
        sourceType: 'policy_statement',
        sourceId: statement.id,
        occurredAt: new Date(Date.now() - 86400_000),
      })
      .run()
    expect(await listed('active-3')).toContain('Activity Test Association')
    expect(await listed('inactive-12')).not.toContain('Activity Test Association')
    // A bad filter value is no filter, not an error.
    expect((await listed('sometimes')).length).toBeGreaterThan(1)

    type Page = Awaited<ReturnType<typeof page.loader>>
    const d = dataOf<Page>(
      await run(page.loader, getRequest(`/staff/structures/${made.id}`, { cookie: staff }), { id: String(made.id) }),
    )
    expect(d.timeline.entries[0]).toMatchObject({
      kind: 'record',
      detail: 'statement_penholder',
      about: statement.title,
      who: 'Active Representative',
    })
    // The seeded structures' people have a history; pages of 30.
    const busiest = db.get<{ id: number }>(
      sql`select structure_id as id from participation_records where structure_id is not null group by structure_id order by count(*) desc limit 1`,
    )!
    const full = dataOf<Page>(
      await run(page.loader, getRequest(`/staff/structures/${busiest.id}?page=2`, { cookie: staff }), {
        id: String(busiest.id),
      }),
    )
    expect(full.timeline.page).toBe(2)
    expect(full.timeline.entries.length).toBeGreaterThan(0)
    expect(full.timeline.entries.every((e) => e.who)).toBe(true)
  })
})

describe('the RALO leader’s desk', () => {
  it('shows only their region’s applications waiting for advice, and refuses advice on another region', async () => {
    const staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
    const leaderId = createPerson(db, {
      email: 'leader.euralo@example.org',
      name: 'Eva Leader',
      passwordHash: null,
      preferredLanguage: 'fr',
      timeZone: 'Europe/Paris',
    })
    setRole(db, { personId: leaderId, role: 'ralo_leader', granted: true, regionCode: 'EURALO' }, { actorId: staffId })
    const leader = await cookieFor('leader.euralo@example.org')
    const staffActor = getPerson(db, staffId)!
    const ready = (name: string, regionCode: s.RegionCode) => {
      const r = createStructure(
        db,
        { name, localNames: {}, regionCode, country: 'XX', website: null, description: null, contactEmail: null },
        { actorId: staffId },
      )
      if (!r.ok) throw new Error(r.error)
      recordStep(db, { structureId: r.id, action: { kind: 'startDiligence' } }, { actor: staffActor, baseUrl: 'x' })
      for (const c of db.select().from(s.accreditationCriteria).all())
        setCheck(db, { structureId: r.id, criterionId: c.id, met: true }, { actorId: staffId })
      recordStep(db, { structureId: r.id, action: { kind: 'completeDiligence' } }, { actor: staffActor, baseUrl: 'x' })
      return r.id
    }
    const euralo = ready('Verein der Netznutzer', 'EURALO')
    const afralo = ready('Togo Internautes', 'AFRALO')
    type Desk = Awaited<ReturnType<typeof ralo.loader>>
    const desk = dataOf<Desk>(await run(ralo.loader, getRequest('/ralo', { cookie: leader })))
    expect(desk.region).toBe('EURALO')
    expect(desk.applications.map((x) => x.id)).toEqual([euralo])

    const refused = await run(
      ralo.action,
      formRequest('/ralo', { structureId: String(afralo), advice: 'support' }, { cookie: leader }),
    )
    expect(statusOf(refused)).toBe(403)
    expect(db.select().from(s.structures).where(eq(s.structures.id, afralo)).get()!.accreditationStatus).toBe(
      'ralo_advice',
    )
    const noChoice = await run(ralo.action, formRequest('/ralo', { structureId: String(euralo) }, { cookie: leader }))
    expect(statusOf(noChoice)).toBe(400)
    const advised = await run(
      ralo.action,
      formRequest(
        '/ralo',
        { structureId: String(euralo), advice: 'support', note: 'Active since 2019.' },
        { cookie: leader },
      ),
    )
    expect(statusOf(advised)).toBe(303)
    expect(db.select().from(s.structures).where(eq(s.structures.id, euralo)).get()!.accreditationStatus).toBe(
      'alac_decision',
    )
    // Participants without the role get a 403.
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    expect(statusOf(await run(ralo.loader, getRequest('/ralo', { cookie: participant })))).toBe(403)
  })
})

describe('the accreditation criteria', () => {
  it('staff add, reword and take out of use a criterion; applications answer the ones in use', async () => {
    const post = (body: Record<string, string>, cookie = staff) =>
      run(criteria.action, formRequest('/staff/structures/criteria', body, { cookie }))
    const missing = await post({ en: 'Has at least ten members', fr: '', es: 'Tiene al menos diez miembros' })
    expect(statusOf(missing)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(missing).errors.fr).toEqual(['errors.field.required'])
    const text = {
      en: 'Has at least ten members',
      fr: 'Compte au moins dix membres',
      es: 'Tiene al menos diez miembros',
    }
    expect(statusOf(await post(text))).toBe(303)
    const added = db.select().from(s.accreditationCriteria).where(eq(s.accreditationCriteria.position, 4)).get()!
    expect(added.text).toEqual(text)
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    type Form = Awaited<ReturnType<typeof apply.loader>>
    const inUse = async () =>
      dataOf<Form>(await run(apply.loader, getRequest('/structures/apply', { cookie: participant }))).criteria.map(
        (c) => c.id,
      )
    expect(await inUse()).toContain(added.id)
    expect(statusOf(await post({ id: String(added.id), ...text, active: 'no' }))).toBe(303)
    expect(await inUse()).not.toContain(added.id)
    expect(statusOf(await post({ id: '999999', ...text }))).toBe(404)
    expect(statusOf(await post(text, analyst))).toBe(403)
  })
})

describe('the public list of structures', () => {
  it('lists accredited structures (and those under review) with the day of their own accreditation', async () => {
    type List = Awaited<ReturnType<typeof publicList.loader>>
    const d = dataOf<List>(await run(publicList.loader, getRequest('/structures')))
    const expected = db
      .select()
      .from(s.structures)
      .all()
      .filter((x) => x.accreditationStatus === 'accredited' || x.accreditationStatus === 'under_review')
    expect(d.structures.map((x) => x.id).sort()).toEqual(expected.map((x) => x.id).sort())
    for (const x of d.structures) {
      const accredited = db
        .select()
        .from(s.accreditationHistory)
        .where(eq(s.accreditationHistory.structureId, x.id))
        .all()
        .filter((h) => h.step === 'accredited')
        .map((h) => h.changedAt.getTime())
      expect(x.since?.getTime(), x.name).toBe(Math.max(...accredited))
    }
  })
})
