// The audit's finding: anyone could make themselves a member through any structure, by posting a
// `structureId` at sign-up or on /profile. These tests use only pages that existed before the fix.
import { and, desc, eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as membership from '~/routes/membership'
import * as profile from '~/routes/profile'
import * as signup from '~/routes/signup'
import * as finish from '~/routes/signup_.$token'
import * as directory from '~/routes/staff.people._index'
import * as structurePage from '~/routes/staff.structures.$id'
import { createPerson, findPersonIdByEmail } from '~/services/people.server'
import { applyForAccreditation } from '~/services/structures/accreditation.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let applied: { id: number; name: string }
let accredited: { id: number; name: string; contactPersonId: number | null }

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 20 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  // A structure that has only applied (an Argentinian one, as in the audit), and an accredited one.
  const applicant = createPerson(db, {
    email: 'applicant@example.net',
    name: 'Ana Aplicante',
    passwordHash: null,
    preferredLanguage: 'es',
    timeZone: 'America/Argentina/Buenos_Aires',
    memberType: 'guest',
  })
  const made = applyForAccreditation(
    db,
    {
      name: 'Red Argentina de Usuarios',
      regionCode: 'LACRALO',
      country: 'AR',
      website: null,
      description: 'Usuarios de Internet.',
      answers: {},
    },
    { actorId: applicant, baseUrl: 'http://app.test' },
  )
  if (!made.ok) throw new Error('could not apply')
  applied = { id: made.id, name: 'Red Argentina de Usuarios' }
  accredited = db
    .select({ id: s.structures.id, name: s.structures.name, contactPersonId: s.structures.contactPersonId })
    .from(s.structures)
    .where(and(eq(s.structures.accreditationStatus, 'accredited'), eq(s.structures.regionCode, 'LACRALO')))
    .get()!
})

const personRow = (email: string) => db.select().from(s.people).where(eq(s.people.email, email)).get()
const requestsOf = (personId: number) =>
  db.all<{ structure_id: number; status: string; source: string }>(
    sql`select structure_id, status, source from affiliation_requests where person_id = ${personId} order by id`,
  )

/** Starts a sign-up for `email` and returns the token of the mailed link. */
async function signupToken(email: string, ip: string): Promise<string> {
  expect(statusOf(await run(signup.action, formRequest('/signup', { email }, { ip })))).toBe(200)
  const mail = db.select().from(s.outbox).where(eq(s.outbox.toAddress, email)).orderBy(desc(s.outbox.id)).get()!
  return mail.text.match(/\/signup\/(\S+)/)![1]
}

const finishFields = (structureId: number, memberType = 'guest') => ({
  name: 'Agustín Atacante',
  password: 'una contraseña larga',
  preferredLanguage: 'es',
  timeZone: 'America/Argentina/Buenos_Aires',
  regionCode: 'AFRALO',
  structureId: String(structureId),
  memberType,
  privacy: 'on',
})

