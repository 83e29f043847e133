/**
 * The six-monthly progress update the Board asked for (resolution 2020.09.10.10): for a
 * chosen period, each tracker item and milestone as it stood at the previous update (the
 * period's start) and at its end, rebuilt from the tracker history; the recommendations'
 * statuses at both dates and what moved between them; and the participation figures of
 * the period beside those of the period before it.
 */
import { asc, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  type LocalisedText,
  people,
  RECOMMENDATION_STATUSES,
  recommendationHistory,
  recommendations,
  type RecommendationStatus,
  REGION_CODES,
  reviewItems,
  reviewMilestoneHistory,
  reviewMilestones,
} from '#db/schema'
import { localise } from '~/lib/localised'

import { makePeriod, type Period, RECORD_KINDS, regionMetrics } from './metrics.server'

type Reader = Pick<DB, 'select' | 'all' | 'get'>
type HistoryRow = typeof reviewMilestoneHistory.$inferSelect

/**
 * A milestone field as it stood just before `at`: the old value of the first change made
 * at or after `at`, else today's value. Changes are sorted oldest first.
 */
function valueAt(changes: HistoryRow[], field: HistoryRow['field'], current: string | null, at: Date) {
  const later = changes.find((c) => c.field === field && c.changedAt.getTime() >= at.getTime())
  return later ? later.oldValue : current
}

/** A milestone exists at `at` unless its `created` line is later (seeded milestones have none: always there). */
function existedAt(changes: HistoryRow[], at: Date) {
  const created = changes.find((c) => c.field === 'created')
  return !created || created.changedAt.getTime() < at.getTime()
}

type MilestoneState = { percentComplete: number; proposedEndDate: string | null; heldOverBy: string | null }

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null

/** What the report covers: the period's first and last day, and the period of the same length before it. */
export function reportPeriods(fromDay: string | null, toDay: string | null, now = new Date()) {
  const period = makePeriod(fromDay, toDay, now)
  const length = period.to.getTime() - period.from.getTime()
  const previous: Period = { from: new Date(period.from.getTime() - length), to: period.from }
  return { period, previous }
}

/** The default period: the last full half-year (January–June or July–December) before `now`. */
export function lastHalfYear(now = new Date()): { from: string; to: string } {
  const y = now.getUTCFullYear()
  return now.getUTCMonth() < 6
    ? { from: `${y - 1}-07-01`, to: `${y - 1}-12-31` }
    : { from: `${y}-01-01`, to: `${y}-06-30` }
}

/** The half-years in which the tracker or a recommendation moved, newest first (quick picks for the report). */
export function halfYearsWithChanges(db: Reader, limit = 6): { from: string; to: string }[] {
  const rows = db.all<{ y: string; h: number }>(
    sql`select distinct strftime('%Y', at / 1000, 'unixepoch') as y, (cast(strftime('%m', at / 1000, 'unixepoch') as integer) - 1) / 6 as h
        from (select changed_at as at from review_milestone_history union all select changed_at as at from recommendation_history)
        order by y desc, h desc limit ${limit}`,
  )
  return rows.map((r) =>
    r.h === 0 ? { from: `${r.y}-01-01`, to: `${r.y}-06-30` } : { from: `${r.y}-07-01`, to: `${r.y}-12-31` },
  )
}

