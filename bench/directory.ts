/**
 * `npm run bench:directory`: 100,000 people in 500 structures (names with accents, five
 * regions, three languages, roles, deactivated and invited accounts), 200,000
 * participation records, one mail and one audit row per person. Times the directory's
 * work as its pages do it (median of 7 runs after a warm-up): a search by name or
 * email, a filter (region + language + took part in the last 12 months, then a role),
 * a person page (record, consents, first timeline page).
 *
 * Then the big work, through the real routes (loaders and actions called in this
 * process, the worker running beside them): a 200,000-row CSV (half new people, half
 * updates, under the 10 MB upload limit) is uploaded, previewed, imported, its report
 * page and report CSV read, the whole directory exported as CSV and as Excel, and the
 * import undone. During each step a `/livez`-like probe (bench/loop-probe.ts) measures
 * how long other requests wait: per step the duration, `max_event_loop_lag_ms` and the
 * probe's p99. Target: p99 under 200 ms in every step.
 * `--smoke` runs it with 2,000 people and 1,000 rows. Last line: one JSON object.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { searchDirectory } from '../app/services/people/directory.server'
import { listConsents } from '../app/services/people/privacy.server'
import { getPersonRecord, personTimeline } from '../app/services/people/record.server'
import { openDatabase, setDb } from '../db/client'
import * as s from '../db/schema'
import { printSteps, startLoopProbe, type StepFigures } from './loop-probe'
import { medianMs, peakRssMb, sampleRss, size } from './size'

const PEOPLE = size(100_000, 2_000)
const STRUCTURES = size(500, 50)
const RECORDS = PEOPLE * 2
const IMPORT_ROWS = size(200_000, 1_000)

const GIVEN = ['Awa', 'José', 'Müller', 'Aïssatou', 'Olivier', 'María', 'Kwame', 'Léa', 'Hiroshi', 'Fatima', 'Iñaki']
const FAMILY = [
  'Ndiaye',
  'Muñoz',
  'Dupont',
  'García',
  'Mensah',
  'Ó Briain',
  'Nakamura',
  'Benali',
  'Søreide',
  'Kowalski',
]
const LANGS = ['en', 'fr', 'es'] as const

let seed = 11
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-directory-'))
// The routes read their configuration from the environment (session secret, database).
process.env.DATABASE_PATH = path.join(dir, 'app.db')
process.env.SESSION_SECRET = 'bench-directory-secret'
process.env.APP_URL = 'http://app.test'
delete process.env.SMTP_URL
const db = openDatabase(path.join(dir, 'app.db'))
setDb(db)
const sqlite = db.$client
const now = Date.now()
const day = 86400_000

const t0 = performance.now()
db.insert(s.regions)
  .values(s.REGION_CODES.map((code) => ({ code, name: code })))
  .run()
sqlite.transaction(() => {
  const structure = sqlite.prepare(
    `insert into structures (name, region_code, country, accreditation_status) values (?, ?, 'XX', 'accredited')`,
  )
  for (let i = 0; i < STRUCTURES; i++) structure.run(`Structure ${i}`, s.REGION_CODES[i % 5])
})()
sqlite.transaction(() => {
  const person = sqlite.prepare(
    `insert into people (email, name, password_hash, preferred_language, time_zone, region_code, structure_id,
       member_type, deactivated_at, created_at, updated_at) values (?, ?, ?, ?, 'UTC', ?, ?, ?, ?, ?, ?)`,
  )
  for (let i = 1; i <= PEOPLE; i++) {
    const given = pick(GIVEN)
    const family = pick(FAMILY)
    const created = now - Math.floor(rand() * 700) * day
    person.run(
      `${given}.${family}.${i}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, 'x'),
      `${given} ${family} ${i}`,
      rand() < 0.7 ? 'hash' : null,
      pick(LANGS),
      s.REGION_CODES[i % 5],
      rand() < 0.6 ? 1 + Math.floor(rand() * STRUCTURES) : null,
      pick(s.MEMBER_TYPES),
      rand() < 0.02 ? now - 10 * day : null,
      created,
      created,
    )
  }
  const role = sqlite.prepare(`insert into person_roles (person_id, role) values (?, ?)`)
  for (let i = 1; i <= 20; i++) role.run(i, 'staff')
  for (let i = 21; i <= 70; i++) role.run(i, 'analyst')
  const record = sqlite.prepare(
    `insert into participation_records (person_id, region_code, kind, source_type, source_id, occurred_at)
       values (?, ?, 'webinar_attended', 'registration', ?, ?)`,
  )
  for (let i = 1; i <= RECORDS; i++) {
    const personId = 1 + Math.floor(rand() * PEOPLE)
    record.run(personId, s.REGION_CODES[personId % 5], i, now - Math.floor(rand() * 720) * day)
  }
  const mail = sqlite.prepare(
    `insert into outbox (unique_key, kind, person_id, to_address, language, subject, html, text, status,
       next_attempt_at, message_id, created_at) values (?, 'confirmation', ?, 'x@example.org', 'en', 'Your place', '',
       '', 'sent', ?, ?, ?)`,
  )
  const audit = sqlite.prepare(
    `insert into audit_log (actor_id, action, entity_type, entity_id, at) values (1, 'person.created', 'person', ?, ?)`,
  )
  for (let i = 1; i <= PEOPLE; i++) {
    mail.run(`bench:${i}`, i, now, `<bench.${i}@example.org>`, now - (i % 300) * day)
    audit.run(String(i), now - (i % 300) * day)
  }
})()
sqlite.pragma('optimize')
const built = (performance.now() - t0) / 1000
sampleRss()

// ─── The directory's work ─────────────────────────────────────────────────

const queries = ['muñoz', 'AISSATOU', 'jose garcia', 'kowalski.4', '@example.org', 'nobody-has-this']
const searchMs =
  medianMs(() => {
    for (const q of queries) searchDirectory(db, { filters: { q } })
  }) / queries.length
const filterMs =
  medianMs(() => {
    searchDirectory(db, { filters: { regionCode: 'AFRALO', language: 'fr', activeMonths: 12 } })
    searchDirectory(db, { filters: { role: 'analyst', state: 'active' }, sort: '-created' })
  }) / 2
const busiest = sqlite
  .prepare(`select person_id as id from participation_records group by person_id order by count(*) desc limit 1`)
  .get() as { id: number }
const personPageMs = medianMs(() => {
  getPersonRecord(db, busiest.id)
  listConsents(db, busiest.id)
  personTimeline(db, { personId: busiest.id, language: 'fr', page: 1 })
})

// ─── The big work: a 200,000-row import, its report, the exports, the undo ───

const { commitSession, getSession } = await import('../app/auth-session.server')
const startPage = await import('../app/routes/staff.people.import._index')
const previewPage = await import('../app/routes/staff.people.import.$upload')
const batchPage = await import('../app/routes/staff.people.import.batches.$id')
const reportCsv = await import('../app/routes/staff.people.import.batches.$id.report[.]csv')
const exportPage = await import('../app/routes/staff.people.export.$format')
const { IMPORT_MAX_BYTES } = await import('../app/lib/person-import')
const { startWorker } = await import('../app/services/worker.server')
const { pendingImportJobs } = await import('../app/services/people/import-jobs.server')

// Half the rows update existing people (a new name), half are new; short cells keep 200,000 rows under 10 MB.
const lines = ['Courriel;Nom;Langue;Région']
const emailOf = sqlite.prepare('select email from people where id = ?')
for (let i = 0; i < IMPORT_ROWS; i++) {
  const existing = i % 2 === 0
  const email = existing ? (emailOf.get(1 + i / 2) as { email: string }).email : `n${i}@x.net`
  lines.push(`${email};${pick(GIVEN)} N${i};${pick(LANGS)};${pick(s.REGION_CODES)}`)
}
const csv = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8')
if (csv.length > IMPORT_MAX_BYTES) throw new Error(`the file (${csv.length} bytes) is over the upload limit`)

const staffSession = await getSession(new Request('http://app.test'))
staffSession.set('personId', 1)
const cookie = (await commitSession(staffSession)).split(';')[0]
const BASE = 'http://app.test'
const call = async (fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) => {
  try {
    return await fn({ request, params, context: {} } as never)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const get = (url: string) => new Request(BASE + url, { headers: { Cookie: cookie } })
const post = (url: string, fields: Record<string, string>) =>
  new Request(BASE + url, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
const location = (res: unknown) => (res as Response).headers.get('Location') ?? ''
/** Reads a download to its end, as the browser does; returns its size in bytes. */
const drain = async (res: unknown) => {
  const body = (res as Response).body
  if (!body) return 0
  let bytes = 0
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length
  return bytes
}

