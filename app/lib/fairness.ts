/**
 * The time-zone fairness planner's arithmetic: for a slot, the share of an audience (per
 * region) for whom it falls between 07:00 and 22:00 local time; the best slots of a week;
 * how a series' inconvenient hours fall on each region, and a rotation that shares them.
 * Local times come from Intl with each person's zone (daylight saving included), never
 * from hand-made offsets.
 */
export const DAY_START_MINUTES = 7 * 60
export const DAY_END_MINUTES = 22 * 60
const MINUTE = 60_000
const WEEK = 7 * 24 * 60 * MINUTE

/** People of one region in one zone (the planner works per zone, not per person). */
export type ZoneGroup = { region: string; timeZone: string; people: number }
export type Share = { people: number; convenient: number; share: number }
export type RegionShare = Share & { region: string }

const formatters = new Map<string, Intl.DateTimeFormat>()
/** Minutes since local midnight, and the local day, of an instant in a zone. */
export function localClock(instant: number, timeZone: string): { day: string; minutes: number } {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) }
}

/** Whether a meeting from `start` for `durationMinutes` lies within 07:00–22:00 of one local day. */
export function isConvenient(start: number, durationMinutes: number, timeZone: string): boolean {
  const from = localClock(start, timeZone)
  const to = localClock(start + durationMinutes * MINUTE, timeZone)
  return from.day === to.day && from.minutes >= DAY_START_MINUTES && to.minutes <= DAY_END_MINUTES
}

const share = (people: number, convenient: number): Share => ({
  people,
  convenient,
  share: people ? convenient / people : 0,
})

/** Per region (in the order given) and overall: who can attend this slot at a reasonable hour. */
export function slotShares(groups: ZoneGroup[], start: number, durationMinutes: number, regions: string[]) {
  const byRegion = new Map(regions.map((r) => [r, { people: 0, convenient: 0 }]))
  for (const g of groups) {
    const r = byRegion.get(g.region) ?? { people: 0, convenient: 0 }
    r.people += g.people
    if (isConvenient(start, durationMinutes, g.timeZone)) r.convenient += g.people
    byRegion.set(g.region, r)
  }
  const perRegion: RegionShare[] = [...byRegion].map(([region, r]) => ({ region, ...share(r.people, r.convenient) }))
  const total = perRegion.reduce((a, r) => ({ people: a.people + r.people, convenient: a.convenient + r.convenient }), {
    people: 0,
    convenient: 0,
  })
  return { regions: perRegion, overall: share(total.people, total.convenient) }
}

/** The lowest share among regions that have people (how badly the slot treats the worst-off region). */
const worst = (regions: RegionShare[]) => Math.min(...regions.filter((r) => r.people > 0).map((r) => r.share), 1)

export type SlotScore = { start: number; overall: number; worstRegion: number }

/** Every slot of the week from `weekStart`, every `stepMinutes`, scored, best first (with each region's share). */
function scoreWeek(groups: ZoneGroup[], weekStart: number, durationMinutes: number, stepMinutes: number) {
  const regions = [...new Set(groups.map((g) => g.region))]
  const slots: (SlotScore & { regions: RegionShare[] })[] = []
  for (let start = weekStart; start < weekStart + WEEK; start += stepMinutes * MINUTE) {
    const s = slotShares(groups, start, durationMinutes, regions)
    slots.push({ start, overall: s.overall.share, worstRegion: worst(s.regions), regions: s.regions })
  }
  return slots.sort((a, b) => b.overall - a.overall || b.worstRegion - a.worstRegion || a.start - b.start)
}

const DAY = 24 * 60 * MINUTE
/** How far apart two slots' times of day are (the same time on two days is no alternative). */
const timeOfDayApart = (a: number, b: number) => {
  const d = (((a - b) % DAY) + DAY) % DAY
  return Math.min(d, DAY - d)
}

/** Best slots first, whose times of day are at least `gapMinutes` apart, so the suggestions are real alternatives. */
function spread<T extends SlotScore>(slots: T[], count: number, gapMinutes: number) {
  const chosen: T[] = []
  for (const s of slots) {
    if (chosen.length >= count) break
    if (chosen.every((c) => timeOfDayApart(c.start, s.start) >= gapMinutes * MINUTE)) chosen.push(s)
  }
  return chosen
}

