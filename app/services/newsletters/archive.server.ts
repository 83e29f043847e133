/**
 * The public archive of sent newsletters (one page per language). Unsubscribing and the
 * preference page are in lists.server.ts.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, newsletters, newsletterVersions } from '#db/schema'
import { renderContent } from '#emails/newsletter'

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
