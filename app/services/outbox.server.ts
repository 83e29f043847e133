/**
 * Every mail is written here first (one row per logical message, keyed by a
 * unique key), then the dispatcher hands it to nodemailer. Enqueueing the same
 * key twice is a no-op; a crash between send and bookkeeping is re-sent with
 * the same Message-ID, so receivers can drop the duplicate.
 */
import crypto from 'node:crypto'

import { and, desc, eq, getTableColumns, gt, inArray, lte, or, sql } from 'drizzle-orm'
import type { Transporter } from 'nodemailer'

import type { DB } from '#db/client'
import { type Language, outbox, type OutboxAttachment, people } from '#db/schema'
import type { RenderedMail } from '#emails/render'
import { config } from '~/config.server'

import { returnPath } from './mail-events.server'

type Writer = Pick<DB, 'insert' | 'select'>

export type MailToEnqueue = {
  uniqueKey: string
  kind: string
  personId?: number | null
  to: string
  language: Language
  message: RenderedMail
  headers?: Record<string, string>
  attachments?: OutboxAttachment[]
  /** When the worker may send it (default: at once); a held mail's release time from `takeQuotaSlot`. */
  sendAt?: Date
  /** The quota this mail counts against (it takes its place at `sendAt`); see `takeQuotaSlot`. */
  quotaKey?: string
}

/** At most `max` mails for one `key` in any `windowMs`. */
export type MailQuota = { key: string; max: number; windowMs: number }

function assertHeaderSafe(value: string, field: string) {
  if (/[\r\n]/.test(value)) throw new Error(`CR/LF in mail header ${field}`)
}

export function mailDomain(): string {
  const from = config().mailFrom
  return from.match(/@([^>\s]+)/)?.[1] ?? 'example.org'
}

/** Returns true when the message was added, false when its key was already there. */
export function enqueueMail(db: Writer, mail: MailToEnqueue, now = new Date()): boolean {
  assertHeaderSafe(mail.to, 'to')
  // A deactivated (or erased) person receives no mail at all.
  if (mail.personId) {
    const person = db
      .select({
        off: sql<number>`${people.deactivatedAt} is not null or ${people.erasedAt} is not null`.mapWith(Boolean),
      })
      .from(people)
      .where(eq(people.id, mail.personId))
      .get()
    if (person?.off) return false
  }
  // Forms refuse line breaks in single-line fields; a subject built from older data is folded, never refused.
  mail = { ...mail, message: { ...mail.message, subject: mail.message.subject.replace(/\s*[\r\n]+\s*/g, ' ') } }
  for (const [k, v] of Object.entries(mail.headers ?? {})) assertHeaderSafe(`${k}${v}`, k)
  const digest = crypto.createHash('sha256').update(mail.uniqueKey).digest('hex').slice(0, 32)
  const result = db
    .insert(outbox)
    .values({
      uniqueKey: mail.uniqueKey,
      kind: mail.kind,
      personId: mail.personId ?? null,
      toAddress: mail.to,
      language: mail.language,
      subject: mail.message.subject,
      html: mail.message.html,
      text: mail.message.text,
      headers: mail.headers ?? null,
      attachments: mail.attachments ?? null,
      nextAttemptAt: mail.sendAt ?? now,
      messageId: `<${digest}@${mailDomain()}>`,
      quotaKey: mail.quotaKey ?? null,
      quotaAt: mail.quotaKey ? (mail.sendAt ?? now) : null,
    })
    .onConflictDoNothing({ target: outbox.uniqueKey })
    .run()
  return result.changes > 0
}

/**
 * When the next mail under `quota` may go. While fewer than `max` of its mails went (or are due) in the last
 * `windowMs`, at once; otherwise it is held until the oldest of those leaves the window, and a mail still held
 * for the same key is dropped (deleted: it was never sent), so only the newest request waits. Whoever floods an
 * address therefore cannot make it receive more than `max` mails a window, nor stop its owner's own newest
 * request from arriving. Call it in the transaction that queues the mail, then pass `sendAt` and the key to
 * `enqueueMail`.
 */
