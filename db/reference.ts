/**
 * What every deployment needs, with or without the demo data: the five regions (each a
 * RALO; people, structures and audiences point at them) and the accreditation checklist's
 * starting criteria (staff edit them at /staff/structures/criteria). Loaded at every start,
 * idempotently: rows already there are left alone.
 */
import type { DB } from './client'
import { accreditationCriteria, regions } from './schema'
import { ACCREDITATION_CRITERIA, REGIONS } from './seed-data'

export function ensureReferenceData(db: DB): void {
  db.transaction(
    (tx) => {
      tx.insert(regions).values(REGIONS).onConflictDoNothing().run()
      if (!tx.select({ id: accreditationCriteria.id }).from(accreditationCriteria).limit(1).get())
        ACCREDITATION_CRITERIA.forEach((text, position) =>
          tx.insert(accreditationCriteria).values({ text, position }).run(),
        )
    },
    { behavior: 'immediate' },
  )
}
