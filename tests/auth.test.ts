import { and, desc, eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import type { DB } from '#db/client'
import { authAttempts, authSessions, outbox, people } from '#db/schema'
import * as language from '~/routes/language'
import * as login from '~/routes/login'
import * as logout from '~/routes/logout'
import * as profile from '~/routes/profile'
import * as signup from '~/routes/signup'
import * as finish from '~/routes/signup_.$token'
import { checkHealth } from '~/services/health.server'
import { dispatchOutbox } from '~/services/outbox.server'
import { hashPassword } from '~/services/passwords.server'
import { createPerson, getPerson } from '~/services/people.server'

import { freshDb } from './helpers/db'
import { cookieFor, cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { startSmtp } from './helpers/smtp'

let db: DB
let smtp: Awaited<ReturnType<typeof startSmtp>>
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

beforeAll(async () => {
  smtp = await startSmtp()
  db = freshDb()
  db.$client.exec(`insert into regions (code, name) values ('LACRALO', 'LACRALO')`)
})
afterAll(() => smtp.close())
afterEach(() => {
  vi.useRealTimers()
})

/** Runs the outbox worker once as if the clock said `at`; returns the mails that reached `to` this time. */
async function deliverAt(at: Date, to: string): Promise<ParsedMail[]> {
  const before = smtp.messages.length
  const transport = smtp.transport()
  await dispatchOutbox(db, transport, { now: () => at })
  transport.close()
  return smtp.messages.slice(before).filter((m) => m.to && 'text' in m.to && m.to.text === to)
}

/** The link to `path` in a delivered mail's text. */
function linkIn(mail: ParsedMail, path: string): string {
  return mail.text!.match(new RegExp(`https?://\\S+${path}\\S*`))![0]
}

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

  it('answers a flooded address the same every time, mails it 3 an hour, and mails the newest request (its owner’s) when there is room', async () => {
    const address = 'flood@example.net'
    const answers: unknown[] = []
    // A stranger asks five times from five addresses, then the owner asks, coming from a webinar page.
    for (let i = 0; i < 5; i++)
      answers.push(await run(signup.action, formRequest('/signup', { email: address }, { ip: `9.9.8.${i}` })))
    answers.push(
      await run(
        signup.action,
        formRequest('/signup', { email: address, redirectTo: '/webinars/the-owners-webinar' }, { ip: '9.9.6.1' }),
      ),
    )
    for (const answer of answers) {
      expect(statusOf(answer)).toBe(200)
      expect(dataOf(answer)).toEqual({ sent: true, errors: undefined })
    }
    const start = Date.now()
    expect(await deliverAt(new Date(start), address)).toHaveLength(3)
    expect(await deliverAt(new Date(start + 30 * 60_000), address)).toHaveLength(0)
    // The waiting mail is not reported as a late outbox until it may go.
    expect((await checkHealth(db, { now: start + 30 * 60_000 })).outbox).toMatchObject({
      pending: 1,
      oldestPendingSeconds: null,
    })
    expect((await checkHealth(db, { now: start + 60 * 60_000 + 1000 })).outbox).toMatchObject({
      pending: 1,
      oldestPendingSeconds: 1,
    })
    // An hour after the first mail, the address may receive one more: the owner's request, not the stranger's.
    const [owners] = await deliverAt(new Date(start + 60 * 60_000 + 1000), address)
    expect(owners).toBeDefined()
    expect(await deliverAt(new Date(start + 3 * 60 * 60_000), address)).toHaveLength(0)
    const token = linkIn(owners, '/signup/').split('/signup/')[1]
    const done = (await run(finish.action, formRequest(`/signup/${token}`, profileFields), { token })) as Response
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe('/webinars/the-owners-webinar')
  })

  it('limits sign-up requests per requester, without recording refused ones', async () => {
    const perIp: number[] = []
    for (let i = 0; i < 12; i++)
      perIp.push(
        statusOf(
          await run(signup.action, formRequest('/signup', { email: `bulk${i}@example.net` }, { ip: '9.9.7.7' })),
        ),
      )
    expect(perIp.slice(0, 10).every((s) => s === 200)).toBe(true)
    expect(perIp.slice(10)).toEqual([429, 429])
    expect(db.select().from(outbox).where(eq(outbox.toAddress, 'bulk11@example.net')).all()).toHaveLength(0)
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
    // The answer differs only by the address typed, given back to the form.
    const { email: _wrongEmail, ...wrongAnswer } = dataOf(wrong)
    const { email: _unknownEmail, ...unknownAnswer } = dataOf(unknown)
    expect(wrongAnswer).toEqual(unknownAnswer)
    expect(wrongAnswer).toEqual({ errors: { form: ['errors.auth.invalid'] }, linkSent: false })
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

/** The landing page of a mailed sign-in link (imported here so the rest of the file does not depend on it). */
const linkPage = () => import('~/routes/login_.link.$token')

async function newAccount(email: string, language: 'en' | 'fr' | 'es' = 'fr') {
  return createPerson(db, {
    email,
    name: 'Kwame Mensah',
    passwordHash: await hashPassword('the right password'),
    preferredLanguage: language,
    timeZone: 'Africa/Accra',
  })
}

const askForLink = (email: string, ip: string, redirectTo?: string) =>
  run(login.action, formRequest('/login', { email, intent: 'link', ...(redirectTo ? { redirectTo } : {}) }, { ip }))

/** The token of the newest sign-in link queued for `to`. */
function linkToken(to: string): string {
  return mailedLink(to, '/login/link/').split('/login/link/')[1]
}

describe('password guesses are capped per account', () => {
  it('after 20 wrong guesses from 60 addresses at once, the right password is refused too, an unknown address is answered the same, and the mailed link still signs the owner in', async () => {
    const email = 'kwame.mensah@example.net'
    const personId = await newAccount(email)
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        run(login.action, formRequest('/login', { email, password: `guess ${i}` }, { ip: `60.0.${i}.1` })),
      ),
    )
    const statuses = guesses.map(statusOf)
    expect(statuses.filter((s) => s === 400)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(40)
    // The 21st try, from yet another address and with the right password, is refused with the way out.
    const right = await run(
      login.action,
      formRequest('/login', { email, password: 'the right password' }, { ip: '60.1.0.1' }),
    )
    expect(statusOf(right)).toBe(429)
    expect(dataOf(right)).toMatchObject({ errors: { form: ['errors.auth.passwordPaused'] }, email })
    // An address without an account is capped the same way, so the refusal tells nothing.
    const nobody = 'nobody.at.all@example.net'
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(login.action, formRequest('/login', { email: nobody, password: `guess ${i}` }, { ip: `61.0.${i}.1` })),
      ),
    )
    const unknown = await run(login.action, formRequest('/login', { email: nobody, password: 'x' }, { ip: '60.1.0.2' }))
    expect(statusOf(unknown)).toBe(statusOf(right))
    expect(dataOf(unknown).errors).toEqual(dataOf(right).errors)

    // The owner asks for a link from the same form, in French, and follows it.
    const asked = await askForLink(email, '60.1.0.1', '/profile')
    expect(statusOf(asked)).toBe(200)
    expect(dataOf(asked)).toMatchObject({ linkSent: true })
    const mail = db.select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(desc(outbox.id)).get()!
    expect(mail.subject).toBe('Votre lien pour vous connecter à At-Large')
    expect(mail.text).toContain('Bonjour Kwame Mensah,')
    const token = linkToken(email)
    const page = await linkPage()
    expect(dataOf(await run(page.loader, getRequest(`/login/link/${token}`), { token }))).toEqual({ email })
    const res = (await run(page.action, formRequest(`/login/link/${token}`, {}), { token })) as Response
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/profile')
    const me = dataOf<{ person: { id: number } }>(
      await run(profile.loader, getRequest('/profile', { cookie: cookieFrom(res) })),
    )
    expect(me.person.id).toBe(personId)
  })
})

describe('signing in with a mailed link', () => {
  it('answers an address without an account exactly the same, and mails nothing', async () => {
    await newAccount('known.one@example.net', 'en')
    const known = await askForLink('known.one@example.net', '62.0.0.1')
    const unknown = await askForLink('not.known@example.net', '62.0.0.1')
    expect(statusOf(unknown)).toBe(statusOf(known))
    expect(dataOf(unknown)).toEqual(dataOf(known))
    expect(db.select().from(outbox).where(eq(outbox.toAddress, 'not.known@example.net')).all()).toHaveLength(0)
    expect(db.select().from(outbox).where(eq(outbox.toAddress, 'known.one@example.net')).get()!.subject).toBe(
      'Your link to sign in to At-Large',
    )
  })

  it('is spent only by the button, once, and starts a new session', async () => {
    await newAccount('once@example.net', 'es')
    await askForLink('once@example.net', '62.0.1.1', '/webinars')
    const token = linkToken('once@example.net')
    const page = await linkPage()
    // Opening the link (as a mail scanner would) spends nothing.
    for (let i = 0; i < 2; i++)
      expect(statusOf(await run(page.loader, getRequest(`/login/link/${token}`), { token }))).toBe(200)
    // Someone else was signed in on this browser: that session ends and a new id is issued.
    const before = await cookieFor('known.one@example.net')
    const res = (await run(page.action, formRequest(`/login/link/${token}`, {}, { cookie: before }), {
      token,
    })) as Response
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/webinars')
    const after = cookieFrom(res)
    const sessionId = (cookie: string) => cookie.match(/__session=([^;]+)/)![1]
    expect(sessionId(after)).not.toBe(sessionId(before))
    const me = dataOf<{ person: { email: string } }>(
      await run(profile.loader, getRequest('/profile', { cookie: after })),
    )
    expect(me.person.email).toBe('once@example.net')
    const old = (await run(profile.loader, getRequest('/profile', { cookie: before }))) as Response
    expect(old.status).toBe(302)
    // Used once: the page and the button refuse it now.
    const again = await run(page.action, formRequest(`/login/link/${token}`, {}), { token })
    expect(statusOf(again)).toBe(410)
    expect(statusOf(await run(page.loader, getRequest(`/login/link/${token}`), { token }))).toBe(410)
  })

  it('stops working 15 minutes after it is sent', async () => {
    await newAccount('late@example.net', 'en')
    const sentAt = Date.now()
    await askForLink('late@example.net', '62.0.2.1')
    const token = linkToken('late@example.net')
    const page = await linkPage()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(sentAt + 14 * 60_000)
    expect(statusOf(await run(page.loader, getRequest(`/login/link/${token}`), { token }))).toBe(200)
    vi.setSystemTime(sentAt + 16 * 60_000)
    expect(statusOf(await run(page.loader, getRequest(`/login/link/${token}`), { token }))).toBe(410)
    const res = await run(page.action, formRequest(`/login/link/${token}`, {}), { token })
    expect(statusOf(res)).toBe(410)
  })

  it('never sends the person off-site afterwards', async () => {
    await newAccount('redirect@example.net', 'en')
    const page = await linkPage()
    for (const [i, target] of ['//evil.example/x', 'https://evil.example/', '/\\evil.example'].entries()) {
      await askForLink('redirect@example.net', `62.0.3.${i}`, target)
      const token = linkToken('redirect@example.net')
      const res = (await run(page.action, formRequest(`/login/link/${token}`, {}), { token })) as Response
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe('/')
    }
  })

  it('still reaches its owner after a stranger’s burst: the newest request is mailed when there is room, and works for 15 minutes from then', async () => {
    const email = 'burst@example.net'
    await newAccount(email, 'en')
    for (let i = 0; i < 6; i++) {
      const answer = await askForLink(email, `63.0.${i}.1`)
      expect(statusOf(answer)).toBe(200)
    }
    const owner = await askForLink(email, '63.1.0.1', '/summits')
    expect(statusOf(owner)).toBe(200)
    const start = Date.now()
    expect(await deliverAt(new Date(start), email)).toHaveLength(3)
    const release = start + 60 * 60_000 + 1000
    const [mail] = await deliverAt(new Date(release), email)
    const token = linkIn(mail, '/login/link/').split('/login/link/')[1]
    const page = await linkPage()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(release + 10 * 60_000)
    const res = (await run(page.action, formRequest(`/login/link/${token}`, {}), { token })) as Response
    expect(res.status).toBe(303)
    // The owner's own request: it goes where the owner was going.
    expect(res.headers.get('Location')).toBe('/summits')
  })
})
