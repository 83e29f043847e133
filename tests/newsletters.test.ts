import { eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { NEWSLETTER } from '#db/seed-data'
import { formatRange } from '~/lib/format'
import { audienceCounts, saveAudience } from '~/services/newsletters/audiences.server'
import { dispatchNewsletters } from '~/services/newsletters/dispatch.server'
import {
  newsletterProgress,
  saveNewsletter,
  scheduleNewsletter,
  setPaused,
  startDueNewsletters,
  startSending,
} from '~/services/newsletters/newsletter.server'
import { DISPATCH, mailDomain } from '~/services/outbox.server'
import { createPerson } from '~/services/people.server'
import { registerForEvent } from '~/services/registrations.server'

import { seededDb } from './helpers/db'
import { startSmtp } from './helpers/smtp'

const baseUrl = 'https://app.test'
let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: DB
let staffId: number
let structureId: number

beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp.close())
beforeEach(async () => {
  db = await seededDb({ participants: 20 })
  smtp.messages.length = 0
  smtp.setBehaviour({})
  staffId = db.select().from(s.people).where(eq(s.people.email, 'staff@example.org')).get()!.id
  structureId = db
    .insert(s.structures)
    .values({ name: 'Test readers ALS', regionCode: 'EURALO', country: 'FR' })
    .returning()
    .get().id
})

function reader(
  email: string,
  language: s.Language,
  timeZone: string,
  extra: Partial<Parameters<typeof createPerson>[1]> = {},
) {
  return createPerson(db, {
    email,
    name: email.split('@')[0],
    passwordHash: null,
    preferredLanguage: language,
    timeZone,
    structureId,
    regionCode: 'EURALO',
    ...extra,
  })
}

/** The seed's newsletter, written again through the service, to the test readers' structure. */
function seedIssue(slug = 'test-issue', versions: s.Language[] = ['en', 'fr', 'es']) {
  const audienceId = saveAudience(
    db,
    { name: 'Test readers', criteria: { structureIds: [structureId] } },
    { actorId: staffId },
  )
  const result = saveNewsletter(
    db,
    {
      id: null,
      newsletter: {
        slug,
        audienceId,
        versions: Object.fromEntries(
          versions.map((l) => [
            l,
            {
              subject: NEWSLETTER[l].subject,
              preheader: NEWSLETTER[l].preheader,
              bodyMarkdown: NEWSLETTER[l].body,
              complete: true,
            },
          ]),
        ),
      },
    },
    { actorId: staffId },
  )
  if (!result.ok) throw new Error(result.error)
  return result.id
}

function to(mail: ParsedMail) {
  return mail.to && 'text' in mail.to ? mail.to.text : ''
}
/** A header exactly as sent (unfolded), not as mailparser interprets it. */
function header(mail: ParsedMail, name: string) {
  const line = mail.headerLines.find((h) => h.key === name)?.line
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim()
}
/** Where a mail's links lead: a counting link (/r/…) is shown as the link it counts. */
function linkTargets(html: unknown): string[] {
  return [...String(html).matchAll(/href="([^"]+)"/g)].map((m) => {
    const href = m[1].replace(/&amp;/g, '&')
    return href.startsWith(`${baseUrl}/r/`) ? new URL(href).searchParams.get('u')! : href
  })
}
function byRecipient() {
  const map = new Map<string, ParsedMail[]>()
  for (const m of smtp.messages) map.set(to(m), [...(map.get(to(m)) ?? []), m])
  return map
}
const dispatch = (options: Partial<Parameters<typeof dispatchNewsletters>[2]> = {}) =>
  dispatchNewsletters(db, smtp.transport(), { baseUrl, ratePerSecond: 0, ...options })

function firstUpcoming() {
  return db.select().from(s.events).where(eq(s.events.slug, 'dns-abuse-for-end-users')).get()!
}

