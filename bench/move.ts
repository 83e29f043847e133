/**
 * `npm run bench:move`: a webinar with 5,000 confirmed registrants (in the three
 * languages and several zones) is moved by an hour. Measures how long the move holds
 * SQLite's write lock (the whole of `updateWebinar`, one IMMEDIATE transaction), then how
 * the worker renders the 5,000 updated invites: the longest write lock of one of its
 * batches (rendering happens outside it), the total time, and that every registrant got
 * exactly one. Target (issue 18): the move holds the lock < 100 ms. Run with
 * NODE_ENV=production, as the server runs. Last line:
 * {"registrants","move_lock_ms","longest_batch_lock_ms","batches","render_seconds","mails","distinct_recipients"}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { sql } from 'drizzle-orm'

import { runEventMailJobs } from '../app/services/event-mail-jobs.server'
import { createWebinar, updateWebinar, type WebinarInput } from '../app/services/webinars-admin.server'
import { openDatabase } from '../db/client'
import * as s from '../db/schema'
import { size } from './size'

const REGISTRANTS = size(5_000, 300)
const baseUrl = 'https://atlarge.example.org'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-move-'))
const db = openDatabase(path.join(dir, 'app.db'))
const sqlite = db.$client

db.insert(s.regions)
  .values(s.REGION_CODES.map((code) => ({ code, name: code })))
  .run()
const staffId = db
  .insert(s.people)
  .values({ email: 'staff@example.org', name: 'Staff', preferredLanguage: 'en', timeZone: 'UTC' })
  .returning({ id: s.people.id })
  .get().id
const startsAt = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + 14 * 86400_000)
const input = (hours: number): WebinarInput => ({
  slug: 'capacity-building-dns-abuse',
  seriesId: null,
  texts: {
    en: { title: 'DNS abuse for end users', description: 'What it is and what to do.', agenda: '1. Welcome' },
    fr: { title: 'L’abus du DNS pour les utilisateurs', description: 'Ce que c’est.', agenda: '1. Accueil' },
    es: { title: 'El abuso del DNS para usuarios', description: 'Qué es.', agenda: '1. Bienvenida' },
  },
  presenters: [{ name: 'Julie Hammer', role: { en: 'Presenter' } }],
  startsAt: new Date(startsAt.getTime() + hours * 3600_000),
  endsAt: new Date(startsAt.getTime() + (hours + 1) * 3600_000),
  timeZone: 'UTC',
  platformName: 'Zoom',
  platformUrl: 'https://participate.example.org/dns-abuse',
  capacity: null,
  registrationOpensAt: null,
  registrationClosesAt: null,
  reminderOffsets: [1440, 60],
  channels: (['en', 'es', 'fr'] as const).map((language, i) => ({
    language,
    conferenceId: String(1638 + i * 100),
    dialInNumbers: '+1 555 0100',
    interpreters: '',
  })),
})
const created = createWebinar(db, input(0), staffId)
if (!created.ok) throw new Error(created.error)
const eventId = created.eventId

const LANGS = ['en', 'fr', 'es'] as const
const ZONES = ['UTC', 'Europe/Paris', 'America/Bogota', 'Africa/Abidjan', 'Asia/Kolkata']
sqlite.transaction(() => {
  const person = sqlite.prepare(
    `insert into people (email, name, preferred_language, time_zone, region_code) values (?, ?, ?, ?, ?)`,
  )
  const registration = sqlite.prepare(
    `insert into registrations (event_id, person_id, status, channel_language) values (?, ?, 'confirmed', ?)`,
  )
  for (let i = 0; i < REGISTRANTS; i++) {
    const language = LANGS[i % 3]
    const id = person.run(`r${i}@example.net`, `Registrant ${i}`, language, ZONES[i % 5], s.REGION_CODES[i % 5])
      .lastInsertRowid as number
    registration.run(eventId, id, language)
  }
})()

// The move: its whole transaction is the time the write lock is held.
const m0 = performance.now()
const moved = updateWebinar(db, { eventId, webinar: input(1) }, { actorId: staffId, baseUrl })
const moveLockMs = Math.round((performance.now() - m0) * 10) / 10
if (!moved.ok) throw new Error(`move failed: ${moved.error}`)

// The worker, as its step runs: batches rendered outside the lock, each written in its own transaction.
const r0 = performance.now()
let batches = 0
let longestLock = 0
for (;;) {
  const ran = await runEventMailJobs(db, { baseUrl })
  if (ran.batches === 0) break
  batches += ran.batches
  longestLock = Math.max(longestLock, ran.longestLockMs)
}
const renderSeconds = (performance.now() - r0) / 1000
const mails = sqlite
  .prepare(`select count(*) as n, count(distinct person_id) as people from outbox where kind = 'registration-updated'`)
  .get() as { n: number; people: number }
if (mails.n !== REGISTRANTS || mails.people !== REGISTRANTS)
  throw new Error(`${mails.n} updated invites to ${mails.people} people, expected ${REGISTRANTS}`)
const pending = db.get<{ n: number }>(sql`select count(*) as n from event_mail_jobs where done_at is null`)!.n
if (pending) throw new Error(`${pending} event mail jobs left`)
fs.rmSync(dir, { recursive: true, force: true })

console.log(`moved a webinar with ${REGISTRANTS} confirmed registrants: write lock held ${moveLockMs} ms`)
console.log(
  `worker rendered ${mails.n} updated invites to ${mails.people} people in ${batches} batches, ` +
    `${renderSeconds.toFixed(2)} s; the longest write lock of a batch ${Math.round(longestLock)} ms`,
)
console.log(
  JSON.stringify({
    registrants: REGISTRANTS,
    move_lock_ms: moveLockMs,
    longest_batch_lock_ms: Math.round(longestLock),
    batches,
    render_seconds: Math.round(renderSeconds * 100) / 100,
    mails: mails.n,
    distinct_recipients: mails.people,
  }),
)
