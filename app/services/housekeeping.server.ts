/**
 * Deleting what has expired: sign-in attempts, sessions, reset tokens, sign-in links, forgotten import uploads.
 * Run by the worker.
 */
import { and, eq, isNotNull, lt, or } from 'drizzle-orm'

import type { DB } from '#db/client'
import { authAttempts, authSessions, emailTokens, importUploads, passwordResetTokens } from '#db/schema'

import { expiredUploads } from './people/import.server'

const DAY = 24 * 3600_000

export function pruneExpired(db: DB, now = new Date()) {
  const dayAgo = new Date(now.getTime() - DAY)
  return {
    authAttempts: db.delete(authAttempts).where(lt(authAttempts.at, dayAgo)).run().changes,
    authSessions: db.delete(authSessions).where(lt(authSessions.expiresAt, now)).run().changes,
    resetTokens: db
      .delete(passwordResetTokens)
      .where(or(lt(passwordResetTokens.expiresAt, dayAgo), isNotNull(passwordResetTokens.usedAt)))
      .run().changes,
    signInLinks: db
      .delete(emailTokens)
      .where(
        and(eq(emailTokens.purpose, 'signin'), or(lt(emailTokens.expiresAt, dayAgo), isNotNull(emailTokens.usedAt))),
      )
      .run().changes,
    importUploads: db.delete(importUploads).where(expiredUploads(now)).run().changes,
  }
}
