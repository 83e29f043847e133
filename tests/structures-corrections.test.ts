/**
 * A structure's review link shows what it asks to confirm and takes corrections; staff see
 * the applicant's answers while checking, and criteria not met are said, not passed on
 * silently; decision dates, countries and web addresses are read as people write them.
 */
import { and, desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { takeNotice } from '~/auth-session.server'
import { countryCode, countryName } from '~/lib/countries'
import { formatDay } from '~/lib/format'
import * as ralo from '~/routes/ralo'
import * as page from '~/routes/staff.structures.$id'
import * as apply from '~/routes/structures.apply'
import * as confirm from '~/routes/structures.confirm.$token'
import * as mine from '~/routes/structures.mine'
import { createPerson, findPersonIdByEmail, getPerson } from '~/services/people.server'
import { personTimeline, setRole } from '~/services/people/record.server'
import {
  type Actor,
  checklist,
  type ConfirmationDetails,
  recordStep,
  setCheck,
} from '~/services/structures/accreditation.server'
import { expectationsReview } from '~/services/structures/review.server'
import { createStructure } from '~/services/structures/structures.server'

import { seededDb } from './helpers/db'
import { cookieFor, cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let staffActor: Actor
const baseUrl = 'https://atlarge.example.org'

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 40 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffActor = getPerson(db, findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!)!
})

const structureRow = (id: number) => db.select().from(s.structures).where(eq(s.structures.id, id)).get()!
const post = (id: number, body: Record<string, string>) =>
  run(page.action, formRequest(`/staff/structures/${id}`, body, { cookie: staff }), { id: String(id) })
type StaffPage = Awaited<ReturnType<typeof page.loader>>
const staffPage = async (id: number) =>
  dataOf<StaffPage>(
    await run(page.loader, getRequest(`/staff/structures/${id}`, { cookie: staff }), { id: String(id) }),
  )
const noticeOf = async (response: unknown) =>
  (await takeNotice(new Request('http://app.test/', { headers: { Cookie: cookieFrom(response as Response) } }))).notice

/** A structure in `status` with a contact who has no other structure (mail goes to them). */
function structureWithContact(name: string, email: string | null) {
  if (email)
    createPerson(db, {
      email,
      name: `Contact of ${name}`,
      passwordHash: null,
      preferredLanguage: 'es',
      timeZone: 'UTC',
    })
  const r = createStructure(
    db,
    {
      name,
      localNames: {},
      regionCode: 'LACRALO',
      country: 'AR',
      website: null,
      description: null,
      contactEmail: email,
    },
    { actorId: staffActor.id },
  )
  if (!r.ok) throw new Error(r.error)
  return r.id
}

