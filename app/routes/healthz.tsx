import { getDb } from '#db/client'
import { health } from '~/services/health.server'

/**
 * Health for load balancers and monitoring: 200 when the database takes writes and
 * the worker ticked within 3 intervals, else 503. JSON: database, worker, outbox.
 */
export async function loader() {
  const report = health(getDb())
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
