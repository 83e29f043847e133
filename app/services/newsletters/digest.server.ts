/**
 * The monthly digest: once a month, one mail per person who chose it, in their language,
 * listing the issues of their lists sent last month (from when they chose the digest)
 * with a short summary and a link to the archive. The whole month is queued in one
 * transaction, so the step either did a month or did nothing, and the outbox key
 * `digest:<month>:<person>` keeps it to one mail each.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, newsletterLists, newsletters, newsletterVersions, outbox, people } from '#db/schema'
import { chooseVersion } from '#emails/newsletter'
import { renderDigest } from '#emails/newsletter-digest'

import { enqueueMail } from '../outbox.server'
import { reachable } from './audiences.server'
import { archiveUrl, unsubscribeUrl, versionTexts } from './rendering.server'

const SUMMARY_LENGTH = 220

/** A newsletter's summary: its preheader, or the start of its first paragraph as plain text. */
export function summaryOf(version: { preheader: string; bodyMarkdown: string }): string {
  if (version.preheader.trim()) return version.preheader.trim()
  const paragraph =
    version.bodyMarkdown
      .split(/\n\s*\n/)
      .map((p) =>
        p
          .replace(/\{\{[^}]*\}\}/g, '')
          .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
          .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
          .replace(/[*_`]+/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .find((p) => p.length > 0) ?? ''
  if (paragraph.length <= SUMMARY_LENGTH) return paragraph
  const cut = paragraph.slice(0, SUMMARY_LENGTH)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_LENGTH - 40)).trimEnd()}…`
}

/** The month before `now` (UTC): its key (2026-10) and bounds. */
export function previousMonth(now: Date) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  return { key: start.toISOString().slice(0, 7), start, end }
}

/** Queues last month's digests that are not queued yet; returns how many. Run by the worker every hour. */
export function queueMonthlyDigests(db: DB, { baseUrl, now = new Date() }: { baseUrl: string; now?: Date }): number {
  const month = previousMonth(now)
  const prefix = `digest:${month.key}:`
  // Done for this month already (the month is queued in one transaction, so one row means all).
  const done = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(gte(outbox.uniqueKey, prefix), lt(outbox.uniqueKey, `digest:${month.key};`)))
    .limit(1)
    .get()
  if (done) return 0
  const issues = db
    .selectDistinct({ id: newsletters.id, slug: newsletters.slug, sentAt: newsletters.sendStartedAt })
    .from(newsletters)
    .innerJoin(newsletterLists, eq(newsletterLists.newsletterId, newsletters.id))
    .where(
      and(
        inArray(newsletters.status, ['sending', 'paused', 'sent']),
        gte(newsletters.sendStartedAt, month.start),
        lt(newsletters.sendStartedAt, month.end),
      ),
    )
    .orderBy(asc(newsletters.sendStartedAt))
    .all()
  if (!issues.length) return 0
  const issueIds = issues.map((i) => i.id)
  const listsOf = new Map<number, Set<number>>()
  for (const r of db.select().from(newsletterLists).where(inArray(newsletterLists.newsletterId, issueIds)).all())
    listsOf.set(r.newsletterId, (listsOf.get(r.newsletterId) ?? new Set()).add(r.listId))
  const versions = db.select().from(newsletterVersions).where(inArray(newsletterVersions.newsletterId, issueIds)).all()

  return db.transaction(
    (tx) => {
      const readers = tx
        .select({
          id: people.id,
          name: people.name,
          email: people.email,
          language: people.preferredLanguage,
          token: people.unsubscribeToken,
          since: people.newsletterDigestSince,
          // Written out: in a one-table select drizzle leaves column names unqualified.
          lists: sql<string | null>`(select group_concat(ls.list_id) from list_subscriptions ls
            where ls.person_id = people.id and ls.unsubscribed_at is null)`,
        })
        .from(people)
        .where(and(isNotNull(people.newsletterDigestSince), lt(people.newsletterDigestSince, month.end), reachable))
        .all()
      const monthName = new Map<Language, string>()
      let queued = 0
      for (const reader of readers) {
        const mine = new Set((reader.lists ?? '').split(',').filter(Boolean).map(Number))
        const items = issues.filter(
          (issue) =>
            issue.sentAt! >= reader.since! && [...(listsOf.get(issue.id) ?? [])].some((listId) => mine.has(listId)),
        )
        if (!items.length || !reader.token) continue
        const language = reader.language
        if (!monthName.has(language))
          monthName.set(
            language,
            new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(month.start),
          )
        const day = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' })
        const preferencesUrl = unsubscribeUrl(baseUrl, reader.token)
        const mail = renderDigest(language, {
          name: reader.name,
          month: monthName.get(language)!,
          preferencesUrl,
          items: items.flatMap((issue) => {
            const chosen = chooseVersion(versionTexts(versions.filter((v) => v.newsletterId === issue.id)), language)
            if (!chosen) return []
            return [
              {
                subject: chosen.version.subject,
                summary: summaryOf(chosen.version),
                url: archiveUrl(baseUrl, issue.slug, chosen.version.language),
                sentOn: day.format(issue.sentAt!),
              },
            ]
          }),
        })
        if (
          enqueueMail(
            tx,
            {
              uniqueKey: `${prefix}${reader.id}`,
              kind: 'newsletter_digest',
              personId: reader.id,
              to: reader.email,
              language,
              message: mail,
              // One click from a digest (which covers all the person's lists) unsubscribes from all.
              headers: {
                'List-Unsubscribe': `<${preferencesUrl}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              },
            },
            now,
          )
        )
          queued++
      }
      return queued
    },
    { behavior: 'immediate' },
  )
}
