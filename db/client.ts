/**
 * The one SQLite connection of the process. WAL so readers never wait for the
 * writer, foreign keys enforced, a busy timeout instead of SQLITE_BUSY errors,
 * synchronous=NORMAL (safe with WAL). Transactions are synchronous: see STACK.md.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'migrations')

export function databasePath(): string {
  return process.env.DATABASE_PATH ?? path.resolve('data', 'app.db')
}

/** Opens (creating if needed) a database file or ':memory:' and applies the migrations. */
export function openDatabase(file: string, { migrations = MIGRATIONS_FOLDER } = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle(sqlite, { schema }) as DB
  migrate(db, { migrationsFolder: migrations })
  return db
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
