import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '#db/client'
import { outbox, people, sessions } from '#db/schema'
import * as language from '~/routes/language'
import * as login from '~/routes/login'
import * as logout from '~/routes/logout'
import * as profile from '~/routes/profile'
import * as signup from '~/routes/signup'
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
  memberType: 'individual_member',
}

beforeAll(() => {
  db = freshDb()
  db.$client.exec(`insert into regions (code, name) values ('LACRALO', 'LACRALO')`)
})

describe('sign up', () => {
  it('creates a participant with an argon2id hash, signs them in and queues a welcome mail in their language', async () => {
    const res = (await run(signup.action, formRequest('/signup', good))) as Response
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/')
    const row = db.select().from(people).where(eq(people.email, 'maria.gonzalez@example.net')).get()!
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(row.timeZone).toBe('America/Argentina/Buenos_Aires')
    expect(getPerson(db, row.id)!.roles).toEqual([])
    const mail = db.select().from(outbox).where(eq(outbox.personId, row.id)).get()!
    expect(mail.language).toBe('es')
    expect(mail.subject).toBe('Bienvenido/a al programa At-Large')
    const cookie = cookieFrom(res)
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/i)
    expect(res.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/i)
    const me = dataOf<{ person: { email: string } }>(await run(profile.loader, getRequest('/profile', { cookie })))
    expect(me.person.email).toBe('maria.gonzalez@example.net')
  })

  it('refuses the same email in another case with a clear error, and creates nothing', async () => {
    const res = await run(signup.action, formRequest('/signup', { ...good, email: 'MARIA.GONZALEZ@example.NET' }))
    expect(statusOf(res)).toBe(409)
    expect(dataOf(res)).toEqual({ errors: { email: ['errors.field.emailTaken'] } })
    expect(db.select().from(people).all()).toHaveLength(1)
  })

  it('reports every bad field with a translation key', async () => {
    const res = await run(
      signup.action,
      formRequest('/signup', { ...good, email: 'not-an-email', password: 'short', timeZone: 'Mars/Olympus', preferredLanguage: 'de' }),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toEqual({
      errors: {
        email: ['errors.field.email'],
        password: ['errors.field.passwordShort'],
        timeZone: ['errors.field.timeZone'],
        preferredLanguage: ['errors.field.language'],
      },
    })
  })

  it('rejects a form whose honeypot is filled', async () => {
    const res = await run(signup.action, formRequest('/signup', { ...good, email: 'bot@example.net', website: 'http://spam' }))
    expect(statusOf(res)).toBe(400)
    expect(db.select().from(people).where(eq(people.email, 'bot@example.net')).get()).toBeUndefined()
  })
})

describe('sign in and out', () => {
  it('signs in with any case of the email and goes back where the person was going', async () => {
    const res = (await run(
      login.action,
      formRequest('/login', { email: 'MARIA.gonzalez@example.net', password: good.password, redirectTo: '/profile' }, { ip: '1.1.1.1' }),
    )) as Response
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/profile')
  })

  it('never redirects off-site after sign-in', async () => {
    const res = (await run(
      login.action,
      formRequest('/login', { email: good.email, password: good.password, redirectTo: '//evil.example' }, { ip: '1.1.1.2' }),
    )) as Response
    expect(res.headers.get('Location')).toBe('/')
  })

  it('says the same for a wrong password and an unknown account', async () => {
    const wrong = await run(login.action, formRequest('/login', { email: good.email, password: 'wrong password' }, { ip: '1.1.1.3' }))
    const unknown = await run(login.action, formRequest('/login', { email: 'who@example.net', password: 'wrong password' }, { ip: '1.1.1.3' }))
    expect(statusOf(wrong)).toBe(400)
    expect(dataOf(wrong)).toEqual(dataOf(unknown))
    expect(dataOf(wrong)).toEqual({ errors: { form: ['errors.auth.invalid'] } })
  })

  it('rate-limits attempts per account even across IPs, then per IP', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) {
      const r = await run(login.action, formRequest('/login', { email: 'target@example.net', password: 'guess ' + i }, { ip: `2.2.2.${i}` }))
      statuses.push(statusOf(r))
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429])
    const perIp: number[] = []
    for (let i = 0; i < 22; i++) {
      const r = await run(login.action, formRequest('/login', { email: `u${i}@example.net`, password: 'x' }, { ip: '3.3.3.3' }))
      perIp.push(statusOf(r))
    }
    expect(perIp.slice(0, 20).every((s) => s === 400)).toBe(true)
    expect(perIp.slice(20)).toEqual([429, 429])
  })

  it('signs out only by POST, and the old cookie no longer works', async () => {
    const signedIn = (await run(login.action, formRequest('/login', { email: good.email, password: good.password }, { ip: '4.4.4.4' }))) as Response
    const cookie = cookieFrom(signedIn)
    const before = db.select().from(sessions).all().length
    const get = (await run(logout.loader, getRequest('/logout', { cookie }))) as Response
    expect(get.status).toBe(302)
    expect(db.select().from(sessions).all().length).toBe(before)
    const post = (await run(logout.action, formRequest('/logout', {}, { cookie }))) as Response
    expect(post.status).toBe(302)
    expect(db.select().from(sessions).all().length).toBe(before - 1)
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
    const unknownStructure = await run(profile.action, formRequest('/profile', { ...good, structureId: '999' }, { cookie }))
    expect(statusOf(unknownStructure)).toBe(400)
    expect(db.select().from(people).get()!.timeZone).toBe('America/Argentina/Buenos_Aires')
    const ok = (await run(profile.action, formRequest('/profile', { ...good, name: 'María G.', timeZone: 'Europe/Madrid', preferredLanguage: 'fr' }, { cookie }))) as Response
    expect(ok.status).toBe(303)
    const row = db.select().from(people).get()!
    expect([row.name, row.timeZone, row.preferredLanguage]).toEqual(['María G.', 'Europe/Madrid', 'fr'])
  })

  it('switching language stores the preference of a signed-in person and sets the cookie', async () => {
    const cookie = await cookieFor(good.email)
    const res = (await run(language.action, formRequest('/language', { language: 'es', redirectTo: '/webinars' }, { cookie }))) as Response
    expect(res.headers.get('Location')).toBe('/webinars')
    expect(res.headers.get('Set-Cookie')).toMatch(/^lang=/)
    expect(db.select().from(people).get()!.preferredLanguage).toBe('es')
    const bad = await run(language.action, formRequest('/language', { language: 'xx' }, { cookie }))
    expect(statusOf(bad)).toBe(400)
  })
})
