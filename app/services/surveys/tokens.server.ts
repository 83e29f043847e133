/** Survey invitation links. */
import crypto from 'node:crypto'

import { sessionSecret } from '~/auth-session.server'

/**
 * The personal link's token: derived from the app secret, so a reminder can carry the same link; only its hash
 * is stored.
 */
export function invitationToken(invitationId: number): string {
  return crypto
    .createHmac('sha256', sessionSecret())
    .update(`survey-invitation:${invitationId}`)
    .digest('base64url')
    .slice(0, 32)
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

const FORM_TOKEN_MAX_AGE_MS = 24 * 3600_000

/**
 * A one-time token in an open survey's form (surveys anyone may answer): signed with
 * the app secret, for this survey, valid a day. `spendFormToken` accepts it once.
 */
export function issueFormToken(surveyId: number, now = new Date()): string {
  const body = `${surveyId}.${crypto.randomBytes(12).toString('base64url')}.${now.getTime()}`
  const mac = crypto
    .createHmac('sha256', sessionSecret())
    .update(`survey-form:${body}`)
    .digest('base64url')
    .slice(0, 32)
  return `${body}.${mac}`
}

/**
 * The token's nonce when it is authentic, for this survey and not too old; null otherwise (spending is the
 * caller's).
 */
export function checkFormToken(surveyId: number, token: string, now = new Date()): string | null {
  const parts = token.split('.')
  if (parts.length !== 4) return null
  const [id, nonce, issued, mac] = parts
  const expected = crypto
    .createHmac('sha256', sessionSecret())
    .update(`survey-form:${id}.${nonce}.${issued}`)
    .digest('base64url')
    .slice(0, 32)
  if (mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null
  const age = now.getTime() - Number(issued)
  if (Number(id) !== surveyId || !Number.isFinite(age) || age < 0 || age > FORM_TOKEN_MAX_AGE_MS) return null
  return nonce
}
