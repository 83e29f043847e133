/**
 * Passwords (argon2id), sign-in with rate limits, and password reset by a
 * mailed single-use link. No Request/Response here: callers pass the IP.
 */
import crypto from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { DB } from '#db/client'
import { passwordResetTokens, people, sessions } from '#db/schema'
import { hashPassword, verifyPassword } from './passwords.server'
import { hitRateLimits } from './rate-limit.server'
import { emailIs, newSecretToken, normaliseEmail } from './people.server'
import { enqueueMail } from './outbox.server'
import { renderPasswordReset } from '#emails/password-reset'

export { hashPassword, verifyPassword }

// A hash to verify against when the account does not exist, so timing does not tell.
let dummyHash: Promise<string> | undefined

export const LOGIN_LIMITS = { perIp: 20, perAccount: 5, windowMs: 15 * 60_000 }
export const RESET_LIMITS = { perIp: 10, perAccount: 3, windowMs: 60 * 60_000 }

export type LoginResult = { ok: true; personId: number } | { ok: false; reason: 'invalid' | 'rate_limited'; retryAfterSeconds?: number }

export async function verifyLogin(db: DB, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const email = normaliseEmail(input.email)
  const limit = hitRateLimits(db, [
    { scope: 'login:ip', key: input.ip, max: LOGIN_LIMITS.perIp, windowMs: LOGIN_LIMITS.windowMs },
    { scope: 'login:account', key: email, max: LOGIN_LIMITS.perAccount, windowMs: LOGIN_LIMITS.windowMs },
  ])
  if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds }
  const person = db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(emailIs(email))
    .get()
  if (!person?.passwordHash) {
    dummyHash ??= hashPassword('not a real password')
    await verifyPassword(await dummyHash, input.password)
    return { ok: false, reason: 'invalid' }
  }
  const ok = await verifyPassword(person.passwordHash, input.password)
  return ok ? { ok: true, personId: person.id } : { ok: false, reason: 'invalid' }
}

function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex')
}

export const RESET_TOKEN_TTL_MS = 60 * 60_000

/**
 * Mails a reset link when the address belongs to someone. The answer is the
 * same either way (no account enumeration) except when rate-limited.
 */
export function requestPasswordReset(
  db: DB,
  input: { email: string; ip: string; baseUrl: string },
  now = new Date(),
): { ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number } {
  const email = normaliseEmail(input.email)
  const limit = hitRateLimits(db, [
    { scope: 'reset:ip', key: input.ip, max: RESET_LIMITS.perIp, windowMs: RESET_LIMITS.windowMs },
    { scope: 'reset:account', key: email, max: RESET_LIMITS.perAccount, windowMs: RESET_LIMITS.windowMs },
  ])
  if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds }
  const person = db
    .select({ id: people.id, name: people.name, email: people.email, language: people.preferredLanguage })
    .from(people)
    .where(emailIs(email))
    .get()
  if (!person) return { ok: true }
  const token = newSecretToken()
  const tokenHash = sha256(token)
  db.transaction((tx) => {
    const row = tx
      .insert(passwordResetTokens)
      .values({ personId: person.id, tokenHash, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) })
      .returning({ id: passwordResetTokens.id })
      .get()
    const link = `${input.baseUrl.replace(/\/$/, '')}/reset-password/${token}`
    enqueueMail(tx, {
      uniqueKey: `password-reset:${row.id}`,
      kind: 'password-reset',
      personId: person.id,
      to: person.email,
      language: person.language,
      message: renderPasswordReset(person.language, { name: person.name, link, validMinutes: RESET_TOKEN_TTL_MS / 60_000 }),
    })
  })
  return { ok: true }
}

/** The unspent, unexpired reset token, if any (usable inside a transaction). */
export function findValidResetToken(db: Pick<DB, 'select'>, token: string, now = new Date()) {
  return db
    .select({ id: passwordResetTokens.id, personId: passwordResetTokens.personId })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, sha256(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .get()
}

/** Sets the new password, spends the token, and signs the person out everywhere. */
export async function resetPassword(db: DB, token: string, password: string, now = new Date()): Promise<number | null> {
  const passwordHash = await hashPassword(password)
  return db.transaction(
    (tx) => {
      const found = findValidResetToken(tx, token, now)
      if (!found) return null
      tx.update(passwordResetTokens).set({ usedAt: now }).where(eq(passwordResetTokens.id, found.id)).run()
      tx.update(people).set({ passwordHash, updatedAt: now }).where(eq(people.id, found.personId)).run()
      tx.delete(sessions).where(eq(sessions.personId, found.personId)).run()
      return found.personId
    },
    { behavior: 'immediate' },
  )
}
