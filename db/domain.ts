/** Domain vocabulary (docs/glossary.md), free of any database import so the browser bundle can use it. */

export const LANGUAGES = ['en', 'fr', 'es'] as const
export type Language = (typeof LANGUAGES)[number]
export const REGION_CODES = ['AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'] as const
export type RegionCode = (typeof REGION_CODES)[number]
export const MEMBER_TYPES = ['als_representative', 'individual_member', 'alac_member', 'guest'] as const
export type MemberType = (typeof MEMBER_TYPES)[number]
/** `ralo_leader` is held for one region (person_roles.region_code): it records that RALO's advice. */
export const ROLES = ['staff', 'analyst', 'ralo_leader'] as const
export type Role = (typeof ROLES)[number]
/**
 * Where an At-Large Structure is in its accreditation (decision 014): an application goes
 * through due diligence, the RALO's advice and the ALAC's decision; an accredited structure
 * may be reviewed against the expectations, may withdraw, or be decertified.
 */
export const ACCREDITATION_STATUSES = [
  'applied',
  'due_diligence',
  'ralo_advice',
  'alac_decision',
  'accredited',
  'under_review',
  'rejected',
  'withdrawn',
  'decertified',
] as const
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number]
/** What one dated entry of a structure's history records (its resulting status is beside it). */
export const ACCREDITATION_STEPS = [
  'applied',
  'diligence_started',
  'diligence_done',
  'ralo_advice',
  'accredited',
  'rejected',
  'review_opened',
  'review_passed',
  'withdrawn',
  'decertified',
] as const
export type AccreditationStep = (typeof ACCREDITATION_STEPS)[number]
export const RALO_ADVICE = ['support', 'oppose', 'no_view'] as const
/**
 * What an accredited structure is expected to do, counted from what the app already
 * records: its people attended at least N RALO or working-group meetings, answered a
 * survey, and its contact confirmed its details, each within the last M months.
 */
export const EXPECTATION_KINDS = ['meetings', 'survey', 'confirmed'] as const
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number]
export type RaloAdvice = (typeof RALO_ADVICE)[number]
/**
 * An application for individual membership of a RALO (decision 015): pending until the
 * RALO's leader or staff decide (or at once, where the RALO asks no approval), or
 * withdrawn by the applicant.
 */
export const MEMBERSHIP_STATUSES = ['pending', 'approved', 'declined', 'withdrawn'] as const
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number]
/**
 * A person's request to be linked to an accredited structure as its representative: pending
 * until the structure's contact (by a mailed link) or staff confirm or decline it, or the
 * person withdraws it. Only a confirmed request sets `people.structure_id`.
 */
export const AFFILIATION_STATUSES = ['pending', 'confirmed', 'declined', 'withdrawn'] as const
export type AffiliationStatus = (typeof AFFILIATION_STATUSES)[number]
/** Where a request was made: at sign-up, on the profile, or by the migration of a link nobody had confirmed. */
export const AFFILIATION_SOURCES = ['signup', 'profile', 'migration'] as const
export type AffiliationSource = (typeof AFFILIATION_SOURCES)[number]
/** Who decided a request: the structure's contact (through the mailed link) or staff. */
export const AFFILIATION_DECIDERS = ['contact', 'staff'] as const
export type AffiliationDecider = (typeof AFFILIATION_DECIDERS)[number]
/** A summit's programme items are `session`s (with a parent summit); `meeting` is a working-group meeting. */
export const EVENT_KINDS = ['webinar', 'summit', 'session', 'meeting'] as const
export const EVENT_STATUSES = ['scheduled', 'cancelled', 'completed'] as const
/** What a summit's session is (events.session_type, only on sessions). */
export const SESSION_TYPES = ['plenary', 'working_group', 'social'] as const
export type SessionType = (typeof SESSION_TYPES)[number]
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const
export const MATERIAL_KINDS = ['slides', 'recording', 'transcript'] as const
export const PARTICIPATION_STATUSES = ['nominated', 'confirmed', 'declined', 'withdrawn'] as const
export const FUNDING_DECISIONS = ['pending', 'funded', 'self_funded', 'not_funded'] as const
export const REPORT_STATUSES = ['drafting', 'submitted', 'public_comment', 'adopted'] as const
export const NEWSLETTER_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent'] as const
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const
export const QUESTION_KINDS = [
  'single',
  'multiple',
  'likert',
  'rating',
  'nps',
  'number',
  'short_text',
  'long_text',
] as const
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const
/** `signin`: a single-use link that signs a person in without their password (a few minutes). */
export const EMAIL_TOKEN_PURPOSES = ['signup', 'invite', 'signin'] as const
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number]
/** Who may answer an open-link survey (surveys.open_access). */
export const OPEN_ACCESS = ['signed_in', 'anyone'] as const
export type OpenAccess = (typeof OPEN_ACCESS)[number]

/** A localised label: English is required, French and Spanish optional. */
export type LocalisedText = { en: string; fr?: string; es?: string }

/** Topic tags for policy statements (more can be added per statement). */
export const POLICY_TOPICS = ['DNS', 'WHOIS/GDPR', 'IDNs', 'New gTLDs', 'Multistakeholder model'] as const

/** What a participation record says a person did (participation_records.kind). */
export const RECORD_KINDS = [
  'webinar_registered',
  'webinar_attended',
  'summit_attended',
  'working_group_member',
  'working_group_meeting_attended',
  'drafting_volunteer',
  'statement_penholder',
  'survey_completed',
] as const

