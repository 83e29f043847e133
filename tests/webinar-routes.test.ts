import { and, eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { beforeEach, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as home from '~/routes/_index'
import * as feed from '~/routes/calendar.$token.registrations[.ics]'
import * as profile from '~/routes/profile'
import * as webinar from '~/routes/webinars.$slug'
import * as invite from '~/routes/webinars.$slug.invite[.ics]'
import { findPersonIdByEmail } from '~/services/people.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

const slug = 'dns-abuse-for-end-users'
let eventId: number
let analyst: string // prefers French
let participant: string // prefers Spanish

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  const db = await seededDb({ participants: 10 })
  eventId = db.select({ id: s.events.id }).from(s.events).where(eq(s.events.slug, slug)).get()!.id
  db.delete(s.registrations).where(eq(s.registrations.eventId, eventId)).run()
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
})

function registrationOf(email: string) {
  const personId = findPersonIdByEmail(getDb(), email)!
  return getDb()
    .select()
    .from(s.registrations)
    .where(and(eq(s.registrations.eventId, eventId), eq(s.registrations.personId, personId)))
    .get()
}

/** The analyst registers from the page, on the French channel with a dial-out number. */
async function registerAnalyst() {
  return (await run(
    webinar.action,
    formRequest(
      `/webinars/${slug}`,
      { intent: 'register', channelLanguage: 'fr', dialOutNumber: '+33 1 23 45 67 89' },
      { cookie: analyst },
    ),
    { slug },
  )) as Response
}

function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics))
  return {
    method: cal.getFirstPropertyValue('method'),
    events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)),
  }
}

describe('registering from the webinar page', () => {
  it('sends an anonymous visitor to sign in', async () => {
    const res = (await run(
      webinar.action,
      formRequest(`/webinars/${slug}`, { intent: 'register', channelLanguage: 'fr' }),
      { slug },
    )) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe(`/login?redirectTo=%2Fwebinars%2F${slug}`)
  })

  it('refuses a malformed dial-out number or unknown language with a translated error and no registration', async () => {
    const bad = await run(
      webinar.action,
      formRequest(
        `/webinars/${slug}`,
        { intent: 'register', channelLanguage: 'de', dialOutNumber: 'call me maybe' },
        { cookie: analyst },
      ),
      { slug },
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf(bad)).toEqual({
      errors: { channelLanguage: ['errors.field.language'], dialOutNumber: ['errors.field.phone'] },
    })
    expect(registrationOf(DEMO_ACCOUNTS.analyst)).toBeUndefined()
  })

  it('registers in one step with the chosen channel, and shows it on the page', async () => {
    const res = await registerAnalyst()
    expect(res.status).toBe(303)
    expect(registrationOf(DEMO_ACCOUNTS.analyst)).toMatchObject({
      status: 'confirmed',
      channelLanguage: 'fr',
      dialOutNumber: '+33 1 23 45 67 89',
    })
    const page = dataOf<{ registration: { registration: { status: string }; defaultChannel: string; state: string } }>(
      await run(webinar.loader, getRequest(`/webinars/${slug}`, { cookie: analyst }), { slug }),
    )
    expect(page.registration.state).toBe('open')
    expect(page.registration.registration.status).toBe('confirmed')
    // The Spanish-speaking participant is offered the Spanish channel first.
    const other = dataOf<{ registration: { registration: null; defaultChannel: string } }>(
      await run(webinar.loader, getRequest(`/webinars/${slug}`, { cookie: participant }), { slug }),
    )
    expect(other.registration.registration).toBeNull()
    expect(other.registration.defaultChannel).toBe('es')
  })

  it('lists the person’s own upcoming registrations on the home page, and nobody else’s', async () => {
    await registerAnalyst()
    const mine = dataOf<{ mine: { slug: string; status: string; channelLanguage: string }[] }>(
      await run(home.loader, getRequest('/', { cookie: analyst })),
    )
    expect(mine.mine).toEqual([expect.objectContaining({ slug, status: 'confirmed', channelLanguage: 'fr' })])
    const theirs = dataOf<{ mine: unknown[] }>(await run(home.loader, getRequest('/', { cookie: participant })))
    expect(theirs.mine).toEqual([])
    expect(dataOf<{ mine: unknown[] }>(await run(home.loader, getRequest('/'))).mine).toEqual([])
  })

  it('does not let one participant cancel another’s registration', async () => {
    await registerAnalyst()
    const res = await run(
      webinar.action,
      formRequest(`/webinars/${slug}`, { intent: 'cancel' }, { cookie: participant }),
      { slug },
    )
    expect(statusOf(res)).toBe(409)
    expect(dataOf(res)).toEqual({ errors: { form: ['errors.registration.not_registered'] } })
    expect(registrationOf(DEMO_ACCOUNTS.analyst)?.status).toBe('confirmed')
  })

  it('refuses registration for a past webinar', async () => {
    const past = 'atlas-ii-security-and-stability'
    const res = await run(
      webinar.action,
      formRequest(`/webinars/${past}`, { intent: 'register', channelLanguage: 'es' }, { cookie: participant }),
      { slug: past },
    )
    expect(statusOf(res)).toBe(409)
    expect(dataOf(res)).toEqual({ errors: { form: ['errors.registration.closed'] } })
  })
})

