import { generateKeyPairSync } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { dkimVerify } from 'mailauth/lib/dkim/verify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import { createTransportFromEnv } from '#emails/transport.server'
import { readConfig } from '~/config.server'
import { dispatchNewsletters } from '~/services/newsletters/dispatch.server'
import { dispatchOutbox, enqueueMail } from '~/services/outbox.server'

import { seededDb } from './helpers/db'
import { queueNewsletterTo } from './helpers/newsletter'
import { startSmtp } from './helpers/smtp'

// A key made for this test, and a resolver that answers for its selector only: mailauth
// checks the signature as a receiving server would, without the network.
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'der' },
})
const dkim = { domainName: 'example.org', keySelector: 'atlarge1', privateKey }
const resolver = async (name: string, type: string) => {
  if (type === 'TXT' && name === 'atlarge1._domainkey.example.org')
    return [[`v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`]]
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' })
}

/** The verifier's verdict and the headers its one signature covers (lower case). */
async function verify(raw: Buffer) {
  const result = await dkimVerify(raw, { resolver })
  const signature = result.results[0]
  const header = raw.toString('utf8').match(/^DKIM-Signature:[\s\S]*?\r\n(?=\S)/m)?.[0] ?? ''
  const signed = (header.replace(/\r\n\s+/g, '').match(/\bh=([^;]+)/)?.[1] ?? '').toLowerCase().split(':')
  return { result: signature?.status.result, domain: signature?.signingDomain, signed, count: result.results.length }
}

let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: DB

beforeAll(async () => {
  smtp = await startSmtp()
})
// Each test starts from untouched demo data.
beforeEach(async () => {
  db = await seededDb({ participants: 5 })
})
afterAll(() => smtp.close())

const newsletterTo = (emails: string[], slug: string) =>
  queueNewsletterTo(
    db,
    emails.map((email) => ({ email, language: 'fr' as const })),
    { slug, languages: ['en', 'fr'] },
  )

describe('DKIM signing', () => {
  it('signs newsletters on the pre-encoded path, covering From, Subject and both unsubscribe headers', async () => {
    const transport = createTransportFromEnv({ SMTP_URL: smtp.url, dkim })!
    newsletterTo(['signed.one@example.com', 'signed.two@example.com'], 'dkim-fast')
    const before = smtp.raw.length
    expect(await dispatchNewsletters(db, transport, { baseUrl: 'https://app.test', ratePerSecond: 0 })).toMatchObject({
      sent: 2,
    })
    const sent = smtp.raw.slice(before)
    expect(sent).toHaveLength(2)
    for (const raw of sent) {
      const v = await verify(raw)
      expect(v).toMatchObject({ result: 'pass', domain: 'example.org', count: 1 })
      expect(v.signed).toEqual(
        expect.arrayContaining(['from', 'to', 'subject', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']),
      )
    }
    // The two readers' messages differ (own address and unsubscribe link), so each has its own signature.
    const signatures = sent.map((raw) => raw.toString().match(/\bb=([^;]+)$/m)?.[1])
    expect(new Set(signatures).size).toBe(2)
    transport.close()
  })

  it('signs newsletters composed whole (the other path) and transactional mail with its invite', async () => {
    const transport = createTransportFromEnv({ SMTP_URL: smtp.url, dkim })!
    newsletterTo(['signed.three@example.com'], 'dkim-slow')
    const before = smtp.raw.length
    // A base address outside ASCII is one the pre-encoded path does not take.
    await dispatchNewsletters(db, transport, { baseUrl: 'https://atlarge.exämple.test', ratePerSecond: 0 })
    enqueueMail(db, {
      uniqueKey: 'dkim-reset',
      kind: 'password-reset',
      to: 'signed.three@example.com',
      language: 'fr',
      message: { subject: 'Réinitialiser', html: '<p>Lien</p>', text: 'Lien' },
      attachments: [
        {
          filename: 'invite.ics',
          content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
          contentType: 'text/calendar',
          method: 'REQUEST',
        },
      ],
    })
    expect(await dispatchOutbox(db, transport)).toMatchObject({ sent: 1 })
    const sent = smtp.raw.slice(before)
    expect(sent).toHaveLength(2)
    const [newsletter, reset] = await Promise.all(sent.map(verify))
    expect(newsletter).toMatchObject({ result: 'pass' })
    expect(newsletter.signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']))
    expect(reset).toMatchObject({ result: 'pass' })
    // A message changed on the way no longer passes (mailauth calls a body that does not match "neutral").
    const text = sent[1].toString()
    const at = text.lastIndexOf('Lien')
    const tampered = Buffer.from(`${text.slice(0, at)}Lein${text.slice(at + 4)}`)
    expect((await verify(tampered)).result).not.toBe('pass')
    transport.close()
  })

  it('is off without the three variables, and refuses to start with only some of them or a bad key', () => {
    expect(readConfig({}).dkim).toBeNull()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dkim-'))
    const keyFile = path.join(dir, 'key.pem')
    fs.writeFileSync(keyFile, privateKey)
    expect(
      readConfig({ DKIM_DOMAIN: 'Example.org', DKIM_SELECTOR: 'atlarge1', DKIM_PRIVATE_KEY_FILE: keyFile }).dkim,
    ).toEqual({ domainName: 'example.org', keySelector: 'atlarge1', privateKey })
    expect(() => readConfig({ DKIM_DOMAIN: 'example.org' })).toThrow(/must be set together/)
    fs.writeFileSync(keyFile, 'not a key')
    expect(() =>
      readConfig({ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'atlarge1', DKIM_PRIVATE_KEY_FILE: keyFile }),
    ).toThrow(/readable PEM private key/)
  })
})