/** What an audience selects (audiences.criteria): every list given narrows it. */
export type AudienceCriteria = {
  eventIds?: number[]
  regionCodes?: RegionCode[]
  memberTypes?: MemberType[]
  structureIds?: number[]
  languages?: Language[]
  /** Current members of these working groups (at the moment the newsletter is sent). */
  workingGroupIds?: number[]
  /** The current chairs and vice-chairs of every group. */
  groupChairs?: boolean
}

/** Enums that used to be written inline in the schema. */
/** thematic: a summit's group; standing: a permanent group (CPWG, OFB-WG); working_party: a group with an end date. */
/** An action item: open until done, or dropped when no longer needed. */
export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const
export const WORKING_GROUP_KINDS = ['thematic', 'standing', 'working_party'] as const
/** Roles in a group; rapporteur is for a summit's thematic groups. */
export const WORKING_GROUP_ROLES = ['chair', 'vice_chair', 'member', 'observer', 'staff_support', 'rapporteur'] as const
/** What a policy statement is: ALAC advice, a response to a public comment proceeding, correspondence, other. */
export const STATEMENT_KINDS = ['advice', 'public_comment', 'correspondence', 'other'] as const
export type StatementKind = (typeof STATEMENT_KINDS)[number]
/** A statement's way from the call for volunteers to submission (or withdrawal). */
export const STATEMENT_STAGES = [
  'call_for_volunteers',
  'drafting',
  'comment_period',
  'alac_vote',
  'submitted',
  'withdrawn',
] as const
export type StatementStage = (typeof STATEMENT_STAGES)[number]
export const CONTRIBUTOR_ROLES = ['penholder', 'drafting_volunteer'] as const
export const SURVEY_MODES = ['invitation', 'open'] as const
export const RESPONSE_STATUSES = ['in_progress', 'completed'] as const
/** What a receiving server reported after accepting a mail, and how the report reached us. */
export const MAIL_EVENT_KINDS = ['hard_bounce', 'soft_bounce', 'complaint'] as const
export type MailEventKind = (typeof MAIL_EVENT_KINDS)[number]
export const MAIL_EVENT_SOURCES = ['smtp', 'webhook'] as const
/** What a tracker history line records: a milestone added, or one of its fields changed. */
export const MILESTONE_FIELDS = ['created', 'percent_complete', 'proposed_end_date', 'notes', 'held_over'] as const
/** A recommendation's way: proposed → accepted → in progress → implemented, or rejected (with a reason). */
export const RECOMMENDATION_STATUSES = ['proposed', 'accepted', 'in_progress', 'implemented', 'rejected'] as const
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number]
/** Where a recommendation comes from: a summit's thematic group report, a survey analysis, a review item. */
export const RECOMMENDATION_SOURCES = ['summit_group', 'survey', 'review_item'] as const
export type RecommendationSource = (typeof RECOMMENDATION_SOURCES)[number]

/** What a person agreed to (consents.kind): the privacy notice at sign-up, newsletters. */
export const CONSENT_KINDS = ['privacy', 'newsletter'] as const
export type ConsentKind = (typeof CONSENT_KINDS)[number]
/** The privacy notice's current wording version; a change of wording gets a new version. */
export const PRIVACY_NOTICE_VERSION = '2026-11'
/** How an import treats people who already exist: fill their empty fields only, or overwrite. */
export const IMPORT_MODES = ['fill_empty', 'overwrite'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]
/** What an import did, kept with its batch (and downloadable as CSV); the skipped rows themselves are in
 * `import_skipped_rows`. */
export type ImportReport = {
  created: number
  updated: number
  unchanged: number
  skipped: number
}
/** What an import did with a row it did not skip (its line is kept in `import_rows`). */
export const IMPORT_ROW_OUTCOMES = ['create', 'update', 'unchanged'] as const
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number]
/**
 * What staff chose in the preview for the people an import creates: a member type, a structure (by id) and
 * topic lists to subscribe them to. A column of the file wins over the choice for its row.
 */
export type ImportOptions = { memberType?: MemberType | null; structureId?: number | null; listIds?: number[] }
/** Long directory work the worker does a slice at a time: an import, or the undo of one. */
export const IMPORT_JOB_KINDS = ['import', 'undo'] as const
export type ImportJobKind = (typeof IMPORT_JOB_KINDS)[number]
export const IMPORT_JOB_STATES = ['queued', 'running', 'done', 'stopped'] as const
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number]
/** An undo's counts: people deleted, people whose changed fields were put back, people kept because used. */
export type ImportJobResult = { deleted?: number; restored?: number; kept?: number }

/** A person's account in the directory: the first that applies of deactivated, bounced, unsubscribed, invited,
 * active. */
export const ACCOUNT_STATES = ['active', 'invited', 'deactivated', 'bounced', 'unsubscribed'] as const
export type AccountState = (typeof ACCOUNT_STATES)[number]
export const DIRECTORY_SORTS = ['name', '-name', 'email', 'created', '-created'] as const
export type DirectorySort = (typeof DIRECTORY_SORTS)[number]
export type DirectoryFilters = {
  q?: string | null
  regionCode?: RegionCode | null
  structureId?: number | null
  memberType?: MemberType | null
  role?: Role | null
  language?: Language | null
  state?: AccountState | null
  /** Took part in something (any participation record) in the last N months. */
  activeMonths?: number | null
}
