import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, seed } from '#db/seed'
import { verifyLogin } from '~/services/auth.server'
import { getEventDetail, listUpcomingEvents } from '~/services/events.server'
import { canonicalEmail, possibleDuplicates } from '~/services/people/merge.server'
import { summitProgramme } from '~/services/summits/programme.server'

import { freshDb } from './helpers/db'

let db: DB
const now = new Date('2026-11-22T12:00:00Z')

beforeAll(async () => {
  db = freshDb()
  expect(isEmpty(db)).toBe(true)
  await seed(db, { now })
})

describe('demo data from the seeds', () => {
  it('has the five regions and structures in every region with accreditation history', () => {
    expect(
      db
        .select()
        .from(s.regions)
        .all()
        .map((r) => r.code),
    ).toEqual(['AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'])
    const perRegion = db
      .select({ r: s.structures.regionCode, n: sql<number>`count(*)` })
      .from(s.structures)
      .groupBy(s.structures.regionCode)
      .all()
    expect(perRegion).toHaveLength(5)
    expect(db.select().from(s.structures).all().length).toBeGreaterThanOrEqual(12)
    const statuses = new Set(
      db
        .select({ st: s.structures.accreditationStatus })
        .from(s.structures)
        .all()
        .map((r) => r.st),
    )
    // Two applications in progress, one accredited structure under review, withdrawals and a decertification.
    expect([...statuses].sort()).toEqual([
      'accredited',
      'decertified',
      'due_diligence',
      'ralo_advice',
      'under_review',
      'withdrawn',
    ])
    const count = (status: s.AccreditationStatus) =>
      db.select().from(s.structures).where(eq(s.structures.accreditationStatus, status)).all().length
    expect(count('withdrawn')).toBe(2)
    expect(count('decertified')).toBe(1)
    // Every accreditation went through due diligence and the RALO's advice, with an ALAC resolution.
    const history = db.select().from(s.accreditationHistory).all()
    const accredited = history.filter((h) => h.step === 'accredited')
    expect(accredited.length).toBeGreaterThan(10)
    for (const a of accredited) {
      expect(a.reference).toMatch(/^AL-ALAC-RES-\d{4}-\d{2}$/)
      expect(
        history.some((h) => h.structureId === a.structureId && h.step === 'ralo_advice' && h.advice === 'support'),
      ).toBe(true)
    }
    // Accreditation mails have somebody to go to.
    expect(
      db
        .select()
        .from(s.structures)
        .all()
        .filter((x) => x.contactPersonId !== null).length,
    ).toBeGreaterThanOrEqual(10)
  })

  it('publishes "Security and Stability" on 15 May 2014 13:00–14:00 UTC with the three seed channels', () => {
    const w = getEventDetail(db, 'atlas-ii-security-and-stability', 'fr')!
    expect(w.title).toBe('Sécurité et stabilité')
    expect(w.startsAt.toISOString()).toBe('2014-05-15T13:00:00.000Z')
    expect(w.endsAt.toISOString()).toBe('2014-05-15T14:00:00.000Z')
    expect(w.platformName).toBe('Adobe Connect')
    expect(Object.fromEntries(w.channels.map((c) => [c.language, c.conferenceId]))).toEqual({
      en: '1638',
      es: '1738',
      fr: '1838',
    })
    expect(w.presenters[0].name).toBe('Julie Hammer')
  })

  it('has the six pre-summit webinar topics in one series, and future webinars', () => {
    const series = db.select().from(s.series).where(eq(s.series.slug, 'pre-atlas-ii-capacity-building')).get()!
    const titles = db
      .select({ title: s.eventTranslations.title })
      .from(s.events)
      .innerJoin(
        s.eventTranslations,
        and(eq(s.eventTranslations.eventId, s.events.id), eq(s.eventTranslations.language, 'en')),
      )
      .where(eq(s.events.seriesId, series.id))
      .orderBy(s.events.startsAt)
      .all()
      .map((r) => r.title)
    expect(titles).toEqual([
      'Communications',
      'IPv4-IPv6 migration',
      'Policy Development Process',
      'Future of Internet Governance, Part 1',
      'Future of Internet Governance, Part 2',
      'Security and Stability',
    ])
    const upcoming = listUpcomingEvents(db, 'en', { now, kinds: ['webinar'] })
    expect(upcoming.length).toBeGreaterThanOrEqual(3)
  })

  it('has the London summit of 21–26 June 2014 with its programme in the venue’s zone', () => {
    const summit = getEventDetail(db, 'atlas-ii-london-2014', 'es')!
    expect(summit.kind).toBe('summit')
    expect(summit.city).toBe('London')
    expect(summit.timeZone).toBe('Europe/London')
    expect(summit.startsAt.toISOString().slice(0, 10)).toBe('2014-06-21')
    expect(summit.endsAt.toISOString().slice(0, 10)).toBe('2014-06-26')
    expect(summit.title).toContain('ATLAS II')
    const programme = summitProgramme(db, summit.id, 'es')
    expect(programme.length).toBeGreaterThan(3)
    // Opening plenary at 09:00 London time (BST) = 08:00 UTC, in the Palace Suite, interpreted.
    expect(programme[0]).toMatchObject({
      title: 'Plenaria de apertura',
      sessionType: 'plenary',
      room: 'Palace Suite',
      languages: ['en', 'fr', 'es'],
    })
    expect(new Date(programme[0].startsAt).toISOString()).toBe('2014-06-21T08:00:00.000Z')
    expect(new Set(programme.map((p) => p.sessionType))).toEqual(new Set(['plenary', 'working_group', 'social']))
  })

  it('has the first summit newsletter, sent in May 2014 in three languages, with schedule blocks instead of typed times', () => {
    const issue = db.select().from(s.newsletters).where(eq(s.newsletters.slug, 'atlas-ii-newsletter-1')).get()!
    expect(issue.status).toBe('sent')
    expect(issue.sendStartedAt!.toISOString()).toBe('2014-05-08T12:00:00.000Z')
    const versions = db.select().from(s.newsletterVersions).where(eq(s.newsletterVersions.newsletterId, issue.id)).all()
    expect(versions.map((v) => v.language).sort()).toEqual(['en', 'es', 'fr'])
    expect(versions.find((v) => v.language === 'fr')!.bodyMarkdown).toContain("l'importance d'ATLAS II")
    for (const v of versions) expect(v.bodyMarkdown).toMatch(/^\{\{upcoming-webinars\}\}$/m)
    expect(db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, issue.id)).all().length).toBeGreaterThan(
      0,
    )
    // A second issue waits as a draft, its Spanish version not written yet.
    const draft = db.select().from(s.newsletters).where(eq(s.newsletters.status, 'draft')).get()!
    expect(
      db
        .select()
        .from(s.newsletterVersions)
        .where(eq(s.newsletterVersions.newsletterId, draft.id))
        .all()
        .map((v) => v.language)
        .sort(),
    ).toEqual(['en', 'fr'])
  })

  it('has review items 2 and 16 with the milestones of Table 1', () => {
    const items = db.select().from(s.reviewItems).orderBy(s.reviewItems.number).all()
    expect(items.map((i) => [i.number, i.title.en])).toEqual([
      [2, 'Member Engagement and Criteria'],
      [16, 'Metrics'],
    ])
    const milestones = db
      .select({ item: s.reviewItems.number, label: s.reviewMilestones.label, pct: s.reviewMilestones.percentComplete })
      .from(s.reviewMilestones)
      .innerJoin(s.reviewItems, eq(s.reviewItems.id, s.reviewMilestones.reviewItemId))
      .orderBy(s.reviewItems.number, s.reviewMilestones.position)
      .all()
    expect(milestones).toEqual([
      { item: 2, label: 'a', pct: 100 },
      { item: 2, label: 'b', pct: 70 },
      { item: 2, label: 'b-1', pct: 0 },
      { item: 2, label: 'b-2', pct: 0 },
      { item: 16, label: 'a', pct: 35 },
      { item: 16, label: 'b', pct: 98 },
    ])
  })

  it('has a few hundred people in all regions and languages', () => {
    const total = db.get<{ n: number }>(sql`select count(*) n from people`)!.n
    expect(total).toBeGreaterThan(300)
    const regions = db.all<{ region_code: string }>(
      sql`select distinct region_code from people where region_code is not null`,
    )
    expect(regions).toHaveLength(5)
    const languages = db.all<{ l: string; n: number }>(
      sql`select preferred_language l, count(*) n from people group by 1`,
    )
    expect(languages.map((r) => r.l).sort()).toEqual(['en', 'es', 'fr'])
    for (const r of languages) expect(r.n).toBeGreaterThan(30)
  })

  it('has a few likely duplicates for staff to merge and a deactivated member who cannot sign in', async () => {
    const { pairs } = possibleDuplicates(db)
    const reasons = pairs.flatMap((p) => p.reasons)
    expect(reasons).toContain('sameNameRegion')
    // The seeded copy under another address is among them.
    expect(pairs.some((p) => p.b.email.endsWith('@example.com') && p.a.name === p.b.name)).toBe(true)
    expect(reasons).toContain('similarEmail')
    const plusTag = pairs.find((p) => p.b.email.includes('+summit@') && p.reasons.includes('similarEmail'))
    expect(plusTag && canonicalEmail(plusTag.a.email)).toBe(canonicalEmail(plusTag!.b.email))
    const former = db.select().from(s.people).where(eq(s.people.email, 'former.member@example.net')).get()!
    expect(former.deactivatedAt).not.toBeNull()
    const r = await verifyLogin(db, { email: former.email, password: DEMO_PASSWORD, ip: 'seed-test' })
    expect(r.ok).toBe(false)
  })

  it('lets the three demo accounts sign in with the documented password', async () => {
    for (const email of Object.values(DEMO_ACCOUNTS)) {
      const r = await verifyLogin(db, { email, password: DEMO_PASSWORD, ip: 'seed-test' })
      expect(r.ok, email).toBe(true)
    }
  })
})
