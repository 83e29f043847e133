/**
 * The one localisation rule: the viewer's language, else English and say so, else what exists — as values and in
 * SQL.
 */
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'

import * as s from '#db/schema'
import { formatDate, formatRange } from '~/lib/format'
import { loc, localise, pickRow } from '~/lib/localised'
import { locSql, outer, translatedSql } from '~/lib/localised.server'

import { freshDb } from './helpers/db'

describe('localise (a { en, fr, es } map)', () => {
  it('gives the viewer’s language, else English marked as a fallback, else any language', () => {
    expect(localise({ en: 'Webinar', fr: 'Webinaire' }, 'fr')).toEqual({
      value: 'Webinaire',
      language: 'fr',
      fallback: false,
    })
    expect(localise({ en: 'Webinar', fr: 'Webinaire' }, 'es')).toEqual({
      value: 'Webinar',
      language: 'en',
      fallback: true,
    })
    expect(localise({ en: 'Webinar', es: '  ' }, 'es')).toEqual({ value: 'Webinar', language: 'en', fallback: true })
    expect(localise({ en: 'Webinar' }, 'en')).toEqual({ value: 'Webinar', language: 'en', fallback: false })
    expect(localise({ fr: 'Seulement' }, 'es')).toEqual({ value: 'Seulement', language: 'fr', fallback: true })
    expect(localise(null, 'fr')).toEqual({ value: '', language: 'fr', fallback: false })
    expect(loc({ en: 'Yes', es: 'Sí' }, 'es')).toBe('Sí')
  })
})

describe('pickRow (one row per language)', () => {
  const rows = [
    { language: 'en' as const, title: 'Security and Stability', complete: true },
    { language: 'fr' as const, title: 'Sécurité et stabilité', complete: false },
  ]
  it('takes the viewer’s row, else the English one marked as a fallback, and can skip rows that are not ready', () => {
    expect(pickRow(rows, 'fr')).toMatchObject({ value: { title: 'Sécurité et stabilité' }, fallback: false })
    expect(pickRow(rows, 'es')).toMatchObject({
      value: { title: 'Security and Stability' },
      language: 'en',
      fallback: true,
    })
    expect(pickRow(rows, 'fr', (r) => r.complete)).toMatchObject({ language: 'en', fallback: true })
    expect(pickRow([], 'fr')).toBeUndefined()
  })
})

describe('the same rule in SQL', () => {
  it('picks a JSON label and a translated title per row, in the query', () => {
    const db = freshDb()
    db.insert(s.regions).values({ code: 'LACRALO', name: 'LACRALO' }).run()
    const groupId = db
      .insert(s.workingGroups)
      .values({ name: { en: 'Policy', es: 'Política' }, topic: { en: 'T' }, kind: 'standing' })
      .returning()
      .get().id
    const row = (language: 'en' | 'fr' | 'es') =>
      db
        .select({ name: locSql(s.workingGroups.name, language) })
        .from(s.workingGroups)
        .where(eq(s.workingGroups.id, groupId))
        .get()!.name
    expect([row('es'), row('fr'), row('en')]).toEqual(['Política', 'Policy', 'Policy'])
    const eventId = db
      .insert(s.events)
      .values({ kind: 'webinar', slug: 'dns', startsAt: new Date(), endsAt: new Date() })
      .returning()
      .get().id
    db.insert(s.eventTranslations)
      .values([
        { eventId, language: 'en', title: 'DNS' },
        { eventId, language: 'fr', title: '' },
      ])
      .run()
    const title = (language: 'en' | 'fr' | 'es') =>
      db
        .select({
          t: translatedSql(
            { table: 'event_translations', key: 'event_id', column: 'title' },
            outer(s.events, s.events.id),
            language,
            outer(s.events, s.events.slug),
          ),
        })
        .from(s.events)
        .get()!.t
    expect([title('fr'), title('es'), title('en')]).toEqual(['DNS', 'DNS', 'DNS'])
    db.delete(s.eventTranslations).run()
    expect(title('fr')).toBe('dns')
    expect(db.get<{ n: number }>(sql`select 1 as n`)!.n).toBe(1)
  })
})

describe('dates as each language writes them', () => {
  it('writes the first of the month "1er" in French, and only then', () => {
    const first = new Date('2026-12-01T10:00:00Z')
    expect(formatDate(first, 'fr', 'UTC')).toBe('1er décembre 2026')
    expect(formatRange(first, new Date('2026-12-01T11:00:00Z'), 'fr', 'UTC')).toBe(
      'mar. 1er décembre 2026, 10:00–11:00 UTC',
    )
    expect(formatDate(new Date('2026-12-11T10:00:00Z'), 'fr', 'UTC')).toBe('11 décembre 2026')
    expect(formatDate(first, 'es', 'UTC')).toBe('1 de diciembre de 2026')
    expect(formatDate(first, 'en', 'UTC')).toBe('1 December 2026')
  })
})
