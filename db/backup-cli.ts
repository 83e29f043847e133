/**
 * `npm run backup [-- DIR]`: a consistent copy of DATABASE_PATH taken with SQLite's
 * online backup API while the server runs, into DIR (default BACKUP_DIR, else
 * data/backups), keeping the newest BACKUP_KEEP copies.
 */
import Database from 'better-sqlite3'

import { config, ConfigError } from '~/config.server'

import { backupDatabase } from './backup'

try {
  const { databasePath, backup } = config()
  const dir = process.argv[2] ?? backup.dir
  const source = new Database(databasePath, { readonly: true, fileMustExist: true })
  const started = Date.now()
  const result = await backupDatabase(source, { dir, keep: backup.keep })
  source.close()
  console.log(
    `Backed up ${databasePath} to ${result.file} (${Math.round(result.bytes / 1024)} kB in ${Date.now() - started} ms).`,
  )
  if (result.removed.length) console.log(`Removed ${result.removed.length} older backup(s) (keeping ${backup.keep}).`)
} catch (error) {
  console.error(`Backup failed: ${error instanceof ConfigError ? error.message : (error as Error).message}`)
  process.exit(1)
}
