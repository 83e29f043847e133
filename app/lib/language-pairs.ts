/** An interpreter's language pairs: both ways (`en<>fr`) or one way (`es>en`). Shared by pages and services. */
import type { Language } from '#db/domain'

export const LANGUAGE_PAIRS = [
  'en<>fr',
  'en<>es',
  'fr<>es',
  'en>fr',
  'fr>en',
  'en>es',
  'es>en',
  'fr>es',
  'es>fr',
] as const
export type LanguagePair = (typeof LANGUAGE_PAIRS)[number]

/** A booth needs this many interpreters to be covered (they take turns). */
export const BOOTH_SIZE = 2

/** Whether a pair lets its interpreter work into `language` (a booth's channel language). */
export function worksInto(pair: string, language: Language): boolean {
  if (pair.includes('<>')) return pair.split('<>').includes(language)
  return pair.split('>')[1] === language
}

/** "EN ↔ FR", "ES → EN". */
export function pairLabel(pair: string): string {
  return pair.includes('<>')
    ? pair
        .split('<>')
        .map((l) => l.toUpperCase())
        .join(' ↔ ')
    : pair
        .split('>')
        .map((l) => l.toUpperCase())
        .join(' → ')
}
