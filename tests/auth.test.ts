import { and, desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import { authAttempts, authSessions, outbox, people } from '#db/schema'
import * as language from '~/routes/language'
import * as login from '~/routes/login'
import * as logout from '~/routes/logout'
import * as profile from '~/routes/profile'
import * as signup from '~/routes/signup'
import * as finish from '~/routes/signup_.$token'
import { getPerson } from '~/services/people.server'

import { freshDb } from './helpers/db'
import { cookieFor, cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
const good = {
  name: 'María González',
  email: 'Maria.Gonzalez@Example.net',
  password: 'una contraseña larga',
  preferredLanguage: 'es',
  timeZone: 'America/Argentina/Buenos_Aires',
  regionCode: 'LACRALO',
  structureId: '',
  memberType: 'guest',
}

beforeAll(() => {
  db = freshDb()
  db.$client.exec(`insert into regions (code, name) values ('LACRALO', 'LACRALO')`)
})

/** The link of the newest mail to `to` whose text contains `path` (the mail is in the outbox). */
function mailedLink(to: string, path: string): string {
  const mails = db.select().from(outbox).where(eq(outbox.toAddress, to)).orderBy(desc(outbox.id)).all()
  for (const m of mails) {
    const found = m.text.match(new RegExp(`https?://\\S+${path}\\S*`))
    if (found) return found[0]
  }
  throw new Error(`no mail to ${to} with ${path}`)
}

const profileFields = {
  name: good.name,
  password: good.password,
  preferredLanguage: good.preferredLanguage,
  timeZone: good.timeZone,
  regionCode: good.regionCode,
  structureId: '',
  memberType: good.memberType,
  privacy: 'on',
}

describe('sign up', () => {
  it('starts with an address only, mails a link, and creates the account when the link is followed', async () => {
    const first = await run(
      signup.action,
      formRequest('/signup', { email: good.email, redirectTo: '/webinars/some-webinar' }, { ip: '9.9.9.1' }),
    )
    expect(statusOf(first)).toBe(200)
    expect(dataOf(first)).toEqual({ sent: true, errors: undefined })
    expect(db.select().from(people).all()).toHaveLength(0)
    const link = mailedLink('maria.gonzalez@example.net', '/signup/')
    expect(link.startsWith('http://app.test/signup/')).toBe(true)
    const token = link.split('/signup/')[1]
    const form = dataOf<{ valid: boolean; email: string }>(
      await run(finish.loader, getRequest(`/signup/${token}`), { token }),
    )
    expect(form).toMatchObject({ valid: true, email: 'maria.gonzalez@example.net' })
    const res = (await run(finish.action, formRequest(`/signup/${token}`, profileFields), { token })) as Response
    expect(res.status).toBe(303)
    // Back to the webinar the person came from.
    expect(res.headers.get('Location')).toBe('/webinars/some-webinar')
    const row = db.select().from(people).where(eq(people.email, 'maria.gonzalez@example.net')).get()!
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(row.timeZone).toBe('America/Argentina/Buenos_Aires')
    expect(getPerson(db, row.id)!.roles).toEqual([])
    const welcome = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.personId, row.id), eq(outbox.kind, 'welcome')))
      .get()!
    expect(welcome.language).toBe('es')
    expect(welcome.subject).toBe('Bienvenido/a al programa At-Large')
    const cookie = cookieFrom(res)
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/i)
    expect(res.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/i)
    const me = dataOf<{ person: { email: string } }>(await run(profile.loader, getRequest('/profile', { cookie })))
    expect(me.person.email).toBe('maria.gonzalez@example.net')
    // The link works once.
    const again = await run(finish.action, formRequest(`/signup/${token}`, profileFields), { token })
    expect(statusOf(again)).toBe(410)
    expect(db.select().from(people).all()).toHaveLength(1)
  })

  it('answers a known address exactly like a new one, and mails its owner how to sign in instead', async () => {
    const before = db.select().from(people).all().length
    const known = await run(
      signup.action,
      formRequest('/signup', { email: 'MARIA.GONZALEZ@example.NET' }, { ip: '9.9.9.2' }),
    )
    const fresh = await run(
      signup.action,
      formRequest('/signup', { email: 'someone.new@example.net' }, { ip: '9.9.9.2' }),
    )
    expect(statusOf(known)).toBe(statusOf(fresh))
    expect(dataOf(known)).toEqual(dataOf(fresh))
    expect(db.select().from(people).all()).toHaveLength(before)
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, 'maria.gonzalez@example.net'), eq(outbox.kind, 'account-exists')))
      .get()!
    expect(mail.language).toBe('es')
    expect(mail.subject).toBe('Ya tiene una cuenta At-Large')
    expect(mail.text).toContain('http://app.test/login')
    expect(mail.text).not.toContain('/signup/')
  })

  it('limits sign-up requests per address and per requester, without recording refused ones', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++)
      statuses.push(
        statusOf(
          await run(signup.action, formRequest('/signup', { email: 'flood@example.net' }, { ip: `9.9.8.${i}` })),
        ),
      )
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const perIp: number[] = []
    for (let i = 0; i < 12; i++)
      perIp.push(
        statusOf(
          await run(signup.action, formRequest('/signup', { email: `bulk${i}@example.net` }, { ip: '9.9.7.7' })),
        ),
      )
    expect(perIp.slice(0, 10).every((s) => s === 200)).toBe(true)
    expect(perIp.slice(10)).toEqual([429, 429])
    expect(db.select().from(outbox).where(eq(outbox.toAddress, 'flood@example.net')).all()).toHaveLength(3)
  })

  it('reports every bad field of the second step with a translation key, and creates nothing', async () => {
    await run(signup.action, formRequest('/signup', { email: 'second.step@example.net' }, { ip: '9.9.9.3' }))
    const token = mailedLink('second.step@example.net', '/signup/').split('/signup/')[1]
    const res = await run(
      finish.action,
      formRequest(`/signup/${token}`, {
        ...profileFields,
        name: 'Line\nbreak',
        password: 'short',
        timeZone: 'Mars/Olympus',
        preferredLanguage: 'de',
      }),
      { token },
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toEqual({
      errors: {
        name: ['errors.field.nameChars'],
        password: ['errors.field.passwordShort'],
        timeZone: ['errors.field.timeZone'],
        preferredLanguage: ['errors.field.language'],
      },
    })
    expect(db.select().from(people).where(eq(people.email, 'second.step@example.net')).get()).toBeUndefined()
  })

  it('refuses a bad address and a filled honeypot', async () => {
    expect(
      statusOf(await run(signup.action, formRequest('/signup', { email: 'not-an-email' }, { ip: '9.9.9.4' }))),
    ).toBe(400)
    const res = await run(
      signup.action,
      formRequest('/signup', { email: 'bot@example.net', website: 'http://spam' }, { ip: '9.9.9.4' }),
    )
    expect(statusOf(res)).toBe(400)
    expect(db.select().from(outbox).where(eq(outbox.toAddress, 'bot@example.net')).all()).toHaveLength(0)
  })
})

