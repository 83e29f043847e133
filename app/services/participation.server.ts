/**
 * What staff record by hand for the participation metrics: working-group
 * meetings with their attendance, policy statements with penholders, and
 * drafting-team volunteers. Each fact also becomes a participation record.
 */
import { asc, count, eq } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  meetingAttendance,
  participationRecords,
  people,
  policyStatements,
  statementContributors,
  type StatementKind,
  type StatementStage,
  workingGroupMeetings,
  workingGroups,
} from '#db/schema'
import { emailsByLine, type LineProblem } from '~/lib/pasted-emails'

import { recordAudit } from './audit.server'
import { emailIs } from './people.server'
import { insertHeldMeeting } from './working-group-meetings.server'

type Tx = Pick<DB, 'select' | 'insert' | 'update' | 'delete'>
type Kind = (typeof participationRecords.$inferInsert)['kind']

/** One participation record for a person, with their region and structure as they are now. */
export function recordFor(
  tx: Tx,
  personId: number,
  kind: Kind,
  sourceType: string,
  sourceId: number,
  occurredAt: Date,
) {
  const p = tx
    .select({ regionCode: people.regionCode, structureId: people.structureId })
    .from(people)
    .where(eq(people.id, personId))
    .get()
  if (!p) return
  tx.insert(participationRecords)
    .values({ personId, kind, sourceType, sourceId, occurredAt, regionCode: p.regionCode, structureId: p.structureId })
    .onConflictDoNothing()
    .run()
}

// ─── Working groups and meetings ──────────────────────────────────────────

export function addMeeting(
  db: DB,
  workingGroupId: number,
  input: { heldAt: Date; title: string },
  actorId: number,
): number | null {
  return db.transaction((tx) => {
    if (!tx.select({ id: workingGroups.id }).from(workingGroups).where(eq(workingGroups.id, workingGroupId)).get())
      return null
    const id = insertHeldMeeting(tx, { groupId: workingGroupId, heldAt: input.heldAt, title: input.title }).meetingId
    recordAudit(tx, {
      actorId,
      action: 'meeting.created',
      entityType: 'working_group_meeting',
      entityId: id,
      details: { workingGroupId, heldAt: input.heldAt.toISOString() },
    })
    return id
  })
}

export type BulkResult = { stored: number; already: number; failed: LineProblem[] }

/** Bulk attendance: every line with a known address is stored; the others are reported, nothing else is lost. */
export function recordMeetingAttendance(db: DB, meetingId: number, text: string, actorId: number): BulkResult | null {
  return db.transaction(
    (tx) => {
      const meeting = tx.select().from(workingGroupMeetings).where(eq(workingGroupMeetings.id, meetingId)).get()
      if (!meeting) return null
      const result: BulkResult = { stored: 0, already: 0, failed: [] }
      for (const l of emailsByLine(text)) {
        if (!l.email) {
          result.failed.push({ line: l.line, text: l.text, reason: 'noEmail' })
          continue
        }
        const person = tx.select({ id: people.id }).from(people).where(emailIs(l.email)).get()
        if (!person) {
          result.failed.push({ line: l.line, text: l.text, reason: 'unknown' })
          continue
        }
        const inserted = tx
          .insert(meetingAttendance)
          .values({ meetingId, personId: person.id })
          .onConflictDoNothing()
          .run()
        if (inserted.changes === 0) {
          result.already++
          continue
        }
        recordFor(tx, person.id, 'working_group_meeting_attended', 'working_group_meeting', meetingId, meeting.heldAt)
        result.stored++
      }
      recordAudit(tx, {
        actorId,
        action: 'meeting.attendance',
        entityType: 'working_group_meeting',
        entityId: meetingId,
        details: { stored: result.stored, failed: result.failed.length },
      })
      return result
    },
    { behavior: 'immediate' },
  )
}

// ─── Policy statements ────────────────────────────────────────────────────

/** Everyone who has held the pen, for the filter. */
export function listPenholders(db: Pick<DB, 'selectDistinct'>) {
  return db
    .selectDistinct({ id: people.id, name: people.name })
    .from(statementContributors)
    .innerJoin(people, eq(people.id, statementContributors.personId))
    .where(eq(statementContributors.role, 'penholder'))
    .orderBy(asc(people.name))
    .all()
}

