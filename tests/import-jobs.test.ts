/**
 * Big directory work off the request. An import and its undo are queued by their pages and
 * done by the worker a slice at a time: the same results as the preview promised, a restart
 * (a new connection, nothing in memory) carries on to the same end, a slice that meets a
 * locked database writes nothing and is tried again, the undo puts everything back (keeping
 * anyone used while it ran), and a job whose file is gone stops and says how far it went.
 * The import's page says how far it is and lists the skipped rows fifty at a time; the
 * report CSV and the directory's exports stream the same rows as a plain read of the table.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { and, eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type DB, openDatabase, setDb } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS, seed } from '#db/seed'
import { IMPORT_MAX_BYTES } from '~/lib/person-import'
import * as exportPage from '~/routes/staff.people.export.$format'
import * as startPage from '~/routes/staff.people.import._index'
import * as previewPage from '~/routes/staff.people.import.$upload'
import * as batchPage from '~/routes/staff.people.import.batches.$id'
import * as reportCsv from '~/routes/staff.people.import.batches.$id.report[.]csv'
import { pruneExpired } from '~/services/housekeeping.server'
import { findPersonIdByEmail } from '~/services/people.server'
import { planImport, saveUpload } from '~/services/people/import.server'
import { readTable } from '~/services/people/import-file.server'
import { MAX_FAILURES, runImportJobs } from '~/services/people/import-jobs.server'
import { registerForEvent } from '~/services/registrations.server'

import { bodyLimitFor } from '../server/security'
import { cookieFor, dataOf, formRequest, getRequest, run } from './helpers/http'
import { expectSearchIndexIntact } from './helpers/search-index'
import { createWebinar } from './helpers/webinar'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-import-jobs-'))
const file = path.join(dir, 'app.db')
let db: DB
let staff: string
let staffId: number

beforeAll(async () => {
  db = openDatabase(file)
  setDb(db)
  await seed(db, { participants: 20 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
  // 300 people already in the directory, whom the file updates (or leaves as they are).
  db.transaction((tx) => {
    for (let i = 0; i < 300; i++)
      tx.insert(s.people)
        .values({ email: `old.${i}@x.org`, name: `Old Person ${i}`, regionCode: 'AFRALO', preferredLanguage: 'en' })
        .run()
  })
})
afterAll(() => {
  expectSearchIndexIntact(db)
  db.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
}, 60_000)

/** A server restart: a new connection to the same file, nothing kept in memory. */
function restart() {
  db.$client.close()
  db = openDatabase(file)
  setDb(db)
}

/** What the worker does: every queued import and undo, to the end. */
async function finishJobs(options: Parameters<typeof runImportJobs>[1] = {}) {
  while ((await runImportJobs(db, options)).more);
}

type BatchPage = Awaited<ReturnType<typeof batchPage.loader>>
const batchPageData = async (batchId: number, query = '') =>
  dataOf<BatchPage>(
    await run(batchPage.loader, getRequest(`/staff/people/import/batches/${batchId}${query}`, { cookie: staff }), {
      id: String(batchId),
    }),
  )

/** Uploads a file through the page and presses Import with the mapping it offers; returns the batch. */
async function startImport(text: string, mode: 'fill_empty' | 'overwrite' = 'overwrite') {
  const form = new FormData()
  form.append('file', new File([text], 'list.csv'))
  const uploaded = (await run(
    startPage.action,
    new Request('http://app.test/staff/people/import', { method: 'POST', body: form, headers: { Cookie: staff } }),
  )) as Response
  const id = uploaded.headers.get('Location')!.split('/').pop()!
  const preview = dataOf<Awaited<ReturnType<typeof previewPage.loader>>>(
    await run(previewPage.loader, getRequest(`/staff/people/import/${id}`, { cookie: staff }), { upload: id }),
  )
  const fields: Record<string, string> = { intent: 'map', mode }
  preview.mapping.forEach((f, i) => (fields[`col-${i}`] = f ?? ''))
  const post = (intent: string) =>
    run(previewPage.action, formRequest(`/staff/people/import/${id}`, { ...fields, intent }, { cookie: staff }), {
      upload: id,
    }) as Promise<Response>
  await post('map')
  const done = await post('import')
  const batchId = Number(done.headers.get('Location')!.match(/batches\/(\d+)$/)![1])
  return { uploadId: id, batchId }
}

