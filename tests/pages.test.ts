import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeEach, describe, expect, it } from 'vitest'

import { DEMO_ACCOUNTS } from '#db/seed'
import { BarChart, ColumnChart } from '~/components/Charts'
import { PhoneLink } from '~/components/PhoneLink'
import { formatDateTime, formatMonth, formatRange, isTimeZone, languageName } from '~/lib/format'
import * as root from '~/routes/../root'
import * as home from '~/routes/_index'
import * as healthz from '~/routes/healthz'
import * as livez from '~/routes/livez'
import * as summit from '~/routes/summits.$slug._index'
import * as webinars from '~/routes/webinars._index'
import * as webinar from '~/routes/webinars.$slug'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, getRequest, run, statusOf } from './helpers/http'

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  await seededDb({ participants: 30 })
})

describe('language and zone of every page', () => {
  it('uses Accept-Language for visitors, and English when nothing matches', async () => {
    const fr = dataOf<{ language: string }>(
      await run(root.loader, getRequest('/', { headers: { 'Accept-Language': 'fr-CA,fr;q=0.9' } })),
    )
    expect(fr.language).toBe('fr')
    const de = dataOf<{ language: string }>(
      await run(root.loader, getRequest('/', { headers: { 'Accept-Language': 'de-DE' } })),
    )
    expect(de.language).toBe('en')
  })

  it('prefers the language cookie over Accept-Language, and the person’s preference over both', async () => {
    const cookieOnly = dataOf<{ language: string }>(
      await run(
        root.loader,
        getRequest('/', { cookie: `lang=${btoa(JSON.stringify('es'))}`, headers: { 'Accept-Language': 'fr' } }),
      ),
    )
    expect(cookieOnly.language).toBe('es')
    // The demo analyst prefers French.
    const cookie = (await cookieFor(DEMO_ACCOUNTS.analyst)) + `; lang=${btoa(JSON.stringify('es'))}`
    const person = dataOf<{ language: string; timeZone: string }>(await run(root.loader, getRequest('/', { cookie })))
    expect(person.language).toBe('fr')
    expect(person.timeZone).toBe('Europe/Paris')
  })

  it('shows a visitor times in the zone their browser reported, else UTC', async () => {
    const tz = dataOf<{ timeZone: string }>(
      await run(root.loader, getRequest('/', { cookie: `tz=${btoa(JSON.stringify('Asia/Tokyo'))}` })),
    )
    expect(tz.timeZone).toBe('Asia/Tokyo')
    const junk = dataOf<{ timeZone: string }>(
      await run(root.loader, getRequest('/', { cookie: `tz=${btoa(JSON.stringify('<script>'))}` })),
    )
    expect(junk.timeZone).toBe('UTC')
  })
})

