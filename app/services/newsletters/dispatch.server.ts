/**
 * The newsletter dispatcher: claims queued deliveries in batches (a lease in
 * `locked_until`), renders each reader's mail from a per-(language, zone,
 * channels) cache, sends over the pooled transport at a set rate, and records
 * each outcome as soon as the SMTP server answers.
 *
 * Restart safety: a delivery is `sending` only while leased. After a crash the
 * lease runs out and the row is claimed again, so nobody is skipped. The one
 * window no SMTP client can close is between the server's "250 OK" and our
 * write: a message caught there goes again with the same Message-ID (see
 * docs/decisions/005-newsletter-delivery.md).
 */
import { and, eq, inArray, lte, or, sql } from 'drizzle-orm'
import type { Transporter } from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
import * as qp from 'nodemailer/lib/qp'

import type { DB } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'
import {
  deliveries,
  type Language,
  listSubscriptions,
  newsletterLists,
  newsletters,
  newsletterVersions,
  people,
  registrations,
} from '#db/schema'
import { type BlockData, chooseVersion, renderNewsletterMail, type VersionText } from '#emails/newsletter'
import { config } from '~/config.server'

import { returnPath } from '../mail-events.server'
import { DISPATCH, isPermanentFailure, mailDomain, mailFrom } from '../outbox.server'
import { countLinks } from './clicks.server'
import { completeFinishedNewsletters, pauseUnreadable } from './newsletter.server'
import { archiveUrl, loadBlockData, unsubscribeUrl, versionTexts } from './rendering.server'

export type NewsletterDispatchOptions = {
  baseUrl: string
  now?: () => Date
  /** Deliveries claimed per transaction. */
  batchSize?: number
  /** Messages in flight at once (the pool's connections queue the rest). */
  concurrency?: number
  /** Messages per second; 0 means as fast as the server takes them. */
  ratePerSecond?: number
  /** How long a claimed delivery stays ours; after a crash it is claimed again once this runs out. */
  lockMs?: number
  /** Stop claiming new batches after this long, so the worker can do its other jobs. */
  budgetMs?: number
}

export type NewsletterDispatchResult = { sent: number; retried: number; failed: number; skipped: number }

export function newsletterDispatchDefaults() {
  return { ...config().newsletter }
}

const PERMANENT_ADDRESS_CODES = new Set([550, 551, 553])
/** How long a sent mark may wait for others to share its write. */
const MARK_WINDOW_MS = 10
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function rateLimiter(ratePerSecond: number) {
  if (!ratePerSecond || ratePerSecond <= 0) return async () => {}
  const interval = 1000 / ratePerSecond
  let nextSlot = 0
  return async () => {
    const now = performance.now()
    const slot = Math.max(now, nextSlot)
    nextSlot = slot + interval
    if (slot - now >= 1) await sleep(slot - now)
  }
}

type Claimed = {
  id: number
  newsletterId: number
  personId: number
  language: Language
  attempts: number
  email: string
  timeZone: string
  token: string | null
  optedOut: boolean
  bounced: boolean
  /** Sent to lists, and since it was queued the person left them all or chose the monthly digest. */
  leftLists: boolean
}