describe('sign in and out', () => {
  it('signs in with any case of the email and goes back where the person was going', async () => {
    const res = (await run(
      login.action,
      formRequest(
        '/login',
        { email: 'MARIA.gonzalez@example.net', password: good.password, redirectTo: '/profile' },
        { ip: '1.1.1.1' },
      ),
    )) as Response
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/profile')
  })

  it('never redirects off-site after sign-in', async () => {
    const res = (await run(
      login.action,
      formRequest(
        '/login',
        { email: good.email, password: good.password, redirectTo: '//evil.example' },
        { ip: '1.1.1.2' },
      ),
    )) as Response
    expect(res.headers.get('Location')).toBe('/')
  })

  it('says the same for a wrong password and an unknown account', async () => {
    const wrong = await run(
      login.action,
      formRequest('/login', { email: good.email, password: 'wrong password' }, { ip: '1.1.1.3' }),
    )
    const unknown = await run(
      login.action,
      formRequest('/login', { email: 'who@example.net', password: 'wrong password' }, { ip: '1.1.1.3' }),
    )
    expect(statusOf(wrong)).toBe(400)
    expect(dataOf(wrong)).toEqual(dataOf(unknown))
    expect(dataOf(wrong)).toEqual({ errors: { form: ['errors.auth.invalid'] } })
  })

  it('counts failures only: an address is refused after 5 failures on an account, others still get through', async () => {
    const fromOne: number[] = []
    for (let i = 0; i < 7; i++)
      fromOne.push(
        statusOf(
          await run(
            login.action,
            formRequest('/login', { email: good.email, password: 'guess ' + i }, { ip: '2.2.2.2' }),
          ),
        ),
      )
    expect(fromOne).toEqual([400, 400, 400, 400, 400, 429, 429])
    // The owner, from another address, still signs in with the right password.
    const owner = await run(
      login.action,
      formRequest('/login', { email: good.email, password: good.password }, { ip: '2.2.2.99' }),
    )
    expect(statusOf(owner)).toBe(303)
    // Correct sign-ins never count: many in a row are all accepted.
    for (let i = 0; i < 8; i++) {
      expect(
        statusOf(
          await run(
            login.action,
            formRequest('/login', { email: good.email, password: good.password }, { ip: '2.2.3.3' }),
          ),
        ),
      ).toBe(303)
    }
  })

  it('refuses an address that failed on many accounts, without recording what it tries while refused', async () => {
    const perIp: number[] = []
    for (let i = 0; i < 32; i++)
      perIp.push(
        statusOf(
          await run(
            login.action,
            formRequest('/login', { email: `u${i}@example.net`, password: 'x' }, { ip: '3.3.3.3' }),
          ),
        ),
      )
    expect(perIp.slice(0, 30).every((s) => s === 400)).toBe(true)
    expect(perIp.slice(30)).toEqual([429, 429])
    const recorded = db
      .select()
      .from(authAttempts)
      .where(and(eq(authAttempts.scope, 'login:fail:ip'), eq(authAttempts.key, '3.3.3.3')))
      .all()
    expect(recorded).toHaveLength(30)
  })

  it('signs out only by POST, and the old cookie no longer works', async () => {
    const signedIn = (await run(
      login.action,
      formRequest('/login', { email: good.email, password: good.password }, { ip: '4.4.4.4' }),
    )) as Response
    const cookie = cookieFrom(signedIn)
    const before = db.select().from(authSessions).all().length
    const get = (await run(logout.loader, getRequest('/logout', { cookie }))) as Response
    expect(get.status).toBe(302)
    expect(db.select().from(authSessions).all().length).toBe(before)
    const post = (await run(logout.action, formRequest('/logout', {}, { cookie }))) as Response
    expect(post.status).toBe(302)
    expect(db.select().from(authSessions).all().length).toBe(before - 1)
    const after = (await run(profile.loader, getRequest('/profile', { cookie }))) as Response
    expect(after.status).toBe(302)
    expect(after.headers.get('Location')).toBe('/login?redirectTo=%2Fprofile')
  })
})

