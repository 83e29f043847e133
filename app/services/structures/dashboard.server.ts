/**
 * The accreditation dashboard, computed from `accreditation_history` (decision 014): where
 * structures stand by region and status, what happened each year (applications,
 * accreditations, rejections, withdrawals, decertifications) with the number accredited
 * at each year's end, and the median time each step of an application took.
 */
import { asc, eq, min } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  ACCREDITATION_STATUSES,
  accreditationHistory,
  type AccreditationStatus,
  type AccreditationStep,
  REGION_CODES,
  type RegionCode,
  structures,
} from '#db/schema'
import { type Phase, PHASES, YEARLY_STEPS, type YearlyStep } from '~/lib/accreditation-dashboard'

type Reader = Pick<DB, 'select'>

const PHASE_BOUNDS: Record<Phase, { from: AccreditationStep[]; to: AccreditationStep[] }> = {
  waiting: { from: ['applied'], to: ['diligence_started'] },
  diligence: { from: ['diligence_started'], to: ['diligence_done'] },
  raloAdvice: { from: ['diligence_done'], to: ['ralo_advice'] },
  alacDecision: { from: ['ralo_advice'], to: ['accredited', 'rejected'] },
  total: { from: ['applied'], to: ['accredited', 'rejected'] },
}

/** Statuses in which a structure counts as accredited (a review does not suspend it). */
const ACCREDITED: AccreditationStatus[] = ['accredited', 'under_review']

const DAY = 86400_000

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function accreditationDashboard(
  db: Reader,
  { region = null, now = new Date() }: { region?: RegionCode | null; now?: Date } = {},
) {
  const all = db
    .select({
      id: structures.id,
      regionCode: structures.regionCode,
      status: structures.accreditationStatus,
    })
    .from(structures)
    .all()
  // Where structures stand now, every region (the filter narrows the rest).
  const standing = REGION_CODES.map((regionCode) => ({
    regionCode,
    counts: Object.fromEntries(
      ACCREDITATION_STATUSES.map((st) => [
        st,
        all.filter((s) => s.regionCode === regionCode && s.status === st).length,
      ]),
    ) as Record<AccreditationStatus, number>,
  }))

  const history = db
    .select({
      structureId: accreditationHistory.structureId,
      step: accreditationHistory.step,
      status: accreditationHistory.status,
      changedAt: accreditationHistory.changedAt,
    })
    .from(accreditationHistory)
    .innerJoin(structures, eq(structures.id, accreditationHistory.structureId))
    .where(region ? eq(structures.regionCode, region) : undefined)
    .orderBy(asc(accreditationHistory.structureId), asc(accreditationHistory.changedAt), asc(accreditationHistory.id))
    .all()
  const byStructure = new Map<number, typeof history>()
  for (const h of history) {
    const list = byStructure.get(h.structureId) ?? []
    list.push(h)
    byStructure.set(h.structureId, list)
  }

  // Per year: steps taken, and how many were accredited when the year ended.
  // Every region's table starts in the same year (the first of any history), so they line up.
  const thisYear = now.getUTCFullYear()
  const first = db
    .select({ at: min(accreditationHistory.changedAt) })
    .from(accreditationHistory)
    .get()?.at
  const firstYear = first ? Math.min(first.getUTCFullYear(), thisYear) : thisYear
  const years = []
  for (let year = firstYear; year <= thisYear; year++) {
    const end = Date.UTC(year + 1, 0, 1)
    const counts = Object.fromEntries(YEARLY_STEPS.map((st) => [st, 0])) as Record<YearlyStep, number>
    for (const h of history) {
      if (h.changedAt.getUTCFullYear() === year && (YEARLY_STEPS as readonly string[]).includes(h.step))
        counts[h.step as YearlyStep]++
    }
    let accreditedAtEnd = 0
    for (const list of byStructure.values()) {
      const last = list.filter((h) => h.changedAt.getTime() < end).at(-1)
      if (last && ACCREDITED.includes(last.status)) accreditedAtEnd++
    }
    years.push({ year, counts, accreditedAtEnd })
  }

  // The median days each phase took, over the applications that went through it.
  const spans = Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>
  for (const list of byStructure.values()) {
    for (const phase of PHASES) {
      const { from, to } = PHASE_BOUNDS[phase]
      // Each time the phase starts (a structure may apply twice), to the first end after it.
      list.forEach((h, i) => {
        if (!from.includes(h.step)) return
        const end = list.slice(i + 1).find((x) => to.includes(x.step))
        const restarted = list.slice(i + 1, end ? list.indexOf(end) : undefined).some((x) => from.includes(x.step))
        if (end && !restarted) spans[phase].push((end.changedAt.getTime() - h.changedAt.getTime()) / DAY)
      })
    }
  }
  const phases = PHASES.map((phase) => ({
    phase,
    medianDays: median(spans[phase]) === null ? null : Math.round(median(spans[phase])! * 10) / 10,
    applications: spans[phase].length,
  }))
  return { standing, years, phases }
}
