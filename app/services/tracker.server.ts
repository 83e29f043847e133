/**
 * The implementation tracker (the progress report's Table 1): review items,
 * their milestones with proposed end dates and % complete, and a history of
 * every change with who and when, so a six-monthly update shows what moved.
 */
import { and, asc, desc, eq, gte, max, ne } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  type LocalisedText,
  type MILESTONE_FIELDS,
  people,
  reviewItems,
  reviewMilestoneHistory,
  reviewMilestones,
} from '#db/schema'
import { localise } from '~/lib/localised'
import { TrackerError } from '~/lib/tracker'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'

type MilestoneField = (typeof MILESTONE_FIELDS)[number]

/** A tracker text in `language`, else English, with the language it is in (pages mark English fallbacks). */
function localised(text: LocalisedText | null, language: Language): { text: string; language: Language } {
  const picked = localise(text, language)
  return { text: picked.value, language: picked.value ? picked.language : 'en' }
}

/** Today's calendar date (YYYY-MM-DD) in UTC, to compare with proposed end dates. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10)
}

export function trackerOverview(db: DB, language: Language, now = new Date()) {
  const today = isoDate(now)
  const items = db.select().from(reviewItems).orderBy(asc(reviewItems.number)).all()
  const milestones = db
    .select()
    .from(reviewMilestones)
    .orderBy(asc(reviewMilestones.reviewItemId), asc(reviewMilestones.position))
    .all()
  return items.map((item) => {
    const own = milestones.filter((m) => m.reviewItemId === item.id)
    return {
      id: item.id,
      number: item.number,
      title: localised(item.title, language),
      description: localised(item.description, language),
      startDate: item.startDate,
      owner: item.owner,
      texts: { title: item.title, description: item.description },
      percentComplete: own.length ? Math.round(own.reduce((sum, m) => sum + m.percentComplete, 0) / own.length) : 0,
      milestones: own.map((m) => ({
        id: m.id,
        label: m.label,
        title: localised(m.title, language),
        proposedEndDate: m.proposedEndDate,
        percentComplete: m.percentComplete,
        notes: localised(m.notes, language),
        heldOverBy: m.heldOverBy ? localised(m.heldOverBy, language) : null,
        overdue: m.percentComplete < 100 && !m.heldOverBy && m.proposedEndDate !== null && m.proposedEndDate < today,
      })),
    }
  })
}

export type MilestoneUpdate = {
  percentComplete: number
  proposedEndDate: string | null
  notes: string
  notesLanguage: Language
  /** The external dependency holding the milestone over, in `notesLanguage`; null when it is not held over. */
  heldOverBy?: string | null
}

type Change = { field: MilestoneField; oldValue: string | null; newValue: string | null }

/** The English text of a held-over dependency (history lines keep one language), else any. */
const dependencyName = (text: LocalisedText | null) => (text ? localise(text, 'en').value : null)

/** A localised text with `value` in `language` (English filled too when it had none). */
function withText(before: LocalisedText | null, language: Language, value: string): LocalisedText {
  const next: LocalisedText = { ...(before ?? { en: '' }), [language]: value }
  if (!next.en) next.en = value
  return next
}

/** Saves a milestone; every changed field gets a history line with who and when. */
export function updateMilestone(
  db: DB,
  { milestoneId, ...update }: MilestoneUpdate & { milestoneId: number },
  { actorId, now = new Date() }: ActorCtx,
): boolean {
  return db.transaction((tx) => {
    const before = tx.select().from(reviewMilestones).where(eq(reviewMilestones.id, milestoneId)).get()
    if (!before) return false
    const notes = withText(before.notes, update.notesLanguage, update.notes)
    // The form shows the dependency in the editor's language, else English: saving it unchanged
    // keeps it as it is; a new name is stored in the editor's language; clearing it ends the hold.
    const oldHold = before.heldOverBy?.[update.notesLanguage] ?? dependencyName(before.heldOverBy)
    const heldOverBy =
      update.heldOverBy === undefined || update.heldOverBy === oldHold
        ? before.heldOverBy
        : update.heldOverBy
          ? withText(before.heldOverBy, update.notesLanguage, update.heldOverBy)
          : null
    const changes: Change[] = []
    if (before.percentComplete !== update.percentComplete) {
      changes.push({
        field: 'percent_complete',
        oldValue: String(before.percentComplete),
        newValue: String(update.percentComplete),
      })
    }
    if (before.proposedEndDate !== update.proposedEndDate) {
      changes.push({ field: 'proposed_end_date', oldValue: before.proposedEndDate, newValue: update.proposedEndDate })
    }
    const oldNotes = before.notes?.[update.notesLanguage] ?? ''
    if (oldNotes !== update.notes) changes.push({ field: 'notes', oldValue: oldNotes, newValue: update.notes })
    const newHold = heldOverBy?.[update.notesLanguage] ?? dependencyName(heldOverBy)
    if (oldHold !== newHold) changes.push({ field: 'held_over', oldValue: oldHold, newValue: newHold })
    if (changes.length === 0) return true
    tx.update(reviewMilestones)
      .set({
        percentComplete: update.percentComplete,
        proposedEndDate: update.proposedEndDate,
        notes,
        heldOverBy,
        updatedAt: now,
      })
      .where(eq(reviewMilestones.id, milestoneId))
      .run()
    for (const c of changes)
      tx.insert(reviewMilestoneHistory)
        .values({ milestoneId, ...c, changedById: actorId, changedAt: now })
        .run()
    recordAudit(tx, {
      actorId,
      action: 'milestone.update',
      entityType: 'review_milestone',
      entityId: milestoneId,
      details: { changes },
    })
    return true
  })
}