describe('calendar files', () => {
  beforeEach(async () => {
    await registerAnalyst()
  })

  it('gives a registered participant an invite with their own channel', async () => {
    const res = (await run(invite.loader, getRequest(`/webinars/${slug}/invite.ics`, { cookie: analyst }), {
      slug,
    })) as Response
    expect(res.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    const { method, events } = parse(await res.text())
    expect(method).toBeNull()
    expect(events).toHaveLength(1)
    expect(events[0].uid).toBe(`event-${eventId}@atlarge.test`)
    expect(events[0].summary).toBe('Abus du DNS : ce que les utilisateurs finaux doivent savoir')
    expect(events[0].description).toContain('1838')
    expect(events[0].description).not.toContain('1638')
  })

  it('gives a visitor the public invite without any conference ID', async () => {
    const res = (await run(invite.loader, getRequest(`/webinars/${slug}/invite.ics`), { slug })) as Response
    const { events } = parse(await res.text())
    expect(events[0].description).not.toMatch(/1[678]38/)
  })

  it('serves the personal feed by its token, and a reset makes the old address stop working', async () => {
    const page = dataOf<{ feedUrl: string }>(await run(profile.loader, getRequest('/profile', { cookie: analyst })))
    const token = page.feedUrl.match(/calendar\/([^/]+)\/registrations\.ics$/)![1]
    const res = (await run(feed.loader, getRequest(`/calendar/${token}/registrations.ics`), { token })) as Response
    const { events } = parse(await res.text())
    expect(events.map((e) => e.uid)).toEqual([`event-${eventId}@atlarge.test`])
    expect(events[0].description).toContain('1838')

    const reset = (await run(
      profile.action,
      formRequest('/profile', { intent: 'reset-calendar' }, { cookie: analyst }),
    )) as Response
    expect(reset.status).toBe(303)
    expect(statusOf(await run(feed.loader, getRequest(`/calendar/${token}/registrations.ics`), { token }))).toBe(404)
    const fresh = dataOf<{ feedUrl: string }>(await run(profile.loader, getRequest('/profile', { cookie: analyst })))
    expect(fresh.feedUrl).not.toContain(token)
  })

  it('updates the feed when a webinar changes, and answers 304 while nothing has', async () => {
    const page = dataOf<{ feedUrl: string }>(await run(profile.loader, getRequest('/profile', { cookie: analyst })))
    const token = page.feedUrl.match(/calendar\/([^/]+)\/registrations\.ics$/)![1]
    const first = (await run(feed.loader, getRequest(`/calendar/${token}/registrations.ics`), { token })) as Response
    const etag = first.headers.get('ETag')!
    const notModified = (await run(
      feed.loader,
      getRequest(`/calendar/${token}/registrations.ics`, { headers: { 'If-None-Match': etag } }),
      { token },
    )) as Response
    expect(notModified.status).toBe(304)
    getDb().update(s.events).set({ sequence: 7, updatedAt: new Date() }).where(eq(s.events.id, eventId)).run()
    const changed = (await run(
      feed.loader,
      getRequest(`/calendar/${token}/registrations.ics`, { headers: { 'If-None-Match': etag } }),
      { token },
    )) as Response
    expect(changed.status).toBe(200)
    expect(changed.headers.get('ETag')).not.toBe(etag)
    expect(parse(await changed.text()).events[0].sequence).toBe(7)
  })

  it('answers 404 for an unknown feed token', async () => {
    expect(statusOf(await run(feed.loader, getRequest('/calendar/nope/registrations.ics'), { token: 'nope' }))).toBe(
      404,
    )
  })
})
