/** Survey invitation links. */
import crypto from 'node:crypto'
import { sessionSecret } from '~/session.server'

/** The personal link's token: derived from the app secret, so a reminder can carry the same link; only its hash is stored. */
export function invitationToken(invitationId: number): string {
  return crypto.createHmac('sha256', sessionSecret()).update(`survey-invitation:${invitationId}`).digest('base64url').slice(0, 32)
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}
