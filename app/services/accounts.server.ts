/**
 * Creating accounts by mail: sign-up starts with an address only and answers the
 * same whether or not it is known (no account enumeration). A new address gets a
 * link to finish (choose a password and profile); a known one gets "you already
 * have an account"; a person staff created without a password gets a link to set
 * one. Nobody can create an account, or set its password, for an address they
 * cannot read. Requests are limited per requesting address (IP) only: the page answers the
 * same whatever was asked for the target address before, and the mails that address
 * receives are capped instead (`ACCOUNT_MAILS`).
 */
import crypto from 'node:crypto'

import { and, eq, gt, inArray, isNull } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type EmailTokenPurpose, emailTokens, type Language, people } from '#db/schema'
import { renderAccountMail } from '#emails/account'
import { renderWelcome } from '#emails/welcome'

import { subscribeAtSignup } from './newsletters/lists.server'
import { enqueueMail, type MailQuota, takeQuotaSlot } from './outbox.server'
import { emailIs, insertPerson, type NewPerson, newSecretToken, normaliseEmail } from './people.server'
import { recordConsent } from './people/privacy.server'
import { hitRateLimits } from './rate-limit.server'
import { insertAffiliationRequest, type RequestError } from './structures/affiliation.server'

/** Sign-up requests per requesting address (IP); never per target address (see ACCOUNT_MAILS). */
export const SIGNUP_LIMITS = { perIp: 10, windowMs: 60 * 60_000 }

/**
 * The mails anyone can make an address receive by typing it into a form (a sign-up link, "you already have an
 * account", a password reset, a sign-in link) share one quota per address, whatever their kind: `perAddress` an
 * hour. Beyond it the newest request's mail is held until there is room and replaces any mail held before it,
 * so a stranger's burst delays the owner's own request (an hour at most) but never stops it, and the page
 * answers the same either way.
 */
export const ACCOUNT_MAILS = { perAddress: 3, windowMs: 60 * 60_000 }

export function accountMailQuota(email: string): MailQuota {
  return { key: `account:${normaliseEmail(email)}`, max: ACCOUNT_MAILS.perAddress, windowMs: ACCOUNT_MAILS.windowMs }
}

/** How long a mailed link works, counted from when its mail may be sent (a held mail's link lasts as long). */
export const TOKEN_TTL_MINUTES: Record<EmailTokenPurpose, number> = {
  signup: 24 * 60,
  invite: 14 * 24 * 60,
  signin: 15,
}
const validHours = (purpose: EmailTokenPurpose) => TOKEN_TTL_MINUTES[purpose] / 60

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex')

type Ctx = { baseUrl: string; now?: Date }

/** A new single-use link token, valid `TOKEN_TTL_MINUTES` from `validFrom` (when its mail may go). */
export function issueToken(
  tx: Pick<DB, 'insert'>,
  input: {
    purpose: EmailTokenPurpose
    email: string
    personId: number | null
    language: Language
    redirectTo: string | null
  },
  validFrom: Date,
) {
  const token = newSecretToken()
  const row = tx
    .insert(emailTokens)
    .values({
      ...input,
      tokenHash: sha256(token),
      expiresAt: new Date(validFrom.getTime() + TOKEN_TTL_MINUTES[input.purpose] * 60_000),
    })
    .returning({ id: emailTokens.id })
    .get()
  return { token, id: row.id }
}

/**
 * Step 1 of sign-up. Always answers `{ ok: true }` (unless this requester is over its
 * limit), and mails the address what fits it, within the address's quota of account
 * mails. `redirectTo` must already be a checked same-site path.
 */