describe('sending the seed newsletter to readers in three languages and zones', () => {
  it('gives each reader their language, their zone and their own conference ID, once', async () => {
    const paris = reader('paris@example.com', 'fr', 'Europe/Paris')
    const baires = reader('baires@example.com', 'es', 'America/Argentina/Buenos_Aires')
    const sydney = reader('sydney@example.com', 'en', 'Australia/Sydney')
    const id = seedIssue()
    expect(startSending(db, id, staffId)).toEqual({ ok: true, queued: 3 })
    const result = await dispatch()
    expect(result).toMatchObject({ sent: 3, failed: 0, retried: 0 })

    const mails = byRecipient()
    expect([...mails.keys()].sort()).toEqual(['baires@example.com', 'paris@example.com', 'sydney@example.com'])
    for (const list of mails.values()) expect(list).toHaveLength(1)
    const webinar = firstUpcoming()
    const expectations = [
      {
        email: 'paris@example.com',
        language: 'fr' as const,
        zone: 'Europe/Paris',
        id: '1838',
        subject: NEWSLETTER.fr.subject,
        heading: 'Prochains webinaires',
      },
      {
        email: 'baires@example.com',
        language: 'es' as const,
        zone: 'America/Argentina/Buenos_Aires',
        id: '1738',
        subject: NEWSLETTER.es.subject,
        heading: 'Próximos seminarios web',
      },
      {
        email: 'sydney@example.com',
        language: 'en' as const,
        zone: 'Australia/Sydney',
        id: '1638',
        subject: NEWSLETTER.en.subject,
        heading: 'Upcoming webinars',
      },
    ]
    for (const e of expectations) {
      const mail = mails.get(e.email)![0]
      expect(mail.subject).toBe(e.subject)
      expect(mail.html).toContain(`<html lang="${e.language}">`)
      expect(mail.html).toContain(e.heading)
      const when = formatRange(webinar.startsAt, webinar.endsAt, e.language, e.zone)
      expect(mail.html).toContain(when)
      expect(mail.text).toContain(when)
      expect(mail.text).toContain(`${e.id}`)
      // Their own channel's conference ID, never another reader's.
      for (const other of ['1638', '1738', '1838'].filter((x) => x !== e.id)) expect(mail.text).not.toContain(other)
      // Headers for one-click unsubscribe (RFC 8058) and the list.
      const token = db.select().from(s.people).where(eq(s.people.email, e.email)).get()!.unsubscribeToken
      expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      // The link names the issue, so one click leaves the lists it was sent for.
      const newsletterId = db.select().from(s.newsletters).where(eq(s.newsletters.slug, 'test-issue')).get()!.id
      expect(header(mail, 'list-unsubscribe')).toBe(`<${baseUrl}/newsletter/unsubscribe/${token}?n=${newsletterId}>`)
      expect(header(mail, 'list-id')).toBe(`At-Large newsletter <newsletter.${mailDomain()}>`)
      expect(mail.html).toContain(`${baseUrl}/newsletter/unsubscribe/${token}`)
      expect(mail.text).toContain(`${baseUrl}/newsletter/unsubscribe/${token}`)
      // The archive link goes through the click counter, which leads there.
      expect(linkTargets(mail.html)).toContain(`${baseUrl}/newsletters/test-issue/${e.language}`)
    }
    // The recordings block lists the pre-ATLAS II recordings in the reader's language.
    const parisLinks = linkTargets(mails.get('paris@example.com')![0].html)
    expect(parisLinks.some((l) => l.startsWith('https://community.example.org/atlas-ii/webinars/'))).toBe(true)
    expect(parisLinks.some((l) => l.includes('recording-fr'))).toBe(true)

    const rows = db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, id)).all()
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent'])
    for (const row of rows) {
      const mail = smtp.messages.find((m) => m.messageId === row.messageId)
      expect(mail, `Message-ID ${row.messageId} recorded`).toBeDefined()
    }
    expect(db.select().from(s.newsletters).where(eq(s.newsletters.id, id)).get()!.status).toBe('sent')
    expect([paris, baires, sydney].every(Boolean)).toBe(true)

    // Nothing goes twice: another run, and starting again.
    expect(await dispatch()).toMatchObject({ sent: 0 })
    expect(startSending(db, id, staffId)).toEqual({ ok: false, error: 'notEditable' })
    expect(smtp.messages).toHaveLength(3)
  })

  it('uses the channel a reader registered with for that webinar', async () => {
    const baires = reader('baires@example.com', 'es', 'America/Argentina/Buenos_Aires')
    const webinar = firstUpcoming()
    const registered = registerForEvent(db, {
      eventId: webinar.id,
      personId: baires,
      channelLanguage: 'en',
      dialOutNumber: null,
      baseUrl,
    })
    expect(registered.ok).toBe(true)
    const id = seedIssue()
    startSending(db, id, staffId)
    await dispatch()
    const text = smtp.messages.find((m) => to(m) === 'baires@example.com')!.text!
    const block = text.slice(text.indexOf('Próximos seminarios web'))
    expect(block).toMatch(/Su canal de interpretación \(Inglés\): ID de conferencia 1638/)
    expect(block).toMatch(/Su canal de interpretación \(Español\): ID de conferencia 1738/) // the other webinars
  })

  it('sends English with a note in the reader’s language when their version is missing or not complete', async () => {
    reader('baires@example.com', 'es', 'America/Argentina/Buenos_Aires')
    reader('paris@example.com', 'fr', 'Europe/Paris')
    const id = seedIssue('no-spanish', ['en', 'fr'])
    startSending(db, id, staffId)
    await dispatch()
    const spanish = smtp.messages.find((m) => to(m) === 'baires@example.com')!
    expect(spanish.subject).toBe(NEWSLETTER.en.subject)
    expect(spanish.html).toContain('<html lang="en">')
    expect(spanish.html).toContain('<p lang="es"')
    expect(spanish.text).toContain(
      'Este boletín aún no está disponible en su idioma (Español), así que aquí tiene la versión en inglés.',
    )
    const french = smtp.messages.find((m) => to(m) === 'paris@example.com')!
    expect(french.subject).toBe(NEWSLETTER.fr.subject)
    expect(french.text).not.toContain('version anglaise')
  })
})

