/**
 * Counting attempts in fixed windows (rows of auth_attempts, pruned daily by the
 * worker). A blocked caller's further attempts are not recorded, so hammering
 * cannot extend a block: it ends `windowMs` after the attempts that caused it.
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm'

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

/** Records one attempt for each key; returns the rows' ids (for `releaseAttempts`). */
export function recordAttempts(
  db: Pick<DB, 'insert'>,
  keys: { scope: string; key: string }[],
  now = new Date(),
): number[] {
  if (!keys.length) return []
  return db
    .insert(authAttempts)
    .values(keys.map((k) => ({ scope: k.scope, key: k.key, at: now })))
    .returning({ id: authAttempts.id })
    .all()
    .map((r) => r.id)
}

/** Takes back attempts recorded ahead of an outcome that turned out not to count (a correct password). */
export function releaseAttempts(db: Pick<DB, 'delete'>, ids: number[]) {
  if (ids.length) db.delete(authAttempts).where(inArray(authAttempts.id, ids)).run()
}

export function clearAttempts(db: Pick<DB, 'delete'>, scope: string, key: string) {
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
