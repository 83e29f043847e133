/** What a merge of two people lets staff choose, shared by its page and its service (no server code). */

/** The fields where staff pick which of the two records' values the merged person keeps. */
export const MERGE_FIELDS = [
  'name',
  'email',
  'preferredLanguage',
  'timeZone',
  'regionCode',
  'structureId',
  'memberType',
  'phone',
] as const
export type MergeField = (typeof MERGE_FIELDS)[number]
/** Per field, which record's value the merged person keeps. */
export type MergeChoices = Partial<Record<MergeField, 'keep' | 'remove'>>
