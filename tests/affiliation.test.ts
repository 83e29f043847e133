// A person asks to represent a structure; its contact (by a mailed single-use link) or staff confirm or
// decline; only a confirmed link makes them its representative. Mail goes through a real SMTP server.
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as membership from '~/routes/membership'
import * as profile from '~/routes/profile'
import * as staffHome from '~/routes/staff._index'
import * as structurePage from '~/routes/staff.structures.$id'
import * as contactPage from '~/routes/structures.affiliation.$token'
import { structureMetrics } from '~/services/metrics.server'
import { dispatchOutbox } from '~/services/outbox.server'
import { recordFor } from '~/services/participation.server'
import { createPerson } from '~/services/people.server'
import { personTimeline } from '~/services/people/record.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { startSmtp } from './helpers/smtp'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: DB
let staff: string
let structure: { id: number; name: string; regionCode: s.RegionCode }
let contact: { id: number; email: string; language: s.Language }

beforeAll(async () => {
  smtp = await startSmtp()
})
// Each test starts from untouched data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 20 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  // An accredited structure whose contact reads French.
  const row = db
    .select({ id: s.structures.id, name: s.structures.name, regionCode: s.structures.regionCode })
    .from(s.structures)
    .where(and(eq(s.structures.accreditationStatus, 'accredited'), eq(s.structures.regionCode, 'AFRALO')))
    .get()!
  structure = row
  const contactId = createPerson(db, {
    email: 'contact.afralo@example.net',
    name: 'Awa Contact',
    passwordHash: null,
    preferredLanguage: 'fr',
    timeZone: 'Africa/Dakar',
    regionCode: 'AFRALO',
    structureId: row.id,
    memberType: 'als_representative',
  })
  db.update(s.structures).set({ contactPersonId: contactId }).where(eq(s.structures.id, row.id)).run()
  contact = { id: contactId, email: 'contact.afralo@example.net', language: 'fr' }
})
afterAll(() => smtp.close())

let n = 0
/** A signed-in guest who reads `language` and has no region yet. */
async function guest(language: s.Language) {
  const email = `asker${++n}@example.net`
  const id = createPerson(db, {
    email,
    name: `Asker <i>${n}</i>`,
    passwordHash: null,
    preferredLanguage: language,
    timeZone: 'UTC',
    memberType: 'guest',
  })
  return { id, email, cookie: await cookieFor(email) }
}

const person = (id: number) => db.select().from(s.people).where(eq(s.people.id, id)).get()!
const request = (personId: number) =>
  db.select().from(s.affiliationRequests).where(eq(s.affiliationRequests.personId, personId)).get()!
const ask = (cookie: string, structureId = structure.id) =>
  run(
    profile.action,
    formRequest('/profile', { intent: 'request-structure', structureId: String(structureId) }, { cookie }),
  )

/** Sends the outbox through the SMTP server and returns the messages that arrived for `to`. */
async function delivered(to: string) {
  const transport = smtp.transport()
  await dispatchOutbox(db, transport)
  transport.close()
  return smtp.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0].address === to)
}

async function contactLink(personName: string): Promise<string> {
  const mails = await delivered(contact.email)
  const mail = mails.filter((m) => m.text!.includes(personName)).at(-1)!
  return mail.text!.match(/http:\/\/app\.test\/structures\/affiliation\/(\S+)/)![1]
}

const openLink = (token: string) => run(contactPage.loader, getRequest(`/structures/affiliation/${token}`), { token })
const answer = (token: string, body: Record<string, string>) =>
  run(contactPage.action, formRequest(`/structures/affiliation/${token}`, body), { token })