function claimBatch(db: DB, now: Date, batchSize: number, lockMs: number): Claimed[] {
  // A read first: with no newsletter sending, an idle tick takes no write lock.
  if (!db.select({ id: newsletters.id }).from(newsletters).where(eq(newsletters.status, 'sending')).limit(1).get())
    return []
  return db.transaction(
    (tx) => {
      const due = tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .innerJoin(newsletters, eq(newsletters.id, deliveries.newsletterId))
        .where(
          and(
            eq(newsletters.status, 'sending'),
            or(
              and(eq(deliveries.status, 'queued'), lte(deliveries.nextAttemptAt, now)),
              and(eq(deliveries.status, 'sending'), lte(deliveries.lockedUntil, now)),
            ),
          ),
        )
        .orderBy(deliveries.id)
        .limit(batchSize)
        .all()
      if (due.length === 0) return []
      const ids = due.map((d) => d.id)
      tx.update(deliveries)
        .set({ status: 'sending', lockedUntil: new Date(now.getTime() + lockMs) })
        .where(inArray(deliveries.id, ids))
        .run()
      return tx
        .select({
          id: deliveries.id,
          newsletterId: deliveries.newsletterId,
          personId: deliveries.personId,
          language: deliveries.language,
          attempts: deliveries.attempts,
          email: people.email,
          timeZone: people.timeZone,
          token: people.unsubscribeToken,
          optedOut: sql<boolean>`${people.newsletterOptOutAt} is not null`.mapWith(Boolean),
          bounced: sql<boolean>`(${people.emailBouncedAt} is not null or ${people.emailHeldAt} is not null)`.mapWith(
            Boolean,
          ),
          leftLists:
            sql<boolean>`exists (select 1 from ${newsletterLists} where ${newsletterLists.newsletterId} = ${deliveries.newsletterId})
            and (${people.newsletterDigestSince} is not null or not exists (
              select 1 from ${newsletterLists} nl join ${listSubscriptions} ls on ls.list_id = nl.list_id
              where nl.newsletter_id = ${deliveries.newsletterId} and ls.person_id = ${deliveries.personId} and ls.unsubscribed_at is null))`.mapWith(
              Boolean,
            ),
        })
        .from(deliveries)
        .innerJoin(people, eq(people.id, deliveries.personId))
        .where(inArray(deliveries.id, ids))
        .orderBy(deliveries.id)
        .all()
    },
    { behavior: 'immediate' },
  )
}

/** What one newsletter needs for rendering, loaded once per dispatch run. */
type NewsletterContext = {
  slug: string
  versions: VersionText[]
  blocks: BlockData
  /** personId → eventId → the channel language of their registration. */
  channels: Map<number, Map<number, Language>>
  /** Rendered mail per kind of reader (language, zone, channels). */
  cache: Map<string, Promise<Variant>>
}

/**
 * One kind of reader's mail, split where the personal unsubscribe link goes, and
 * the same already MIME-encoded by nodemailer (quoted-printable parts ending in
 * soft line breaks), so each reader's message is a join, not a new encoding.
 */
type Variant = {
  subject: string
  html: string[]
  text: string[]
  mime: { head: [Buffer, Buffer]; textParts: Buffer[]; middle: Buffer; htmlParts: Buffer[]; tail: Buffer } | null
}

function loadNewsletterContext(db: DB, newsletterId: number, now: Date): NewsletterContext {
  const newsletter = db
    .select({ slug: newsletters.slug })
    .from(newsletters)
    .where(eq(newsletters.id, newsletterId))
    .get()!
  const versions = versionTexts(
    db.select().from(newsletterVersions).where(eq(newsletterVersions.newsletterId, newsletterId)).all(),
  )
  const blocks = loadBlockData(db, now)
  const channels = new Map<number, Map<number, Language>>()
  const upcomingIds = blocks.upcoming.map((w) => w.id)
  if (upcomingIds.length) {
    const rows = db
      .select({
        personId: registrations.personId,
        eventId: registrations.eventId,
        language: registrations.channelLanguage,
      })
      .from(registrations)
      .where(
        and(inArray(registrations.eventId, upcomingIds), inArray(registrations.status, ['confirmed', 'waitlisted'])),
      )
      .all()
    for (const r of rows) {
      let m = channels.get(r.personId)
      if (!m) channels.set(r.personId, (m = new Map()))
      m.set(r.eventId, r.language)
    }
  }
  return { slug: newsletter.slug, versions, blocks, channels, cache: new Map() }
}

