/**
 * The implementation tracker (the progress report's Table 1): review items,
 * their milestones with proposed end dates and % complete, and a history of
 * every change with who and when, so a six-monthly update shows what moved.
 */
import { and, asc, desc, eq, gte } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  type LocalisedText,
  people,
  reviewItems,
  reviewMilestoneHistory,
  reviewMilestones,
} from '#db/schema'
import { localise } from '~/lib/localised'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'

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
      percentComplete: own.length ? Math.round(own.reduce((sum, m) => sum + m.percentComplete, 0) / own.length) : 0,
      milestones: own.map((m) => ({
        id: m.id,
        label: m.label,
        title: localised(m.title, language),
        proposedEndDate: m.proposedEndDate,
        percentComplete: m.percentComplete,
        notes: localised(m.notes, language),
        overdue: m.percentComplete < 100 && m.proposedEndDate !== null && m.proposedEndDate < today,
      })),
    }
  })
}

export type MilestoneUpdate = {
  percentComplete: number
  proposedEndDate: string | null
  notes: string
  notesLanguage: Language
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
    const notes: LocalisedText = { ...(before.notes ?? { en: '' }), [update.notesLanguage]: update.notes }
    if (!notes.en) notes.en = update.notes
    const changes: {
      field: 'percent_complete' | 'proposed_end_date' | 'notes'
      oldValue: string | null
      newValue: string | null
    }[] = []
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
    if (changes.length === 0) return true
    tx.update(reviewMilestones)
      .set({ percentComplete: update.percentComplete, proposedEndDate: update.proposedEndDate, notes, updatedAt: now })
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