describe('audience', () => {
  it('leaves out people who unsubscribed or whose address bounced, and says how many', async () => {
    reader('a@example.com', 'en', 'UTC')
    const b = reader('b@example.com', 'en', 'UTC')
    const c = reader('c@example.com', 'fr', 'UTC')
    reader('d@example.com', 'es', 'UTC')
    db.update(s.people).set({ newsletterOptOutAt: new Date() }).where(eq(s.people.id, b)).run()
    db.update(s.people).set({ emailBouncedAt: new Date() }).where(eq(s.people.id, c)).run()
    expect(audienceCounts(db, { structureIds: [structureId] })).toEqual({
      matching: 4,
      unsubscribed: 1,
      bounced: 1,
      digest: 0,
      recipients: 2,
    })
    expect(audienceCounts(db, { structureIds: [structureId], languages: ['es'] })).toEqual({
      matching: 1,
      unsubscribed: 0,
      bounced: 0,
      digest: 0,
      recipients: 1,
    })
    // Someone without an unsubscribe link yet gets one when sending starts.
    const d = db.select().from(s.people).where(eq(s.people.email, 'd@example.com')).get()!
    db.update(s.people).set({ unsubscribeToken: null }).where(eq(s.people.id, d.id)).run()
    const id = seedIssue()
    expect(startSending(db, id, staffId)).toEqual({ ok: true, queued: 2 })
    expect(db.select().from(s.people).where(eq(s.people.id, d.id)).get()!.unsubscribeToken).toMatch(/^[0-9a-f]{32}$/)
    await dispatch()
    expect([...byRecipient().keys()].sort()).toEqual(['a@example.com', 'd@example.com'])
  })

  it('reaches the participants of an event: confirmed registrants, not cancelled ones', () => {
    const webinar = firstUpcoming()
    const x = reader('x@example.com', 'en', 'UTC')
    const y = reader('y@example.com', 'en', 'UTC')
    registerForEvent(db, { eventId: webinar.id, personId: x, channelLanguage: 'en', dialOutNumber: null, baseUrl })
    expect(audienceCounts(db, { eventIds: [webinar.id], structureIds: [structureId] }).recipients).toBe(1)
    expect(y).toBeGreaterThan(0)
  })
})

