/**
 * What staff tripped over on the contact import: the header read as a whole ("Nom" alone is the
 * whole name), the whole file's member type, structure and topic lists for its new people (and
 * their undo), every report row with its line, and the undo that asks once.
 */
import { parse } from 'csv-parse/sync'
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as startPage from '~/routes/staff.people.import._index'
import * as previewPage from '~/routes/staff.people.import.$upload'
import * as batchPage from '~/routes/staff.people.import.batches.$id'
import * as reportCsv from '~/routes/staff.people.import.batches.$id.report[.]csv'
import { guessMapping } from '~/services/people/import.server'
import { runImportJobs } from '~/services/people/import-jobs.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
beforeAll(async () => {
  db = await seededDb({ participants: 10 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
})

const person = (email: string) =>
  db
    .select()
    .from(s.people)
    .where(eq(sql`lower(${s.people.email})`, email.toLowerCase()))
    .get()

async function finishJobs() {
  while ((await runImportJobs(db)).more);
}

/** Uploads through the page, then imports with the page's mapping and `choices` (the worker runs it). */
async function importFile(csv: string, choices: Record<string, string | string[]> = {}) {
  const form = new FormData()
  form.append('file', new File([Buffer.from(csv)], 'list.csv'))
  const res = (await run(
    startPage.action,
    new Request('http://app.test/staff/people/import', { method: 'POST', body: form, headers: { Cookie: staff } }),
  )) as Response
  const id = res.headers.get('Location')!.split('/').pop()!
  const preview = dataOf<Awaited<ReturnType<typeof previewPage.loader>>>(
    await run(previewPage.loader, getRequest(`/staff/people/import/${id}`, { cookie: staff }), { upload: id }),
  )
  const body = new URLSearchParams({ intent: 'import', mode: 'fill_empty' })
  preview.mapping.forEach((f, i) => body.append(`col-${i}`, f ?? ''))
  for (const [k, v] of Object.entries(choices)) for (const x of [v].flat()) body.append(k, x)
  const done = (await run(
    previewPage.action,
    new Request(`http://app.test/staff/people/import/${id}`, {
      method: 'POST',
      body,
      headers: { Cookie: staff, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://app.test' },
    }),
    { upload: id },
  )) as Response
  expect(done.headers.get('Location')).toMatch(/\/staff\/people\/import\/batches\/\d+$/)
  const batchId = Number(done.headers.get('Location')!.split('/').pop())
  await finishJobs()
  return { preview, batchId }
}

const batchPageData = async (batchId: number, search = '') =>
  dataOf<Awaited<ReturnType<typeof batchPage.loader>>>(
    await run(batchPage.loader, getRequest(`/staff/people/import/batches/${batchId}${search}`, { cookie: staff }), {
      id: String(batchId),
    }),
  )

describe('the mapping reads the header as a whole', () => {
  it('takes a lone "Nom", "Nombre" or "Name" for the whole name, and for a half beside the other half', () => {
    expect(guessMapping(['Nom', 'Courriel'])).toEqual(['name', 'email'])
    expect(guessMapping(['Nom', 'Prénom', 'Courriel'])).toEqual(['familyName', 'givenName', 'email'])
    expect(guessMapping(['Prénom', 'NOM', 'E-mail'])).toEqual(['givenName', 'familyName', 'email'])
    expect(guessMapping(['Nombre', 'Correo electrónico'])).toEqual(['name', 'email'])
    expect(guessMapping(['Nombre', 'Apellidos', 'Correo'])).toEqual(['givenName', 'familyName', 'email'])
    expect(guessMapping(['Name', 'Email'])).toEqual(['name', 'email'])
    expect(guessMapping(['First name', 'Name', 'Email'])).toEqual(['givenName', 'familyName', 'email'])
    expect(guessMapping(['Full name', 'Nom', 'Email'])).toEqual(['name', null, 'email'])
    expect(guessMapping(['Nom de famille', 'Prénom', 'Courriel'])).toEqual(['familyName', 'givenName', 'email'])
  })

  it('shows a French file\'s lone "Nom" as the name in the preview, and imports it so', async () => {
    const { preview } = await importFile('Nom;Courriel\r\nMarie Curie;marie.curie@x.org\r\n')
    expect(preview.mapping).toEqual(['name', 'email'])
    expect(person('marie.curie@x.org')).toMatchObject({ name: 'Marie Curie' })
  })
})

describe('the whole file’s choices', () => {
  it('give the new people a member type, a structure and topic lists; a column wins; the undo removes them', async () => {
    const structure = db.select().from(s.structures).where(eq(s.structures.accreditationStatus, 'accredited')).get()!
    const lists = db.select().from(s.mailingLists).limit(2).all()
    expect(lists).toHaveLength(2)
    const existing = db.select().from(s.people).where(isNotNull(s.people.email)).limit(1).get()!
    const existingSubs = db
      .select()
      .from(s.listSubscriptions)
      .where(eq(s.listSubscriptions.personId, existing.id))
      .all()
    const { batchId } = await importFile(
      [
        'Name,Email,Member type,Language',
        'Ada Choice,ada.choice@x.org,,fr',
        'Bob Choice,bob.choice@x.org,Guest,en',
        `${existing.name},${existing.email},,`,
      ].join('\n'),
      { memberType: 'individual_member', structureId: String(structure.id), listId: lists.map((l) => String(l.id)) },
    )
    const ada = person('ada.choice@x.org')!
    expect(ada).toMatchObject({
      memberType: 'individual_member',
      structureId: structure.id,
      regionCode: structure.regionCode,
    })
    // The row's own value wins over the whole file's choice.
    expect(person('bob.choice@x.org')).toMatchObject({ memberType: 'guest', structureId: structure.id })
    const subs = db.select().from(s.listSubscriptions).where(eq(s.listSubscriptions.personId, ada.id)).all()
    expect(subs.map((x) => x.listId).sort()).toEqual(lists.map((l) => l.id).sort())
    // The consent record says staff added it with this import, in the person's language.
    expect(subs[0]).toMatchObject({ language: 'fr', importBatchId: batchId, unsubscribedAt: null })
    expect(subs[0]!.wording).toContain('list.csv')
    expect(subs[0]!.wording).toMatch(/l’équipe/)
    // People already in the directory keep theirs.
    expect(db.select().from(s.listSubscriptions).where(eq(s.listSubscriptions.personId, existing.id)).all()).toEqual(
      existingSubs,
    )

    const undo = (await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )) as Response
    expect(undo.headers.get('Location')).toBe(`/staff/people/import/batches/${batchId}`)
    await finishJobs()
    expect(person('ada.choice@x.org')).toBeUndefined()
    expect(db.select().from(s.listSubscriptions).where(eq(s.listSubscriptions.importBatchId, batchId)).all()).toEqual(
      [],
    )
    expect(db.select().from(s.listSubscriptions).where(eq(s.listSubscriptions.personId, ada.id)).all()).toEqual([])
  })

  it('refuses a structure that is not accredited or a list that does not exist, with a 400', async () => {
    const form = new FormData()
    form.append('file', new File([Buffer.from('Name,Email\nX,x.refused@x.org\n')], 'list.csv'))
    const res = (await run(
      startPage.action,
      new Request('http://app.test/staff/people/import', { method: 'POST', body: form, headers: { Cookie: staff } }),
    )) as Response
    const id = res.headers.get('Location')!.split('/').pop()!
    // A structure whose application was turned down cannot be given to a file.
    const notAccredited = db.select().from(s.structures).orderBy(desc(s.structures.id)).get()!
    db.update(s.structures).set({ accreditationStatus: 'rejected' }).where(eq(s.structures.id, notAccredited.id)).run()
    const choices: Record<string, string>[] = [{ listId: '999999' }, { structureId: String(notAccredited.id) }]
    expect(choices).toHaveLength(2)
    for (const choice of choices) {
      const r = await run(
        previewPage.action,
        formRequest(
          `/staff/people/import/${id}`,
          { intent: 'import', mode: 'fill_empty', 'col-0': 'name', 'col-1': 'email', ...choice },
          { cookie: staff },
        ),
        { upload: id },
      )
      expect(statusOf(r)).toBe(400)
    }
    expect(person('x.refused@x.org')).toBeUndefined()
  })
})

describe('the report', () => {
  it('gives every row its line, created, updated, unchanged and skipped, on the page and in the CSV', async () => {
    await importFile('Name,Email\nKeep Me,keep.line@x.org\nChange Me,change.line@x.org\n')
    db.update(s.people).set({ phone: null }).where(eq(s.people.email, 'change.line@x.org')).run()
    const { batchId } = await importFile(
      [
        'Name,Email,Phone',
        'New Line,new.line@x.org,',
        'Keep Me,keep.line@x.org,',
        'Change Me,change.line@x.org,+33 1 23 45 67 89',
        'No Email,,',
      ].join('\n'),
    )
    const page = await batchPageData(batchId)
    expect(page.rows.map((r) => [r.line, r.outcome, r.email])).toEqual([
      [2, 'create', 'new.line@x.org'],
      [3, 'unchanged', 'keep.line@x.org'],
      [4, 'update', 'change.line@x.org'],
      [5, 'skip', ''],
    ])
    expect(page.rows[2]!.fields).toEqual(['phone'])

    const res = (await run(
      reportCsv.loader,
      getRequest(`/staff/people/import/batches/${batchId}/report.csv`, { cookie: staff }),
      { id: String(batchId) },
    )) as Response
    const rows = parse((await res.text()).replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[]
    expect(rows.map((r) => [r.Line, r['What happens'], r.Email])).toEqual([
      ['2', 'New person', 'new.line@x.org'],
      ['3', 'Up to date', 'keep.line@x.org'],
      ['4', 'Update', 'change.line@x.org'],
      ['5', 'Skipped', ''],
    ])
  })
})

describe('the undo', () => {
  it('is refused without the tick (nothing undone), and queued with it', async () => {
    const { batchId } = await importFile('Name,Email\nUndo Me,undo.me@x.org\n')
    const page = await batchPageData(batchId)
    expect(page.stillThere).toBe(1)
    const refused = await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo' }, { cookie: staff }),
      { id: String(batchId) },
    )
    expect(statusOf(refused)).toBe(400)
    expect(
      db
        .select()
        .from(s.importJobs)
        .where(and(eq(s.importJobs.batchId, batchId), eq(s.importJobs.kind, 'undo')))
        .all(),
    ).toEqual([])
    await finishJobs()
    expect(person('undo.me@x.org')).toBeDefined()

    const ok = (await run(
      batchPage.action,
      formRequest(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }, { cookie: staff }),
      { id: String(batchId) },
    )) as Response
    expect(ok.headers.get('Location')).toBe(`/staff/people/import/batches/${batchId}`)
    expect((await batchPageData(batchId)).batch.state).toBe('undoing')
    await finishJobs()
    expect(person('undo.me@x.org')).toBeUndefined()
  })
})
