import { and, desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as membership from '~/routes/membership'
import * as profile from '~/routes/profile'
import * as ralo from '~/routes/ralo'
import * as staffPage from '~/routes/staff.membership'
import { createPerson, findPersonIdByEmail } from '~/services/people.server'
import { personTimeline, setRole } from '~/services/people/record.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let afraloLeader: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 30 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  afraloLeader = await cookieFor(DEMO_ACCOUNTS.raloLeader)
})

let n = 0
/** A signed-in guest of `region` who reads `language`. */
async function guest(region: s.RegionCode, language: s.Language) {
  const email = `guest${++n}@example.net`
  const id = createPerson(db, {
    email,
    name: `Guest <b>${n}</b>`,
    passwordHash: null,
    preferredLanguage: language,
    timeZone: 'UTC',
    regionCode: region,
    memberType: 'guest',
  })
  return { id, email, cookie: await cookieFor(email) }
}

const personRow = (id: number) => db.select().from(s.people).where(eq(s.people.id, id)).get()!
const applicationOf = (personId: number) =>
  db
    .select()
    .from(s.membershipApplications)
    .where(eq(s.membershipApplications.personId, personId))
    .orderBy(desc(s.membershipApplications.id))
    .get()
const mailsTo = (to: string) => db.select().from(s.outbox).where(eq(s.outbox.toAddress, to)).orderBy(s.outbox.id).all()
const apply = (cookie: string, body: Record<string, string>) =>
  run(membership.action, formRequest('/membership', { intent: 'apply', ...body }, { cookie }))
const decide = (route: typeof ralo | typeof staffPage, cookie: string, body: Record<string, string>) =>
  run(route.action, formRequest('/ralo', { intent: 'decideMembership', ...body }, { cookie }))

