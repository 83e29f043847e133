import { getDb } from '#db/client'
import { config } from '~/config.server'
import { checkHealth } from '~/services/health.server'

/**
 * Health for load balancers and monitoring: 200 when the database really takes a write, its
 * disk has room, due mail is not stuck and no queue step keeps failing, and the worker ticked
 * within 3 intervals; else 503 with `problems` in words. JSON: database, worker, outbox.
 */
export async function loader() {
  const { health, smtpUrl, databasePath } = config()
  const report = await checkHealth(getDb(), {
    outboxMaxAgeSeconds: health.outboxMaxAgeSeconds,
    minFreeBytes: health.minFreeBytes,
    mailConfigured: Boolean(smtpUrl),
    databasePath,
    probeEveryMs: 1000,
  })
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
