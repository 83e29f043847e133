/**
 * Importing a contact list: messy CSV files (BOM, semicolons, Windows-1252 accents,
 * duplicate rows, blank lines, a formula), XLSX with a formula cell, the two update
 * modes, rows fixed in the preview, the remembered mapping, the report and the undo.
 */
import { eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as startPage from '~/routes/staff.people.import._index'
import * as previewPage from '~/routes/staff.people.import.$upload'
import * as batchPage from '~/routes/staff.people.import.batches.$id'
import * as reportCsv from '~/routes/staff.people.import.batches.$id.report[.]csv'
import { findPersonIdByEmail } from '~/services/people.server'
import { planImport, queueImport, saveUpload, setUploadOptions } from '~/services/people/import.server'
import { undoImport } from '~/services/people/import-batches.server'
import { readTable } from '~/services/people/import-file.server'
import { runImportJobs } from '~/services/people/import-jobs.server'
import { registerForEvent } from '~/services/registrations.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { expectSearchIndexIntact } from './helpers/search-index'
import { createWebinar } from './helpers/webinar'

let db: DB
let staff: string
let staffId: number
beforeAll(async () => {
  db = await seededDb({ participants: 20 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
})

const person = (email: string) =>
  db
    .select()
    .from(s.people)
    .where(eq(sql`lower(${s.people.email})`, email.toLowerCase()))
    .get()

function upload(bytes: Uint8Array, filename = 'list.csv') {
  const form = new FormData()
  form.append('file', new File([Buffer.from(bytes)], filename))
  return new Request('http://app.test/staff/people/import', { method: 'POST', body: form, headers: { Cookie: staff } })
}

/** What the worker does: every queued import and undo, to the end. */
async function finishJobs(options: Parameters<typeof runImportJobs>[1] = {}) {
  while ((await runImportJobs(db, options)).more);
}

const skippedOf = (batchId: number) =>
  db
    .select()
    .from(s.importSkippedRows)
    .where(eq(s.importSkippedRows.batchId, batchId))
    .orderBy(s.importSkippedRows.line)
    .all()

/** Uploads through the page, then imports with the mapping the page offers (the worker runs the import). */
async function importFile(bytes: Uint8Array, { mode = 'fill_empty', filename = 'list.csv' } = {}) {
  const res = (await run(startPage.action, upload(bytes, filename))) as Response
  expect(res.status).toBe(302)
  const id = res.headers.get('Location')!.split('/').pop()!
  const preview = dataOf<Awaited<ReturnType<typeof previewPage.loader>>>(
    await run(previewPage.loader, getRequest(`/staff/people/import/${id}`, { cookie: staff }), { upload: id }),
  )
  const fields: Record<string, string> = { intent: 'import', mode }
  preview.mapping.forEach((f, i) => (fields[`col-${i}`] = f ?? ''))
  if (mode !== 'fill_empty') {
    // Changing the mode first shows the preview again; the second press imports.
    const again = (await run(previewPage.action, formRequest(`/staff/people/import/${id}`, fields, { cookie: staff }), {
      upload: id,
    })) as Response
    expect(again.headers.get('Location')).toBe(`/staff/people/import/${id}`)
  }
  const done = (await run(previewPage.action, formRequest(`/staff/people/import/${id}`, fields, { cookie: staff }), {
    upload: id,
  })) as Response
  expect(done.headers.get('Location')).toMatch(/\/staff\/people\/import\/batches\/\d+$/)
  const batchId = Number(done.headers.get('Location')!.split('/').pop())
  await finishJobs()
  const batch = db.select().from(s.importBatches).where(eq(s.importBatches.id, batchId)).get()!
  return { uploadId: id, preview, batchId, report: batch.report, skipped: skippedOf(batchId) }
}

describe('reading files', () => {
  it('reads a UTF-8 file with a BOM and semicolons, dropping blank lines and keeping line numbers', async () => {
    const text =
      '\ufeffNom;Courriel;Région\r\n\r\nJosé Muñoz;jose@x.org;LACRALO\r\n;;\r\nAïcha Diallo;aicha@x.org;AFRALO\r\n'
    const table = await readTable(new TextEncoder().encode(text))
    expect(table.header).toEqual(['Nom', 'Courriel', 'Région'])
    expect(table.rows).toEqual([
      { line: 3, cells: ['José Muñoz', 'jose@x.org', 'LACRALO'] },
      { line: 5, cells: ['Aïcha Diallo', 'aicha@x.org', 'AFRALO'] },
    ])
  })

  it('reads Windows-1252 accents and tabs', async () => {
    const bytes = Buffer.from('Name\tEmail\nFran\xe7ois P\xe9rez\tfp@x.org\n', 'latin1')
    const table = await readTable(bytes)
    expect(table.rows[0].cells).toEqual(['François Pérez', 'fp@x.org'])
  })

  it('reads a long file the same way, whichever of its parts shows the encoding', async () => {
    // A file is read a piece at a time: an accent far down a Windows-1252 file, and UTF-8 accents
    // on every line (some across the pieces' boundaries), come out right.
    const rows = Array.from({ length: 6000 }, (_, i) => `Zoé Müller ${i}\tz${i}@x.org`)
    const latin = await readTable(
      Buffer.from(
        `Name\tEmail\n${rows.map((r, i) => (i < 5000 ? r.replace(/[éü]/g, 'e') : r)).join('\n')}\n`,
        'latin1',
      ),
    )
    expect(latin.rows).toHaveLength(6000)
    expect(latin.rows[5999].cells).toEqual(['Zoé Müller 5999', 'z5999@x.org'])
    const utf8 = await readTable(new TextEncoder().encode(`Name\tEmail\n${rows.join('\n')}\n`))
    expect(utf8.rows.map((r) => r.cells[0])).toEqual(rows.map((r) => r.split('\t')[0]))
  })

  it('reads an XLSX formula as its text, never its value', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('People')
    ws.addRow(['Name', 'Email'])
    ws.addRow(['Ana', 'ana@x.org'])
    ws.addRow([
      { formula: 'UPPER("x")', result: 'X' },
      { formula: 'CONCAT("b","@x.org")', result: 'b@x.org' },
    ])
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    const table = await readTable(bytes)
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['Ana', 'ana@x.org'],
      ['=UPPER("x")', '=CONCAT("b","@x.org")'],
    ])
  })
})

