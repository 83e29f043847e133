/**
 * The first staff account of a real deployment, and the guard against demo accounts on a
 * public server. A deployment never gets demo data by itself: `npm run staff:create`
 * makes (or promotes) a staff member and mails, and prints, a one-time link to choose a
 * password. See docs/decisions/032-trust-round-2.md.
 */
import { and, eq } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, people, personRoles } from '#db/schema'

import { invitePerson } from './accounts.server'
import { recordAudit } from './audit.server'
import { verifyPassword } from './passwords.server'
import { emailIs, insertPerson, normaliseEmail } from './people.server'

export type StaffCreated =
  { status: 'invited'; personId: number; created: boolean; link: string } | { status: 'promoted'; personId: number }

/**
 * Makes `email` a staff member: a new person (no password yet) or an existing one given the
 * role. Someone without a password is sent a one-time link (valid 14 days) to choose one,
 * also returned for the console; someone with a password signs in as before.
 */
export function createStaff(
  db: DB,
  input: { email: string; name: string; language: Language; timeZone: string },
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
): StaffCreated {
  const email = normaliseEmail(input.email)
  const { personId, created } = db.transaction(
    (tx) => {
      const existing = tx.select({ id: people.id }).from(people).where(emailIs(email)).get()
      const id =
        existing?.id ??
        insertPerson(tx, {
          email,
          name: input.name,
          passwordHash: null,
          preferredLanguage: input.language,
          timeZone: input.timeZone,
          memberType: 'guest',
        })
      const hasRole = tx
        .select({ id: personRoles.personId })
        .from(personRoles)
        .where(and(eq(personRoles.personId, id), eq(personRoles.role, 'staff')))
        .get()
      if (!hasRole) {
        tx.insert(personRoles).values({ personId: id, role: 'staff' }).run()
        recordAudit(
          tx,
          {
            actorId: null,
            action: 'person.role.added',
            entityType: 'person',
            entityId: id,
            details: { role: 'staff', by: 'staff:create' },
          },
          now,
        )
      }
      return { personId: id, created: !existing }
    },
    { behavior: 'immediate' },
  )
  const invited = invitePerson(db, personId, { baseUrl, now })
  if (!invited.ok) return { status: 'promoted', personId }
  return { status: 'invited', personId, created, link: invited.link }
}

/** The demo accounts that can still be signed into with the password the README prints. */
export async function demoAccountsStillOpen(
  db: DB,
  { emails, password }: { emails: readonly string[]; password: string },
): Promise<string[]> {
  const open: string[] = []
  for (const email of emails) {
    const hash = db.select({ hash: people.passwordHash }).from(people).where(emailIs(email)).get()?.hash
    if (hash && (await verifyPassword(hash, password))) open.push(email)
  }
  return open
}

/** Whether anyone can run the place yet. */
export function hasStaff(db: DB): boolean {
  return Boolean(db.select({ id: personRoles.personId }).from(personRoles).where(eq(personRoles.role, 'staff')).get())
}
