/**
 * Every page and download, taken from the route folder itself, answers query strings
 * nobody types on purpose (a NUL byte, quotes, full-text operators, very long terms) with
 * a page or a 4xx — never a 500. The directory searches for what is left of the term.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import { searchDirectory } from '~/services/people/directory.server'

import { seededDb } from './helpers/db'
import { callAsSomeone, demoFixtures, ROUTES, urlFor } from './helpers/routes'

const pages = ROUTES.filter((r) => r.loader)

let fixtures: Awaited<ReturnType<typeof demoFixtures>>
beforeAll(async () => {
  await seededDb({ participants: 20 })
  fixtures = await demoFixtures()
})

const TERMS = ['ab\u0000cd', '\u0000', '"', 'a" OR "b', 'NEAR(a b)', '*', 'é\u0007\u001f', 'x'.repeat(5000)]

describe('query strings', () => {
  for (const term of TERMS) {
    it(`no page answers 500 to q=${JSON.stringify(term.slice(0, 12))}`, async () => {
      const wrong: string[] = []
      for (const route of pages) {
        const url = `${urlFor(route, fixtures.ids)}?q=${encodeURIComponent(term)}&search=${encodeURIComponent(term)}`
        const status = await callAsSomeone(route.loader!, route, { ...fixtures, url }).catch(
          (error: Error) => `threw ${error.message.slice(0, 80)}`,
        )
        if (typeof status !== 'number' || status >= 500) wrong.push(`${route.file}: ${status}`)
      }
      expect(wrong).toEqual([])
    })
  }

  it('a NUL byte in a directory search is read as a space: the name around it is still found', async () => {
    const db = getDb()
    const someone = db.$client
      .prepare("select name from people where email like '%@example.net' limit 1")
      .pluck()
      .get() as string
    const [given, family] = someone.split(' ')
    const found = searchDirectory(db, { filters: { q: `${given}\u0000${family}` } })
    expect(found.rows.map((r) => r.name)).toContain(someone)
  })
})