describe('the upload page', () => {
  it('refuses a file that is not a table, an old .xls and an empty file with a message, keeping nothing', async () => {
    const before = db
      .select({ n: sql<number>`count(*)` })
      .from(s.importUploads)
      .get()!.n
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    for (const [bytes, key] of [
      [png, 'errors.import.notATable'],
      [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'errors.import.oldExcel'],
      [new TextEncoder().encode('Name,Email\n'), 'errors.import.empty'],
    ] as const) {
      const res = await run(startPage.action, upload(bytes))
      expect(statusOf(res)).toBe(400)
      expect(dataOf<{ errors: { file: string[] } }>(res).errors.file).toEqual([key])
    }
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(s.importUploads)
        .get()!.n,
    ).toBe(before)
  })

  it('refuses a file over 10 MB with 413', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61)
    const res = await run(startPage.action, upload(big))
    expect(statusOf(res)).toBe(413)
  })

  it('is for staff only', async () => {
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    const req = new Request('http://app.test/staff/people/import', { headers: { Cookie: participant } })
    expect(statusOf(await run(startPage.loader, req))).toBe(403)
  })
})

describe('importing a messy CSV', () => {
  const messy = [
    'Nom;Courriel;Région;Langue;Téléphone',
    'Jos\xe9 Mu\xf1oz;JOSE.IMPORT@x.org;LACRALO;espa\xf1ol;+57 1 234 5678',
    '',
    'Aminata Traor\xe9;aminata@x.org;Afralo;Fran\xe7ais;',
    'Jos\xe9 Dupe;jose.import@x.org;LACRALO;es;',
    'No Email;;EURALO;en;',
    'Bad Region;badregion@x.org;Atlantis;en;',
    '=HYPERLINK("http://evil");formula@x.org;NARALO;en;',
    ';noname@x.org;NARALO;en;',
    '',
  ].join('\r\n')
  const bytes = Buffer.from(messy, 'latin1')

  it('previews every row with its problems before writing anything', async () => {
    const id = saveUpload(db, { filename: 'messy.csv', content: bytes }, { actorId: staffId })
    const before = db
      .select({ n: sql<number>`count(*)` })
      .from(s.people)
      .get()!.n
    const res = await run(previewPage.loader, getRequest(`/staff/people/import/${id}`, { cookie: staff }), {
      upload: id,
    })
    const d = dataOf<Awaited<ReturnType<typeof previewPage.loader>>>(res)
    expect(d.mapping).toEqual(['name', 'email', 'regionCode', 'preferredLanguage', 'phone'])
    expect(d.summary).toEqual({ create: 3, update: 0, unchanged: 0, skip: 4 })
    expect(Object.fromEntries(d.problemRows.map((r) => [r.line, r.problems]))).toEqual({
      5: ['duplicateInFile'],
      6: ['noEmail'],
      7: ['unknownRegion'],
      9: ['noName'],
    })
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(s.people)
        .get()!.n,
    ).toBe(before)
  })

  it('imports the good rows, skips the others with reasons, and never writes half a person', async () => {
    const { report, skipped } = await importFile(bytes)
    expect(report.created).toBe(3)
    expect(report.skipped).toBe(4)
    expect(skipped.map((x) => [x.line, x.reasons])).toEqual([
      [5, ['duplicateInFile']],
      [6, ['noEmail']],
      [7, ['unknownRegion']],
      [9, ['noName']],
    ])
    const jose = person('jose.import@x.org')!
    expect(jose).toMatchObject({
      name: 'José Muñoz',
      email: 'jose.import@x.org',
      regionCode: 'LACRALO',
      preferredLanguage: 'es',
      phone: '+57 1 234 5678',
      passwordHash: null,
    })
    expect(person('aminata@x.org')).toMatchObject({
      name: 'Aminata Traoré',
      regionCode: 'AFRALO',
      preferredLanguage: 'fr',
    })
    expect(person('badregion@x.org')).toBeUndefined()
    // The formula is a name like any text; it is neutralised wherever it is exported.
    expect(person('formula@x.org')!.name).toBe('=HYPERLINK("http://evil")')
  })

  it('finds what it imported by name without accents', async () => {
    expect(person('jose.import@x.org')!.searchText).toBe('jose munoz jose.import@x.org')
  })
})