export function takeQuotaSlot(
  tx: Pick<DB, 'select' | 'delete'>,
  quota: MailQuota,
  now: Date,
): { sendAt: Date; held: boolean; dropped: number } {
  const dropped = tx
    .delete(outbox)
    .where(and(eq(outbox.quotaKey, quota.key), gt(outbox.quotaAt, now), eq(outbox.status, 'pending')))
    .run().changes
  const since = new Date(now.getTime() - quota.windowMs)
  const recent = tx
    .select({ at: outbox.quotaAt })
    .from(outbox)
    .where(and(eq(outbox.quotaKey, quota.key), gt(outbox.quotaAt, since), lte(outbox.quotaAt, now)))
    .orderBy(desc(outbox.quotaAt))
    .limit(quota.max)
    .all()
  if (recent.length < quota.max) return { sendAt: now, held: false, dropped }
  // Room again when the max-th most recent leaves the window.
  const sendAt = new Date(recent[quota.max - 1].at!.getTime() + quota.windowMs)
  return { sendAt, held: true, dropped }
}

export const DISPATCH = {
  batchSize: 20,
  maxAttempts: 8,
  lockMs: 5 * 60_000,
  /** Backoff after the n-th temporary failure: 30 s, 1 min, 2 min … capped at 1 h. */
  backoffMs: (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3600_000),
}

/** Every column, the JSON ones as their stored text (parsed row by row by readRow). */
const rawColumns = () => ({
  ...getTableColumns(outbox),
  headers: sql<string | null>`${outbox.headers}`,
  attachments: sql<string | null>`${outbox.attachments}`,
})

/** Claims due messages (pending, or stuck in `sending` past their lock) for this dispatcher. */
function claimBatch(db: DB, now: Date, batchSize: number) {
  const isDue = or(
    and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
    and(eq(outbox.status, 'sending'), lte(outbox.lockedUntil, now)),
  )
  // A read first: an idle tick takes no write lock (so it never waits on another writer).
  if (!db.select({ id: outbox.id }).from(outbox).where(isDue).limit(1).get()) return []
  return db.transaction(
    (tx) => {
      const due = tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(isDue)
        .orderBy(outbox.nextAttemptAt, outbox.id)
        .limit(batchSize)
        .all()
      if (due.length === 0) return []
      const ids = due.map((d) => d.id)
      tx.update(outbox)
        .set({ status: 'sending', lockedUntil: new Date(now.getTime() + DISPATCH.lockMs) })
        .where(inArray(outbox.id, ids))
        .run()
      // The JSON columns are read as text and parsed row by row (readRow): one unreadable
      // row is set aside, it does not stop the batch or every later tick.
      return tx
        .select({
          ...getTableColumns(outbox),
          headers: sql<unknown>`${outbox.headers}`,
          attachments: sql<unknown>`${outbox.attachments}`,
        })
        .from(outbox)
        .where(inArray(outbox.id, ids))
        .orderBy(outbox.id)
        .all()
    },
    { behavior: 'immediate' },
  )
}

type ClaimedRow = ReturnType<typeof claimBatch>[number]
type OutboxRow = Omit<ClaimedRow, 'headers' | 'attachments'> & {
  headers: Record<string, string> | null
  attachments: OutboxAttachment[] | null
}

