/**
 * The policy statement pipeline: call for volunteers → drafting → comment period → ALAC
 * vote → submitted (or withdrawn at any point before), each stage dated. A call for
 * volunteers mails an audience in each reader's language with a one-click link; staff
 * choose the penholders from the volunteers. The public list filters by kind, stage,
 * topic, penholders' region, year and folded full text, and shows each statement in the
 * reader's language (fallback marked).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import {
  audiences,
  type Language,
  people,
  policyStatements,
  type RegionCode,
  statementContributors,
  type StatementKind,
  type StatementStage,
} from '#db/schema'
import { renderCallForVolunteers } from '#emails/statement'
import { formatDate } from '~/lib/format'
import { pickRow } from '~/lib/localised'

import { recordAudit } from './audit.server'
import type { ActorCtx, MailCtx } from './context'
import { audienceWhere, reachable } from './newsletters/audiences.server'
import { enqueueMail } from './outbox.server'
import { recordFor } from './participation.server'
import { containsText } from './search.server'

type Reader = Pick<DB, 'select' | 'selectDistinct'>

/** The pipeline in order; `withdrawn` can be reached from any stage before submission. */
export const PIPELINE: StatementStage[] = [
  'call_for_volunteers',
  'drafting',
  'comment_period',
  'alac_vote',
  'submitted',
]
const FINAL: StatementStage[] = ['submitted', 'withdrawn']

