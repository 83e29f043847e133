/**
 * Every table of the program manager. Times are UTC instants stored as integer
 * milliseconds (Drizzle `timestamp_ms` → Date). Localised long content (events,
 * series, newsletters) lives in one row per language; short localised labels
 * (survey questions and options) are JSON maps `{ en, fr, es }`.
 * See docs/decisions/002-data-model.md.
 */
import { sql } from 'drizzle-orm'
import {
  type AnySQLiteColumn,
  blob,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

export * from './domain'
import {
  ACCREDITATION_STATUSES,
  ACCREDITATION_STEPS,
  ACTION_STATUSES,
  AFFILIATION_DECIDERS,
  AFFILIATION_SOURCES,
  AFFILIATION_STATUSES,
  type AudienceCriteria,
  CONSENT_KINDS,
  CONTRIBUTOR_ROLES,
  DELIVERY_STATUSES,
  EMAIL_TOKEN_PURPOSES,
  EVENT_KINDS,
  EVENT_STATUSES,
  EXPECTATION_KINDS,
  FUNDING_DECISIONS,
  IMPORT_JOB_KINDS,
  IMPORT_JOB_STATES,
  IMPORT_MODES,
  IMPORT_ROW_OUTCOMES,
  type ImportJobResult,
  type ImportOptions,
  type ImportReport,
  type Language,
  LANGUAGES,
  type LocalisedText,
  MAIL_EVENT_KINDS,
  MAIL_EVENT_SOURCES,
  MATERIAL_KINDS,
  MEMBER_TYPES,
  MEMBERSHIP_STATUSES,
  MILESTONE_FIELDS,
  NEWSLETTER_STATUSES,
  OPEN_ACCESS,
  OUTBOX_STATUSES,
  PARTICIPATION_STATUSES,
  QUESTION_KINDS,
  RALO_ADVICE,
  RECOMMENDATION_SOURCES,
  RECOMMENDATION_STATUSES,
  RECORD_KINDS,
  REGION_CODES,
  REGISTRATION_STATUSES,
  REPORT_STATUSES,
  RESPONSE_STATUSES,
  ROLES,
  SESSION_TYPES,
  STATEMENT_KINDS,
  STATEMENT_STAGES,
  type StatementStage,
  SURVEY_MODES,
  WORKING_GROUP_KINDS,
  WORKING_GROUP_ROLES,
} from './domain'

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)
const instant = (name: string) => integer(name, { mode: 'timestamp_ms' })
const bool = (name: string) => integer(name, { mode: 'boolean' })

/**
 * CHECK (column IN (…)) for an enum column, so the database itself refuses a value
 * outside the domain (decision 002: correctness lives in constraints). NULL passes
 * where the column is nullable.
 */
