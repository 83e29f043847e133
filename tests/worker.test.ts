import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTransportFromEnv } from '#emails/transport.server'
import { renderWelcome } from '#emails/welcome'
import { enqueueMail } from '~/services/outbox.server'
import { startWorker } from '~/services/worker.server'
import { freshDb } from './helpers/db'
import { startSmtp } from './helpers/smtp'

let smtp: Awaited<ReturnType<typeof startSmtp>>
beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp.close())

describe('background worker', () => {
  it('sends queued mail through SMTP_URL without being asked', async () => {
    const db = freshDb()
    const worker = startWorker(db, createTransportFromEnv({ SMTP_URL: smtp.url }), { intervalMs: 50 })
    enqueueMail(db, { uniqueKey: 'w1', kind: 'welcome', to: 'w@example.net', language: 'es', message: renderWelcome('es', { name: 'Ana', link: 'http://app.test' }) })
    for (let i = 0; i < 100 && smtp.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    await worker.stop()
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Bienvenido/a al programa At-Large'])
  })

  it('leaves mail in the outbox when no SMTP server is configured', () => {
    expect(createTransportFromEnv({})).toBeNull()
  })
})
