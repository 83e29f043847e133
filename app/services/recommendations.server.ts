/**
 * Recommendations from a summit's thematic group report, a survey analysis or a review
 * item: text per language, an owner, a status that moves proposed → accepted → in progress
 * → implemented (or to rejected, with the reason), each status dated in a history, and
 * the tracker milestones that carry them out. A summit's public page lists its own.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  events,
  eventTranslations,
  type Language,
  type LocalisedText,
  people,
  RECOMMENDATION_STATUSES,
  recommendationHistory,
  recommendationMilestones,
  recommendations,
  type RecommendationSource,
  type RecommendationStatus,
  reviewItems,
  reviewMilestones,
  surveys,
  workingGroups,
} from '#db/schema'
import { localise } from '~/lib/localised'
import { TrackerError } from '~/lib/tracker'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'

type Reader = Pick<DB, 'select'>

/** The way forward from each status; rejection is possible until a recommendation is implemented. */
const NEXT: Record<RecommendationStatus, RecommendationStatus[]> = {
  proposed: ['accepted', 'rejected'],
  accepted: ['in_progress', 'rejected'],
  in_progress: ['implemented', 'rejected'],
  implemented: [],
  rejected: [],
}

export function nextStatuses(status: RecommendationStatus): RecommendationStatus[] {
  return NEXT[status]
}

export type RecommendationInput = {
  reference: string
  text: LocalisedText
  owner: string
  source: { kind: RecommendationSource; id: number }
  milestoneIds: number[]
}

export type RecommendationResult = { ok: true; id: number } | { ok: false; error: 'source' | 'milestones' }

/**
 * The summit a source belongs to (a thematic group's or a survey's event), or null for a
 * review item; undefined when the source does not exist.
 */
function sourceEvent(tx: Reader, source: RecommendationInput['source']): number | null | undefined {
  if (source.kind === 'summit_group') {
    const g = tx
      .select({ eventId: workingGroups.eventId })
      .from(workingGroups)
      .where(and(eq(workingGroups.id, source.id), eq(workingGroups.kind, 'thematic')))
      .get()
    return g ? g.eventId : undefined
  }
  if (source.kind === 'survey') {
    const s = tx.select({ eventId: surveys.eventId }).from(surveys).where(eq(surveys.id, source.id)).get()
    return s ? s.eventId : undefined
  }
  const item = tx.select({ id: reviewItems.id }).from(reviewItems).where(eq(reviewItems.id, source.id)).get()
  return item ? null : undefined
}

const sourceColumns = (source: RecommendationInput['source']) => ({
  sourceKind: source.kind,
  sourceWorkingGroupId: source.kind === 'summit_group' ? source.id : null,
  sourceSurveyId: source.kind === 'survey' ? source.id : null,
  sourceReviewItemId: source.kind === 'review_item' ? source.id : null,
})

function milestonesExist(tx: Reader, ids: number[]): boolean {
  if (ids.length === 0) return true
  const found = tx
    .select({ id: reviewMilestones.id })
    .from(reviewMilestones)
    .where(inArray(reviewMilestones.id, ids))
    .all()
  return found.length === new Set(ids).size
}

function referenceTaken(tx: Reader, reference: string, except: number | null): boolean {
  const row = tx
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(sql`lower(${recommendations.reference}) = lower(${reference})`)
    .get()
  return Boolean(row && row.id !== except)
}

function linkMilestones(tx: Pick<DB, 'insert' | 'delete'>, recommendationId: number, ids: number[]) {
  tx.delete(recommendationMilestones).where(eq(recommendationMilestones.recommendationId, recommendationId)).run()
  for (const milestoneId of new Set(ids)) {
    tx.insert(recommendationMilestones).values({ recommendationId, milestoneId }).run()
  }
}

/**
 * Records a new recommendation as proposed (dated in its history). Throws
 * TrackerError('reference') when the reference is taken.
 */
export function createRecommendation(
  db: DB,
  input: RecommendationInput,
  { actorId, now = new Date() }: ActorCtx,
): RecommendationResult {
  return db.transaction((tx): RecommendationResult => {
    const eventId = sourceEvent(tx, input.source)
    if (eventId === undefined) return { ok: false, error: 'source' }
    if (!milestonesExist(tx, input.milestoneIds)) return { ok: false, error: 'milestones' }
    if (referenceTaken(tx, input.reference, null)) throw new TrackerError('reference')
    const id = tx
      .insert(recommendations)
      .values({
        eventId,
        reference: input.reference,
        text: input.text,
        owner: input.owner,
        ...sourceColumns(input.source),
        status: 'proposed',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: recommendations.id })
      .get().id
    tx.insert(recommendationHistory)
      .values({ recommendationId: id, status: 'proposed', changedById: actorId, changedAt: now })
      .run()
    linkMilestones(tx, id, input.milestoneIds)
    recordAudit(tx, { actorId, action: 'recommendation.create', entityType: 'recommendation', entityId: id })
    return { ok: true, id }
  })
}