// The worker as the server runs it (its default tick); it does the import and the undo.
const worker = startWorker(db, null, { intervalMs: 2000 })
/** Until the worker has finished every import and undo (the person watching the progress page). */
const jobsDone = async () => {
  while (pendingImportJobs(db) > 0) await new Promise((resolve) => setTimeout(resolve, 100))
}
const probe = await startLoopProbe()
const steps: StepFigures[] = []
async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const { figures, result } = await probe.measure(name, fn)
  steps.push(figures)
  sampleRss()
  return result
}

const uploadId = await step('upload', async () => {
  const form = new FormData()
  form.append('file', new File([csv], 'contacts.csv', { type: 'text/csv' }))
  const res = await call(
    startPage.action,
    new Request(`${BASE}/staff/people/import`, { method: 'POST', body: form, headers: { Cookie: cookie } }),
  )
  const id = location(res).split('/').pop()
  if (!id) throw new Error('upload refused')
  return id
})
const preview = await step('preview', async () => {
  const res = await call(previewPage.loader, get(`/staff/people/import/${uploadId}`), { upload: uploadId })
  return res as Awaited<ReturnType<typeof previewPage.loader>>
})
const fields: Record<string, string> = { intent: 'map', mode: 'overwrite' }
preview.mapping.forEach((f, i) => (fields[`col-${i}`] = f ?? ''))
await call(previewPage.action, post(`/staff/people/import/${uploadId}`, fields), { upload: uploadId })
const batchId = await step('import', async () => {
  const res = await call(
    previewPage.action,
    post(`/staff/people/import/${uploadId}`, { ...fields, intent: 'import' }),
    {
      upload: uploadId,
    },
  )
  const id = location(res).match(/batches\/(\d+)/)?.[1]
  if (!id) throw new Error(`import refused: ${location(res)}`)
  await jobsDone()
  return id
})
const report = db.select().from(s.importBatches).all().at(-1)!.report
const { created, updated } = report
if (created + updated !== IMPORT_ROWS) throw new Error(`import wrote ${created + updated} of ${IMPORT_ROWS} rows`)
await step('report page', () => call(batchPage.loader, get(`/staff/people/import/batches/${batchId}`), { id: batchId }))
const reportBytes = await step('report csv', async () =>
  drain(await call(reportCsv.loader, get(`/staff/people/import/batches/${batchId}/report.csv`), { id: batchId })),
)
const csvBytes = await step('export csv', async () =>
  drain(await call(exportPage.loader, get('/staff/people/export/csv'), { format: 'csv' })),
)
const xlsxBytes = await step('export xlsx', async () =>
  drain(await call(exportPage.loader, get('/staff/people/export/xlsx'), { format: 'xlsx' })),
)
await step('undo', async () => {
  const res = await call(
    batchPage.action,
    post(`/staff/people/import/batches/${batchId}`, { intent: 'undo', confirm: 'yes' }),
    {
      id: batchId,
    },
  )
  if (!location(res)) throw new Error('undo refused')
  await jobsDone()
})
const left = sqlite.prepare('select count(*) as n from people').get() as { n: number }
if (left.n !== PEOPLE) throw new Error(`after the undo ${left.n} people, expected ${PEOPLE}`)
await probe.stop()
await worker.stop()

