/** Guards at the top of every protected loader and action. */
import { redirect } from '@remix-run/node'
import { getDb } from '#db/client'
import type { Role } from '#db/schema'
import { getPerson, type PersonSummary } from './services/people.server'
import { getSession } from './session.server'

export async function currentPerson(request: Request): Promise<PersonSummary | null> {
  const session = await getSession(request)
  const id = session.get('personId')
  if (typeof id !== 'number') return null
  return getPerson(getDb(), id) ?? null
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

/** Only same-site paths are accepted as a place to go back to. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}

/** The server (server.ts) overwrites `x-client-ip` with the socket's address on every request. */
export function clientIp(request: Request): string {
  return request.headers.get('x-client-ip') || 'local'
}

/** Public origin for links in mail: APP_URL, else the request's own origin. */
export function baseUrl(request: Request): string {
  return process.env.APP_URL ?? new URL(request.url).origin
}
