import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'

import { containsText } from '~/services/search.server'

import { freshDb } from './helpers/db'

describe('a "contains" search', () => {
  const db = freshDb()
  const contains = (value: string, text: string) =>
    db.get<{ hit: number }>(sql`select ${containsText(sql`${value}`, text)} as hit`)!.hit === 1

  it('takes %, _ and \\ in what is typed literally, not as wildcards', () => {
    expect(contains('50% off', '%')).toBe(true)
    expect(contains('50 off', '%')).toBe(false)
    expect(contains('a_b', '_')).toBe(true)
    expect(contains('ab', '_')).toBe(false)
    expect(contains('C:\\temp', '\\t')).toBe(true)
    expect(contains('Awa Ndiaye', 'ndia')).toBe(true)
  })
})