describe('confirming a structure’s details from the review’s link', () => {
  it('shows the details, the contact and the people; a correction is saved, audited and shown to staff as a change', async () => {
    // An accredited structure of the demo with a contact and people.
    const structure = db
      .select()
      .from(s.structures)
      .where(eq(s.structures.name, 'Asociación de Usuarios de Internet de Argentina'))
      .get()!
    const people = db.select().from(s.people).where(eq(s.people.structureId, structure.id)).all()
    expect(people.length).toBeGreaterThan(1)
    const contact = db.select().from(s.people).where(eq(s.people.id, structure.contactPersonId!)).get()!
    db.update(s.structures)
      .set({ website: 'https://usuarios.example.ar', description: 'Capacitamos a usuarios.' })
      .where(eq(s.structures.id, structure.id))
      .run()
    expect(
      recordStep(db, { structureId: structure.id, action: { kind: 'openReview' } }, { actor: staffActor, baseUrl }),
    ).toMatchObject({ ok: true })
    const mail = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.kind, 'accreditation_review_opened'), eq(s.outbox.toAddress, contact.email)))
      .get()!
    const token = mail.text.match(/\/structures\/confirm\/([\w-]+)/)![1]
    const url = `/structures/confirm/${token}`

    type Shown = { details: (ConfirmationDetails & { countryName: string }) | null }
    const shown = dataOf<Shown>(await run(confirm.loader, getRequest(url), { token }))
    expect(shown.details).toMatchObject({
      name: 'Asociación de Usuarios de Internet de Argentina',
      country: 'AR',
      countryName: 'Argentina',
      website: 'https://usuarios.example.ar',
      description: 'Capacitamos a usuarios.',
      contact: { name: contact.name, email: contact.email },
    })
    expect(shown.details!.people.map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort())
    // In the reader's language.
    const french = dataOf<Shown>(
      await run(confirm.loader, getRequest(url, { headers: { 'Accept-Language': 'fr' } }), { token }),
    )
    expect(french.details!.countryName).toBe('Argentine')

    // Another structure's name is refused, and the link is not spent.
    const taken = await run(
      confirm.action,
      formRequest(url, { name: 'Kenya ICT Users Network', country: 'Argentina', activity: 'x' }),
      { token },
    )
    expect(statusOf(taken)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(taken).errors.name).toEqual(['errors.structure.nameTaken'])
    expect(statusOf(await run(confirm.loader, getRequest(url), { token }))).toBe(200)

    const leaver = people.find((p) => p.id !== contact.id)!
    const body = new URLSearchParams({
      name: 'Usuarios de Internet de Argentina',
      country: 'Argentine',
      site: 'www.usuarios-internet.example.ar',
      description: 'Capacitamos a usuarios.',
      activity: 'Dos talleres.',
    })
    body.append('leaving', String(leaver.id))
    const done = await run(
      confirm.action,
      new Request(`http://app.test${url}`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      { token },
    )
    expect(statusOf(done)).toBe(200)
    expect(dataOf<{ confirmed: string; changed: number }>(done)).toMatchObject({
      confirmed: 'Usuarios de Internet de Argentina',
      changed: 3,
    })
    // Saved: the name, the website completed with https://, the representative who left.
    const after = structureRow(structure.id)
    expect(after).toMatchObject({
      name: 'Usuarios de Internet de Argentina',
      country: 'AR',
      website: 'https://www.usuarios-internet.example.ar',
      description: 'Capacitamos a usuarios.',
    })
    expect(after.detailsConfirmedAt).not.toBeNull()
    expect(db.select().from(s.people).where(eq(s.people.id, leaver.id)).get()!.structureId).toBeNull()
    // Audited, by the contact.
    const audit = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'structure.detailsConfirmed'), eq(s.auditLog.entityId, String(structure.id))))
      .get()!
    expect(audit.actorId).toBe(contact.id)
    expect(audit.details).toMatchObject({
      fields: {
        name: { from: 'Asociación de Usuarios de Internet de Argentina', to: 'Usuarios de Internet de Argentina' },
        website: { from: 'https://usuarios.example.ar', to: 'https://www.usuarios-internet.example.ar' },
      },
      leaving: [leaver.id],
    })
    expect(
      db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.action, 'affiliation.ended'), eq(s.auditLog.entityId, String(leaver.id))))
        .get(),
    ).toBeDefined()
    // Staff see what changed, with the activity the contact described.
    const seen = (await staffPage(structure.id)).confirmations[0]
    expect(seen).toMatchObject({
      activity: 'Dos talleres.',
      by: { id: contact.id, name: contact.name },
      fields: {
        name: { from: 'Asociación de Usuarios de Internet de Argentina', to: 'Usuarios de Internet de Argentina' },
        website: { from: 'https://usuarios.example.ar', to: 'https://www.usuarios-internet.example.ar' },
      },
      leaving: [{ id: leaver.id, name: leaver.name }],
    })
    expect(seen.fields.country).toBeUndefined()
    // Spent.
    expect(statusOf(await run(confirm.action, formRequest(url, { activity: 'again' }), { token }))).toBe(410)
  })
})