describe('public pages', () => {
  it('lists upcoming events on the home page and the seed webinars as past', async () => {
    const data = dataOf<{ upcoming: { slug: string }[]; recent: { slug: string }[]; summits: { slug: string }[] }>(
      await run(home.loader, getRequest('/')),
    )
    expect(data.upcoming.length).toBeGreaterThanOrEqual(3)
    expect(data.recent.map((e) => e.slug)).toContain('atlas-ii-security-and-stability')
    expect(data.summits.map((e) => e.slug)).toEqual(['atlas-ii-london-2014'])
    type Schedule = { schedule: { items: { slug: string }[]; total: number; pages: number; page: number } }
    const past = dataOf<Schedule>(await run(webinars.loader, getRequest('/webinars?when=past')))
    expect(past.schedule.items).toHaveLength(6)
    expect(past.schedule.items[0].slug).toBe('atlas-ii-security-and-stability') // most recent first
    const upcoming = dataOf<Schedule>(await run(webinars.loader, getRequest('/webinars')))
    expect(upcoming.schedule.items.map((e) => e.slug)).toEqual([
      'dns-abuse-for-end-users',
      'universal-acceptance-and-idns',
      'policy-development-for-newcomers',
    ])
  })

  it('filters the schedule by series and interpretation language, and pages through it', async () => {
    type Schedule = {
      schedule: { items: { slug: string }[]; total: number; pages: number; page: number }
      series: { id: number; title: string }[]
    }
    const all = dataOf<Schedule>(await run(webinars.loader, getRequest('/webinars?when=past')))
    const preAtlas = all.series.find((s) => s.title.startsWith('Pre-ATLAS'))!
    const bySeries = dataOf<Schedule>(
      await run(webinars.loader, getRequest(`/webinars?when=past&series=${preAtlas.id}`)),
    )
    expect(bySeries.schedule.total).toBe(6)
    const otherSeries = all.series.find((s) => s.id !== preAtlas.id)!
    expect(
      dataOf<Schedule>(await run(webinars.loader, getRequest(`/webinars?when=past&series=${otherSeries.id}`))).schedule
        .total,
    ).toBe(0)
    const db = (await import('#db/client')).getDb()
    const { interpretationChannels, events } = await import('#db/schema')
    const { eq } = await import('drizzle-orm')
    const dns = db.select().from(events).where(eq(events.slug, 'dns-abuse-for-end-users')).get()!
    db.delete(interpretationChannels).where(eq(interpretationChannels.eventId, dns.id)).run()
    const french = dataOf<Schedule>(await run(webinars.loader, getRequest('/webinars?language=fr')))
    expect(french.schedule.items.map((e) => e.slug)).not.toContain('dns-abuse-for-end-users')
    expect(french.schedule.total).toBe(2)
    const beyond = dataOf<Schedule>(await run(webinars.loader, getRequest('/webinars?when=past&page=99')))
    expect(beyond.schedule.page).toBe(1) // clamped to the last page
  })

  it('shows a webinar in the viewer’s language, and says so when it falls back to English', async () => {
    const es = dataOf<{ event: { title: string; textLanguage: string } }>(
      await run(
        webinar.loader,
        getRequest('/webinars/atlas-ii-security-and-stability', { headers: { 'Accept-Language': 'es' } }),
        {
          slug: 'atlas-ii-security-and-stability',
        },
      ),
    )
    expect(es.event.title).toBe('Seguridad y estabilidad')
    expect(es.event.textLanguage).toBe('es')
    const fr = dataOf<{ event: { title: string; textLanguage: string } }>(
      await run(
        webinar.loader,
        getRequest('/webinars/policy-development-for-newcomers', { headers: { 'Accept-Language': 'fr' } }),
        {
          slug: 'policy-development-for-newcomers',
        },
      ),
    )
    expect(fr.event.textLanguage).toBe('en')
    expect(fr.event.title).toBe('The Policy Development Process for newcomers')
  })

  it('answers 404 for an unknown webinar, and for a summit asked for as a webinar', async () => {
    expect(statusOf(await run(webinar.loader, getRequest('/webinars/nope'), { slug: 'nope' }))).toBe(404)
    expect(
      statusOf(
        await run(webinar.loader, getRequest('/webinars/atlas-ii-london-2014'), { slug: 'atlas-ii-london-2014' }),
      ),
    ).toBe(404)
    expect(
      statusOf(await run(summit.loader, getRequest('/summits/atlas-ii-london-2014'), { slug: 'atlas-ii-london-2014' })),
    ).toBe(200)
  })

  it('counts a summit’s seats by its confirmed participants', async () => {
    const data = dataOf<{ event: { capacity: number; confirmed: number } }>(
      await run(summit.loader, getRequest('/summits/atlas-ii-london-2014'), { slug: 'atlas-ii-london-2014' }),
    )
    expect(data.event.capacity).toBe(160)
    expect(data.event.confirmed).toBeGreaterThan(5)
  })

  it('reports database status on /healthz', async () => {
    const res = (await healthz.loader()) as Response
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      ok: true,
      problems: [],
      database: { readable: true, writable: true, freeBytes: expect.any(Number) },
      worker: { running: false, lastTickAt: null, lastError: null },
      outbox: { pending: 0, oldestPendingSeconds: null, eventMailJobs: 0 },
    })
  })
})

