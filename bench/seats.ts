/**
 * `npm run bench:seats`: 500 different signed-in people register at the same
 * time, over HTTP, for a 100-seat webinar. Prints the outcome as its last line:
 * {"seats":100,"requests":500,"confirmed":N,"waitlisted":N,"errors":N}.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { and, eq, sql } from 'drizzle-orm'

import { createPerson } from '../app/services/people.server'
import { openDatabase } from '../db/client'
import * as s from '../db/schema'
import { startServer } from '../tests/e2e/launch'
import { SESSION_SECRET, sessionCookies } from './dataset'
import { size } from './size'

const SEATS = size(100, 10)
const REQUESTS = size(500, 50)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-seats-'))
const file = path.join(dir, 'app.db')
const db = openDatabase(file)
db.insert(s.regions)
  .values(s.REGION_CODES.map((code) => ({ code, name: code })))
  .run()
const startsAt = new Date(Date.now() + 7 * 86400_000)
const eventId = db
  .insert(s.events)
  .values({
    kind: 'webinar',
    slug: 'hundred-seats',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3600_000),
    capacity: SEATS,
  })
  .returning({ id: s.events.id })
  .get().id
db.insert(s.eventTranslations).values({ eventId, language: 'en', title: 'A hundred seats' }).run()
const people = Array.from({ length: REQUESTS }, (_, i) =>
  createPerson(db, {
    email: `seat${i}@example.net`,
    name: `Seat ${i}`,
    passwordHash: null,
    preferredLanguage: 'en',
    timeZone: 'UTC',
    regionCode: s.REGION_CODES[i % 5],
  }),
)
const cookies = await sessionCookies(db, people)
db.$client.close()

const server = await startServer({ WORKER: 'off', DATABASE_PATH: file, SESSION_SECRET, SEED: 'none' })
let errors = 0
const started = Date.now()
try {
  const responses = await Promise.all(
    cookies.map((cookie) =>
      fetch(`${server.url}/webinars/hundred-seats`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'intent=register&channelLanguage=en',
      }).then(
        (r) => (r.status === 303 ? null : r.status),
        () => -1,
      ),
    ),
  )
  errors = responses.filter((r) => r !== null).length
} finally {
  await server.stop()
}
const elapsed = Date.now() - started
const check = openDatabase(file)
const count = (status: 'confirmed' | 'waitlisted') =>
  check
    .select({ n: sql<number>`count(*)` })
    .from(s.registrations)
    .where(and(eq(s.registrations.eventId, eventId), eq(s.registrations.status, status)))
    .get()!.n
const outcome = {
  seats: SEATS,
  requests: REQUESTS,
  confirmed: count('confirmed'),
  waitlisted: count('waitlisted'),
  errors,
}
console.log(`\n${REQUESTS} concurrent registrations in ${elapsed} ms`)
console.log(JSON.stringify(outcome))
