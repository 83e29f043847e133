/**
 * The production server as an attacker meets it: Host and X-Forwarded-Host headers,
 * the public page cache, cross-site form posts, oversized bodies, response headers,
 * and a database locked by another process.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startServer } from './launch'

type Server = Awaited<ReturnType<typeof startServer>>
let plain: Server
let proxied: Server

beforeAll(async () => {
  plain = await startServer()
  proxied = await startServer({
    TRUST_PROXY: '1',
    APP_URL: 'https://atlarge.example.org',
    ALLOW_DEMO_ACCOUNTS: '1', // a public demo server
  })
})
afterAll(async () => {
  await plain?.stop()
  await proxied?.stop()
})

/** A raw request, so that Host, Origin and Content-Length are exactly what an attacker sends. */
function raw(
  server: Server,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; sendBody?: boolean },
) {
  const url = new URL(server.url)
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; ms: number }>(
    (resolve, reject) => {
      const started = Date.now()
      const req = http.request(
        {
          host: '127.0.0.1',
          port: url.port,
          method: options.method ?? 'GET',
          path: options.path,
          headers: options.headers,
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (d) => (body += d))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: Date.now() - started }),
          )
        },
      )
      req.on('error', reject)
      if (options.body && options.sendBody !== false) req.write(options.body)
      if (options.sendBody !== false) req.end()
      else req.flushHeaders()
    },
  )
}

