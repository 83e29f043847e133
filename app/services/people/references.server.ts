/**
 * Every column that points at a person, read from the database's own foreign keys (so a
 * table added later is covered without touching this file). Merging moves these rows,
 * an import's undo asks whether any exist (referencedPeople, referencingTablesInRange),
 * erasure keeps them.
 */
import type { Statement } from 'better-sqlite3'
import { type SQL, sql } from 'drizzle-orm'

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

const rangeStatements = new WeakMap<object, Map<string, Statement>>()

/**
 * Which of these people something points at (beside the bookkeeping in `ignore`): per
 * referencing table, one read of its rows about people whose ids lie between the lowest and
 * the highest of these (through the table's index on the column where there is one; a few
 * rows for a run of new people), kept to these people. Statements are prepared once per
 * connection, so asking for a slice of a few hundred people costs about a millisecond.
 */
export function referencedPeople(
  db: Reader & Pick<DB, '$client'>,
  personIds: number[],
  { ignore = [] }: { ignore?: string[] } = {},
) {
  const used = new Set<number>()
  if (personIds.length === 0) return used
  const wanted = new Set(personIds)
  const lo = Math.min(...personIds)
  const hi = Math.max(...personIds)
  const prepared = rangeStatements.get(db.$client) ?? rangeStatements.set(db.$client, new Map()).get(db.$client)!
  for (const ref of personReferences(db)) {
    const key = `${ref.table}.${ref.column}`
    if (ignore.includes(key)) continue
    let statement = prepared.get(key)
    if (!statement) {
      const t = `"${ref.table.replace(/"/g, '""')}"`
      const c = `"${ref.column.replace(/"/g, '""')}"`
      statement = db.$client.prepare(`select distinct ${c} as id from ${t} where ${c} between ? and ?`)
      prepared.set(key, statement)
    }
    for (const r of statement.all(lo, hi) as { id: number }[]) if (wanted.has(r.id)) used.add(r.id)
  }
  return used
}

/**
 * The tables with a row pointing at someone among the people `where` selects whose ids lie
 * between `lo` and `hi` (say, the people one import created). Each table is read through
 * its index on the column from `lo` upwards, so only rows about people at least as new as
 * those are looked at: a few milliseconds per table, however many people there are.
 */
export function referencingTablesInRange(
  db: Reader,
  { lo, hi, where, ignore = [] }: { lo: number; hi: number; where: SQL; ignore?: string[] },
): string[] {
  const found: string[] = []
  for (const ref of personReferences(db)) {
    if (ignore.includes(`${ref.table}.${ref.column}`)) continue
    // CROSS JOIN keeps the referencing table outside: its rows in the id range, then each one's person.
    const hit = db.all(
      sql`select 1 from ${ident(ref.table)} as r cross join people as p
          where r.${ident(ref.column)} between ${lo} and ${hi} and p.id = r.${ident(ref.column)} and ${where}
          limit 1`,
    )
    if (hit.length) found.push(ref.table)
  }
  return found
}
