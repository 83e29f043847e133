/**
 * An import's batch: what it did (its report; the rows it skipped, a page at a time; the
 * report as CSV rows, a page at a time), the jobs that do it and undo it, where they
 * are, and asking for the undo. Everything here reads a bounded number of rows per
 * statement, so the batch's page stays cheap whatever the size of the file.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { importBatches, importChanges, importJobs, importSkippedRows, people } from '#db/schema'
import { SKIPPED_PAGE_SIZE } from '~/lib/person-import'
import { yieldToLoop } from '~/lib/slices.server'

import type { ActorCtx } from '../context'
import { referencingTablesInRange } from './references.server'

type Reader = Pick<DB, 'select' | 'get' | 'all'>

const batchColumns = {
  id: importBatches.id,
  filename: importBatches.filename,
  mode: importBatches.mode,
  report: importBatches.report,
  undoneAt: importBatches.undoneAt,
  createdAt: importBatches.createdAt,
  by: people.name,
}

const jobColumns = {
  id: importJobs.id,
  batchId: importJobs.batchId,
  kind: importJobs.kind,
  state: importJobs.state,
  total: importJobs.total,
  done: importJobs.done,
  result: importJobs.result,
  stopReason: importJobs.stopReason,
  createdAt: importJobs.createdAt,
  startedAt: importJobs.startedAt,
  updatedAt: importJobs.updatedAt,
  finishedAt: importJobs.finishedAt,
}

export type BatchJob = {
  id: number
  kind: 'import' | 'undo'
  state: 'queued' | 'running' | 'done' | 'stopped'
  total: number
  done: number
  result: { deleted?: number; restored?: number; kept?: number }
  stopReason: string | null
  createdAt: Date
  startedAt: Date | null
  updatedAt: Date | null
  finishedAt: Date | null
}

/**
 * Where a batch is: its import waiting for the worker or running, stopped part-way, done
 * (imported), its undo running or stopped part-way, or undone.
 */
export type BatchState = 'waiting' | 'importing' | 'stopped' | 'imported' | 'undoing' | 'undoStopped' | 'undone'

const active = (job: BatchJob | null) => job !== null && (job.state === 'queued' || job.state === 'running')

export function batchState(
  batch: { undoneAt: Date | null },
  jobs: { importJob: BatchJob | null; undoJob: BatchJob | null },
): BatchState {
  if (batch.undoneAt) return 'undone'
  if (active(jobs.undoJob)) return 'undoing'
  if (jobs.importJob?.state === 'queued') return 'waiting'
  if (jobs.importJob?.state === 'running') return 'importing'
  if (jobs.importJob?.state === 'stopped') return 'stopped'
  if (jobs.undoJob?.state === 'stopped') return 'undoStopped'
  // A batch from before imports were jobs has none: it was imported in one go.
  return 'imported'
}

/** The latest import job and undo job of each batch. */
function jobsOf(db: Reader, batchIds: number[]) {
  const byBatch = new Map<number, { importJob: BatchJob | null; undoJob: BatchJob | null }>()
  for (const id of batchIds) byBatch.set(id, { importJob: null, undoJob: null })
  if (!batchIds.length) return byBatch
  const rows = db
    .select(jobColumns)
    .from(importJobs)
    .where(inArray(importJobs.batchId, batchIds))
    .orderBy(importJobs.id)
    .all()
  for (const { batchId, ...job } of rows) {
    const entry = byBatch.get(batchId)!
    if (job.kind === 'import') entry.importJob = job
    else entry.undoJob = job
  }
  return byBatch
}

function withJobs<T extends { id: number; undoneAt: Date | null }>(db: Reader, batches: T[]) {
  const jobs = jobsOf(
    db,
    batches.map((b) => b.id),
  )
  return batches.map((b) => {
    const j = jobs.get(b.id)!
    return { ...b, ...j, state: batchState(b, j) }
  })
}

/** The latest imports, newest first, with where each is. */
export function listBatches(db: Reader, limit = 10) {
  const batches = db
    .select(batchColumns)
    .from(importBatches)
    .leftJoin(people, eq(people.id, importBatches.createdById))
    .orderBy(sql`${importBatches.id} desc`)
    .limit(limit)
    .all()
  return withJobs(db, batches)
}

export function getBatch(db: Reader, id: number) {
  const batch = db
    .select(batchColumns)
    .from(importBatches)
    .leftJoin(people, eq(people.id, importBatches.createdById))
    .where(eq(importBatches.id, id))
    .get()
  return batch ? withJobs(db, [batch])[0] : null
}

// ─── Undo ─────────────────────────────────────────────────────────────────

/** What shows a created person has been used: anything pointing at them but the import's own bookkeeping. */
export const NOT_USE = ['import_changes.person_id', 'import_rows.person_id', 'list_subscriptions.person_id']

/**
 * Whether a batch can still be undone, and if not why: people it created have signed in,
 * registered, been mailed, noted, given a role… (anything that points at them). A few
 * indexed reads whatever the size of the batch (references.server.ts, referencingTablesInRange).
 */