/** Changes a recommendation's text, owner, source and milestones (its status moves by `setStatus`). */
export function updateRecommendation(
  db: DB,
  id: number,
  input: RecommendationInput,
  { actorId, now = new Date() }: ActorCtx,
): RecommendationResult | null {
  return db.transaction((tx): RecommendationResult | null => {
    const before = tx.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.id, id)).get()
    if (!before) return null
    const eventId = sourceEvent(tx, input.source)
    if (eventId === undefined) return { ok: false, error: 'source' }
    if (!milestonesExist(tx, input.milestoneIds)) return { ok: false, error: 'milestones' }
    if (referenceTaken(tx, input.reference, id)) throw new TrackerError('reference')
    tx.update(recommendations)
      .set({
        eventId,
        reference: input.reference,
        text: input.text,
        owner: input.owner,
        ...sourceColumns(input.source),
        updatedAt: now,
      })
      .where(eq(recommendations.id, id))
      .run()
    linkMilestones(tx, id, input.milestoneIds)
    recordAudit(tx, { actorId, action: 'recommendation.update', entityType: 'recommendation', entityId: id })
    return { ok: true, id }
  })
}

export type StatusResult = { ok: true } | { ok: false; error: 'notFound' | 'badTransition' | 'reason' }

/** Moves a recommendation on; a rejection needs its reason (kept in the history and shown publicly). */
export function setRecommendationStatus(
  db: DB,
  { id, status, reason, language }: { id: number; status: RecommendationStatus; reason: string; language: Language },
  { actorId, now = new Date() }: ActorCtx,
): StatusResult {
  return db.transaction((tx): StatusResult => {
    const r = tx.select().from(recommendations).where(eq(recommendations.id, id)).get()
    if (!r) return { ok: false, error: 'notFound' }
    if (!NEXT[r.status].includes(status)) return { ok: false, error: 'badTransition' }
    const note: LocalisedText | null = reason ? { en: reason, [language]: reason } : null
    if (status === 'rejected' && !note) return { ok: false, error: 'reason' }
    tx.update(recommendations)
      .set({ status, rejectionReason: status === 'rejected' ? note : null, updatedAt: now })
      .where(eq(recommendations.id, id))
      .run()
    tx.insert(recommendationHistory)
      .values({ recommendationId: id, status, note, changedById: actorId, changedAt: now })
      .run()
    recordAudit(tx, {
      actorId,
      action: 'recommendation.status',
      entityType: 'recommendation',
      entityId: id,
      details: { from: r.status, to: status },
    })
    return { ok: true }
  })
}

/** A localised text with the language it is in (pages mark a fallback). */
function picked(text: LocalisedText | null, language: Language) {
  const p = localise(text, language)
  return { text: p.value, language: p.language, fallback: p.fallback }
}

/** Names of every possible source, for labels and the form's choices. */
export function recommendationSources(db: Reader, language: Language) {
  const groups = db
    .select({
      id: workingGroups.id,
      name: workingGroups.name,
      topic: workingGroups.topic,
      eventId: workingGroups.eventId,
      summit: eventTranslations.title,
    })
    .from(workingGroups)
    .leftJoin(
      eventTranslations,
      and(eq(eventTranslations.eventId, workingGroups.eventId), eq(eventTranslations.language, 'en')),
    )
    .where(eq(workingGroups.kind, 'thematic'))
    .orderBy(asc(workingGroups.id))
    .all()
  const surveyRows = db.select({ id: surveys.id, title: surveys.title }).from(surveys).orderBy(asc(surveys.id)).all()
  const items = db
    .select({ id: reviewItems.id, number: reviewItems.number, title: reviewItems.title })
    .from(reviewItems)
    .orderBy(asc(reviewItems.number))
    .all()
  return {
    summit_group: groups.map((g) => ({
      id: g.id,
      label: `${localise(g.name, language).value}: ${localise(g.topic, language).value}`,
    })),
    survey: surveyRows.map((s) => ({ id: s.id, label: localise(s.title, language).value })),
    review_item: items.map((i) => ({ id: i.id, label: `#${i.number} ${localise(i.title, language).value}` })),
  }
}

export type RecommendationFilters = { eventId?: number; status?: RecommendationStatus | null; id?: number }

/**
 * Recommendations in the reader's language (fallback marked), with their source,
 * milestones, history and when the status last moved.
 */