const oneOf = (table: string, column: AnySQLiteColumn, values: readonly string[]) =>
  check(`${table}_${column.name}_check`, sql`${column} in ${sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`)}`)

// ─── Regions and structures ───────────────────────────────────────────────

export const regions = sqliteTable(
  'regions',
  {
    code: text('code', { enum: REGION_CODES }).primaryKey(),
    name: text('name').notNull(),
  },
  (t) => [oneOf('regions', t.code, REGION_CODES)],
)

export const structures = sqliteTable(
  'structures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The name as the organisation writes it; `localNames` holds it in other languages where given. */
    name: text('name').notNull(),
    localNames: text('local_names', { mode: 'json' }).$type<Partial<Record<Language, string>>>(),
    regionCode: text('region_code', { enum: REGION_CODES })
      .notNull()
      .references(() => regions.code),
    country: text('country').notNull(),
    website: text('website'),
    /** What the organisation does (its mission), as it described it. */
    description: text('description'),
    /** The person the accreditation mails go to (in their language). */
    contactPersonId: integer('contact_person_id').references((): AnySQLiteColumn => people.id, {
      onDelete: 'set null',
    }),
    /** The applicant's answers to the criteria questions, by question key. */
    applicationAnswers: text('application_answers', { mode: 'json' }).$type<Record<string, string>>(),
    accreditationStatus: text('accreditation_status', { enum: ACCREDITATION_STATUSES }).notNull().default('applied'),
    /** The last time the contact confirmed the structure's details and activity. */
    detailsConfirmedAt: instant('details_confirmed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('structures', t.regionCode, REGION_CODES),
    oneOf('structures', t.accreditationStatus, ACCREDITATION_STATUSES),
    uniqueIndex('structures_name_unique').on(t.name),
    index('structures_region_idx').on(t.regionCode),
  ],
)

export const accreditationHistory = sqliteTable(
  'accreditation_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    structureId: integer('structure_id')
      .notNull()
      .references(() => structures.id, { onDelete: 'cascade' }),
    /** What happened (a step of decision 014) and the status it left the structure in. */
    step: text('step', { enum: ACCREDITATION_STEPS }).notNull(),
    status: text('status', { enum: ACCREDITATION_STATUSES }).notNull(),
    changedAt: instant('changed_at').notNull(),
    note: text('note'),
    /** The RALO's advice, on a `ralo_advice` step. */
    advice: text('advice', { enum: RALO_ADVICE }),
    /** The ALAC resolution (accredit, reject, decertify) and the day it was taken. */
    reference: text('reference'),
    decidedOn: text('decided_on'),
    documentUrl: text('document_url'),
    changedById: integer('changed_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
  },
  (t) => [
    oneOf('accreditation_history', t.status, ACCREDITATION_STATUSES),
    oneOf('accreditation_history', t.step, ACCREDITATION_STEPS),
    oneOf('accreditation_history', t.advice, RALO_ADVICE),
    index('accreditation_history_structure_idx').on(t.structureId, t.changedAt),
  ],
)

/** The due-diligence checklist staff work through for every application (editable). */
export const accreditationCriteria = sqliteTable('accreditation_criteria', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  text: text('text', { mode: 'json' }).$type<Record<Language, string>>().notNull(),
  position: integer('position').notNull().default(0),
  active: bool('active').notNull().default(true),
  createdAt: createdAt(),
})

/** The expectations of accredited structures (decision 014), with their thresholds; staff edit them. */
export const accreditationExpectations = sqliteTable(
  'accreditation_expectations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: EXPECTATION_KINDS }).notNull(),
    /** How many (meetings, surveys) are expected; unused for `confirmed`. */
    threshold: integer('threshold').notNull().default(1),
    /** Over how many months before today. */
    months: integer('months').notNull().default(12),
    active: bool('active').notNull().default(true),
  },
  (t) => [
    oneOf('accreditation_expectations', t.kind, EXPECTATION_KINDS),
    uniqueIndex('accreditation_expectations_kind_unique').on(t.kind),
  ],
)

/**
 * What a structure's contact corrected while confirming its details (the review's link). People
 * are kept as ids, never names, so an erasure or a merge leaves no copy of a name here.
 */
export type ConfirmationChanges = {
  /** The contact who used the link. */
  by: number | null
  /** Each text detail the contact changed (the country as its ISO code). */
  fields: Partial<Record<'name' | 'country' | 'website' | 'description', { from: string | null; to: string | null }>>
  /** The contact handed over to another of the structure's representatives. */
  contact: { from: number | null; to: number } | null
  /** Representatives the contact said no longer represent the structure (their link was ended). */
  leaving: number[]
}

/** A single-use link mailed when a review opens: the contact confirms the structure's details without signing in. */
export const structureConfirmations = sqliteTable(
  'structure_confirmations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    structureId: integer('structure_id')
      .notNull()
      .references(() => structures.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token; the token itself is only in the mail. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    /** What the contact said about the structure's activity when confirming. */
    activity: text('activity'),
    /** What the contact corrected while confirming (each field from → to, representatives who left). */
    changes: text('changes', { mode: 'json' }).$type<ConfirmationChanges>(),
    /** The contact the link was mailed to: it works only while they are still the contact. */
    mailedToId: integer('mailed_to_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('structure_confirmations_token_unique').on(t.tokenHash)],
)

/** One criterion checked for one application: met or not, with a note, by whom and when. */
export const structureChecks = sqliteTable(
  'structure_checks',
  {
    structureId: integer('structure_id')
      .notNull()
      .references(() => structures.id, { onDelete: 'cascade' }),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => accreditationCriteria.id, { onDelete: 'cascade' }),
    met: bool('met').notNull(),
    note: text('note'),
    checkedById: integer('checked_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    checkedAt: instant('checked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.structureId, t.criterionId] })],
)

/** Each RALO's rules for individual membership (decision 015); one row per region, staff edit them. */
export const raloSettings = sqliteTable(
  'ralo_settings',
  {
    regionCode: text('region_code', { enum: REGION_CODES })
      .primaryKey()
      .references(() => regions.code),
    /** When false, an application is approved as soon as it is made. */
    requiresApproval: bool('requires_approval').notNull().default(true),
    /** What the RALO expects of an individual member, per language (shown to applicants). */
    criteria: text('criteria', { mode: 'json' }).$type<Partial<Record<Language, string>>>().notNull().default({}),
    updatedAt: updatedAt(),
  },
  (t) => [oneOf('ralo_settings', t.regionCode, REGION_CODES)],
)

/** A person's application to be an individual member of a RALO, and its outcome. */
export const membershipApplications = sqliteTable(
  'membership_applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references((): AnySQLiteColumn => people.id, { onDelete: 'cascade' }),
    regionCode: text('region_code', { enum: REGION_CODES })
      .notNull()
      .references(() => regions.code),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull().default('pending'),
    /** Why the person wants to join (optional, shown to whoever decides). */
    motivation: text('motivation'),
    decidedById: integer('decided_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    decidedAt: instant('decided_at'),
    /** The decision's note, mailed to the applicant. */
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('membership_applications', t.regionCode, REGION_CODES),
    oneOf('membership_applications', t.status, MEMBERSHIP_STATUSES),
    index('membership_applications_person_idx').on(t.personId, t.createdAt),
    index('membership_applications_status_idx').on(t.status, t.regionCode),
    /** At most one open application per person. */
    uniqueIndex('membership_applications_pending_unique')
      .on(t.personId)
      .where(sql`${t.status} = 'pending'`),
  ],
)

/**
 * A person's request to represent an accredited structure (the link is theirs only once
 * confirmed): the structure's contact confirms or declines through a mailed single-use link
 * (its SHA-256 here, with its expiry and whom it was mailed to), or staff decide on the
 * structure's page. One pending request per person.
 */
export const affiliationRequests = sqliteTable(
  'affiliation_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references((): AnySQLiteColumn => people.id, { onDelete: 'cascade' }),
    structureId: integer('structure_id')
      .notNull()
      .references(() => structures.id, { onDelete: 'cascade' }),
    status: text('status', { enum: AFFILIATION_STATUSES }).notNull().default('pending'),
    source: text('source', { enum: AFFILIATION_SOURCES }).notNull(),
    requestedAt: instant('requested_at').notNull(),
    /** The contact the confirmation link was last mailed to; the link works only while they are the contact. */
    mailedToId: integer('mailed_to_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    mailedAt: instant('mailed_at'),
    /** SHA-256 of the mailed link's token (the token itself is only in the mail). */
    tokenHash: text('token_hash'),
    tokenExpiresAt: instant('token_expires_at'),
    decidedAt: instant('decided_at'),
    decidedById: integer('decided_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    decidedVia: text('decided_via', { enum: AFFILIATION_DECIDERS }),
    /** A decline's reason, mailed to the person. */
    note: text('note'),
  },
  (t) => [
    oneOf('affiliation_requests', t.status, AFFILIATION_STATUSES),
    oneOf('affiliation_requests', t.source, AFFILIATION_SOURCES),
    oneOf('affiliation_requests', t.decidedVia, AFFILIATION_DECIDERS),
    index('affiliation_requests_person_idx').on(t.personId, t.requestedAt),
    index('affiliation_requests_structure_idx').on(t.structureId, t.status),
    uniqueIndex('affiliation_requests_token_unique').on(t.tokenHash),
    /** At most one open request per person. */
    uniqueIndex('affiliation_requests_pending_unique')
      .on(t.personId)
      .where(sql`${t.status} = 'pending'`),
  ],
)

// ─── People, roles, sessions ──────────────────────────────────────────────

export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored lower-cased; the unique index on lower(email) also guards raw SQL. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    preferredLanguage: text('preferred_language', { enum: LANGUAGES }).notNull().default('en'),
    timeZone: text('time_zone').notNull().default('UTC'),
    regionCode: text('region_code', { enum: REGION_CODES }).references(() => regions.code),
    /** The structure the person represents: set by staff, an import or a confirmed request, never by them. */
    structureId: integer('structure_id').references(() => structures.id, { onDelete: 'set null' }),
    memberType: text('member_type', { enum: MEMBER_TYPES }).notNull().default('individual_member'),
    /** Secret for the personal calendar feed URL (issue: webinars); resettable. */
    calendarToken: text('calendar_token'),
    /** Secret for one-click newsletter unsubscribe links. */
    unsubscribeToken: text('unsubscribe_token'),
    newsletterOptOutAt: instant('newsletter_opt_out_at'),
    /** Set when the person chose one monthly digest instead of each list issue: digests list issues sent since. */
    newsletterDigestSince: instant('newsletter_digest_since'),
    emailBouncedAt: instant('email_bounced_at'),
    /** Set after 3 soft bounces within 30 days: newsletters skip the address until staff lift the hold. */
    emailHeldAt: instant('email_held_at'),
    /** A phone number staff may call (optional); erased with the rest on request or retention. */
    phone: text('phone'),
    /** Set when staff deactivate the person: no sign-in, no mail. */
    deactivatedAt: instant('deactivated_at'),
    /** Set when the person's identifying data was erased (their rows stay, anonymous). */
    erasedAt: instant('erased_at'),
    /** Name and email folded (lower case, no accents) for the directory's search. */
    searchText: text('search_text').notNull().default(''),
    /** The import that created this person, while it can still be undone. */
    importBatchId: integer('import_batch_id').references((): AnySQLiteColumn => importBatches.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('people', t.preferredLanguage, LANGUAGES),
    oneOf('people', t.regionCode, REGION_CODES),
    oneOf('people', t.memberType, MEMBER_TYPES),
    uniqueIndex('people_email_lower_unique').on(sql`lower(${t.email})`),
    uniqueIndex('people_calendar_token_unique').on(t.calendarToken),
    uniqueIndex('people_unsubscribe_token_unique').on(t.unsubscribeToken),
    index('people_region_idx').on(t.regionCode),
    index('people_structure_idx').on(t.structureId),
    index('people_name_idx').on(t.name),
    /** Covers a scan of the live people's search text (a search term too common for people_search). */
    index('people_live_search_idx').on(t.erasedAt, t.searchText),
    /** The directory sorted by when people were added (its pages and the export walk it). */
    index('people_created_idx').on(t.createdAt),
    /** The people an import created (its undo, report and counts), only for those it still can undo. */
    index('people_import_batch_idx')
      .on(t.importBatchId)
      .where(sql`${t.importBatchId} is not null`),
  ],
)

export const personRoles = sqliteTable(
  'person_roles',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    /** The region a `ralo_leader` leads (only that role has one). */
    regionCode: text('region_code', { enum: REGION_CODES }).references(() => regions.code),
  },
  (t) => [
    oneOf('person_roles', t.role, ROLES),
    oneOf('person_roles', t.regionCode, REGION_CODES),
    check('person_roles_region_check', sql`(${t.role} = 'ralo_leader') = (${t.regionCode} is not null)`),
    primaryKey({ columns: [t.personId, t.role] }),
  ],
)

/** Signed-in (HTTP) sessions; a summit's programme sessions are events (kind 'session'). */
export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    personId: integer('person_id').references(() => people.id, { onDelete: 'cascade' }),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('auth_sessions_person_idx').on(t.personId), index('auth_sessions_expires_idx').on(t.expiresAt)],
)

export const passwordResetTokens = sqliteTable(
  'password_reset_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token mailed to the person; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('password_reset_token_hash_unique').on(t.tokenHash),
    index('password_reset_tokens_person_idx').on(t.personId),
  ],
)

/** Staff notes on a person: timestamped, with their author. */
export const personNotes = sqliteTable(
  'person_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('person_notes_person_idx').on(t.personId, t.createdAt)],
)

/**
 * Two records staff looked at and found to be different people ("not the same person"):
 * the pair leaves the likely-duplicates list for good. Stored with the lower id first.
 */
export const duplicateDismissals = sqliteTable(
  'duplicate_dismissals',
  {
    personA: integer('person_a')
      .notNull()
      .references((): AnySQLiteColumn => people.id, { onDelete: 'cascade' }),
    personB: integer('person_b')
      .notNull()
      .references((): AnySQLiteColumn => people.id, { onDelete: 'cascade' }),
    dismissedById: integer('dismissed_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personA, t.personB] }),
    index('duplicate_dismissals_b_idx').on(t.personB),
    check('duplicate_dismissals_order_check', sql`${t.personA} < ${t.personB}`),
  ],
)

/** What a person agreed to, when, and the exact wording version they were shown. */
export const consents = sqliteTable(
  'consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CONSENT_KINDS }).notNull(),
    version: text('version').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull(),
    givenAt: instant('given_at').notNull(),
    withdrawnAt: instant('withdrawn_at'),
  },
  (t) => [
    oneOf('consents', t.kind, CONSENT_KINDS),
    oneOf('consents', t.language, LANGUAGES),
    index('consents_person_idx').on(t.personId, t.kind),
  ],
)

/** One import of a contact list: who, when, how, what it did; undone while nobody used its new people. */
export const importBatches = sqliteTable(
  'import_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdById: integer('created_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    filename: text('filename').notNull(),
    mode: text('mode', { enum: IMPORT_MODES }).notNull(),
    report: text('report', { mode: 'json' }).$type<ImportReport>().notNull(),
    undoneAt: instant('undone_at'),
    createdAt: createdAt(),
  },
  (t) => [oneOf('import_batches', t.mode, IMPORT_MODES)],
)

/**
 * The fields an import changed on people who already existed (each field's value before and after), so an undo
 * can put back what nobody has changed since.
 */
export const importChanges = sqliteTable(
  'import_changes',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    changes: text('changes', { mode: 'json' }).$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] }), index('import_changes_person_idx').on(t.personId)],
)

/** The rows an import skipped, with their reasons (its report lists them a page at a time). */
export const importSkippedRows = sqliteTable(
  'import_skipped_rows',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    /** The row's line in the file (CSV) or its row number (XLSX). */
    line: integer('line').notNull(),
    email: text('email').notNull(),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.line] })],
)

/**
 * Every row an import wrote or left as it was (created, updated, unchanged), with its line in the file, so
 * the report lists every row by line (skipped rows are in `import_skipped_rows`). The person's address and
 * name are read from `people` (an erased or deleted person leaves only the line and the outcome).
 */
export const importRows = sqliteTable(
  'import_rows',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    /** The row's line in the file (CSV) or its row number (XLSX). */
    line: integer('line').notNull(),
    outcome: text('outcome', { enum: IMPORT_ROW_OUTCOMES }).notNull(),
    personId: integer('person_id').references(() => people.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.line] }),
    oneOf('import_rows', t.outcome, IMPORT_ROW_OUTCOMES),
    index('import_rows_person_idx').on(t.personId),
  ],
)

/**
 * An import, or an undo, done by the worker a slice at a time (each slice one short
 * transaction that also moves `cursor` and `done`), so a big file never holds the server
 * and a restart carries on where the last slice ended. `state`: queued, running, done, or
 * stopped (the file is gone or a slice kept failing: what was done stays, and says so).
 */
export const importJobs = sqliteTable(
  'import_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: IMPORT_JOB_KINDS }).notNull(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    /** The file an import reads (deleted when the import ends). */
    uploadId: text('upload_id').references(() => importUploads.id, { onDelete: 'set null' }),
    createdById: integer('created_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'set null' }),
    state: text('state', { enum: IMPORT_JOB_STATES }).notNull().default('queued'),
    /** Rows of the file (an import) or people (an undo) to go through, and how many are done. */
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    /** An import: the index of the next row of the file to read. */
    cursor: integer('cursor').notNull().default(0),
    /** An import: what staff chose for the whole file (member type, structure, lists for the new people). */
    options: text('options', { mode: 'json' }).$type<ImportOptions>().notNull().default({}),
    /** An undo's counts so far: people deleted, people whose fields were put back, people kept (used meanwhile). */
    result: text('result', { mode: 'json' }).$type<ImportJobResult>().notNull().default({}),
    /** Slices that failed in a row (the job stops after a few), and why the job stopped. */
    failures: integer('failures').notNull().default(0),
    stopReason: text('stop_reason'),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    updatedAt: instant('updated_at'),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    oneOf('import_jobs', t.kind, IMPORT_JOB_KINDS),
    oneOf('import_jobs', t.state, IMPORT_JOB_STATES),
    index('import_jobs_state_idx').on(t.state, t.id),
    index('import_jobs_batch_idx').on(t.batchId, t.kind),
  ],
)

/**
 * A file uploaded for import, kept between the preview and the import (then deleted; a day at most): its bytes,
 * the column mapping and mode staff chose, and the rows they fixed in the preview.
 */
export const importUploads = sqliteTable(
  'import_uploads',
  {
    id: text('id').primaryKey(),
    createdById: integer('created_by_id').references((): AnySQLiteColumn => people.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<(string | null)[]>(),
    mode: text('mode', { enum: IMPORT_MODES }).notNull().default('fill_empty'),
    /** What staff chose in the preview for the whole file's new people (a column of the file wins). */
    options: text('options', { mode: 'json' }).$type<ImportOptions>().notNull().default({}),
    /** Corrections typed in the preview: line number → field → value. */
    fixes: text('fixes', { mode: 'json' }).$type<Record<string, Record<string, string>>>().notNull().default({}),
    /** The file's header row and number of rows, read once at upload (null for uploads kept from before). */
    header: text('header', { mode: 'json' }).$type<string[]>(),
    rowCount: integer('row_count'),
    createdAt: createdAt(),
  },
  (t) => [oneOf('import_uploads', t.mode, IMPORT_MODES)],
)

/** Column mappings staff chose for a file layout (keyed by its header row), offered again next time. */
export const importMappings = sqliteTable('import_mappings', {
  headerKey: text('header_key').primaryKey(),
  mapping: text('mapping', { mode: 'json' }).$type<(string | null)[]>().notNull(),
  updatedAt: updatedAt(),
})

/**
 * Single-use links mailed to an address: `signup` (confirm the address, then choose a
 * password and profile), `invite` (a person created by staff or import sets their
 * password) and `signin` (signs the person in once, without the password). Only the
 * SHA-256 of the token is stored.
 */
export const emailTokens = sqliteTable(
  'email_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purpose: text('purpose', { enum: EMAIL_TOKEN_PURPOSES }).notNull(),
    email: text('email').notNull(),
    personId: integer('person_id').references(() => people.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('en'),
    /** Where to go after the account is ready (a checked same-site path). */
    redirectTo: text('redirect_to'),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('email_tokens', t.purpose, EMAIL_TOKEN_PURPOSES),
    oneOf('email_tokens', t.language, LANGUAGES),
    uniqueIndex('email_tokens_hash_unique').on(t.tokenHash),
    index('email_tokens_email_idx').on(t.email),
    index('email_tokens_person_idx').on(t.personId),
  ],
)

/** One row per attempt, for rate-limiting sign-in and reset per IP and per account. */
export const authAttempts = sqliteTable(
  'auth_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scope: text('scope').notNull(), // e.g. 'login:ip', 'login:account', 'reset:ip'
    key: text('key').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('auth_attempts_scope_key_at_idx').on(t.scope, t.key, t.at)],
)

// ─── Series and events ────────────────────────────────────────────────────

export const series = sqliteTable(
  'series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('series_slug_unique').on(t.slug)],
)

export const seriesTranslations = sqliteTable(
  'series_translations',
  {
    seriesId: integer('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [oneOf('series_translations', t.language, LANGUAGES), primaryKey({ columns: [t.seriesId, t.language] })],
)

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    slug: text('slug').notNull(),
    seriesId: integer('series_id').references(() => series.id, { onDelete: 'set null' }),
    /** A summit's session (plenary, working-group session, social) points at its summit. */
    parentEventId: integer('parent_event_id').references((): AnySQLiteColumn => events.id, { onDelete: 'cascade' }),
    /** A summit session's type: plenary, working-group session or social event. */
    sessionType: text('session_type', { enum: SESSION_TYPES }),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    /** The event's own IANA zone (the venue's for a summit). */
    timeZone: text('time_zone').notNull().default('UTC'),
    platformName: text('platform_name'),
    platformUrl: text('platform_url'),
    venue: text('venue'),
    city: text('city'),
    room: text('room'),
    capacity: integer('capacity'),
    registrationOpensAt: instant('registration_opens_at'),
    registrationClosesAt: instant('registration_closes_at'),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
    /** ICS SEQUENCE: bumped on every change a calendar must see. */
    sequence: integer('sequence').notNull().default(0),
    /** Minutes before start at which reminders go out, e.g. [1440, 60]. */
    reminderOffsets: text('reminder_offsets', { mode: 'json' })
      .$type<number[]>()
      .notNull()
      .default(sql`'[1440,60]'`),
    /** Days before the start at which assigned interpreters are mailed their prep pack. */
    prepPackDays: integer('prep_pack_days').notNull().default(3),
    /** Hours before the start by which each booth must be confirmed or cancelled. */
    boothDecisionHours: integer('booth_decision_hours').notNull().default(48),
    createdById: integer('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('events', t.kind, EVENT_KINDS),
    oneOf('events', t.sessionType, SESSION_TYPES),
    oneOf('events', t.status, EVENT_STATUSES),
    uniqueIndex('events_slug_unique').on(t.slug),
    index('events_kind_starts_idx').on(t.kind, t.startsAt),
    index('events_series_idx').on(t.seriesId, t.startsAt),
    index('events_parent_idx').on(t.parentEventId, t.startsAt),
  ],
)

export const eventTranslations = sqliteTable(
  'event_translations',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    agenda: text('agenda').notNull().default(''),
    /** Logistics / practical information (summits). */
    practicalInfo: text('practical_info').notNull().default(''),
  },
  (t) => [oneOf('event_translations', t.language, LANGUAGES), primaryKey({ columns: [t.eventId, t.language] })],
)

export const eventPresenters = sqliteTable(
  'event_presenters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: integer('person_id').references(() => people.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    role: text('role', { mode: 'json' }).$type<LocalisedText>().notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('event_presenters_event_idx').on(t.eventId, t.position),
    index('event_presenters_person_idx').on(t.personId),
  ],
)

export const interpretationChannels = sqliteTable(
  'interpretation_channels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    conferenceId: text('conference_id').notNull(),
    dialInNumbers: text('dial_in_numbers').notNull().default(''),
    interpreters: text('interpreters').notNull().default(''),
  },
  (t) => [
    oneOf('interpretation_channels', t.language, LANGUAGES),
    uniqueIndex('interpretation_channels_event_language_unique').on(t.eventId, t.language),
  ],
)

export const registrations = sqliteTable(
  'registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    channelLanguage: text('channel_language', { enum: LANGUAGES }).notNull(),
    dialOutNumber: text('dial_out_number'),
    dialOutDoneAt: instant('dial_out_done_at'),
    attended: bool('attended'),
    checkedInAt: instant('checked_in_at'),
    promotedAt: instant('promoted_at'),
    cancelledAt: instant('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('registrations', t.status, REGISTRATION_STATUSES),
    oneOf('registrations', t.channelLanguage, LANGUAGES),
    uniqueIndex('registrations_event_person_unique').on(t.eventId, t.personId),
    index('registrations_event_status_idx').on(t.eventId, t.status, t.createdAt),
    index('registrations_person_idx').on(t.personId, t.status),
  ],
)

export const materials = sqliteTable(
  'materials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    kind: text('kind', { enum: MATERIAL_KINDS }).notNull(),
    title: text('title').notNull(),
    url: text('url').notNull(),
    /** Part of the interpreters' prep pack (slides, speaker notes…). */
    forInterpreters: bool('for_interpreters').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    oneOf('materials', t.language, LANGUAGES),
    oneOf('materials', t.kind, MATERIAL_KINDS),
    index('materials_event_idx').on(t.eventId, t.language),
  ],
)

// ─── Summits ──────────────────────────────────────────────────────────────

export const workingGroups = sqliteTable(
  'working_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** A summit's thematic group has its summit; standing groups (CPWG, OFB-WG) have none. */
    eventId: integer('event_id').references(() => events.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: WORKING_GROUP_KINDS }).notNull().default('thematic'),
    /** The public page's address (/working-groups/:slug); summit groups have none. */
    slug: text('slug'),
    name: text('name', { mode: 'json' }).$type<LocalisedText>().notNull(),
    topic: text('topic', { mode: 'json' }).$type<LocalisedText>().notNull(),
    /** Plain text per language, paragraphs separated by blank lines. */
    description: text('description', { mode: 'json' }).$type<LocalisedText>(),
    /** Calendar dates (YYYY-MM-DD); a working party ends, a standing group usually does not. */
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    /** Whether the public page lists the members' names and regions. */
    membersPublic: bool('members_public').notNull().default(false),
    /** Whether every RALO must have a member (the page then names the missing ones). */
    allRegionsRequired: bool('all_regions_required').notNull().default(false),
    reportUrl: text('report_url'),
    reportStatus: text('report_status', { enum: REPORT_STATUSES }).notNull().default('drafting'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('working_groups', t.kind, WORKING_GROUP_KINDS),
    oneOf('working_groups', t.reportStatus, REPORT_STATUSES),
    index('working_groups_event_idx').on(t.eventId),
    uniqueIndex('working_groups_slug_unique').on(t.slug),
  ],
)

/**
 * Membership periods: one row per person, group and role from joining to leaving. A role
 * change ends one period and starts the next, so the history stays; metrics count the
 * periods open at a meeting's date.
 */
export const workingGroupMembers = sqliteTable(
  'working_group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workingGroupId: integer('working_group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: WORKING_GROUP_ROLES }).notNull().default('member'),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    leftAt: instant('left_at'),
  },
  (t) => [
    oneOf('working_group_members', t.role, WORKING_GROUP_ROLES),
    uniqueIndex('wg_members_current_unique')
      .on(t.workingGroupId, t.personId)
      .where(sql`${t.leftAt} is null`),
    index('wg_members_group_idx').on(t.workingGroupId, t.joinedAt),
    index('wg_members_person_idx').on(t.personId),
  ],
)

export const workingGroupMeetings = sqliteTable(
  'working_group_meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workingGroupId: integer('working_group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    /**
     * The meeting as a calendar event (kind 'meeting'): its times, zone, texts per language,
     * call link and interpretation channels; members hold a registration each, so invites,
     * updates, reminders and the personal feed work as for webinars.
     */
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The event's start, copied when it moves (membership-at-meeting queries read it). */
    heldAt: instant('held_at').notNull(),
    /** Minutes per language (Markdown, shown sanitised). */
    minutes: text('minutes', { mode: 'json' }).$type<Partial<Record<Language, string>>>(),
  },
  (t) => [
    index('wg_meetings_group_idx').on(t.workingGroupId, t.heldAt),
    uniqueIndex('wg_meetings_event_unique').on(t.eventId),
  ],
)

/** Something a member undertook to do, usually at a meeting; the worker reminds the owner when due. */
export const actionItems = sqliteTable(
  'action_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workingGroupId: integer('working_group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    meetingId: integer('meeting_id').references(() => workingGroupMeetings.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    ownerId: integer('owner_id').references(() => people.id, { onDelete: 'set null' }),
    /** Calendar date (YYYY-MM-DD) in the owner's zone. */
    dueOn: text('due_on'),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
    closedAt: instant('closed_at'),
  },
  (t) => [
    oneOf('action_items', t.status, ACTION_STATUSES),
    index('action_items_group_idx').on(t.workingGroupId, t.status),
    index('action_items_owner_idx').on(t.ownerId, t.status),
  ],
)

export const meetingAttendance = sqliteTable(
  'meeting_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => workingGroupMeetings.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.personId] }), index('meeting_attendance_person_idx').on(t.personId)],
)

export const summitParticipations = sqliteTable(
  'summit_participations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    structureId: integer('structure_id').references(() => structures.id, { onDelete: 'set null' }),
    status: text('status', { enum: PARTICIPATION_STATUSES }).notNull().default('nominated'),
    funding: text('funding', { enum: FUNDING_DECISIONS }).notNull().default('pending'),
    fundingReason: text('funding_reason'),
    workingGroupId: integer('working_group_id').references(() => workingGroups.id, { onDelete: 'set null' }),
    workingGroupPreferences: text('working_group_preferences', { mode: 'json' }).$type<number[]>(),
    arrivalAt: instant('arrival_at'),
    arrivalCarrier: text('arrival_carrier'),
    departureAt: instant('departure_at'),
    departureCarrier: text('departure_carrier'),
    hotel: text('hotel'),
    hotelNights: integer('hotel_nights'),
    visaLetterNeeded: bool('visa_letter_needed').notNull().default(false),
    /** The name exactly as in the passport, typed by the participant; a visa letter needs staff to confirm it. */
    passportName: text('passport_name'),
    passportNameConfirmedAt: instant('passport_name_confirmed_at'),
    passportNameConfirmedById: integer('passport_name_confirmed_by_id').references((): AnySQLiteColumn => people.id, {
      onDelete: 'set null',
    }),
    dietaryNeeds: text('dietary_needs'),
    accessibilityNeeds: text('accessibility_needs'),
    emergencyContactName: text('emergency_contact_name'),
    emergencyContactPhone: text('emergency_contact_phone'),
    checkedInAt: instant('checked_in_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('summit_participations', t.status, PARTICIPATION_STATUSES),
    oneOf('summit_participations', t.funding, FUNDING_DECISIONS),
    uniqueIndex('summit_participations_event_person_unique').on(t.eventId, t.personId),
    index('summit_participations_event_status_idx').on(t.eventId, t.status),
    index('summit_participations_person_idx').on(t.personId),
  ],
)

/** Per-session attendance taken at the summit desk (a session is an event whose parent is the summit). */
export const sessionAttendance = sqliteTable(
  'session_attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    checkedInAt: instant('checked_in_at').notNull(),
    checkedInById: integer('checked_in_by_id').references(() => people.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.personId] }),
    index('session_attendance_person_idx').on(t.personId),
    index('session_attendance_checked_in_by_idx').on(t.checkedInById),
  ],
)

// ─── Policy statements (participation metrics) ────────────────────────────

export const policyStatements = sqliteTable(
  'policy_statements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The English title (the list's fallback); `texts` holds the title and summary per language. */
    title: text('title').notNull(),
    kind: text('kind', { enum: STATEMENT_KINDS }).notNull().default('public_comment'),
    stage: text('stage', { enum: STATEMENT_STAGES }).notNull().default('submitted'),
    texts: text('texts', { mode: 'json' }).$type<Partial<Record<Language, { title: string; summary: string }>>>(),
    /** The day each stage was reached (YYYY-MM-DD), by stage. */
    stageDates: text('stage_dates', { mode: 'json' })
      .$type<Partial<Record<StatementStage, string>>>()
      .notNull()
      .default(sql`'{}'`),
    topics: text('topics', { mode: 'json' }).$type<string[]>().notNull(),
    /** When it was submitted (for a statement still in the pipeline: when it was opened). */
    publishedAt: instant('published_at').notNull(),
    /** The submitted text. */
    url: text('url'),
    /** The external public comment proceeding, and its deadline (YYYY-MM-DD). */
    commentUrl: text('comment_url'),
    deadline: text('deadline'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('policy_statements', t.kind, STATEMENT_KINDS),
    oneOf('policy_statements', t.stage, STATEMENT_STAGES),
    index('policy_statements_published_idx').on(t.publishedAt),
    index('policy_statements_stage_idx').on(t.stage, t.deadline),
  ],
)

export const statementContributors = sqliteTable(
  'statement_contributors',
  {
    statementId: integer('statement_id')
      .notNull()
      .references(() => policyStatements.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: CONTRIBUTOR_ROLES }).notNull(),
  },
  (t) => [
    oneOf('statement_contributors', t.role, CONTRIBUTOR_ROLES),
    primaryKey({ columns: [t.statementId, t.personId, t.role] }),
    index('statement_contributors_person_idx').on(t.personId),
  ],
)

/**
 * Participation facts, one row per thing a person did, written by the services
 * that record the underlying action; dashboards aggregate over this table.
 */
export const participationRecords = sqliteTable(
  'participation_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    structureId: integer('structure_id').references(() => structures.id, { onDelete: 'set null' }),
    regionCode: text('region_code', { enum: REGION_CODES }),
    kind: text('kind', { enum: RECORD_KINDS }).notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: integer('source_id').notNull(),
    occurredAt: instant('occurred_at').notNull(),
  },
  (t) => [
    oneOf('participation_records', t.regionCode, REGION_CODES),
    oneOf('participation_records', t.kind, RECORD_KINDS),
    uniqueIndex('participation_records_source_unique').on(t.kind, t.sourceType, t.sourceId, t.personId),
    index('participation_records_person_idx').on(t.personId, t.occurredAt),
    index('participation_records_structure_idx').on(t.structureId, t.occurredAt),
    index('participation_records_region_idx').on(t.regionCode, t.occurredAt),
    // Covers every dashboard query over a period, so none reads the table itself.
    index('participation_records_period_idx').on(t.occurredAt, t.kind, t.regionCode, t.structureId, t.personId),
  ],
)

// ─── Newsletters ──────────────────────────────────────────────────────────

export const audiences = sqliteTable('audiences', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  criteria: text('criteria', { mode: 'json' }).$type<AudienceCriteria>().notNull(),
  createdById: integer('created_by_id').references(() => people.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
})

export const newsletters = sqliteTable(
  'newsletters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    status: text('status', { enum: NEWSLETTER_STATUSES }).notNull().default('draft'),
    audienceId: integer('audience_id').references(() => audiences.id, { onDelete: 'set null' }),
    scheduledAt: instant('scheduled_at'),
    sendStartedAt: instant('send_started_at'),
    sentAt: instant('sent_at'),
    /** Why the dispatcher paused it by itself (it could not be read); cleared on resume. */
    pausedReason: text('paused_reason'),
    createdById: integer('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('newsletters', t.status, NEWSLETTER_STATUSES),
    uniqueIndex('newsletters_slug_unique').on(t.slug),
    index('newsletters_status_idx').on(t.status, t.scheduledAt),
  ],
)

export const newsletterVersions = sqliteTable(
  'newsletter_versions',
  {
    newsletterId: integer('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    subject: text('subject').notNull(),
    preheader: text('preheader').notNull().default(''),
    bodyMarkdown: text('body_markdown').notNull().default(''),
    complete: bool('complete').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [oneOf('newsletter_versions', t.language, LANGUAGES), primaryKey({ columns: [t.newsletterId, t.language] })],
)

/**
 * Topic lists people choose to receive (Summit news, Regional news — LACRALO…): name and
 * description per language. A newsletter sent to lists reaches their current subscribers.
 */
export const mailingLists = sqliteTable(
  'mailing_lists',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name', { mode: 'json' }).$type<LocalisedText>().notNull(),
    description: text('description', { mode: 'json' }).$type<LocalisedText>().notNull(),
    /** A region's own news: people who sign up in that region are offered it with the general lists. */
    regionCode: text('region_code', { enum: REGION_CODES }).references(() => regions.code),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [oneOf('mailing_lists', t.regionCode, REGION_CODES), uniqueIndex('mailing_lists_slug_unique').on(t.slug)],
)

/** The lists a newsletter goes to (none: it goes to its audience alone). */
export const newsletterLists = sqliteTable(
  'newsletter_lists',
  {
    newsletterId: integer('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    listId: integer('list_id')
      .notNull()
      .references(() => mailingLists.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.newsletterId, t.listId] }), index('newsletter_lists_list_idx').on(t.listId)],
)

/**
 * A person's subscription to a list, which is also the consent record: the wording they
 * were shown, in their language, when they ticked it. Leaving closes the row
 * (`unsubscribed_at`); joining again opens a new one, so the history stays.
 */
export const listSubscriptions = sqliteTable(
  'list_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    listId: integer('list_id')
      .notNull()
      .references(() => mailingLists.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    wording: text('wording').notNull(),
    subscribedAt: instant('subscribed_at').notNull(),
    unsubscribedAt: instant('unsubscribed_at'),
    /** The import that subscribed this person (staff chose the list for the file), while it can be undone. */
    importBatchId: integer('import_batch_id').references((): AnySQLiteColumn => importBatches.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    oneOf('list_subscriptions', t.language, LANGUAGES),
    uniqueIndex('list_subscriptions_open_unique')
      .on(t.personId, t.listId)
      .where(sql`unsubscribed_at is null`),
    index('list_subscriptions_list_idx').on(t.listId, t.unsubscribedAt),
    index('list_subscriptions_person_idx').on(t.personId),
    index('list_subscriptions_import_idx')
      .on(t.importBatchId)
      .where(sql`${t.importBatchId} is not null`),
  ],
)

export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    newsletterId: integer('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    lockedUntil: instant('locked_until'),
    messageId: text('message_id'),
    error: text('error'),
    sentAt: instant('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('deliveries', t.language, LANGUAGES),
    oneOf('deliveries', t.status, DELIVERY_STATUSES),
    uniqueIndex('deliveries_newsletter_person_unique').on(t.newsletterId, t.personId),
    index('deliveries_newsletter_status_idx').on(t.newsletterId, t.status, t.nextAttemptAt),
    index('deliveries_person_idx').on(t.personId),
  ],
)

// ─── Surveys ──────────────────────────────────────────────────────────────

export const surveys = sqliteTable(
  'surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
    slug: text('slug').notNull(),
    title: text('title', { mode: 'json' }).$type<LocalisedText>().notNull(),
    intro: text('intro', { mode: 'json' }).$type<LocalisedText>(),
    mode: text('mode', { enum: SURVEY_MODES }).notNull().default('invitation'),
    anonymous: bool('anonymous').notNull().default(true),
    /** Who may answer an open-link survey: one answer per signed-in person, or anyone (rate-limited per address). */
    openAccess: text('open_access', { enum: OPEN_ACCESS }).notNull().default('signed_in'),
    opensAt: instant('opens_at'),
    closesAt: instant('closes_at'),
    copiedFromId: integer('copied_from_id').references((): AnySQLiteColumn => surveys.id, { onDelete: 'set null' }),
    /** Staff chose to show participants a summary of the results. */
    summaryPublished: bool('summary_published').notNull().default(false),
    /** How many reminder rounds have gone out. */
    reminderRounds: integer('reminder_rounds').notNull().default(0),
    createdById: integer('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('surveys', t.mode, SURVEY_MODES),
    oneOf('surveys', t.openAccess, OPEN_ACCESS),
    uniqueIndex('surveys_slug_unique').on(t.slug),
    index('surveys_event_idx').on(t.eventId),
  ],
)

export const surveySections = sqliteTable(
  'survey_sections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title', { mode: 'json' }).$type<LocalisedText>().notNull(),
  },
  (t) => [uniqueIndex('survey_sections_position_unique').on(t.surveyId, t.position)],
)

export type QuestionOption = { value: string; label: LocalisedText }

export const surveyQuestions = sqliteTable(
  'survey_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    sectionId: integer('section_id').references(() => surveySections.id, { onDelete: 'cascade' }),
    /** Stable key shared by copies of a question, so two surveys can be compared. */
    code: text('code').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: QUESTION_KINDS }).notNull(),
    required: bool('required').notNull().default(false),
    text: text('text', { mode: 'json' }).$type<LocalisedText>().notNull(),
    help: text('help', { mode: 'json' }).$type<LocalisedText>(),
    options: text('options', { mode: 'json' }).$type<QuestionOption[]>(),
    /** Likert statements (rows of the matrix); options are the agreement scale. */
    statements: text('statements', { mode: 'json' }).$type<QuestionOption[]>(),
    showIfQuestionId: integer('show_if_question_id').references((): AnySQLiteColumn => surveyQuestions.id, {
      onDelete: 'set null',
    }),
    showIfValue: text('show_if_value'),
    /** Bounds of a number question (inclusive). */
    minValue: integer('min_value'),
    maxValue: integer('max_value'),
  },
  (t) => [
    oneOf('survey_questions', t.kind, QUESTION_KINDS),
    uniqueIndex('survey_questions_code_unique').on(t.surveyId, t.code),
    index('survey_questions_survey_idx').on(t.surveyId, t.position),
  ],
)

export const surveyInvitations = sqliteTable(
  'survey_invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    sentAt: instant('sent_at'),
    reminderRound: integer('reminder_round').notNull().default(0),
    /**
     * Set when the invitation's response is submitted (in an anonymous survey the response then forgets the
     * invitation).
     */
    completed: bool('completed').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('survey_invitations_token_unique').on(t.tokenHash),
    uniqueIndex('survey_invitations_survey_person_unique').on(t.surveyId, t.personId),
    index('survey_invitations_person_idx').on(t.personId),
  ],
)

export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    /** One response per invitation (unique); null for open-link responses. */
    invitationId: integer('invitation_id').references(() => surveyInvitations.id, { onDelete: 'set null' }),
    /** Null in anonymous surveys. */
    personId: integer('person_id').references(() => people.id, { onDelete: 'set null' }),
    regionCode: text('region_code', { enum: REGION_CODES }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    memberType: text('member_type', { enum: MEMBER_TYPES }),
    status: text('status', { enum: RESPONSE_STATUSES }).notNull().default('in_progress'),
    startedAt: createdAt(),
    completedAt: instant('completed_at'),
  },
  (t) => [
    oneOf('survey_responses', t.regionCode, REGION_CODES),
    oneOf('survey_responses', t.language, LANGUAGES),
    oneOf('survey_responses', t.memberType, MEMBER_TYPES),
    oneOf('survey_responses', t.status, RESPONSE_STATUSES),
    uniqueIndex('survey_responses_invitation_unique').on(t.invitationId),
    index('survey_responses_survey_status_idx').on(t.surveyId, t.status, t.regionCode, t.language, t.memberType),
    index('survey_responses_person_idx').on(t.personId),
  ],
)

export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    responseId: integer('response_id')
      .notNull()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: 'cascade' }),
    /** Likert statement value or multiple-choice option value; '' for single-valued answers. */
    item: text('item').notNull().default(''),
    value: text('value').notNull(),
    numericValue: integer('numeric_value'),
    /**
     * Copied from the response so the dashboard reads one covering index: the survey,
     * whether the response is submitted (set on submit), and the respondent's snapshot.
     */
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    completed: bool('completed').notNull().default(false),
    regionCode: text('region_code', { enum: REGION_CODES }),
    language: text('language', { enum: LANGUAGES }),
    memberType: text('member_type', { enum: MEMBER_TYPES }),
  },
  (t) => [
    oneOf('survey_answers', t.regionCode, REGION_CODES),
    oneOf('survey_answers', t.language, LANGUAGES),
    oneOf('survey_answers', t.memberType, MEMBER_TYPES),
    uniqueIndex('survey_answers_unique').on(t.responseId, t.questionId, t.item),
    index('survey_answers_question_idx').on(t.questionId, t.value, t.responseId),
    // Covering for the dashboard: every summary, filter and cross-tab by snapshot reads only this index.
    index('survey_answers_results_idx').on(
      t.surveyId,
      t.completed,
      t.questionId,
      t.item,
      t.value,
      t.numericValue,
      t.regionCode,
      t.language,
      t.memberType,
      t.responseId,
    ),
  ],
)

/**
 * Submitted answers counted per option and respondent snapshot, kept up to date
 * when a response is submitted (submitted responses never change). The dashboard
 * reads these few thousand rows instead of every answer; an unknown snapshot part
 * is ''. The row with item '' and value '' counts the respondents who answered the question.
 */
export const surveyAnswerCounts = sqliteTable(
  'survey_answer_counts',
  {
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: 'cascade' }),
    item: text('item').notNull(),
    value: text('value').notNull(),
    regionCode: text('region_code').notNull(),
    language: text('language').notNull(),
    memberType: text('member_type').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.questionId, t.item, t.value, t.regionCode, t.language, t.memberType] })],
)

/**
 * The same counts, for the respondents who gave one answer to a choice question (single
 * or multiple): `byQuestionId`/`byValue` is that answer, the rest is as in
 * survey_answer_counts (markers included). A dashboard filtered by a choice answer, and a
 * cross-tab of one choice question by another, read these rows instead of the answers.
 * Kept up to date at submission, like the counts; decision 018.
 */
export const surveyPairCounts = sqliteTable(
  'survey_pair_counts',
  {
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    byQuestionId: integer('by_question_id')
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: 'cascade' }),
    byValue: text('by_value').notNull(),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestions.id, { onDelete: 'cascade' }),
    item: text('item').notNull(),
    value: text('value').notNull(),
    regionCode: text('region_code').notNull(),
    language: text('language').notNull(),
    memberType: text('member_type').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [
        t.surveyId,
        t.byQuestionId,
        t.byValue,
        t.questionId,
        t.item,
        t.value,
        t.regionCode,
        t.language,
        t.memberType,
      ],
    }),
  ],
)

/**
 * How often each link of a newsletter was followed, per language of the mail: the link
 * and a count, never who (no person, no time, no address). Counted by the click redirect.
 */
export const newsletterLinkClicks = sqliteTable(
  'newsletter_link_clicks',
  {
    newsletterId: integer('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    url: text('url').notNull(),
    clicks: integer('clicks').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.newsletterId, t.language, t.url] }),
    oneOf('newsletter_link_clicks', t.language, LANGUAGES),
  ],
)

// ─── Implementation tracker ───────────────────────────────────────────────

export const reviewItems = sqliteTable(
  'review_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: integer('number').notNull(),
    title: text('title', { mode: 'json' }).$type<LocalisedText>().notNull(),
    description: text('description', { mode: 'json' }).$type<LocalisedText>().notNull(),
    startDate: text('start_date').notNull(), // ISO calendar date, YYYY-MM-DD
    owner: text('owner').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('review_items_number_unique').on(t.number)],
)

export const reviewMilestones = sqliteTable(
  'review_milestones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewItemId: integer('review_item_id')
      .notNull()
      .references(() => reviewItems.id, { onDelete: 'cascade' }),
    label: text('label').notNull(), // a, b, b-1, b-2
    title: text('title', { mode: 'json' }).$type<LocalisedText>().notNull(),
    proposedEndDate: text('proposed_end_date'), // YYYY-MM-DD
    percentComplete: integer('percent_complete').notNull().default(0),
    notes: text('notes', { mode: 'json' }).$type<LocalisedText>(),
    /** Set while the milestone is held over by an external dependency, which it names (e.g. the CRM roll-out). */
    heldOverBy: text('held_over_by', { mode: 'json' }).$type<LocalisedText>(),
    position: integer('position').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('review_milestones_label_unique').on(t.reviewItemId, t.label)],
)

export const reviewMilestoneHistory = sqliteTable(
  'review_milestone_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    milestoneId: integer('milestone_id')
      .notNull()
      .references(() => reviewMilestones.id, { onDelete: 'cascade' }),
    field: text('field', { enum: MILESTONE_FIELDS }).notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    changedById: integer('changed_by_id').references(() => people.id, { onDelete: 'set null' }),
    changedAt: instant('changed_at').notNull(),
  },
  (t) => [
    oneOf('review_milestone_history', t.field, MILESTONE_FIELDS),
    index('review_milestone_history_idx').on(t.milestoneId, t.changedAt),
  ],
)

/**
 * Recommendations of a summit's thematic group report, a survey analysis or a review item,
 * followed from proposal to implementation (or rejection, with the reason) and linked to
 * the tracker milestones that carry them out. `event_id` is the summit whose public page
 * lists it (from the source group or survey; none for a review item).
 */
export const recommendations = sqliteTable(
  'recommendations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
    /** A short reference people cite, e.g. "TG3-2". */
    reference: text('reference').notNull(),
    text: text('text', { mode: 'json' }).$type<LocalisedText>().notNull(),
    sourceKind: text('source_kind', { enum: RECOMMENDATION_SOURCES }).notNull(),
    sourceWorkingGroupId: integer('source_working_group_id').references(() => workingGroups.id, {
      onDelete: 'restrict',
    }),
    sourceSurveyId: integer('source_survey_id').references(() => surveys.id, { onDelete: 'restrict' }),
    sourceReviewItemId: integer('source_review_item_id').references(() => reviewItems.id, { onDelete: 'restrict' }),
    owner: text('owner').notNull(),
    status: text('status', { enum: RECOMMENDATION_STATUSES }).notNull().default('proposed'),
    rejectionReason: text('rejection_reason', { mode: 'json' }).$type<LocalisedText>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf('recommendations', t.sourceKind, RECOMMENDATION_SOURCES),
    oneOf('recommendations', t.status, RECOMMENDATION_STATUSES),
    check(
      'recommendations_source_check',
      sql`(${t.sourceKind} = 'summit_group') = (${t.sourceWorkingGroupId} is not null) and (${t.sourceKind} = 'survey') = (${t.sourceSurveyId} is not null) and (${t.sourceKind} = 'review_item') = (${t.sourceReviewItemId} is not null)`,
    ),
    check('recommendations_rejected_check', sql`(${t.status} = 'rejected') = (${t.rejectionReason} is not null)`),
    uniqueIndex('recommendations_reference_unique').on(t.reference),
    index('recommendations_event_idx').on(t.eventId),
  ],
)

/** The tracker milestones that carry out a recommendation. */
export const recommendationMilestones = sqliteTable(
  'recommendation_milestones',
  {
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    milestoneId: integer('milestone_id')
      .notNull()
      .references(() => reviewMilestones.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.recommendationId, t.milestoneId] })],
)

/** Each status a recommendation reached, dated, with who moved it and why (a rejection's reason). */
export const recommendationHistory = sqliteTable(
  'recommendation_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: RECOMMENDATION_STATUSES }).notNull(),
    note: text('note', { mode: 'json' }).$type<LocalisedText>(),
    changedById: integer('changed_by_id').references(() => people.id, { onDelete: 'set null' }),
    changedAt: instant('changed_at').notNull(),
  },
  (t) => [
    oneOf('recommendation_history', t.status, RECOMMENDATION_STATUSES),
    index('recommendation_history_idx').on(t.recommendationId, t.changedAt),
  ],
)

// ─── Audit log and outbox ─────────────────────────────────────────────────

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id').references(() => people.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: instant('at').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.at),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId),
  ],
)

export type OutboxAttachment = {
  filename: string
  contentType: string
  content: string
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'
}

/** A meeting's notice to its members, an event's update, an event's cancellation. */
export const EVENT_MAIL_JOB_KINDS = ['notice', 'updated', 'eventCancelled'] as const
export type EventMailJobKind = (typeof EVENT_MAIL_JOB_KINDS)[number]

/**
 * What receiving servers reported after accepting a mail: a hard or soft bounce (a DSN)
 * or a complaint (an abuse report), tied to the newsletter delivery or outbox message it
 * concerns (found from the VERP return path) and its person. `event_key` makes a report
 * that arrives twice (or a replayed webhook call) count once.
 */
export const mailEvents = sqliteTable(
  'mail_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventKey: text('event_key').notNull(),
    kind: text('kind', { enum: MAIL_EVENT_KINDS }).notNull(),
    source: text('source', { enum: MAIL_EVENT_SOURCES }).notNull(),
    personId: integer('person_id').references(() => people.id, { onDelete: 'cascade' }),
    deliveryId: integer('delivery_id').references(() => deliveries.id, { onDelete: 'set null' }),
    newsletterId: integer('newsletter_id').references(() => newsletters.id, { onDelete: 'set null' }),
    outboxId: integer('outbox_id'),
    /** The enhanced status code (5.1.1) or feedback type (abuse), and the server's words. */
    status: text('status'),
    detail: text('detail'),
    occurredAt: instant('occurred_at').notNull(),
  },
  (t) => [
    oneOf('mail_events', t.kind, MAIL_EVENT_KINDS),
    oneOf('mail_events', t.source, MAIL_EVENT_SOURCES),
    uniqueIndex('mail_events_key_unique').on(t.eventKey),
    index('mail_events_person_idx').on(t.personId, t.occurredAt),
    index('mail_events_newsletter_idx').on(t.newsletterId),
  ],
)

/**
 * Mail to every registrant of a moved or cancelled event, queued as one row inside the
 * change's transaction and rendered by the worker a batch at a time (so the change holds
 * the write lock for milliseconds, whatever the number of registrants). The worker walks
 * the registrations in id order up to `lastRegistrationId` (who was registered at the
 * change), remembering where it is in `cursor`; each mail's outbox key makes a retried
 * batch send nothing twice. A newer job for the same event supersedes an unfinished one.
 */
export const eventMailJobs = sqliteTable(
  'event_mail_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: EVENT_MAIL_JOB_KINDS }).notNull(),
    /** The event's calendar sequence the mails announce (part of each mail's key). */
    sequence: integer('sequence').notNull(),
    /** Who is written to: confirmed registrants, or the waitlist as well (a cancellation). */
    withWaitlist: integer('with_waitlist', { mode: 'boolean' }).notNull().default(false),
    previousStartsAt: instant('previous_starts_at'),
    previousEndsAt: instant('previous_ends_at'),
    lastRegistrationId: integer('last_registration_id').notNull(),
    cursor: integer('cursor').notNull().default(0),
    queued: integer('queued').notNull().default(0),
    createdAt: createdAt(),
    doneAt: instant('done_at'),
  },
  (t) => [
    oneOf('event_mail_jobs', t.kind, EVENT_MAIL_JOB_KINDS),
    index('event_mail_jobs_pending_idx').on(t.doneAt, t.id),
  ],
)

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** One logical message, e.g. `password-reset:42:abc`, `confirm:reg:7:seq:2`: enqueueing twice is a no-op. */
    uniqueKey: text('unique_key').notNull(),
    kind: text('kind').notNull(),
    personId: integer('person_id').references(() => people.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    attachments: text('attachments', { mode: 'json' }).$type<OutboxAttachment[]>(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lockedUntil: instant('locked_until'),
    lastError: text('last_error'),
    messageId: text('message_id').notNull(),
    /**
     * Mails a stranger can cause (sign-up, reset, sign-in links) share a quota per address, e.g.
     * `account:someone@example.org`: a few an hour; beyond that the newest is held until there is room and
     * replaces the one held before it (`outbox.server.ts`, `takeQuotaSlot`).
     */
    quotaKey: text('quota_key'),
    /** When the mail takes its place in the quota: when it was queued, or when a held one is released. */
    quotaAt: instant('quota_at'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    oneOf('outbox', t.language, LANGUAGES),
    oneOf('outbox', t.status, OUTBOX_STATUSES),
    uniqueIndex('outbox_unique_key_unique').on(t.uniqueKey),
    index('outbox_status_next_idx').on(t.status, t.nextAttemptAt),
    index('outbox_created_idx').on(t.createdAt),
    index('outbox_quota_idx')
      .on(t.quotaKey, t.quotaAt)
      .where(sql`${t.quotaKey} is not null`),
    index('outbox_person_idx').on(t.personId),
  ],
)

/**
 * The shared trilingual glossary of acronyms and terms (ALAC, RALO, gTLD…): its expansion
 * and definition per language (English required, the others fall back to it). The first
 * occurrence of a term in a newsletter, an agenda or a statement is marked as an
 * abbreviation with the expansion in the reader's language.
 */
export const glossaryTerms = sqliteTable(
  'glossary_terms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** As written in texts, case included (gTLD, WHOIS). */
    term: text('term').notNull(),
    expansion: text('expansion', { mode: 'json' }).$type<LocalisedText>().notNull(),
    definition: text('definition', { mode: 'json' }).$type<LocalisedText>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('glossary_terms_term_unique').on(sql`lower(${t.term})`)],
)

/**
 * A person who interprets: the language pairs they work in (`en>fr` one way, `en<>fr` both
 * ways), their provider or agency, and staff notes. They are assigned to events' booths.
 */
export const interpreters = sqliteTable('interpreters', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  pairs: text('pairs', { mode: 'json' }).$type<string[]>().notNull(),
  provider: text('provider').notNull().default(''),
  notes: text('notes').notNull().default(''),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

/** An interpreter in an event's booth (the booth of a channel language; usually two per booth). */
export const interpreterAssignments = sqliteTable(
  'interpreter_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => interpreters.personId, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('interpreter_assignments', t.language, LANGUAGES),
    uniqueIndex('interpreter_assignments_unique').on(t.eventId, t.language, t.personId),
    index('interpreter_assignments_person_idx').on(t.personId),
  ],
)

/** What one interpreter was mailed for an event: the first pack, then an update per change. */
export const prepPackSends = sqliteTable(
  'prep_pack_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['pack', 'update'] }).notNull(),
    /** The pack's contents when sent: flagged materials, speakers, glossary terms, agenda. */
    contents: text('contents', { mode: 'json' }).$type<PrepPackContents>().notNull(),
    fingerprint: text('fingerprint').notNull(),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [
    check('prep_pack_sends_kind_check', sql`${t.kind} in ('pack', 'update')`),
    index('prep_pack_sends_event_person_idx').on(t.eventId, t.personId, t.sentAt),
    index('prep_pack_sends_person_idx').on(t.personId),
  ],
)

export type PrepPackContents = {
  materials: { id: number; kind: string; language: Language; title: string; url: string }[]
  speakers: string[]
  terms: string[]
  /** A hash of the agenda's texts ('' when there is none), to tell an update changed it. */
  agenda: string
}

/** Staff's decision on a booth before the event: confirmed, or cancelled (its registrants are told). */
export const boothDecisions = sqliteTable(
  'booth_decisions',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    decision: text('decision', { enum: ['confirmed', 'cancelled'] }).notNull(),
    note: text('note').notNull().default(''),
    decidedById: integer('decided_by_id').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: instant('decided_at').notNull(),
  },
  (t) => [
    oneOf('booth_decisions', t.language, LANGUAGES),
    check('booth_decisions_decision_check', sql`${t.decision} in ('confirmed', 'cancelled')`),
    primaryKey({ columns: [t.eventId, t.language] }),
  ],
)

/** A WebVTT caption file for an event's recording, one per language, validated on upload. */
export const captionTracks = sqliteTable(
  'caption_tracks',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    language: text('language', { enum: LANGUAGES }).notNull(),
    vtt: text('vtt').notNull(),
    cueCount: integer('cue_count').notNull(),
    /** The cues as plain text with their start, kept at upload so pages need not parse the file. */
    transcript: text('transcript', { mode: 'json' })
      .$type<{ start: number; text: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    updatedAt: updatedAt(),
  },
  (t) => [oneOf('caption_tracks', t.language, LANGUAGES), primaryKey({ columns: [t.eventId, t.language] })],
)

/**
 * What /healthz writes to know the database really takes writes (a committed row that
 * needs a fresh page, then the older rows deleted): a rolled-back probe cannot see a full
 * disk. At most a couple of rows.
 */
export const healthProbes = sqliteTable('health_probes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: instant('at').notNull(),
  pad: blob('pad', { mode: 'buffer' }),
})
