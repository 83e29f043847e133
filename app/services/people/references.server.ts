/**
 * Every column that points at a person, read from the database's own foreign keys (so a
 * table added later is covered without touching this file). Merging moves these rows,
 * an import's undo asks whether any exist, erasure keeps them.
 */
import { sql } from 'drizzle-orm'

import type { DB } from '#db/client'

export type PersonReference = { table: string; column: string; onDelete: string }

type Reader = Pick<DB, 'all'>

const cache = new WeakMap<object, PersonReference[]>()

export function personReferences(db: Reader): PersonReference[] {
  const known = cache.get(db)
  if (known) return known
  const tables = db
    .all<{ name: string }>(
      sql`select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`,
    )
    .map((t) => t.name)
  const refs: PersonReference[] = []
  for (const table of tables) {
    const keys = db.all<{ table: string; from: string; to: string; on_delete: string }>(
      sql`select * from pragma_foreign_key_list(${table})`,
    )
    for (const k of keys) {
      if (k.table === 'people' && k.to === 'id') refs.push({ table, column: k.from, onDelete: k.on_delete })
    }
  }
  cache.set(db, refs)
  return refs
}

/** A double-quoted SQL identifier (table and column names come from the schema, never from input). */
export const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`)

/**
 * Rows that show a person has been used since they were created: anything pointing at
 * them except the bookkeeping listed in `ignore`.
 */
export function referencingTables(
  db: Reader,
  personIds: number[],
  { ignore = [] }: { ignore?: string[] } = {},
): string[] {
  if (personIds.length === 0) return []
  const found = new Set<string>()
  for (const ref of personReferences(db)) {
    if (ignore.includes(`${ref.table}.${ref.column}`) || found.has(ref.table)) continue
    for (let i = 0; i < personIds.length; i += 500) {
      const ids = personIds.slice(i, i + 500)
      const hit = db.all(
        sql`select 1 from ${ident(ref.table)} where ${ident(ref.column)} in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) limit 1`,
      )
      if (hit.length) {
        found.add(ref.table)
        break
      }
    }
  }
  return [...found]
}
