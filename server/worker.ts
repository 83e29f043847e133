/**
 * The worker as the server runs it: the app's background steps plus a backup every
 * BACKUP_EVERY_HOURS (24 by default) into BACKUP_DIR, keeping BACKUP_KEEP copies.
 */
import fs from 'node:fs'

import { backupDatabase, listBackups } from '#db/backup'
import type { DB } from '#db/client'
import { createTransportFromEnv } from '#emails/transport.server'
import type { Config } from '~/config.server'
import { startWorker, type WorkerStep } from '~/services/worker.server'

import { writeLockFree } from './write-gate'

export function backupStep(db: DB, backup: Config['backup'], log: (line: string) => void = console.log): WorkerStep {
  const everyMs = backup.everyHours * 3600_000
  return {
    name: 'backup',
    // Checked every minute; a copy is taken when the newest one is older than the period.
    everyMs: Math.min(everyMs, 60_000),
    async run() {
      const newest = listBackups(backup.dir).at(-1)
      if (newest && Date.now() - fs.statSync(newest).mtimeMs < everyMs) return
      const result = await backupDatabase(db.$client, { dir: backup.dir, keep: backup.keep })
      log(
        `Backup written to ${result.file}${result.removed.length ? ` (${result.removed.length} older removed)` : ''}.`,
      )
    },
  }
}

export function startServerWorker(db: DB, config: Config) {
  const steps = config.backup.everyHours > 0 ? [backupStep(db, config.backup)] : []
  return startWorker(db, createTransportFromEnv({ SMTP_URL: config.smtpUrl, dkim: config.dkim }), {
    intervalMs: config.workerIntervalMs,
    baseUrl: config.baseUrl,
    retentionDays: config.retentionDays,
    steps,
    // While another process holds the write lock, no step runs (none waits for it, holding the event loop).
    canWrite: () => writeLockFree(db),
  })
}
