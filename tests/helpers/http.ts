/** Calling Remix loaders and actions directly, with a cookie jar of one. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { commitSession, getSession } from '~/auth-session.server'
import { findPersonIdByEmail } from '~/services/people.server'

const BASE = 'http://app.test'

export function formRequest(
  path: string,
  fields: Record<string, string>,
  { cookie, ip }: { cookie?: string; ip?: string } = {},
) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }
  if (cookie) headers.Cookie = cookie
  if (ip) headers['x-client-ip'] = ip
  return new Request(BASE + path, { method: 'POST', headers, body: new URLSearchParams(fields).toString() })
}

export function getRequest(
  path: string,
  { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {},
) {
  return new Request(BASE + path, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } })
}

type Handler<A> = (args: A) => unknown

/** Runs a loader/action, turning thrown Responses into returned ones. */
export async function run<A extends LoaderFunctionArgs | ActionFunctionArgs>(
  handler: Handler<A>,
  request: Request,
  params: Record<string, string> = {},
): Promise<unknown> {
  try {
    return await handler({ request, params, context: {} } as A)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** Status of a loader/action result: a Response's own, a single-fetch `data()` result's, else 200. */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  const init = (result as { init?: { status?: number } } | null)?.init
  return init?.status ?? 200
}

export function dataOf<T = Record<string, unknown>>(result: unknown): T {
  const r = result as { type?: string; data?: unknown }
  return (r && r.type === 'DataWithResponseInit' ? r.data : result) as T
}

/** Cookie header for a signed-in session of the person with this email. */
export async function cookieFor(email: string): Promise<string> {
  const id = findPersonIdByEmail(getDb(), email)
  if (!id) throw new Error(`no person ${email}`)
  const session = await getSession(new Request(BASE))
  session.set('personId', id)
  const setCookie = await commitSession(session)
  return setCookie.split(';')[0]
}

export function cookieFrom(response: Response): string {
  const header = response.headers.get('Set-Cookie') ?? ''
  return header
    .split(/,(?=\s*[A-Za-z_]+=)/)
    .map((c) => c.split(';')[0].trim())
    .filter(Boolean)
    .join('; ')
}
