import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { eq } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { NEWSLETTER } from '#db/seed-data'
import * as hook from '~/routes/hooks.mail-events'
import {
  newsletterMailEventCounts,
  parseReport,
  parseReturnPath,
  personMailEvents,
  receiveReport,
  recordMailEvent,
  resumeMail,
  returnPath,
  verpToken,
} from '~/services/mail-events.server'
import { audienceCounts, saveAudience } from '~/services/newsletters/audiences.server'
import { dispatchNewsletters } from '~/services/newsletters/dispatch.server'
import { saveNewsletter, startSending } from '~/services/newsletters/newsletter.server'
import { createPerson } from '~/services/people.server'
import { searchDirectory } from '~/services/people/directory.server'

import { startBounceListener } from '../server/bounce-listener'
import { seededDb } from './helpers/db'
import { startSmtp } from './helpers/smtp'

const DOMAIN = 'bounces.example.org'
let db: DB
let smtp: Awaited<ReturnType<typeof startSmtp>>
let structureId: number
let staffId: number
const previousDomain = process.env.BOUNCE_DOMAIN

beforeAll(async () => {
  process.env.BOUNCE_DOMAIN = DOMAIN
  smtp = await startSmtp()
  db = await seededDb({ participants: 5 })
  staffId = db.select().from(s.people).where(eq(s.people.email, 'staff@example.org')).get()!.id
  structureId = db
    .insert(s.structures)
    .values({ name: 'Bounce readers', regionCode: 'NARALO', country: 'CA' })
    .returning()
    .get().id
})
afterAll(async () => {
  if (previousDomain === undefined) delete process.env.BOUNCE_DOMAIN
  else process.env.BOUNCE_DOMAIN = previousDomain
  await smtp.close()
})

/** A fixture with our return path and the reader's address put in. */
function fixture(name: string, returnTo: string, recipient: string, n = 0) {
  const text = fs
    .readFileSync(path.join(import.meta.dirname, 'fixtures', 'bounces', name), 'utf8')
    .replaceAll('{{RETURN_PATH}}', returnTo)
    .replaceAll('{{RECIPIENT}}', recipient)
    .replaceAll('{{N}}', String(n))
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'))
}

/** Sends one newsletter to new readers; returns each reader's delivery id and return path as sent. */
async function newsletterTo(emails: string[], slug: string) {
  for (const email of emails) {
    createPerson(db, {
      email,
      name: email,
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'America/Toronto',
      structureId,
      regionCode: 'NARALO',
    })
  }
  const audienceId = saveAudience(db, { name: slug, criteria: { structureIds: [structureId] } }, { actorId: staffId })
  const saved = saveNewsletter(
    db,
    {
      id: null,
      newsletter: {
        slug,
        audienceId,
        versions: {
          en: { subject: NEWSLETTER.en.subject, preheader: '', bodyMarkdown: NEWSLETTER.en.body, complete: true },
        },
      },
    },
    { actorId: staffId },
  )
  if (!saved.ok) throw new Error(saved.error)
  startSending(db, saved.id, staffId)
  const before = smtp.messages.length
  await dispatchNewsletters(db, smtp.transport(), { baseUrl: 'https://app.test', ratePerSecond: 0 })
  const sent = smtp.messages
    .slice(before)
    .map((m, i) => ({ to: m.to && 'text' in m.to ? m.to.text : '', from: smtp.senders[before + i] }))
  return Object.fromEntries(
    emails.map((email) => {
      const person = db.select().from(s.people).where(eq(s.people.email, email)).get()!
      const delivery = db.select().from(s.deliveries).where(eq(s.deliveries.personId, person.id)).get()!
      return [email, { personId: person.id, deliveryId: delivery.id, sender: sent.find((x) => x.to === email)!.from }]
    }),
  )
}

const person = (id: number) => db.select().from(s.people).where(eq(s.people.id, id)).get()!

