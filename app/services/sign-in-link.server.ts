/**
 * Signing in by a mailed link, without the password: the way in when the password is
 * forgotten or paused after too many wrong guesses (`LOGIN_LIMITS.perAccount`). The
 * link works once, for `TOKEN_TTL_MINUTES.signin` minutes from when its mail may go;
 * following it shows a page with a button, and only that POST spends it (a mail
 * scanner that fetches links signs nobody in). Asking answers the same whether or not
 * the address has an account, and the mail counts against the address's quota of
 * account mails (`ACCOUNT_MAILS`).
 */
import { eq } from 'drizzle-orm'

import type { DB } from '#db/client'
import { emailTokens, people } from '#db/schema'
import { renderAccountMail } from '#emails/account'

import { accountMailQuota, findEmailToken, issueToken, TOKEN_TTL_MINUTES } from './accounts.server'
import { enqueueMail, takeQuotaSlot } from './outbox.server'
import { emailIs, normaliseEmail } from './people.server'
import { hitRateLimits } from './rate-limit.server'

/** Link requests per requesting address (IP); the target address is never refused (see ACCOUNT_MAILS). */
export const SIGNIN_LINK_LIMITS = { perIp: 10, windowMs: 60 * 60_000 }

/** How long a mailed sign-in link works (from when its mail may go). */
export const SIGN_IN_LINK_MINUTES = TOKEN_TTL_MINUTES.signin

type Ctx = { baseUrl: string; now?: Date }

/**
 * Mails a sign-in link when the address belongs to an active person, in their language.
 * `redirectTo` must already be a checked same-site path (it is checked again on use).
 */
export function requestSignInLink(
  db: DB,
  input: { email: string; ip: string; redirectTo: string | null },
  { baseUrl, now = new Date() }: Ctx,
): { ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number } {
  const email = normaliseEmail(input.email)
  const limit = hitRateLimits(
    db,
    [{ scope: 'signin-link:ip', key: input.ip, max: SIGNIN_LINK_LIMITS.perIp, windowMs: SIGNIN_LINK_LIMITS.windowMs }],
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
  db.transaction(
    (tx) => {
      const quota = accountMailQuota(email)
      const { sendAt } = takeQuotaSlot(tx, quota, now)
      const { token, id } = issueToken(
        tx,
        { purpose: 'signin', email, personId: person.id, language: person.language, redirectTo: input.redirectTo },
        sendAt,
      )
      enqueueMail(
        tx,
        {
          uniqueKey: `email-token:${id}`,
          kind: 'signin-link',
          personId: person.id,
          to: person.email,
          language: person.language,
          message: renderAccountMail(person.language, {
            kind: 'signInLink',
            name: person.name,
            link: `${baseUrl.replace(/\/$/, '')}/login/link/${token}`,
            validMinutes: SIGN_IN_LINK_MINUTES,
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

/** The person a link would sign in, while it can (the landing page: reading never spends it). */
export function signInLinkFor(db: DB, token: string, now = new Date()): { email: string } | null {
  const found = findEmailToken(db, token, now, ['signin'])
  if (!found?.personId) return null
  const person = db
    .select({ email: people.email, deactivatedAt: people.deactivatedAt })
    .from(people)
    .where(eq(people.id, found.personId))
    .get()
  if (!person || person.deactivatedAt || normaliseEmail(person.email) !== found.email) return null
  return { email: person.email }
}

/**
 * Spends the link and says whom to sign in and where to go (the path given when it was
 * asked for), or null when it is invalid, used, expired, or its person was deactivated
 * or changed address since.
 */
export function signInWithLink(
  db: DB,
  token: string,
  now = new Date(),
): { personId: number; redirectTo: string | null } | null {
  return db.transaction(
    (tx) => {
      const found = findEmailToken(tx, token, now, ['signin'])
      if (!found?.personId) return null
      tx.update(emailTokens).set({ usedAt: now }).where(eq(emailTokens.id, found.id)).run()
      const person = tx
        .select({ id: people.id, email: people.email, deactivatedAt: people.deactivatedAt })
        .from(people)
        .where(eq(people.id, found.personId))
        .get()
      if (!person || person.deactivatedAt || normaliseEmail(person.email) !== found.email) return null
      return { personId: person.id, redirectTo: found.redirectTo }
    },
    { behavior: 'immediate' },
  )
}
