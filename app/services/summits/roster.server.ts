/**
 * The roster: nomination by address, status and funding decisions (each change
 * audited and told to the participant in their language), region balance, filters.
 */
import { and, asc, count, eq, type SQL } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, REGION_CODES, type RegionCode } from '#db/domain'
import { events, people, structures, summitParticipations } from '#db/schema'
import { renderSummitMail, type SummitMailKind } from '#emails/summit'
import { pageWindow } from '~/lib/paging'
import { emailsByLine, type LineProblem } from '~/lib/pasted-emails'

import { recordAudit } from '../audit.server'
import type { MailCtx } from '../context'
import { enqueueMail } from '../outbox.server'
import { emailIs } from '../people.server'
import {
  type FundingDecision,
  participantColumns,
  type ParticipationStatus,
  personMatches,
  type Reader,
  summitTitle,
} from './summit.server'

export type RosterFilters = {
  regionCode?: RegionCode | null
  structureId?: number | null
  status?: ParticipationStatus | null
  funding?: FundingDecision | null
  language?: Language | null
  q?: string | null
}

function rosterWhere(summitId: number, f: RosterFilters): SQL | undefined {
  const where: SQL[] = [eq(summitParticipations.eventId, summitId)]
  if (f.regionCode) where.push(eq(people.regionCode, f.regionCode))
  if (f.structureId) where.push(eq(summitParticipations.structureId, f.structureId))
  if (f.status) where.push(eq(summitParticipations.status, f.status))
  if (f.funding) where.push(eq(summitParticipations.funding, f.funding))
  if (f.language) where.push(eq(people.preferredLanguage, f.language))
  if (f.q) where.push(personMatches(f.q))
  return and(...where)
}

const rosterColumns = {
  ...participantColumns,
  structureId: summitParticipations.structureId,
  status: summitParticipations.status,
  funding: summitParticipations.funding,
  fundingReason: summitParticipations.fundingReason,
  checkedInAt: summitParticipations.checkedInAt,
}

/** The whole roster a filter keeps, by region then name (the CSV export). */
export function roster(db: Reader, summitId: number, f: RosterFilters = {}) {
  return db
    .select(rosterColumns)
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .where(rosterWhere(summitId, f))
    .orderBy(asc(people.regionCode), asc(people.name), asc(summitParticipations.id))
    .all()
}

/** One page of the roster a filter keeps (`?page=`, clamped), counted and paged in SQL. */
export function rosterPage(
  db: Reader,
  summitId: number,
  f: RosterFilters,
  { page, size }: { page: string | null; size: number },
) {
  const where = rosterWhere(summitId, f)
  const total =
    db
      .select({ n: count() })
      .from(summitParticipations)
      .innerJoin(people, eq(people.id, summitParticipations.personId))
      .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
      .where(where)
      .get()?.n ?? 0
  const window = pageWindow(total, page, size)
  const rows = db
    .select(rosterColumns)
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .where(where)
    .orderBy(asc(people.regionCode), asc(people.name), asc(summitParticipations.id))
    .limit(size)
    .offset(window.offset)
    .all()
  return { page: window.page, pages: window.pages, total, rows }
}

/**
 * Nominated and confirmed people per region, with each region's share against an
 * even fifth, so an unbalanced roster shows at the top of the page.
 */
export function regionBalance(db: Reader, summitId: number) {
  const rows = db
    .select({ regionCode: people.regionCode, status: summitParticipations.status, n: count() })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .where(eq(summitParticipations.eventId, summitId))
    .groupBy(people.regionCode, summitParticipations.status)
    .all()
  const active = (code: string) =>
    rows
      .filter((r) => r.regionCode === code && (r.status === 'nominated' || r.status === 'confirmed'))
      .reduce((a, r) => a + r.n, 0)
  const total = REGION_CODES.reduce((a, code) => a + active(code), 0)
  return REGION_CODES.map((code) => {
    const n = active(code)
    const share = total ? n / total : 0
    return {
      regionCode: code,
      active: n,
      confirmed: rows.find((r) => r.regionCode === code && r.status === 'confirmed')?.n ?? 0,
      share,
      // More than a third away from an even fifth either way.
      unbalanced: total > 0 && Math.abs(share - 0.2) > 0.2 / 3,
    }
  })
}

function participantMail(
  tx: Pick<DB, 'select' | 'insert'>,
  participationId: number,
  kind: SummitMailKind,
  baseUrl: string,
  now: Date,
) {
  const row = tx
    .select({
      personId: people.id,
      email: people.email,
      name: people.name,
      language: people.preferredLanguage,
      eventId: summitParticipations.eventId,
      funding: summitParticipations.funding,
      reason: summitParticipations.fundingReason,
    })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .where(eq(summitParticipations.id, participationId))
    .get()
  if (!row) return
  const summit = tx.select({ slug: events.slug }).from(events).where(eq(events.id, row.eventId)).get()!
  const title = summitTitle(tx, row.eventId, row.language) ?? summit.slug
  enqueueMail(tx, {
    uniqueKey: `summit:${participationId}:${kind}:${now.getTime()}`,
    kind: `summit_${kind}`,
    personId: row.personId,
    to: row.email,
    language: row.language,
    message: renderSummitMail(kind, row.language, {
      name: row.name,
      title,
      funding: row.funding,
      reason: row.reason,
      pageUrl: `${baseUrl}/summits/${summit.slug}`,
    }),
  })
}