export function listRecommendations(db: Reader, language: Language, filters: RecommendationFilters = {}) {
  const conditions = [
    filters.eventId !== undefined ? eq(recommendations.eventId, filters.eventId) : undefined,
    filters.status ? eq(recommendations.status, filters.status) : undefined,
    filters.id !== undefined ? eq(recommendations.id, filters.id) : undefined,
  ].filter(Boolean)
  const rows = db
    .select({ r: recommendations, summitSlug: events.slug })
    .from(recommendations)
    .leftJoin(events, eq(events.id, recommendations.eventId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(recommendations.reference))
    .all()
    .map(({ r, summitSlug }) => ({ ...r, summitSlug }))
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const sources = recommendationSources(db, language)
  const label = (r: (typeof rows)[number]) => {
    const id = r.sourceWorkingGroupId ?? r.sourceSurveyId ?? r.sourceReviewItemId
    return sources[r.sourceKind].find((s) => s.id === id)?.label ?? ''
  }
  const links = db
    .select({
      recommendationId: recommendationMilestones.recommendationId,
      id: reviewMilestones.id,
      label: reviewMilestones.label,
      title: reviewMilestones.title,
      percentComplete: reviewMilestones.percentComplete,
      heldOverBy: reviewMilestones.heldOverBy,
      itemNumber: reviewItems.number,
    })
    .from(recommendationMilestones)
    .innerJoin(reviewMilestones, eq(reviewMilestones.id, recommendationMilestones.milestoneId))
    .innerJoin(reviewItems, eq(reviewItems.id, reviewMilestones.reviewItemId))
    .where(inArray(recommendationMilestones.recommendationId, ids))
    .orderBy(asc(reviewItems.number), asc(reviewMilestones.position))
    .all()
  const history = db
    .select({
      id: recommendationHistory.id,
      recommendationId: recommendationHistory.recommendationId,
      status: recommendationHistory.status,
      note: recommendationHistory.note,
      changedAt: recommendationHistory.changedAt,
      by: people.name,
    })
    .from(recommendationHistory)
    .leftJoin(people, eq(people.id, recommendationHistory.changedById))
    .where(inArray(recommendationHistory.recommendationId, ids))
    .orderBy(asc(recommendationHistory.changedAt), asc(recommendationHistory.id))
    .all()
  return rows.map((r) => {
    const own = history.filter((h) => h.recommendationId === r.id)
    return {
      id: r.id,
      eventId: r.eventId,
      summitSlug: r.summitSlug,
      reference: r.reference,
      text: picked(r.text, language),
      texts: r.text,
      owner: r.owner,
      status: r.status,
      rejectionReason: r.rejectionReason ? picked(r.rejectionReason, language) : null,
      source: {
        kind: r.sourceKind,
        id: (r.sourceWorkingGroupId ?? r.sourceSurveyId ?? r.sourceReviewItemId)!,
        label: label(r),
      },
      milestones: links
        .filter((l) => l.recommendationId === r.id)
        .map((l) => ({
          id: l.id,
          label: l.label,
          itemNumber: l.itemNumber,
          title: localise(l.title, language).value,
          percentComplete: l.percentComplete,
          heldOverBy: l.heldOverBy ? localise(l.heldOverBy, language).value : null,
        })),
      history: own.map((h) => ({
        id: h.id,
        status: h.status,
        note: h.note ? picked(h.note, language) : null,
        changedAt: h.changedAt,
        by: h.by,
      })),
      statusSince: own.at(-1)?.changedAt ?? r.createdAt,
    }
  })
}

export type RecommendationRow = ReturnType<typeof listRecommendations>[number]

/** One recommendation for its staff page, or null. */
export function getRecommendation(db: Reader, id: number, language: Language) {
  return listRecommendations(db, language, { id })[0] ?? null
}

/**
 * A summit's public recommendations page: each thematic group's report (with its link)
 * and its recommendations, then those from other sources (the post-summit survey).
 */
export function summitRecommendations(db: Reader, summitId: number, language: Language) {
  const rows = listRecommendations(db, language, { eventId: summitId })
  const reports = db
    .select({
      id: workingGroups.id,
      name: workingGroups.name,
      topic: workingGroups.topic,
      reportUrl: workingGroups.reportUrl,
    })
    .from(workingGroups)
    .where(and(eq(workingGroups.eventId, summitId), eq(workingGroups.kind, 'thematic')))
    .orderBy(asc(workingGroups.id))
    .all()
  const groups = reports.map((g) => ({
    key: `group-${g.id}`,
    name: localise(g.name, language).value,
    topic: localise(g.topic, language),
    reportUrl: g.reportUrl,
    recommendations: rows.filter((r) => r.source.kind === 'summit_group' && r.source.id === g.id),
  }))
  const others = rows.filter((r) => r.source.kind !== 'summit_group')
  return {
    total: rows.length,
    counts: Object.fromEntries(
      RECOMMENDATION_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]),
    ) as Record<RecommendationStatus, number>,
    groups: groups.filter((g) => g.recommendations.length > 0),
    others,
  }
}