console.log(`data set: ${PEOPLE} people, ${RECORDS} participation records, built in ${built.toFixed(1)} s`)
console.log(`search (${queries.length} queries, per query): ${searchMs.toFixed(1)} ms`)
console.log(`filter (region + language + active 12 months; role + state): ${filterMs.toFixed(1)} ms`)
console.log(`person page (record + consents + timeline of the busiest person): ${personPageMs} ms`)
console.log(
  `import ${IMPORT_ROWS} rows, ${(csv.length / 1e6).toFixed(1)} MB (${created} created, ${updated} updated); ` +
    `report csv ${(reportBytes / 1e6).toFixed(1)} MB, export csv ${(csvBytes / 1e6).toFixed(1)} MB, ` +
    `xlsx ${(xlsxBytes / 1e6).toFixed(1)} MB`,
)
printSteps(steps)
fs.rmSync(dir, { recursive: true, force: true })
const importStep = steps.find((x) => x.step === 'import')!
console.log(
  JSON.stringify({
    people: PEOPLE,
    search_ms: Math.round(searchMs * 10) / 10,
    filter_ms: Math.round(filterMs * 10) / 10,
    person_page_ms: personPageMs,
    import_rows: IMPORT_ROWS,
    import_seconds: importStep.seconds,
    import_rows_per_s: Math.round(IMPORT_ROWS / importStep.seconds),
    steps: Object.fromEntries(steps.map(({ step: name, ...figures }) => [name.replace(/ /g, '_'), figures])),
    max_event_loop_lag_ms: Math.max(...steps.map((x) => x.max_event_loop_lag_ms)),
    max_p99_probe_ms: Math.max(...steps.map((x) => x.p99_probe_ms)),
    peak_rss_mb: peakRssMb(),
  }),
)