describe('/livez', () => {
  it('answers without the database, and is never cached', async () => {
    const res = livez.loader()
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ok')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    // It reads nothing: its module imports neither the database nor the session.
    const source = (await import('node:fs')).readFileSync('app/routes/livez.tsx', 'utf8')
    expect(source).not.toMatch(/^import /m)
  })
})

describe('phone numbers', () => {
  it('are links a phone can call, that never break across lines', () => {
    const html = renderToStaticMarkup(createElement(PhoneLink, { number: '+221 77 000 00 00' }))
    expect(html).toBe('<a href="tel:+221770000000" class="nowrap">+221 77 000 00 00</a>')
  })
})

describe('times for people', () => {
  const start = new Date('2014-05-15T13:00:00Z')
  const end = new Date('2014-05-15T14:00:00Z')
  it('names the zone and converts with Intl', () => {
    const utc = formatRange(start, end, 'en', 'UTC')
    expect(utc).toContain('15 May 2014')
    // The zone is named once: "UTC", never "UTC (UTC)".
    expect(utc).toMatch(/13:00–14:00 UTC$/)
    expect(formatDateTime(start, 'en', 'UTC')).toMatch(/13:00 UTC$/)
    const paris = formatRange(start, end, 'fr', 'Europe/Paris')
    expect(paris).toContain('15 mai 2014')
    expect(paris).toMatch(/15:00–16:00 .+ \(Europe\/Paris\)$/)
    expect(formatRange(start, end, 'es', 'America/Bogota')).toContain('08:00–09:00')
    expect(formatDateTime(start, 'en', 'Asia/Kolkata')).toContain('18:30')
    expect(formatDateTime(start, 'en', 'Asia/Kolkata')).toContain('(Asia/Kolkata)')
    // Zones read as places: no underscores.
    expect(formatDateTime(start, 'es', 'America/Mexico_City')).toMatch(/\(America\/Mexico City\)$/)
  })
  it('names months in the reader’s language', () => {
    expect(formatMonth('2014-05', 'fr')).toBe('mai 2014')
    expect(formatMonth('2014-05', 'en')).toBe('May 2014')
    expect(formatMonth('not-a-month', 'es')).toBe('not-a-month')
  })
  it('cuts chart labels to the room they have, and spaces month labels so they never touch', () => {
    const long = 'A very long answer option that would run off the left edge of the chart'
    const bars = renderToStaticMarkup(
      createElement(BarChart, { title: 't', description: 'd', data: [{ label: long, value: 3, valueText: '3' }] }),
    )
    expect(bars).not.toContain(long)
    const label = bars.match(/class="chart-label">([^<]+)</)![1]
    expect(label.endsWith('…')).toBe(true)
    expect(label.length).toBeLessThanOrEqual(24)
    const months = Array.from({ length: 24 }, (_, i) => ({
      label: formatMonth(`20${14 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, 'fr'),
      value: i,
      valueText: String(i),
    }))
    const columns = renderToStaticMarkup(createElement(ColumnChart, { title: 't', description: 'd', data: months }))
    const shown = [...columns.matchAll(/class="chart-label">([^<]+)</g)].map((m) => m[1])
    expect(shown.length).toBeLessThanOrEqual(9)
    expect(shown[0]).toBe('janv. 2014')
  })
  it('names interpretation languages in the reader’s language', () => {
    expect(languageName('en', 'fr')).toBe('Anglais')
    expect(languageName('fr', 'es')).toBe('Francés')
    expect(languageName('es', 'en')).toBe('Spanish')
  })
  it('accepts IANA names and aliases, refuses offsets and junk', () => {
    for (const z of ['UTC', 'Europe/London', 'America/Argentina/Buenos_Aires', 'Asia/Calcutta', 'Etc/GMT+5'])
      expect(isTimeZone(z), z).toBe(true)
    for (const z of ['+02:00', 'Mars/Olympus', '', 'Europe/London\n', '<b>']) expect(isTimeZone(z), z).toBe(false)
  })
})
