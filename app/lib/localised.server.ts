/**
 * The localisation rule of `localised.ts` for SQL, so a list can pick each row's text
 * in the query instead of loading every language: a JSON `{ en, fr, es }` column, or
 * a title from a one-row-per-language translations table, in the viewer's language,
 * else English, else a given fallback.
 */
import { type Column, getTableName, type SQL, sql, type SQLWrapper, type Table } from 'drizzle-orm'

import type { Language } from '#db/domain'

export * from './localised'

/** A JSON `{ en, fr, es }` column in `language`, else its English. */
export function locSql(column: SQLWrapper, language: Language): SQL<string> {
  return sql<string>`coalesce(nullif(trim(json_extract(${column}, ${`$.${language}`})), ''), json_extract(${column}, '$.en'), '')`
}

/**
 * A text from a translations table (`table` with `event_id`-like key column, `language`
 * and the text column), for the row whose id is `id`: in `language`, else English, else
 * `otherwise` (e.g. the slug). Table and column names are this program's own, never input.
 */
export function translatedSql(
  {
    table,
    key,
    column,
  }: {
    table: 'event_translations' | 'series_translations'
    key: 'event_id' | 'series_id'
    column: 'title' | 'description'
  },
  id: SQLWrapper,
  language: Language,
  otherwise: SQLWrapper | string = '',
): SQL<string> {
  const from = sql.raw(`select ${column} from ${table} tr where tr.${key} = `)
  return sql<string>`coalesce((${from}${id} and tr.language = ${language} and tr.${sql.raw(column)} <> ''), (${from}${id} and tr.language = 'en'), ${otherwise})`
}

/**
 * An outer query's column for a correlated subquery, written with its table name. In a
 * select list Drizzle writes columns bare ("id"), which inside `(select … from registrations r
 * where r.event_id = "id")` would mean the registration's own id.
 */
export function outer(table: Table, column: Column): SQL {
  return sql.raw(`"${getTableName(table)}"."${column.name}"`)
}