export function listTopics(db: Pick<DB, 'select'>, known: readonly string[]): string[] {
  const used = db
    .select({ topics: policyStatements.topics })
    .from(policyStatements)
    .all()
    .flatMap((r) => r.topics)
  return [...new Set([...known, ...used])].sort((a, b) => a.localeCompare(b))
}

export type StatementInput = {
  title: string
  topics: string[]
  publishedAt: Date
  url: string | null
  penholders: string
  volunteers: string
  kind?: StatementKind
  /** Where it starts: a call for volunteers, or already submitted when recorded afterwards. */
  stage?: StatementStage
  texts?: Partial<Record<Language, { title: string; summary: string }>>
  commentUrl?: string | null
  deadline?: string | null
}

/**
 * A statement with its penholders and volunteers given as address lists; unknown addresses are reported, the
 * rest stored.
 */
export function createStatement(db: DB, input: StatementInput, actorId: number): { id: number; failed: LineProblem[] } {
  return db.transaction(
    (tx) => {
      const id = tx
        .insert(policyStatements)
        .values({
          title: input.title,
          topics: input.topics,
          publishedAt: input.publishedAt,
          url: input.url,
          kind: input.kind ?? 'public_comment',
          stage: input.stage ?? 'submitted',
          texts: input.texts ?? { en: { title: input.title, summary: '' } },
          stageDates: { [input.stage ?? 'submitted']: input.publishedAt.toISOString().slice(0, 10) },
          commentUrl: input.commentUrl ?? null,
          deadline: input.deadline ?? null,
        })
        .returning({ id: policyStatements.id })
        .get().id
      const failed = [
        ...addContributors(tx, id, input.publishedAt, input.penholders, 'penholder'),
        ...addContributors(tx, id, input.publishedAt, input.volunteers, 'drafting_volunteer'),
      ]
      recordAudit(tx, {
        actorId,
        action: 'statement.created',
        entityType: 'policy_statement',
        entityId: id,
        details: { title: input.title },
      })
      return { id, failed }
    },
    { behavior: 'immediate' },
  )
}

export function addVolunteers(
  db: DB,
  statementId: number,
  text: string,
  actorId: number,
): { stored: number; failed: LineProblem[] } | null {
  return db.transaction(
    (tx) => {
      const statement = tx.select().from(policyStatements).where(eq(policyStatements.id, statementId)).get()
      if (!statement) return null
      const before = tx
        .select({ n: count() })
        .from(statementContributors)
        .where(eq(statementContributors.statementId, statementId))
        .get()!.n
      const failed = addContributors(tx, statementId, statement.publishedAt, text, 'drafting_volunteer')
      const after = tx
        .select({ n: count() })
        .from(statementContributors)
        .where(eq(statementContributors.statementId, statementId))
        .get()!.n
      recordAudit(tx, {
        actorId,
        action: 'statement.volunteers',
        entityType: 'policy_statement',
        entityId: statementId,
        details: { added: after - before },
      })
      return { stored: after - before, failed }
    },
    { behavior: 'immediate' },
  )
}

function addContributors(
  tx: Tx,
  statementId: number,
  at: Date,
  text: string,
  role: 'penholder' | 'drafting_volunteer',
): LineProblem[] {
  const failed: LineProblem[] = []
  for (const l of emailsByLine(text)) {
    const person = l.email ? tx.select({ id: people.id }).from(people).where(emailIs(l.email)).get() : undefined
    if (!person) {
      failed.push({ line: l.line, text: l.text, reason: l.email ? 'unknown' : 'noEmail' })
      continue
    }
    const inserted = tx
      .insert(statementContributors)
      .values({ statementId, personId: person.id, role })
      .onConflictDoNothing()
      .run()
    if (inserted.changes)
      recordFor(
        tx,
        person.id,
        role === 'penholder' ? 'statement_penholder' : 'drafting_volunteer',
        'policy_statement',
        statementId,
        at,
      )
  }
  return failed
}
