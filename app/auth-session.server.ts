/**
 * Sessions stored in SQLite; the cookie holds only a signed random id. Signing in,
 * signing up and resetting a password always start a new session (new id, old row
 * deleted), so an id planted before sign-in is worth nothing after it.
 *
 * One-time notices ("Signed in", "Profile saved") travel in their own short-lived
 * signed cookie, not in the session: showing one is not a database write, so pages
 * read while another process holds the write lock still render.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { createCookie, createSessionStorage } from '@remix-run/node'
import { eq } from 'drizzle-orm'

import { getDb } from '#db/client'
import { authSessions } from '#db/schema'

import { config } from './config.server'

const SESSION_DAYS = 30

/**
 * SESSION_SECRET, else a random secret generated once and kept beside the database (also keys survey invitation
 * links).
 */
export function sessionSecret(): string {
  const { sessionSecret: fromEnv, databasePath } = config()
  if (fromEnv) return fromEnv
  const file = path.join(path.dirname(path.resolve(databasePath)), 'session-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const secret = crypto.randomBytes(32).toString('hex')
    fs.writeFileSync(file, secret, { mode: 0o600 })
    return secret
  }
}

let storage: ReturnType<typeof createStorage> | undefined
let notices: ReturnType<typeof createNoticeCookie> | undefined

function createStorage() {
  const cookie = createCookie('__session', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    secrets: [sessionSecret()],
    maxAge: SESSION_DAYS * 24 * 3600,
  })
  return createSessionStorage({
    cookie,
    async createData(data, expires) {
      const id = crypto.randomBytes(24).toString('base64url')
      getDb()
        .insert(authSessions)
        .values({
          id,
          data,
          personId: typeof data.personId === 'number' ? data.personId : null,
          expiresAt: expires ?? new Date(Date.now() + SESSION_DAYS * 86400_000),
        })
        .run()
      return id
    },
    async readData(id) {
      const row = getDb().select().from(authSessions).where(eq(authSessions.id, id)).get()
      // An expired row is ignored here and deleted by the worker's housekeeping: reading a page never writes.
      if (!row || row.expiresAt.getTime() < Date.now()) return null
      return row.data
    },
    async updateData(id, data, expires) {
      getDb()
        .update(authSessions)
        .set({
          data,
          personId: typeof data.personId === 'number' ? data.personId : null,
          expiresAt: expires ?? new Date(Date.now() + SESSION_DAYS * 86400_000),
        })
        .where(eq(authSessions.id, id))
        .run()
    },
    async deleteData(id) {
      getDb().delete(authSessions).where(eq(authSessions.id, id)).run()
    },
  })
}

function createNoticeCookie() {
  return createCookie('notice', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    secrets: [sessionSecret()],
    maxAge: 120,
  })
}

export function sessionStorage() {
  storage ??= createStorage()
  return storage
}

function noticeCookie() {
  notices ??= createNoticeCookie()
  return notices
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get('Cookie'))
}

export async function commitSession(session: Awaited<ReturnType<typeof getSession>>) {
  return sessionStorage().commitSession(session)
}

export async function destroySession(session: Awaited<ReturnType<typeof getSession>>) {
  return sessionStorage().destroySession(session)
}

/**
 * A new session for `personId`: the request's old session row (if any) is deleted and
 * a fresh id is issued. Anonymous data of the old session (e.g. an open survey in
 * progress) is carried over. Returns the Set-Cookie value.
 */
export async function startSession(request: Request, personId: number): Promise<string> {
  const old = await getSession(request)
  const fresh = await sessionStorage().getSession()
  for (const [key, value] of Object.entries(old.data)) {
    if (key !== 'personId' && !key.startsWith('__flash')) fresh.set(key, value)
  }
  if (old.id) await sessionStorage().destroySession(old)
  fresh.set('personId', personId)
  return commitSession(fresh)
}

/** Message keys shown once on the next page ("Signed in", "Profile saved"). */
export type NoticeKey = string

/** Set-Cookie for a notice to show on the next page. */
export function noticeSetCookie(notice: NoticeKey): Promise<string> {
  return noticeCookie().serialize(notice)
}

/** The pending notice, and the Set-Cookie that clears it (a cookie, never a database write). */
export async function takeNotice(request: Request): Promise<{ notice: NoticeKey | null; clear: string | null }> {
  const value = (await noticeCookie().parse(request.headers.get('Cookie'))) as unknown
  if (typeof value !== 'string' || !value) return { notice: null, clear: null }
  return { notice: value, clear: await noticeCookie().serialize('', { maxAge: 0 }) }
}

/**
 * A 303 to `to` that shows `notice` there. With `personId` a number, the person is
 * signed in on a new session; with `null`, the session ends.
 */
export async function redirectWithNotice(
  request: Request,
  to: string,
  notice: NoticeKey,
  init: { personId?: number | null; headers?: HeadersInit } = {},
) {
  const headers = new Headers(init.headers)
  headers.set('Location', to)
  if (typeof init.personId === 'number') headers.append('Set-Cookie', await startSession(request, init.personId))
  else if (init.personId === null) headers.append('Set-Cookie', await destroySession(await getSession(request)))
  headers.append('Set-Cookie', await noticeSetCookie(notice))
  return new Response(null, { status: 303, headers })
}