export function undoBlockers(db: Reader, batchId: number) {
  const range = db.get<{ lo: number | null; hi: number | null; n: number }>(
    sql`select min(id) as lo, max(id) as hi, count(*) as n from people where import_batch_id = ${batchId}`,
  )!
  if (!range.n || range.lo === null || range.hi === null) return { created: 0, blockers: [] as string[] }
  const inBatch = sql`p.import_batch_id = ${batchId}`
  const blockers = referencingTablesInRange(db, { lo: range.lo, hi: range.hi, where: inBatch, ignore: NOT_USE })
  const signedIn = db.all(
    sql`select 1 from people where id between ${range.lo} and ${range.hi} and import_batch_id = ${batchId}
        and password_hash is not null limit 1`,
  )
  if (signedIn.length) blockers.push('signedIn')
  // Staff edits are audited: entries about a person, written since the batch, read by time.
  const since = db.get<{ at: number }>(sql`select created_at as at from import_batches where id = ${batchId}`)?.at ?? 0
  const edited = db.all(
    sql`select 1 from audit_log a cross join people p
        where a.at >= ${since} and +a.entity_type = 'person' and p.id = cast(a.entity_id as integer)
          and p.import_batch_id = ${batchId}
        limit 1`,
  )
  if (edited.length) blockers.push('edited')
  // Lists they joined themselves; those the import subscribed them to are its own (the undo removes them).
  const joined = db.all(
    sql`select 1 from list_subscriptions s join people p on p.id = s.person_id
        where p.id between ${range.lo} and ${range.hi} and p.import_batch_id = ${batchId}
          and s.import_batch_id is not ${batchId}
        limit 1`,
  )
  if (joined.length) blockers.push('list_subscriptions')
  return { created: range.n, blockers }
}

export type UndoResult =
  | { ok: true; jobId: number }
  | { ok: false; error: 'notFound' | 'alreadyUndone' | 'used' | 'busy'; blockers?: string[] }

/**
 * Asks for a batch's undo: refused once a created person has been used, or while the import
 * still runs. The worker then deletes the people it created and puts back the fields it
 * changed on existing people (where nobody has changed them since), a slice at a time
 * (import-jobs.server.ts); asking again while it runs changes nothing, and after an undo
 * stopped part-way it carries on from where it stopped.
 */
export function undoImport(db: DB, { batchId }: { batchId: number }, { actorId, now = new Date() }: ActorCtx) {
  return db.transaction(
    (tx): UndoResult => {
      const batch = tx.select().from(importBatches).where(eq(importBatches.id, batchId)).get()
      if (!batch) return { ok: false, error: 'notFound' }
      if (batch.undoneAt) return { ok: false, error: 'alreadyUndone' }
      const { importJob, undoJob } = jobsOf(tx, [batchId]).get(batchId)!
      if (active(importJob)) return { ok: false, error: 'busy' }
      if (undoJob && active(undoJob)) return { ok: true, jobId: undoJob.id }
      const { blockers } = undoBlockers(tx, batchId)
      if (blockers.length) return { ok: false, error: 'used', blockers }
      const changed = tx.get<{ n: number }>(
        sql`select count(*) as n from import_changes where batch_id = ${batchId}`,
      )!.n
      const created = batchPeopleCount(tx, batchId)
      const jobId = tx
        .insert(importJobs)
        .values({
          kind: 'undo',
          batchId,
          createdById: actorId,
          total: changed + created,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: importJobs.id })
        .get().id
      return { ok: true, jobId }
    },
    { behavior: 'immediate' },
  )
}

/**
 * People an import batch created that are still in the directory (for the batch page). An
 * erased or merged person leaves the batch (their import_batch_id is cleared), so this is
 * a count of the batch's index.
 */
export function batchPeopleCount(db: Pick<DB, 'get'>, batchId: number): number {
  return db.get<{ n: number }>(sql`select count(*) as n from people where import_batch_id = ${batchId}`)!.n
}

// ─── The report ───────────────────────────────────────────────────────────

/** One page of the rows a batch skipped, in the file's order. */
export function skippedRows(
  db: Reader,
  { batchId, page, size = SKIPPED_PAGE_SIZE }: { batchId: number; page: number; size?: number },
) {
  return db
    .select({ line: importSkippedRows.line, email: importSkippedRows.email, reasons: importSkippedRows.reasons })
    .from(importSkippedRows)
    .where(eq(importSkippedRows.batchId, batchId))
    .orderBy(importSkippedRows.line)
    .limit(size)
    .offset((page - 1) * size)
    .all()
}

export type ReportRow = {
  /** The row's line in the file (null for the people of an import made before lines were kept). */
  line: number | null
  outcome: 'create' | 'update' | 'unchanged' | 'skip'
  email: string
  name: string | null
  /** An update: the fields it changed (while the import is not undone); a skipped row: its reasons. */
  fields: string[]
  reasons: string[]
}