describe('nobody makes themselves a member through a structure', () => {
  it('sign-up posting a structure that only applied is refused with a translated 400; nothing is created', async () => {
    const email = 'agustin.atacante@example.net'
    const token = await signupToken(email, '10.1.0.1')
    const res = await run(finish.action, formRequest(`/signup/${token}`, finishFields(applied.id)), { token })
    expect(personRow(email)?.structureId ?? null).toBeNull()
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toEqual({ errors: { structureId: ['errors.affiliation.notAccepting'] } })
    expect(personRow(email)).toBeUndefined()
    // The link was not spent: the person finishes with no structure.
    const done = await run(finish.action, formRequest(`/signup/${token}`, { ...finishFields(0), structureId: '' }), {
      token,
    })
    expect(statusOf(done)).toBe(303)
    expect(personRow(email)).toMatchObject({ structureId: null, memberType: 'guest' })
  })

  it('sign-up posting an accredited structure links nobody: it is a pending request, and /membership says no "through"', async () => {
    const email = 'beatriz.atacante@example.net'
    const token = await signupToken(email, '10.1.0.2')
    const res = (await run(finish.action, formRequest(`/signup/${token}`, finishFields(accredited.id)), {
      token,
    })) as Response
    expect(res.status).toBe(303)
    const row = personRow(email)!
    expect(row.structureId).toBeNull()
    expect(row.memberType).toBe('guest')
    expect(requestsOf(row.id)).toEqual([{ structure_id: accredited.id, status: 'pending', source: 'signup' }])
    // Choosing "ALS representative" at sign-up is refused too: a structure grants it.
    const other = 'carla.atacante@example.net'
    const otherToken = await signupToken(other, '10.1.0.3')
    const typed = await run(
      finish.action,
      formRequest(`/signup/${otherToken}`, { ...finishFields(accredited.id), memberType: 'als_representative' }),
      { token: otherToken },
    )
    expect(statusOf(typed)).toBe(400)
    expect(dataOf(typed)).toEqual({ errors: { memberType: ['errors.field.memberTypeStructure'] } })

    const cookie = await cookieFor(email)
    type Page = Awaited<ReturnType<typeof membership.loader>>
    const page = dataOf<Page>(await run(membership.loader, getRequest('/membership', { cookie })))
    expect(page.through).toBeNull()
  })

  it('/profile posting a structureId (an applied one, then an accredited one) links nobody', async () => {
    const email = 'dario.atacante@example.net'
    createPerson(db, {
      email,
      name: 'Darío Atacante',
      passwordHash: null,
      preferredLanguage: 'es',
      timeZone: 'UTC',
      regionCode: 'AFRALO',
      memberType: 'guest',
    })
    const cookie = await cookieFor(email)
    const fields = { name: 'Darío Atacante', preferredLanguage: 'es', timeZone: 'UTC', regionCode: 'AFRALO' }
    // The old profile form with a structure in it: the profile is saved, the structure is not.
    for (const id of [applied.id, accredited.id]) {
      const res = await run(
        profile.action,
        formRequest('/profile', { ...fields, structureId: String(id), memberType: 'guest' }, { cookie }),
      )
      expect(personRow(email)!.structureId).toBeNull()
      expect(statusOf(res)).toBe(303)
    }
    // Nor can the person call themselves a representative.
    const typed = await run(
      profile.action,
      formRequest(
        '/profile',
        { ...fields, structureId: String(accredited.id), memberType: 'als_representative' },
        { cookie },
      ),
    )
    expect(statusOf(typed)).toBe(400)
    expect(personRow(email)!.memberType).toBe('guest')
    // Asking for a structure that only applied: a translated 400, nothing written.
    const ask = (id: number) =>
      run(profile.action, formRequest('/profile', { intent: 'request-structure', structureId: String(id) }, { cookie }))
    const refused = await ask(applied.id)
    expect(statusOf(refused)).toBe(400)
    expect(dataOf(refused)).toEqual({ structureErrors: { structureId: ['errors.affiliation.notAccepting'] } })
    const id = personRow(email)!.id
    expect(requestsOf(id)).toEqual([])
    // Asking for an accredited one: a pending request, still no link.
    expect(statusOf(await ask(accredited.id))).toBe(303)
    expect(personRow(email)).toMatchObject({ structureId: null, memberType: 'guest' })
    expect(requestsOf(id)).toEqual([{ structure_id: accredited.id, status: 'pending', source: 'profile' }])
    // A second request while one is open is refused.
    expect(statusOf(await ask(accredited.id))).toBe(409)

    type Page = Awaited<ReturnType<typeof membership.loader>>
    const page = dataOf<Page>(await run(membership.loader, getRequest('/membership', { cookie })))
    expect(page.through).toBeNull()
    // The structure's staff page and the directory do not list them as its people.
    type Structure = Awaited<ReturnType<typeof structurePage.loader>>
    const sp = dataOf<Structure>(
      await run(structurePage.loader, getRequest(`/staff/structures/${accredited.id}`, { cookie: staff }), {
        id: String(accredited.id),
      }),
    )
    expect(sp.structure.members.map((m) => m.email)).not.toContain(email)
    type Directory = Awaited<ReturnType<typeof directory.loader>>
    const dir = dataOf<Directory>(
      await run(directory.loader, getRequest(`/staff/people?structure=${accredited.id}`, { cookie: staff })),
    )
    expect(dir.rows.map((r) => r.email)).not.toContain(email)
    expect(findPersonIdByEmail(db, email)).toBe(id)
  })
})
