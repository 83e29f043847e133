/**
 * Close matches for a directory search that found few people: a name typed with one
 * letter wrong ("andre martinez" for "Andres Martinez") still finds them. Candidates come
 * from the trigram index (`people_search`, ranked by how many of the term's trigrams they
 * share), then are ranked by trigram similarity to the person's name or the part of their
 * address before the @ — shared trigrams over all trigrams of both, as PostgreSQL's pg_trgm
 * computes it — keeping those at least CLOSE_ENOUGH alike. The page's other filters apply.
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import { type DirectoryFilters, people, structures } from '#db/schema'

import { conditions } from './directory.server'

type Reader = Pick<DB, 'select' | 'get' | 'all'>

/** Below this many exact matches, the page also offers close ones. */
export const FEW_MATCHES = 5
/** Terms shorter than this have too few trigrams to compare. */
const MIN_LENGTH = 4
/** Longer terms are not names: no close matches. */
const MAX_LENGTH = 80
/** Candidates read from the trigram index before ranking. */
const CANDIDATES = 200
/** Similarity a close match needs (0–1; one letter off in a 14-letter name is about 0.67). */
export const CLOSE_ENOUGH = 0.45
const SHOWN = 10
/** Trigrams of the term asked of the index. */
const RAREST = 6

/** The set of three-character pieces of a folded text, each word padded as pg_trgm does. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>()
  for (const word of fold(text).split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue
    const padded = `  ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3))
  }
  return set
}

/** pg_trgm's similarity: trigrams both share, over trigrams either has. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const t of a) if (b.has(t)) shared++
  return shared / (a.size + b.size - shared)
}

export function closeMatches(
  db: Reader,
  { filters, exclude }: { filters: DirectoryFilters; exclude: number[] },
  { now = new Date() }: { now?: Date } = {},
) {
  const q = fold(filters.q ?? '').trim()
  if (q.length < MIN_LENGTH || q.length > MAX_LENGTH) return []
  const wanted = trigrams(q)
  // The index holds trigrams of the folded text as written (spaces included): ask it for
  // the term's rarest unpadded trigrams — a letter wrong spoils at most three, so the
  // person meant still shares several — most shared first.
  const pieces = [...new Set([...wanted].map((t) => t.trim()).filter((t) => t.length === 3))]
  if (!pieces.length) return []
  // One lookup per trigram: the vocabulary table finds a single term quickly, not a list.
  const held = new Map(
    pieces.map((p) => [
      p,
      db.get<{ doc: number }>(sql`select doc from people_search_vocab where term = ${p}`)?.doc ?? 0,
    ]),
  )
  const rarest = pieces
    .filter((p) => held.get(p)! > 0)
    .sort((a, b) => held.get(a)! - held.get(b)!)
    .slice(0, RAREST)
  if (!rarest.length) return []
  const match = rarest.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')
  const ids = db
    .all<{ id: number }>(
      sql`select rowid as id from people_search where people_search match ${match} order by rank limit ${CANDIDATES}`,
    )
    .map((r) => r.id)
    .filter((id) => !exclude.includes(id))
  if (!ids.length) return []
  const others: SQL[] = conditions({ ...filters, q: null }, now, 'none', 'count')
  const rows = db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      regionCode: people.regionCode,
      structureName: structures.name,
    })
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(and(inArray(people.id, ids), ...others))
    .all()
  return rows
    .map((r) => ({
      ...r,
      score: Math.max(similarity(wanted, trigrams(r.name)), similarity(wanted, trigrams(r.email.split('@')[0]))),
    }))
    .filter((r) => r.score >= CLOSE_ENOUGH)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, SHOWN)
}