/** The best `count` slots of the week starting at `weekStart`: most people at a reasonable hour, then the fairest. */
export function bestSlots(
  groups: ZoneGroup[],
  { weekStart, durationMinutes, count = 3, stepMinutes = 30, gapMinutes = 120 }: BestSlotOptions,
): SlotScore[] {
  return spread(scoreWeek(groups, weekStart, durationMinutes, stepMinutes), count, gapMinutes).map(
    ({ start, overall, worstRegion }) => ({ start, overall, worstRegion }),
  )
}
type BestSlotOptions = {
  weekStart: number
  durationMinutes: number
  count?: number
  stepMinutes?: number
  gapMinutes?: number
}

export type SeriesBurden = {
  sessions: { start: number; regions: RegionShare[]; overall: Share }[]
  /**
   * Per region: in how many sessions some of its people are outside 07:00–22:00, and the
   * burden (the sum over sessions of the share of its people for whom the session is
   * inconvenient: 1 means one whole session's worth).
   */
  regions: { region: string; people: number; inconvenientSessions: number; burden: number }[]
}

/** How the inconvenient hours of a series (each session's start) fall on each region. */
export function seriesBurden(groups: ZoneGroup[], starts: number[], durationMinutes: number): SeriesBurden {
  const regionNames = [...new Set(groups.map((g) => g.region))].sort()
  const sessions = starts.map((start) => ({ start, ...slotShares(groups, start, durationMinutes, regionNames) }))
  return {
    sessions,
    regions: regionNames.map((region) => {
      const rows = sessions.map((s) => s.regions.find((r) => r.region === region)!)
      return {
        region,
        people: rows[0]?.people ?? 0,
        inconvenientSessions: rows.filter((r) => r.people > 0 && r.convenient < r.people).length,
        burden: rows.reduce((sum, r) => sum + (r.people ? 1 - r.share : 0), 0),
      }
    }),
  }
}

/**
 * A rotation for a weekly series of `sessions` from `weekStart`: session i in week i at one
 * of the week's good slots (the best few, spread), chosen so the heaviest regional burden
 * so far stays as low as it can (then the most people at a reasonable hour). Each session
 * is scored on its own date, so daylight-saving changes during the series count.
 */
export function suggestRotation(
  groups: ZoneGroup[],
  { weekStart, durationMinutes, sessions, candidates = 8 }: RotationOptions,
): number[] {
  const week = scoreWeek(groups, weekStart, durationMinutes, 30)
  // The week's best times, and for each region the best time that suits it most: a rotation
  // needs times that favour different regions to share the bad hours between them.
  const pool = spread(week, candidates, 180)
  for (const region of new Set(groups.map((g) => g.region))) {
    const share = (slot: (typeof week)[number]) => slot.regions.find((r) => r.region === region)?.share ?? 0
    const top = Math.max(...week.map(share))
    const favour = week.find((slot) => share(slot) === top)
    if (favour && !pool.includes(favour)) pool.push(favour)
  }
  const regionNames = [...new Set(groups.map((g) => g.region))]
  const burden = new Map(regionNames.map((r) => [r, 0]))
  const starts: number[] = []
  for (let i = 0; i < sessions; i++) {
    let best: { start: number; max: number; overall: number; next: Map<string, number> } | null = null
    for (const slot of pool) {
      const start = slot.start + i * WEEK
      const s = slotShares(groups, start, durationMinutes, regionNames)
      const next = new Map(burden)
      for (const r of s.regions) if (r.people) next.set(r.region, next.get(r.region)! + 1 - r.share)
      const max = Math.max(...next.values())
      if (!best || max < best.max - 1e-9 || (Math.abs(max - best.max) < 1e-9 && s.overall.share > best.overall))
        best = { start, max, overall: s.overall.share, next }
    }
    if (!best) break
    starts.push(best.start)
    for (const [k, v] of best.next) burden.set(k, v)
  }
  return starts
}
type RotationOptions = { weekStart: number; durationMinutes: number; sessions: number; candidates?: number }

/** The planner's address for a form's values (date, time, zone, length) and who it is for. */
export function plannerHref(values: Record<string, string | undefined>, intended: { group?: number } = {}) {
  const p = new URLSearchParams()
  if (intended.group) p.set('group', String(intended.group))
  if (values.date) p.set('date', values.date)
  if (values.time) p.set('time', values.time)
  if (values.timeZone) p.set('zone', values.timeZone)
  if (values.durationMinutes) p.set('duration', values.durationMinutes)
  return `/staff/planner?${p}`
}
