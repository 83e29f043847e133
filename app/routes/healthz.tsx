import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'

/** Liveness and database status, for load balancers and the benchmark baseline. */
export async function loader() {
  try {
    const row = getDb().get<{ ok: number }>(sql`select 1 as ok`)
    return Response.json({ status: 'ok', database: row?.ok === 1 ? 'ok' : 'error' }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return Response.json({ status: 'error', database: 'error', message: String(error) }, { status: 503 })
  }
}