describe('delivery guarantees with a real SMTP server', () => {
  it('retries a 451 with backoff and delivers once the server recovers, each reader once', async () => {
    for (let i = 0; i < 6; i++) reader(`r${i}@example.com`, (['en', 'fr', 'es'] as const)[i % 3], 'UTC')
    const id = seedIssue()
    startSending(db, id, staffId)
    smtp.setBehaviour({ reject: () => ({ code: 451, message: 'Try again later' }) })
    let clock = Date.now()
    const now = () => new Date(clock)
    expect(await dispatch({ now })).toMatchObject({ sent: 0, retried: 6 })
    expect(newsletterProgress(db, id, now()).totals).toMatchObject({ queued: 6, sent: 0 })
    expect(await dispatch({ now })).toMatchObject({ sent: 0, retried: 0 }) // backoff: not due yet
    smtp.setBehaviour({})
    clock += DISPATCH.backoffMs(1) + 1000
    expect(await dispatch({ now })).toMatchObject({ sent: 6 })
    const counts = [...byRecipient().values()].map((l) => l.length)
    expect(counts).toEqual([1, 1, 1, 1, 1, 1])
    const rows = db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, id)).all()
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true)
  })

  it('marks a 550 as failed with the error, never retries it, and leaves the address out next time', async () => {
    for (let i = 0; i < 4; i++) reader(`ok${i}@example.com`, 'en', 'UTC')
    const bad = reader('nobody@example.com', 'en', 'UTC')
    const id = seedIssue()
    startSending(db, id, staffId)
    smtp.setBehaviour({
      reject: (rcpt) => (rcpt === 'nobody@example.com' ? { code: 550, message: 'No such user' } : undefined),
    })
    expect(await dispatch()).toMatchObject({ sent: 4, failed: 1, retried: 0 })
    const failed = db.select().from(s.deliveries).where(eq(s.deliveries.personId, bad)).get()!
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/550/)
    expect(db.select().from(s.people).where(eq(s.people.id, bad)).get()!.emailBouncedAt).not.toBeNull()
    expect(await dispatch({ now: () => new Date(Date.now() + 86400_000) })).toMatchObject({ sent: 0, failed: 0 })
    expect(db.select().from(s.newsletters).where(eq(s.newsletters.id, id)).get()!.status).toBe('sent')
    expect(audienceCounts(db, { structureIds: [structureId] })).toMatchObject({ bounced: 1, recipients: 4 })
  })

  it('sends nothing while paused and carries on after resuming', async () => {
    for (let i = 0; i < 3; i++) reader(`p${i}@example.com`, 'en', 'UTC')
    const id = seedIssue()
    startSending(db, id, staffId)
    expect(setPaused(db, { id, paused: true }, { actorId: staffId })).toBe(true)
    expect(await dispatch()).toMatchObject({ sent: 0 })
    expect(setPaused(db, { id, paused: false }, { actorId: staffId })).toBe(true)
    expect(await dispatch()).toMatchObject({ sent: 3 })
  })

  it('pauses an issue it cannot read, with the reason on its page, keeps every mail queued and sends them on resume', async () => {
    for (let i = 0; i < 3; i++) reader(`q${i}@example.com`, 'en', 'UTC')
    const id = seedIssue()
    startSending(db, id, staffId)
    // Something the issue is built from can no longer be read (changed by hand, or a bug).
    const term = db.$client.prepare('select id, expansion from glossary_terms limit 1').get() as {
      id: number
      expansion: string
    }
    db.$client.prepare("update glossary_terms set expansion = '{broken' where id = ?").run(term.id)
    expect(await dispatch()).toMatchObject({ sent: 0, failed: 0 })
    const paused = db.select().from(s.newsletters).where(eq(s.newsletters.id, id)).get()!
    expect(paused.status).toBe('paused')
    expect(paused.pausedReason).toMatch(/JSON/)
    expect(newsletterProgress(db, id).totals.queued).toBe(3)
    // Fixed and resumed: everyone gets it, once.
    db.$client.prepare('update glossary_terms set expansion = ? where id = ?').run(term.expansion, term.id)
    expect(setPaused(db, { id, paused: false }, { actorId: staffId })).toBe(true)
    expect(db.select().from(s.newsletters).where(eq(s.newsletters.id, id)).get()!.pausedReason).toBeNull()
    expect(await dispatch()).toMatchObject({ sent: 3, failed: 0 })
  })

  it('starts a scheduled issue when its time comes, not before', async () => {
    reader('s@example.com', 'en', 'UTC')
    const id = seedIssue()
    const at = new Date(Date.now() + 3600_000)
    expect(scheduleNewsletter(db, { id, at: new Date(Date.now() - 1000) }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'pastTime',
    })
    expect(scheduleNewsletter(db, { id, at: at }, { actorId: staffId })).toEqual({ ok: true })
    expect(startDueNewsletters(db, new Date(at.getTime() - 1000))).toEqual([])
    expect(startDueNewsletters(db, new Date(at.getTime() + 1000))).toEqual([id])
    await dispatch({ now: () => new Date(at.getTime() + 2000) })
    expect(smtp.messages).toHaveLength(1)
  })

  it('keeps a person who unsubscribed after sending started from getting the issue', async () => {
    reader('late@example.com', 'en', 'UTC')
    const keep = reader('keep@example.com', 'en', 'UTC')
    const id = seedIssue()
    startSending(db, id, staffId)
    db.update(s.people).set({ newsletterOptOutAt: new Date() }).where(eq(s.people.email, 'late@example.com')).run()
    expect(await dispatch()).toMatchObject({ sent: 1, skipped: 1 })
    expect([...byRecipient().keys()]).toEqual(['keep@example.com'])
    expect(keep).toBeGreaterThan(0)
  })
})