describe('existing people', () => {
  it('are matched by email whatever its case; "update empty fields only" keeps what is there', async () => {
    const csv = 'Name,Email,Region,Phone\nSomeone Else,ANAMINATA@X.ORG,EURALO,+221 77 000 0000\n'
    db.update(s.people).set({ email: 'anaminata@x.org' }).where(eq(s.people.email, 'aminata@x.org')).run()
    const { report } = await importFile(new TextEncoder().encode(csv))
    expect(report).toMatchObject({ created: 0, updated: 1 })
    // Region and name were set: kept. Phone was empty: filled.
    expect(person('anaminata@x.org')).toMatchObject({
      name: 'Aminata Traoré',
      regionCode: 'AFRALO',
      phone: '+221 77 000 0000',
    })
  })

  it('"overwrite" replaces with the file\'s non-empty values, and the undo puts them back', async () => {
    const csv = 'Name,Email,Region,Phone\nAminata T.,anaminata@x.org,EURALO,\nBrand New,brand.new@x.org,,\n'
    const { report, batchId } = await importFile(new TextEncoder().encode(csv), { mode: 'overwrite' })
    expect(report).toMatchObject({ created: 1, updated: 1 })
    expect(person('anaminata@x.org')).toMatchObject({
      name: 'Aminata T.',
      regionCode: 'EURALO',
      phone: '+221 77 000 0000',
    })
    // Staff change the name after the import: the undo leaves their change alone.
    db.update(s.people).set({ name: 'Aminata Traoré-Ba' }).where(eq(s.people.email, 'anaminata@x.org')).run()
    const res = (await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )) as Response
    expect(res.headers.get('Location')).toBe(`/staff/people/import/batches/${batchId}`)
    await finishJobs()
    expect(person('brand.new@x.org')).toBeUndefined()
    expect(person('anaminata@x.org')).toMatchObject({ name: 'Aminata Traoré-Ba', regionCode: 'AFRALO' })
    expect(undoImport(db, { batchId }, { actorId: staffId })).toEqual({ ok: false, error: 'alreadyUndone' })
  })

  it('cannot undo once a person it created has registered for something', async () => {
    const csv = 'Name,Email\nEarly Bird,early.bird@x.org\nQuiet One,quiet.one@x.org\n'
    const { batchId } = await importFile(new TextEncoder().encode(csv))
    const webinar = createWebinar(db, { capacity: 10, slug: 'import-undo' })
    registerForEvent(db, {
      eventId: webinar,
      personId: person('early.bird@x.org')!.id,
      channelLanguage: 'en',
      dialOutNumber: null,
      baseUrl: 'http://app.test',
    })
    const page = dataOf<Awaited<ReturnType<typeof batchPage.loader>>>(
      await run(batchPage.loader, getRequest(`/staff/people/import/batches/${batchId}`, { cookie: staff }), {
        id: String(batchId),
      }),
    )
    expect(page.blockers).toContain('registrations')
    const res = await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )
    expect(statusOf(res)).toBe(409)
    expect(person('quiet.one@x.org')).toBeDefined()
  })
})

