/**
 * The public archive of sent newsletters (one page per language), and one-click
 * unsubscribe and re-subscribe by token.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, newsletters, newsletterVersions, people } from '#db/schema'
import { renderContent } from '#emails/newsletter'

import { recordAudit } from '../audit.server'
import { recordConsent, withdrawConsent } from '../people/privacy.server'
import { loadBlockData, versionTexts } from './rendering.server'
type Reader_ = Pick<DB, 'select'>

const published = inArray(newsletters.status, ['sending', 'paused', 'sent'])

export function listArchive(db: Reader_) {
  const rows = db
    .select({ id: newsletters.id, slug: newsletters.slug, sendStartedAt: newsletters.sendStartedAt })
    .from(newsletters)
    .where(and(published, isNotNull(newsletters.sendStartedAt)))
    .orderBy(desc(newsletters.sendStartedAt))
    .all()
  const versions = rows.length
    ? db
        .select({
          newsletterId: newsletterVersions.newsletterId,
          language: newsletterVersions.language,
          subject: newsletterVersions.subject,
        })
        .from(newsletterVersions)
        .where(
          and(
            inArray(
              newsletterVersions.newsletterId,
              rows.map((r) => r.id),
            ),
            eq(newsletterVersions.complete, true),
          ),
        )
        .all()
    : []
  return rows.map((r) => ({
    ...r,
    sendStartedAt: r.sendStartedAt!,
    versions: versions.filter((v) => v.newsletterId === r.id),
  }))
}

/**
 * A published newsletter in one language for the public page, blocks as they stood when it was sent, times in
 * the viewer's zone.
 */
export function archivedNewsletter(
  db: Reader_,
  { slug, language, timeZone }: { slug: string; language: Language; timeZone: string },
  { baseUrl }: { baseUrl: string },
) {
  const newsletter = db
    .select()
    .from(newsletters)
    .where(and(eq(newsletters.slug, slug), published))
    .get()
  if (!newsletter) return null
  const versions = versionTexts(
    db.select().from(newsletterVersions).where(eq(newsletterVersions.newsletterId, newsletter.id)).all(),
  )
  const version = versions.find((v) => v.language === language && v.complete)
  if (!version) return { found: false as const, languages: versions.filter((v) => v.complete).map((v) => v.language) }
  const content = renderContent(version, loadBlockData(db, newsletter.sendStartedAt!), { language, timeZone }, baseUrl)
  return {
    found: true as const,
    slug,
    language,
    subject: version.subject,
    preheader: version.preheader,
    // The subject is the page's heading, so the issue's own headings move one level down.
    html: content.html.replace(
      /<(\/?)h([1-5])>/g,
      (_, slash: string, level: string) => `<${slash}h${Number(level) + 1}>`,
    ),
    sentAt: newsletter.sendStartedAt!,
    languages: versions.filter((v) => v.complete).map((v) => v.language),
  }
}

// ─── Unsubscribe ──────────────────────────────────────────────────────────

export function subscriptionByToken(db: Reader_, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  return (
    db
      .select({
        id: people.id,
        email: people.email,
        name: people.name,
        language: people.preferredLanguage,
        optedOutAt: people.newsletterOptOutAt,
      })
      .from(people)
      .where(eq(people.unsubscribeToken, token))
      .get() ?? null
  )
}

/** One click from a mail, or the preferences page: no sign-in, the token is the key. */
export function setSubscribed(db: DB, token: string, subscribed: boolean, now = new Date()) {
  const person = subscriptionByToken(db, token)
  if (!person) return null
  db.update(people)
    .set({ newsletterOptOutAt: subscribed ? null : (person.optedOutAt ?? now), updatedAt: now })
    .where(eq(people.id, person.id))
    .run()
  // Subscribing is a consent (with the notice's wording version); unsubscribing withdraws it.
  if (subscribed && person.optedOutAt)
    recordConsent(db, { personId: person.id, kind: 'newsletter', language: person.language }, now)
  if (!subscribed) withdrawConsent(db, { personId: person.id, kind: 'newsletter' }, now)
  recordAudit(
    db,
    {
      actorId: person.id,
      action: subscribed ? 'newsletter.resubscribed' : 'newsletter.unsubscribed',
      entityType: 'person',
      entityId: person.id,
    },
    now,
  )
  return { ...person, optedOutAt: subscribed ? null : (person.optedOutAt ?? now) }
}
