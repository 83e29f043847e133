/**
 * `npm run bench:http`: starts the built production server on a temporary
 * database with the demo data, then measures requests/s and p99 latency of
 * public pages next to /healthz with autocannon (20 connections). Prints a
 * table and, as its last line, one JSON object. Figures, never assertions.
 */
import autocannon from 'autocannon'
import { startServer } from '../tests/e2e/server'

const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
const duration = Number(process.env.BENCH_SECONDS ?? 5)

const routes = [
  { name: 'home page', path: '/' },
  { name: 'webinar list', path: '/webinars' },
  { name: 'webinar page', path: '/webinars/atlas-ii-security-and-stability' },
  { name: 'summit page', path: '/summits/atlas-ii-london-2014' },
]

async function measure(url: string) {
  const result = await autocannon({ url, connections, duration, headers: { 'accept-language': 'fr' } })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 }
}

const server = await startServer({ WORKER: 'off' })
try {
  for (const r of [{ path: '/healthz' }, ...routes]) await fetch(server.url + r.path) // warm up
  const rows: { name: string; rps: number; p99_ms: number; ratio: number }[] = []
  const health = await measure(`${server.url}/healthz`)
  for (const route of routes) {
    const m = await measure(server.url + route.path)
    rows.push({ name: route.name, rps: m.rps, p99_ms: m.p99, ratio: Number((m.rps / health.rps).toFixed(2)) })
  }
  console.log(`\n${connections} connections, ${duration} s per route; /healthz: ${health.rps} req/s, p99 ${health.p99} ms\n`)
  console.log('route'.padEnd(16), 'req/s'.padStart(8), 'p99 ms'.padStart(8), 'vs healthz'.padStart(11))
  for (const r of rows) console.log(r.name.padEnd(16), String(r.rps).padStart(8), String(r.p99_ms).padStart(8), String(r.ratio).padStart(11))
  console.log(JSON.stringify({ healthz_rps: health.rps, healthz_p99_ms: health.p99, routes: rows }))
} finally {
  await server.stop()
}