function latestMail(server: Server, to: string): string {
  const db = new Database(path.join(server.dir, 'app.db'), { readonly: true })
  const row = db.prepare('select text from outbox where to_address = ? order by id desc limit 1').get(to) as
    { text: string } | undefined
  db.close()
  return row?.text ?? ''
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const formHeaders = (body: string, extra: Record<string, string> = {}) => ({
  'Content-Type': 'application/x-www-form-urlencoded',
  'Content-Length': String(Buffer.byteLength(body)),
  ...extra,
})

describe('links never follow the request’s host', () => {
  it('without APP_URL: Host and X-Forwarded-Host are ignored, links point to localhost:PORT', async () => {
    const body = form({ email: 'participant@example.org' })
    const res = await raw(plain, {
      method: 'POST',
      path: '/forgot-password',
      headers: formHeaders(body, { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' }),
      body,
    })
    expect(res.status).toBe(200)
    const mail = latestMail(plain, 'participant@example.org')
    expect(mail).toContain(`http://localhost:${new URL(plain.url).port}/reset-password/`)
    expect(mail).not.toContain('evil.example')
  })

  it('behind a trusted proxy: X-Forwarded-Host is still not where links point; APP_URL is', async () => {
    const body = form({ email: 'analyst@example.org' })
    const res = await raw(proxied, {
      method: 'POST',
      path: '/forgot-password',
      headers: formHeaders(body, {
        Host: 'evil.example',
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Proto': 'https',
      }),
      body,
    })
    expect(res.status).toBe(200)
    const mail = latestMail(proxied, 'analyst@example.org')
    expect(mail).toContain('https://atlarge.example.org/reset-password/')
    expect(mail).not.toContain('evil.example')
  })

  it('a request to another host name cannot poison the public page cache', async () => {
    const ics = '/webinars/atlas-ii-security-and-stability/invite.ics'
    const poisoned = await raw(plain, {
      path: ics,
      headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' },
    })
    expect(poisoned.status).toBe(200)
    expect(poisoned.body).not.toContain('evil.example')
    const next = await raw(plain, { path: ics })
    expect(next.headers['x-page-cache']).toBe('hit')
    expect(next.body).not.toContain('evil.example')
    expect(next.body).toContain(`localhost:${new URL(plain.url).port}`)
  })
})

describe('forms sent from another site', () => {
  it('are refused with a translated 403 and change nothing, "null" origins included', async () => {
    const body = form({ email: 'participant@example.org', password: 'demo-password' })
    for (const origin of ['http://evil.example', 'null']) {
      const res = await raw(plain, {
        method: 'POST',
        path: '/login',
        headers: formHeaders(body, { Origin: origin, 'Accept-Language': 'fr' }),
        body,
      })
      expect(res.status, origin).toBe(403)
      expect(res.body).toContain('Formulaire envoyé depuis un autre site')
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    const same = await raw(plain, {
      method: 'POST',
      path: '/login',
      headers: formHeaders(body, { Origin: plain.url }),
      body,
    })
    expect(same.status).toBe(303)
  })
})

/** The address of every route file that exports an action, with its parameters filled in. */
function actionPaths(): string[] {
  const dir = path.resolve('app/routes')
  return fs
    .readdirSync(dir)
    .filter(
      (f) => f.endsWith('.tsx') && /export (async )?function action/.test(fs.readFileSync(path.join(dir, f), 'utf8')),
    )
    .filter((f) => f !== '$.tsx' && !f.startsWith('hooks.'))
    .map(
      (f) =>
        '/' +
        f
          .replace(/\.tsx$/, '')
          .replace(/\[\.\]?([a-z]*)\]|\[\.([a-z]+)\]/g, '.$1$2')
          .split('.')
          .filter((part) => part !== '_index')
          .map((part) => (part.startsWith('$') ? '1' : part.replace(/_$/, '')))
          .join('/'),
    )
}

describe('request bodies', () => {
  it('every action route answers a body that is not a form with a translated 415, before Remix runs', async () => {
    const paths = actionPaths()
    expect(paths.length).toBeGreaterThan(55)
    const wrong: string[] = []
    for (const p of paths) {
      for (const [type, body] of [
        ['application/json', '{}'],
        ['text/plain', 'a=b'],
        [undefined, ''],
      ] as const) {
        const headers: Record<string, string> = { 'Content-Length': String(body.length), 'Accept-Language': 'fr' }
        if (type) headers['Content-Type'] = type
        const res = await raw(plain, { method: 'POST', path: p, headers, body })
        if (res.status !== 415 || !res.body.includes('Ce formulaire n’a pas pu être lu'))
          wrong.push(`${p} ${type ?? 'none'}: ${res.status}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('answers 413 from the declared length of a 50 MB post, before it is sent', async () => {
    const res = await raw(plain, {
      method: 'POST',
      path: '/login',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(50 * 1024 * 1024),
        'Accept-Language': 'es',
      },
      sendBody: false,
    })
    expect(res.status).toBe(413)
    expect(res.body).toContain('Se enviaron demasiados datos')
    expect(res.ms).toBeLessThan(2000)
  })

  it('answers 411 to a form body sent without a length', async () => {
    const res = await raw(plain, {
      method: 'POST',
      path: '/login',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' },
      body: 'email=x',
    })
    expect(res.status).toBe(411)
  })
})

describe('single-use links', () => {
  it('a structure confirmation answers 200 with its thank-you, then 410 once spent', async () => {
    const token = 'e2e-confirmation-token-0123456789abcdef'
    const db = new Database(path.join(plain.dir, 'app.db'))
    const structure = db
      .prepare(
        "select id, name, contact_person_id as contact from structures where accreditation_status = 'accredited' limit 1",
      )
      .get() as { id: number; name: string; contact: number | null }
    // A link works while its review is open and its addressee is the contact.
    db.prepare("update structures set accreditation_status = 'under_review' where id = ?").run(structure.id)
    db.prepare(
      'insert into structure_confirmations (structure_id, token_hash, expires_at, mailed_to_id) values (?, ?, ?, ?)',
    ).run(
      structure.id,
      crypto.createHash('sha256').update(token).digest('hex'),
      Date.now() + 86400_000,
      structure.contact,
    )
    db.close()
    const body = form({ activity: 'Monthly meetings and a help desk.' })
    const done = await raw(plain, {
      method: 'POST',
      path: `/structures/confirm/${token}`,
      headers: formHeaders(body, { 'Accept-Language': 'en' }),
      body,
    })
    expect(done.status).toBe(200)
    expect(done.body).toContain('role="status"')
    const again = await raw(plain, {
      method: 'POST',
      path: `/structures/confirm/${token}`,
      headers: formHeaders(body),
      body,
    })
    expect(again.status).toBe(410)
  })
})

describe('response headers', () => {
  it('pages carry a nonce-based Content-Security-Policy that matches their scripts, and Permissions-Policy', async () => {
    const res = await raw(plain, { path: '/', headers: { Cookie: 'x=1' } })
    const csp = String(res.headers['content-security-policy'])
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("object-src 'none'")
    const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    expect(res.headers['permissions-policy']).toContain('camera=()')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    // HSTS only where the public address is https.
    expect(res.headers['strict-transport-security']).toBeUndefined()
    const secure = await raw(proxied, { path: '/' })
    expect(secure.headers['strict-transport-security']).toContain('max-age=')
  })
})

describe('a database locked by another process', () => {
  it('keeps pages fast, answers writes 503 with Retry-After and a translated page, and /healthz says not writable', async () => {
    const ok = await raw(plain, { path: '/healthz' })
    expect(ok.status).toBe(200)
    const healthy = JSON.parse(ok.body)
    expect(healthy).toMatchObject({ ok: true, database: { readable: true, writable: true }, worker: { running: true } })
    expect(Date.now() - Date.parse(healthy.worker.lastTickAt)).toBeLessThan(10_000)
    const other = new Database(path.join(plain.dir, 'app.db'))
    other.exec('BEGIN IMMEDIATE')
    other.prepare(`insert into audit_log (action, entity_type, entity_id, at) values ('lock', 'test', '0', 0)`).run()
    try {
      const page = await raw(plain, { path: '/webinars', headers: { Cookie: 'x=1' } })
      expect(page.status).toBe(200)
      expect(page.ms).toBeLessThan(1000)
      const body = form({ email: 'participant@example.org', password: 'demo-password' })
      const write = await raw(plain, {
        method: 'POST',
        path: '/login',
        headers: formHeaders(body, { 'Accept-Language': 'es' }),
        body,
      })
      expect(write.status).toBe(503)
      expect(write.headers['retry-after']).toBe('2')
      expect(write.body).toContain('Servicio ocupado, vuelva a intentarlo')
      expect(write.ms).toBeLessThan(5000)
      const health = await raw(plain, { path: '/healthz' })
      expect(health.status).toBe(503)
      expect(JSON.parse(health.body).database).toMatchObject({ readable: true, writable: false })
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    expect((await raw(plain, { path: '/healthz' })).status).toBe(200)
  })

  it('writes wait for the lock without holding the server: pages answer meanwhile, and a write goes through once it is free', async () => {
    const other = new Database(path.join(plain.dir, 'app.db'))
    other.exec('BEGIN IMMEDIATE')
    other.prepare(`insert into audit_log (action, entity_type, entity_id, at) values ('lock', 'test', '0', 0)`).run()
    const order: string[] = []
    // Sign-in attempts with a wrong password: each records the failure (a write).
    const attempt = (i: number) => {
      const body = form({ email: `nobody${i}@example.net`, password: 'not the password' })
      return raw(plain, { method: 'POST', path: '/login', headers: formHeaders(body), body })
    }
    const writes = Array.from({ length: 10 }, (_, i) =>
      attempt(i).then((r) => {
        order.push('write')
        return r
      }),
    )
    // Give the ten writes time to reach the server and start waiting.
    await new Promise((r) => setTimeout(r, 150))
    const live = await raw(plain, { path: '/livez' })
    order.push('livez')
    expect(live.status).toBe(200)
    const page = await raw(plain, { path: '/webinars', headers: { Cookie: 'x=1' } })
    order.push('page')
    expect(page.status).toBe(200)
    // The lock is released while they wait: every write then goes through.
    other.exec('ROLLBACK')
    other.close()
    const results = await Promise.all(writes)
    expect(order.slice(0, 2)).toEqual(['livez', 'page'])
    const unlocked = await attempt(10)
    expect(unlocked.status).toBeLessThan(500)
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(unlocked.status))
  })
})
