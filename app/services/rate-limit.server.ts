/**
 * Counting attempts in fixed windows (rows of auth_attempts, pruned daily by the
 * worker). A blocked caller's further attempts are not recorded, so hammering
 * cannot extend a block: it ends `windowMs` after the attempts that caused it.
 */
import { and, eq, gte, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { authAttempts } from '#db/schema'

export type Limit = { scope: string; key: string; max: number; windowMs: number }
export type LimitVerdict = { allowed: boolean; retryAfterSeconds: number }

type Reader = Pick<DB, 'select'>

/** How many attempts `scope`/`key` made within the window, and when the oldest of them was. */
export function recentAttempts(db: Reader, limit: Omit<Limit, 'max'>, now = new Date()) {
  const since = new Date(now.getTime() - limit.windowMs)
  const row = db
    .select({ count: sql<number>`count(*)`, oldest: sql<number | null>`min(${authAttempts.at})` })
    .from(authAttempts)
    .where(and(eq(authAttempts.scope, limit.scope), eq(authAttempts.key, limit.key), gte(authAttempts.at, since)))
    .get()
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null }
}

/** Whether every limit still has room (reads only). */
export function checkLimits(db: Reader, limits: Limit[], now = new Date()): LimitVerdict {
  let retryAfterMs = 0
  for (const limit of limits) {
    const { count, oldest } = recentAttempts(db, limit, now)
    if (count >= limit.max)
      retryAfterMs = Math.max(retryAfterMs, (oldest ?? now.getTime()) + limit.windowMs - now.getTime())
  }
  return { allowed: retryAfterMs === 0, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
}

export function recordAttempts(db: Pick<DB, 'insert'>, keys: { scope: string; key: string }[], now = new Date()) {
  if (keys.length)
    db.insert(authAttempts)
      .values(keys.map((k) => ({ ...k, at: now })))
      .run()
}

export function clearAttempts(db: DB, scope: string, key: string) {
  db.delete(authAttempts)
    .where(and(eq(authAttempts.scope, scope), eq(authAttempts.key, key)))
    .run()
}

/**
 * For requests that count whether they succeed or not (password reset, sign-up):
 * allowed ones are recorded against every limit; refused ones are not recorded.
 */
export function hitRateLimits(db: DB, limits: Limit[], now = new Date()): LimitVerdict {
  return db.transaction(
    (tx) => {
      const verdict = checkLimits(tx, limits, now)
      if (verdict.allowed) recordAttempts(tx, limits, now)
      return verdict
    },
    { behavior: 'immediate' },
  )
}