const person = (email: string) => db.select().from(s.people).where(eq(s.people.email, email)).get()
/** Everyone as the directory has them, but for when they were last touched. */
const everyone = () =>
  db
    .select()
    .from(s.people)
    .orderBy(s.people.id)
    .all()
    .map(({ updatedAt: _updated, ...p }) => p)

// The file: 300 existing people (half renamed, half as they are), 400 new ones, 60 bad addresses,
// 10 new people without a name, and two addresses met twice (once far down the file).
const lines = ['Name,Email,Region']
for (let i = 0; i < 300; i++) lines.push(`${i % 2 ? `Old Person ${i}` : `Nouveau Nom ${i}`},old.${i}@x.org,AFRALO`)
for (let i = 0; i < 400; i++) {
  lines.push(`Nueva Persona ${i},new.${i}@x.org,LACRALO`)
  if (i % 7 === 0 && i < 420) lines.push(`Bad Address ${i},bad.${i}@,EURALO`)
}
for (let i = 0; i < 10; i++) lines.push(`,noname.${i}@x.org,EURALO`)
lines.push('Twice Again,new.5@x.org,LACRALO', 'Twice Old,old.2@x.org,AFRALO')
const big = lines.join('\n') + '\n'

describe('an import done by the worker', () => {
  let batchId: number
  let before: ReturnType<typeof everyone>
  let promised: Awaited<ReturnType<typeof planImport>>

  it('is only queued by the page, then written a slice at a time while its page shows how far it is', async () => {
    before = everyone()
    promised = await planImport(
      db,
      {
        table: await readTable(new TextEncoder().encode(big)),
        mapping: ['name', 'email', 'regionCode'],
        mode: 'overwrite',
        fixes: {},
      },
      { problemRows: 10_000 },
    )
    ;({ batchId } = await startImport(big))
    const total = big.trim().split('\n').length - 1

    // Nothing written yet: the page says the import waits for the worker.
    expect(person('new.0@x.org')).toBeUndefined()
    let page = await batchPageData(batchId)
    expect(page.batch.state).toBe('waiting')
    expect(page.progress).toMatchObject({ kind: 'import', state: 'queued', done: 0, total })

    await runImportJobs(db, { budgetMs: 0, sliceRows: 100 })
    await runImportJobs(db, { budgetMs: 0, sliceRows: 100 })
    page = await batchPageData(batchId)
    expect(page.batch.state).toBe('importing')
    expect(page.progress).toMatchObject({ kind: 'import', state: 'running', done: 200, total })
    const r = page.batch.report
    expect(r.created + r.updated + r.unchanged + r.skipped).toBe(200)
  })

  it('carries on after a restart, and a slice that meets a locked database writes nothing and is tried again', async () => {
    restart()
    const other = new Database(file)
    other.exec('BEGIN IMMEDIATE')
    const failed = await runImportJobs(db, { budgetMs: 0, sliceRows: 100 }).catch((e: unknown) => e)
    expect(isDatabaseUnavailable(failed)).toBe(true)
    other.exec('ROLLBACK')
    other.close()
    expect((await batchPageData(batchId)).progress).toMatchObject({ state: 'running', done: 200 })

    await finishJobs({ sliceRows: 100 })
    const page = await batchPageData(batchId)
    expect(page.batch.state).toBe('imported')
    // What the preview promised, row for row.
    expect(page.batch.report).toEqual({
      created: promised.summary.create,
      updated: promised.summary.update,
      unchanged: promised.summary.unchanged,
      skipped: promised.summary.skip,
    })
    const skipped = db
      .select()
      .from(s.importSkippedRows)
      .where(eq(s.importSkippedRows.batchId, batchId))
      .orderBy(s.importSkippedRows.line)
      .all()
    expect(skipped.map((x) => [x.line, x.email, x.reasons])).toEqual(
      promised.problems.map((p) => [p.line, p.email, p.problems]),
    )
    // The duplicates were met on both sides of the restart: still duplicates.
    expect(skipped.filter((x) => x.reasons.includes('duplicateInFile')).map((x) => x.email)).toEqual([
      'new.5@x.org',
      'old.2@x.org',
    ])
    expect(person('new.399@x.org')).toMatchObject({ name: 'Nueva Persona 399', regionCode: 'LACRALO' })
    expect(person('old.0@x.org')).toMatchObject({ name: 'Nouveau Nom 0' })
    expect(person('old.2@x.org')).toMatchObject({ name: 'Nouveau Nom 2' })
    const audits = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'import.completed'), eq(s.auditLog.entityId, String(batchId))))
      .all()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ actorId: staffId })
  })

  it('lists the skipped rows fifty at a time, and the report CSV has every row', async () => {
    const total = promised.summary.skip
    expect(total).toBeGreaterThan(50)
    const first = await batchPageData(batchId, '?show=skipped')
    expect(first.rows.map((x) => x.line)).toEqual(promised.problems.slice(0, 50).map((p) => p.line))
    expect(first.pages).toBe(Math.ceil(total / 50))
    const second = await batchPageData(batchId, '?show=skipped&page=2')
    expect(second.rows.map((x) => x.line)).toEqual(promised.problems.slice(50, 100).map((p) => p.line))

    const res = (await run(
      reportCsv.loader,
      getRequest(`/staff/people/import/batches/${batchId}/report.csv`, { cookie: staff }),
      { id: String(batchId) },
    )) as Response
    const rows = parse((await res.text()).replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[]
    const outcomes = (label: string) => rows.filter((r) => r['What happens'] === label)
    expect(outcomes('New person')).toHaveLength(promised.summary.create)
    expect(outcomes('Update')).toHaveLength(promised.summary.update)
    expect(outcomes('Skipped').map((r) => Number(r.Line))).toEqual(promised.problems.map((p) => p.line))
    expect(outcomes('Update').find((r) => r.Email === 'old.0@x.org')).toMatchObject({ Details: 'Name' })
  })

  it('is undone by the worker too, across a restart, putting everything back', async () => {
    const res = (await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )) as Response
    expect(res.headers.get('Location')).toBe(`/staff/people/import/batches/${batchId}`)
    expect(person('new.0@x.org')).toBeDefined()
    await runImportJobs(db, { budgetMs: 0, sliceRows: 60 })
    await runImportJobs(db, { budgetMs: 0, sliceRows: 60 })
    const page = await batchPageData(batchId)
    expect(page.batch.state).toBe('undoing')
    expect(page.progress).toMatchObject({ kind: 'undo', state: 'running', done: 120 })
    expect(page.progress!.total).toBe(promised.summary.create + promised.summary.update)

    restart()
    await finishJobs({ sliceRows: 60 })
    expect(everyone()).toEqual(before)
    const done = await batchPageData(batchId)
    expect(done.batch.state).toBe('undone')
    expect(done.undone).toEqual({ deleted: promised.summary.create, restored: promised.summary.update, kept: 0 })
    expect(db.select().from(s.auditLog).where(eq(s.auditLog.action, 'import.undone')).all().at(-1)).toMatchObject({
      entityId: String(batchId),
      details: done.undone,
    })
  })
})