describe('what staff write is made safe for mail', () => {
  it('drops scripts, event handlers and javascript: links, keeps ordinary formatting and images', async () => {
    reader('safe@example.com', 'en', 'UTC')
    const audienceId = saveAudience(
      db,
      { name: 'Safe', criteria: { structureIds: [structureId] } },
      { actorId: staffId },
    )
    const saved = saveNewsletter(
      db,
      {
        id: null,
        newsletter: {
          slug: 'unsafe',
          audienceId,
          versions: {
            en: {
              subject: 'Safety check',
              preheader: '',
              bodyMarkdown:
                '# Title\n\n<script>alert(1)</script>\n\n<img src="https://img.example.org/a.png" onerror="alert(2)" alt="A">\n\n[click](javascript:alert(3)) and [site](https://example.org) **bold**\n\n<a href="JaVaScRiPt:alert(4)">x</a> <iframe src="https://evil.example"></iframe>',
              complete: true,
            },
          },
        },
      },
      { actorId: staffId },
    )
    expect(saved.ok).toBe(true)
    startSending(db, (saved as { id: number }).id, staffId)
    await dispatch()
    const html = smtp.messages[0].html as string
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe/i)
    expect(html).toContain('<img src="https://img.example.org/a.png"')
    expect(linkTargets(html)).toContain('https://example.org')
    expect(html).toMatch(/<a href="[^"]+">site<\/a>/)
    expect(html).toContain('<strong>bold</strong>')
  })
})
