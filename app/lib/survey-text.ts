/** Survey text helpers shared by the server and the pages (no server imports). */
/** Question kinds whose answers are counted per option (bars, cross-tabs, filters). */
export const CHOICE_KINDS = ['single', 'multiple'] as const
export const SCALE_KINDS = ['rating', 'nps', 'number'] as const
export const TEXT_KINDS = ['short_text', 'long_text'] as const
export const TEXT_LIMITS = { short_text: 200, long_text: 5000 } as const

/** Below this many respondents, an anonymous survey hides a count (and the figures that would give it away). */
export const SMALL_GROUP = 5

/** Does a dashboard filter narrow the respondents (so small groups must be hidden)? */
export function hasFilters(f: {
  regionCode: unknown
  language: unknown
  memberType: unknown
  answer: unknown
}): boolean {
  return Boolean(f.regionCode || f.language || f.memberType || f.answer)
}

/**
 * How counts are shown on results pages: the number, formatted for `language`, or `hidden` where
 * an anonymous survey hides it (the server sends `null`, never the count; which counts are hidden
 * is decided in `~/services/surveys/small-groups.server`). Every hidden count looks the same.
 */
export function countFormat(language: string, hidden: string) {
  const fmt = new Intl.NumberFormat(language)
  return {
    show: (n: number | null) => (n === null ? hidden : fmt.format(n)),
    num: (n: number | null, digits = 1) =>
      n === null ? '—' : new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(n),
  }
}
