import { eq } from 'drizzle-orm'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { NEWSLETTER } from '#db/seed-data'
import { saveAudience } from '~/services/newsletters/audiences.server'
import { saveNewsletter, startSending } from '~/services/newsletters/newsletter.server'
import { createPerson } from '~/services/people.server'

/**
 * New readers (in a structure of their own) and the seed's newsletter, in the languages
 * given, queued to them: what a sending test starts from. Returns the newsletter's id.
 */
export function queueNewsletterTo(
  db: DB,
  readers: { email: string; language: s.Language }[],
  { slug, languages = ['en', 'fr', 'es'] }: { slug: string; languages?: s.Language[] },
): number {
  const staffId = db.select().from(s.people).where(eq(s.people.email, 'staff@example.org')).get()!.id
  const structureId = db
    .insert(s.structures)
    .values({ name: `Readers of ${slug}`, regionCode: 'EURALO', country: 'FR' })
    .returning()
    .get().id
  for (const r of readers) {
    createPerson(db, {
      email: r.email,
      name: r.email.split('@')[0],
      passwordHash: null,
      preferredLanguage: r.language,
      timeZone: 'Europe/Paris',
      structureId,
      regionCode: 'EURALO',
    })
  }
  const audienceId = saveAudience(db, { name: slug, criteria: { structureIds: [structureId] } }, { actorId: staffId })
  const saved = saveNewsletter(
    db,
    {
      id: null,
      newsletter: {
        slug,
        audienceId,
        versions: Object.fromEntries(
          languages.map((l) => [
            l,
            { subject: NEWSLETTER[l].subject, preheader: '', bodyMarkdown: NEWSLETTER[l].body, complete: true },
          ]),
        ),
      },
    },
    { actorId: staffId },
  )
  if (!saved.ok) throw new Error(saved.error)
  const started = startSending(db, saved.id, staffId)
  if (!started.ok || started.queued !== readers.length) throw new Error(`queued ${JSON.stringify(started)}`)
  return saved.id
}
