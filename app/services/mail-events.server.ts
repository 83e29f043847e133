/**
 * Bounces and complaints that arrive after the receiving server said 250. Every newsletter
 * delivery and outbox message leaves with a VERP return path, `bounces+<token>@BOUNCE_DOMAIN`,
 * whose token names the delivery (or message) and is signed, without the address in it.
 * Reports that come back to it — delivery status notifications (RFC 3464) and abuse
 * reports (ARF, RFC 5965) — are parsed with mailparser and recorded against the delivery
 * and the person: a hard bounce marks the address bounced at once, three soft bounces in
 * 30 days hold it, a complaint unsubscribes the person from newsletters.
 */
import crypto from 'node:crypto'

import { and, count, desc, eq, gte, isNotNull, or } from 'drizzle-orm'
import { simpleParser } from 'mailparser'

import type { DB } from '#db/client'
import { deliveries, type MailEventKind, mailEvents, outbox, people } from '#db/schema'
import { sessionSecret } from '~/auth-session.server'
import { config } from '~/config.server'

import { recordAudit } from './audit.server'
import { leave } from './newsletters/lists.server'

/** What a return path points at: a newsletter delivery or an outbox message. */
export type MailRef = { type: 'delivery' | 'outbox'; id: number }

const SOFT_BOUNCES_TO_HOLD = 3
const SOFT_WINDOW_MS = 30 * 86400_000

function mac(ref: MailRef): string {
  // Lower-case hex: some servers change the case of the local part.
  return crypto.createHmac('sha256', sessionSecret()).update(`verp:${ref.type}:${ref.id}`).digest('hex').slice(0, 16)
}

/** The token of a return path: `n123-<mac>` for a delivery, `o45-<mac>` for an outbox message. */
export function verpToken(ref: MailRef): string {
  return `${ref.type === 'delivery' ? 'n' : 'o'}${ref.id}-${mac(ref)}`
}

/** The envelope sender for a mail, or null when BOUNCE_DOMAIN is not set (then the From address is used). */
export function returnPath(ref: MailRef, domain = config().bounceDomain): string | null {
  return domain ? `bounces+${verpToken(ref)}@${domain}` : null
}

/** The delivery or message an address of ours names, or null for anything else (or a forged token). */
export function parseReturnPath(address: string, domain = config().bounceDomain): MailRef | null {
  const m = /^bounces\+([no])([1-9][0-9]{0,12})-([0-9a-f]{16})@(.+)$/i.exec(address.trim())
  if (!m || !domain || m[4].toLowerCase() !== domain) return null
  const ref: MailRef = { type: m[1].toLowerCase() === 'n' ? 'delivery' : 'outbox', id: Number(m[2]) }
  const expected = Buffer.from(mac(ref))
  const given = Buffer.from(m[3].toLowerCase())
  return crypto.timingSafeEqual(given, expected) ? ref : null
}

export type ReportedEvent = {
  kind: MailEventKind
  status: string | null
  detail: string | null
  recipient: string | null
}

/** Header-style fields ("Name: value", folded lines joined) of one block of a report. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':')
    if (at > 0) out.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim())
  }
  return out
}

/**
 * The events a report carries: one per failed or delayed recipient of a delivery status
 * notification, or one complaint for an abuse report. Anything else (an auto-reply, a
 * "delivered" notice, garbage) gives none.
 */
