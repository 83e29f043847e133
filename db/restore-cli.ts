/**
 * `npm run restore -- FILE`: replaces DATABASE_PATH with FILE after checking that it
 * is an intact database of this program. Stop the server first; the replaced
 * database is kept beside it as <name>.before-restore-<time>.
 */
import { config } from '~/config.server'

import { restoreDatabase, RestoreError } from './backup'
import { runningServerPid } from './server-lock'

const file = process.argv[2]
if (!file) {
  console.error(
    'Usage: npm run restore -- FILE   (a backup made by `npm run backup` or the server, e.g. data/backups/app-….db)',
  )
  process.exit(2)
}
try {
  const target = config().databasePath
  const pid = runningServerPid(target)
  if (pid) throw new RestoreError(`The server (process ${pid}) is using ${target}: stop it, then restore.`)
  const result = await restoreDatabase(file, target)
  console.log(`Restored ${file} into ${target} (${result.people} people, ${result.migrations} migrations).`)
  if (result.keptAs) console.log(`The database it replaced is kept as ${result.keptAs}.`)
} catch (error) {
  console.error(`Restore refused: ${(error as Error).message}`)
  process.exit(1)
}
