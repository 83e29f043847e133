import crypto from 'node:crypto'

import { eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, type MemberType, people, personRoles, type RegionCode, type Role, structures } from '#db/schema'

export type PersonSummary = {
  id: number
  email: string
  name: string
  preferredLanguage: Language
  timeZone: string
  regionCode: RegionCode | null
  structureId: number | null
  memberType: MemberType
  roles: Role[]
  /** The region a RALO leader leads (null unless they hold `ralo_leader`). */
  raloRegion: RegionCode | null
}

const summaryColumns = {
  id: people.id,
  email: people.email,
  name: people.name,
  preferredLanguage: people.preferredLanguage,
  timeZone: people.timeZone,
  regionCode: people.regionCode,
  structureId: people.structureId,
  memberType: people.memberType,
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Matches a person's email whatever its case (served by the unique index on lower(email)). */
export function emailIs(email: string) {
  return eq(sql`lower(${people.email})`, normaliseEmail(email))
}

export function newSecretToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

export function getPerson(db: DB, id: number): PersonSummary | undefined {
  const row = db.select(summaryColumns).from(people).where(eq(people.id, id)).get()
  if (!row) return undefined
  const held = db
    .select({ role: personRoles.role, regionCode: personRoles.regionCode })
    .from(personRoles)
    .where(eq(personRoles.personId, id))
    .all()
  return {
    ...row,
    roles: held.map((r) => r.role),
    raloRegion: held.find((r) => r.role === 'ralo_leader')?.regionCode ?? null,
  }
}

export function findPersonIdByEmail(db: DB, email: string): number | undefined {
  return db.select({ id: people.id }).from(people).where(emailIs(email)).get()?.id
}

export type NewPerson = {
  email: string
  name: string
  passwordHash: string | null
  preferredLanguage: Language
  timeZone: string
  regionCode?: RegionCode | null
  structureId?: number | null
  memberType?: MemberType
  roles?: Role[]
}

export class EmailTakenError extends Error {
  constructor() {
    super('email taken')
  }
}

export function createPerson(db: DB, input: NewPerson): number {
  return db.transaction((tx) => insertPerson(tx, input), { behavior: 'immediate' })
}

/** createPerson inside a caller's transaction. */
export function insertPerson(tx: Pick<DB, 'select' | 'insert'>, input: NewPerson): number {
  const email = normaliseEmail(input.email)
  const existing = tx.select({ id: people.id }).from(people).where(emailIs(email)).get()
  if (existing) throw new EmailTakenError()
  const row = tx
    .insert(people)
    .values({
      email,
      name: input.name.trim(),
      passwordHash: input.passwordHash,
      preferredLanguage: input.preferredLanguage,
      timeZone: input.timeZone,
      regionCode: input.regionCode ?? null,
      structureId: input.structureId ?? null,
      memberType: input.memberType ?? 'individual_member',
      calendarToken: newSecretToken(),
      unsubscribeToken: newSecretToken(),
    })
    .returning({ id: people.id })
    .get()
  for (const role of input.roles ?? []) tx.insert(personRoles).values({ personId: row.id, role }).run()
  return row.id
}

/** What a person changes on their own profile; not their structure, which they ask for (affiliation.server.ts). */
export type ProfileUpdate = {
  name: string
  preferredLanguage: Language
  timeZone: string
  regionCode: RegionCode | null
  memberType: MemberType
}

export function updateProfile(db: DB, personId: number, update: ProfileUpdate): void {
  const { name, preferredLanguage, timeZone, regionCode, memberType } = update
  db.update(people)
    .set({ name: name.trim(), preferredLanguage, timeZone, regionCode, memberType, updatedAt: new Date() })
    .where(eq(people.id, personId))
    .run()
}

export function setPreferredLanguage(db: DB, personId: number, language: Language): void {
  db.update(people).set({ preferredLanguage: language, updatedAt: new Date() }).where(eq(people.id, personId)).run()
}

export function listStructures(db: DB) {
  return db
    .select({ id: structures.id, name: structures.name, regionCode: structures.regionCode })
    .from(structures)
    .orderBy(structures.regionCode, structures.name)
    .all()
}

/** A new secret for the personal calendar feed; the old feed URL stops working. */
export function resetCalendarToken(db: DB, personId: number): string {
  const token = newSecretToken()
  db.update(people).set({ calendarToken: token, updatedAt: new Date() }).where(eq(people.id, personId)).run()
  return token
}

/** The person's preference-page token (made the first time it is needed). */
export function preferencesToken(db: DB, personId: number): string {
  const token = db.select({ token: people.unsubscribeToken }).from(people).where(eq(people.id, personId)).get()?.token
  if (token) return token
  const fresh = newSecretToken()
  db.update(people).set({ unsubscribeToken: fresh }).where(eq(people.id, personId)).run()
  return fresh
}

export function getCalendarToken(db: DB, personId: number): string | null {
  return db.select({ token: people.calendarToken }).from(people).where(eq(people.id, personId)).get()?.token ?? null
}