describe('profile and language', () => {
  it('saves the profile and refuses an unknown zone or structure without changing anything', async () => {
    const cookie = await cookieFor(good.email)
    const bad = await run(profile.action, formRequest('/profile', { ...good, timeZone: 'Nowhere/City' }, { cookie }))
    expect(statusOf(bad)).toBe(400)
    const unknownStructure = await run(
      profile.action,
      formRequest('/profile', { intent: 'request-structure', structureId: '999' }, { cookie }),
    )
    expect(statusOf(unknownStructure)).toBe(400)
    expect(db.select().from(people).get()!.timeZone).toBe('America/Argentina/Buenos_Aires')
    const ok = (await run(
      profile.action,
      formRequest(
        '/profile',
        { ...good, name: 'María G.', timeZone: 'Europe/Madrid', preferredLanguage: 'fr' },
        { cookie },
      ),
    )) as Response
    expect(ok.status).toBe(303)
    const row = db.select().from(people).get()!
    expect([row.name, row.timeZone, row.preferredLanguage]).toEqual(['María G.', 'Europe/Madrid', 'fr'])
  })

  it('switching language stores the preference of a signed-in person and sets the cookie', async () => {
    const cookie = await cookieFor(good.email)
    const res = (await run(
      language.action,
      formRequest('/language', { language: 'es', redirectTo: '/webinars' }, { cookie }),
    )) as Response
    expect(res.headers.get('Location')).toBe('/webinars')
    expect(res.headers.get('Set-Cookie')).toMatch(/^lang=/)
    expect(db.select().from(people).get()!.preferredLanguage).toBe('es')
    const bad = await run(language.action, formRequest('/language', { language: 'xx' }, { cookie }))
    expect(statusOf(bad)).toBe(400)
  })
})
