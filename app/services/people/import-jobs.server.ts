/**
 * The worker's `import-jobs` step: imports and undos, a slice at a time. Each slice is one
 * short IMMEDIATE transaction that does its share of the work and moves the job's cursor
 * together, so after a crash or a restart the job carries on from the last slice written:
 * nothing is written twice, nothing half. Slices are sized to hold the event loop (and
 * the write lock) for about TARGET_SLICE_MS, and the loop gets a turn between them.
 *
 * An import re-reads its upload once per run of the worker (kept in memory while the job
 * goes on) and plans each slice against the people that exist at that moment; the batch's
 * report grows with each slice. An undo first puts back the fields the import changed on
 * people who existed (where nobody has changed them since), then deletes the people it
 * created, except any used while the undo ran (they are kept, and counted).
 *
 * A job whose file is gone, or whose slices keep failing (MAX_FAILURES in a row, a busy
 * database aside), is stopped: what it did stays, its page says how far it went, and the
 * import can be undone (an undo stopped part-way can be asked for again and carries on).
 */
import { asc, eq, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'
import {
  importBatches,
  importChanges,
  type ImportJobResult,
  importJobs,
  importMappings,
  type ImportReport,
  importUploads,
  people,
} from '#db/schema'
import type { Mapping } from '~/lib/person-import'
import { yieldToLoop } from '~/lib/slices.server'

import { recordAudit } from '../audit.server'
import {
  decideSlice,
  type Existing,
  fieldsWriter,
  headerKey,
  importWriter,
  type Lookups,
  lookups,
  mappingProblem,
  optionsPlan,
  type PlanInput,
  readSlice,
} from './import.server'
import { NOT_USE } from './import-batches.server'
import { ImportFileError, readTable, type Table } from './import-file.server'
import { referencedPeople } from './references.server'

type Job = typeof importJobs.$inferSelect
type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

/** How long one slice may hold the event loop and the write lock. */
const TARGET_SLICE_MS = 25
/** Small enough that even the first slice of a kind of work (before its pace is known) is short. */
const FIRST_SLICE = 50
const MIN_SLICE = 20
const MAX_SLICE = 2000
/** Slices that fail in a row (for a reason other than a busy database) before the job is stopped. */
export const MAX_FAILURES = 5

/**
 * The next slice's size: as many rows as fit in TARGET_SLICE_MS going by the last slice, growing
 * at most fourfold at a time (one quick slice is not taken as the pace of the next).
 */
const nextSize = (size: number, ms: number) =>
  Math.max(MIN_SLICE, Math.min(MAX_SLICE, size * 4, Math.round((size * TARGET_SLICE_MS) / Math.max(ms, 1))))

/** What an import keeps in memory between its slices: the file read once, and the emails met so far. */
type ImportContext = {
  jobId: number
  cursor: number
  table: Table
  input: PlanInput
  look: Lookups
  seen: Set<string>
  write: ReturnType<typeof importWriter>
}

// One worker per database; tests open several databases in one process.
const contexts = new WeakMap<DB, ImportContext>()
// Each kind of slice keeps its own pace: putting fields back and deleting people cost differently per person.
type Pace = { import: number; restore: number; delete: number }
const sizes = new WeakMap<DB, Pace>()
const sizeOf = (db: DB) =>
  sizes.get(db) ?? sizes.set(db, { import: FIRST_SLICE, restore: FIRST_SLICE, delete: FIRST_SLICE }).get(db)!

/** The job the worker works on: the oldest not finished. */
function nextJob(db: Pick<DB, 'select'>): Job | undefined {
  return db
    .select()
    .from(importJobs)
    .where(inArray(importJobs.state, ['queued', 'running']))
    .orderBy(asc(importJobs.id))
    .limit(1)
    .get()
}

/** How many imports and undos are waiting or running (the bench waits for none). */
export function pendingImportJobs(db: Pick<DB, 'get'>): number {
  return db.get<{ n: number }>(sql`select count(*) as n from import_jobs where state in ('queued', 'running')`)!.n
}

export type RunOptions = {
  /** The step goes on slice after slice until this has passed (the next tick carries on). */
  budgetMs?: number
  /** A fixed number of rows (import) or people (undo) per slice instead of the timed size. */
  sliceRows?: number
  now?: () => Date
}

/**
 * The worker's step: works through the waiting jobs, oldest first, slice by slice, until
 * none is left or `budgetMs` has passed. Returns how many slices ran and whether work is left.
 */
export async function runImportJobs(
  db: DB,
  { budgetMs = 5000, sliceRows, now = () => new Date() }: RunOptions = {},
): Promise<{ slices: number; more: boolean }> {
  const started = performance.now()
  let slices = 0
  for (let job = nextJob(db); job; job = nextJob(db)) {
    try {
      if (job.kind === 'import') await importSlice(db, job, now(), sliceRows)
      else undoSlice(db, job, now(), sliceRows)
    } catch (error) {
      contexts.delete(db)
      noteFailure(db, job, error, now())
      throw error
    }
    slices++
    await yieldToLoop()
    if (performance.now() - started >= budgetMs) return { slices, more: nextJob(db) !== undefined }
  }
  return { slices, more: false }
}

/** A slice failed: counted (a busy database is not the job's fault), and the job stopped after MAX_FAILURES. */
function noteFailure(db: DB, job: Job, error: unknown, now: Date) {
  if (isDatabaseUnavailable(error)) return
  try {
    db.transaction(
      (tx) => {
        const current = tx.select().from(importJobs).where(eq(importJobs.id, job.id)).get()
        if (!current || current.state === 'done' || current.state === 'stopped') return
        const failures = current.failures + 1
        if (failures >= MAX_FAILURES) stopJob(tx, current, 'failed', now)
        else tx.update(importJobs).set({ failures, updatedAt: now }).where(eq(importJobs.id, job.id)).run()
      },
      { behavior: 'immediate' },
    )
  } catch {
    // The failure itself is what the worker logs.
  }
}

/** Stops a job where it is, saying why; what it did stays (and is audited). */
function stopJob(tx: Tx, job: Job, reason: 'fileGone' | 'unreadable' | 'failed', now: Date) {
  tx.update(importJobs)
    .set({ state: 'stopped', stopReason: reason, updatedAt: now, finishedAt: now })
    .where(eq(importJobs.id, job.id))
    .run()
  recordAudit(
    tx,
    {
      actorId: job.createdById,
      action: job.kind === 'import' ? 'import.stopped' : 'import.undo_stopped',
      entityType: 'import_batch',
      entityId: job.batchId,
      details: { reason, done: job.done, total: job.total },
    },
    now,
  )
}

// ─── Import ───────────────────────────────────────────────────────────────

/**
 * The file of an import job read again (a slice at a time), with the emails of the rows
 * already imported when the job resumes after a restart (so a later duplicate is still one).
 */
async function openImport(db: DB, job: Job): Promise<ImportContext | 'fileGone' | 'unreadable'> {
  const upload = job.uploadId
    ? db.select().from(importUploads).where(eq(importUploads.id, job.uploadId)).get()
    : undefined
  if (!upload?.mapping) return 'fileGone'
  let table: Table
  try {
    table = await readTable(upload.content)
  } catch (error) {
    if (error instanceof ImportFileError) return 'unreadable'
    throw error
  }
  const mapping = upload.mapping as Mapping
  if (mapping.length !== table.header.length || mappingProblem(mapping)) return 'unreadable'
  const input: PlanInput = { mapping, mode: upload.mode, fixes: upload.fixes }
  const look = lookups(db)
  const seen = new Set<string>()
  for (let i = 0; i < job.cursor; i += 1000) {
    for (const r of readSlice(table.rows.slice(i, Math.min(job.cursor, i + 1000)), input, look))
      if (r.fields.email) seen.add(r.fields.email)
    await yieldToLoop()
  }
  const write = importWriter(db, optionsPlan(db, job.options, upload.filename))
  return { jobId: job.id, cursor: job.cursor, table, input, look, seen, write }
}

async function importSlice(db: DB, job: Job, now: Date, sliceRows?: number) {
  let context = contexts.get(db)
  if (!context || context.jobId !== job.id || context.cursor !== job.cursor) {
    contexts.delete(db)
    const opened = await openImport(db, job)
    if (typeof opened === 'string') {
      db.transaction((tx) => stopJob(tx, job, opened, now), { behavior: 'immediate' })
      return
    }
    context = opened
    contexts.set(db, context)
  }
  const ctx = context
  const from = job.cursor
  const size = sliceRows ?? sizeOf(db).import
  const rows = ctx.table.rows.slice(from, from + size)
  // Reading the cells needs no database: done before the transaction, so the lock is held for less.
  const read = readSlice(rows, ctx.input, ctx.look)
  await yieldToLoop()
  const met = new Set<string>()
  const t0 = performance.now()
  const written = db.transaction(
    (tx) => {
      const current = tx.select().from(importJobs).where(eq(importJobs.id, job.id)).get()
      // Moved on meanwhile (another worker, a stop): this slice is dropped, the next pass sees the job as it is.
      if (!current || current.cursor !== from || current.state === 'done' || current.state === 'stopped') return null
      const planned = decideSlice(db, read, ctx.input, ctx.seen, met)
      const created = planned.filter((r) => r.action === 'create')
      const updated = planned.filter((r) => r.action === 'update')
      const skipped = planned.filter((r) => r.action === 'skip')
      const unchanged = planned.filter((r) => r.action === 'unchanged')
      ctx.write.create(created, job.batchId, now)
      ctx.write.unchanged(unchanged, job.batchId)
      ctx.write.update(updated, job.batchId, now)
      ctx.write.skip(skipped, job.batchId)
      const before = tx
        .select({ report: importBatches.report })
        .from(importBatches)
        .where(eq(importBatches.id, job.batchId))
        .get()!.report
      const report: ImportReport = {
        created: before.created + created.length,
        updated: before.updated + updated.length,
        unchanged: before.unchanged + unchanged.length,
        skipped: before.skipped + skipped.length,
      }
      tx.update(importBatches).set({ report }).where(eq(importBatches.id, job.batchId)).run()
      const cursor = from + rows.length
      const finished = cursor >= ctx.table.rows.length
      tx.update(importJobs)
        .set({
          cursor,
          done: cursor,
          total: ctx.table.rows.length,
          state: finished ? 'done' : 'running',
          failures: 0,
          startedAt: current.startedAt ?? now,
          updatedAt: now,
          finishedAt: finished ? now : null,
        })
        .where(eq(importJobs.id, job.id))
        .run()
      if (finished) finishImport(tx, current, ctx, report, now)
      return { cursor, finished }
    },
    { behavior: 'immediate' },
  )
  if (!written) {
    contexts.delete(db)
    return
  }
  for (const email of met) ctx.seen.add(email)
  ctx.cursor = written.cursor
  if (!sliceRows) sizeOf(db).import = nextSize(size, performance.now() - t0)
  if (written.finished) contexts.delete(db)
}

/** The last slice's transaction: the mapping is remembered for the next file with this header, the file dropped. */
function finishImport(tx: Tx, job: Job, ctx: ImportContext, report: ImportReport, now: Date) {
  tx.insert(importMappings)
    .values({ headerKey: headerKey(ctx.table.header), mapping: ctx.input.mapping, updatedAt: now })
    .onConflictDoUpdate({ target: importMappings.headerKey, set: { mapping: ctx.input.mapping, updatedAt: now } })
    .run()
  if (job.uploadId) tx.delete(importUploads).where(eq(importUploads.id, job.uploadId)).run()
  recordAudit(
    tx,
    {
      actorId: job.createdById,
      action: 'import.completed',
      entityType: 'import_batch',
      entityId: job.batchId,
      details: { created: report.created, updated: report.updated, skipped: report.skipped },
    },
    now,
  )
}

// ─── Undo ─────────────────────────────────────────────────────────────────

/** People among `ids` who have been used: pointed at, signed in, or edited by staff. */
function usedAmong(db: DB, ids: number[], batchId: number): Set<number> {
  const used = referencedPeople(db, ids, { ignore: NOT_USE })
  const json = JSON.stringify(ids)
  // A list they joined themselves (not one the import subscribed them to) is a use.
  for (const r of db.all<{ id: number }>(
    sql`select distinct person_id as id from list_subscriptions
        where person_id in (select value from json_each(${json})) and import_batch_id is not ${batchId}`,
  ))
    used.add(r.id)
  for (const r of db.all<{ id: number }>(
    sql`select id from people where id in (select value from json_each(${json})) and password_hash is not null`,
  ))
    used.add(r.id)
  for (const r of db.all<{ id: number }>(
    sql`select distinct cast(entity_id as integer) as id from audit_log
        where entity_type = 'person' and entity_id in (select cast(value as text) from json_each(${json}))`,
  ))
    used.add(r.id)
  return used
}

function undoSlice(db: DB, job: Job, now: Date, sliceRows?: number) {
  const pace = sizeOf(db)
  const t0 = performance.now()
  const did = db.transaction(
    (tx): { phase: 'restore' | 'delete'; size: number } | null => {
      const current = tx.select().from(importJobs).where(eq(importJobs.id, job.id)).get()
      if (!current || current.state === 'done' || current.state === 'stopped') return null
      const result: Required<ImportJobResult> = { deleted: 0, restored: 0, kept: 0, ...current.result }
      const progress = (handled: number) =>
        tx
          .update(importJobs)
          .set({
            state: 'running',
            result,
            done: current.done + handled,
            failures: 0,
            startedAt: current.startedAt ?? now,
            updatedAt: now,
          })
          .where(eq(importJobs.id, job.id))
          .run()

      // First the fields it changed on people who existed: put back where nobody changed them since.
      const changes = tx
        .select({ personId: importChanges.personId, changes: importChanges.changes })
        .from(importChanges)
        .where(eq(importChanges.batchId, job.batchId))
        .orderBy(importChanges.personId)
        .limit(sliceRows ?? pace.restore)
        .all()
      if (changes.length) {
        const ids = JSON.stringify(changes.map((c) => c.personId))
        const found = tx.all<Existing>(
          sql`select id, email, name, preferred_language as preferredLanguage, time_zone as timeZone,
                     region_code as regionCode, structure_id as structureId, member_type as memberType, phone,
                     erased_at as erasedAt
              from people where id in (select value from json_each(${ids}))`,
        )
        const byId = new Map(found.map((p) => [p.id, p]))
        const back: { id: number; email: string; values: Record<string, unknown> }[] = []
        for (const change of changes) {
          const person = byId.get(change.personId)
          if (!person || person.erasedAt) continue
          const values: Record<string, unknown> = {}
          for (const [field, c] of Object.entries(change.changes))
            if ((person as Record<string, unknown>)[field] === c.to) values[field] = c.from
          if (Object.keys(values).length) back.push({ id: person.id, email: person.email, values })
        }
        fieldsWriter(db)(back, now)
        tx.run(
          sql`delete from import_changes where batch_id = ${job.batchId}
              and person_id in (select value from json_each(${ids}))`,
        )
        result.restored += back.length
        progress(changes.length)
        return { phase: 'restore', size: changes.length }
      }

      // Then the people it created, unless they were used meanwhile (they stay, out of the batch).
      const created = tx
        .select({ id: people.id })
        .from(people)
        .where(eq(people.importBatchId, job.batchId))
        .orderBy(people.id)
        .limit(sliceRows ?? pace.delete)
        .all()
        .map((p) => p.id)
      if (created.length) {
        const used = usedAmong(db, created, job.batchId)
        const gone = created.filter((id) => !used.has(id))
        // The lists the import subscribed them to go too (a person kept keeps only what they chose).
        tx.run(
          sql`delete from list_subscriptions where import_batch_id = ${job.batchId}
              and person_id in (select value from json_each(${JSON.stringify(created)}))`,
        )
        if (used.size)
          tx.run(
            sql`update people set import_batch_id = null
                where id in (select value from json_each(${JSON.stringify([...used])}))`,
          )
        if (gone.length)
          tx.run(sql`delete from people where id in (select value from json_each(${JSON.stringify(gone)}))`)
        result.deleted += gone.length
        result.kept += used.size
        progress(created.length)
        return { phase: 'delete', size: created.length }
      }

      // Nothing left: the batch is undone.
      tx.update(importBatches).set({ undoneAt: now }).where(eq(importBatches.id, job.batchId)).run()
      tx.update(importJobs)
        .set({
          state: 'done',
          result,
          failures: 0,
          startedAt: current.startedAt ?? now,
          updatedAt: now,
          finishedAt: now,
        })
        .where(eq(importJobs.id, job.id))
        .run()
      recordAudit(
        tx,
        {
          actorId: job.createdById,
          action: 'import.undone',
          entityType: 'import_batch',
          entityId: job.batchId,
          details: result,
        },
        now,
      )
      return null
    },
    { behavior: 'immediate' },
  )
  if (did && !sliceRows) pace[did.phase] = nextSize(did.size, performance.now() - t0)
}