/** The JSON a row holds, checked for the shape a mail needs; throws a sentence naming what is wrong. */
function readRow(row: ClaimedRow): OutboxRow {
  const parse = (column: string, value: unknown): unknown => {
    if (value === null || value === undefined) return null
    try {
      return JSON.parse(String(value))
    } catch {
      throw new Error(`the ${column} column is not valid JSON`)
    }
  }
  const headers = parse('headers', row.headers)
  if (
    headers !== null &&
    (typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string'))
  )
    throw new Error('the headers column is not an object of strings')
  const attachments = parse('attachments', row.attachments)
  if (
    attachments !== null &&
    (!Array.isArray(attachments) ||
      attachments.some(
        (a: Partial<OutboxAttachment> | null) => typeof a?.filename !== 'string' || typeof a?.content !== 'string',
      ))
  )
    throw new Error('the attachments column is not a list of files')
  return { ...row, headers: headers as OutboxRow['headers'], attachments: attachments as OutboxRow['attachments'] }
}

/** A 5xx reply is permanent; 4xx replies and connection problems are temporary. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number })?.responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}

function describe(error: unknown): string {
  const e = error as { response?: string; message?: string; code?: string }
  return (e?.response ?? e?.message ?? String(error)).slice(0, 1000)
}

export type DispatchResult = { sent: number; retried: number; failed: number }

export function mailFrom(): string {
  return config().mailFrom
}

/** Sends every due message once; returns counts. Safe to call from several ticks. */
export async function dispatchOutbox(
  db: DB,
  transport: Transporter,
  { now = () => new Date(), batchSize = DISPATCH.batchSize } = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, retried: 0, failed: 0 }
  const from = mailFrom()
  const envelopeFrom = from.match(/<([^>]+)>/)?.[1] ?? from
  const bounceDomain = config().bounceDomain
  for (;;) {
    const batch = claimBatch(db, now(), batchSize)
    if (batch.length === 0) return result
    for (const claimed of batch) {
      const attempts = claimed.attempts + 1
      let message: OutboxRow
      try {
        message = readRow(claimed)
      } catch (error) {
        // Unreadable (changed by hand, or a bug): set aside with the reason, visible on /staff/outbox; the rest go on.
        db.update(outbox)
          .set({ status: 'failed', attempts, lockedUntil: null, lastError: `Not sent: ${describe(error)}.` })
          .where(eq(outbox.id, claimed.id))
          .run()
        result.failed++
        continue
      }
      const invite = message.attachments?.find((a) => a.method)
      try {
        await transport.sendMail({
          from,
          to: message.toAddress,
          // With BOUNCE_DOMAIN, the message's own return path, so a late bounce names it.
          envelope: {
            from: returnPath({ type: 'outbox', id: message.id }, bounceDomain) ?? envelopeFrom,
            to: [message.toAddress],
          },
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: message.messageId,
          headers: message.headers ?? undefined,
          attachments: (message.attachments ?? [])
            .filter((a) => !a.method)
            .map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
          // A calendar invite goes as text/calendar with its METHOD, as mail clients expect.
          icalEvent: invite ? { method: invite.method, filename: invite.filename, content: invite.content } : undefined,
        })
        db.update(outbox)
          .set({ status: 'sent', attempts, sentAt: now(), lockedUntil: null, lastError: null })
          .where(eq(outbox.id, message.id))
          .run()
        result.sent++
      } catch (error) {
        const permanent = isPermanentFailure(error) || attempts >= DISPATCH.maxAttempts
        db.update(outbox)
          .set({
            status: permanent ? 'failed' : 'pending',
            attempts,
            lockedUntil: null,
            lastError: describe(error),
            nextAttemptAt: new Date(now().getTime() + DISPATCH.backoffMs(attempts)),
          })
          .where(eq(outbox.id, message.id))
          .run()
        if (permanent) result.failed++
        else result.retried++
      }
    }
  }
}

export function listOutbox(
  db: DB,
  { status, limit = 100 }: { status?: (typeof outbox.$inferSelect)['status']; limit?: number } = {},
) {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      toAddress: outbox.toAddress,
      language: outbox.language,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(status ? eq(outbox.status, status) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit)
    .all()
}

export function outboxCounts(db: DB): Record<string, number> {
  const rows = db
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .groupBy(outbox.status)
    .all()
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

/** One message for the staff page; a row whose JSON cannot be read shows without its attachments. */
export function getOutboxMessage(db: DB, id: number): OutboxRow | undefined {
  const row = db.select(rawColumns()).from(outbox).where(eq(outbox.id, id)).get()
  if (!row) return undefined
  try {
    return readRow(row)
  } catch {
    return { ...row, headers: null, attachments: null }
  }
}

/** Staff: put a failed message back in the queue. */
export function retryOutboxMessage(db: DB, id: number, now = new Date()): boolean {
  const r = db
    .update(outbox)
    .set({ status: 'pending', nextAttemptAt: now, attempts: 0, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
    .run()
  return r.changes > 0
}
