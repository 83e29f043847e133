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
export const NOT_USE = ['import_changes.person_id']

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

export type ReportRow =
  | { outcome: 'create'; email: string; name: string }
  | { outcome: 'update'; email: string; name: string; fields: string[] }
  | { outcome: 'skip'; line: number; email: string; reasons: string[] }

const REPORT_PAGE = 500

/**
 * A batch's report, a page of rows at a time (each page one indexed read from where the last
 * ended; the event loop gets a turn between pages): the people it created, those it updated
 * with the fields it changed, then the rows it skipped with their reasons.
 */
export async function* batchReportPages(db: Reader, batchId: number, size = REPORT_PAGE): AsyncGenerator<ReportRow[]> {
  for (let last = 0; ;) {
    const created = db.all<{ id: number; email: string; name: string }>(
      sql`select id, email, name from people where import_batch_id = ${batchId} and id > ${last} order by id limit ${size}`,
    )
    if (!created.length) break
    yield created.map((p) => ({ outcome: 'create' as const, email: p.email, name: p.name }))
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
      outcome: 'update' as const,
      email: u.email,
      name: u.name,
      fields: Object.keys(u.changes),
    }))
    last = updated.at(-1)!.id
    await yieldToLoop()
  }
  for (let last = 0; ;) {
    const skipped = db
      .select({ line: importSkippedRows.line, email: importSkippedRows.email, reasons: importSkippedRows.reasons })
      .from(importSkippedRows)
      .where(and(eq(importSkippedRows.batchId, batchId), sql`${importSkippedRows.line} > ${last}`))
      .orderBy(importSkippedRows.line)
      .limit(size)
      .all()
    if (!skipped.length) break
    yield skipped.map((s) => ({ outcome: 'skip' as const, ...s }))
    last = skipped.at(-1)!.line
    await yieldToLoop()
  }
}
