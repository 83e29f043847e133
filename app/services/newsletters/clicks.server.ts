/**
 * Aggregate reading figures without tracking anyone: the links in a newsletter's HTML
 * go through `/r/<newsletter>/<language>?u=<link>&s=<signature>`, which adds one to that
 * link's count for that language and redirects. Nothing identifies the reader: the
 * address is the same for everyone who got that language, and the table holds counts
 * only. The signature (keyed with the app secret) makes the redirect go only to links
 * this newsletter really contains, so it cannot be used to send people elsewhere.
 */
import crypto from 'node:crypto'

import { and, desc, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, newsletterLinkClicks, newsletters } from '#db/schema'
import { sessionSecret } from '~/auth-session.server'

const MAX_URL = 2000

function signature(newsletterId: number, language: Language, url: string): string {
  return crypto
    .createHmac('sha256', sessionSecret())
    .update(`newsletter-click:${newsletterId}:${language}:${url}`)
    .digest('base64url')
    .slice(0, 22)
}

/** The counting address of one link of a newsletter in one language. */
export function clickUrl(baseUrl: string, newsletterId: number, language: Language, url: string): string {
  const query = new URLSearchParams({ u: url, s: signature(newsletterId, language, url) })
  return `${baseUrl}/r/${newsletterId}/${language}?${query}`
}

const decodeAmp = (v: string) => v.replace(/&amp;/g, '&')
const encodeAmp = (v: string) => v.replace(/&/g, '&amp;')

/**
 * Rewrites the http(s) links of a rendered newsletter's HTML (as React wrote it: attribute
 * values in double quotes, `&` as `&amp;`) to their counting addresses; other links
 * (mailto:, the unsubscribe placeholder) stay as they are.
 */
export function countLinks(html: string, baseUrl: string, newsletterId: number, language: Language): string {
  return html.replace(/href="(https?:\/\/[^"]+)"/g, (whole, raw: string) => {
    const url = decodeAmp(raw)
    if (url.length > MAX_URL) return whole
    return `href="${encodeAmp(clickUrl(baseUrl, newsletterId, language, url))}"`
  })
}

export type ClickResult = { ok: true; url: string } | { ok: false }

/** Checks a counting address and adds one click; the link to go to, or not ok (then nothing is counted). */
export function recordClick(
  db: DB,
  { newsletterId, language, url, sig }: { newsletterId: number; language: Language; url: string; sig: string },
): ClickResult {
  if (!url || url.length > MAX_URL || !/^https?:\/\//i.test(url)) return { ok: false }
  const expected = Buffer.from(signature(newsletterId, language, url))
  const given = Buffer.from(sig)
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false }
  const exists = db.select({ id: newsletters.id }).from(newsletters).where(eq(newsletters.id, newsletterId)).get()
  if (!exists) return { ok: false }
  db.insert(newsletterLinkClicks)
    .values({ newsletterId, language, url, clicks: 1 })
    .onConflictDoUpdate({
      target: [newsletterLinkClicks.newsletterId, newsletterLinkClicks.language, newsletterLinkClicks.url],
      set: { clicks: sql`${newsletterLinkClicks.clicks} + 1` },
    })
    .run()
  return { ok: true, url }
}

/** A newsletter's links by clicks, each with its count per language. */
export function linkClicks(db: Pick<DB, 'select'>, newsletterId: number) {
  const rows = db
    .select()
    .from(newsletterLinkClicks)
    .where(and(eq(newsletterLinkClicks.newsletterId, newsletterId)))
    .orderBy(desc(newsletterLinkClicks.clicks))
    .all()
  const byUrl = new Map<string, { url: string; total: number; byLanguage: Partial<Record<Language, number>> }>()
  for (const r of rows) {
    const entry = byUrl.get(r.url) ?? { url: r.url, total: 0, byLanguage: {} }
    entry.total += r.clicks
    entry.byLanguage[r.language] = r.clicks
    byUrl.set(r.url, entry)
  }
  return [...byUrl.values()].sort((a, b) => b.total - a.total || a.url.localeCompare(b.url))
}
