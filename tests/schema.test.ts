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