describe('the preview', () => {
  it('lets staff fix a row, remembers the mapping for the next file with the same header, and reports as CSV', async () => {
    const csv =
      'Full name,E-mail address,Zone\nGood Row,good.row@x.org,Europe/Paris\nTypo Row,typo.row@x,europe/paris\n'
    const bytes = new TextEncoder().encode(csv)
    const res = (await run(startPage.action, upload(bytes))) as Response
    const id = res.headers.get('Location')!.split('/').pop()!
    const load = async () =>
      dataOf<Awaited<ReturnType<typeof previewPage.loader>>>(
        await run(previewPage.loader, getRequest(`/staff/people/import/${id}`, { cookie: staff }), { upload: id }),
      )
    let d = await load()
    // "Full name" and "E-mail address" are not guessed: staff map them.
    expect(d.problem).toBe('noEmailColumn')
    const fields = { intent: 'map', mode: 'fill_empty', 'col-0': 'name', 'col-1': 'email', 'col-2': 'timeZone' }
    await run(previewPage.action, formRequest(`/staff/people/import/${id}`, fields, { cookie: staff }), { upload: id })
    d = await load()
    expect(d.summary).toMatchObject({ create: 1, skip: 1 })
    expect(d.problemRows).toEqual([{ line: 3, values: expect.any(Object), problems: ['badEmail'] }])
    // The fix.
    await run(
      previewPage.action,
      formRequest(
        `/staff/people/import/${id}`,
        {
          intent: 'fix',
          line: '3',
          'fix-name': 'Typo Row',
          'fix-email': 'typo.row@x.org',
          'fix-timeZone': 'europe/paris',
        },
        { cookie: staff },
      ),
      { upload: id },
    )
    d = await load()
    expect(d.summary).toMatchObject({ create: 2, skip: 0 })
    expect(d.preview.find((r) => r.line === 3)).toMatchObject({ fixed: true, action: 'create' })
    const done = (await run(
      previewPage.action,
      formRequest(`/staff/people/import/${id}`, { ...fields, intent: 'import' }, { cookie: staff }),
      { upload: id },
    )) as Response
    const batchId = done.headers.get('Location')!.split('/').pop()!
    await finishJobs()
    expect(person('typo.row@x.org')).toMatchObject({ timeZone: 'Europe/Paris' })

    // The same header next time: the mapping is remembered.
    const next = saveUpload(db, { filename: 'again.csv', content: bytes }, { actorId: staffId })
    const again = dataOf<Awaited<ReturnType<typeof previewPage.loader>>>(
      await run(previewPage.loader, getRequest(`/staff/people/import/${next}`, { cookie: staff }), { upload: next }),
    )
    expect(again).toMatchObject({ mapping: ['name', 'email', 'timeZone'], remembered: true })
    expect(again.summary).toMatchObject({ unchanged: 1, skip: 1 })

    const csvRes = (await run(
      reportCsv.loader,
      getRequest(`/staff/people/import/batches/${batchId}/report.csv`, { cookie: staff }),
      { id: batchId },
    )) as Response
    const report = await csvRes.text()
    expect(report).toContain('good.row@x.org')
    expect(report).toContain('typo.row@x.org')
  })

  it("is only its uploader's, and a stale mapping never writes", async () => {
    const id = saveUpload(
      db,
      { filename: 'x.csv', content: new TextEncoder().encode('Email\na@b.org\n') },
      { actorId: staffId },
    )
    const analyst = findPersonIdByEmail(db, DEMO_ACCOUNTS.analyst)!
    db.insert(s.personRoles).values({ personId: analyst, role: 'staff' }).onConflictDoNothing().run()
    const other = await cookieFor(DEMO_ACCOUNTS.analyst)
    const res = (await run(previewPage.loader, getRequest(`/staff/people/import/${id}`, { cookie: other }), {
      upload: id,
    })) as Response
    expect(res.headers.get('Location')).toBe('/staff/people/import')
    db.delete(s.personRoles).where(eq(s.personRoles.personId, analyst)).run()
    db.insert(s.personRoles).values({ personId: analyst, role: 'analyst' }).run()
    setUploadOptions(db, { id, mapping: [null], mode: 'fill_empty' }, { actorId: staffId })
    expect(await queueImport(db, { uploadId: id }, { actorId: staffId })).toEqual({ ok: false, error: 'noEmailColumn' })
  })

  it('plans 5,000 rows without a query per row', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Person ${i},bulk${i}@x.org`).join('\n')
    const table = await readTable(new TextEncoder().encode(`Name,Email\n${rows}\n`))
    const plan = await planImport(db, { table, mapping: ['name', 'email'], mode: 'fill_empty', fixes: {} })
    expect(plan.summary).toEqual({ create: 5000, update: 0, unchanged: 0, skip: 0 })
  })
})

afterAll(() => expectSearchIndexIntact(db))
