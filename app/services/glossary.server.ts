/**
 * The shared EN/FR/ES glossary: staff add, edit and remove terms; everyone searches it
 * (/glossary); texts mark a term's first occurrence with its expansion (app/lib/glossary.ts).
 */
import { asc, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import { glossaryTerms, type Language, type LocalisedText } from '#db/schema'
import type { GlossaryEntry } from '~/lib/glossary'
import { loc } from '~/lib/localised'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'
type Reader_ = Pick<DB, 'select'>

export type TermInput = { term: string; expansion: LocalisedText; definition: LocalisedText }

/** Every term, in alphabetical order (staff's list, and what the others filter). */
export function listTerms(db: Reader_) {
  return db
    .select()
    .from(glossaryTerms)
    .orderBy(asc(sql`lower(${glossaryTerms.term})`))
    .all()
}

/**
 * The glossary in a language, filtered by a search over the term and every language's
 * expansion and definition (case and accents ignored). `fallback` marks English shown
 * for a missing translation.
 */
export function searchGlossary(db: Reader_, { q = '', language }: { q?: string; language: Language }) {
  const needle = fold(q.trim())
  return listTerms(db)
    .filter(
      (t) =>
        !needle ||
        fold([t.term, ...Object.values(t.expansion), ...Object.values(t.definition)].join(' ')).includes(needle),
    )
    .map((t) => ({
      id: t.id,
      term: t.term,
      expansion: loc(t.expansion, language),
      definition: loc(t.definition, language),
      fallback: !t.expansion[language]?.trim() || !t.definition[language]?.trim(),
    }))
}

/** Terms and their expansion in the reader's language, for marking texts. */
export function glossaryFor(db: Reader_, language: Language): GlossaryEntry[] {
  return listTerms(db).map((t) => ({ term: t.term, expansion: loc(t.expansion, language) }))
}

/** Every language's terms at once (a newsletter is rendered for readers of all three). */
export function glossaryByLanguage(db: Reader_): Record<Language, GlossaryEntry[]> {
  const terms = listTerms(db)
  const of = (language: Language) => terms.map((t) => ({ term: t.term, expansion: loc(t.expansion, language) }))
  return { en: of('en'), fr: of('fr'), es: of('es') }
}

export function getTerm(db: Reader_, id: number) {
  return db.select().from(glossaryTerms).where(eq(glossaryTerms.id, id)).get() ?? null
}

export function saveTerm(
  db: DB,
  { id, term: input }: { id: number | null; term: TermInput },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; id: number } | { ok: false; error: 'termTaken' | 'notFound' } {
  return db.transaction(
    (tx) => {
      const clash = tx
        .select({ id: glossaryTerms.id })
        .from(glossaryTerms)
        .where(sql`lower(${glossaryTerms.term}) = lower(${input.term})`)
        .get()
      if (clash && clash.id !== id) return { ok: false as const, error: 'termTaken' as const }
      let termId = id
      if (termId === null) {
        termId = tx.insert(glossaryTerms).values(input).returning({ id: glossaryTerms.id }).get().id
      } else if (
        !tx
          .update(glossaryTerms)
          .set({ ...input, updatedAt: now })
          .where(eq(glossaryTerms.id, termId))
          .run().changes
      )
        return { ok: false as const, error: 'notFound' as const }
      recordAudit(
        tx,
        {
          actorId,
          action: id === null ? 'glossary.created' : 'glossary.updated',
          entityType: 'glossary_term',
          entityId: termId,
          details: { term: input.term },
        },
        now,
      )
      return { ok: true as const, id: termId }
    },
    { behavior: 'immediate' },
  )
}

export function deleteTerm(db: DB, id: number, { actorId, now = new Date() }: ActorCtx): boolean {
  const term = getTerm(db, id)
  if (!term) return false
  db.delete(glossaryTerms).where(eq(glossaryTerms.id, id)).run()
  recordAudit(
    db,
    { actorId, action: 'glossary.deleted', entityType: 'glossary_term', entityId: id, details: { term: term.term } },
    now,
  )
  return true
}