describe('an undo while people are used', () => {
  it('keeps a person it created who registered while the undo ran, and removes the others', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Late ${i},late.${i}@x.org`).join('\n')
    const { batchId } = await startImport(`Name,Email\n${rows}\n`)
    await finishJobs()
    await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )
    await runImportJobs(db, { budgetMs: 0, sliceRows: 10 })
    expect(person('late.0@x.org')).toBeUndefined()
    const webinar = createWebinar(db, { capacity: 10, slug: 'import-undo-late' })
    registerForEvent(db, {
      eventId: webinar,
      personId: person('late.29@x.org')!.id,
      channelLanguage: 'en',
      dialOutNumber: null,
      baseUrl: 'http://app.test',
    })
    await finishJobs({ sliceRows: 10 })
    expect(person('late.28@x.org')).toBeUndefined()
    expect(person('late.29@x.org')).toMatchObject({ importBatchId: null })
    const page = await batchPageData(batchId)
    expect(page.batch.state).toBe('undone')
    expect(page.undone).toEqual({ deleted: 29, restored: 0, kept: 1 })
  })
})

describe('an import whose file is gone', () => {
  it('stops, says how far it went, and what it did can be undone', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `Gone ${i},gone.${i}@x.org`).join('\n')
    const { batchId, uploadId } = await startImport(`Name,Email\n${rows}\n`)
    await runImportJobs(db, { budgetMs: 0, sliceRows: 5 })
    // The server was down for days: the file expired meanwhile.
    restart()
    db.delete(s.importUploads).where(eq(s.importUploads.id, uploadId)).run()
    await finishJobs({ sliceRows: 5 })
    const page = await batchPageData(batchId)
    expect(page.batch.state).toBe('stopped')
    expect(page.progress).toMatchObject({
      kind: 'import',
      state: 'stopped',
      done: 5,
      total: 20,
      stopReason: 'fileGone',
    })
    expect(page.batch.report.created).toBe(5)
    expect(page.blockers).toEqual([])
    expect(db.select().from(s.auditLog).where(eq(s.auditLog.action, 'import.stopped')).all()).toHaveLength(1)

    await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )
    await finishJobs()
    expect(person('gone.0@x.org')).toBeUndefined()
    expect((await batchPageData(batchId)).batch.state).toBe('undone')
  })
})

describe('an import whose slices keep failing', () => {
  it('is stopped after a few tries, says so, and keeps what the slices before wrote', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `Fail ${i},fail.${i}@x.org`).join('\n')
    const { batchId } = await startImport(`Name,Email\n${rows}\n`)
    // A row the database refuses (a rule that fails like a bug would), in the third slice.
    db.run(
      sql.raw(`create trigger import_boom before insert on people when new.email = 'fail.9@x.org'
                    begin select raise(abort, 'boom'); end`),
    )
    await runImportJobs(db, { budgetMs: 0, sliceRows: 4 })
    await runImportJobs(db, { budgetMs: 0, sliceRows: 4 })
    for (let i = 0; i < MAX_FAILURES; i++)
      await expect(runImportJobs(db, { budgetMs: 0, sliceRows: 4 })).rejects.toThrow('boom')
    db.run(sql.raw('drop trigger import_boom'))
    expect(await runImportJobs(db)).toEqual({ slices: 0, more: false })
    const page = await batchPageData(batchId)
    expect(page.batch.state).toBe('stopped')
    expect(page.progress).toMatchObject({ state: 'stopped', done: 8, total: 12, stopReason: 'failed' })
    expect(page.batch.report.created).toBe(8)
    expect(person('fail.7@x.org')).toBeDefined()
    expect(person('fail.8@x.org')).toBeUndefined()
  })
})

/** Reads a download to its end: its pieces as they came, and the whole text. */
async function download(res: Response) {
  const pieces: Uint8Array[] = []
  for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) pieces.push(piece)
  return { pieces: pieces.length, bytes: Buffer.concat(pieces) }
}

describe('the directory export', () => {
  beforeAll(() => {
    // 2,500 people sharing seven names, all created at the same instant: the order is settled by id.
    const at = new Date('2026-01-01T00:00:00Z')
    db.transaction((tx) => {
      for (let i = 0; i < 2500; i++)
        tx.insert(s.people)
          .values({ email: `zx.${(i * 7919) % 2500}@export.example`, name: `Zedexport ${i % 7}`, createdAt: at })
          .run()
    })
  })

  const expected: Record<string, string> = {
    name: 'name, id',
    '-name': 'name desc, id desc',
    email: 'lower(email)',
    created: 'created_at, id',
    '-created': 'created_at desc, id desc',
  }

  it('streams every matching person in the order asked, as CSV and as Excel', async () => {
    for (const [sort, order] of Object.entries(expected)) {
      const want = db
        .all<{ email: string }>(
          sql.raw(
            `select email from people where search_text like '%zedexport%' and erased_at is null order by ${order}`,
          ),
        )
        .map((r) => r.email)
      expect(want).toHaveLength(2500)
      const res = (await run(
        exportPage.loader,
        getRequest(`/staff/people/export/csv?q=zedexport&sort=${sort}`, { cookie: staff }),
        { format: 'csv' },
      )) as Response
      const { pieces, bytes } = await download(res)
      // The download starts before the last person is read: it comes in pieces.
      expect(pieces).toBeGreaterThan(1)
      const rows = parse(bytes.toString('utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[]
      expect(
        rows.map((r) => r['Email address']),
        sort,
      ).toEqual(want)
    }

    const res = (await run(
      exportPage.loader,
      getRequest('/staff/people/export/xlsx?q=zedexport&sort=-name', { cookie: staff }),
      { format: 'xlsx' },
    )) as Response
    expect(res.headers.get('Content-Type')).toMatch(/spreadsheetml/)
    const { pieces, bytes } = await download(res)
    expect(pieces).toBeGreaterThan(1)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]
    // Each cell as text (an empty cell is '').
    const values = (n: number) => Array.from({ length: 9 }, (_, i) => sheet.getRow(n).getCell(i + 1).text)
    expect(values(1)[1]).toBe('Email address')
    const emails: string[] = []
    for (let n = 2; n <= sheet.rowCount; n++) emails.push(values(n)[1])
    expect(emails).toEqual(
      db
        .all<{ email: string }>(
          sql`select email from people where search_text like '%zedexport%' order by name desc, id desc`,
        )
        .map((r) => r.email),
    )
    expect(values(2)).toEqual([
      'Zedexport 6',
      emails[0],
      '',
      '',
      'Individual member',
      'English',
      '',
      'No password yet',
      '',
    ])
  })
})

// The upload is kept with its header: the import page reads nothing twice.
describe('an upload', () => {
  it('may be as large as the limit whether the page posts it or its script does', () => {
    const limit = bodyLimitFor('/staff/people/import')
    expect(limit).toBeGreaterThan(IMPORT_MAX_BYTES)
    expect(bodyLimitFor('/staff/people/import.data')).toBe(limit)
  })

  it('keeps its header and its number of rows', async () => {
    const text = new TextEncoder().encode('Email,Name\na@x.org,A\nb@x.org,B\n')
    const id = saveUpload(db, { filename: 'h.csv', content: text, table: await readTable(text) }, { actorId: staffId })
    expect(db.select().from(s.importUploads).where(eq(s.importUploads.id, id)).get()).toMatchObject({
      header: ['Email', 'Name'],
      rowCount: 2,
    })
  })

  it('is kept past its day while an import that reads it waits, and forgotten after', async () => {
    const { batchId, uploadId } = await startImport('Name,Email\nSlow Start,slow.start@x.org\n')
    const later = new Date(Date.now() + 2 * 86400_000)
    pruneExpired(db, later)
    expect(db.select().from(s.importUploads).where(eq(s.importUploads.id, uploadId)).get()).toBeDefined()
    await finishJobs()
    expect((await batchPageData(batchId)).batch.state).toBe('imported')
    expect(db.select().from(s.importUploads).where(eq(s.importUploads.id, uploadId)).get()).toBeUndefined()
    const forgotten = saveUpload(
      db,
      { filename: 'f.csv', content: new TextEncoder().encode('Email\na@x.org\n') },
      { actorId: staffId },
    )
    pruneExpired(db, later)
    expect(db.select().from(s.importUploads).where(eq(s.importUploads.id, forgotten)).get()).toBeUndefined()
  })
})
