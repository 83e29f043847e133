import { eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'

import { freshDb } from './helpers/db'

let db: DB
let personA: number
let personB: number
let eventId: number

beforeEach(() => {
  db = freshDb()
  db.insert(s.regions).values({ code: 'AFRALO', name: 'AFRALO' }).run()
  personA = db.insert(s.people).values({ email: 'a@example.org', name: 'A' }).returning().get().id
  personB = db.insert(s.people).values({ email: 'b@example.org', name: 'B' }).returning().get().id
  eventId = db
    .insert(s.events)
    .values({
      kind: 'webinar',
      slug: 'w',
      startsAt: new Date('2030-01-01T13:00Z'),
      endsAt: new Date('2030-01-01T14:00Z'),
    })
    .returning()
    .get().id
})

describe('database connection', () => {
  it('runs with WAL-compatible settings and enforces foreign keys', () => {
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
    // A write waits at most a second for another writer, then the request answers 503.
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(1000)
    expect(() =>
      db
        .insert(s.registrations)
        .values({ eventId: 9999, personId: personA, status: 'confirmed', channelLanguage: 'en' })
        .run(),
    ).toThrow(/FOREIGN KEY/)
  })
})

describe('constraints that protect correctness', () => {
  it('refuses a second account with the same email in another case', () => {
    expect(() => db.insert(s.people).values({ email: 'A@Example.ORG', name: 'Again' }).run()).toThrow(/UNIQUE/)
  })

  it('allows one registration per person and event', () => {
    db.insert(s.registrations).values({ eventId, personId: personA, status: 'confirmed', channelLanguage: 'fr' }).run()
    expect(() =>
      db
        .insert(s.registrations)
        .values({ eventId, personId: personA, status: 'waitlisted', channelLanguage: 'en' })
        .run(),
    ).toThrow(/UNIQUE/)
    db.insert(s.registrations).values({ eventId, personId: personB, status: 'confirmed', channelLanguage: 'es' }).run()
  })

  it('allows one delivery per newsletter and person', () => {
    const newsletterId = db.insert(s.newsletters).values({ slug: 'n1' }).returning().get().id
    db.insert(s.deliveries).values({ newsletterId, personId: personA, language: 'en' }).run()
    expect(() => db.insert(s.deliveries).values({ newsletterId, personId: personA, language: 'fr' }).run()).toThrow(
      /UNIQUE/,
    )
  })

  it('allows one response per survey invitation', () => {
    const surveyId = db
      .insert(s.surveys)
      .values({ slug: 's1', title: { en: 'S' }, eventId })
      .returning()
      .get().id
    const invitationId = db
      .insert(s.surveyInvitations)
      .values({ surveyId, personId: personA, tokenHash: 'h1' })
      .returning()
      .get().id
    db.insert(s.surveyResponses).values({ surveyId, invitationId, language: 'en' }).run()
    expect(() => db.insert(s.surveyResponses).values({ surveyId, invitationId, language: 'fr' }).run()).toThrow(
      /UNIQUE/,
    )
    // Open-link responses have no invitation and are not limited by it.
    db.insert(s.surveyResponses).values({ surveyId, language: 'en' }).run()
    db.insert(s.surveyResponses).values({ surveyId, language: 'es' }).run()
  })

  it('allows one interpretation channel per language and event', () => {
    db.insert(s.interpretationChannels).values({ eventId, language: 'fr', conferenceId: '1838' }).run()
    expect(() =>
      db.insert(s.interpretationChannels).values({ eventId, language: 'fr', conferenceId: '1839' }).run(),
    ).toThrow(/UNIQUE/)
  })

  it('deletes an event’s registrations with it, and keeps the audit trail when a person goes', () => {
    db.insert(s.registrations).values({ eventId, personId: personA, status: 'confirmed', channelLanguage: 'en' }).run()
    db.insert(s.auditLog)
      .values({ actorId: personB, action: 'x', entityType: 'event', entityId: String(eventId), at: new Date() })
      .run()
    db.delete(s.events).where(eq(s.events.id, eventId)).run()
    expect(db.get<{ n: number }>(sql`select count(*) n from registrations`)?.n).toBe(0)
    db.delete(s.people).where(eq(s.people.id, personB)).run()
    expect(db.select().from(s.auditLog).get()?.actorId).toBeNull()
  })
})

describe('the schema enforces its enums', () => {
  it('refuses a value outside an enum column’s domain in every table that has one', () => {
    const tables = db.$client
      .prepare(`select name, sql from sqlite_master where type = 'table' and sql like '%CHECK%'`)
      .all() as { name: string; sql: string }[]
    // One CHECK per enum column (45 today): people, events, registrations, surveys, outbox …
    const checks = tables.reduce((n, t) => n + (t.sql.match(/CONSTRAINT "\w+_check" CHECK/g)?.length ?? 0), 0)
    expect(checks).toBeGreaterThanOrEqual(45)
    const raw = (statement: string) => () => db.$client.prepare(statement).run()
    expect(raw(`update people set preferred_language = 'de' where id = ${personA}`)).toThrow(
      /CHECK constraint failed: people_preferred_language_check/,
    )
    expect(raw(`update events set status = 'postponed' where id = ${eventId}`)).toThrow(/events_status_check/)
    expect(
      raw(
        `insert into registrations (event_id, person_id, status, channel_language) values (${eventId}, ${personA}, 'maybe', 'en')`,
      ),
    ).toThrow(/registrations_status_check/)
    // NULL passes where the column may be empty.
    expect(raw(`update people set region_code = null where id = ${personA}`)).not.toThrow()
  })

  it('keeps every row when a migration rebuilds tables (foreign keys are off while migrations run)', async () => {
    const fs = await import('node:fs')
    const os = await import('node:os')
    const path = await import('node:path')
    const { MIGRATIONS_FOLDER, openDatabase } = await import('#db/client')
    // A database as it was before the rebuilding migration (0006): only the first six migrations.
    const older = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-migrations-'))
    fs.cpSync(MIGRATIONS_FOLDER, older, { recursive: true })
    const journal = JSON.parse(fs.readFileSync(path.join(older, 'meta', '_journal.json'), 'utf8'))
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0006')
    fs.writeFileSync(path.join(older, 'meta', '_journal.json'), JSON.stringify(journal))
    const file = path.join(older, 'app.db')
    const before = openDatabase(file, { migrations: older })
    // Rows in parents and in the children that cascade from them (as the schema stood then).
    const run = (q: string) => before.$client.prepare(q).run()
    run(`insert into regions (code, name) values ('AFRALO', 'AFRALO')`)
    for (let i = 1; i <= 20; i++)
      run(`insert into people (email, name, region_code) values ('p${i}@example.org', 'P${i}', 'AFRALO')`)
    run(`insert into events (kind, slug, starts_at, ends_at) values ('webinar', 'w', 0, 1)`)
    for (let i = 1; i <= 20; i++) {
      run(
        `insert into registrations (event_id, person_id, status, channel_language) values (1, ${i}, 'confirmed', 'en')`,
      )
      run(
        `insert into participation_records (person_id, kind, source_type, source_id, occurred_at) values (${i}, 'webinar_registered', 'registration', ${i}, 0)`,
      )
      run(
        `insert into audit_log (actor_id, action, entity_type, entity_id, at) values (${i}, 'x', 'person', '${i}', 0)`,
      )
    }
    const count = (d: DB, table: string) =>
      (d.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
    const tables = ['people', 'events', 'registrations', 'participation_records', 'audit_log']
    const counts = Object.fromEntries(tables.map((t) => [t, count(before, t)]))
    expect(counts.registrations).toBe(20)
    before.$client.close()
    const after = openDatabase(file)
    expect(Object.fromEntries(tables.map((t) => [t, count(after, t)]))).toEqual(counts)
    expect(after.$client.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(after.$client.pragma('foreign_key_check')).toEqual([])
    after.$client.close()
  })
})
