/**
 * `npm run bench:directory`: 100,000 people in 500 structures (names with accents, five
 * regions, three languages, roles, deactivated and invited accounts), 200,000
 * participation records, one mail and one audit row per person. Times the directory's
 * work as its pages do it (median of 7 runs after a warm-up): a search by name or
 * email, a filter (region + language + took part in the last 12 months, then a role),
 * a person page (record, consents, first timeline page), then imports a 50,000-row
 * CSV (half new people, half updates) through the real upload and import path.
 * `--smoke` runs it with 2,000 people and 500 rows. Last line: one JSON object.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { searchDirectory } from '../app/services/people/directory.server'
import { openUpload, planImport, runImport, saveUpload, setUploadOptions } from '../app/services/people/import.server'
import { listConsents } from '../app/services/people/privacy.server'
import { getPersonRecord, personTimeline } from '../app/services/people/record.server'
import { openDatabase } from '../db/client'
import * as s from '../db/schema'
import { medianMs, peakRssMb, sampleRss, size } from './size'

const PEOPLE = size(100_000, 2_000)
const STRUCTURES = size(500, 50)
const RECORDS = PEOPLE * 2
const IMPORT_ROWS = size(50_000, 500)

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
const db = openDatabase(path.join(dir, 'app.db'))
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

// ─── Import: half the rows update existing people, half are new ───────────

const lines = ['Adresse e-mail;Nom;Langue;Région']
for (let i = 0; i < IMPORT_ROWS; i++) {
  const existing = i % 2 === 0
  const email = existing
    ? (sqlite.prepare('select email from people where id = ?').get(1 + i) as { email: string }).email
    : `new.${i}@example.net`
  lines.push(`${email};Nouvelle Personne ${i};${pick(LANGS)};${pick(s.REGION_CODES)}`)
}
const csv = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8')
const ctx = { actorId: 1 }
const i0 = performance.now()
const uploadId = saveUpload(db, { filename: 'contacts.csv', content: csv }, ctx)
const upload = db.select().from(s.importUploads).get()!
const { table, mapping } = await openUpload(db, upload)
const preview = planImport(db, { table, mapping, mode: 'overwrite', fixes: {} })
const previewMs = Math.round(performance.now() - i0)
setUploadOptions(db, { id: uploadId, mapping, mode: 'overwrite' }, ctx)
sampleRss()
const imported = await runImport(db, { uploadId }, ctx)
const importSeconds = (performance.now() - i0) / 1000
if (!imported.ok) throw new Error(`import failed: ${imported.error}`)
const { created, updated } = imported.report
if (created + updated !== IMPORT_ROWS) throw new Error(`import wrote ${created + updated} of ${IMPORT_ROWS} rows`)

console.log(`data set: ${PEOPLE} people, ${RECORDS} participation records, built in ${built.toFixed(1)} s`)
console.log(`search (${queries.length} queries, per query): ${searchMs.toFixed(1)} ms`)
console.log(`filter (region + language + active 12 months; role + state): ${filterMs.toFixed(1)} ms`)
console.log(`person page (record + consents + timeline of the busiest person): ${personPageMs} ms`)
console.log(
  `import ${IMPORT_ROWS} rows (${created} created, ${updated} updated): preview ${previewMs} ms ` +
    `(${preview.summary.create} to create), whole import ${importSeconds.toFixed(2)} s`,
)
fs.rmSync(dir, { recursive: true, force: true })
console.log(
  JSON.stringify({
    people: PEOPLE,
    search_ms: Math.round(searchMs * 10) / 10,
    filter_ms: Math.round(filterMs * 10) / 10,
    person_page_ms: personPageMs,
    import_rows: IMPORT_ROWS,
    import_seconds: Math.round(importSeconds * 100) / 100,
    import_rows_per_s: Math.round(IMPORT_ROWS / importSeconds),
    preview_ms: previewMs,
    peak_rss_mb: peakRssMb(),
  }),
)
