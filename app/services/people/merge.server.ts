/**
 * Duplicates: finding likely pairs (same name and region, or addresses that differ only
 * by dots or a +tag) and merging two records into one. A merge moves every row that
 * points at the removed person to the kept one in one transaction; where both have a row
 * for the same thing (a webinar, a summit, a survey, a newsletter) the better row stays.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { fold } from '#db/fold'
import {
  auditLog,
  authSessions,
  duplicateDismissals,
  emailTokens,
  passwordResetTokens,
  people,
  personRoles,
  structures,
} from '#db/schema'
import { MERGE_FIELDS, type MergeChoices } from '~/lib/person-merge'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { ident, personReferences } from './references.server'

type Reader = Pick<DB, 'select' | 'all' | 'get'>

// ─── Finding duplicates ───────────────────────────────────────────────────

/** An address without what mail providers ignore: dots in a Gmail-style local part and a +tag. */
export function canonicalEmail(email: string): string {
  const [local, domain = ''] = email.toLowerCase().trim().split('@')
  return `${local.split('+')[0].replace(/\./g, '')}@${domain}`
}

export type DuplicateReason = 'sameNameRegion' | 'similarEmail'

type Summary = {
  id: number
  name: string
  email: string
  regionCode: string | null
  structureName: string | null
  createdAt: Date
}

/**
 * Pairs of people who are probably the same person, newest pair first: the same name
 * (case and accents aside) in the same region, or addresses that differ only by dots or a
 * +tag. Erased people are left out.
 */
export function possibleDuplicates(db: Reader, { limit = 100 }: { limit?: number } = {}) {
  const rows = db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      regionCode: people.regionCode,
      structureName: structures.name,
      createdAt: people.createdAt,
    })
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(isNull(people.erasedAt))
    .all()
  const groups = new Map<string, Summary[]>()
  const add = (key: string, p: Summary) => groups.set(key, [...(groups.get(key) ?? []), p])
  for (const p of rows) {
    if (p.regionCode) add(`n:${fold(p.name).replace(/\s+/g, ' ').trim()}|${p.regionCode}`, p)
    add(`e:${canonicalEmail(p.email)}`, p)
  }
  const pairs = new Map<string, { a: Summary; b: Summary; reasons: DuplicateReason[] }>()
  for (const [key, group] of groups) {
    if (group.length < 2) continue
    const reason: DuplicateReason = key.startsWith('n:') ? 'sameNameRegion' : 'similarEmail'
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = group[i].id < group[j].id ? [group[i], group[j]] : [group[j], group[i]]
        const id = `${a.id}-${b.id}`
        const pair = pairs.get(id) ?? { a, b, reasons: [] }
        if (!pair.reasons.includes(reason)) pair.reasons.push(reason)
        pairs.set(id, pair)
      }
    }
  }
  // Pairs staff already found to be two different people stay off the list.
  const dismissed = new Set(
    db
      .select({ a: duplicateDismissals.personA, b: duplicateDismissals.personB })
      .from(duplicateDismissals)
      .all()
      .map((d) => `${d.a}-${d.b}`),
  )
  const all = [...pairs.entries()]
    .filter(([id]) => !dismissed.has(id))
    .map(([, pair]) => pair)
    .sort((x, y) => y.b.id - x.b.id)
  return { total: all.length, pairs: all.slice(0, limit) }
}

/** Staff say two records are different people: the pair leaves the list (audited on both). */
export function dismissDuplicate(
  db: DB,
  { ids }: { ids: [number, number] },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  const [a, b] = ids[0] < ids[1] ? ids : [ids[1], ids[0]]
  if (a === b) return false
  return db.transaction(
    (tx) => {
      const found = tx
        .select({ id: people.id })
        .from(people)
        .where(inArray(people.id, [a, b]))
        .all()
      if (found.length !== 2) return false
      const r = tx
        .insert(duplicateDismissals)
        .values({ personA: a, personB: b, dismissedById: actorId, createdAt: now })
        .onConflictDoNothing()
        .run()
      for (const [self, other] of [
        [a, b],
        [b, a],
      ])
        recordAudit(
          tx,
          { actorId, action: 'person.notDuplicate', entityType: 'person', entityId: self, details: { other } },
          now,
        )
      return r.changes > 0
    },
    { behavior: 'immediate' },
  )
}

