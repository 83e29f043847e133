/** Who is looking, in which language and zone: the inputs of every rendered page. */
import { createCookie, redirect } from '@remix-run/node'

import type { Language, Role } from '#db/schema'

import { currentPerson } from './guards.server'
import { resolveLanguage } from './i18n.server'
import { isTimeZone } from './lib/format'

/** Set by the browser (root component) from Intl for visitors who are not signed in. */
export const timeZoneCookie = createCookie('tz', { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 })

export type Viewer = Awaited<ReturnType<typeof readViewer>>

const viewers = new WeakMap<Request, Promise<Viewer>>()

/** The viewer of this request (read once per request, shared by the root and the page's loaders). */
export function getViewer(request: Request): Promise<Viewer> {
  let found = viewers.get(request)
  if (!found) {
    found = readViewer(request)
    viewers.set(request, found)
  }
  return found
}

/**
 * The guard and the viewer in one call: a signed-in person (else a redirect to sign
 * in that comes back here) holding one of `role` when given (else a 403), with their
 * language and zone.
 */
export async function requireViewer(request: Request, { role }: { role?: Role | Role[] } = {}) {
  const viewer = await getViewer(request)
  const person = viewer.person
  if (!person) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  const wanted = role === undefined ? [] : Array.isArray(role) ? role : [role]
  if (wanted.length && !wanted.some((r) => person.roles.includes(r)))
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  return { ...viewer, person }
}

async function readViewer(request: Request) {
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
