/**
 * `npm run bench:metrics`: 10,000 people in 500 structures with 200,000
 * participation records over two years (plus 20 working groups meeting weekly),
 * then times each participation dashboard page's computation (median of 7 runs
 * after a warm-up). Last line: {"people","records","<page>_ms",...}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { sql } from 'drizzle-orm'

import {
  listRecords,
  makePeriod,
  ownParticipation,
  participationOverview,
  peopleMetrics,
  structureMetrics,
} from '../app/services/metrics.server'
import { insertHeldMeeting } from '../app/services/working-group-meetings.server'
import { openDatabase } from '../db/client'
import * as s from '../db/schema'
import { size } from './size'

const PEOPLE = size(10_000, 500)
const STRUCTURES = size(500, 250)
const RECORDS = size(200_000, 5_000)
const GROUPS = 20

let seed = 7
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-metrics-'))
const db = openDatabase(path.join(dir, 'app.db'))
const now = new Date()
const day = 86400_000
const t0 = performance.now()
db.insert(s.regions)
  .values(s.REGION_CODES.map((code) => ({ code, name: code })))
  .run()
db.transaction((tx) => {
  for (let i = 0; i < STRUCTURES; i += 250) {
    tx.insert(s.structures)
      .values(
        Array.from({ length: 250 }, (_, k) => ({
          name: `Structure ${i + k}`,
          regionCode: s.REGION_CODES[(i + k) % 5],
          country: 'XX',
          accreditationStatus: 'accredited' as const,
        })),
      )
      .run()
  }
  for (let i = 0; i < PEOPLE; i += 500) {
    tx.insert(s.people)
      .values(
        Array.from({ length: 500 }, (_, k) => {
          const n = i + k
          return {
            email: `m${n}@example.net`,
            name: `Member ${n}`,
            regionCode: s.REGION_CODES[n % 5],
            structureId: n % 3 === 0 ? null : 1 + (n % STRUCTURES),
            memberType: n % 3 === 0 ? ('individual_member' as const) : ('als_representative' as const),
          }
        }),
      )
      .run()
  }
  for (let g = 0; g < GROUPS; g++) {
    const groupId = tx
      .insert(s.workingGroups)
      .values({ kind: 'standing', name: { en: `Group ${g}` }, topic: { en: 'Topic' } })
      .returning({ id: s.workingGroups.id })
      .get().id
    const members = new Set(Array.from({ length: 100 }, () => 1 + Math.floor(rand() * PEOPLE)))
    tx.insert(s.workingGroupMembers)
      .values([...members].map((personId) => ({ workingGroupId: groupId, personId })))
      .run()
    for (let k = 0; k < 100; k++)
      insertHeldMeeting(tx, { groupId, heldAt: new Date(now.getTime() - (k + 1) * 7 * day), title: `Call ${k}` })
  }
  const kinds = s.RECORD_KINDS
  for (let i = 0; i < RECORDS; i += 1000) {
    tx.insert(s.participationRecords)
      .values(
        Array.from({ length: 1000 }, (_, k) => {
          const personId = 1 + Math.floor(rand() * rand() * PEOPLE) // some people far more active than others
          const n = personId - 1
          return {
            personId,
            structureId: n % 3 === 0 ? null : 1 + (n % STRUCTURES),
            regionCode: s.REGION_CODES[n % 5],
            kind: kinds[Math.floor(rand() * kinds.length)],
            sourceType: 'bench',
            sourceId: i + k,
            occurredAt: new Date(now.getTime() - Math.floor(rand() * 730) * day),
          }
        }),
      )
      .run()
  }
})
const built = (performance.now() - t0) / 1000

const period = makePeriod(null, null, now)
const busiest = db.get<{ id: number }>(
  sql`select person_id as id from participation_records group by 1 order by count(*) desc limit 1`,
)!.id
const pages: Record<string, () => unknown> = {
  overview: () => participationOverview(db, period, now),
  structures: () => structureMetrics(db, period, { now }),
  people: () => peopleMetrics(db, period),
  records: () => listRecords(db, period, {}),
  records_filtered: () => listRecords(db, period, { regionCode: 'EURALO', kind: 'webinar_attended' }),
  my_participation: () => ownParticipation(db, busiest, period),
}
const figures: Record<string, number> = {}
for (const [name, fn] of Object.entries(pages)) {
  fn()
  const times = Array.from({ length: 7 }, () => {
    const a = performance.now()
    fn()
    return performance.now() - a
  }).sort((a, b) => a - b)
  figures[`${name}_ms`] = Math.round(times[3] * 10) / 10
}
const records = db.get<{ n: number }>(sql`select count(*) as n from participation_records`)!.n
console.log(
  `data set: ${PEOPLE} people, ${STRUCTURES} structures, ${records} records, ${GROUPS} working groups × 100 meetings (built in ${built.toFixed(1)} s)`,
)
console.log(`period: ${period.fromText} to ${period.toText}`)
for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(22)} ${v} ms`)
fs.rmSync(dir, { recursive: true, force: true })
console.log(JSON.stringify({ people: PEOPLE, records, ...figures }))