export async function parseReport(raw: Buffer | string): Promise<ReportedEvent[]> {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  })
  const parts = mail.attachments ?? []
  const feedback = parts.find((p) => p.contentType === 'message/feedback-report')
  if (feedback) {
    const f = fields(feedback.content.toString('utf8'))
    const type = (f.get('feedback-type') ?? '').toLowerCase()
    if (!type) return []
    return [
      {
        kind: 'complaint',
        status: type.slice(0, 40),
        detail: (f.get('user-agent') ?? '').slice(0, 500) || null,
        recipient: f.get('original-rcpt-to') ?? null,
      },
    ]
  }
  const status = parts.find((p) => p.contentType === 'message/delivery-status')
  if (!status) return []
  // The per-message fields come first, then one block per recipient (RFC 3464 §2.1).
  const blocks = status.content
    .toString('utf8')
    .split(/\r?\n\s*\r?\n/)
    .map(fields)
  const events: ReportedEvent[] = []
  for (const f of blocks.slice(1)) {
    const action = (f.get('action') ?? '').toLowerCase()
    const code = /([245])\.\d{1,3}\.\d{1,3}/.exec(f.get('status') ?? '')?.[0] ?? null
    if (action !== 'failed' && action !== 'delayed') continue
    // A failure with a permanent (5.x.x) status is hard; a delay or a 4.x.x failure is soft.
    const kind: MailEventKind = action === 'failed' && code?.startsWith('5') ? 'hard_bounce' : 'soft_bounce'
    events.push({
      kind,
      status: code,
      detail: (f.get('diagnostic-code') ?? '').slice(0, 500) || null,
      recipient: (f.get('final-recipient') ?? f.get('original-recipient') ?? '').replace(/^rfc822;\s*/i, '') || null,
    })
  }
  return events
}

export type RecordResult = { recorded: boolean; personId: number | null }

/** The person (and newsletter) a delivery or outbox message was for, if it still exists. */
function targetOf(tx: Pick<DB, 'select'>, ref: MailRef): { personId: number; newsletterId: number | null } | null {
  if (ref.type === 'delivery') {
    return (
      tx
        .select({ personId: deliveries.personId, newsletterId: deliveries.newsletterId })
        .from(deliveries)
        .where(eq(deliveries.id, ref.id))
        .get() ?? null
    )
  }
  const row = tx
    .select({ personId: people.id })
    .from(outbox)
    .innerJoin(people, eq(people.email, outbox.toAddress))
    .where(eq(outbox.id, ref.id))
    .get()
  return row ? { personId: row.personId, newsletterId: null } : null
}

/**
 * Records one event for the mail `ref` names, once per `eventKey`, and applies its rule to
 * the person: hard bounce → bounced; 3 soft bounces in 30 days → held; complaint →
 * unsubscribed from newsletters.
 */
export function recordMailEvent(
  db: DB,
  {
    ref,
    event,
    eventKey,
    source,
    now = new Date(),
  }: { ref: MailRef; event: ReportedEvent; eventKey: string; source: 'smtp' | 'webhook'; now?: Date },
): RecordResult {
  return db.transaction((tx): RecordResult => {
    const target = targetOf(tx, ref)
    const personId = target?.personId ?? null
    const inserted = tx
      .insert(mailEvents)
      .values({
        eventKey: eventKey.slice(0, 200),
        kind: event.kind,
        source,
        personId,
        deliveryId: ref.type === 'delivery' && target ? ref.id : null,
        newsletterId: target?.newsletterId ?? null,
        outboxId: ref.type === 'outbox' ? ref.id : null,
        status: event.status,
        detail: event.detail,
        occurredAt: now,
      })
      .onConflictDoNothing()
      .run()
    if (inserted.changes === 0) return { recorded: false, personId }
    if (personId !== null) {
      if (event.kind === 'hard_bounce') {
        tx.update(people).set({ emailBouncedAt: now }).where(eq(people.id, personId)).run()
      } else if (event.kind === 'complaint') {
        tx.update(people)
          .set({ newsletterOptOutAt: now, newsletterDigestSince: null })
          .where(eq(people.id, personId))
          .run()
        leave(tx, personId, 'all', now)
      } else {
        const recent = tx
          .select({ n: count() })
          .from(mailEvents)
          .where(
            and(
              eq(mailEvents.personId, personId),
              eq(mailEvents.kind, 'soft_bounce'),
              gte(mailEvents.occurredAt, new Date(now.getTime() - SOFT_WINDOW_MS)),
            ),
          )
          .get()!.n
        if (recent >= SOFT_BOUNCES_TO_HOLD)
          tx.update(people).set({ emailHeldAt: now }).where(eq(people.id, personId)).run()
      }
    }
    return { recorded: true, personId }
  })
}

/**
 * One report received at `rcptTo` (a return path of ours): parsed and recorded. The event
 * key is the report's Message-ID (or a hash of it) with the recipient's position, so a
 * report delivered twice counts once. Returns how many events were recorded.
 */
