/**
 * Online backups with SQLite's backup API (through better-sqlite3): a consistent
 * copy taken while the server keeps reading and writing. Restore checks that a file
 * is an intact database of this schema before it replaces the live one.
 * See the README's "Backup and restore".
 */
import fs from 'node:fs'
import path from 'node:path'

import Database from 'better-sqlite3'

import { MIGRATIONS_FOLDER } from './client'

const PREFIX = 'app-'
const SUFFIX = '.db'

function stamp(now: Date) {
  return now.toISOString().replace(/[:.]/g, '-')
}

/** Copies the live database into `dir` as app-<time>.db and keeps the newest `keep` copies. */
export async function backupDatabase(
  source: Database.Database,
  { dir, keep, now = new Date() }: { dir: string; keep: number; now?: Date },
) {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${PREFIX}${stamp(now)}${SUFFIX}`)
  const partial = `${file}.partial`
  await source.backup(partial)
  fs.renameSync(partial, file)
  const removed = pruneBackups(dir, keep)
  return { file, bytes: fs.statSync(file).size, removed }
}

export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX))
    .sort()
    .map((f) => path.join(dir, f))
}

function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir)
  const old = all.slice(0, Math.max(0, all.length - keep))
  for (const f of old) fs.rmSync(f, { force: true })
  return old
}

/** The migration tags this code knows, in order (from db/migrations/meta/_journal.json). */
function knownMigrations(): { tag: string; when: number }[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[]
  }
  return journal.entries
}

export class RestoreError extends Error {}

/**
 * Checks that `file` is an intact SQLite database made by this program: integrity
 * check passes, and every migration it recorded is one this code knows (it may be
 * older: the server applies the missing ones at start).
 */
export function checkBackup(file: string): { migrations: number; people: number } {
  if (!fs.existsSync(file)) throw new RestoreError(`${file} does not exist.`)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new RestoreError(`${file} cannot be opened as a database: ${(error as Error).message}`)
  }
  try {
    let integrity: string
    try {
      integrity = db.pragma('integrity_check', { simple: true }) as string
    } catch (error) {
      throw new RestoreError(
        `${file} is not a SQLite database (${(error as { code?: string }).code ?? (error as Error).message}).`,
      )
    }
    if (integrity !== 'ok') throw new RestoreError(`${file} is damaged: integrity check says "${integrity}".`)
    const hasJournal = db
      .prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`)
      .get()
    if (!hasJournal)
      throw new RestoreError(`${file} is a SQLite database, but not one of this program (no migration history).`)
    const applied = db.prepare('select created_at as whenMs from __drizzle_migrations order by created_at').all() as {
      whenMs: number
    }[]
    const known = new Set(knownMigrations().map((m) => m.when))
    const unknown = applied.filter((m) => !known.has(Number(m.whenMs)))
    if (unknown.length) {
      throw new RestoreError(
        `${file} was made by a newer version of this program (${unknown.length} migration(s) this version does not know). Upgrade first.`,
      )
    }
    const people = db.prepare(`select count(*) as n from people`).get() as { n: number }
    return { migrations: applied.length, people: people.n }
  } finally {
    db.close()
  }
}

/**
 * Replaces the database at `target` with a checked copy of `file`. The server must be
 * stopped. The replaced database is kept beside it as <name>.before-restore-<time>.
 */
export async function restoreDatabase(file: string, target: string, now = new Date()) {
  const checked = checkBackup(file)
  const resolvedTarget = path.resolve(target)
  if (path.resolve(file) === resolvedTarget) throw new RestoreError('The backup and the database are the same file.')
  fs.mkdirSync(path.dirname(resolvedTarget), { recursive: true })
  const incoming = `${resolvedTarget}.restoring`
  const source = new Database(file, { readonly: true })
  try {
    await source.backup(incoming)
  } finally {
    source.close()
  }
  let keptAs: string | null = null
  if (fs.existsSync(resolvedTarget)) {
    // Fold the live database's WAL into it first, so the kept copy is whole.
    const live = new Database(resolvedTarget)
    try {
      live.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      live.close()
    }
    keptAs = `${resolvedTarget}.before-restore-${stamp(now)}`
    fs.renameSync(resolvedTarget, keptAs)
  }
  for (const side of ['-wal', '-shm']) fs.rmSync(resolvedTarget + side, { force: true })
  fs.renameSync(incoming, resolvedTarget)
  return { ...checked, keptAs }
}
