/**
 * The community directory: everyone the program knows, searched by name or email
 * (case- and accent-insensitive, through the folded `search_text`), filtered by region,
 * structure, member type, role, language, account state and recent activity, sorted
 * and paged; the same filter exports every matching row.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import {
  type AccountState,
  type DirectoryFilters,
  type DirectorySort,
  people,
  personRoles,
  structures,
} from '#db/schema'
import { yieldToLoop } from '~/lib/slices.server'

import { containsText } from '../search.server'

type Reader = Pick<DB, 'select' | 'get' | 'all'>

export const DIRECTORY_PAGE_SIZE = 50

/**
 * A person's account state, the first that applies: deactivated, bounced (or held after
 * soft bounces: mail does not reach them either way), unsubscribed, invited, active.
 */
export function accountState(p: {
  deactivatedAt: Date | null
  emailBouncedAt: Date | null
  emailHeldAt: Date | null
  newsletterOptOutAt: Date | null
  hasPassword: boolean
}): AccountState {
  if (p.deactivatedAt) return 'deactivated'
  if (p.emailBouncedAt || p.emailHeldAt) return 'bounced'
  if (p.newsletterOptOutAt) return 'unsubscribed'
  return p.hasPassword ? 'active' : 'invited'
}

/**
 * How a search term is looked up: through the trigram index (`people_search`) when it
 * matches fewer than INDEX_LIMIT people, else by reading the folded text of every live
 * person (a covering index), which is faster for a term most people share ("@gmail").
 * Terms under 3 characters have no trigram and are always read.
 */
const INDEX_LIMIT = 2000
type TextLookup = 'none' | 'index' | 'scan'

const phrase = (q: string) => `"${q.replace(/"/g, '""')}"`

function textLookup(db: Reader, q: string): TextLookup {
  if (!q) return 'none'
  if (q.length < 3) return 'scan'
  const found = db.get<{ n: number }>(
    sql`select count(*) as n from (select rowid from people_search where people_search match ${phrase(q)} limit ${INDEX_LIMIT})`,
  )!.n
  return found < INDEX_LIMIT ? 'index' : 'scan'
}

/**
 * The filter as SQL. `lookup` is decided once per search (textLookup). `use` says what the
 * SQL is for: a count; a page of rows, where `+erased_at` keeps SQLite from reading every
 * match through people_live_search_idx and sorting them (walking the sort's own index
 * stops after 50 matches); or the export, where every filter is kept off its index (`+`)
 * so each page walks the sort's index from where the last page ended, and exporting
 * everyone reads each person once whatever the filter (a rare search term still goes
 * through the trigram index: its few matches are sorted).
 */
export function conditions(f: DirectoryFilters, now: Date, lookup: TextLookup, use: 'count' | 'page' | 'walk'): SQL[] {
  const walk = use === 'walk'
  const keepOff = (column: SQL | typeof people.id) => (walk ? sql`+${column}` : column)
  const where: SQL[] = [
    walk || (use === 'page' && lookup === 'scan') ? sql`+${people.erasedAt} is null` : isNull(people.erasedAt),
  ]
  const q = fold(f.q ?? '').trim()
  if (q && lookup === 'index') {
    where.push(sql`${people.id} in (select rowid from people_search where people_search match ${phrase(q)})`)
  } else if (q) {
    where.push(containsText(people.searchText, q))
  }
  if (f.regionCode) where.push(sql`${keepOff(sql`${people.regionCode}`)} = ${f.regionCode}`)
  if (f.structureId) where.push(sql`${keepOff(sql`${people.structureId}`)} = ${f.structureId}`)
  if (f.memberType) where.push(eq(people.memberType, f.memberType))
  if (f.language) where.push(eq(people.preferredLanguage, f.language))
  if (f.role) {
    where.push(
      sql`${keepOff(people.id)} in (select ${personRoles.personId} from ${personRoles} where ${personRoles.role} = ${f.role})`,
    )
  }
  if (f.state === 'deactivated') where.push(isNotNull(people.deactivatedAt))
  const unreachable = or(isNotNull(people.emailBouncedAt), isNotNull(people.emailHeldAt))!
  const reaches = and(isNull(people.emailBouncedAt), isNull(people.emailHeldAt))!
  if (f.state === 'bounced') where.push(and(isNull(people.deactivatedAt), unreachable)!)
  if (f.state === 'unsubscribed') {
    where.push(and(isNull(people.deactivatedAt), reaches, isNotNull(people.newsletterOptOutAt))!)
  }
  if (f.state === 'active' || f.state === 'invited') {
    where.push(isNull(people.deactivatedAt), reaches, isNull(people.newsletterOptOutAt))
    where.push(f.state === 'active' ? isNotNull(people.passwordHash) : isNull(people.passwordHash))
  }
  if (f.activeMonths) {
    const since = new Date(now)
    since.setUTCMonth(since.getUTCMonth() - f.activeMonths)
    // The period index on participation_records answers this without reading the table.
    where.push(
      sql`${keepOff(people.id)} in (select r.person_id from participation_records r where r.occurred_at >= ${since.getTime()})`,
    )
  }
  return where
}

