/**
 * Importing a contact list into the directory. An upload is kept (a day at most) while
 * staff map its columns, look at the preview and fix rows; the import then creates new
 * people and updates existing ones (matched by email, whatever its case), row by row:
 * a row with a problem is skipped with its reasons, never half-written, never aborting
 * the rest. A batch can be undone while nobody has used the people it created.
 */
import crypto from 'node:crypto'

import type { Statement } from 'better-sqlite3'
import { and, eq, getTableColumns, isNull, lt, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import { personSearchText } from '#db/fold'
import {
  importBatches,
  importChanges,
  importMappings,
  type ImportMode,
  type ImportReport,
  importUploads,
  type Language,
  LANGUAGES,
  MEMBER_TYPES,
  type MemberType,
  people,
  REGION_CODES,
  type RegionCode,
  structures,
} from '#db/schema'
import { resources } from '~/i18n.resources.server'
import {
  IMPORT_FIELDS,
  type ImportField,
  type ImportProblem,
  type Mapping,
  type MappingProblem,
} from '~/lib/person-import'
import { EmailSchema, NameSchema, OptionalPhoneSchema } from '~/lib/validation'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { normaliseEmail } from '../people.server'
import { readTable, type Table } from './import-file.server'
import { referencingTables } from './references.server'

const UPLOAD_LIFETIME_MS = 24 * 3600_000
// Rows planned and written per transaction: bigger slices commit (and checkpoint) less often,
// smaller ones hold the write lock for less time.
const CHUNK = 1000

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
  name: ['name', 'full name', 'nom complet', 'nombre completo', 'nom et prenom', 'participant', 'participante'],
  givenName: ['first name', 'given name', 'prenom', 'nombre', 'first'],
  familyName: ['last name', 'family name', 'surname', 'nom', 'nom de famille', 'apellido', 'apellidos', 'last'],
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

/** A first mapping from the header's words; a column nothing matches is ignored. */
export function guessMapping(header: string[]): Mapping {
  const used = new Set<ImportField>()
  return header.map((h) => {
    const word = headerWord(h)
    const field = IMPORT_FIELDS.find((f) => !used.has(f) && HEADER_WORDS[f].includes(word))
    if (field) used.add(field)
    return field ?? null
  })
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

type Lookups = {
  languages: Map<string, Language>
  regions: Map<string, RegionCode>
  memberTypes: Map<string, MemberType>
  structures: Map<string, { id: number; regionCode: RegionCode }>
}

/** The words a value may use for a language, a region or a member type: codes and labels in every language. */
function lookups(db: Pick<DB, 'select'>): Lookups {
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

type Existing = {
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

type PlanInput = {
  table: Table
  mapping: Mapping
  mode: ImportMode
  fixes: Record<string, Record<string, string>>
}

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

const UPDATABLE = ['name', 'preferredLanguage', 'timeZone', 'regionCode', 'structureId', 'memberType', 'phone'] as const

/** Plans one slice of rows against the people that exist now; `seen` carries the emails met earlier in the file. */
function planSlice(
  db: Pick<DB, '$client'>,
  rows: Table['rows'],
  input: PlanInput,
  look: Lookups,
  seen: Set<string>,
): PlannedRow[] {
  const read = rows.map((row) => {
    const values: Partial<Record<ImportField, string>> = {}
    input.mapping.forEach((field, i) => {
      if (field) values[field] = row.cells[i] ?? ''
    })
    const fix = input.fixes[String(row.line)]
    if (fix) for (const [k, val] of Object.entries(fix)) values[k as ImportField] = val
    return { line: row.line, values, fixed: Boolean(fix), ...readRow(values, look) }
  })
  const existing = existingByEmail(
    db,
    read.flatMap((r) => (r.fields.email ? [r.fields.email] : [])),
  )
  return read.map((r): PlannedRow => {
    const email = r.fields.email ?? (r.values.email ?? '').trim()
    const base = { line: r.line, values: r.values, email, fields: r.fields, fixed: r.fixed, changes: {} }
    const problems = [...r.problems]
    if (r.fields.email) {
      if (seen.has(r.fields.email)) problems.push('duplicateInFile')
      seen.add(r.fields.email)
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

/** What an import would do, row by row, without writing anything (the preview). */
export function planImport(
  db: Pick<DB, 'select' | '$client'>,
  input: PlanInput,
): { rows: PlannedRow[]; summary: PlanSummary } {
  const look = lookups(db)
  const seen = new Set<string>()
  const rows: PlannedRow[] = []
  for (let i = 0; i < input.table.rows.length; i += CHUNK) {
    rows.push(...planSlice(db, input.table.rows.slice(i, i + CHUNK), input, look, seen))
  }
  return { rows, summary: summarise(rows) }
}

function summarise(rows: PlannedRow[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, unchanged: 0, skip: 0 }
  for (const r of rows) summary[r.action]++
  return summary
}

// ─── Uploads ──────────────────────────────────────────────────────────────

/** Keeps an uploaded file for the preview (and drops uploads older than a day). */
export function saveUpload(
  db: DB,
  { filename, content }: { filename: string; content: Uint8Array },
  { actorId, now = new Date() }: ActorCtx,
): string {
  const id = crypto.randomBytes(18).toString('base64url')
  db.delete(importUploads)
    .where(lt(importUploads.createdAt, new Date(now.getTime() - UPLOAD_LIFETIME_MS)))
    .run()
  db.insert(importUploads)
    .values({
      id,
      createdById: actorId,
      filename: filename.slice(0, 200),
      content: Buffer.from(content),
      createdAt: now,
    })
    .run()
  return id
}

export type Upload = typeof importUploads.$inferSelect

/** An upload its owner may still use (another staff member's upload, or an expired one, is not found). */
export function getUpload(db: Pick<DB, 'select'>, id: string, { actorId, now = new Date() }: ActorCtx) {
  const upload = db
    .select()
    .from(importUploads)
    .where(and(eq(importUploads.id, id), eq(importUploads.createdById, actorId)))
    .get()
  if (!upload || upload.createdAt.getTime() < now.getTime() - UPLOAD_LIFETIME_MS) return null
  return upload
}

/** The upload read as a table, with the mapping to use: the one chosen, else the one remembered, else a guess. */
export async function openUpload(db: Pick<DB, 'select'>, upload: Upload) {
  const table = await readTable(upload.content)
  const remembered = db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(eq(importMappings.headerKey, headerKey(table.header)))
    .get()?.mapping
  const fits = (m: unknown): m is Mapping =>
    Array.isArray(m) &&
    m.length === table.header.length &&
    m.every((f) => f === null || (IMPORT_FIELDS as readonly string[]).includes(f))
  const mapping = fits(upload.mapping) ? upload.mapping : fits(remembered) ? remembered : guessMapping(table.header)
  return { table, mapping, remembered: !fits(upload.mapping) && fits(remembered) }
}

export function setUploadOptions(
  db: DB,
  { id, mapping, mode }: { id: string; mapping: Mapping; mode: ImportMode },
  ctx: ActorCtx,
): boolean {
  if (!getUpload(db, id, ctx)) return false
  db.update(importUploads).set({ mapping, mode }).where(eq(importUploads.id, id)).run()
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

const pause = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The import's writes, a few statements per slice rather than one per row: the
 * slice travels as one JSON array (json_each), so SQLite parses and plans each statement
 * once, and the directory's full-text index (an FTS5 table fed by triggers) flushes its
 * pending entries once per statement instead of once per person — per-row statements
 * spent most of an import's time there. Column names are fixed here; values are bound.
 */
function importWriter(db: DB) {
  const insert = db.$client.prepare(`
    insert into people (email, name, password_hash, preferred_language, time_zone, region_code, structure_id,
                        member_type, phone, search_text, import_batch_id, created_at, updated_at)
    select r.value ->> '$.email', r.value ->> '$.name', null, r.value ->> '$.preferredLanguage',
           r.value ->> '$.timeZone', r.value ->> '$.regionCode', r.value ->> '$.structureId',
           r.value ->> '$.memberType', r.value ->> '$.phone', r.value ->> '$.searchText', @batchId, @now, @now
    from json_each(@rows) as r`)
  // One statement per set of changed columns (prepared once): each row of a slice names the
  // fields it changes, and the rows that change the same fields are written together.
  const updates = new Map<string, Statement>()
  const updateStatement = (fields: (typeof UPDATABLE)[number][]) => {
    const key = fields.join(',')
    let statement = updates.get(key)
    if (!statement) {
      const set = fields.map((f) => `"${getTableColumns(people)[f].name}" = c.value ->> '$.${f}'`)
      // A new name comes with its search text, so the trigger need not rewrite the row (migration 0014).
      if (fields.includes('name')) set.push(`search_text = c.value ->> '$.searchText'`)
      statement = db.$client.prepare(`
        update people set ${set.join(', ')}, updated_at = @now
        from json_each(@rows) as c where people.id = c.value ->> '$.id'`)
      updates.set(key, statement)
    }
    return statement
  }
  const changes = db.$client.prepare(`
    insert into import_changes (batch_id, person_id, changes)
    select @batchId, c.value ->> '$.id', c.value -> '$.changes' from json_each(@rows) as c`)
  return {
    create(rows: PlannedRow[], batchId: number, now: Date) {
      if (!rows.length) return
      const values = rows.map((r) => ({
        email: r.fields.email!,
        name: r.fields.name!,
        preferredLanguage: r.fields.preferredLanguage ?? 'en',
        timeZone: r.fields.timeZone ?? 'UTC',
        regionCode: r.fields.regionCode ?? null,
        structureId: r.fields.structureId ?? null,
        memberType: r.fields.memberType ?? 'guest',
        phone: r.fields.phone ?? null,
        // The calendar and unsubscribe secrets are made when first needed (profile, newsletter);
        // the search text is written here so the row is written once (migration 0014).
        searchText: personSearchText(r.fields.name!, r.fields.email!),
      }))
      insert.run({ batchId, now: now.getTime(), rows: JSON.stringify(values) })
    },
    update(rows: PlannedRow[], batchId: number, now: Date) {
      if (!rows.length) return
      const byFields = new Map<string, { fields: (typeof UPDATABLE)[number][]; values: object[] }>()
      for (const r of rows) {
        const fields = UPDATABLE.filter((f) => f in r.changes)
        const key = fields.join(',')
        const group = byFields.get(key) ?? byFields.set(key, { fields, values: [] }).get(key)!
        const to = Object.fromEntries(fields.map((f) => [f, r.changes[f]!.to]))
        const searchText = r.changes.name ? personSearchText(r.changes.name.to as string, r.fields.email!) : null
        group.values.push({ id: r.personId!, ...to, searchText })
      }
      for (const { fields, values } of byFields.values())
        updateStatement(fields).run({ now: now.getTime(), rows: JSON.stringify(values) })
      changes.run({ batchId, rows: JSON.stringify(rows.map((r) => ({ id: r.personId!, changes: r.changes }))) })
    },
  }
}

/**
 * Runs the import of an upload: every row is planned again against the people that exist
 * at the moment it is written (1,000 rows a transaction, about a fifth of a second of write
 * lock, so other requests keep going), new people are created, existing ones updated as the
 * mode says, and the batch keeps what it did. The mapping is remembered for the next file with the same header.
 */
export async function runImport(
  db: DB,
  { uploadId }: { uploadId: string },
  ctx: ActorCtx,
): Promise<{ ok: true; batchId: number; report: ImportReport } | { ok: false; error: 'notFound' | MappingProblem }> {
  const now = ctx.now ?? new Date()
  const upload = getUpload(db, uploadId, ctx)
  if (!upload) return { ok: false, error: 'notFound' }
  const { table, mapping } = await openUpload(db, upload)
  const problem = mappingProblem(mapping)
  if (problem) return { ok: false, error: problem }
  const input: PlanInput = { table, mapping, mode: upload.mode, fixes: upload.fixes }
  const look = lookups(db)
  const seen = new Set<string>()
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, skipped: [] }
  const batchId = db
    .insert(importBatches)
    .values({ createdById: ctx.actorId, filename: upload.filename, mode: upload.mode, report, createdAt: now })
    .returning({ id: importBatches.id })
    .get().id
  const write = importWriter(db)
  for (let i = 0; i < table.rows.length; i += CHUNK) {
    db.transaction(
      () => {
        const planned = planSlice(db, table.rows.slice(i, i + CHUNK), input, look, seen)
        const created = planned.filter((r) => r.action === 'create')
        const updated = planned.filter((r) => r.action === 'update')
        write.create(created, batchId, now)
        write.update(updated, batchId, now)
        for (const r of planned)
          if (r.action === 'skip') report.skipped.push({ line: r.line, email: r.email, reasons: r.problems })
        report.created += created.length
        report.updated += updated.length
        report.unchanged += planned.filter((r) => r.action === 'unchanged').length
      },
      { behavior: 'immediate' },
    )
    await pause()
  }
  db.transaction((tx) => {
    tx.update(importBatches).set({ report }).where(eq(importBatches.id, batchId)).run()
    tx.insert(importMappings)
      .values({ headerKey: headerKey(table.header), mapping, updatedAt: now })
      .onConflictDoUpdate({ target: importMappings.headerKey, set: { mapping, updatedAt: now } })
      .run()
    tx.delete(importUploads).where(eq(importUploads.id, uploadId)).run()
    recordAudit(
      tx,
      {
        actorId: ctx.actorId,
        action: 'import.completed',
        entityType: 'import_batch',
        entityId: batchId,
        details: { created: report.created, updated: report.updated, skipped: report.skipped.length },
      },
      now,
    )
  })
  return { ok: true, batchId, report }
}

// ─── Batches and undo ─────────────────────────────────────────────────────

const batchColumns = {
  id: importBatches.id,
  filename: importBatches.filename,
  mode: importBatches.mode,
  report: importBatches.report,
  undoneAt: importBatches.undoneAt,
  createdAt: importBatches.createdAt,
  by: people.name,
}

/** The latest imports, newest first. */
export function listBatches(db: Pick<DB, 'select'>, limit = 10) {
  return db
    .select(batchColumns)
    .from(importBatches)
    .leftJoin(people, eq(people.id, importBatches.createdById))
    .orderBy(sql`${importBatches.id} desc`)
    .limit(limit)
    .all()
}

export function getBatch(db: Pick<DB, 'select'>, id: number) {
  return (
    db
      .select(batchColumns)
      .from(importBatches)
      .leftJoin(people, eq(people.id, importBatches.createdById))
      .where(eq(importBatches.id, id))
      .get() ?? null
  )
}

/** What shows a created person has been used: anything pointing at them but the import's own bookkeeping. */
const NOT_USE = ['import_changes.person_id']

/**
 * Whether a batch can still be undone, and if not why: people it created have signed in,
 * registered, been mailed, noted, given a role… (anything that points at them), or it was
 * undone already.
 */
export function undoBlockers(db: Pick<DB, 'select' | 'all'>, batchId: number) {
  const created = db
    .select({ id: people.id, hasPassword: sql<number>`${people.passwordHash} is not null`.mapWith(Boolean) })
    .from(people)
    .where(eq(people.importBatchId, batchId))
    .all()
  const tables = referencingTables(
    db,
    created.map((p) => p.id),
    { ignore: NOT_USE },
  )
  const touched = db.all<{ n: number }>(
    sql`select count(*) as n from audit_log a join people p on a.entity_type = 'person' and a.entity_id = cast(p.id as text)
        where p.import_batch_id = ${batchId}`,
  )[0].n
  if (created.some((p) => p.hasPassword)) tables.push('signedIn')
  if (touched > 0) tables.push('edited')
  return { created: created.length, blockers: tables }
}

export type UndoResult =
  | { ok: true; deleted: number; restored: number }
  | { ok: false; error: 'notFound' | 'alreadyUndone' | 'used'; blockers?: string[] }

/**
 * Undoes a batch: the people it created are deleted and the fields it changed on existing
 * people are put back, where nobody has changed them since. Refused once a created person
 * has been used.
 */
export function undoImport(db: DB, { batchId }: { batchId: number }, { actorId, now = new Date() }: ActorCtx) {
  return db.transaction(
    (tx): UndoResult => {
      const batch = tx.select().from(importBatches).where(eq(importBatches.id, batchId)).get()
      if (!batch) return { ok: false, error: 'notFound' }
      if (batch.undoneAt) return { ok: false, error: 'alreadyUndone' }
      const { blockers } = undoBlockers(tx, batchId)
      if (blockers.length) return { ok: false, error: 'used', blockers }
      const deleted = tx.delete(people).where(eq(people.importBatchId, batchId)).run().changes
      let restored = 0
      for (const change of tx.select().from(importChanges).where(eq(importChanges.batchId, batchId)).all()) {
        const current = tx.select().from(people).where(eq(people.id, change.personId)).get()
        if (!current || current.erasedAt) continue
        const back: Record<string, unknown> = {}
        for (const [field, c] of Object.entries(change.changes)) {
          if ((current as Record<string, unknown>)[field] === c.to) back[field] = c.from
        }
        if (Object.keys(back).length) {
          tx.update(people)
            .set({ ...back, updatedAt: now })
            .where(eq(people.id, change.personId))
            .run()
          restored++
        }
      }
      tx.delete(importChanges).where(eq(importChanges.batchId, batchId)).run()
      tx.update(importBatches).set({ undoneAt: now }).where(eq(importBatches.id, batchId)).run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'import.undone',
          entityType: 'import_batch',
          entityId: batchId,
          details: { deleted, restored },
        },
        now,
      )
      return { ok: true, deleted, restored }
    },
    { behavior: 'immediate' },
  )
}

/** People an import batch created that are still in the directory (for the batch page). */
export function batchPeopleCount(db: Pick<DB, 'select'>, batchId: number): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(people)
    .where(and(eq(people.importBatchId, batchId), isNull(people.erasedAt)))
    .get()!.n
}

/** A batch's people for its report: those it created, and those it updated with the fields it changed. */
export function batchReportRows(db: Pick<DB, 'select'>, batchId: number) {
  const created = db
    .select({ email: people.email, name: people.name })
    .from(people)
    .where(eq(people.importBatchId, batchId))
    .orderBy(people.id)
    .all()
  const updated = db
    .select({ email: people.email, name: people.name, changes: importChanges.changes })
    .from(importChanges)
    .innerJoin(people, eq(people.id, importChanges.personId))
    .where(eq(importChanges.batchId, batchId))
    .orderBy(people.id)
    .all()
  return { created, updated: updated.map((u) => ({ ...u, fields: Object.keys(u.changes) })) }
}