export async function receiveReport(
  db: DB,
  { rcptTo, raw, now = new Date() }: { rcptTo: string; raw: Buffer; now?: Date },
): Promise<number> {
  const ref = parseReturnPath(rcptTo)
  if (!ref) return 0
  const events = await parseReport(raw)
  const id =
    /^Message-ID:\s*(\S+)/im.exec(raw.toString('latin1').split(/\r?\n\r?\n/)[0])?.[1] ??
    crypto.createHash('sha256').update(raw).digest('hex')
  let recorded = 0
  events.forEach((event, i) => {
    const r = recordMailEvent(db, { ref, event, eventKey: `smtp:${id}:${i}`, source: 'smtp', now })
    if (r.recorded) recorded++
  })
  return recorded
}

const WEBHOOK_WINDOW_MS = 5 * 60_000

/**
 * Checks a webhook call: the signature is `sha256=<hex>` of HMAC-SHA256("<timestamp>.<body>")
 * with MAIL_WEBHOOK_SECRET, and the timestamp (Unix seconds) is within five minutes, so a
 * captured call cannot be replayed later; a replay inside the window is caught by the
 * events' own ids.
 */
export function verifyWebhook(
  { secret, timestamp, signature, body }: { secret: string; timestamp: string; signature: string; body: string },
  now = new Date(),
): boolean {
  if (!/^[0-9]{1,12}$/.test(timestamp)) return false
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > WEBHOOK_WINDOW_MS) return false
  const expected = Buffer.from(
    `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  )
  const given = Buffer.from(signature)
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
}

export type WebhookEvent = {
  id: string
  type: MailEventKind
  returnPath: string
  status?: string | null
  detail?: string | null
}

/** Records the events of a verified webhook call; each provider event id counts once. */
export function receiveWebhookEvents(db: DB, events: WebhookEvent[], now = new Date()) {
  let recorded = 0
  let ignored = 0
  for (const e of events) {
    const ref = parseReturnPath(e.returnPath)
    if (!ref) {
      ignored++
      continue
    }
    const r = recordMailEvent(db, {
      ref,
      event: { kind: e.type, status: e.status ?? null, detail: e.detail ?? null, recipient: null },
      eventKey: `webhook:${e.id}`,
      source: 'webhook',
      now,
    })
    if (r.recorded) recorded++
    else ignored++
  }
  return { recorded, ignored }
}

/** A person's latest reports, newest first, and whether their address is bounced or held. */
export function personMailEvents(db: Pick<DB, 'select'>, personId: number, limit = 20) {
  const state = db
    .select({ bouncedAt: people.emailBouncedAt, heldAt: people.emailHeldAt })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  const events = db
    .select({
      id: mailEvents.id,
      kind: mailEvents.kind,
      source: mailEvents.source,
      status: mailEvents.status,
      detail: mailEvents.detail,
      occurredAt: mailEvents.occurredAt,
    })
    .from(mailEvents)
    .where(eq(mailEvents.personId, personId))
    .orderBy(desc(mailEvents.occurredAt), desc(mailEvents.id))
    .limit(limit)
    .all()
  return { bouncedAt: state?.bouncedAt ?? null, heldAt: state?.heldAt ?? null, events }
}

/** How many late bounces and complaints a newsletter got, by kind. */
export function newsletterMailEventCounts(db: Pick<DB, 'select'>, newsletterId: number): Record<MailEventKind, number> {
  const rows = db
    .select({ kind: mailEvents.kind, n: count() })
    .from(mailEvents)
    .where(eq(mailEvents.newsletterId, newsletterId))
    .groupBy(mailEvents.kind)
    .all()
  const counts = { hard_bounce: 0, soft_bounce: 0, complaint: 0 }
  for (const r of rows) counts[r.kind] = r.n
  return counts
}

/** Staff send to an address again: the bounce mark and the hold are lifted (the reports stay). */
export function resumeMail(db: DB, personId: number, { actorId }: { actorId: number }): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(people)
      .set({ emailBouncedAt: null, emailHeldAt: null })
      .where(and(eq(people.id, personId), or(isNotNull(people.emailBouncedAt), isNotNull(people.emailHeldAt))))
      .run().changes
    if (changed) recordAudit(tx, { actorId, action: 'person.mail_resumed', entityType: 'person', entityId: personId })
    return changed > 0
  })
}
