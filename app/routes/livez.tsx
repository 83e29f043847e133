/**
 * Liveness: the process answers HTTP. No database, no session, no page: the floor every
 * other route is measured against (`npm run bench:http`). For readiness use /healthz.
 */
export function loader() {
  return new Response('ok', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}
