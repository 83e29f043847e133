/**
 * Background work in the server's own process, driven by rows in SQLite:
 * dispatching the outbox and pruning expired sessions and tokens; reminders
 * and survey closing join later.
 */
import type { Transporter } from 'nodemailer'
import type { DB } from '#db/client'
import { dispatchOutbox } from './outbox.server'
import { pruneExpired } from './housekeeping.server'

export type Worker = { stop: () => Promise<void>; tick: () => Promise<void> }

export function startWorker(db: DB, transport: Transporter | null, { intervalMs = 2000 } = {}): Worker {
  let running: Promise<void> | null = null
  let stopped = false
  let ticks = 0
  const tick = async () => {
    if (running || stopped) return running ?? undefined
    running = (async () => {
      try {
        if (transport) await dispatchOutbox(db, transport)
        if (ticks++ % 1800 === 0) pruneExpired(db) // at start, then about hourly
      } catch (error) {
        console.error('[worker]', error)
      } finally {
        running = null
      }
    })()
    return running
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return {
    tick,
    async stop() {
      stopped = true
      clearInterval(timer)
      if (running) await running
      transport?.close()
    },
  }
}