describe('a review’s link ends with the review', () => {
  it('works only while the review is open, it is the newest link and its addressee is still the contact', async () => {
    const id = structureWithContact('Red de Usuarios del Chaco', 'chaco.contact@example.org')
    db.update(s.structures).set({ accreditationStatus: 'accredited' }).where(eq(s.structures.id, id)).run()
    const open = () =>
      recordStep(db, { structureId: id, action: { kind: 'openReview' } }, { actor: staffActor, baseUrl })
    const lastToken = () =>
      db
        .select()
        .from(s.outbox)
        .where(
          and(eq(s.outbox.kind, 'accreditation_review_opened'), eq(s.outbox.toAddress, 'chaco.contact@example.org')),
        )
        .orderBy(desc(s.outbox.id))
        .get()!
        .text.match(/\/structures\/confirm\/([\w-]+)/)![1]
    const status = async (token: string) =>
      statusOf(await run(confirm.loader, getRequest(`/structures/confirm/${token}`), { token }))
    const attempt = (token: string) =>
      run(
        confirm.action,
        formRequest(`/structures/confirm/${token}`, { name: 'Renamed by an old link', country: 'AR', activity: 'x' }),
        { token },
      )

    expect(open()).toMatchObject({ ok: true })
    const first = lastToken()
    expect(await status(first)).toBe(200)
    // Staff close the review: the link no longer changes anything.
    expect(
      recordStep(db, { structureId: id, action: { kind: 'passReview' } }, { actor: staffActor, baseUrl }),
    ).toMatchObject({ ok: true })
    expect(await status(first)).toBe(410)
    expect(statusOf(await attempt(first))).toBe(410)
    expect(structureRow(id).name).toBe('Red de Usuarios del Chaco')
    // A new review sends a new link; the old one stays closed.
    expect(open()).toMatchObject({ ok: true })
    const second = lastToken()
    expect(second).not.toBe(first)
    expect(await status(first)).toBe(410)
    expect(await status(second)).toBe(200)
    // The contact it was mailed to is replaced: their link ends too.
    const other = createPerson(db, {
      email: 'chaco.new@example.org',
      name: 'New contact',
      passwordHash: null,
      preferredLanguage: 'es',
      timeZone: 'UTC',
    })
    db.update(s.structures).set({ contactPersonId: other }).where(eq(s.structures.id, id)).run()
    expect(await status(second)).toBe(410)
    expect(statusOf(await attempt(second))).toBe(410)
    expect(structureRow(id).name).toBe('Red de Usuarios del Chaco')
  })
})

describe('due diligence', () => {
  it('shows staff the applicant’s answer beside each check; a criterion not met is warned and said on the tracking page', async () => {
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    type Form = Awaited<ReturnType<typeof apply.loader>>
    const form = dataOf<Form>(await run(apply.loader, getRequest('/structures/apply', { cookie: participant })))
    const answers = Object.fromEntries(
      form.criteria.map((c, i) => [`answer-${c.id}`, `Answer ${i + 1}: see our statutes.`]),
    )
    const applied = await run(
      apply.action,
      formRequest(
        '/structures/apply',
        {
          name: 'Red de Usuarios de Bogotá',
          regionCode: 'LACRALO',
          country: 'CO',
          site: 'https://usuarios-bogota.example.co',
          description: 'Formamos a usuarios de Internet.',
          ...answers,
        },
        { cookie: participant },
      ),
    )
    expect(statusOf(applied)).toBe(303)
    const id = db.select().from(s.structures).where(eq(s.structures.name, 'Red de Usuarios de Bogotá')).get()!.id
    expect(structureRow(id)).toMatchObject({ country: 'CO', website: 'https://usuarios-bogota.example.co' })
    expect(statusOf(await post(id, { intent: 'step', kind: 'startDiligence' }))).toBe(303)

    // Staff's checklist carries each criterion's answer.
    const before = await staffPage(id)
    expect(before.checklist.map((c) => c.answer)).toEqual(
      form.criteria.map((_, i) => `Answer ${i + 1}: see our statutes.`),
    )

    const [first, ...rest] = before.checklist
    expect(
      statusOf(
        await post(id, { intent: 'check', criterionId: String(first.id), met: 'no', note: 'Statutes missing.' }),
      ),
    ).toBe(303)
    for (const c of rest)
      expect(statusOf(await post(id, { intent: 'check', criterionId: String(c.id), met: 'yes' }))).toBe(303)

    // Not silently: without saying so, staff cannot send it on.
    const silent = await post(id, { intent: 'step', kind: 'completeDiligence' })
    expect(statusOf(silent)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(silent).errors.acknowledgeNotMet).toEqual([
      'errors.structure.notMetUnacknowledged',
    ])
    expect(structureRow(id).accreditationStatus).toBe('due_diligence')
    expect(statusOf(await post(id, { intent: 'step', kind: 'completeDiligence', acknowledgeNotMet: 'yes' }))).toBe(303)
    expect(structureRow(id).accreditationStatus).toBe('ralo_advice')

    // The applicant's tracking page says which criterion was not met (not staff's note).
    type Mine = Awaited<ReturnType<typeof mine.loader>>
    const tracked = dataOf<Mine>(await run(mine.loader, getRequest('/structures/mine', { cookie: participant })))
    const mineNow = tracked.structures.find((x) => x.id === id)!
    expect(mineNow.notMet).toEqual([first.text])
    expect(JSON.stringify(mineNow)).not.toContain('Statutes missing.')
  })

  it('keeps the RALO’s past advice on its desk once the application has left it', async () => {
    const leaderId = createPerson(db, {
      email: 'leader.lacralo@example.org',
      name: 'Lola Leader',
      passwordHash: null,
      preferredLanguage: 'es',
      timeZone: 'America/Bogota',
    })
    setRole(
      db,
      { personId: leaderId, role: 'ralo_leader', granted: true, regionCode: 'LACRALO' },
      { actorId: staffActor.id },
    )
    const leader = await cookieFor('leader.lacralo@example.org')
    // An application of the region sent to the RALO.
    const id = structureWithContact('Internautas de Cali', null)
    recordStep(db, { structureId: id, action: { kind: 'startDiligence' } }, { actor: staffActor, baseUrl })
    for (const c of checklist(db, id))
      setCheck(db, { structureId: id, criterionId: c.id, met: true }, { actorId: staffActor.id })
    recordStep(db, { structureId: id, action: { kind: 'completeDiligence' } }, { actor: staffActor, baseUrl })
    type Desk = Awaited<ReturnType<typeof ralo.loader>>
    const desk = async () => dataOf<Desk>(await run(ralo.loader, getRequest('/ralo', { cookie: leader })))
    expect((await desk()).applications.map((a) => a.id)).toContain(id)
    const advised = await run(
      ralo.action,
      formRequest('/ralo', { structureId: String(id), advice: 'oppose', note: 'Statutes first.' }, { cookie: leader }),
    )
    expect(statusOf(advised)).toBe(303)
    const after = await desk()
    expect(after.applications.map((a) => a.id)).not.toContain(id)
    expect(after.past[0]).toMatchObject({
      structureId: id,
      advice: 'oppose',
      note: 'Statutes first.',
      by: 'Lola Leader',
      status: 'alac_decision',
    })
  })
})

