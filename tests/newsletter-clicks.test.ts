import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as click from '~/routes/r.$newsletterId.$lang'
import { linkClicks } from '~/services/newsletters/clicks.server'
import { dispatchNewsletters } from '~/services/newsletters/dispatch.server'

import { seededDb } from './helpers/db'
import { getRequest, run } from './helpers/http'
import { queueNewsletterTo } from './helpers/newsletter'
import { startSmtp } from './helpers/smtp'

const baseUrl = 'http://app.test'
let smtp: Awaited<ReturnType<typeof startSmtp>>
let db: DB
let newsletterId: number

beforeAll(async () => {
  smtp = await startSmtp()
})
// Each test starts from untouched data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 5 })
  newsletterId = queueNewsletterTo(
    db,
    [
      { email: 'lit.fr@example.com', language: 'fr' },
      { email: 'lee.fr@example.com', language: 'fr' },
      { email: 'lee.es@example.com', language: 'es' },
    ],
    { slug: 'clicks' },
  )
  await dispatchNewsletters(db, smtp.transport(), { baseUrl, ratePerSecond: 0 })
})
afterAll(() => smtp.close())

const mailTo = (email: string) => smtp.messages.find((m) => m.to && 'text' in m.to && m.to.text === email)!
/** The counting links of a message's HTML, as a mail client would follow them. */
const countingLinks = (email: string) =>
  [...String(mailTo(email).html).matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replace(/&amp;/g, '&'))
    .filter((href) => href.startsWith(`${baseUrl}/r/`))
const follow = (href: string) => {
  const url = new URL(href)
  const [, , id, lang] = url.pathname.split('/')
  return run(click.loader, getRequest(url.pathname + url.search), { newsletterId: id, lang }) as Promise<Response>
}

describe('newsletter link counts', () => {
  it('counts each link per language of the mail and sends the reader on, keeping no person data', async () => {
    const french = countingLinks('lit.fr@example.com')
    expect(french.length).toBeGreaterThan(0)
    // Both French readers got the same counting links: nothing in them tells them apart.
    expect(countingLinks('lee.fr@example.com')).toEqual(french)
    // A link both languages carry (a webinar page), so each language's count is checked.
    const target = (h: string) => new URL(h).searchParams.get('u')!
    const spanishLinks = countingLinks('lee.es@example.com')
    const frenchHref = french.find((h) => spanishLinks.some((e) => target(e) === target(h)))!
    const spanishHref = spanishLinks.find((e) => target(e) === target(frenchHref))!
    expect(frenchHref).toBeDefined()
    expect(spanishHref).not.toBe(frenchHref) // the language is part of the counting address
    for (const href of [frenchHref, frenchHref, spanishHref]) {
      const res = await follow(href)
      expect(res.status).toBe(302)
      expect(res.headers.get('Location')).toBe(target(frenchHref))
    }
    const row = linkClicks(db, newsletterId).find((c) => c.url === target(frenchHref))!
    expect(row.byLanguage).toEqual({ fr: 2, es: 1 })
    expect(row.total).toBe(3)
    // The table has a newsletter, a language, a link and a count: no person, address or time.
    const columns = db.all<{ name: string }>(sql`select name from pragma_table_info('newsletter_link_clicks')`)
    expect(columns.map((c) => c.name).sort()).toEqual(['clicks', 'language', 'newsletter_id', 'url'])
  })

  it('leaves the unsubscribe link and the plain-text part as they are', () => {
    const mail = mailTo('lit.fr@example.com')
    const line = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line
    const unsubscribe = line.slice(line.indexOf('<') + 1, line.indexOf('>'))
    expect(unsubscribe).toMatch(/\/unsubscribe\//)
    expect(String(mail.html)).toContain(`href="${unsubscribe.replace(/&/g, '&amp;')}"`)
    expect(mail.text).not.toContain('/r/')
  })

  it('refuses a link it did not sign, with a 400 and nothing counted: no open redirect', async () => {
    const before = linkClicks(db, newsletterId).reduce((n, c) => n + c.total, 0)
    const href = new URL(countingLinks('lit.fr@example.com')[0])
    href.searchParams.set('u', 'https://evil.example/phish')
    expect((await follow(href.toString())).status).toBe(400)
    const unsigned = new URL(href)
    unsigned.searchParams.delete('s')
    expect((await follow(unsigned.toString())).status).toBe(400)
    // Another language's address does not count a French link either.
    const otherLanguage = new URL(countingLinks('lit.fr@example.com')[0].replace('/fr?', '/es?'))
    const res = await follow(otherLanguage.toString())
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/not one of our newsletter links/)
    expect(linkClicks(db, newsletterId).reduce((n, c) => n + c.total, 0)).toBe(before)
  })
})
