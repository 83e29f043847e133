import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import { outbox } from '#db/schema'
import { renderWelcome } from '#emails/welcome'
import { DISPATCH, dispatchOutbox, enqueueMail, getOutboxMessage, listOutbox } from '~/services/outbox.server'

import { freshDb } from './helpers/db'
import { startSmtp } from './helpers/smtp'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: DB

beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp.close())
beforeEach(() => {
  db = freshDb()
  smtp.messages.length = 0
  smtp.setBehaviour({})
})

function welcome(key: string, to: string, language: 'en' | 'fr' | 'es' = 'en') {
  return enqueueMail(db, {
    uniqueKey: key,
    kind: 'welcome',
    to,
    language,
    message: renderWelcome(language, { name: 'Aïcha <Diallo>', link: 'http://app.test/webinars' }),
  })
}

describe('outbox and dispatcher with a real SMTP server', () => {
  it('delivers a message with HTML and text parts in the recipient’s language, once per key', async () => {
    expect(welcome('welcome:1', 'aicha@example.net', 'fr')).toBe(true)
    expect(welcome('welcome:1', 'aicha@example.net', 'fr')).toBe(false) // same logical message
    const transport = smtp.transport()
    const result = await dispatchOutbox(db, transport)
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0 })
    expect(smtp.messages).toHaveLength(1)
    const mail = smtp.messages[0]
    expect(mail.subject).toBe('Bienvenue dans le programme At-Large')
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('aicha@example.net')
    expect(mail.html).toContain('<html lang="fr">')
    expect(mail.html).toContain('Aïcha &lt;Diallo&gt;') // user-written text is escaped
    expect(mail.text).toContain('Bonjour Aïcha <Diallo>,')
    const row = db.select().from(outbox).get()!
    expect(row.status).toBe('sent')
    expect(mail.messageId).toBe(row.messageId)
    // A second run sends nothing more.
    expect(await dispatchOutbox(db, transport)).toEqual({ sent: 0, retried: 0, failed: 0 })
    expect(smtp.messages).toHaveLength(1)
    transport.close()
  })

  it('retries a temporary failure (451) with backoff, then delivers', async () => {
    welcome('welcome:2', 'later@example.net')
    smtp.setBehaviour({ reject: () => ({ code: 451, message: 'Try again later' }) })
    let clock = new Date('2030-01-01T00:00:00Z')
    const transport = smtp.transport()
    expect(await dispatchOutbox(db, transport, { now: () => clock })).toEqual({ sent: 0, retried: 1, failed: 0 })
    let row = db.select().from(outbox).get()!
    expect(row.status).toBe('pending')
    expect(row.attempts).toBe(1)
    expect(row.lastError).toContain('451')
    expect(row.nextAttemptAt.getTime()).toBe(clock.getTime() + DISPATCH.backoffMs(1))

    // Not due yet: nothing is tried.
    smtp.setBehaviour({})
    expect(await dispatchOutbox(db, transport, { now: () => clock })).toEqual({ sent: 0, retried: 0, failed: 0 })
    clock = new Date(clock.getTime() + DISPATCH.backoffMs(1))
    expect(await dispatchOutbox(db, transport, { now: () => clock })).toEqual({ sent: 1, retried: 0, failed: 0 })
    row = db.select().from(outbox).get()!
    expect(row.status).toBe('sent')
    expect(row.attempts).toBe(2)
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Welcome to the At-Large programme'])
    transport.close()
  })

  it('marks a permanent failure (550) failed and does not retry it, while others go through', async () => {
    welcome('welcome:3', 'nobody@example.net')
    welcome('welcome:4', 'somebody@example.net', 'es')
    smtp.setBehaviour({
      reject: (rcpt) => (rcpt.startsWith('nobody') ? { code: 550, message: 'No such user' } : undefined),
    })
    const transport = smtp.transport()
    const far = () => new Date('2099-01-01T00:00:00Z')
    expect(await dispatchOutbox(db, transport)).toEqual({ sent: 1, retried: 0, failed: 1 })
    expect(await dispatchOutbox(db, transport, { now: far })).toEqual({ sent: 0, retried: 0, failed: 0 })
    const failed = db.select().from(outbox).where(eq(outbox.toAddress, 'nobody@example.net')).get()!
    expect(failed.status).toBe('failed')
    expect(failed.lastError).toContain('550')
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Bienvenido/a al programa At-Large'])
    transport.close()
  })

  it('picks up a message left in `sending` by a crashed dispatcher once its lock expires', async () => {
    welcome('welcome:5', 'crash@example.net')
    const t0 = new Date('2030-01-01T00:00:00Z')
    db.update(outbox)
      .set({ status: 'sending', lockedUntil: new Date(t0.getTime() + DISPATCH.lockMs) })
      .run()
    const transport = smtp.transport()
    expect(await dispatchOutbox(db, transport, { now: () => t0 })).toEqual({ sent: 0, retried: 0, failed: 0 })
    expect(await dispatchOutbox(db, transport, { now: () => new Date(t0.getTime() + DISPATCH.lockMs) })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    })
    expect(smtp.messages).toHaveLength(1)
    transport.close()
  })

  it('sets an unreadable row aside with the reason and sends the others, on every later tick too', async () => {
    welcome('welcome:6', 'first@example.net')
    welcome('welcome:7', 'broken@example.net')
    welcome('welcome:8', 'attached@example.net')
    welcome('welcome:9', 'last@example.net')
    db.$client.prepare("update outbox set headers = '{not json' where unique_key = 'welcome:7'").run()
    db.$client.prepare(`update outbox set attachments = '[{"filename":1}]' where unique_key = 'welcome:8'`).run()
    const transport = smtp.transport()
    expect(await dispatchOutbox(db, transport)).toEqual({ sent: 2, retried: 0, failed: 2 })
    expect(smtp.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
      'first@example.net',
      'last@example.net',
    ])
    const rows = listOutbox(db, { status: 'failed' })
    expect(rows.map((r) => [r.toAddress, r.lastError])).toEqual(
      expect.arrayContaining([
        ['broken@example.net', 'Not sent: the headers column is not valid JSON.'],
        ['attached@example.net', 'Not sent: the attachments column is not a list of files.'],
      ]),
    )
    // The staff page of the set-aside message still opens.
    expect(getOutboxMessage(db, rows[0].id)?.toAddress).toMatch(/@example.net$/)
    // A mail queued afterwards goes out at once: nothing is stuck behind the bad rows.
    welcome('welcome:10', 'after@example.net')
    expect(await dispatchOutbox(db, transport)).toEqual({ sent: 1, retried: 0, failed: 0 })
    transport.close()
  })

  it('refuses header injection through the subject or address', () => {
    expect(() =>
      enqueueMail(db, {
        uniqueKey: 'x',
        kind: 'x',
        to: 'a@example.net\r\nBcc: victim@example.net',
        language: 'en',
        message: { subject: 's', html: '', text: '' },
      }),
    ).toThrow(/CR\/LF/)
  })
})