describe('a person’s timeline', () => {
  it('says which role was granted, and for which region', () => {
    const personId = createPerson(db, {
      email: 'leader.apralo@example.org',
      name: 'Aiko Leader',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'Asia/Tokyo',
    })
    setRole(db, { personId, role: 'ralo_leader', granted: true, regionCode: 'APRALO' }, { actorId: staffActor.id })
    const granted = personTimeline(db, { personId, language: 'en' }).entries.find(
      (e) => e.detail === 'person.roleGranted',
    )!
    expect(JSON.parse(granted.extra!)).toEqual({ role: 'ralo_leader', region: 'APRALO' })
  })
})

describe('the ALAC’s decision', () => {
  /** A structure without a contact, taken to where the ALAC decides (staff record the RALO's advice). */
  async function awaitingDecision(name: string) {
    const id = structureWithContact(name, null)
    expect(statusOf(await post(id, { intent: 'step', kind: 'startDiligence' }))).toBe(303)
    for (const c of checklist(db, id))
      expect(statusOf(await post(id, { intent: 'check', criterionId: String(c.id), met: 'yes' }))).toBe(303)
    expect(statusOf(await post(id, { intent: 'step', kind: 'completeDiligence' }))).toBe(303)
    expect(statusOf(await post(id, { intent: 'step', kind: 'raloAdvice', advice: 'support' }))).toBe(303)
    return id
  }
  const decide = (id: number, decidedOn: string) =>
    post(id, {
      intent: 'step',
      kind: 'alacDecision',
      decision: 'accredit',
      reference: 'AL-ALAC-RES-2026-30',
      decidedOn,
    })

  it('refuses a decision dated in the future; dates read as dates', async () => {
    const id = await awaitingDecision('Internautas del Litoral')
    const future = await decide(id, `${new Date().getUTCFullYear() + 1}-01-15`)
    expect(statusOf(future)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(future).errors.decidedOn).toEqual([
      'errors.structure.decidedInFuture',
    ])
    expect(structureRow(id).accreditationStatus).toBe('alac_decision')
    expect(statusOf(await decide(id, '2026-01-15'))).toBe(303)
    expect(structureRow(id).accreditationStatus).toBe('accredited')
    expect(formatDay('2026-01-15', 'en')).toBe('15 January 2026')
    expect(formatDay('2026-01-15', 'es')).toBe('15 de enero de 2026')
  })

  it('does not claim the contact was told when the structure has none', async () => {
    const id = await awaitingDecision('Internautas del Paraná')
    const done = await decide(id, '2026-01-15')
    expect(statusOf(done)).toBe(303)
    expect(await noticeOf(done)).toBe('notices.structure.stepsNoContact.alacDecision')
    // With a contact, it says they were told.
    const told = structureWithContact('Internautas del Delta', 'delta@example.ar')
    expect(await noticeOf(await post(told, { intent: 'step', kind: 'startDiligence' }))).toBe(
      'notices.structure.steps.startDiligence',
    )
  })
})

