import { and, eq, gt } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import { authSessions, outbox, people } from '#db/schema'
import * as forgot from '~/routes/forgot-password'
import * as reset from '~/routes/reset-password.$token'
import { findValidResetToken, verifyLogin } from '~/services/auth.server'
import { dispatchOutbox } from '~/services/outbox.server'
import { hashPassword } from '~/services/passwords.server'
import { createPerson } from '~/services/people.server'

import { freshDb } from './helpers/db'
import { cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { startSmtp } from './helpers/smtp'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: DB

beforeAll(async () => {
  smtp = await startSmtp()
  db = freshDb()
  createPerson(db, {
    email: 'Fatou.Ndiaye@example.net',
    name: 'Fatou Ndiaye',
    passwordHash: await hashPassword('old password 123'),
    preferredLanguage: 'fr',
    timeZone: 'Africa/Dakar',
  })
})
afterAll(() => smtp.close())

/** Runs the outbox worker once as if the clock said `at`; returns the mails that reached `to` this time. */
async function deliverAt(at: Date, to: string): Promise<ParsedMail[]> {
  const before = smtp.messages.length
  const transport = smtp.transport()
  await dispatchOutbox(db, transport, { now: () => at })
  transport.close()
  return smtp.messages.slice(before).filter((m) => m.to && 'text' in m.to && m.to.text === to)
}

describe('password reset by mailed link', () => {
  let link = ''

  it('mails a French reset link to a French speaker through a real SMTP server', async () => {
    const res = await run(
      forgot.action,
      formRequest('/forgot-password', { email: 'fatou.ndiaye@EXAMPLE.net' }, { ip: '10.0.0.1' }),
    )
    expect(statusOf(res)).toBe(200)
    expect(dataOf(res)).toMatchObject({ sent: true })
    const transport = smtp.transport()
    await dispatchOutbox(db, transport)
    transport.close()
    expect(smtp.messages).toHaveLength(1)
    const mail = smtp.messages[0]
    expect(mail.subject).toBe('Choisissez un nouveau mot de passe')
    expect(mail.html).toContain('lang="fr"')
    expect(mail.text).toContain('Bonjour Fatou Ndiaye,')
    link = mail.text!.match(/http:\/\/app\.test\/reset-password\/\S+/)![0]
  })

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = db.select().from(outbox).all().length
    const res = await run(
      forgot.action,
      formRequest('/forgot-password', { email: 'nobody@example.net' }, { ip: '10.0.0.2' }),
    )
    expect(dataOf(res)).toMatchObject({ sent: true })
    expect(db.select().from(outbox).all().length).toBe(before)
  })

  it('sets the new password with the link, signs the person in and out of other authSessions, and spends the token', async () => {
    const token = link.split('/').pop()!
    const personId = db.select().from(people).get()!.id
    db.insert(authSessions)
      .values({ id: 'old-session', personId, data: { personId }, expiresAt: new Date(Date.now() + 86400_000) })
      .run()

    const page = dataOf<{ valid: boolean }>(await run(reset.loader, getRequest(`/reset-password/${token}`), { token }))
    expect(page.valid).toBe(true)

    const mismatch = await run(
      reset.action,
      formRequest(`/reset-password/${token}`, { password: 'new password 456', confirm: 'other' }),
      { token },
    )
    expect(statusOf(mismatch)).toBe(400)
    expect(dataOf(mismatch)).toEqual({ errors: { confirm: ['errors.field.passwordMismatch'] } })

    const done = (await run(
      reset.action,
      formRequest(`/reset-password/${token}`, { password: 'new password 456', confirm: 'new password 456' }),
      { token },
    )) as Response
    expect(done.status).toBe(303)
    expect(cookieFrom(done)).toContain('__session=')
    expect(db.select().from(authSessions).where(eq(authSessions.id, 'old-session')).get()).toBeUndefined()

    expect(
      (await verifyLogin(db, { email: 'fatou.ndiaye@example.net', password: 'new password 456', ip: 't' })).ok,
    ).toBe(true)
    expect(
      (await verifyLogin(db, { email: 'fatou.ndiaye@example.net', password: 'old password 123', ip: 't' })).ok,
    ).toBe(false)

    const again = await run(
      reset.action,
      formRequest(`/reset-password/${token}`, { password: 'third password 789', confirm: 'third password 789' }),
      { token },
    )
    expect(statusOf(again)).toBe(400)
    expect(
      dataOf<{ valid: boolean }>(await run(reset.loader, getRequest(`/reset-password/${token}`), { token })).valid,
    ).toBe(false)
  })

  it('answers the same however often an address was asked for, and the owner’s request after a stranger’s burst is the one mailed', async () => {
    const email = 'amadou.diallo@example.net'
    createPerson(db, {
      email,
      name: 'Amadou Diallo',
      passwordHash: await hashPassword('old password 123'),
      preferredLanguage: 'fr',
      timeZone: 'Africa/Bamako',
    })
    const ask = (ip: string) => run(forgot.action, formRequest('/forgot-password', { email }, { ip }))
    const first = await ask('10.1.0.1')
    const start = Date.now()
    const [earlier] = await deliverAt(new Date(start), email)
    // A stranger asks eight times, from eight addresses.
    const burst = []
    for (let i = 0; i < 8; i++) burst.push(await ask(`10.2.0.${i}`))
    const held = () =>
      db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.toAddress, email), gt(outbox.nextAttemptAt, new Date(start + 60_000))))
        .all()
    const owner = await ask('10.3.0.1')
    for (const answer of [...burst, owner]) {
      expect(statusOf(answer)).toBe(statusOf(first))
      expect(dataOf(answer)).toEqual(dataOf(first))
    }
    // The address got 3 mails this hour; the owner's request waits, alone (the stranger's waiting ones were dropped).
    expect(await deliverAt(new Date(start + 1000), email)).toHaveLength(2)
    const waiting = held()
    expect(waiting).toHaveLength(1)
    const ownersMessageId = db.select().from(outbox).where(eq(outbox.id, waiting[0].id)).get()!.messageId
    expect(await deliverAt(new Date(start + 30 * 60_000), email)).toHaveLength(0)
    const [later] = await deliverAt(new Date(start + 61 * 60_000), email)
    expect(later.messageId).toBe(ownersMessageId)
    expect(later.subject).toBe('Choisissez un nouveau mot de passe')
    // Its link works for an hour once sent; so does the link mailed before the burst.
    const tokenOf = (mail: ParsedMail) => mail.text!.match(/\/reset-password\/(\S+)/)![1]
    expect(findValidResetToken(db, tokenOf(later), new Date(start + 61 * 60_000 + 50 * 60_000))).toBeDefined()
    expect(
      dataOf<{ valid: boolean }>(
        await run(reset.loader, getRequest(`/reset-password/${tokenOf(earlier)}`), { token: tokenOf(earlier) }),
      ).valid,
    ).toBe(true)
  })

  it('limits reset requests per requester', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      statuses.push(
        statusOf(
          await run(forgot.action, formRequest('/forgot-password', { email: `x${i}@example.net` }, { ip: '10.9.0.1' })),
        ),
      )
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
  })
})
