import { sql } from 'drizzle-orm'
import { expect } from 'vitest'

import type { DB } from '#db/client'

/** The directory's search index still matches every person's folded name and email. */
export function expectSearchIndexIntact(db: DB) {
  // Every person's search text is their folded name and email, whoever wrote it (a trigger or an import).
  const stale = db.all<{ email: string }>(
    sql`select email from people where search_text <> fold(name) || ' ' || fold(email)`,
  )
  expect(stale).toEqual([])
  expect(() => db.run(sql`insert into people_search(people_search, rank) values ('integrity-check', 1)`)).not.toThrow()
  for (const p of db.all<{ id: number; search_text: string }>(sql`select id, search_text from people`)) {
    if (p.search_text.length < 3) continue
    const hit = db.get<{ n: number }>(
      sql`select count(*) n from people_search where people_search match ${`"${p.search_text.replace(/"/g, '""')}"`} and rowid = ${p.id}`,
    )
    expect(hit?.n, p.search_text).toBe(1)
  }
}