describe('asking to represent a structure', () => {
  it('the contact is mailed in their language; confirming through the link makes the person its representative, once', async () => {
    const a = await guest('es')
    expect(statusOf(await ask(a.cookie))).toBe(303)
    expect(person(a.id).structureId).toBeNull()

    // The contact's mail, in French, names who asks (escaped), with a link to confirm.
    const mails = await delivered(contact.email)
    const mail = mails.at(-1)!
    expect(mail.subject).toBe(`Asker <i>1</i> demande à représenter ${structure.name}`)
    expect(mail.html).toContain('lang="fr"')
    expect(mail.html).toContain('Asker &lt;i&gt;1&lt;/i&gt;')
    expect(mail.text).toContain('asker1@example.net')
    const token = mail.text!.match(/http:\/\/app\.test\/structures\/affiliation\/(\S+)/)![1]

    // Opening the link reads only.
    const page = dataOf<{ request: Record<string, unknown> | null }>(await openLink(token))
    expect(page.request).toMatchObject({
      person: 'Asker <i>1</i>',
      email: 'asker1@example.net',
      structure: structure.name,
    })
    expect(request(a.id).status).toBe('pending')

    // A bad answer is a translated 400; confirming links the person.
    const bad = await answer(token, { decision: 'maybe' })
    expect(statusOf(bad)).toBe(400)
    expect(dataOf(bad)).toMatchObject({ errors: { decision: ['errors.affiliation.decisionRequired'] } })
    expect(statusOf(await answer(token, { decision: 'confirm' }))).toBe(200)
    expect(person(a.id)).toMatchObject({
      structureId: structure.id,
      memberType: 'als_representative',
      regionCode: structure.regionCode,
    })
    expect(request(a.id)).toMatchObject({ status: 'confirmed', decidedVia: 'contact', decidedById: contact.id })

    // The link works once.
    expect(statusOf(await answer(token, { decision: 'decline' }))).toBe(410)
    expect(statusOf(await openLink(token))).toBe(410)
    expect(person(a.id).structureId).toBe(structure.id)

    // The person is told in Spanish; /membership and /profile show the structure now.
    const told = (await delivered(a.email)).at(-1)!
    expect(told.subject).toBe(`Ahora representa a ${structure.name}`)
    type Membership = Awaited<ReturnType<typeof membership.loader>>
    const m = dataOf<Membership>(await run(membership.loader, getRequest('/membership', { cookie: a.cookie })))
    expect(m.through).toEqual({ id: structure.id, name: structure.name, regionCode: structure.regionCode })
    type Profile = Awaited<ReturnType<typeof profile.loader>>
    const p = dataOf<Profile>(await run(profile.loader, getRequest('/profile', { cookie: a.cookie })))
    expect(p.affiliation.linked).toMatchObject({ id: structure.id, confirmedVia: 'contact' })
    expect(p.affiliation.pending).toBeNull()

    // Every step is on the person's timeline.
    const timeline = personTimeline(db, { personId: a.id, language: 'en' })
    expect(timeline.entries.filter((e) => e.kind === 'audit').map((e) => e.detail)).toEqual(
      expect.arrayContaining(['affiliation.requested', 'affiliation.confirmed']),
    )
  })

  it('a contact who declines links nobody; the person is told why (escaped), in their language', async () => {
    const b = await guest('en')
    await ask(b.cookie)
    const token = await contactLink('Asker <i>2</i>')
    expect(statusOf(await answer(token, { decision: 'decline', note: 'We do not know you <script>x</script>' }))).toBe(
      200,
    )
    expect(person(b.id)).toMatchObject({ structureId: null, memberType: 'guest' })
    expect(request(b.id)).toMatchObject({ status: 'declined', decidedVia: 'contact' })
    const told = (await delivered(b.email)).at(-1)!
    expect(told.subject).toBe(`Your request to represent ${structure.name}`)
    expect(told.text).toContain('Message: We do not know you <script>x</script>')
    expect(told.html).not.toContain('<script>')
    type Membership = Awaited<ReturnType<typeof membership.loader>>
    const m = dataOf<Membership>(await run(membership.loader, getRequest('/membership', { cookie: b.cookie })))
    expect(m.through).toBeNull()
  })

  it('staff see the pending count and the request on the structure page, and confirm or decline there', async () => {
    const c = await guest('fr')
    const d = await guest('es')
    await ask(c.cookie)
    await ask(d.cookie)
    type Home = Awaited<ReturnType<typeof staffHome.loader>>
    const home = dataOf<Home>(await run(staffHome.loader, getRequest('/staff', { cookie: staff })))
    expect(home.overview.affiliationRequests).toBeGreaterThanOrEqual(2)
    type Page = Awaited<ReturnType<typeof structurePage.loader>>
    const load = async () =>
      dataOf<Page>(
        await run(structurePage.loader, getRequest(`/staff/structures/${structure.id}`, { cookie: staff }), {
          id: String(structure.id),
        }),
      )
    const before = await load()
    expect(before.requests.map((r) => r.personId)).toEqual(expect.arrayContaining([c.id, d.id]))
    expect(before.structure.members.map((m) => m.id)).not.toContain(c.id)

    const decide = (requestId: number, body: Record<string, string>) =>
      run(
        structurePage.action,
        formRequest(
          `/staff/structures/${structure.id}`,
          { intent: 'decide-request', requestId: String(requestId), ...body },
          { cookie: staff },
        ),
        { id: String(structure.id) },
      )
    expect(statusOf(await decide(request(c.id).id, {}))).toBe(400)
    expect(statusOf(await decide(request(c.id).id, { decision: 'confirm' }))).toBe(303)
    expect(person(c.id)).toMatchObject({ structureId: structure.id, memberType: 'als_representative' })
    expect(request(c.id)).toMatchObject({ status: 'confirmed', decidedVia: 'staff' })
    expect(statusOf(await decide(request(d.id).id, { decision: 'decline', note: 'Inconnu.' }))).toBe(303)
    expect(person(d.id).structureId).toBeNull()
    // Deciding twice is refused; so is a request of another structure from this page.
    expect(statusOf(await decide(request(d.id).id, { decision: 'confirm' }))).toBe(409)
    const after = await load()
    expect(after.requests.map((r) => r.personId)).not.toContain(c.id)
    expect(after.structure.members.map((m) => m.id)).toContain(c.id)
    expect((await delivered(c.email)).at(-1)!.subject).toBe(`Vous représentez désormais ${structure.name}`)
    expect((await delivered(d.email)).at(-1)!.subject).toBe(`Su solicitud para representar a ${structure.name}`)

    // The contact's link of a request staff decided no longer works.
    const token = await contactLink('Asker <i>3</i>')
    expect(statusOf(await answer(token, { decision: 'decline' }))).toBe(410)
    expect(person(c.id).structureId).toBe(structure.id)
  })

  it('an unconfirmed request counts nowhere: participation metrics by structure ignore it until confirmed', async () => {
    const e = await guest('en')
    await ask(e.cookie)
    const period = { from: new Date(Date.now() - 86400_000), to: new Date(Date.now() + 86400_000) }
    const row = () => structureMetrics(db, period).find((r) => r.id === structure.id)!
    const before = row()
    // What they take part in while the request waits is not the structure's.
    recordFor(db, e.id, 'webinar_attended', 'test', 1, new Date())
    expect([row().members, row().total]).toEqual([before.members, before.total])
    const token = await contactLink('Asker <i>5</i>')
    await answer(token, { decision: 'confirm' })
    recordFor(db, e.id, 'webinar_attended', 'test', 2, new Date())
    expect([row().members, row().total]).toEqual([before.members + 1, before.total + 1])
  })

  it('a link expires, and works only for the contact it was mailed to', async () => {
    const f = await guest('en')
    await ask(f.cookie)
    const token = await contactLink('Asker <i>6</i>')
    // Staff make someone else the contact: the old contact's link stops working.
    const other = createPerson(db, {
      email: 'new.contact@example.net',
      name: 'New Contact',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'UTC',
    })
    db.update(s.structures).set({ contactPersonId: other }).where(eq(s.structures.id, structure.id)).run()
    expect(statusOf(await openLink(token))).toBe(410)
    expect(dataOf(await openLink(token))).toMatchObject({ error: 'notContact' })
    db.update(s.structures).set({ contactPersonId: contact.id }).where(eq(s.structures.id, structure.id)).run()
    // An expired link is refused.
    db.update(s.affiliationRequests)
      .set({ tokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(s.affiliationRequests.personId, f.id))
      .run()
    expect(statusOf(await answer(token, { decision: 'confirm' }))).toBe(410)
    expect(person(f.id).structureId).toBeNull()
    // Staff mail a fresh link, which works.
    const mailed = await run(
      structurePage.action,
      formRequest(
        `/staff/structures/${structure.id}`,
        { intent: 'mail-contact', requestId: String(request(f.id).id) },
        { cookie: staff },
      ),
      { id: String(structure.id) },
    )
    expect(statusOf(mailed)).toBe(303)
    const fresh = await contactLink('Asker <i>6</i>')
    expect(fresh).not.toBe(token)
    expect(statusOf(await answer(fresh, { decision: 'confirm' }))).toBe(200)
    expect(person(f.id).structureId).toBe(structure.id)
    // An unknown link is a 404.
    expect(statusOf(await openLink('nope'))).toBe(404)
  })

  it('the person withdraws a pending request, and can stop representing a structure (asked once)', async () => {
    const g = await guest('en')
    await ask(g.cookie)
    const token = await contactLink('Asker <i>7</i>')
    const post = (body: Record<string, string>) =>
      run(profile.action, formRequest('/profile', body, { cookie: g.cookie }))
    expect(statusOf(await post({ intent: 'withdraw-structure' }))).toBe(303)
    expect(request(g.id).status).toBe('withdrawn')
    expect(statusOf(await post({ intent: 'withdraw-structure' }))).toBe(409)
    expect(statusOf(await answer(token, { decision: 'confirm' }))).toBe(410)
    expect(person(g.id).structureId).toBeNull()

    // The contact, linked by staff, stops representing it: the box must be ticked.
    const cookie = await cookieFor(contact.email)
    const end = (body: Record<string, string>) =>
      run(profile.action, formRequest('/profile', { intent: 'end-structure', ...body }, { cookie }))
    expect(statusOf(await end({}))).toBe(400)
    expect(person(contact.id).structureId).toBe(structure.id)
    expect(statusOf(await end({ confirm: 'yes' }))).toBe(303)
    expect(person(contact.id)).toMatchObject({ structureId: null, memberType: 'guest' })
    // As the structure's contact, asking again links them at once.
    expect(statusOf(await ask(cookie))).toBe(303)
    expect(person(contact.id)).toMatchObject({ structureId: structure.id, memberType: 'als_representative' })
  })
})
