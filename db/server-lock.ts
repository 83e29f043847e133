/**
 * A small "<database>.pid" file the server writes while it runs, so that a restore
 * does not replace the database under a running server.
 */
import fs from 'node:fs'

const pidFile = (databasePath: string) => `${databasePath}.pid`

export function markServerRunning(databasePath: string) {
  fs.writeFileSync(pidFile(databasePath), String(process.pid))
}

export function markServerStopped(databasePath: string) {
  try {
    if (fs.readFileSync(pidFile(databasePath), 'utf8').trim() === String(process.pid)) fs.rmSync(pidFile(databasePath))
  } catch {
    /* already gone */
  }
}

/** The pid of a live server using this database, or null. */
export function runningServerPid(databasePath: string): number | null {
  let pid: number
  try {
    pid = Number(fs.readFileSync(pidFile(databasePath), 'utf8').trim())
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return null
  }
}