// ─── Merging ──────────────────────────────────────────────────────────────

/** What each of the two records has, to help staff choose (and to check the merge moved it all). */
export function mergeCandidates(db: Reader, ids: [number, number]) {
  const found = db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      preferredLanguage: people.preferredLanguage,
      timeZone: people.timeZone,
      regionCode: people.regionCode,
      structureId: people.structureId,
      structureName: structures.name,
      memberType: people.memberType,
      phone: people.phone,
      hasPassword: sql<number>`${people.passwordHash} is not null`.mapWith(Boolean),
      deactivatedAt: people.deactivatedAt,
      erasedAt: people.erasedAt,
      createdAt: people.createdAt,
    })
    .from(people)
    .leftJoin(structures, eq(structures.id, people.structureId))
    .where(inArray(people.id, ids))
    .all()
  const byId = new Map(found.map((p) => [p.id, p]))
  const count = (table: string, id: number) =>
    db.get<{ n: number }>(sql`select count(*) as n from ${ident(table)} where person_id = ${id}`)!.n
  return ids.map((id) => {
    const p = byId.get(id)
    if (!p) return null
    const last = db.get<{ at: number | null }>(
      sql`select max(at) as at from (
            select max(occurred_at) as at from participation_records where person_id = ${id}
            union all select max(created_at) from registrations where person_id = ${id}
            union all select max(created_at) from auth_sessions where person_id = ${id})`,
    )!.at
    return {
      ...p,
      lastActivityAt: last === null ? null : new Date(last),
      roles: db
        .select({ role: personRoles.role })
        .from(personRoles)
        .where(eq(personRoles.personId, id))
        .all()
        .map((r) => r.role),
      counts: {
        registrations: count('registrations', id),
        participation: count('participation_records', id),
        summits: count('summit_participations', id),
        mails: count('outbox', id) + count('deliveries', id),
        surveys: count('survey_invitations', id),
      },
    }
  })
}

/**
 * Tables where a person has one row per thing, and how to rank two rows for the same
 * thing (higher is better). `polymorphic` names the participation records' source type
 * that points at these rows.
 */
const KEYED: { table: string; key: string; rank: (row: string) => string; polymorphic?: string }[] = [
  {
    table: 'registrations',
    key: 'event_id',
    rank: (r) =>
      `case ${r}.status when 'confirmed' then 30 when 'waitlisted' then 20 else 10 end + coalesce(${r}.attended, 0) * 5`,
    polymorphic: 'registration',
  },
  {
    table: 'summit_participations',
    key: 'event_id',
    rank: (r) =>
      `case ${r}.status when 'confirmed' then 40 when 'nominated' then 30 when 'withdrawn' then 20 else 10 end`,
    polymorphic: 'summit_participation',
  },
  {
    table: 'survey_invitations',
    key: 'survey_id',
    rank: (r) => `${r}.completed * 20 + (${r}.sent_at is not null) * 10`,
  },
  {
    table: 'deliveries',
    key: 'newsletter_id',
    rank: (r) =>
      `case ${r}.status when 'sent' then 50 when 'sending' then 40 when 'queued' then 30 when 'failed' then 20 else 10 end`,
  },
]

export type MergeError = 'notFound' | 'same' | 'erased' | 'self'

/**
 * Merges `removeId` into `keepId`: the kept record takes the chosen value of each field,
 * every row pointing at the removed person moves to the kept one (where both have one
 * for the same thing, the better stays: a confirmed registration over a waitlisted one, a
 * completed survey invitation over a pending one), the removed person's sessions and
 * sign-in links end, and the removed record is deleted. Audited on the kept person.
 */
