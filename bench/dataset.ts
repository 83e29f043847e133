/**
 * Builds a benchmark database: the demo data plus 300 future webinars with
 * their three channels and 5,000 registrations, and one person registered for
 * 50 webinars (the personal feed under test). Deterministic.
 */
import crypto from 'node:crypto'

import { createCookie } from '@remix-run/node'

import { type DB, openDatabase } from '../db/client'
import * as s from '../db/schema'
import { seed } from '../db/seed'

export const FEED_EMAIL = 'feed.bench@example.net'
export const SESSION_SECRET = 'bench-session-secret'

export async function buildDataset(file: string, { webinars = 300, registrations = 5000, now = new Date() } = {}) {
  const db = openDatabase(file)
  await seed(db, { now })
  const peopleIds = db
    .select({ id: s.people.id })
    .from(s.people)
    .all()
    .map((p) => p.id)
  const day = 86400_000
  const ids: number[] = []
  db.transaction((tx) => {
    for (let i = 0; i < webinars; i++) {
      const startsAt = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 + (i + 2) * day)
      const id = tx
        .insert(s.events)
        .values({
          kind: 'webinar',
          slug: `bench-webinar-${i + 1}`,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3600_000),
          platformName: 'Zoom',
          platformUrl: `https://participate.example.org/bench-${i + 1}`,
          capacity: 500,
        })
        .returning({ id: s.events.id })
        .get().id
      for (const language of s.LANGUAGES) {
        tx.insert(s.eventTranslations)
          .values({
            eventId: id,
            language,
            title: `Webinar ${i + 1} (${language})`,
            description: 'Capacity building, with interpretation; questions welcome.',
          })
          .run()
        tx.insert(s.interpretationChannels)
          .values({
            eventId: id,
            language,
            conferenceId: String(1600 + i * 3 + s.LANGUAGES.indexOf(language)),
            dialInNumbers: '+44 20 3478 5289',
          })
          .run()
      }
      ids.push(id)
    }
    let n = 0
    for (let i = 0; n < registrations; i++) {
      const eventId = ids[i % ids.length]
      const personId = peopleIds[Math.floor(i / ids.length) % peopleIds.length]
      const r = tx
        .insert(s.registrations)
        .values({ eventId, personId, status: 'confirmed', channelLanguage: s.LANGUAGES[i % 3] })
        .onConflictDoNothing()
        .run()
      n += r.changes
    }
    const feedPerson = tx
      .insert(s.people)
      .values({
        email: FEED_EMAIL,
        name: 'Feed Bench',
        preferredLanguage: 'fr',
        timeZone: 'Europe/Paris',
        calendarToken: 'bench-feed-token',
        unsubscribeToken: crypto.randomUUID(),
      })
      .returning({ id: s.people.id })
      .get().id
    for (const eventId of ids.slice(0, 50))
      tx.insert(s.registrations)
        .values({ eventId, personId: feedPerson, status: 'confirmed', channelLanguage: 'fr' })
        .run()
  })
  return db
}

/** Signed-in cookies for people, made the way the app makes them (a session row + a signed id). */
export async function sessionCookies(db: DB, personIds: number[]): Promise<string[]> {
  const cookie = createCookie('__session', { secrets: [SESSION_SECRET], path: '/', httpOnly: true, sameSite: 'lax' })
  const out: string[] = []
  for (const personId of personIds) {
    const id = crypto.randomBytes(18).toString('base64url')
    db.insert(s.authSessions)
      .values({ id, personId, data: { personId }, expiresAt: new Date(Date.now() + 86400_000) })
      .run()
    out.push((await cookie.serialize(id)).split(';')[0])
  }
  return out
}
