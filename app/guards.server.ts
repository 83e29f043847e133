/** Guards at the top of every protected loader and action. */
import { redirect } from '@remix-run/node'

import { getDb } from '#db/client'
import type { Role } from '#db/schema'

import { getSession } from './auth-session.server'
import { config } from './config.server'
import { getPerson, type PersonSummary } from './services/people.server'

// One read of the session and the person per request, however many loaders and guards ask.
const people = new WeakMap<Request, Promise<PersonSummary | null>>()

export function currentPerson(request: Request): Promise<PersonSummary | null> {
  let found = people.get(request)
  if (!found) {
    found = (async () => {
      const session = await getSession(request)
      const id = session.get('personId')
      if (typeof id !== 'number') return null
      return getPerson(getDb(), id) ?? null
    })()
    people.set(request, found)
  }
  return found
}

/** Signed-in person, or a redirect to the sign-in page that comes back here. */
export async function requirePerson(request: Request): Promise<PersonSummary> {
  const person = await currentPerson(request)
  if (!person) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return person
}

/** Signed in and holding one of the roles, or a 403. */
export async function requireRole(request: Request, roles: Role | Role[]): Promise<PersonSummary> {
  const person = await requirePerson(request)
  const wanted = Array.isArray(roles) ? roles : [roles]
  if (!wanted.some((r) => person.roles.includes(r))) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  return person
}

/**
 * A place to go back to after sign-in or a language change: only a path on this
 * site. It must start with a single `/`, hold only printable ASCII (no control
 * characters, spaces or backslashes, which browsers may read as another host),
 * and resolve to this origin. Anything else gives `fallback`.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > 2000) return fallback
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(to) || to.includes('\\')) return fallback
  const origin = 'http://same.invalid'
  let url: URL
  try {
    url = new URL(to, origin)
  } catch {
    return fallback
  }
  return url.origin === origin ? to : fallback
}

/** The server (server.ts) overwrites `x-client-ip` with the socket's address on every request. */
export function clientIp(request: Request): string {
  return request.headers.get('x-client-ip') || 'local'
}

/**
 * The public base URL for links in mail, calendar files and pages: APP_URL, else
 * http://localhost:PORT. Never taken from the request's Host or X-Forwarded-Host.
 */
export function baseUrl(): string {
  return config().baseUrl
}
