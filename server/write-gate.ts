/**
 * Writes wait for another process's lock without stopping the server. SQLite's own busy
 * wait is synchronous: a statement waiting for a lock held elsewhere (a backup, a restore,
 * a second server on the same file) holds the whole event loop. So before a state-changing
 * request reaches Remix, this asks for the write lock without waiting (busy_timeout 0) and,
 * while another process holds it, tries again after growing pauses (asynchronous: every
 * other request is served meanwhile). Past DB_BUSY_TIMEOUT_MS it answers 503 with
 * Retry-After and the translated "busy" page; nothing ran. Once free, the request goes on
 * at once, and its statements wait at most SYNC_BUSY_TIMEOUT_MS should another process
 * take the lock in between (then 503 as before).
 * See docs/decisions/032-trust-round-2.md.
 */
import type { NextFunction, Request, Response } from 'express'

import type { DB } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'

import { sendPlainPage } from './plain-page'

/** The longest any statement of the server holds the event loop waiting for a lock. */
export const SYNC_BUSY_TIMEOUT_MS = 50

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Whether the write lock is free right now (taken and released at once; never waits). */
export function writeLockFree(db: DB): boolean {
  const sqlite = db.$client
  if (sqlite.inTransaction) return true // this process holds it (cannot happen between requests)
  const previous = sqlite.pragma('busy_timeout', { simple: true }) as number
  sqlite.pragma('busy_timeout = 0')
  try {
    sqlite.exec('BEGIN IMMEDIATE')
    sqlite.exec('ROLLBACK')
    return true
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
    // Read-only or full: not a wait; the request meets the real error and its own 503 page.
    return !(isDatabaseUnavailable(error) && error.data.reason === 'busy')
  } finally {
    sqlite.pragma(`busy_timeout = ${previous}`)
  }
}

/** Waits (asynchronously) until the write lock is free or `budgetMs` has passed; true when free. */
export async function waitForWriteLock(db: DB, budgetMs: number): Promise<boolean> {
  const started = Date.now()
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    if (writeLockFree(db)) return true
    const left = budgetMs - (Date.now() - started)
    if (left <= 0) return false
    await sleep(Math.min(pause, left))
  }
}

export function writeGate(db: DB, { budgetMs }: { budgetMs: number }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    waitForWriteLock(db, budgetMs).then(
      (free) => {
        if (free) return next()
        res.setHeader('Retry-After', '2')
        sendPlainPage(req, res, 503, 'busy')
      },
      (error: unknown) => next(error),
    )
  }
}