describe('reports from receiving servers', () => {
  it('reads Postfix, Exim and Exchange failures as hard bounces, a Gmail delay as soft, an ARF report as a complaint', async () => {
    const rp = 'bounces+n1-0123456789abcdef@bounces.example.org'
    const read = (name: string) => parseReport(fixture(name, rp, 'reader@example.com'))
    expect(await read('postfix-hard.eml')).toEqual([
      {
        kind: 'hard_bounce',
        status: '5.1.1',
        detail:
          'smtp; 550 5.1.1 <reader@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
        recipient: 'reader@example.com',
      },
    ])
    expect(await read('exim-hard.eml')).toMatchObject([
      { kind: 'hard_bounce', status: '5.0.0', detail: 'smtp; 550 5.1.1 No such user', recipient: 'reader@example.com' },
    ])
    expect(await read('exchange-hard.eml')).toMatchObject([
      { kind: 'hard_bounce', status: '5.1.10', recipient: 'reader@example.com' },
    ])
    expect(await read('gmail-delayed.eml')).toMatchObject([{ kind: 'soft_bounce', status: '4.4.1' }])
    expect(await read('arf-complaint.eml')).toEqual([
      { kind: 'complaint', status: 'abuse', detail: 'ExampleFBL/1.0', recipient: '<reader@example.com>' },
    ])
    expect(await read('auto-reply.eml')).toEqual([])
    expect(await parseReport(Buffer.from('\u0000\u0001garbage'))).toEqual([])
  })

  it('gives every delivery its own signed return path, without the address in it', async () => {
    const sent = await newsletterTo(['verp.one@example.com', 'verp.two@example.com'], 'verp')
    for (const [email, d] of Object.entries(sent)) {
      expect(d.sender).toBe(`bounces+${verpToken({ type: 'delivery', id: d.deliveryId })}@${DOMAIN}`)
      expect(d.sender).not.toContain(email.split('@')[0])
      expect(parseReturnPath(d.sender)).toEqual({ type: 'delivery', id: d.deliveryId })
    }
    // Another id with the same signature, or another domain, is not ours.
    const forged = sent['verp.one@example.com'].sender.replace(/n(\d+)-/, (_, id) => `n${Number(id) + 1}-`)
    expect(parseReturnPath(forged)).toBeNull()
    expect(parseReturnPath(sent['verp.one@example.com'].sender.replace(DOMAIN, 'evil.example'))).toBeNull()
    expect(returnPath({ type: 'outbox', id: 7 }, null)).toBeNull()
  })

  it('marks a hard bounce at once, holds after three soft bounces in 30 days, unsubscribes on a complaint, counts a report once', async () => {
    const sent = await newsletterTo(
      ['hard@example.com', 'soft@example.com', 'spread@example.com', 'angry@example.com'],
      'rules',
    )
    const report = (email: string, name: string, n = 0) =>
      receiveReport(db, { rcptTo: sent[email].sender, raw: fixture(name, sent[email].sender, email, n) })

    expect(await report('hard@example.com', 'postfix-hard.eml')).toBe(1)
    expect(await report('hard@example.com', 'postfix-hard.eml')).toBe(0) // the same report again
    expect(person(sent['hard@example.com'].personId).emailBouncedAt).not.toBeNull()
    const events = db
      .select()
      .from(s.mailEvents)
      .where(eq(s.mailEvents.personId, sent['hard@example.com'].personId))
      .all()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      kind: 'hard_bounce',
      status: '5.1.1',
      deliveryId: sent['hard@example.com'].deliveryId,
    })

    for (const n of [1, 2]) await report('soft@example.com', 'gmail-delayed.eml', n)
    expect(person(sent['soft@example.com'].personId).emailHeldAt).toBeNull()
    await report('soft@example.com', 'gmail-delayed.eml', 3)
    expect(person(sent['soft@example.com'].personId).emailHeldAt).not.toBeNull()
    expect(person(sent['soft@example.com'].personId).emailBouncedAt).toBeNull()

    // Three soft bounces spread over more than 30 days do not hold the address.
    const ref = { type: 'delivery' as const, id: sent['spread@example.com'].deliveryId }
    const soft = { kind: 'soft_bounce' as const, status: '4.4.1', detail: null, recipient: null }
    for (const [i, day] of ['2026-01-01', '2026-01-25', '2026-02-26'].entries()) {
      recordMailEvent(db, {
        ref,
        event: soft,
        eventKey: `spread-${i}`,
        source: 'smtp',
        now: new Date(`${day}T12:00:00Z`),
      })
    }
    expect(person(sent['spread@example.com'].personId).emailHeldAt).toBeNull()

    expect(await report('angry@example.com', 'arf-complaint.eml')).toBe(1)
    expect(person(sent['angry@example.com'].personId).newsletterOptOutAt).not.toBeNull()
    // The next audience count leaves out the bounced, held and complaining readers.
    expect(audienceCounts(db, { structureIds: [structureId] })).toMatchObject({ recipients: 3 })
    // Staff see the reports on the person and lift the hold; the newsletter counts them.
    const reported = personMailEvents(db, sent['soft@example.com'].personId)
    expect(reported.heldAt).not.toBeNull()
    // The directory shows the held address as not reached, not as "Active".
    const held = searchDirectory(db, { filters: { q: 'soft@example.com' } }).rows.find(
      (r) => r.email === 'soft@example.com',
    )!
    expect(held.state).toBe('bounced')
    expect(searchDirectory(db, { filters: { state: 'bounced' } }).rows.map((r) => r.email)).toContain(
      'soft@example.com',
    )
    expect(reported.events.map((e) => e.kind)).toEqual(['soft_bounce', 'soft_bounce', 'soft_bounce'])
    expect(resumeMail(db, sent['soft@example.com'].personId, { actorId: staffId })).toBe(true)
    expect(person(sent['soft@example.com'].personId).emailHeldAt).toBeNull()
    expect(resumeMail(db, sent['soft@example.com'].personId, { actorId: staffId })).toBe(false)
    const newsletterId = db
      .select()
      .from(s.deliveries)
      .where(eq(s.deliveries.id, sent['hard@example.com'].deliveryId))
      .get()!.newsletterId
    expect(newsletterMailEventCounts(db, newsletterId)).toEqual({ hard_bounce: 1, soft_bounce: 6, complaint: 1 })
  })
})