const LINK_MARK = `__unsubscribe_${Math.random().toString(36).slice(2)}__`
// Markers with a non-ASCII letter, so nodemailer picks quoted-printable for the parts.
const TEXT_MARK = 'NEWSLETTERTEXTPART\u00e9'
const HTML_MARK = 'NEWSLETTERHTMLPART\u00e9'
const MESSAGE_ID_MARK = '<newsletter-message-id@marker.invalid>'
const encodedMark = (mark: string) => qp.encode(mark)
const qpChunk = (text: string) => (text ? `${qp.wrap(qp.encode(text.replace(/\r?\n/g, '\r\n')), 76)}=\r\n` : '')

async function buildMime(
  rendered: { subject: string },
  html: string[],
  text: string[],
  from: string,
  listId: string,
): Promise<Variant['mime']> {
  const template = (
    await new MailComposer({
      from,
      subject: rendered.subject,
      text: TEXT_MARK,
      html: HTML_MARK,
      textEncoding: 'quoted-printable',
      messageId: MESSAGE_ID_MARK,
      headers: { 'List-Id': listId, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    })
      .compile()
      .build()
  ).toString()
  const [head, afterText] = template.split(encodedMark(TEXT_MARK))
  const [middle, tail] = (afterText ?? '').split(encodedMark(HTML_MARK))
  if (tail === undefined || !head.includes(MESSAGE_ID_MARK)) return null // not the shape we expect: send the slow way
  const [beforeId, afterId] = head.split(MESSAGE_ID_MARK)
  // Already bytes, so each reader's message is a copy of these with a few small pieces between.
  const bytes = (text: string) => Buffer.from(text)
  return {
    head: [bytes(beforeId), bytes(afterId)],
    textParts: text.map((t) => bytes(qpChunk(t))),
    middle: bytes(middle),
    htmlParts: html.map((h) => bytes(qpChunk(h))),
    tail: bytes(tail),
  }
}

async function variantFor(
  ctx: NewsletterContext,
  d: Claimed,
  baseUrl: string,
  from: string,
  listId: string,
): Promise<Variant> {
  const own = ctx.channels.get(d.personId)
  const channelKey = own ? ctx.blocks.upcoming.map((w) => own.get(w.id) ?? '-').join(',') : ''
  const key = `${d.language}|${d.timeZone}|${channelKey}`
  let variant = ctx.cache.get(key)
  if (!variant) {
    const chosen = chooseVersion(ctx.versions, d.language)
    if (!chosen) throw new Error('This newsletter has no English version')
    const rendered = renderNewsletterMail({
      chosen,
      reader: {
        language: d.language,
        timeZone: d.timeZone,
        channelFor: own ? (eventId) => own.get(eventId) : undefined,
      },
      blocks: ctx.blocks,
      links: { unsubscribeUrl: LINK_MARK, archiveUrl: archiveUrl(baseUrl, ctx.slug, chosen.version.language) },
      baseUrl,
    })
    const subject = rendered.subject.replace(/[\r\n]+/g, ' ')
    // Links go through the click counter (counts per link and language, nobody's name).
    const html = countLinks(rendered.html, baseUrl, d.newsletterId, chosen.version.language).split(LINK_MARK)
    const text = rendered.text.split(LINK_MARK)
    variant = buildMime({ subject }, html, text, from, listId).then((mime) => ({ subject, html, text, mime }))
    ctx.cache.set(key, variant)
  }
  return variant
}

/** The reader's message: their address, Message-ID and links put into the shared, encoded mail. */
function personalise(v: Variant, email: string, messageId: string, link: string) {
  const htmlLink = link.replace(/&/g, '&amp;')
  if (v.mime && /^[\x21-\x7e]+$/.test(email) && /^[\x21-\x7e]+$/.test(link)) {
    const m = v.mime
    const join = (parts: Buffer[], between: Buffer, into: Buffer[]) =>
      parts.forEach((part, i) => (i ? into.push(between, part) : into.push(part)))
    const pieces = [
      Buffer.from(`To: ${email}\r\nList-Unsubscribe: <${link}>\r\n`),
      m.head[0],
      Buffer.from(messageId),
      m.head[1],
    ]
    join(m.textParts, Buffer.from(qpChunk(link)), pieces)
    pieces.push(m.middle)
    join(m.htmlParts, Buffer.from(qpChunk(htmlLink)), pieces)
    pieces.push(m.tail)
    return { raw: Buffer.concat(pieces) }
  }
  return { html: v.html.join(htmlLink), text: v.text.join(link) }
}

function describe(error: unknown): string {
  const e = error as { response?: string; message?: string }
  return (e?.response ?? e?.message ?? String(error)).slice(0, 1000)
}

/** Sends every due delivery of every newsletter that is sending; returns counts. */
export async function dispatchNewsletters(
  db: DB,
  transport: Transporter,
  options: NewsletterDispatchOptions,
): Promise<NewsletterDispatchResult> {
  const defaults = newsletterDispatchDefaults()
  const now = options.now ?? (() => new Date())
  const concurrency = Math.max(1, options.concurrency ?? defaults.concurrency)
  const rate = options.ratePerSecond ?? defaults.ratePerSecond
  const lockMs = options.lockMs ?? defaults.lockMs
  const budgetMs = options.budgetMs ?? defaults.budgetMs
  // A batch should take a few seconds at most, well inside its lease.
  const batchSize = Math.max(
    concurrency,
    Math.min(options.batchSize ?? defaults.batchSize, rate > 0 ? Math.ceil(rate * 5) : Infinity),
  )
  const result: NewsletterDispatchResult = { sent: 0, retried: 0, failed: 0, skipped: 0 }
  const started = performance.now()
  const take = rateLimiter(rate)
  const contexts = new Map<number, NewsletterContext>()
  const from = mailFrom()
  const domain = mailDomain()
  const listId = `At-Large newsletter <newsletter.${domain}>`
  const envelopeFrom = from.match(/<([^>]+)>/)?.[1] ?? from
  // With BOUNCE_DOMAIN, each delivery's own return path, so a late bounce names it.
  const bounceDomain = config().bounceDomain
  const sender = (deliveryId: number) => returnPath({ type: 'delivery', id: deliveryId }, bounceDomain) ?? envelopeFrom

  // The sent marks of one window, as one statement (one commit) over a JSON array.
  const writeSent = (rows: { id: number; attempts: number; messageId: string; sentAt: number }[]) =>
    db.run(
      sql`update ${deliveries} set status = 'sent', attempts = j.value ->> '$.attempts', sent_at = j.value ->> '$.sentAt',
            message_id = j.value ->> '$.messageId', locked_until = null, error = null
          from json_each(${JSON.stringify(rows)}) as j
          where ${deliveries.id} = j.value ->> '$.id' and ${deliveries.status} = 'sending'`,
    )
  // Each commit costs a few hundred microseconds of the one thread here (measured on the
  // shared machine), more than sending a message: the marks that come due within
  // MARK_WINDOW_MS are written in one statement, at once when half the lanes are waiting. A
  // lane waits for its mark before taking its next message, so what the server took but
  // we have not recorded is still at most the messages in flight.
  let pending: { id: number; attempts: number; messageId: string; sentAt: number }[] = []
  let flush: { done: Promise<void>; timer: NodeJS.Timeout; write: () => void } | null = null
  const markSent = (id: number, attempts: number, messageId: string): Promise<void> => {
    pending.push({ id, attempts, messageId, sentAt: now().getTime() })
    if (!flush) {
      let settle!: { resolve: () => void; reject: (error: unknown) => void }
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
      const write = () => {
        clearTimeout(flush!.timer)
        const rows = pending
        pending = []
        flush = null
        try {
          writeSent(rows)
          settle.resolve()
        } catch (error) {
          settle.reject(error)
        }
      }
      flush = { done, write, timer: setTimeout(() => write(), MARK_WINDOW_MS) }
    }
    const current = flush
    if (pending.length >= Math.ceil(concurrency / 2)) current.write()
    return current.done
  }
  const markOutcome = (id: number, set: Partial<typeof deliveries.$inferInsert>) =>
    db
      .update(deliveries)
      .set({ lockedUntil: null, ...set })
      .where(and(eq(deliveries.id, id), eq(deliveries.status, 'sending')))
      .run()

  while (performance.now() - started < budgetMs) {
    const batch = claimBatch(db, now(), batchSize, lockMs)
    if (batch.length === 0) break
    const paused = new Set<number>()
    let lastCheck = performance.now()
    const checkPaused = () => {
      if (performance.now() - lastCheck < 200) return
      lastCheck = performance.now()
      const ids = [...new Set(batch.map((d) => d.newsletterId))]
      for (const row of db
        .select({ id: newsletters.id, status: newsletters.status })
        .from(newsletters)
        .where(inArray(newsletters.id, ids))
        .all()) {
        if (row.status !== 'sending') paused.add(row.id)
      }
    }
    let next = 0
    const lane = async () => {
      while (next < batch.length) {
        const d = batch[next++]
        checkPaused()
        if (paused.has(d.newsletterId)) {
          markOutcome(d.id, { status: 'queued' }) // back in the queue, untouched, for when it resumes
          continue
        }
        if (d.optedOut || d.bounced || d.leftLists || !d.token) {
          markOutcome(d.id, {
            status: 'skipped',
            error: d.optedOut
              ? 'unsubscribed before sending'
              : d.bounced
                ? 'address bounced before sending'
                : d.leftLists
                  ? 'left the lists (or chose the digest) before sending'
                  : 'no unsubscribe link for this person',
          })
          result.skipped++
          continue
        }
        const attempts = d.attempts + 1
        let ctx = contexts.get(d.newsletterId)
        if (!ctx) {
          try {
            contexts.set(d.newsletterId, (ctx = loadNewsletterContext(db, d.newsletterId, now())))
          } catch (error) {
            // A busy database is tried again next tick; a newsletter that cannot be read is paused with
            // the reason (its page shows it, its deliveries stay queued) and the other newsletters go on.
            if (isDatabaseUnavailable(error)) throw error
            markOutcome(d.id, { status: 'queued' })
            pauseUnreadable(db, { id: d.newsletterId, reason: describe(error) }, now())
            paused.add(d.newsletterId)
            console.error(`[newsletters] newsletter ${d.newsletterId} paused: it could not be read:`, error)
            continue
          }
        }
        const messageId = `<newsletter-${d.newsletterId}-${d.id}@${domain}>`
        await take()
        try {
          const variant = await variantFor(ctx, d, options.baseUrl, from, listId)
          const link = unsubscribeUrl(options.baseUrl, d.token, d.newsletterId)
          const mail = personalise(variant, d.email, messageId, link)
          if ('raw' in mail) {
            await transport.sendMail({ envelope: { from: sender(d.id), to: [d.email] }, raw: mail.raw })
          } else {
            await transport.sendMail({
              from,
              to: d.email,
              envelope: { from: sender(d.id), to: [d.email] },
              subject: variant.subject,
              html: mail.html,
              text: mail.text,
              messageId,
              headers: {
                'List-Unsubscribe': `<${link}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
                'List-Id': listId,
              },
            })
          }
          await markSent(d.id, attempts, messageId)
          result.sent++
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode
          if (isPermanentFailure(error) || attempts >= DISPATCH.maxAttempts) {
            markOutcome(d.id, { status: 'failed', attempts, error: describe(error) })
            if (code && PERMANENT_ADDRESS_CODES.has(code)) {
              db.update(people).set({ emailBouncedAt: now() }).where(eq(people.id, d.personId)).run()
            }
            result.failed++
          } else {
            markOutcome(d.id, {
              status: 'queued',
              attempts,
              error: describe(error),
              nextAttemptAt: new Date(now().getTime() + DISPATCH.backoffMs(attempts)),
            })
            result.retried++
          }
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane))
    completeFinishedNewsletters(db, now())
  }
  completeFinishedNewsletters(db, now())
  return result
}