/** What moved since a date: each change with the milestone, who made it and when, newest first. */
export function trackerHistory(db: DB, language: Language, since: Date) {
  return db
    .select({
      id: reviewMilestoneHistory.id,
      field: reviewMilestoneHistory.field,
      oldValue: reviewMilestoneHistory.oldValue,
      newValue: reviewMilestoneHistory.newValue,
      changedAt: reviewMilestoneHistory.changedAt,
      by: people.name,
      label: reviewMilestones.label,
      milestoneTitle: reviewMilestones.title,
      itemNumber: reviewItems.number,
    })
    .from(reviewMilestoneHistory)
    .innerJoin(reviewMilestones, eq(reviewMilestones.id, reviewMilestoneHistory.milestoneId))
    .innerJoin(reviewItems, eq(reviewItems.id, reviewMilestones.reviewItemId))
    .leftJoin(people, eq(people.id, reviewMilestoneHistory.changedById))
    .where(and(gte(reviewMilestoneHistory.changedAt, since)))
    .orderBy(desc(reviewMilestoneHistory.changedAt), desc(reviewMilestoneHistory.id))
    .all()
    .map((h) => ({ ...h, milestoneTitle: localised(h.milestoneTitle, language).text }))
}

export type ReviewItemInput = {
  number: number
  title: LocalisedText
  description: LocalisedText
  startDate: string
  owner: string
}

/** Adds a review item (its number is unique: the review's own numbering). */
export function createReviewItem(db: DB, input: ReviewItemInput, { actorId, now = new Date() }: ActorCtx): number {
  return db.transaction((tx) => {
    const taken = tx.select({ id: reviewItems.id }).from(reviewItems).where(eq(reviewItems.number, input.number)).get()
    if (taken) throw new TrackerError('number')
    const id = tx
      .insert(reviewItems)
      .values({ ...input, createdAt: now })
      .returning({ id: reviewItems.id })
      .get().id
    recordAudit(tx, { actorId, action: 'review_item.create', entityType: 'review_item', entityId: id })
    return id
  })
}

/** Changes a review item's number, texts, start date or owner; false when there is no such item. */
export function updateReviewItem(db: DB, itemId: number, input: ReviewItemInput, { actorId }: ActorCtx): boolean {
  return db.transaction((tx) => {
    const before = tx.select().from(reviewItems).where(eq(reviewItems.id, itemId)).get()
    if (!before) return false
    const taken = tx
      .select({ id: reviewItems.id })
      .from(reviewItems)
      .where(and(eq(reviewItems.number, input.number), ne(reviewItems.id, itemId)))
      .get()
    if (taken) throw new TrackerError('number')
    tx.update(reviewItems).set(input).where(eq(reviewItems.id, itemId)).run()
    recordAudit(tx, { actorId, action: 'review_item.update', entityType: 'review_item', entityId: itemId })
    return true
  })
}

export type MilestoneInput = {
  label: string
  title: LocalisedText
  proposedEndDate: string | null
  percentComplete: number
}

/**
 * Adds a milestone at the end of an item; its history starts with a `created` line (with
 * the starting % complete), so a report for a period knows it did not exist before.
 */
export function createMilestone(
  db: DB,
  itemId: number,
  input: MilestoneInput,
  { actorId, now = new Date() }: ActorCtx,
): number | null {
  return db.transaction((tx) => {
    const item = tx.select({ id: reviewItems.id }).from(reviewItems).where(eq(reviewItems.id, itemId)).get()
    if (!item) return null
    const clash = tx
      .select({ id: reviewMilestones.id })
      .from(reviewMilestones)
      .where(and(eq(reviewMilestones.reviewItemId, itemId), eq(reviewMilestones.label, input.label)))
      .get()
    if (clash) throw new TrackerError('label')
    const last = tx
      .select({ position: max(reviewMilestones.position) })
      .from(reviewMilestones)
      .where(eq(reviewMilestones.reviewItemId, itemId))
      .get()
    const id = tx
      .insert(reviewMilestones)
      .values({ reviewItemId: itemId, ...input, position: (last?.position ?? -1) + 1, updatedAt: now })
      .returning({ id: reviewMilestones.id })
      .get().id
    tx.insert(reviewMilestoneHistory)
      .values({
        milestoneId: id,
        field: 'created',
        oldValue: null,
        newValue: String(input.percentComplete),
        changedById: actorId,
        changedAt: now,
      })
      .run()
    recordAudit(tx, { actorId, action: 'milestone.create', entityType: 'review_milestone', entityId: id })
    return id
  })
}

/** Every milestone with its item's number, for pickers (recommendation links). */
export function milestoneChoices(db: DB, language: Language) {
  return db
    .select({
      id: reviewMilestones.id,
      label: reviewMilestones.label,
      title: reviewMilestones.title,
      itemNumber: reviewItems.number,
    })
    .from(reviewMilestones)
    .innerJoin(reviewItems, eq(reviewItems.id, reviewMilestones.reviewItemId))
    .orderBy(asc(reviewItems.number), asc(reviewMilestones.position))
    .all()
    .map((m) => ({ ...m, title: localised(m.title, language).text }))
}
