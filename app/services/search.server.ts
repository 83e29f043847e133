/**
 * "Contains this text" in SQL: `column LIKE '%text%'` with the text's own `%`, `_` and `\`
 * taken literally (escaped, and the ESCAPE clause that makes the escaping count). Case
 * follows LIKE (ASCII only); compare folded text (`fold`) for accents and case.
 */
import { type AnyColumn, type SQL, sql } from 'drizzle-orm'

export function containsText(column: AnyColumn | SQL, text: string): SQL {
  return sql`${column} like ${`%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`
}