export function progressReport(db: Reader, fromDay: string, toDay: string, language: Language, now = new Date()) {
  const { period, previous } = reportPeriods(fromDay, toDay, now)
  const start = period.from
  const end = period.to
  const inPeriod = (d: Date) => d.getTime() >= start.getTime() && d.getTime() < end.getTime()

  // ── The tracker, at the start and at the end ──
  const items = db.select().from(reviewItems).orderBy(asc(reviewItems.number)).all()
  const milestones = db
    .select()
    .from(reviewMilestones)
    .orderBy(asc(reviewMilestones.reviewItemId), asc(reviewMilestones.position))
    .all()
  const history = db
    .select({ h: reviewMilestoneHistory, by: people.name })
    .from(reviewMilestoneHistory)
    .leftJoin(people, eq(people.id, reviewMilestoneHistory.changedById))
    .orderBy(asc(reviewMilestoneHistory.changedAt), asc(reviewMilestoneHistory.id))
    .all()
  const changesOf = (id: number) => history.filter((r) => r.h.milestoneId === id).map((r) => r.h)
  const stateAt = (m: (typeof milestones)[number], at: Date): MilestoneState | null => {
    const changes = changesOf(m.id)
    if (!existedAt(changes, at)) return null
    const held = valueAt(changes, 'held_over', m.heldOverBy ? localise(m.heldOverBy, language).value : null, at)
    return {
      percentComplete: Number(valueAt(changes, 'percent_complete', String(m.percentComplete), at) ?? 0),
      proposedEndDate: valueAt(changes, 'proposed_end_date', m.proposedEndDate, at),
      heldOverBy: held || null,
    }
  }
  // An item that starts after the period is left out; so is a milestone added after it.
  const tracker = items
    .filter((item) => item.startDate <= period.toText)
    .map((item) => {
      const own = milestones
        .filter((m) => m.reviewItemId === item.id)
        .map((m) => ({
          id: m.id,
          label: m.label,
          title: localise(m.title, language),
          notes: localise(m.notes, language),
          before: stateAt(m, start),
          after: stateAt(m, end),
        }))
        .filter((m) => m.after !== null)
      return {
        id: item.id,
        number: item.number,
        title: localise(item.title, language),
        owner: item.owner,
        percentBefore: mean(own.flatMap((m) => (m.before ? [m.before.percentComplete] : []))),
        percentAfter: mean(own.map((m) => m.after!.percentComplete)),
        milestones: own.map((m) => ({
          ...m,
          after: m.after!,
          isNew: m.before === null,
          changed:
            m.before === null ||
            m.before.percentComplete !== m.after!.percentComplete ||
            m.before.proposedEndDate !== m.after!.proposedEndDate ||
            m.before.heldOverBy !== m.after!.heldOverBy,
          overdue:
            m.after!.percentComplete < 100 &&
            !m.after!.heldOverBy &&
            m.after!.proposedEndDate !== null &&
            m.after!.proposedEndDate < period.toText,
        })),
      }
    })
  const milestoneIndex = new Map(
    milestones.map((m) => [
      m.id,
      { label: m.label, itemNumber: items.find((i) => i.id === m.reviewItemId)?.number, heldOverBy: m.heldOverBy },
    ]),
  )
  // A dependency's name is kept in one language in the history; today's translation of the same name reads better.
  const dependency = (value: string | null, current: LocalisedText | null) =>
    value && current && Object.values(current).includes(value) ? localise(current, language).value : value
  const trackerChanges = history
    .filter((r) => inPeriod(r.h.changedAt))
    .map((r) => {
      const { heldOverBy, ...where } = milestoneIndex.get(r.h.milestoneId)!
      const held = r.h.field === 'held_over'
      return {
        id: r.h.id,
        field: r.h.field,
        oldValue: held ? dependency(r.h.oldValue, heldOverBy) : r.h.oldValue,
        newValue: held ? dependency(r.h.newValue, heldOverBy) : r.h.newValue,
        changedAt: r.h.changedAt,
        by: r.by,
        ...where,
      }
    })

  // ── Recommendations: status at both dates, and each move in between ──
  const recs = db
    .select({
      id: recommendations.id,
      reference: recommendations.reference,
      text: recommendations.text,
      status: recommendations.status,
    })
    .from(recommendations)
    .orderBy(asc(recommendations.reference))
    .all()
  const moves = db
    .select()
    .from(recommendationHistory)
    .orderBy(asc(recommendationHistory.changedAt), asc(recommendationHistory.id))
    .all()
  const statusAt = (id: number, at: Date): RecommendationStatus | null =>
    moves.filter((h) => h.recommendationId === id && h.changedAt.getTime() < at.getTime()).at(-1)?.status ?? null
  const tally = (at: Date) => {
    const counts = Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<
      RecommendationStatus,
      number
    >
    for (const r of recs) {
      const s = statusAt(r.id, at)
      if (s) counts[s] += 1
    }
    return counts
  }
  const byId = new Map(recs.map((r) => [r.id, r]))
  const recommendationMoves = moves
    .map((h, index) => ({ h, index }))
    .filter(({ h }) => inPeriod(h.changedAt))
    .map(({ h, index }) => {
      const r = byId.get(h.recommendationId)!
      // The status it left: its previous line (the history is in order).
      const before = moves
        .slice(0, index)
        .filter((m) => m.recommendationId === h.recommendationId)
        .at(-1)
      return {
        id: h.id,
        reference: r.reference,
        text: localise(r.text, language),
        from: before?.status ?? null,
        to: h.status,
        note: h.note ? localise(h.note, language) : null,
        changedAt: h.changedAt,
      }
    })

  // ── Participation: this period beside the one before ──
  const figures = (p: Period) => {
    const regions = regionMetrics(db, p)
    // Every record counts in the totals, those of people without a region too.
    const byKind = db.all<{ kind: (typeof RECORD_KINDS)[number]; n: number }>(
      sql`select kind, count(*) as n from participation_records where occurred_at >= ${p.from.getTime()} and occurred_at < ${p.to.getTime()} group by kind`,
    )
    const totals = Object.fromEntries(RECORD_KINDS.map((k) => [k, byKind.find((r) => r.kind === k)?.n ?? 0])) as Record<
      (typeof RECORD_KINDS)[number],
      number
    >
    return {
      regions: regions.map((r) => ({ regionCode: r.regionCode, total: r.total, activePeople: r.activePeople })),
      totals,
      total: byKind.reduce((sum, r) => sum + r.n, 0),
    }
  }
  const current = figures(period)
  const before = figures(previous)

  return {
    language,
    from: period.fromText,
    to: period.toText,
    previousFrom: previous.from.toISOString().slice(0, 10),
    tracker,
    trackerChanges,
    recommendations: {
      before: tally(start),
      after: tally(end),
      total: recs.filter((r) => statusAt(r.id, end) !== null).length,
      moves: recommendationMoves,
    },
    participation: {
      kinds: RECORD_KINDS.map((kind) => ({ kind, now: current.totals[kind], before: before.totals[kind] })),
      regions: REGION_CODES.map((code) => ({
        regionCode: code,
        now: current.regions.find((r) => r.regionCode === code)!,
        before: before.regions.find((r) => r.regionCode === code)!,
      })),
      total: { now: current.total, before: before.total },
    },
  }
}

export type ProgressReport = ReturnType<typeof progressReport>
