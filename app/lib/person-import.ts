/** What an import of people knows, shared by its pages and its service (no server code). */

/** A file of 10 MB at most (about 200,000 rows of a short contact list). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024

/** Rows an import's page lists of those it skipped, a page at a time. */
export const SKIPPED_PAGE_SIZE = 50

/** The fields a column can fill; `givenName` and `familyName` together make the name. */
export const IMPORT_FIELDS = [
  'email',
  'name',
  'givenName',
  'familyName',
  'preferredLanguage',
  'timeZone',
  'regionCode',
  'structure',
  'memberType',
  'phone',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
/** Per column of the file: the field it fills, or null (ignored). */
export type Mapping = (ImportField | null)[]

/** Why a row is skipped. */
export const IMPORT_PROBLEMS = [
  'noEmail',
  'badEmail',
  'noName',
  'badName',
  'unknownLanguage',
  'unknownZone',
  'unknownRegion',
  'unknownStructure',
  'unknownMemberType',
  'badPhone',
  'duplicateInFile',
  'erased',
] as const
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number]

/** What is wrong with a column mapping as a whole. */
export type MappingProblem = 'noEmailColumn' | 'mappedTwice'