describe('the inbound listener', () => {
  it('accepts reports for our return paths only, records them, and keeps running after garbage', async () => {
    const sent = await newsletterTo(['listened@example.com'], 'listener')
    const errors: string[] = []
    const listener = await startBounceListener(db, {
      port: 0,
      host: '127.0.0.1',
      domain: DOMAIN,
      log: (l) => errors.push(l),
    })
    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
    })
    const send = (to: string, raw: Buffer) => client.sendMail({ envelope: { from: '', to: [to] }, raw })
    try {
      const rp = sent['listened@example.com'].sender
      await expect(send('postmaster@bounces.example.org', Buffer.from('Subject: hi\r\n\r\nhi'))).rejects.toMatchObject({
        responseCode: 550,
      })
      await expect(send(rp.replace(/-[0-9a-f]{16}@/, '-0000000000000000@'), Buffer.from('x'))).rejects.toMatchObject({
        responseCode: 550,
      })
      await send(rp, Buffer.from('\u0000garbage that is not a report'))
      await send(rp, fixture('exchange-hard.eml', rp, 'listened@example.com'))
      expect(person(sent['listened@example.com'].personId).emailBouncedAt).not.toBeNull()
      expect(errors.some((e) => e.includes('said nothing we record'))).toBe(true)
    } finally {
      client.close()
      await listener.close()
    }
  })
})

describe('the mail-events webhook', () => {
  const SECRET = 'test-webhook-secret'
  const call = (
    body: string,
    {
      timestamp = Math.floor(Date.now() / 1000),
      secret = SECRET,
      signature,
    }: { timestamp?: number; secret?: string; signature?: string } = {},
  ) => {
    const sig =
      signature ?? `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
    const request = new Request('http://app.test/hooks/mail-events', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Mail-Webhook-Timestamp': String(timestamp),
        'X-Mail-Webhook-Signature': sig,
      },
      body,
    })
    return hook.action({ request, params: {}, context: {} }) as Promise<Response>
  }

  it('records signed events once, and refuses unsigned, stale, forged and malformed calls', async () => {
    const sent = await newsletterTo(['hooked@example.com'], 'webhook')
    const body = JSON.stringify({
      events: [{ id: 'evt-1', type: 'complaint', returnPath: sent['hooked@example.com'].sender, status: 'abuse' }],
    })
    delete process.env.MAIL_WEBHOOK_SECRET
    expect((await call(body)).status).toBe(404) // off without a secret
    process.env.MAIL_WEBHOOK_SECRET = SECRET
    try {
      expect((await call(body, { signature: 'sha256=00' })).status).toBe(401)
      expect((await call(body, { secret: 'another secret' })).status).toBe(401)
      expect((await call(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401)
      expect((await call('{"events": "nope"}')).status).toBe(400)
      expect((await call('not json')).status).toBe(400)
      expect(person(sent['hooked@example.com'].personId).newsletterOptOutAt).toBeNull()

      const ok = await call(body)
      expect(ok.status).toBe(200)
      expect(await ok.json()).toEqual({ recorded: 1, ignored: 0 })
      expect(person(sent['hooked@example.com'].personId).newsletterOptOutAt).not.toBeNull()
      // The same call again (a replay inside the window) records nothing more.
      expect(await (await call(body)).json()).toEqual({ recorded: 0, ignored: 1 })
      const events = db.select().from(s.mailEvents).where(eq(s.mailEvents.source, 'webhook')).all()
      expect(events).toHaveLength(1)
      // An event for an address that is not one of our return paths is ignored.
      const stranger = JSON.stringify({
        events: [{ id: 'evt-2', type: 'hard_bounce', returnPath: 'someone@example.com' }],
      })
      expect(await (await call(stranger)).json()).toEqual({ recorded: 0, ignored: 1 })
    } finally {
      delete process.env.MAIL_WEBHOOK_SECRET
    }
  })
})
