/**
 * Background work in the server's own process, driven by rows in SQLite:
 * queueing webinar reminders, dispatching the outbox, starting scheduled
 * newsletters and sending their deliveries, pruning expired sessions and tokens.
 */
import type { Transporter } from 'nodemailer'
import type { DB } from '#db/client'
import { dispatchOutbox } from './outbox.server'
import { pruneExpired } from './housekeeping.server'
import { queueDueReminders } from './reminders.server'
import { dispatchNewsletters } from './newsletter-dispatch.server'
import { startDueNewsletters } from './newsletters.server'

export type Worker = { stop: () => Promise<void>; tick: () => Promise<void> }

export function startWorker(db: DB, transport: Transporter | null, { intervalMs = 2000, baseUrl = 'http://localhost:3000' } = {}): Worker {
  let running: Promise<void> | null = null
  // A newsletter can take minutes to send: it runs beside the ticks, so transactional mail
  // (confirmations, password resets) keeps going out every tick meanwhile.
  let sendingNewsletters: Promise<void> | null = null
  let stopped = false
  let ticks = 0
  const tick = async () => {
    if (running || stopped) return running ?? undefined
    running = (async () => {
      try {
        if (ticks % 15 === 0) queueDueReminders(db, baseUrl) // about every 30 s
        if (transport) await dispatchOutbox(db, transport)
        startDueNewsletters(db)
        if (transport && !sendingNewsletters) {
          sendingNewsletters = dispatchNewsletters(db, transport, { baseUrl })
            .then(() => undefined)
            .catch((error) => console.error('[worker] newsletters', error))
            .finally(() => (sendingNewsletters = null))
        }
        if (ticks % 1800 === 0) pruneExpired(db) // at start, then about hourly
      } catch (error) {
        console.error('[worker]', error)
      } finally {
        ticks++
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
      if (sendingNewsletters) await sendingNewsletters
      transport?.close()
    },
  }
}
