/** Who is looking, in which language and zone: the inputs of every rendered page. */
import { createCookie } from '@remix-run/node'
import type { Language } from '#db/schema'
import { currentPerson } from './guards.server'
import { resolveLanguage } from './i18n.server'
import { isTimeZone } from './lib/format'

/** Set by the browser (root component) from Intl for visitors who are not signed in. */
export const timeZoneCookie = createCookie('tz', { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })

export async function getViewer(request: Request) {
  const person = await currentPerson(request)
  const language: Language = await resolveLanguage(request, person?.preferredLanguage)
  let timeZone = person?.timeZone
  let timeZoneKnown = Boolean(person)
  if (!timeZone) {
    const fromCookie = await timeZoneCookie.parse(request.headers.get('Cookie'))
    timeZoneKnown = typeof fromCookie === 'string' && isTimeZone(fromCookie)
    timeZone = timeZoneKnown ? (fromCookie as string) : 'UTC'
  }
  return { person, language, timeZone, timeZoneKnown }
}
