/**
 * `npm run bench:lock`: another process holds the database's write lock (a backup, a
 * restore, a second server) while ten sign-in attempts (each a write) arrive at once; how
 * long does /livez take meanwhile? Writes wait for the lock asynchronously (the write gate),
 * so every other request should be served as usual. Starts the production server on the
 * demo data, holds the lock 25 s (smoke: 2 s), polls /livez back to back during the hold,
 * and prints its latency (p50, p99, max), the writes' statuses and how long they took.
 * Target: /livez p99 under 100 ms. Figures, never assertions.
 */
import path from 'node:path'

import Database from 'better-sqlite3'

import { startServer } from '../tests/e2e/launch'
import { size } from './size'

const holdMs = size(25_000, 2000)
const writers = 10
const server = await startServer({ WORKER: process.env.BENCH_WORKER ?? 'on' })
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

try {
  for (let i = 0; i < 20; i++) await fetch(`${server.url}/livez`) // warm up
  const other = new Database(path.join(server.dir, 'app.db'))
  other.exec('BEGIN IMMEDIATE')
  other
    .prepare(`insert into audit_log (action, entity_type, entity_id, at) values ('bench.lock', 'bench', '0', 0)`)
    .run()
  const started = performance.now()
  const writes = Array.from({ length: writers }, async (_, i) => {
    const body = new URLSearchParams({ email: `bench${i}@example.net`, password: 'not the password' }).toString()
    const t = performance.now()
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    })
    await res.arrayBuffer()
    return { status: res.status, ms: performance.now() - t }
  })
  const livez: number[] = []
  while (performance.now() - started < holdMs) {
    const t = performance.now()
    await (await fetch(`${server.url}/livez`)).arrayBuffer()
    livez.push(performance.now() - t)
  }
  other.exec('ROLLBACK')
  other.close()
  const results = await Promise.all(writes)
  const sorted = [...livez].sort((a, b) => a - b)
  const statuses: Record<string, number> = {}
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1
  const figures = {
    hold_ms: holdMs,
    writes: writers,
    write_statuses: statuses,
    slowest_write_ms: Math.round(Math.max(...results.map((r) => r.ms))),
    livez_requests: livez.length,
    livez_p50_ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
    livez_p99_ms: Math.round(percentile(sorted, 0.99) * 10) / 10,
    livez_max_ms: Math.round(sorted.at(-1)! * 10) / 10,
    target_livez_p99_ms: 100,
  }
  console.log('While another process holds the write lock:')
  console.table([figures])
  console.log(JSON.stringify(figures))
} finally {
  await server.stop()
}