const ORDER: Record<DirectorySort, SQL[]> = {
  name: [asc(people.name), asc(people.id)],
  '-name': [desc(people.name), desc(people.id)],
  email: [asc(sql`lower(${people.email})`)],
  created: [asc(people.createdAt), asc(people.id)],
  '-created': [desc(people.createdAt), desc(people.id)],
}

const listColumns = {
  id: people.id,
  name: people.name,
  email: people.email,
  regionCode: people.regionCode,
  structureId: people.structureId,
  structureName: structures.name,
  memberType: people.memberType,
  language: people.preferredLanguage,
  phone: people.phone,
  deactivatedAt: people.deactivatedAt,
  emailBouncedAt: people.emailBouncedAt,
  emailHeldAt: people.emailHeldAt,
  newsletterOptOutAt: people.newsletterOptOutAt,
  hasPassword: sql<number>`${people.passwordHash} is not null`.mapWith(Boolean),
  createdAt: people.createdAt,
}

function withRoles<T extends { id: number }>(db: Reader, rows: T[]) {
  const roles = rows.length
    ? db
        .select({ personId: personRoles.personId, role: personRoles.role })
        .from(personRoles)
        .where(
          inArray(
            personRoles.personId,
            rows.map((r) => r.id),
          ),
        )
        .all()
    : []
  return rows.map((r) => ({ ...r, roles: roles.filter((x) => x.personId === r.id).map((x) => x.role) }))
}

/** One page of the directory (50 people), with the total that matches. */
export function searchDirectory(
  db: Reader,
  { filters, sort = 'name', page = 1 }: { filters: DirectoryFilters; sort?: DirectorySort; page?: number },
  { now = new Date() }: { now?: Date } = {},
) {
  const lookup = textLookup(db, fold(filters.q ?? '').trim())
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(people)
    .where(and(...conditions(filters, now, lookup, 'count')))
    .get()!.n
  const pages = Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE))
  const current = Math.min(Math.max(1, page), pages)
  const rows = db
    .select(listColumns)
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(and(...conditions(filters, now, lookup, 'page')))
    .orderBy(...ORDER[sort])
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((current - 1) * DIRECTORY_PAGE_SIZE)
    .all()
  return {
    total,
    page: current,
    pages,
    rows: withRoles(db, rows).map((r) => ({ ...r, state: accountState(r) })),
  }
}

/** Rows read per statement by the export. */
export const EXPORT_PAGE_SIZE = 500

type ListRow = Awaited<ReturnType<typeof exportPageRows>>[number]

/**
 * Where the next page starts, after the last row of the previous one, in the sort's own
 * order (the sort's index is walked from there: each page costs the same, however deep).
 */
function after(sort: DirectorySort, last: ListRow): SQL {
  switch (sort) {
    case 'name':
      return sql`(${people.name}, ${people.id}) > (${last.name}, ${last.id})`
    case '-name':
      return sql`(${people.name}, ${people.id}) < (${last.name}, ${last.id})`
    case 'email':
      return sql`lower(${people.email}) > ${last.email.toLowerCase()}`
    case 'created':
      return sql`(${people.createdAt}, ${people.id}) > (${last.createdAt.getTime()}, ${last.id})`
    case '-created':
      return sql`(${people.createdAt}, ${people.id}) < (${last.createdAt.getTime()}, ${last.id})`
  }
}

function exportPageRows(db: Reader, where: SQL[], sort: DirectorySort, size: number) {
  return db
    .select(listColumns)
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(and(...where))
    .orderBy(...ORDER[sort])
    .limit(size)
    .all()
}

/**
 * Every person the filter matches, for the CSV/XLSX export, in the page's order: a page of
 * EXPORT_PAGE_SIZE rows at a time (each page one statement that starts where the last one
 * ended), with a turn of the event loop between pages, so exporting everyone never holds
 * other requests up and never has the whole directory in memory.
 */
export async function* exportDirectory(
  db: Reader,
  {
    filters,
    sort = 'name',
    pageSize = EXPORT_PAGE_SIZE,
  }: { filters: DirectoryFilters; sort?: DirectorySort; pageSize?: number },
  { now = new Date() }: { now?: Date } = {},
) {
  const where = conditions(filters, now, textLookup(db, fold(filters.q ?? '').trim()), 'walk')
  for (let last: ListRow | undefined; ;) {
    const rows = exportPageRows(db, last ? [...where, after(sort, last)] : where, sort, pageSize)
    if (!rows.length) return
    yield withRoles(db, rows).map((r) => ({ ...r, state: accountState(r) }))
    if (rows.length < pageSize) return
    last = rows.at(-1)
    await yieldToLoop()
  }
}
