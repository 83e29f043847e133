/**
 * `npm run bench:lists`: the staff pages' big lists at the sizes issue 18 names — a
 * webinar with 5,000 registrants, a summit roster of 2,000 participants, an outbox of
 * 100,000 mails. Times what each page's loader asks of the database (the summary counts
 * and one page of the list, plain, searched and filtered), median of 7 runs. Target: each
 * under 50 ms. Last line:
 * {"registrants","participants","outbox_rows","registrants_ms","registrants_search_ms",
 *  "roster_ms","roster_search_ms","outbox_ms","outbox_filtered_ms","peak_rss_mb"}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { listOutbox, outboxCounts } from '../app/services/outbox.server'
import { regionBalance, rosterPage } from '../app/services/summits/roster.server'
import { pageRegistrants, registrantCounts } from '../app/services/webinars-admin.server'
import { openDatabase } from '../db/client'
import { personSearchText } from '../db/fold'
import * as s from '../db/schema'
import { medianMs, peakRssMb, size } from './size'

const REGISTRANTS = size(5_000, 200)
const PARTICIPANTS = size(2_000, 100)
const OUTBOX = size(100_000, 1_000)
const PAGE = 50

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-lists-'))
const db = openDatabase(path.join(dir, 'app.db'))
const sqlite = db.$client
const now = Date.now()

const GIVEN = ['Awa', 'José', 'Müller', 'Aïssatou', 'Olivier', 'María', 'Kwame', 'Léa', 'Hiroshi', 'Fatima']
const FAMILY = ['Ndiaye', 'Muñoz', 'Dupont', 'García', 'Mensah', 'Nakamura', 'Benali', 'Søreide', 'Kowalski']
db.insert(s.regions)
  .values(s.REGION_CODES.map((code) => ({ code, name: code })))
  .run()
const event = (kind: 'webinar' | 'summit', slug: string) =>
  sqlite
    .prepare(`insert into events (kind, slug, starts_at, ends_at) values (?, ?, ?, ?)`)
    .run(kind, slug, now + 86400_000, now + 90000_000).lastInsertRowid as number
const webinarId = event('webinar', 'big-webinar')
const summitId = event('summit', 'big-summit')
sqlite.transaction(() => {
  const person = sqlite.prepare(
    `insert into people (email, name, preferred_language, region_code, search_text) values (?, ?, ?, ?, ?)`,
  )
  const registration = sqlite.prepare(
    `insert into registrations (event_id, person_id, status, channel_language, attended) values (?, ?, ?, 'en', ?)`,
  )
  const participation = sqlite.prepare(
    `insert into summit_participations (event_id, person_id, status, funding) values (?, ?, ?, 'pending')`,
  )
  const statuses = ['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'cancelled'] as const
  const roster = ['nominated', 'confirmed', 'confirmed', 'declined'] as const
  for (let i = 0; i < Math.max(REGISTRANTS, PARTICIPANTS); i++) {
    const name = `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]} ${i}`
    const email = `person${i}@example.net`
    const id = person.run(email, name, ['en', 'fr', 'es'][i % 3], s.REGION_CODES[i % 5], personSearchText(name, email))
      .lastInsertRowid as number
    if (i < REGISTRANTS) registration.run(webinarId, id, statuses[i % 5], i % 4 === 0 ? 1 : 0)
    if (i < PARTICIPANTS) participation.run(summitId, id, roster[i % 4])
  }
  const mail = sqlite.prepare(
    `insert into outbox (unique_key, kind, to_address, language, subject, html, text, status, next_attempt_at, message_id, created_at)
     values (?, 'registration-confirmed', ?, 'en', ?, '<p>Hello</p>', 'Hello', ?, ?, ?, ?)`,
  )
  for (let i = 0; i < OUTBOX; i++)
    mail.run(
      `bench:${i}`,
      `person${i % 5000}@example.net`,
      `Registration confirmed: webinar ${i % 300}`,
      i % 50 === 0 ? 'failed' : i % 20 === 0 ? 'pending' : 'sent',
      now,
      `<${i}@bench>`,
      now - (OUTBOX - i) * 1000,
    )
})()
sqlite.exec('analyze')

const registrantsMs = medianMs(() => {
  registrantCounts(db, webinarId)
  pageRegistrants(db, webinarId, { page: '3', size: PAGE })
})
const registrantsSearchMs = medianMs(() => {
  pageRegistrants(db, webinarId, { q: 'garcia', page: '1', size: PAGE })
  pageRegistrants(db, webinarId, { show: 'attended', page: '2', size: PAGE })
})
const rosterMs = medianMs(() => {
  regionBalance(db, summitId)
  rosterPage(db, summitId, {}, { page: '2', size: PAGE })
})
const rosterSearchMs = medianMs(() => {
  rosterPage(db, summitId, { q: 'kowalski' }, { page: '1', size: PAGE })
  rosterPage(db, summitId, { regionCode: 'AFRALO', status: 'confirmed' }, { page: '1', size: PAGE })
})
const outboxMs = medianMs(() => {
  outboxCounts(db)
  listOutbox(db, { limit: 200 })
})
const outboxFilteredMs = medianMs(() => {
  outboxCounts(db)
  listOutbox(db, { status: 'sent', limit: 200 })
  listOutbox(db, { status: 'failed', limit: 200 })
})
fs.rmSync(dir, { recursive: true, force: true })

console.log(
  `webinar with ${REGISTRANTS} registrants: counts + page 3: ${registrantsMs} ms; searched / filtered: ${registrantsSearchMs} ms`,
)
console.log(
  `summit roster of ${PARTICIPANTS}: region balance + page 2: ${rosterMs} ms; searched / filtered: ${rosterSearchMs} ms`,
)
console.log(`outbox of ${OUTBOX} mails: counts + latest 200: ${outboxMs} ms; by status: ${outboxFilteredMs} ms`)
console.log(
  JSON.stringify({
    registrants: REGISTRANTS,
    participants: PARTICIPANTS,
    outbox_rows: OUTBOX,
    registrants_ms: registrantsMs,
    registrants_search_ms: registrantsSearchMs,
    roster_ms: rosterMs,
    roster_search_ms: rosterSearchMs,
    outbox_ms: outboxMs,
    outbox_filtered_ms: outboxFilteredMs,
    peak_rss_mb: peakRssMb(),
  }),
)
