/** Sessions stored in SQLite; the cookie holds only a signed random id. */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createCookie, createSessionStorage } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { databasePath, getDb } from '#db/client'
import { sessions } from '#db/schema'

const SESSION_DAYS = 30

/** SESSION_SECRET, else a random secret generated once and kept beside the database (also keys survey invitation links). */
export function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET
  const file = path.join(path.dirname(path.resolve(databasePath())), 'session-secret')
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

function createStorage() {
  const cookie = createCookie('__session', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production' && process.env.INSECURE_COOKIES !== '1',
    secrets: [sessionSecret()],
    maxAge: SESSION_DAYS * 24 * 3600,
  })
  return createSessionStorage({
    cookie,
    async createData(data, expires) {
      const id = crypto.randomBytes(24).toString('base64url')
      getDb()
        .insert(sessions)
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
      const row = getDb().select().from(sessions).where(eq(sessions.id, id)).get()
      if (!row) return null
      if (row.expiresAt.getTime() < Date.now()) {
        getDb().delete(sessions).where(eq(sessions.id, id)).run()
        return null
      }
      return row.data
    },
    async updateData(id, data, expires) {
      getDb()
        .update(sessions)
        .set({
          data,
          personId: typeof data.personId === 'number' ? data.personId : null,
          expiresAt: expires ?? new Date(Date.now() + SESSION_DAYS * 86400_000),
        })
        .where(eq(sessions.id, id))
        .run()
    },
    async deleteData(id) {
      getDb().delete(sessions).where(eq(sessions.id, id)).run()
    },
  })
}

export function sessionStorage() {
  storage ??= createStorage()
  return storage
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

/** Message keys shown once on the next page ("Signed in", "Profile saved"). */
export type NoticeKey = string

export async function redirectWithNotice(request: Request, to: string, notice: NoticeKey, init: { personId?: number | null } = {}) {
  const session = await getSession(request)
  if (init.personId !== undefined) {
    if (init.personId === null) session.unset('personId')
    else session.set('personId', init.personId)
  }
  session.flash('notice', notice)
  return new Response(null, { status: 303, headers: { Location: to, 'Set-Cookie': await commitSession(session) } })
}