/** The stages a statement may go to next: the following ones (a stage can be skipped), or withdrawn. */
export function nextStages(stage: StatementStage): StatementStage[] {
  if (FINAL.includes(stage)) return []
  return [...PIPELINE.slice(PIPELINE.indexOf(stage) + 1), 'withdrawn']
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

export type StageResult = { ok: true } | { ok: false; error: 'notFound' | 'badTransition' }

/** Moves a statement to `stage` (dated today); submission also dates the statement itself. */
export function advanceStatement(
  db: DB,
  { statementId, stage }: { statementId: number; stage: StatementStage },
  { actorId, now = new Date() }: ActorCtx,
): StageResult {
  return db.transaction(
    (tx): StageResult => {
      const s = tx.select().from(policyStatements).where(eq(policyStatements.id, statementId)).get()
      if (!s) return { ok: false, error: 'notFound' }
      if (!nextStages(s.stage).includes(stage)) return { ok: false, error: 'badTransition' }
      tx.update(policyStatements)
        .set({
          stage,
          stageDates: { ...s.stageDates, [stage]: isoDay(now) },
          ...(stage === 'submitted' ? { publishedAt: now } : {}),
        })
        .where(eq(policyStatements.id, statementId))
        .run()
      recordAudit(tx, {
        actorId,
        action: 'statement.stage',
        entityType: 'policy_statement',
        entityId: statementId,
        details: { from: s.stage, to: stage },
      })
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
}

export type CallResult = { ok: true; queued: number } | { ok: false; error: 'notFound' | 'notCalling' | 'noAudience' }

/** People mailed per transaction by a call for volunteers (the request yields between batches). */
const CALL_BATCH = 200

/**
 * Mails a call for volunteers to an audience, each in their language with the statement's
 * title and summary in it (English marked when missing) and the link to volunteer. Once per
 * person and statement, however often staff press the button.
 */
export async function callForVolunteers(
  db: DB,
  { statementId, audienceId }: { statementId: number; audienceId: number },
  { actorId, baseUrl, now = new Date() }: MailCtx,
): Promise<CallResult> {
  const s = db.select().from(policyStatements).where(eq(policyStatements.id, statementId)).get()
  if (!s) return { ok: false, error: 'notFound' }
  if (s.stage !== 'call_for_volunteers') return { ok: false, error: 'notCalling' }
  const audience = db.select().from(audiences).where(eq(audiences.id, audienceId)).get()
  if (!audience) return { ok: false, error: 'noAudience' }
  const readers = db
    .select({ id: people.id, name: people.name, email: people.email, language: people.preferredLanguage })
    .from(people)
    .where(and(audienceWhere(audience.criteria), reachable))
    .orderBy(asc(people.id))
    .all()
  const link = `${baseUrl.replace(/\/$/, '')}/statements/${statementId}/volunteer`
  let queued = 0
  for (let i = 0; i < readers.length; i += CALL_BATCH) {
    db.transaction((tx) => {
      for (const r of readers.slice(i, i + CALL_BATCH)) {
        const text = statementText(s, r.language)
        const message = renderCallForVolunteers(r.language, {
          name: r.name,
          title: text.title,
          summary: text.summary,
          fallback: text.fallback,
          deadline: s.deadline ? formatDate(new Date(`${s.deadline}T12:00:00Z`), r.language, 'UTC') : null,
          commentUrl: s.commentUrl,
          link,
        })
        const mail = { uniqueKey: `statement:${statementId}:call:${r.id}`, kind: 'statement-call', personId: r.id }
        if (enqueueMail(tx, { ...mail, to: r.email, language: r.language, message }, now)) queued++
      }
    })
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  recordAudit(db, {
    actorId,
    action: 'statement.call_for_volunteers',
    entityType: 'policy_statement',
    entityId: statementId,
    details: { audienceId, queued },
  })
  return { ok: true, queued }
}

export type VolunteerResult = { ok: true; already: boolean } | { ok: false; error: 'notFound' | 'closed' }

/** A signed-in person volunteers (one click from the call): open while calling or drafting. */
export function volunteer(
  db: DB,
  { statementId, personId }: { statementId: number; personId: number },
  now = new Date(),
): VolunteerResult {
  return db.transaction(
    (tx): VolunteerResult => {
      const s = tx.select().from(policyStatements).where(eq(policyStatements.id, statementId)).get()
      if (!s) return { ok: false, error: 'notFound' }
      if (s.stage !== 'call_for_volunteers' && s.stage !== 'drafting') return { ok: false, error: 'closed' }
      const added = tx
        .insert(statementContributors)
        .values({ statementId, personId, role: 'drafting_volunteer' })
        .onConflictDoNothing()
        .run().changes
      if (added) recordFor(tx, personId, 'drafting_volunteer', 'policy_statement', statementId, now)
      return { ok: true, already: added === 0 }
    },
    { behavior: 'immediate' },
  )
}

export type PenholderResult = { ok: true } | { ok: false; error: 'notFound' | 'notVolunteer' | 'none' }

/** Staff choose the penholders among the volunteers (replacing an earlier choice). */
export function choosePenholders(
  db: DB,
  { statementId, personIds }: { statementId: number; personIds: number[] },
  { actorId, now = new Date() }: ActorCtx,
): PenholderResult {
  return db.transaction(
    (tx): PenholderResult => {
      const s = tx.select().from(policyStatements).where(eq(policyStatements.id, statementId)).get()
      if (!s) return { ok: false, error: 'notFound' }
      if (personIds.length === 0) return { ok: false, error: 'none' }
      const volunteers = new Set(
        tx
          .select({ personId: statementContributors.personId })
          .from(statementContributors)
          .where(
            and(
              eq(statementContributors.statementId, statementId),
              eq(statementContributors.role, 'drafting_volunteer'),
            ),
          )
          .all()
          .map((c) => c.personId),
      )
      if (personIds.some((id) => !volunteers.has(id))) return { ok: false, error: 'notVolunteer' }
      tx.delete(statementContributors)
        .where(and(eq(statementContributors.statementId, statementId), eq(statementContributors.role, 'penholder')))
        .run()
      for (const personId of personIds) {
        tx.insert(statementContributors).values({ statementId, personId, role: 'penholder' }).run()
        recordFor(tx, personId, 'statement_penholder', 'policy_statement', statementId, now)
      }
      recordAudit(tx, {
        actorId,
        action: 'statement.penholders',
        entityType: 'policy_statement',
        entityId: statementId,
        details: { personIds },
      })
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
}

type StatementRow = typeof policyStatements.$inferSelect

/** A statement's title and summary in the reader's language, English (or any) when missing. */
export function statementText(s: Pick<StatementRow, 'title' | 'texts'>, language: Language) {
  const rows = Object.entries(s.texts ?? {}).map(([l, v]) => ({ language: l as Language, ...v! }))
  const picked = pickRow(rows, language, (r) => Boolean(r.title.trim()))
  return {
    title: picked?.value.title ?? s.title,
    summary: picked?.value.summary ?? '',
    language: picked?.language ?? ('en' as Language),
    fallback: picked ? picked.fallback : language !== 'en',
  }
}

export type StatementFilters = {
  /** One statement only (its pages). */
  id?: number
  kind?: StatementKind | null
  stage?: StatementStage | null
  topic?: string | null
  region?: RegionCode | null
  year?: number | null
  q?: string | null
  penholderId?: number | null
}

/** Statements, newest first, with their penholders and volunteers, filtered; texts in the reader's language. */
export function listStatements(db: Reader, filters: StatementFilters = {}, language: Language = 'en') {
  const { id, kind, stage, topic, region, year, q, penholderId } = filters
  const where = and(
    id !== undefined ? eq(policyStatements.id, id) : undefined,
    kind ? eq(policyStatements.kind, kind) : undefined,
    stage ? eq(policyStatements.stage, stage) : undefined,
    year ? sql`strftime('%Y', ${policyStatements.publishedAt} / 1000, 'unixepoch') = ${String(year)}` : undefined,
    q?.trim()
      ? containsText(
          sql`fold(${policyStatements.title} || ' ' || coalesce(${policyStatements.texts}, ''))`,
          fold(q.trim()),
        )
      : undefined,
    topic ? sql`exists (select 1 from json_each(${policyStatements.topics}) where value = ${topic})` : undefined,
    region || penholderId
      ? sql`exists (select 1 from ${statementContributors} c join ${people} p on p.id = c.person_id
          where c.statement_id = ${policyStatements.id} and c.role = 'penholder'
          ${region ? sql`and p.region_code = ${region}` : sql``} ${penholderId ? sql`and p.id = ${penholderId}` : sql``})`
      : undefined,
  )
  const rows = db
    .select()
    .from(policyStatements)
    .where(where)
    .orderBy(desc(policyStatements.publishedAt), desc(policyStatements.id))
    .all()
  const contributors = rows.length
    ? db
        .select({
          statementId: statementContributors.statementId,
          role: statementContributors.role,
          personId: people.id,
          name: people.name,
          regionCode: people.regionCode,
        })
        .from(statementContributors)
        .innerJoin(people, eq(people.id, statementContributors.personId))
        .where(
          inArray(
            statementContributors.statementId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(people.name))
        .all()
    : []
  return rows.map((r) => ({
    ...r,
    text: statementText(r, language),
    penholders: contributors.filter((c) => c.statementId === r.id && c.role === 'penholder'),
    volunteers: contributors.filter((c) => c.statementId === r.id && c.role === 'drafting_volunteer'),
  }))
}

/** One statement for its pages. */
export function getStatement(db: Reader, statementId: number, language: Language) {
  return listStatements(db, { id: statementId }, language)[0] ?? null
}

/** Statements still in the pipeline whose deadline falls in the next `days` days (the staff overview). */
export function upcomingDeadlines(db: Reader, language: Language, { now = new Date(), days = 14 } = {}) {
  const from = isoDay(now)
  const to = isoDay(new Date(now.getTime() + days * 86400_000))
  return db
    .select()
    .from(policyStatements)
    .where(
      and(
        sql`${policyStatements.deadline} between ${from} and ${to}`,
        sql`${policyStatements.stage} not in ('submitted', 'withdrawn')`,
      ),
    )
    .orderBy(asc(policyStatements.deadline))
    .all()
    .map((s) => ({ id: s.id, stage: s.stage, deadline: s.deadline!, title: statementText(s, language).title }))
}

/** The years with statements, newest first (the public filter). */
export function statementYears(db: Reader): number[] {
  return db
    .selectDistinct({ year: sql<string>`strftime('%Y', ${policyStatements.publishedAt} / 1000, 'unixepoch')` })
    .from(policyStatements)
    .all()
    .map((r) => Number(r.year))
    .sort((a, b) => b - a)
}
