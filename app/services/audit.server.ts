import type { DB } from '#db/client'
import { auditLog } from '#db/schema'

export type AuditEntry = {
  actorId: number | null
  action: string
  entityType: string
  entityId: string | number
  details?: Record<string, unknown>
}

/** Append one line to the audit log (who did what to which record, when). */
export function recordAudit(db: Pick<DB, 'insert'>, entry: AuditEntry, at = new Date()): void {
  db.insert(auditLog)
    .values({ ...entry, entityId: String(entry.entityId), at })
    .run()
}
