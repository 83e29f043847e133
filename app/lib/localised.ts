/**
 * The one rule for localised content: the viewer's language, else English (and
 * say that it fell back), else whatever exists. Used by services, pages and mail
 * alike; `localised.server.ts` has the same rule for SQL. No server imports here:
 * the browser uses it too.
 */
import type { Language, LocalisedText } from '#db/domain'

export type Picked<T> = { value: T; language: Language; fallback: boolean }

/** A short text held as a map `{ en, fr, es }`: in `language`, else English, marked as a fallback. */
export function localise(
  text: Partial<Record<Language, string>> | LocalisedText | null | undefined,
  language: Language,
): Picked<string> {
  const own = text?.[language]?.trim()
  if (own) return { value: own, language, fallback: false }
  const english = text?.en?.trim()
  if (english) return { value: english, language: 'en', fallback: language !== 'en' }
  const any = (Object.entries(text ?? {}) as [Language, string | undefined][]).find(([, v]) => v?.trim())
  return any ? { value: any[1]!.trim(), language: any[0], fallback: true } : { value: '', language, fallback: false }
}

/** Just the text of `localise` (labels, where saying "shown in English" is not needed). */
export function loc(
  text: Partial<Record<Language, string>> | LocalisedText | null | undefined,
  language: Language,
): string {
  return localise(text, language).value
}

/**
 * Long content held as one row per language (event texts, newsletter versions): the
 * row in `language`, else the English one, else the first; `usable` can skip rows that
 * are empty or not ready (e.g. an incomplete newsletter version).
 */
export function pickRow<T extends { language: Language }>(
  rows: readonly T[],
  language: Language,
  usable: (row: T) => boolean = () => true,
): Picked<T> | undefined {
  const own = rows.find((r) => r.language === language && usable(r))
  if (own) return { value: own, language, fallback: false }
  const english = rows.find((r) => r.language === 'en' && usable(r))
  if (english) return { value: english, language: 'en', fallback: language !== 'en' }
  const first = rows.find(usable)
  return first ? { value: first, language: first.language, fallback: true } : undefined
}

/** The languages in which any of these texts is still missing (shown as "Missing in …" to staff). */
export function missingLanguages(...texts: (Partial<Record<Language, string>> | LocalisedText)[]): Language[] {
  return (['en', 'fr', 'es'] as const).filter((l) => texts.some((text) => !text[l]?.trim()))
}
