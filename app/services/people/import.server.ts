/**
 * Importing a contact list into the directory. An upload is kept (a day at most) while
 * staff map its columns, look at the preview and fix rows; the import then creates new
 * people and updates existing ones (matched by email, whatever its case), row by row:
 * a row with a problem is skipped with its reasons, never half-written, never aborting
 * the rest. The import itself is a job the worker carries out a slice at a time
 * (import-jobs.server.ts); batches, their reports and undo are in import-batches.server.ts.
 */
import crypto from 'node:crypto'

import type { Statement } from 'better-sqlite3'
import { and, asc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import { personSearchText } from '#db/fold'
import {
  importBatches,
  importJobs,
  importMappings,
  type ImportMode,
  type ImportOptions,
  type ImportReport,
  importUploads,
  type Language,
  LANGUAGES,
  mailingLists,
  MEMBER_TYPES,
  type MemberType,
  people,
  REGION_CODES,
  type RegionCode,
  structures,
} from '#db/schema'
import { resources } from '~/i18n.resources.server'
import { fixedT } from '~/i18n.server'
import { loc } from '~/lib/localised'
import {
  IMPORT_FIELDS,
  type ImportField,
  type ImportProblem,
  type Mapping,
  type MappingProblem,
} from '~/lib/person-import'
import { yieldToLoop } from '~/lib/slices.server'
import { EmailSchema, NameSchema, OptionalPhoneSchema } from '~/lib/validation'

import type { ActorCtx } from '../context'
import { normaliseEmail } from '../people.server'
import { readTable, type Table } from './import-file.server'

const UPLOAD_LIFETIME_MS = 24 * 3600_000

// ─── Column mapping ───────────────────────────────────────────────────────

/** Header words (folded) that name a field, in English, French and Spanish. */
const HEADER_WORDS: Record<ImportField, string[]> = {
  email: [
    'email',
    'e-mail',
    'mail',
    'email address',
    'courriel',
    'adresse e-mail',
    'adresse electronique',
    'correo',
    'correo electronico',
  ],
  name: ['full name', 'nom complet', 'nombre completo', 'nom et prenom', 'participant', 'participante'],
  givenName: ['first name', 'given name', 'prenom', 'first', 'nombre de pila', 'nombres'],
  familyName: ['last name', 'family name', 'surname', 'nom de famille', 'apellido', 'apellidos', 'last'],
  preferredLanguage: ['language', 'preferred language', 'langue', 'langue preferee', 'idioma', 'lengua'],
  timeZone: ['time zone', 'timezone', 'zone', 'fuseau horaire', 'fuseau', 'zona horaria'],
  regionCode: ['region', 'ralo', 'regional at-large organisation'],
  structure: ['structure', 'als', 'organisation', 'organization', 'organizacion', 'at-large structure'],
  memberType: ['member type', 'type', 'membership', 'type de membre', 'tipo de miembro', 'tipo'],
  phone: ['phone', 'telephone', 'mobile', 'tel', 'telefono', 'movil', 'portable'],
}

const headerWord = (h: string) =>
  fold(h)
    .replace(/[_.:*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/** The key a file layout is remembered by: its header row, folded. */
export function headerKey(header: string[]): string {
  return header.map(headerWord).join('|')
}

/**
 * Header words whose meaning depends on the columns beside them: alone, "Nom" (French), "Nombre"
 * (Spanish) and "Name" are the whole name; beside a first-name column they are the family name, and
 * beside a family-name column ("Apellidos") the first name.
 */
const NAME_WORDS = ['name', 'nom', 'nombre']

/** A first mapping from the header's words, read as a whole; a column nothing matches is ignored. */
export function guessMapping(header: string[]): Mapping {
  const used = new Set<ImportField>()
  const mapping: Mapping = header.map((h) => {
    const word = headerWord(h)
    const field = IMPORT_FIELDS.find((f) => !used.has(f) && HEADER_WORDS[f].includes(word))
    if (field) used.add(field)
    return field ?? null
  })
  header.forEach((h, i) => {
    if (mapping[i] !== null || !NAME_WORDS.includes(headerWord(h))) return
    const field: ImportField = used.has('givenName') ? 'familyName' : used.has('familyName') ? 'givenName' : 'name'
    // Beside a "Full name" column, or a second such column: left for staff to choose.
    if (used.has(field) || (field !== 'name' && used.has('name'))) return
    mapping[i] = field
    used.add(field)
  })
  return mapping
}

/** What is wrong with a mapping: the email column is required, and a field fills one column at most. */
export function mappingProblem(mapping: Mapping): MappingProblem | null {
  if (!mapping.includes('email')) return 'noEmailColumn'
  const fields = mapping.filter((f): f is ImportField => f !== null)
  if (new Set(fields).size !== fields.length) return 'mappedTwice'
  if (mapping.includes('name') && (mapping.includes('givenName') || mapping.includes('familyName'))) {
    return 'mappedTwice'
  }
  return null
}

// ─── Reading values ───────────────────────────────────────────────────────

export type Lookups = {
  languages: Map<string, Language>
  regions: Map<string, RegionCode>
  memberTypes: Map<string, MemberType>
  structures: Map<string, { id: number; regionCode: RegionCode }>
}

/** The words a value may use for a language, a region or a member type: codes and labels in every language. */
export function lookups(db: Pick<DB, 'select'>): Lookups {
  const languages = new Map<string, Language>()
  const regions = new Map<string, RegionCode>()
  const memberTypes = new Map<string, MemberType>()
  const otherNames: Record<Language, string[]> = {
    en: ['english', 'anglais', 'ingles'],
    fr: ['french', 'francais', 'frances'],
    es: ['spanish', 'espagnol', 'espanol', 'castellano'],
  }
  for (const l of LANGUAGES) {
    languages.set(l, l)
    for (const name of otherNames[l]) languages.set(name, l)
  }
  for (const lang of LANGUAGES) {
    const common = resources[lang].common
    for (const l of LANGUAGES) languages.set(fold(common.language.names[l]), l)
    for (const r of REGION_CODES) {
      const label = common.regions[r]
      regions.set(fold(label), r)
      regions.set(fold(label.split(' – ')[1] ?? label), r)
    }
    for (const m of MEMBER_TYPES) memberTypes.set(fold(common.memberTypes[m]), m)
  }
  for (const r of REGION_CODES) regions.set(fold(r), r)
  for (const m of MEMBER_TYPES) {
    memberTypes.set(m, m)
    memberTypes.set(m.replace(/_/g, ' '), m)
  }
  const structureMap = new Map<string, { id: number; regionCode: RegionCode }>()
  for (const s of db
    .select({ id: structures.id, name: structures.name, regionCode: structures.regionCode })
    .from(structures)
    .all()) {
    structureMap.set(fold(s.name), s)
    structureMap.set(String(s.id), s)
  }
  return { languages, regions, memberTypes, structures: structureMap }
}

/** An IANA zone's canonical spelling, whatever the case it was typed in; null when there is no such zone. */
function canonicalZone(value: string): string | null {
  if (/^(utc|gmt|z)$/i.test(value)) return 'UTC'
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(value)) return null
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

/** The fields a row sets (empty cells set nothing) and what is wrong with it. */
export type RowFields = Partial<{
  email: string
  name: string
  preferredLanguage: Language
  timeZone: string
  regionCode: RegionCode
  structureId: number
  memberType: MemberType
  phone: string
}>

export function readRow(values: Partial<Record<ImportField, string>>, look: Lookups) {
  const problems: ImportProblem[] = []
  const fields: RowFields = {}
  const v = (f: ImportField) => (values[f] ?? '').trim()
  if (!v('email')) problems.push('noEmail')
  else {
    const email = EmailSchema.safeParse(v('email'))
    if (email.success) fields.email = normaliseEmail(email.data)
    else problems.push('badEmail')
  }
  const name = v('name') || [v('givenName'), v('familyName')].filter(Boolean).join(' ')
  if (name) {
    const parsed = NameSchema.safeParse(name)
    if (parsed.success) fields.name = parsed.data
    else problems.push('badName')
  }
  const word = (f: ImportField) => fold(v(f)).trim()
  if (v('preferredLanguage')) {
    const l = look.languages.get(word('preferredLanguage'))
    if (l) fields.preferredLanguage = l
    else problems.push('unknownLanguage')
  }
  if (v('timeZone')) {
    const z = canonicalZone(v('timeZone'))
    if (z) fields.timeZone = z
    else problems.push('unknownZone')
  }
  if (v('regionCode')) {
    const r = look.regions.get(word('regionCode'))
    if (r) fields.regionCode = r
    else problems.push('unknownRegion')
  }
  if (v('structure')) {
    const s = look.structures.get(word('structure'))
    if (s) {
      fields.structureId = s.id
      fields.regionCode ??= s.regionCode
    } else problems.push('unknownStructure')
  }
  if (v('memberType')) {
    const m = look.memberTypes.get(word('memberType'))
    if (m) fields.memberType = m
    else problems.push('unknownMemberType')
  }
  if (v('phone')) {
    const p = OptionalPhoneSchema.safeParse(v('phone'))
    if (p.success && p.data) fields.phone = p.data
    else problems.push('badPhone')
  }
  return { fields, problems }
}

// ─── Planning ─────────────────────────────────────────────────────────────

/** A person as the import compares and restores them (a raw read). */
export type Existing = {
  id: number
  email: string
  name: string
  preferredLanguage: Language
  timeZone: string
  regionCode: RegionCode | null
  structureId: number | null
  memberType: MemberType
  phone: string | null
  /** Only whether it is set matters here (a raw read: milliseconds, not a Date). */
  erasedAt: number | null
}

export type PlannedRow = {
  line: number
  values: Partial<Record<ImportField, string>>
  email: string
  action: 'create' | 'update' | 'unchanged' | 'skip'
  problems: ImportProblem[]
  personId: number | null
  fields: RowFields
  /** For an update: each changed field's value before and after. */
  changes: Record<string, { from: unknown; to: unknown }>
  /** Whether a staff member corrected this row in the preview. */
  fixed: boolean
}

export type PlanInput = {
  mapping: Mapping
  mode: ImportMode
  fixes: Record<string, Record<string, string>>
}

// ─── Whole-file choices ───────────────────────────────────────────────────

/** Structures a whole file may be given: accredited ones (also while under review). */
const CHOOSABLE_STRUCTURES = ['accredited', 'under_review'] as const

/** What the preview offers for the whole file's new people: member types, accredited structures, topic lists. */
export function importChoices(db: Pick<DB, 'select'>, language: Language) {
  return {
    structures: db
      .select({ id: structures.id, name: structures.name, regionCode: structures.regionCode })
      .from(structures)
      .where(inArray(structures.accreditationStatus, [...CHOOSABLE_STRUCTURES]))
      .orderBy(structures.regionCode, structures.name)
      .all(),
    lists: db
      .select({ id: mailingLists.id, name: mailingLists.name })
      .from(mailingLists)
      .orderBy(asc(mailingLists.position), asc(mailingLists.id))
      .all()
      .map((l) => ({ id: l.id, name: loc(l.name, language) })),
  }
}

/**
 * The whole-file choices as they can be used: a member type the app knows, an accredited structure,
 * lists that exist (anything else is dropped). Null when something asked for does not exist.
 */
export function cleanOptions(
  db: Pick<DB, 'select'>,
  raw: { memberType: string; structureId: number | null; listIds: number[] },
): ImportOptions | null {
  const options: ImportOptions = {}
  if (raw.memberType) {
    const m = MEMBER_TYPES.find((x) => x === raw.memberType)
    if (!m) return null
    options.memberType = m
  }
  if (raw.structureId !== null) {
    const found = db
      .select({ id: structures.id })
      .from(structures)
      .where(
        and(eq(structures.id, raw.structureId), inArray(structures.accreditationStatus, [...CHOOSABLE_STRUCTURES])),
      )
      .get()
    if (!found) return null
    options.structureId = found.id
  }
  const ids = [...new Set(raw.listIds)]
  if (ids.length) {
    const known = db.select({ id: mailingLists.id }).from(mailingLists).where(inArray(mailingLists.id, ids)).all()
    if (known.length !== ids.length) return null
    options.listIds = known.map((l) => l.id).sort((a, b) => a - b)
  }
  return options
}

/**
 * What an import writes for the whole file's choices: the structure's region (a new person of a
 * structure is in its region), and each list's consent wording in each language (a subscription
 * made by an import says so, in the person's language).
 */
export function optionsPlan(db: Pick<DB, 'select'>, options: ImportOptions, filename: string) {
  const structure =
    options.structureId != null
      ? db
          .select({ id: structures.id, regionCode: structures.regionCode })
          .from(structures)
          .where(eq(structures.id, options.structureId))
          .get()
      : undefined
  const lists = options.listIds?.length
    ? db.select().from(mailingLists).where(inArray(mailingLists.id, options.listIds)).all()
    : []
  const wordings = lists.flatMap((l) =>
    LANGUAGES.map((language) => ({
      listId: l.id,
      language,
      wording: fixedT(language, 'newsletters')('preferences.importWording', {
        name: loc(l.name, language),
        description: loc(l.description, language),
        file: filename,
        interpolation: { escapeValue: false },
      }),
    })),
  )
  return {
    memberType: options.memberType ?? null,
    structureId: structure?.id ?? null,
    regionCode: structure?.regionCode ?? null,
    wordings,
  }
}
export type OptionsPlan = ReturnType<typeof optionsPlan>

function existingByEmail(db: Pick<DB, '$client'>, emails: string[]): Map<string, Existing> {
  const found = new Map<string, Existing>()
  if (emails.length === 0) return found
  // One statement for the slice's addresses (a JSON array), through the index on lower(email).
  const rows = db.$client
    .prepare(
      `select id, email, name, preferred_language as preferredLanguage, time_zone as timeZone,
              region_code as regionCode, structure_id as structureId, member_type as memberType, phone,
              erased_at as erasedAt
       from people where lower(email) in (select value from json_each(?))`,
    )
    .all(JSON.stringify(emails)) as Existing[]
  for (const r of rows) found.set(r.email.toLowerCase(), r)
  return found
}

export const UPDATABLE = [
  'name',
  'preferredLanguage',
  'timeZone',
  'regionCode',
  'structureId',
  'memberType',
  'phone',
] as const

export type ReadRow = ReturnType<typeof readSlice>[number]

/** A slice of the file's rows read into fields, with the fixes typed in the preview (no database). */
export function readSlice(rows: Table['rows'], input: PlanInput, look: Lookups) {
  return rows.map((row) => {
    const values: Partial<Record<ImportField, string>> = {}
    input.mapping.forEach((field, i) => {
      if (field) values[field] = row.cells[i] ?? ''
    })
    const fix = input.fixes[String(row.line)]
    if (fix) for (const [k, val] of Object.entries(fix)) values[k as ImportField] = val
    return { line: row.line, values, fixed: Boolean(fix), ...readRow(values, look) }
  })
}

/**
 * Decides what each row of a read slice does, against the people that exist now. `seen`
 * holds the emails met earlier in the file; the slice's own emails are added to `met`
 * (the caller adds them to `seen` once the slice is written, so a slice tried again after a
 * failure does not take its own rows for duplicates).
 */
export function decideSlice(
  db: Pick<DB, '$client'>,
  read: ReadRow[],
  input: Pick<PlanInput, 'mode'>,
  seen: ReadonlySet<string>,
  met: Set<string> = new Set(),
): PlannedRow[] {
  const existing = existingByEmail(
    db,
    read.flatMap((r) => (r.fields.email ? [r.fields.email] : [])),
  )
  return read.map((r): PlannedRow => {
    const email = r.fields.email ?? (r.values.email ?? '').trim()
    const base = { line: r.line, values: r.values, email, fields: r.fields, fixed: r.fixed, changes: {} }
    const problems = [...r.problems]
    if (r.fields.email) {
      if (seen.has(r.fields.email) || met.has(r.fields.email)) problems.push('duplicateInFile')
      met.add(r.fields.email)
    }
    const person = r.fields.email ? existing.get(r.fields.email) : undefined
    if (person?.erasedAt) problems.push('erased')
    if (!person && !r.fields.name && !problems.includes('badName')) problems.push('noName')
    if (problems.length) return { ...base, action: 'skip', problems, personId: person?.id ?? null }
    if (!person) return { ...base, action: 'create', problems, personId: null }
    const changes: PlannedRow['changes'] = {}
    for (const f of UPDATABLE) {
      const next = r.fields[f]
      if (next === undefined) continue
      const current = person[f]
      const empty = current === null || current === ''
      if (next !== current && (input.mode === 'overwrite' || empty)) changes[f] = { from: current, to: next }
    }
    return {
      ...base,
      changes,
      action: Object.keys(changes).length ? 'update' : 'unchanged',
      problems,
      personId: person.id,
    }
  })
}

export type PlanSummary = { create: number; update: number; unchanged: number; skip: number }

/** Rows planned at a time by the preview (each slice a few milliseconds; the loop gets a turn between them). */
const PREVIEW_SLICE = 500

/**
 * What an import would do, without writing anything (the preview): the count of each
 * outcome, the first rows as they will be imported and the first rows with problems. A
 * slice of rows at a time, giving the event loop a turn between slices, so a file of
 * 200,000 rows never holds other requests up.
 */
export async function planImport(
  db: Pick<DB, 'select' | '$client'>,
  input: PlanInput & { table: Table },
  { firstRows = 10, problemRows = 50 }: { firstRows?: number; problemRows?: number } = {},
): Promise<{ summary: PlanSummary; first: PlannedRow[]; problems: PlannedRow[] }> {
  const look = lookups(db)
  const seen = new Set<string>()
  const summary: PlanSummary = { create: 0, update: 0, unchanged: 0, skip: 0 }
  const first: PlannedRow[] = []
  const problems: PlannedRow[] = []
  for (let i = 0; i < input.table.rows.length; i += PREVIEW_SLICE) {
    const read = readSlice(input.table.rows.slice(i, i + PREVIEW_SLICE), input, look)
    await yieldToLoop()
    for (const r of decideSlice(db, read, input, seen, seen)) {
      summary[r.action]++
      if (first.length < firstRows) first.push(r)
      if (r.action === 'skip' && problems.length < problemRows) problems.push(r)
    }
    await yieldToLoop()
  }
  return { summary, first, problems }
}

// ─── Uploads ──────────────────────────────────────────────────────────────

/** Uploads older than a day, except those an import waiting or under way still reads (saveUpload, housekeeping). */
export function expiredUploads(now: Date) {
  return and(
    lt(importUploads.createdAt, new Date(now.getTime() - UPLOAD_LIFETIME_MS)),
    sql`not exists (select 1 from ${importJobs} where ${importJobs.uploadId} = ${importUploads.id}
          and ${importJobs.state} in ('queued', 'running'))`,
  )
}

/** Keeps an uploaded file for the preview (and drops expired uploads). */
export function saveUpload(
  db: DB,
  { filename, content, table }: { filename: string; content: Uint8Array; table?: Table },
  { actorId, now = new Date() }: ActorCtx,
): string {
  const id = crypto.randomBytes(18).toString('base64url')
  db.delete(importUploads).where(expiredUploads(now)).run()
  db.insert(importUploads)
    .values({
      id,
      createdById: actorId,
      filename: filename.slice(0, 200),
      content: Buffer.from(content),
      header: table?.header ?? null,
      rowCount: table?.rows.length ?? null,
      createdAt: now,
    })
    .run()
  return id
}

export type Upload = typeof importUploads.$inferSelect

/**
 * An upload its owner may still change and import (another staff member's upload, an
 * expired one, or one an import is already reading is not found).
 */
export function getUpload(db: Pick<DB, 'select'>, id: string, { actorId, now = new Date() }: ActorCtx) {
  const upload = db
    .select()
    .from(importUploads)
    .where(
      and(
        eq(importUploads.id, id),
        eq(importUploads.createdById, actorId),
        sql`not exists (select 1 from ${importJobs} where ${importJobs.uploadId} = ${importUploads.id})`,
      ),
    )
    .get()
  if (!upload || upload.createdAt.getTime() < now.getTime() - UPLOAD_LIFETIME_MS) return null
  return upload
}

/** The import reading this upload, if one was started from it (its page shows the progress). */
export function uploadBatch(db: Pick<DB, 'select'>, id: string, { actorId }: ActorCtx): number | null {
  return (
    db
      .select({ batchId: importJobs.batchId })
      .from(importJobs)
      .where(and(eq(importJobs.uploadId, id), eq(importJobs.kind, 'import'), eq(importJobs.createdById, actorId)))
      .get()?.batchId ?? null
  )
}

/** The upload's header row: kept at upload, else read from the file. */
export async function uploadHeader(upload: Upload): Promise<string[]> {
  return upload.header ?? (await readTable(upload.content)).header
}

/** The mapping to use for a header: the one chosen, else the one remembered, else a guess. */
export function chosenMapping(db: Pick<DB, 'select'>, upload: Pick<Upload, 'mapping'>, header: string[]) {
  const remembered = db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(eq(importMappings.headerKey, headerKey(header)))
    .get()?.mapping
  const fits = (m: unknown): m is Mapping =>
    Array.isArray(m) &&
    m.length === header.length &&
    m.every((f) => f === null || (IMPORT_FIELDS as readonly string[]).includes(f))
  const mapping = fits(upload.mapping) ? upload.mapping : fits(remembered) ? remembered : guessMapping(header)
  return { mapping, remembered: !fits(upload.mapping) && fits(remembered) }
}

/** The upload read as a table (a slice at a time), with the mapping to use. */
export async function openUpload(db: Pick<DB, 'select'>, upload: Upload) {
  const table = await readTable(upload.content)
  return { table, ...chosenMapping(db, upload, table.header) }
}

export function setUploadOptions(
  db: DB,
  { id, mapping, mode, options }: { id: string; mapping: Mapping; mode: ImportMode; options?: ImportOptions },
  ctx: ActorCtx,
): boolean {
  if (!getUpload(db, id, ctx)) return false
  db.update(importUploads)
    .set({ mapping, mode, ...(options ? { options } : {}) })
    .where(eq(importUploads.id, id))
    .run()
  return true
}

/** A row corrected in the preview: its values replace the file's for this import. */
export function fixRow(
  db: DB,
  { id, line, values }: { id: string; line: number; values: Partial<Record<ImportField, string>> },
  ctx: ActorCtx,
): boolean {
  return db.transaction(
    (tx) => {
      const upload = getUpload(tx, id, ctx)
      if (!upload) return false
      const clean: Record<string, string> = {}
      for (const f of IMPORT_FIELDS) if (typeof values[f] === 'string') clean[f] = values[f]!.slice(0, 500)
      tx.update(importUploads)
        .set({ fixes: { ...upload.fixes, [String(line)]: clean } })
        .where(eq(importUploads.id, id))
        .run()
      return true
    },
    { behavior: 'immediate' },
  )
}

// ─── Importing ────────────────────────────────────────────────────────────

/**
 * The import's writes, a few statements per slice rather than one per row: the
 * slice travels as one JSON array (json_each), so SQLite parses and plans each statement
 * once, and the directory's full-text index (an FTS5 table fed by triggers) flushes its
 * pending entries once per statement instead of once per person — per-row statements
 * spent most of an import's time there. Column names are fixed here; values are bound.
 */
export function importWriter(db: Pick<DB, '$client'>, choices: OptionsPlan = NO_CHOICES) {
  const insert = db.$client.prepare(`
    insert into people (email, name, password_hash, preferred_language, time_zone, region_code, structure_id,
                        member_type, phone, search_text, import_batch_id, created_at, updated_at)
    select r.value ->> '$.email', r.value ->> '$.name', null, r.value ->> '$.preferredLanguage',
           r.value ->> '$.timeZone', r.value ->> '$.regionCode', r.value ->> '$.structureId',
           r.value ->> '$.memberType', r.value ->> '$.phone', r.value ->> '$.searchText', @batchId, @now, @now
    from json_each(@rows) as r`)
  const changes = db.$client.prepare(`
    insert into import_changes (batch_id, person_id, changes)
    select @batchId, c.value ->> '$.id', c.value -> '$.changes' from json_each(@rows) as c`)
  // Each row's line, with the person it created, updated or left as it was (the report lists every row).
  const lines = db.$client.prepare(`
    insert or replace into import_rows (batch_id, line, outcome, person_id)
    select @batchId, r.value ->> '$.line', r.value ->> '$.outcome', r.value ->> '$.id' from json_each(@rows) as r`)
  const createdLines = db.$client.prepare(`
    insert or replace into import_rows (batch_id, line, outcome, person_id)
    select @batchId, r.value ->> '$.line', 'create', p.id
    from json_each(@rows) as r join people as p on lower(p.email) = r.value ->> '$.email'
    where p.import_batch_id = @batchId`)
  // The lists staff chose for the file: each new person subscribed with the wording in their language.
  const subscribe = db.$client.prepare(`
    insert into list_subscriptions (person_id, list_id, language, wording, subscribed_at, import_batch_id)
    select p.id, w.value ->> '$.listId', p.preferred_language, w.value ->> '$.wording', @now, @batchId
    from json_each(@rows) as r join people as p on lower(p.email) = r.value ->> '$.email'
    join json_each(@wordings) as w on w.value ->> '$.language' = p.preferred_language
    where p.import_batch_id = @batchId`)
  const skipped = db.$client.prepare(`
    insert or replace into import_skipped_rows (batch_id, line, email, reasons)
    select @batchId, s.value ->> '$.line', s.value ->> '$.email', s.value -> '$.reasons' from json_each(@rows) as s`)
  const setFields = fieldsWriter(db)
  return {
    create(rows: PlannedRow[], batchId: number, now: Date) {
      if (!rows.length) return
      const values = rows.map((r) => ({
        email: r.fields.email!,
        name: r.fields.name!,
        preferredLanguage: r.fields.preferredLanguage ?? 'en',
        timeZone: r.fields.timeZone ?? 'UTC',
        // A value of the row wins over the whole file's choice; the chosen structure brings its region.
        regionCode: r.fields.regionCode ?? (r.fields.structureId ? null : choices.regionCode),
        structureId: r.fields.structureId ?? choices.structureId,
        memberType: r.fields.memberType ?? choices.memberType ?? 'guest',
        phone: r.fields.phone ?? null,
        // The calendar and unsubscribe secrets are made when first needed (profile, newsletter);
        // the search text is written here so the row is written once (migration 0014).
        searchText: personSearchText(r.fields.name!, r.fields.email!),
      }))
      insert.run({ batchId, now: now.getTime(), rows: JSON.stringify(values) })
      const keys = JSON.stringify(rows.map((r) => ({ line: r.line, email: r.fields.email!.toLowerCase() })))
      createdLines.run({ batchId, rows: keys })
      if (choices.wordings.length)
        subscribe.run({ batchId, now: now.getTime(), rows: keys, wordings: JSON.stringify(choices.wordings) })
    },
    unchanged(rows: PlannedRow[], batchId: number) {
      if (!rows.length) return
      lines.run({
        batchId,
        rows: JSON.stringify(rows.map((r) => ({ line: r.line, outcome: 'unchanged', id: r.personId }))),
      })
    },
    update(rows: PlannedRow[], batchId: number, now: Date) {
      if (!rows.length) return
      setFields(
        rows.map((r) => ({
          id: r.personId!,
          email: r.fields.email!,
          values: Object.fromEntries(Object.entries(r.changes).map(([f, c]) => [f, c.to])),
        })),
        now,
      )
      changes.run({ batchId, rows: JSON.stringify(rows.map((r) => ({ id: r.personId!, changes: r.changes }))) })
      lines.run({
        batchId,
        rows: JSON.stringify(rows.map((r) => ({ line: r.line, outcome: 'update', id: r.personId }))),
      })
    },
    skip(rows: PlannedRow[], batchId: number) {
      if (!rows.length) return
      skipped.run({
        batchId,
        rows: JSON.stringify(rows.map((r) => ({ line: r.line, email: r.email, reasons: r.problems }))),
      })
    },
  }
}

const NO_CHOICES: OptionsPlan = { memberType: null, structureId: null, regionCode: null, wordings: [] }

/**
 * Sets some of the updatable fields on many people, one statement per set of changed
 * columns (prepared once): the people that change the same fields are written together.
 * A new name comes with its search text, so the trigger need not rewrite the row (migration 0014).
 */
export function fieldsWriter(db: Pick<DB, '$client'>) {
  const statements = new Map<string, Statement>()
  const statement = (fields: (typeof UPDATABLE)[number][]) => {
    const key = fields.join(',')
    let found = statements.get(key)
    if (!found) {
      const set = fields.map((f) => `"${getTableColumns(people)[f].name}" = c.value ->> '$.${f}'`)
      if (fields.includes('name')) set.push(`search_text = c.value ->> '$.searchText'`)
      found = db.$client.prepare(`
        update people set ${set.join(', ')}, updated_at = @now
        from json_each(@rows) as c where people.id = c.value ->> '$.id'`)
      statements.set(key, found)
    }
    return found
  }
  return (rows: { id: number; email: string; values: Record<string, unknown> }[], now: Date) => {
    const byFields = new Map<string, { fields: (typeof UPDATABLE)[number][]; values: object[] }>()
    for (const r of rows) {
      const fields = UPDATABLE.filter((f) => f in r.values)
      if (!fields.length) continue
      const key = fields.join(',')
      const group = byFields.get(key) ?? byFields.set(key, { fields, values: [] }).get(key)!
      const searchText = 'name' in r.values ? personSearchText(r.values.name as string, r.email) : null
      group.values.push({ id: r.id, ...r.values, searchText })
    }
    for (const { fields, values } of byFields.values())
      statement(fields).run({ now: now.getTime(), rows: JSON.stringify(values) })
  }
}

export type QueueResult =
  { ok: true; batchId: number; jobId: number } | { ok: false; error: 'notFound' | MappingProblem }

/**
 * Starts the import of an upload: one batch (what the import did, empty for now) and one job
 * the worker carries out a slice at a time (import-jobs.server.ts), in one transaction. The
 * upload's mapping, mode and fixes are fixed from here on (its preview can no longer change them).
 */
export async function queueImport(db: DB, { uploadId }: { uploadId: string }, ctx: ActorCtx): Promise<QueueResult> {
  const now = ctx.now ?? new Date()
  const upload = getUpload(db, uploadId, ctx)
  if (!upload) return { ok: false, error: 'notFound' }
  const header = await uploadHeader(upload)
  const rowCount = upload.rowCount ?? (await readTable(upload.content)).rows.length
  return db.transaction(
    (tx): QueueResult => {
      // Read again in the transaction: another tab may have started this import meanwhile.
      const current = getUpload(tx, uploadId, ctx)
      if (!current) return { ok: false, error: 'notFound' }
      const { mapping } = chosenMapping(tx, current, header)
      const problem = mappingProblem(mapping)
      if (problem) return { ok: false, error: problem }
      tx.update(importUploads).set({ mapping }).where(eq(importUploads.id, uploadId)).run()
      const report: ImportReport = { created: 0, updated: 0, unchanged: 0, skipped: 0 }
      const batchId = tx
        .insert(importBatches)
        .values({ createdById: ctx.actorId, filename: current.filename, mode: current.mode, report, createdAt: now })
        .returning({ id: importBatches.id })
        .get().id
      const jobId = tx
        .insert(importJobs)
        .values({
          kind: 'import',
          batchId,
          uploadId,
          createdById: ctx.actorId,
          // The whole-file choices travel with the job: a resumed import applies them the same way.
          options: current.options,
          total: rowCount,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: importJobs.id })
        .get().id
      return { ok: true, batchId, jobId }
    },
    { behavior: 'immediate' },
  )
}