export function requestSignup(
  db: DB,
  input: { email: string; ip: string; language: Language; redirectTo: string | null },
  { baseUrl, now = new Date() }: Ctx,
): { ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number } {
  const email = normaliseEmail(input.email)
  const verdict = hitRateLimits(
    db,
    [{ scope: 'signup:ip', key: input.ip, max: SIGNUP_LIMITS.perIp, windowMs: SIGNUP_LIMITS.windowMs }],
    now,
  )
  if (!verdict.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds }
  const base = baseUrl.replace(/\/$/, '')
  const existing = db
    .select({ id: people.id, name: people.name, language: people.preferredLanguage, passwordHash: people.passwordHash })
    .from(people)
    .where(emailIs(email))
    .get()
  db.transaction(
    (tx) => {
      const quota = accountMailQuota(email)
      const { sendAt } = takeQuotaSlot(tx, quota, now)
      if (existing?.passwordHash) {
        enqueueMail(
          tx,
          {
            uniqueKey: `account-exists:${existing.id}:${now.getTime()}`,
            kind: 'account-exists',
            personId: existing.id,
            to: email,
            language: existing.language,
            message: renderAccountMail(existing.language, {
              kind: 'accountExists',
              name: existing.name,
              signInLink: `${base}/login`,
              resetLink: `${base}/forgot-password`,
            }),
            sendAt,
            quotaKey: quota.key,
          },
          now,
        )
        return
      }
      const purpose: EmailTokenPurpose = existing ? 'invite' : 'signup'
      const language = existing?.language ?? input.language
      const { token, id } = issueToken(
        tx,
        { purpose, email, personId: existing?.id ?? null, language, redirectTo: input.redirectTo },
        sendAt,
      )
      enqueueMail(
        tx,
        {
          uniqueKey: `email-token:${id}`,
          kind: purpose === 'signup' ? 'signup-link' : 'invitation',
          personId: existing?.id ?? null,
          to: email,
          language,
          message: renderAccountMail(language, {
            kind: purpose === 'signup' ? 'signupLink' : 'invitation',
            name: existing?.name,
            link: `${base}/signup/${token}`,
            validHours: validHours(purpose),
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

/** Staff invite a person who has no password yet to set one (a link valid 14 days). */
export function invitePerson(
  db: DB,
  personId: number,
  { baseUrl, now = new Date() }: Ctx,
): { ok: true; link: string } | { ok: false; reason: 'notFound' | 'hasPassword' } {
  const person = db
    .select({
      id: people.id,
      email: people.email,
      name: people.name,
      language: people.preferredLanguage,
      passwordHash: people.passwordHash,
    })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  if (!person) return { ok: false, reason: 'notFound' }
  if (person.passwordHash) return { ok: false, reason: 'hasPassword' }
  const link = db.transaction((tx) => {
    const { token, id } = issueToken(
      tx,
      { purpose: 'invite', email: person.email, personId: person.id, language: person.language, redirectTo: null },
      now,
    )
    enqueueMail(tx, {
      uniqueKey: `email-token:${id}`,
      kind: 'invitation',
      personId: person.id,
      to: person.email,
      language: person.language,
      message: renderAccountMail(person.language, {
        kind: 'invitation',
        name: person.name,
        link: `${baseUrl.replace(/\/$/, '')}/signup/${token}`,
        validHours: validHours('invite'),
      }),
    })
    return `${baseUrl.replace(/\/$/, '')}/signup/${token}`
  })
  return { ok: true, link }
}

export type EmailToken = {
  id: number
  purpose: EmailTokenPurpose
  email: string
  personId: number | null
  language: Language
  redirectTo: string | null
}

/** The unspent, unexpired token for one of `purposes` (usable inside a transaction). */
export function findEmailToken(
  db: Pick<DB, 'select'>,
  token: string,
  now = new Date(),
  purposes: readonly EmailTokenPurpose[] = ['signup', 'invite'],
): EmailToken | undefined {
  return db
    .select({
      id: emailTokens.id,
      purpose: emailTokens.purpose,
      email: emailTokens.email,
      personId: emailTokens.personId,
      language: emailTokens.language,
      redirectTo: emailTokens.redirectTo,
    })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.tokenHash, sha256(token)),
        inArray(emailTokens.purpose, [...purposes]),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .get()
}

/** What the finishing form shows: the address, and for an invited person their current profile. */
export function tokenDetails(db: DB, token: string, now = new Date()) {
  const found = findEmailToken(db, token, now)
  if (!found) return null
  const person = found.personId
    ? db
        .select({
          name: people.name,
          preferredLanguage: people.preferredLanguage,
          timeZone: people.timeZone,
          regionCode: people.regionCode,
          structureId: people.structureId,
          memberType: people.memberType,
        })
        .from(people)
        .where(eq(people.id, found.personId))
        .get()
    : undefined
  return { ...found, person: person ?? null }
}

export type AccountDetails = Omit<NewPerson, 'email' | 'roles' | 'passwordHash' | 'structureId'> & {
  passwordHash: string
  /** Whether the person asked for the newsletters (the privacy notice is agreed to by signing up). */
  newsletter?: boolean
  /** An accredited structure the person asks to represent (a request its contact or staff confirm). */
  affiliation?: number | null
}

/** The structure asked for at sign-up cannot be asked for: nothing is written (the token is not spent). */
export class AffiliationRefusedError extends Error {
  constructor(readonly reason: RequestError) {
    super(`affiliation refused: ${reason}`)
  }
}

/** The consents given with the sign-up form: the privacy notice always, the newsletters if asked for. */
function recordSignupConsents(
  tx: Pick<DB, 'insert' | 'update' | 'select'>,
  personId: number,
  details: AccountDetails,
  now: Date,
) {
  const language = details.preferredLanguage
  recordConsent(tx, { personId, kind: 'privacy', language }, now)
  if (details.newsletter) {
    recordConsent(tx, { personId, kind: 'newsletter', language }, now)
    subscribeAtSignup(tx, { personId, language, regionCode: details.regionCode ?? null }, now)
  }
  tx.update(people)
    .set({ newsletterOptOutAt: details.newsletter ? null : now })
    .where(eq(people.id, personId))
    .run()
}

/**
 * Step 2: spends the token and creates the person (sign-up) or sets the invited
 * person's password and profile, asks for the structure they chose (never sets it), and
 * queues the welcome mail. Returns the person's id, or null when the token is not valid
 * any more (used, expired, or the address got an account meanwhile). Throws
 * `AffiliationRefusedError`, with nothing written, for a structure that cannot be asked for.
 */
export function completeSignup(
  db: DB,
  token: string,
  details: AccountDetails,
  { baseUrl, now = new Date() }: Ctx,
): { personId: number; redirectTo: string | null } | null {
  return db.transaction(
    (tx) => {
      const found = findEmailToken(tx, token, now)
      if (!found) return null
      const welcome = (personId: number) =>
        enqueueMail(tx, {
          uniqueKey: `welcome:${personId}`,
          kind: 'welcome',
          personId,
          to: found.email,
          language: details.preferredLanguage,
          message: renderWelcome(details.preferredLanguage, {
            name: details.name.trim(),
            link: `${baseUrl.replace(/\/$/, '')}/webinars`,
          }),
        })
      // The structure is asked for, never set: its contact or staff confirm (a refusal undoes everything).
      const askForStructure = (personId: number) => {
        if (!details.affiliation) return
        const asked = insertAffiliationRequest(
          tx,
          { personId, structureId: details.affiliation, source: 'signup' },
          { baseUrl: baseUrl.replace(/\/$/, ''), now },
        )
        if (!asked.ok && asked.error !== 'alreadyLinked') throw new AffiliationRefusedError(asked.error)
      }
      tx.update(emailTokens).set({ usedAt: now }).where(eq(emailTokens.id, found.id)).run()
      if (found.purpose === 'invite' && found.personId) {
        const person = tx
          .select({ passwordHash: people.passwordHash })
          .from(people)
          .where(eq(people.id, found.personId))
          .get()
        if (!person || person.passwordHash) return null
        tx.update(people)
          .set({
            name: details.name.trim(),
            passwordHash: details.passwordHash,
            preferredLanguage: details.preferredLanguage,
            timeZone: details.timeZone,
            regionCode: details.regionCode ?? null,
            ...(details.memberType ? { memberType: details.memberType } : {}),
            updatedAt: now,
          })
          .where(eq(people.id, found.personId))
          .run()
        recordSignupConsents(tx, found.personId, details, now)
        askForStructure(found.personId)
        welcome(found.personId)
        return { personId: found.personId, redirectTo: found.redirectTo }
      }
      if (tx.select({ id: people.id }).from(people).where(emailIs(found.email)).get()) return null
      const { newsletter: _newsletter, affiliation: _affiliation, ...person } = details
      const personId = insertPerson(tx, { ...person, email: found.email })
      recordSignupConsents(tx, personId, details, now)
      askForStructure(personId)
      welcome(personId)
      return { personId, redirectTo: found.redirectTo }
    },
    { behavior: 'immediate' },
  )
}