describe('countries and web addresses', () => {
  it('reads a country by its name in any of the three languages or its code, and shows its name in the reader’s', () => {
    expect(countryCode('Colombia')).toBe('CO')
    expect(countryCode('colombie')).toBe('CO')
    // Kosovo's code (user-assigned, yet what structures there already had) is kept and named.
    expect(countryCode('XK')).toBe('XK')
    expect(countryCode('Kosovo')).toBe('XK')
    expect(countryName('XK', 'es')).toBe('Kosovo')
    expect(countryCode('co')).toBe('CO')
    expect(countryCode('Côte d’Ivoire')).toBe('CI')
    expect(countryCode("cote d'ivoire")).toBe('CI')
    expect(countryCode('Estados Unidos')).toBe('US')
    expect(countryCode('Atlantis')).toBeNull()
    expect(countryCode('XX')).toBeNull()
    expect(countryName('BG', 'fr')).toBe('Bulgarie')
    expect(countryName('AR', 'es')).toBe('Argentina')
  })

  it('an application accepts “Colombia” and a web address typed without https://', async () => {
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    type Form = Awaited<ReturnType<typeof apply.loader>>
    const form = dataOf<Form>(await run(apply.loader, getRequest('/structures/apply', { cookie: participant })))
    const answers = Object.fromEntries(form.criteria.map((c) => [`answer-${c.id}`, 'Sí.']))
    const applied = await run(
      apply.action,
      formRequest(
        '/structures/apply',
        {
          name: 'Usuarios de Medellín',
          regionCode: 'LACRALO',
          country: 'Colombia',
          site: 'www.usuarios-medellin.example.co',
          description: 'Talleres para usuarios.',
          ...answers,
        },
        { cookie: participant },
      ),
    )
    expect(statusOf(applied)).toBe(303)
    expect(db.select().from(s.structures).where(eq(s.structures.name, 'Usuarios de Medellín')).get()).toMatchObject({
      country: 'CO',
      website: 'https://www.usuarios-medellin.example.co',
    })
    // Staff's form too: a name in French, an address without https://.
    const id = structureWithContact('Internautes de Lomé', null)
    const saved = await post(id, {
      intent: 'details',
      name: 'Internautes de Lomé',
      regionCode: 'AFRALO',
      country: 'Togo',
      site: 'internautes-lome.example.tg',
    })
    expect(statusOf(saved)).toBe(303)
    expect(structureRow(id)).toMatchObject({ country: 'TG', website: 'https://internautes-lome.example.tg' })
  })

  it('a newly accredited structure is not flagged for details it just had checked', () => {
    const id = structureWithContact('Internautas de Mendoza', 'mendoza@example.ar')
    db.update(s.structures).set({ accreditationStatus: 'accredited' }).where(eq(s.structures.id, id)).run()
    db.insert(s.accreditationHistory)
      .values({ structureId: id, step: 'accredited', status: 'accredited', changedAt: new Date(), reference: 'R' })
      .run()
    const row = expectationsReview(db).rows.find((r) => r.id === id)!
    expect(row.results.find((r) => r.kind === 'confirmed')!.met).toBe(true)
  })
})
