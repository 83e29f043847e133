/** Survey text helpers shared by the server and the pages (no server imports). */
/** Question kinds whose answers are counted per option (bars, cross-tabs, filters). */
export const CHOICE_KINDS = ['single', 'multiple'] as const
export const SCALE_KINDS = ['rating', 'nps', 'number'] as const
export const TEXT_KINDS = ['short_text', 'long_text'] as const
export const TEXT_LIMITS = { short_text: 200, long_text: 5000 } as const

/** Below this many respondents, an anonymous survey shows "<5" instead of a count. */
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
 * How counts are shown on results pages: a count of 1–4 becomes "<5" in an
 * anonymous survey whenever a filter or cross-tab narrows the group, so nobody
 * can be recognised; otherwise the number, formatted for `language`.
 */
export function countFormat(language: string, anonymous: boolean, narrowed: boolean) {
  const hide = (n: number) => anonymous && narrowed && n > 0 && n < SMALL_GROUP
  const fmt = new Intl.NumberFormat(language)
  return {
    hide,
    show: (n: number) => (hide(n) ? `<${SMALL_GROUP}` : fmt.format(n)),
    num: (n: number | null, digits = 1) =>
      n === null ? '—' : new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(n),
  }
}