const REPORT_PAGE = 500

/** Whether the batch kept each row's line (imports since lines were kept; older ones have skipped rows only). */
export function hasRowLines(
  db: Pick<DB, 'get'>,
  batchId: number,
  report: { skipped: number; created: number; updated: number; unchanged: number },
) {
  if (report.created + report.updated + report.unchanged === 0) return true
  return Boolean(db.get(sql`select 1 as x from import_rows where batch_id = ${batchId} limit 1`))
}

type LineRow = {
  line: number
  outcome: ReportRow['outcome']
  email: string | null
  name: string | null
  changes: string | null
  reasons: string | null
}

/**
 * Rows of the report in the file's order, from after line `after` (and `offset` rows further): every row
 * the import wrote or left as it was, and every row it skipped. Each of the two tables is read by its index
 * up to what the page needs, so a page costs the same wherever it is in the file.
 */
function lineRows(
  db: Pick<DB, 'all'>,
  {
    batchId,
    after = 0,
    offset = 0,
    size,
    only,
  }: { batchId: number; after?: number; offset?: number; size: number; only?: 'skip' },
): ReportRow[] {
  const upTo = offset + size
  const skippedPart = sql`select * from (select line, 'skip' as outcome, email, null as name, null as changes, reasons
      from import_skipped_rows where batch_id = ${batchId} and line > ${after} order by line limit ${upTo})`
  const rows = db.all<LineRow>(
    only === 'skip'
      ? sql`${skippedPart} order by line limit ${size} offset ${offset}`
      : sql`select * from (select r.line, r.outcome, p.email, p.name, c.changes, null as reasons
          from import_rows r
          left join people p on p.id = r.person_id
          left join import_changes c on r.outcome = 'update' and c.batch_id = r.batch_id and c.person_id = r.person_id
          where r.batch_id = ${batchId} and r.line > ${after} order by r.line limit ${upTo})
        union all ${skippedPart}
        order by line limit ${size} offset ${offset}`,
  )
  return rows.map((r) => ({
    line: r.line,
    outcome: r.outcome,
    email: r.email ?? '',
    name: r.name,
    fields: r.changes ? Object.keys(JSON.parse(r.changes) as object) : [],
    reasons: r.reasons ? (JSON.parse(r.reasons) as string[]) : [],
  }))
}

/** One page of the report's rows in the file's order (all of them, or only the skipped ones). */
export function reportRows(
  db: Pick<DB, 'all'>,
  { batchId, page, only, size = SKIPPED_PAGE_SIZE }: { batchId: number; page: number; only?: 'skip'; size?: number },
) {
  return lineRows(db, { batchId, offset: (page - 1) * size, size, only })
}

/**
 * A batch's report, a page of rows at a time in the file's order (each page one indexed read of each
 * table from where the last ended; the event loop gets a turn between pages), each row with its line:
 * the people it created, those it updated with the fields it changed, those it left as they were, and
 * the rows it skipped with their reasons. An import from before lines were kept lists its people first.
 */
export async function* batchReportPages(db: Reader, batchId: number, size = REPORT_PAGE): AsyncGenerator<ReportRow[]> {
  const report = db
    .select({ report: importBatches.report })
    .from(importBatches)
    .where(eq(importBatches.id, batchId))
    .get()?.report
  if (!report) return
  if (hasRowLines(db, batchId, report)) {
    for (let after = 0; ;) {
      const rows = lineRows(db, { batchId, after, size })
      if (!rows.length) break
      yield rows
      after = rows.at(-1)!.line!
      await yieldToLoop()
    }
    return
  }
  for (let last = 0; ;) {
    const created = db.all<{ id: number; email: string; name: string }>(
      sql`select id, email, name from people where import_batch_id = ${batchId} and id > ${last} order by id limit ${size}`,
    )
    if (!created.length) break
    yield created.map((p) => ({
      line: null,
      outcome: 'create' as const,
      email: p.email,
      name: p.name,
      fields: [],
      reasons: [],
    }))
    last = created.at(-1)!.id
    await yieldToLoop()
  }
  for (let last = 0; ;) {
    const updated = db
      .select({ id: people.id, email: people.email, name: people.name, changes: importChanges.changes })
      .from(importChanges)
      .innerJoin(people, eq(people.id, importChanges.personId))
      .where(and(eq(importChanges.batchId, batchId), sql`${importChanges.personId} > ${last}`))
      .orderBy(importChanges.personId)
      .limit(size)
      .all()
    if (!updated.length) break
    yield updated.map((u) => ({
      line: null,
      outcome: 'update' as const,
      email: u.email,
      name: u.name,
      fields: Object.keys(u.changes),
      reasons: [],
    }))
    last = updated.at(-1)!.id
    await yieldToLoop()
  }
  for (let after = 0; ;) {
    const skipped = lineRows(db, { batchId, after, size, only: 'skip' })
    if (!skipped.length) break
    yield skipped
    after = skipped.at(-1)!.line!
    await yieldToLoop()
  }
}
