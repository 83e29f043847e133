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
    enqueueMail(db, {
      uniqueKey: 'w1',
      kind: 'welcome',
      to: 'w@example.net',
      language: 'es',
      message: renderWelcome('es', { name: 'Ana', link: 'http://app.test' }),
    })
    for (let i = 0; i < 300 && smtp.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    await worker.stop()
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Bienvenido/a al programa At-Large'])
  })

  it('leaves mail in the outbox when no SMTP server is configured', () => {
    expect(createTransportFromEnv({})).toBeNull()
  })
})

describe('housekeeping', () => {
  it('deletes expired sign-in sessions, spent or stale reset tokens and sign-in links, old sign-in attempts and forgotten uploads, and nothing else', async () => {
    const { pruneExpired } = await import('~/services/housekeeping.server')
    const { authAttempts, people, passwordResetTokens, authSessions, importUploads, emailTokens } =
      await import('#db/schema')
    const db = freshDb()
    const now = new Date('2030-06-01T00:00:00Z')
    const personId = db.insert(people).values({ email: 'h@example.net', name: 'H' }).returning().get().id
    const later = new Date(now.getTime() + 3600_000)
    const past = new Date(now.getTime() - 2 * 86400_000)
    db.insert(authSessions)
      .values([
        { id: 'live', personId, data: {}, expiresAt: later },
        { id: 'dead', personId, data: {}, expiresAt: past },
      ])
      .run()
    db.insert(passwordResetTokens)
      .values([
        { personId, tokenHash: 'fresh', expiresAt: later },
        { personId, tokenHash: 'spent', expiresAt: later, usedAt: now },
        { personId, tokenHash: 'stale', expiresAt: past },
      ])
      .run()
    const link = { email: 'h@example.net', personId, purpose: 'signin' as const }
    db.insert(emailTokens)
      .values([
        { ...link, tokenHash: 'link-fresh', expiresAt: later },
        { ...link, tokenHash: 'link-spent', expiresAt: later, usedAt: now },
        { ...link, tokenHash: 'link-stale', expiresAt: past },
        { ...link, purpose: 'signup', tokenHash: 'signup-spent', expiresAt: later, usedAt: now },
      ])
      .run()
    db.insert(authAttempts)
      .values([
        { scope: 'login:ip', key: 'x', at: now },
        { scope: 'login:ip', key: 'x', at: past },
      ])
      .run()
    const content = Buffer.from('Email\na@b.org\n')
    db.insert(importUploads)
      .values([
        { id: 'today', createdById: personId, filename: 'a.csv', content, createdAt: now },
        { id: 'left', createdById: personId, filename: 'b.csv', content, createdAt: past },
      ])
      .run()
    expect(pruneExpired(db, now)).toEqual({
      authAttempts: 1,
      authSessions: 1,
      resetTokens: 2,
      signInLinks: 2,
      importUploads: 1,
    })
    expect(db.select({ h: emailTokens.tokenHash }).from(emailTokens).all()).toEqual([
      { h: 'link-fresh' },
      { h: 'signup-spent' },
    ])
    expect(db.select({ id: importUploads.id }).from(importUploads).all()).toEqual([{ id: 'today' }])
    expect(db.select({ id: authSessions.id }).from(authSessions).all()).toEqual([{ id: 'live' }])
    expect(db.select({ h: passwordResetTokens.tokenHash }).from(passwordResetTokens).all()).toEqual([{ h: 'fresh' }])
  })
})
