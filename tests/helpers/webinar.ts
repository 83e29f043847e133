import type { DB } from '#db/client'
import * as s from '#db/schema'
import { createPerson } from '~/services/people.server'

export const SEED_CHANNELS = [
  { language: 'en', conferenceId: '1638' },
  { language: 'es', conferenceId: '1738' },
  { language: 'fr', conferenceId: '1838' },
] as const

/** A webinar like the seed's "Security and Stability", in the future, with the three channels. */
export function createWebinar(
  db: DB,
  {
    capacity = 100,
    slug = 'security-and-stability',
    startsAt = new Date('2030-05-15T13:00:00Z'),
    description = 'Security and Stability, with the SSAC',
  } = {},
): number {
  const id = db
    .insert(s.events)
    .values({
      kind: 'webinar',
      slug,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      platformName: 'Adobe Connect',
      platformUrl: 'https://participate.example.org/ssac',
      capacity,
    })
    .returning()
    .get().id
  db.insert(s.eventTranslations)
    .values([
      { eventId: id, language: 'en', title: 'Security and Stability', description, agenda: '1. Welcome\n2. SSAC' },
      {
        eventId: id,
        language: 'fr',
        title: 'Sécurité et stabilité',
        description: 'Sécurité et stabilité, avec le SSAC',
        agenda: '1. Accueil\n2. SSAC',
      },
    ])
    .run()
  for (const c of SEED_CHANNELS) {
    db.insert(s.interpretationChannels)
      .values({ eventId: id, language: c.language, conferenceId: c.conferenceId, dialInNumbers: '+44 20 3478 5289' })
      .run()
  }
  return id
}

export function ensureRegions(db: DB) {
  db.insert(s.regions)
    .values(s.REGION_CODES.map((code) => ({ code, name: code })))
    .onConflictDoNothing()
    .run()
}

export function createPeople(
  db: DB,
  n: number,
  { language = 'en' as s.Language, timeZone = 'UTC', prefix = 'p' } = {},
): number[] {
  ensureRegions(db)
  return Array.from({ length: n }, (_, i) =>
    createPerson(db, {
      email: `${prefix}${i}@example.net`,
      name: `Person ${prefix}${i}`,
      passwordHash: null,
      preferredLanguage: language,
      timeZone,
      regionCode: s.REGION_CODES[i % 5],
    }),
  )
}
