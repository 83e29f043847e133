import { and, eq, gte, sql } from 'drizzle-orm'
import type { DB } from '#db/client'
import { authAttempts } from '#db/schema'

export type Limit = { scope: string; key: string; max: number; windowMs: number }

/**
 * Records one attempt for each limit and says whether all were still within
 * their allowance. Attempts past the limit are recorded too, so hammering
 * keeps the window closed.
 */
export function hitRateLimits(db: DB, limits: Limit[], now = new Date()): { allowed: boolean; retryAfterSeconds: number } {
  return db.transaction(
    (tx) => {
      let allowed = true
      let retryAfterMs = 0
      for (const limit of limits) {
        const since = new Date(now.getTime() - limit.windowMs)
        const row = tx
          .select({ count: sql<number>`count(*)`, oldest: sql<number | null>`min(${authAttempts.at})` })
          .from(authAttempts)
          .where(and(eq(authAttempts.scope, limit.scope), eq(authAttempts.key, limit.key), gte(authAttempts.at, since)))
          .get()
        const count = row?.count ?? 0
        if (count >= limit.max) {
          allowed = false
          const oldest = row?.oldest ?? now.getTime()
          retryAfterMs = Math.max(retryAfterMs, oldest + limit.windowMs - now.getTime())
        }
        tx.insert(authAttempts).values({ scope: limit.scope, key: limit.key, at: now }).run()
      }
      return { allowed, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
    },
    { behavior: 'immediate' },
  )
}