/** Nominates people by address (one per line); unknown lines are reported, the others stored. */
export function nominate(
  db: DB,
  { summitId, text }: { summitId: number; text: string },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { added: number; already: number; failed: LineProblem[] } {
  return db.transaction(
    (tx) => {
      const result = { added: 0, already: 0, failed: [] as LineProblem[] }
      for (const l of emailsByLine(text)) {
        const person = l.email
          ? tx.select({ id: people.id, structureId: people.structureId }).from(people).where(emailIs(l.email)).get()
          : undefined
        if (!person) {
          result.failed.push({ line: l.line, text: l.text, reason: l.email ? 'unknown' : 'noEmail' })
          continue
        }
        const inserted = tx
          .insert(summitParticipations)
          .values({
            eventId: summitId,
            personId: person.id,
            structureId: person.structureId,
            status: 'nominated',
            funding: 'pending',
          })
          .onConflictDoNothing()
          .returning({ id: summitParticipations.id })
          .get()
        if (!inserted) {
          result.already++
          continue
        }
        recordAudit(
          tx,
          {
            actorId,
            action: 'summit.nominated',
            entityType: 'summit_participation',
            entityId: inserted.id,
            details: { summitId, personId: person.id },
          },
          now,
        )
        participantMail(tx, inserted.id, 'nominated', baseUrl, now)
        result.added++
      }
      return result
    },
    { behavior: 'immediate' },
  )
}

const NEXT: Record<ParticipationStatus, ParticipationStatus[]> = {
  nominated: ['confirmed', 'declined', 'withdrawn'],
  confirmed: ['withdrawn'],
  declined: ['nominated'],
  withdrawn: ['nominated'],
}

export function allowedStatuses(current: ParticipationStatus): ParticipationStatus[] {
  return NEXT[current]
}

export function setStatus(
  db: DB,
  { summitId, participationId, status }: { summitId: number; participationId: number; status: ParticipationStatus },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { ok: true } | { ok: false; error: 'notFound' | 'notAllowed' } {
  return db.transaction(
    (tx) => {
      const row = tx
        .select()
        .from(summitParticipations)
        .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
        .get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      if (!NEXT[row.status].includes(status)) return { ok: false as const, error: 'notAllowed' as const }
      tx.update(summitParticipations)
        .set({ status, updatedAt: now })
        .where(eq(summitParticipations.id, participationId))
        .run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'summit.status',
          entityType: 'summit_participation',
          entityId: participationId,
          details: { from: row.status, to: status },
        },
        now,
      )
      participantMail(tx, participationId, status, baseUrl, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

export function setFunding(
  db: DB,
  {
    summitId,
    participationId,
    funding,
    reason,
  }: { summitId: number; participationId: number; funding: FundingDecision; reason: string },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): { ok: true } | { ok: false; error: 'notFound' } {
  return db.transaction(
    (tx) => {
      const row = tx
        .select()
        .from(summitParticipations)
        .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
        .get()
      if (!row) return { ok: false as const, error: 'notFound' as const }
      tx.update(summitParticipations)
        .set({ funding, fundingReason: reason || null, updatedAt: now })
        .where(eq(summitParticipations.id, participationId))
        .run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'summit.funding',
          entityType: 'summit_participation',
          entityId: participationId,
          details: { from: row.funding, to: funding, reason },
        },
        now,
      )
      if (row.funding !== funding && funding !== 'pending')
        participantMail(tx, participationId, 'funding', baseUrl, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/**
 * One roster row saved from its single form: the status when it changed (and is a step the
 * status allows), the funding decision when it or its reason changed.
 */
export function saveRosterRow(
  db: DB,
  input: {
    summitId: number
    participationId: number
    status: ParticipationStatus
    funding: FundingDecision
    reason: string
  },
  ctx: MailCtx,
): { ok: true; changed: boolean } | { ok: false; error: 'notFound' | 'notAllowed' } {
  const row = db
    .select()
    .from(summitParticipations)
    .where(and(eq(summitParticipations.id, input.participationId), eq(summitParticipations.eventId, input.summitId)))
    .get()
  if (!row) return { ok: false, error: 'notFound' }
  if (input.status !== row.status && !NEXT[row.status].includes(input.status)) return { ok: false, error: 'notAllowed' }
  let changed = false
  if (input.status !== row.status) {
    const r = setStatus(db, input, ctx)
    if (!r.ok) return r
    changed = true
  }
  if (input.funding !== row.funding || (input.reason || null) !== row.fundingReason) {
    const r = setFunding(db, input, ctx)
    if (!r.ok) return r
    changed = true
  }
  return { ok: true, changed }
}

export type BulkChange =
  { kind: 'status'; status: ParticipationStatus } | { kind: 'funding'; funding: FundingDecision; reason: string }

/**
 * The same change for the selected rows (e.g. confirm fifteen nominees at once). Rows the
 * change does not apply to (a status step not allowed, already so, not this summit's) are
 * counted as skipped; each row is its own transaction, so a skipped row changes nothing.
 */
export function bulkChangeRoster(
  db: DB,
  { summitId, ids, change }: { summitId: number; ids: number[]; change: BulkChange },
  ctx: MailCtx,
): { changed: number; skipped: number } {
  let changed = 0
  let skipped = 0
  for (const participationId of [...new Set(ids)].slice(0, 500)) {
    const row = db
      .select({ status: summitParticipations.status, funding: summitParticipations.funding })
      .from(summitParticipations)
      .where(and(eq(summitParticipations.id, participationId), eq(summitParticipations.eventId, summitId)))
      .get()
    const result = !row
      ? { ok: false }
      : change.kind === 'status'
        ? row.status === change.status
          ? { ok: false }
          : setStatus(db, { summitId, participationId, status: change.status }, ctx)
        : setFunding(db, { summitId, participationId, funding: change.funding, reason: change.reason }, ctx)
    if (result.ok) changed++
    else skipped++
  }
  return { changed, skipped }
}
