import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startServer } from './server'

let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server?.stop())

describe('public page cache for visitors who are not signed in', () => {
  it('serves the same page again from the cache, per language', async () => {
    const get = (lang: string) => fetch(`${server.url}/webinars`, { headers: { 'Accept-Language': lang } })
    const first = await get('fr')
    const second = await get('fr')
    expect(first.headers.get('X-Page-Cache')).toBe('miss')
    expect(second.headers.get('X-Page-Cache')).toBe('hit')
    expect(second.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    const body = await second.text()
    // The same page, but for its CSP nonce (each response has its own).
    const withoutNonce = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""')
    expect(withoutNonce(body)).toBe(withoutNonce(await first.text()))
    expect(body).toContain('<html lang="fr"')
    const spanish = await get('es')
    expect(spanish.headers.get('X-Page-Cache')).toBe('miss')
    expect(await spanish.text()).toContain('<html lang="es"')
  })

  it('gives every response from the cache its own CSP nonce, matching its scripts', async () => {
    const nonces: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/working-groups`, { headers: { 'Accept-Language': 'en' } })
      if (i > 0) expect(res.headers.get('X-Page-Cache')).toBe('hit')
      const nonce = res.headers.get('Content-Security-Policy')?.match(/'nonce-([^']+)'/)?.[1]
      expect(nonce).toBeTruthy()
      const scripts = [...(await res.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(scripts.length).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
      nonces.push(nonce!)
    }
    expect(new Set(nonces).size).toBe(3)
  })

  it('never serves a signed-in person from the cache', async () => {
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=participant%40example.org&password=demo-password',
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    for (let i = 0; i < 2; i++) {
      const page = await fetch(`${server.url}/webinars`, { headers: { Cookie: cookie } })
      expect(page.headers.get('X-Page-Cache')).toBeNull()
      expect(await page.text()).toContain('Lucía Participante')
    }
  })

  it('leaves personal calendars and staff pages alone', async () => {
    const feed = await fetch(`${server.url}/calendar/unknown/registrations.ics`)
    expect(feed.headers.get('X-Page-Cache')).toBeNull()
    const staff = await fetch(`${server.url}/staff`, { redirect: 'manual' })
    expect(staff.headers.get('X-Page-Cache')).toBeNull()
  })
})