export function mergePeople(
  db: DB,
  { keepId, removeId, choices }: { keepId: number; removeId: number; choices: MergeChoices },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; moved: number } | { ok: false; error: MergeError } {
  if (keepId === removeId) return { ok: false, error: 'same' }
  if (removeId === actorId) return { ok: false, error: 'self' }
  return db.transaction(
    (tx) => {
      const keep = tx.select().from(people).where(eq(people.id, keepId)).get()
      const remove = tx.select().from(people).where(eq(people.id, removeId)).get()
      if (!keep || !remove) return { ok: false as const, error: 'notFound' as const }
      if (keep.erasedAt || remove.erasedAt) return { ok: false as const, error: 'erased' as const }
      const rolesBefore = tx.select().from(personRoles).where(eq(personRoles.personId, keepId)).all().length

      // Rows for the same thing: the better one stays, whoever it belonged to.
      for (const k of KEYED) {
        const pairs = tx.all<{ keepRow: number; removeRow: number; keepRank: number; removeRank: number }>(
          sql`select a.id as keepRow, b.id as removeRow, ${sql.raw(k.rank('a'))} as keepRank,
                     ${sql.raw(k.rank('b'))} as removeRank
              from ${ident(k.table)} a join ${ident(k.table)} b on a.${ident(k.key)} = b.${ident(k.key)}
              where a.person_id = ${keepId} and b.person_id = ${removeId}`,
        )
        for (const p of pairs) {
          const removeWins = p.removeRank > p.keepRank
          const [winner, loser] = removeWins ? [p.removeRow, p.keepRow] : [p.keepRow, p.removeRow]
          if (k.polymorphic) {
            tx.run(
              sql`update or ignore participation_records set source_id = ${winner}
                  where source_type = ${k.polymorphic} and source_id = ${loser}`,
            )
            tx.run(sql`delete from participation_records where source_type = ${k.polymorphic} and source_id = ${loser}`)
          }
          if (k.table === 'survey_invitations') {
            tx.run(sql`update or ignore survey_responses set invitation_id = ${winner} where invitation_id = ${loser}`)
          }
          tx.run(sql`delete from ${ident(k.table)} where id = ${loser}`)
        }
      }

      // Whatever signs the removed person in ends with them; it never moves to the kept person.
      tx.delete(authSessions).where(eq(authSessions.personId, removeId)).run()
      tx.delete(emailTokens).where(eq(emailTokens.personId, removeId)).run()
      tx.delete(passwordResetTokens).where(eq(passwordResetTokens.personId, removeId)).run()

      // Everything else moves; a row the kept person already has (a role, a group) is not doubled.
      let moved = 0
      for (const ref of personReferences(tx)) {
        moved += tx.run(
          sql`update or ignore ${ident(ref.table)} set ${ident(ref.column)} = ${keepId} where ${ident(ref.column)} = ${removeId}`,
        ).changes
        tx.run(sql`delete from ${ident(ref.table)} where ${ident(ref.column)} = ${removeId}`)
      }
      // The removed record's history now belongs to the kept one.
      tx.update(auditLog)
        .set({ entityId: String(keepId) })
        .where(and(eq(auditLog.entityType, 'person'), eq(auditLog.entityId, String(removeId))))
        .run()

      const values: Partial<typeof people.$inferInsert> = {}
      for (const f of MERGE_FIELDS) {
        if (choices[f] === 'remove') Object.assign(values, { [f]: remove[f] })
      }
      if (choices.email === 'remove') values.emailBouncedAt = remove.emailBouncedAt
      if (!keep.passwordHash && remove.passwordHash) values.passwordHash = remove.passwordHash
      // An opt-out from either record stands.
      const optOuts = [keep.newsletterOptOutAt, remove.newsletterOptOutAt].filter((d): d is Date => d !== null)
      if (optOuts.length) values.newsletterOptOutAt = new Date(Math.min(...optOuts.map((d) => d.getTime())))
      values.importBatchId = null
      // The removed record goes first, so its address is free for the kept one.
      tx.delete(people).where(eq(people.id, removeId)).run()
      tx.update(people)
        .set({ ...values, updatedAt: now })
        .where(eq(people.id, keepId))
        .run()
      const rolesAfter = tx.select().from(personRoles).where(eq(personRoles.personId, keepId)).all().length
      if (rolesAfter !== rolesBefore) tx.delete(authSessions).where(eq(authSessions.personId, keepId)).run()
      recordAudit(
        tx,
        {
          actorId,
          action: 'person.merged',
          entityType: 'person',
          entityId: keepId,
          details: { removedId: removeId, removedName: remove.name, removedEmail: remove.email, moved },
        },
        now,
      )
      return { ok: true as const, moved }
    },
    { behavior: 'immediate' },
  )
}
