/**
 * The one SQLite connection of the process. WAL so readers never wait for the
 * writer, foreign keys enforced, synchronous=NORMAL (safe with WAL), and a short
 * busy timeout (DB_BUSY_TIMEOUT_MS, default 1 s): a write that cannot get the lock
 * by then throws `DatabaseUnavailable`, which the app answers with 503 and
 * Retry-After instead of holding the request (and the event loop) for long.
 * Transactions are synchronous: a Drizzle `db.transaction(tx => …)` callback must
 * not be async (docs/architecture.md).
 */
import fs from 'node:fs'
import path from 'node:path'

import Database from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'

import { config } from '~/config.server'

import { toUnavailable } from './errors'
import { fold } from './fold'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'migrations')

export function databasePath(): string {
  return config().databasePath
}

/** Why the database could not be opened, in one line a person can act on. */
export class DatabaseOpenError extends Error {}

let errorsMapped = false

/**
 * Statements and transactions throw `DatabaseUnavailable` for busy, read-only and
 * full databases (other SqliteErrors, e.g. constraints, are unchanged). Installed
 * once on better-sqlite3's Statement prototype, which transactions also use.
 */
function mapUnavailableErrors(sqlite: Database.Database) {
  if (errorsMapped) return
  errorsMapped = true
  const proto = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method]
    proto[method] = function (this: unknown, ...args: unknown[]) {
      try {
        return original.apply(this, args)
      } catch (error) {
        throw toUnavailable(error)
      }
    }
  }
  const dbProto = Object.getPrototypeOf(sqlite) as Record<string, (...args: unknown[]) => unknown>
  const exec = dbProto.exec
  dbProto.exec = function (this: unknown, ...args: unknown[]) {
    try {
      return exec.apply(this, args)
    } catch (error) {
      throw toUnavailable(error)
    }
  }
}

/**
 * Opens (creating if needed) a database file or ':memory:' and applies the migrations;
 * given the bytes of a database (`serialize()`), opens an in-memory copy of it.
 */
export function openDatabase(
  file: string | Buffer,
  { migrations = MIGRATIONS_FOLDER, busyTimeoutMs = config().busyTimeoutMs } = {},
): DB {
  let sqlite: Database.Database
  if (Buffer.isBuffer(file)) {
    sqlite = new Database(file)
    file = ':memory:'
  } else {
    try {
      if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
      sqlite = new Database(file)
      sqlite.pragma('journal_mode = WAL')
    } catch (error) {
      throw explainOpenFailure(file, error)
    }
  }
  mapUnavailableErrors(sqlite)
  // fold(): case- and accent-insensitive search text, for the directory and its migration.
  sqlite.function('fold', { deterministic: true }, (value: unknown) => fold(typeof value === 'string' ? value : null))
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle(sqlite, { schema }) as DB
  try {
    migrateWithoutCascades(db, sqlite, migrations)
  } catch (error) {
    sqlite.close()
    throw explainOpenFailure(file, error)
  }
  return db
}

/**
 * Applies the migrations with foreign keys off, as SQLite's procedure for changing a
 * table requires: a migration that rebuilds a table (to add a CHECK, say) drops the old
 * one, which with foreign keys on would cascade-delete every row that points at it.
 * Drizzle runs the migrations in one transaction, where that pragma cannot change, so it
 * is set around them; afterwards every reference must still hold, or the start fails.
 */
function migrateWithoutCascades(db: DB, sqlite: Database.Database, migrationsFolder: string) {
  sqlite.pragma('foreign_keys = OFF')
  try {
    migrate(db, { migrationsFolder })
    const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[]
    if (broken.length) {
      const sample = broken
        .slice(0, 3)
        .map((b) => `${b.table} → ${b.parent}`)
        .join(', ')
      throw new Error(`After the migrations, ${broken.length} row(s) point at rows that do not exist (${sample}).`)
    }
  } finally {
    sqlite.pragma('foreign_keys = ON')
  }
}

/**
 * The server also writes beside the database (its pid file, the generated session secret):
 * a folder that refuses those writes ends the start with the same one line as the database.
 */
export function explainDataFolderFailure(file: string, error: unknown): Error {
  return explainOpenFailure(file, error)
}

function explainOpenFailure(file: string, error: unknown): Error {
  const where = path.resolve(file)
  const folder = path.dirname(where)
  const code = (error as { code?: string }).code ?? ''
  // A read-only file system may answer ENOENT to mkdir; the remedy is the same.
  if (
    ['EACCES', 'EROFS', 'EPERM', 'ENOENT', 'ENOTDIR'].includes(code) ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY')
  ) {
    return new DatabaseOpenError(
      `Cannot write the database at ${where}: the folder ${folder} (or the file) is not writable. ` +
        `Give this user write access to that folder, or set DATABASE_PATH to a file in a writable folder.`,
    )
  }
  if (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    (error as { name?: string }).name === 'DatabaseUnavailable'
  ) {
    return new DatabaseOpenError(
      `The database at ${where} is locked by another process. Stop the other process (another server, a backup restore) and start again.`,
    )
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseOpenError(
      `${where} is not a usable SQLite database (${code}). Restore a backup with \`npm run restore -- FILE\`.`,
    )
  }
  return error instanceof Error ? error : new Error(String(error))
}

const globalForDb = globalThis as unknown as { __db?: DB }

/** The process-wide connection, opened on first use at DATABASE_PATH. */
export function getDb(): DB {
  if (!globalForDb.__db) globalForDb.__db = openDatabase(databasePath())
  return globalForDb.__db
}

/** For tests and the CLI: make `getDb()` return this connection. */
export function setDb(db: DB | undefined): void {
  globalForDb.__db = db
}