describe('individual membership of a RALO', () => {
  it('a person applies in their language; the RALO leader declines with a reason or approves, and the member type follows', async () => {
    const a = await guest('AFRALO', 'fr')
    // Bad input: a translated error, nothing stored.
    const bad = await apply(a.cookie, { regionCode: 'ATLANTIS' })
    expect(statusOf(bad)).toBe(400)
    expect(dataOf(bad)).toMatchObject({ errors: { regionCode: ['errors.field.region'] } })
    expect(applicationOf(a.id)).toBeUndefined()

    expect(statusOf(await apply(a.cookie, { regionCode: 'AFRALO', motivation: 'Je forme des <i>usagers</i>.' }))).toBe(
      303,
    )
    expect(applicationOf(a.id)).toMatchObject({ status: 'pending', regionCode: 'AFRALO' })
    const received = mailsTo(a.email)
    expect(received.map((m) => m.kind)).toEqual(['membership_received'])
    expect(received[0].language).toBe('fr')
    expect(received[0].subject).toBe('Votre demande d’adhésion à AFRALO a bien été reçue')
    expect(received[0].html).not.toContain('<b>')
    // One open application at a time.
    expect(statusOf(await apply(a.cookie, { regionCode: 'AFRALO' }))).toBe(409)

    // The AFRALO leader sees it on their desk (and only AFRALO's).
    type Desk = Awaited<ReturnType<typeof ralo.loader>>
    const desk = dataOf<Desk>(await run(ralo.loader, getRequest('/ralo', { cookie: afraloLeader })))
    expect(desk.memberships.length).toBeGreaterThan(0)
    expect(desk.memberships.every((m) => m.regionCode === 'AFRALO')).toBe(true)
    const app = applicationOf(a.id)!
    expect(desk.memberships.map((m) => m.id)).toContain(app.id)

    // A decline needs a reason (mailed); a missing decision is refused too.
    const noReason = await decide(ralo, afraloLeader, { applicationId: String(app.id), decision: 'decline' })
    expect(statusOf(noReason)).toBe(400)
    expect(dataOf(noReason)).toMatchObject({ errors: { note: ['errors.membership.noteRequired'] } })
    const noDecision = await decide(ralo, afraloLeader, { applicationId: String(app.id) })
    expect(statusOf(noDecision)).toBe(400)
    expect(applicationOf(a.id)!.status).toBe('pending')

    const approved = await decide(ralo, afraloLeader, {
      applicationId: String(app.id),
      decision: 'approve',
      note: 'Bienvenue.',
    })
    expect(statusOf(approved)).toBe(303)
    expect(applicationOf(a.id)).toMatchObject({ status: 'approved', decisionNote: 'Bienvenue.' })
    expect(personRow(a.id)).toMatchObject({ memberType: 'individual_member', regionCode: 'AFRALO' })
    const welcome = mailsTo(a.email).at(-1)!
    expect(welcome.kind).toBe('membership_approved')
    expect(welcome.subject).toBe('Bienvenue à AFRALO en tant que membre individuel')
    // Deciding twice is refused; the person's timeline shows the history.
    expect(
      statusOf(await decide(ralo, afraloLeader, { applicationId: String(app.id), decision: 'decline', note: 'x' })),
    ).toBe(409)
    const timeline = personTimeline(db, { personId: a.id, language: 'en' })
    expect(timeline.entries.filter((e) => e.kind === 'audit').map((e) => e.detail)).toEqual(
      expect.arrayContaining(['membership.applied', 'membership.approved']),
    )
    // A member cannot apply to the same RALO again.
    expect(statusOf(await apply(a.cookie, { regionCode: 'AFRALO' }))).toBe(409)

    const b = await guest('AFRALO', 'es')
    await apply(b.cookie, { regionCode: 'AFRALO' })
    const declined = await decide(ralo, afraloLeader, {
      applicationId: String(applicationOf(b.id)!.id),
      decision: 'decline',
      note: 'Vivez-vous en Afrique ? <script>alert(1)</script>',
    })
    expect(statusOf(declined)).toBe(303)
    expect(personRow(b.id).memberType).toBe('guest')
    const refusal = mailsTo(b.email).at(-1)!
    expect(refusal.kind).toBe('membership_declined')
    expect(refusal.language).toBe('es')
    expect(refusal.text).toContain('Motivo: Vivez-vous en Afrique ?')
    expect(refusal.html).not.toContain('<script>')
    expect(refusal.html).toContain('&lt;script&gt;')
  })

  it('a RALO leader cannot decide on another region’s application; staff can decide on any', async () => {
    const staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
    const leaderId = createPerson(db, {
      email: 'leader.euralo.m@example.org',
      name: 'Eva Leader',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'Europe/Paris',
    })
    setRole(db, { personId: leaderId, role: 'ralo_leader', granted: true, regionCode: 'EURALO' }, { actorId: staffId })
    const euraloLeader = await cookieFor('leader.euralo.m@example.org')
    const a = await guest('AFRALO', 'en')
    await apply(a.cookie, { regionCode: 'AFRALO' })
    const id = String(applicationOf(a.id)!.id)
    type Desk = Awaited<ReturnType<typeof ralo.loader>>
    const desk = dataOf<Desk>(await run(ralo.loader, getRequest('/ralo', { cookie: euraloLeader })))
    expect(desk.memberships.map((m) => m.id)).not.toContain(Number(id))
    const refused = await decide(ralo, euraloLeader, { applicationId: id, decision: 'approve' })
    expect(statusOf(refused)).toBe(403)
    expect(applicationOf(a.id)!.status).toBe('pending')
    expect(personRow(a.id).memberType).toBe('guest')

    type StaffPage = Awaited<ReturnType<typeof staffPage.loader>>
    const page = dataOf<StaffPage>(await run(staffPage.loader, getRequest('/staff/membership', { cookie: staff })))
    expect(new Set(page.pending.map((p) => p.regionCode)).size).toBeGreaterThan(1)
    expect(statusOf(await decide(staffPage, staff, { applicationId: id, decision: 'approve' }))).toBe(303)
    expect(personRow(a.id).memberType).toBe('individual_member')
    // Participants and analysts do not reach staff's page.
    expect(statusOf(await run(staffPage.loader, getRequest('/staff/membership', { cookie: a.cookie })))).toBe(403)
    const analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
    expect(statusOf(await run(staffPage.loader, getRequest('/staff/membership', { cookie: analyst })))).toBe(403)
  })

  it('where the RALO asks no approval, applying makes the person a member at once; staff change that rule', async () => {
    const a = await guest('NARALO', 'en')
    expect(statusOf(await apply(a.cookie, { regionCode: 'NARALO' }))).toBe(303)
    expect(applicationOf(a.id)!.status).toBe('approved')
    expect(personRow(a.id).memberType).toBe('individual_member')
    expect(mailsTo(a.email).map((m) => m.kind)).toEqual(['membership_approved'])

    // Staff open EURALO: bad input first, then the rule and its criteria in two languages.
    const bad = await run(
      staffPage.action,
      formRequest('/staff/membership', { regionCode: 'EURALO', en: 'x' }, { cookie: staff }),
    )
    expect(statusOf(bad)).toBe(400)
    const saved = await run(
      staffPage.action,
      formRequest(
        '/staff/membership',
        { regionCode: 'EURALO', requiresApproval: 'no', en: 'Live in Europe.', fr: 'Résider en Europe.', es: '' },
        { cookie: staff },
      ),
    )
    expect(statusOf(saved)).toBe(303)
    const row = db.select().from(s.raloSettings).where(eq(s.raloSettings.regionCode, 'EURALO')).get()!
    expect(row).toMatchObject({
      requiresApproval: false,
      criteria: { en: 'Live in Europe.', fr: 'Résider en Europe.' },
    })
    const b = await guest('EURALO', 'fr')
    type Page = Awaited<ReturnType<typeof membership.loader>>
    const page = dataOf<Page>(await run(membership.loader, getRequest('/membership', { cookie: b.cookie })))
    expect(page.settings.find((x) => x.regionCode === 'EURALO')).toMatchObject({ requiresApproval: false })
    await apply(b.cookie, { regionCode: 'EURALO' })
    expect(personRow(b.id).memberType).toBe('individual_member')
  })

  it('people who represent an accredited structure are members through it and are not asked to apply', async () => {
    const accredited = db
      .select()
      .from(s.structures)
      .where(and(eq(s.structures.accreditationStatus, 'accredited'), eq(s.structures.regionCode, 'APRALO')))
      .get()!
    const email = 'rep.apralo@example.net'
    const id = createPerson(db, {
      email,
      name: 'Rep',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'Asia/Tokyo',
      regionCode: 'APRALO',
      structureId: accredited.id,
      memberType: 'als_representative',
    })
    const cookie = await cookieFor(email)
    type Page = Awaited<ReturnType<typeof membership.loader>>
    const page = dataOf<Page>(await run(membership.loader, getRequest('/membership', { cookie })))
    expect(page.through).toEqual({ id: accredited.id, name: accredited.name, regionCode: 'APRALO' })
    const refused = await apply(cookie, { regionCode: 'APRALO' })
    expect(statusOf(refused)).toBe(409)
    expect(dataOf(refused)).toMatchObject({ errors: { form: ['errors.membership.throughStructure'] } })
    expect(applicationOf(id)).toBeUndefined()
  })

  it('an applicant withdraws; a fourth application in a day is refused; a person cannot make themselves a member on their profile', async () => {
    const a = await guest('LACRALO', 'es')
    const withdraw = () =>
      run(membership.action, formRequest('/membership', { intent: 'withdraw' }, { cookie: a.cookie }))
    expect(statusOf(await withdraw())).toBe(409)
    for (let i = 0; i < 3; i++) {
      expect(statusOf(await apply(a.cookie, { regionCode: 'LACRALO' }))).toBe(303)
      expect(statusOf(await withdraw())).toBe(303)
      expect(applicationOf(a.id)!.status).toBe('withdrawn')
    }
    const limited = (await apply(a.cookie, { regionCode: 'LACRALO' })) as { init: ResponseInit | null }
    expect(statusOf(limited)).toBe(429)
    expect(applicationOf(a.id)!.status).toBe('withdrawn')

    const viaProfile = await run(
      profile.action,
      formRequest(
        '/profile',
        {
          name: 'Guest',
          preferredLanguage: 'es',
          timeZone: 'UTC',
          regionCode: 'LACRALO',
          structureId: '',
          memberType: 'individual_member',
        },
        { cookie: a.cookie },
      ),
    )
    expect(statusOf(viaProfile)).toBe(400)
    expect(dataOf(viaProfile)).toMatchObject({ errors: { memberType: ['errors.field.memberTypeApply'] } })
    expect(personRow(a.id).memberType).toBe('guest')
  })
})
