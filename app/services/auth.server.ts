/**
 * Passwords (argon2id), sign-in with rate limits, and password reset by a
 * mailed single-use link. No Request/Response here: callers pass the IP.
 * Signing in by a mailed link is in `sign-in-link.server.ts`.
 */
import crypto from 'node:crypto'

import { and, eq, gt, isNull } from 'drizzle-orm'

import type { DB } from '#db/client'
import { authSessions, passwordResetTokens, people } from '#db/schema'
import { renderPasswordReset } from '#emails/password-reset'

import { accountMailQuota } from './accounts.server'
import { enqueueMail, takeQuotaSlot } from './outbox.server'
import { hashPassword, verifyPassword } from './passwords.server'
import { emailIs, newSecretToken, normaliseEmail } from './people.server'
import { checkLimits, clearAttempts, hitRateLimits, recordAttempts, releaseAttempts } from './rate-limit.server'

export { hashPassword, verifyPassword }

// A hash to verify against when the account does not exist, so timing does not tell.
let dummyHash: Promise<string> | undefined

/**
 * Sign-in limits count failures only (a correct password never counts):
 * - an address (IP) with `perIp` failures in `windowMs` is refused, whatever the account;
 * - an account tried from one address (`perPair` failures in `windowMs`) is refused from that address;
 * - an account with `perAccount` failures in `accountWindowMs` from all addresses together is refused
 *   password sign-in from everywhere, even with the right password, until its oldest failure leaves the
 *   window: guessing is capped at `perAccount` an hour however many addresses guess. The owner is not
 *   locked out: a mailed sign-in link (`sign-in-link.server.ts`) still works. An address without an
 *   account is counted and refused the same way, so the answer tells nothing.
 * Each attempt is counted before its password is checked (and taken back when it is right), so parallel
 * guesses cannot all pass a check none of them has yet counted. Refused attempts are not recorded, so a
 * block ends a window after the failures that caused it.
 */
export const LOGIN_LIMITS = {
  perIp: 30,
  perPair: 5,
  windowMs: 15 * 60_000,
  perAccount: 20,
  accountWindowMs: 60 * 60_000,
}
/** Reset requests per requesting address (IP); the target address is never refused (see ACCOUNT_MAILS). */
export const RESET_LIMITS = { perIp: 10, windowMs: 60 * 60_000 }

export type LoginResult =
  | { ok: true; personId: number }
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'password_paused'; retryAfterSeconds?: number }

export async function verifyLogin(
  db: DB,
  input: { email: string; password: string; ip: string },
  { now = new Date(), limits = LOGIN_LIMITS } = {},
): Promise<LoginResult> {
  const email = normaliseEmail(input.email)
  const pair = `${email}|${input.ip}`
  const account = { scope: 'login:fail:account', key: email }
  const gate = db.transaction(
    (tx) => {
      const capped = checkLimits(tx, [{ ...account, max: limits.perAccount, windowMs: limits.accountWindowMs }], now)
      if (!capped.allowed) return { refused: 'password_paused' as const, retryAfterSeconds: capped.retryAfterSeconds }
      const window = { windowMs: limits.windowMs }
      const verdict = checkLimits(
        tx,
        [
          { scope: 'login:fail:ip', key: input.ip, max: limits.perIp, ...window },
          { scope: 'login:fail:pair', key: pair, max: limits.perPair, ...window },
        ],
        now,
      )
      if (!verdict.allowed) return { refused: 'rate_limited' as const, retryAfterSeconds: verdict.retryAfterSeconds }
      // Counted as a failure now; taken back below if the password is right.
      const reserved = recordAttempts(
        tx,
        [{ scope: 'login:fail:ip', key: input.ip }, { scope: 'login:fail:pair', key: pair }, account],
        now,
      )
      return { refused: null, reserved }
    },
    { behavior: 'immediate' },
  )
  if (gate.refused) return { ok: false, reason: gate.refused, retryAfterSeconds: gate.retryAfterSeconds }
  const person = db
    .select({ id: people.id, passwordHash: people.passwordHash, deactivatedAt: people.deactivatedAt })
    .from(people)
    .where(emailIs(email))
    .get()
  let ok = false
  if (!person?.passwordHash) {
    dummyHash ??= hashPassword('not a real password')
    await verifyPassword(await dummyHash, input.password)
  } else {
    // A deactivated account is refused like a wrong password (after the same work, so timing does not tell).
    ok = (await verifyPassword(person.passwordHash, input.password)) && !person.deactivatedAt
  }
  if (!ok || !person) return { ok: false, reason: 'invalid' }
  // A success does not count, and forgives this address's failures on the account (others still count).
  db.transaction((tx) => {
    releaseAttempts(tx, gate.reserved)
    clearAttempts(tx, 'login:fail:pair', pair)
  })
  return { ok: true, personId: person.id }
}

function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex')
}

export const RESET_TOKEN_TTL_MS = 60 * 60_000

/**
 * Mails a reset link when the address belongs to someone, within the address's quota of
 * account mails (a held mail's link is valid for as long once it may be sent). The answer
 * is the same either way (no account enumeration) and whatever was asked for the address
 * before; only a requester (IP) over its own limit is refused.
 */
export function requestPasswordReset(
  db: DB,
  input: { email: string; ip: string; baseUrl: string },
  now = new Date(),
): { ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number } {
  const email = normaliseEmail(input.email)
  const limit = hitRateLimits(
    db,
    [{ scope: 'reset:ip', key: input.ip, max: RESET_LIMITS.perIp, windowMs: RESET_LIMITS.windowMs }],
    now,
  )
  if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds }
  const person = db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
      deactivatedAt: people.deactivatedAt,
    })
    .from(people)
    .where(emailIs(email))
    .get()
  if (!person || person.deactivatedAt) return { ok: true }
  const token = newSecretToken()
  const tokenHash = sha256(token)
  db.transaction(
    (tx) => {
      const quota = accountMailQuota(email)
      const { sendAt } = takeQuotaSlot(tx, quota, now)
      const row = tx
        .insert(passwordResetTokens)
        .values({ personId: person.id, tokenHash, expiresAt: new Date(sendAt.getTime() + RESET_TOKEN_TTL_MS) })
        .returning({ id: passwordResetTokens.id })
        .get()
      const link = `${input.baseUrl.replace(/\/$/, '')}/reset-password/${token}`
      enqueueMail(
        tx,
        {
          uniqueKey: `password-reset:${row.id}`,
          kind: 'password-reset',
          personId: person.id,
          to: person.email,
          language: person.language,
          message: renderPasswordReset(person.language, {
            name: person.name,
            link,
            validMinutes: RESET_TOKEN_TTL_MS / 60_000,
          }),
          sendAt,
          quotaKey: quota.key,
        },
        now,
      )
    },
    { behavior: 'immediate' },
  )
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
      tx.delete(authSessions).where(eq(authSessions.personId, found.personId)).run()
      return found.personId
    },
    { behavior: 'immediate' },
  )
}

/** Whether a person has a password (people created by staff or an import may not, yet). */
export function hasPassword(db: Pick<DB, 'select'>, personId: number): boolean {
  return Boolean(db.select({ hash: people.passwordHash }).from(people).where(eq(people.id, personId)).get()?.hash)
}

/** Checks a signed-in person's password again before something that cannot be undone; true when they have none. */
export async function confirmPassword(db: Pick<DB, 'select'>, personId: number, password: string): Promise<boolean> {
  const hash = db.select({ hash: people.passwordHash }).from(people).where(eq(people.id, personId)).get()?.hash
  return hash ? verifyPassword(hash, password) : true
}
