/**
 * `npm run bench:http`: builds the production server, starts it on a temporary
 * database (demo data + 300 webinars, 5,000 registrations, a 50-event feed),
 * and measures requests/s and p99 latency of each route next to /healthz with
 * autocannon (20 connections). Prints a table, then one JSON line.
 * Figures, never assertions: the machines are shared and noisy.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import autocannon from 'autocannon'
import { eq } from 'drizzle-orm'

import * as s from '../db/schema'
import { startServer } from '../tests/e2e/launch'
import { buildDataset, SESSION_SECRET, sessionCookies } from './dataset'
import { size } from './size'

const connections = Number(process.env.BENCH_CONNECTIONS ?? size(20, 4))
const duration = Number(process.env.BENCH_SECONDS ?? size(5, 1))

const routes: { name: string; path: string; kind: 'page' | 'ics'; signedIn?: boolean }[] = [
  { name: 'schedule page', path: '/webinars', kind: 'page' },
  { name: 'home page', path: '/', kind: 'page' },
  { name: 'webinar page', path: '/webinars/bench-webinar-150', kind: 'page' },
  { name: 'webinar .ics', path: '/webinars/bench-webinar-150/invite.ics', kind: 'ics' },
  { name: 'feed (50 events)', path: '/calendar/bench-feed-token/registrations.ics', kind: 'ics' },
  // Signed-in pages are never served from the page cache: this is the cost of rendering.
  { name: 'webinar page, signed in', path: '/webinars/bench-webinar-150', kind: 'page', signedIn: true },
  { name: 'schedule, signed in', path: '/webinars', kind: 'page', signedIn: true },
]

async function measure(url: string, cookie?: string) {
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: { 'accept-language': 'fr', ...(cookie ? { cookie } : {}) },
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-bench-'))
const file = path.join(dir, 'app.db')
const db = await buildDataset(file, { webinars: size(300, 160), registrations: size(5000, 200) })
const feedPerson = db
  .select({ id: s.people.id })
  .from(s.people)
  .where(eq(s.people.calendarToken, 'bench-feed-token'))
  .get()!.id
const [cookie] = await sessionCookies(db, [feedPerson])
db.$client.close()
const server = await startServer({ WORKER: 'off', DATABASE_PATH: file, SESSION_SECRET })
try {
  for (const r of [{ path: '/livez' }, { path: '/healthz' }, ...routes]) await fetch(server.url + r.path) // warm up
  // The floor: /livez answers without the database or a session.
  const live = await measure(`${server.url}/livez`)
  const health = await measure(`${server.url}/healthz`)
  const rows: {
    name: string
    rps: number
    p99_ms: number
    ratio: number
    ratio_livez: number
    target: number
  }[] = []
  for (const route of routes) {
    const m = await measure(server.url + route.path, route.signedIn ? cookie : undefined)
    rows.push({
      name: route.name,
      rps: m.rps,
      p99_ms: m.p99,
      ratio: Number((m.rps / health.rps).toFixed(2)),
      ratio_livez: Number((m.rps / live.rps).toFixed(2)),
      target: route.kind === 'ics' ? 0.6 : 0.3,
    })
  }
  console.log(
    `\n${connections} connections, ${duration} s per route; /livez: ${live.rps} req/s, p99 ${live.p99} ms; ` +
      `/healthz: ${health.rps} req/s, p99 ${health.p99} ms\n`,
  )
  console.log(
    'route'.padEnd(24),
    'req/s'.padStart(7),
    'p99 ms'.padStart(7),
    '÷healthz'.padStart(9),
    '÷livez'.padStart(7),
    'target'.padStart(7),
  )
  for (const r of rows)
    console.log(
      r.name.padEnd(24),
      String(r.rps).padStart(7),
      String(r.p99_ms).padStart(7),
      String(r.ratio).padStart(9),
      String(r.ratio_livez).padStart(7),
      `≥${r.target}`.padStart(7),
    )
  console.log(
    JSON.stringify({
      livez_rps: live.rps,
      healthz_rps: health.rps,
      routes: rows.map(({ name, rps, p99_ms, ratio, ratio_livez }) => ({ name, rps, p99_ms, ratio, ratio_livez })),
    }),
  )
} finally {
  await server.stop()
}
