/**
 * Participation metrics for staff and analysts: per region, structure and
 * person over a period, monthly trends, and the records behind every figure.
 * Everything aggregates `participation_records` (written by the services that
 * record the underlying action) with one GROUP BY per table.
 */
import { type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, RECORD_KINDS, REGION_CODES, type RegionCode } from '#db/domain'
import { locSql, translatedSql } from '~/lib/localised.server'

type Reader = Pick<DB, 'all' | 'get'>

export { RECORD_KINDS }
export type RecordKind = (typeof RECORD_KINDS)[number]
export type KindCounts = Record<RecordKind, number>

export type Period = { from: Date; to: Date }
export type MetricFilters = {
  regionCode?: RegionCode | null
  structureId?: number | null
  personId?: number | null
  kind?: RecordKind | null
}

/** A meeting counts for the members of its group on its date (membership periods, not today's list). */
const MEMBER_AT_MEETING = sql.raw(' and wm.joined_at <= m.held_at and (wm.left_at is null or wm.left_at > m.held_at)')
const emptyCounts = (): KindCounts => Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as KindCounts

/** Rates and totals derived from the raw counts, the same way for every table. */
export type Figures = {
  counts: KindCounts
  total: number
  activePeople: number
  /** Attended ÷ registered webinars in the period, or null without registrations. */
  webinarAttendanceRate: number | null
  /** Meetings attended ÷ meetings held of the groups they belong to, or null without meetings. */
  meetingAttendanceRate: number | null
}

function figures(counts: KindCounts, activePeople: number, possibleMeetings: number): Figures {
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  return {
    counts,
    total,
    activePeople,
    webinarAttendanceRate: counts.webinar_registered ? counts.webinar_attended / counts.webinar_registered : null,
    meetingAttendanceRate: possibleMeetings
      ? Math.min(1, counts.working_group_meeting_attended / possibleMeetings)
      : null,
  }
}

function where(period: Period, f: MetricFilters = {}, alias = 'r'): SQL {
  const parts: SQL[] = [
    sql.raw(`${alias}.occurred_at >= `),
    sql`${period.from.getTime()}`,
    sql.raw(` and ${alias}.occurred_at < `),
    sql`${period.to.getTime()}`,
  ]
  if (f.regionCode) parts.push(sql.raw(` and ${alias}.region_code = `), sql`${f.regionCode}`)
  if (f.structureId) parts.push(sql.raw(` and ${alias}.structure_id = `), sql`${f.structureId}`)
  if (f.personId) parts.push(sql.raw(` and ${alias}.person_id = `), sql`${f.personId}`)
  if (f.kind) parts.push(sql.raw(` and ${alias}.kind = `), sql`${f.kind}`)
  return sql.join(parts, sql.raw(''))
}

type Grouped = { key: string | number | null; kind: RecordKind; n: number }

/** Counts per (group, kind), distinct active people per group, meetings each group could have attended. */
function grouped(db: Reader, column: 'region_code' | 'structure_id' | 'person_id', period: Period, f: MetricFilters) {
  const counts = db.all<Grouped>(
    sql`select r.${sql.raw(column)} as key, r.kind as kind, count(*) as n from participation_records r where ${where(period, f)} group by 1, 2`,
  )
  const active =
    column === 'person_id'
      ? []
      : db.all<{ key: string | number | null; n: number }>(
          sql`select r.${sql.raw(column)} as key, count(distinct r.person_id) as n from participation_records r where ${where(period, f)} group by 1`,
        )
  const personFilter: SQL[] = []
  if (f.regionCode) personFilter.push(sql` and p.region_code = ${f.regionCode}`)
  if (f.structureId) personFilter.push(sql` and p.structure_id = ${f.structureId}`)
  if (f.personId) personFilter.push(sql` and p.id = ${f.personId}`)
  const possible = db.all<{ key: string | number | null; n: number }>(
    sql`select p.${sql.raw(column === 'person_id' ? 'id' : column)} as key, count(*) as n
        from working_group_meetings m
        join working_group_members wm on wm.working_group_id = m.working_group_id${MEMBER_AT_MEETING}
        join people p on p.id = wm.person_id
        where m.held_at >= ${period.from.getTime()} and m.held_at < ${period.to.getTime()}${sql.join(personFilter, sql.raw(''))}
        group by 1`,
  )
  const map = new Map<string | number | null, { counts: KindCounts; active: number; possible: number }>()
  const entry = (key: string | number | null) => {
    let e = map.get(key)
    if (!e) map.set(key, (e = { counts: emptyCounts(), active: 0, possible: 0 }))
    return e
  }
  for (const r of counts) entry(r.key).counts[r.kind] = r.n
  for (const r of active) entry(r.key).active = r.n
  for (const r of possible) if (map.has(r.key) || column !== 'person_id') entry(r.key).possible = r.n
  return map
}

export function regionMetrics(db: Reader, period: Period) {
  const members = new Map(
    db
      .all<{ key: string; n: number }>(
        sql`select region_code as key, count(*) as n from people where region_code is not null group by 1`,
      )
      .map((r) => [r.key, r.n]),
  )
  const map = grouped(db, 'region_code', period, {})
  return REGION_CODES.map((code) => {
    const e = map.get(code)
    return {
      regionCode: code,
      members: members.get(code) ?? 0,
      ...figures(e?.counts ?? emptyCounts(), e?.active ?? 0, e?.possible ?? 0),
    }
  })
}

export function structureMetrics(
  db: Reader,
  period: Period,
  {
    regionCode = null,
    inactiveMonths = 6,
    now = new Date(),
  }: { regionCode?: RegionCode | null; inactiveMonths?: number; now?: Date } = {},
) {
  const rows = db.all<{
    id: number
    name: string
    regionCode: RegionCode
    status: string
    members: number
    lastActivity: number | null
  }>(
    sql`select s.id, s.name, s.region_code as regionCode, s.accreditation_status as status,
          (select count(*) from people p where p.structure_id = s.id) as members,
          (select max(r.occurred_at) from participation_records r where r.structure_id = s.id and r.occurred_at < ${now.getTime()}) as lastActivity
        from structures s ${regionCode ? sql`where s.region_code = ${regionCode}` : sql``}
        order by s.name`,
  )
  const map = grouped(db, 'structure_id', period, { regionCode })
  const cutoff = new Date(now)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - inactiveMonths)
  return rows.map((s) => {
    const e = map.get(s.id)
    return {
      ...s,
      lastActivity: s.lastActivity === null ? null : new Date(s.lastActivity),
      inactive: s.lastActivity === null || s.lastActivity < cutoff.getTime(),
      ...figures(e?.counts ?? emptyCounts(), e?.active ?? 0, e?.possible ?? 0),
    }
  })
}

export const PEOPLE_PAGE_SIZE = 50

export function peopleMetrics(
  db: Reader,
  period: Period,
  {
    regionCode = null,
    structureId = null,
    page = 1,
    pageSize = PEOPLE_PAGE_SIZE,
  }: { regionCode?: RegionCode | null; structureId?: number | null; page?: number; pageSize?: number } = {},
) {
  const f = { regionCode, structureId }
  const totals = db.all<{ personId: number; total: number }>(
    sql`select r.person_id as personId, count(*) as total from participation_records r where ${where(period, f)} group by 1 order by 2 desc, 1 limit ${pageSize} offset ${(Math.max(1, page) - 1) * pageSize}`,
  )
  const activeCount = db.get<{ n: number }>(
    sql`select count(distinct r.person_id) as n from participation_records r where ${where(period, f)}`,
  )!.n
  if (totals.length === 0)
    return { rows: [], active: activeCount, pages: Math.max(1, Math.ceil(activeCount / pageSize)) }
  const ids = totals.map((t) => t.personId)
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )
  const info = new Map(
    db
      .all<{
        id: number
        name: string
        regionCode: RegionCode | null
        structureName: string | null
        memberType: string
      }>(
        sql`select p.id, p.name, p.region_code as regionCode, s.name as structureName, p.member_type as memberType from people p left join structures s on s.id = p.structure_id where p.id in (${idList})`,
      )
      .map((p) => [p.id, p]),
  )
  const counts = db.all<Grouped>(
    sql`select r.person_id as key, r.kind as kind, count(*) as n from participation_records r where ${where(period, f)} and r.person_id in (${idList}) group by 1, 2`,
  )
  const possible = new Map(
    db
      .all<{ key: number; n: number }>(
        sql`select wm.person_id as key, count(*) as n from working_group_meetings m join working_group_members wm on wm.working_group_id = m.working_group_id${MEMBER_AT_MEETING}
            where m.held_at >= ${period.from.getTime()} and m.held_at < ${period.to.getTime()} and wm.person_id in (${idList}) group by 1`,
      )
      .map((r) => [r.key, r.n]),
  )
  const byPerson = new Map<number, KindCounts>()
  for (const c of counts) {
    const k = byPerson.get(Number(c.key)) ?? emptyCounts()
    k[c.kind] = c.n
    byPerson.set(Number(c.key), k)
  }
  return {
    rows: ids.map((id) => ({
      personId: id,
      ...info.get(id)!,
      ...figures(byPerson.get(id) ?? emptyCounts(), 1, possible.get(id) ?? 0),
    })),
    active: activeCount,
    pages: Math.max(1, Math.ceil(activeCount / pageSize)),
  }
}

/** Records per month and kind, every month of the period present (zeros included). */
export function monthlyTrends(db: Reader, period: Period, f: MetricFilters = {}) {
  const months: string[] = []
  const cursor = new Date(Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), 1))
  while (cursor < period.to && months.length < 240) {
    months.push(cursor.toISOString().slice(0, 7))
    cursor.setUTCMonth(cursor.getUTCMonth() + 1)
  }
  // The month of each record by comparing with the months' first instants (UTC): cheaper than strftime per row.
  const bounds = months.slice(1).map((m) => Date.parse(`${m}-01T00:00:00Z`))
  const monthIndex = bounds.length
    ? sql`case ${sql.join(
        bounds.map((b, i) => sql`when r.occurred_at < ${b} then ${i}`),
        sql.raw(' '),
      )} else ${bounds.length} end`
    : sql`0`
  const rows = db.all<{ month: number; kind: RecordKind; n: number }>(
    sql`select ${monthIndex} as month, r.kind as kind, count(*) as n from participation_records r where ${where(period, f)} group by 1, 2`,
  )
  const byMonth = months.map(() => emptyCounts())
  for (const r of rows) if (byMonth[r.month]) byMonth[r.month][r.kind] = r.n
  return months.map((month, i) => ({
    month,
    counts: byMonth[i],
    total: Object.values(byMonth[i]).reduce((a, b) => a + b, 0),
  }))
}

export const RECORDS_PAGE_SIZE = 100

/** The records behind a figure, newest first, with what each one is about. */
export function listRecords(
  db: Reader,
  period: Period,
  f: MetricFilters,
  { page = 1, limit = RECORDS_PAGE_SIZE, language = 'en' }: { page?: number; limit?: number; language?: Language } = {},
) {
  // What a record is about, in the viewer's language (English when there is none).
  const eventTitle = translatedSql(
    { table: 'event_translations', key: 'event_id', column: 'title' },
    sql.raw('g.event_id'),
    language,
    sql.raw('e.slug'),
  )
  const total = db.get<{ n: number }>(
    sql`select count(*) as n from participation_records r where ${where(period, f)}`,
  )!.n
  const rows = db.all<{
    id: number
    kind: RecordKind
    occurredAt: number
    personId: number
    name: string
    regionCode: RegionCode | null
    structureName: string | null
    sourceType: string
    sourceId: number
    about: string | null
  }>(
    sql`select r.id, r.kind, r.occurred_at as occurredAt, r.person_id as personId, p.name, r.region_code as regionCode, s.name as structureName,
          r.source_type as sourceType, r.source_id as sourceId,
          case r.source_type
            when 'registration' then (select ${eventTitle} from registrations g join events e on e.id = g.event_id where g.id = r.source_id)
            when 'summit_participation' then (select ${translatedSql({ table: 'event_translations', key: 'event_id', column: 'title' }, sql.raw('e.id'), language, sql.raw('e.slug'))} from summit_participations sp join events e on e.id = sp.event_id where sp.id = r.source_id)
            when 'working_group' then (select ${locSql(sql.raw('w.name'), language)} from working_groups w where w.id = r.source_id)
            when 'working_group_meeting' then (select ${translatedSql({ table: 'event_translations', key: 'event_id', column: 'title' }, sql.raw('m.event_id'), language, sql.raw("''"))} from working_group_meetings m where m.id = r.source_id)
            when 'policy_statement' then (select ps.title from policy_statements ps where ps.id = r.source_id)
            when 'survey' then (select ${locSql(sql.raw('sv.title'), language)} from surveys sv where sv.id = r.source_id)
            else null end as about
        from participation_records r
        join people p on p.id = r.person_id
        left join structures s on s.id = r.structure_id
        where ${where(period, f)}
        order by r.occurred_at desc, r.id desc
        limit ${limit} offset ${(Math.max(1, page) - 1) * limit}`,
  )
  return {
    total,
    pages: Math.max(1, Math.ceil(total / limit)),
    rows: rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt) })),
  }
}

/** A person's own history (the "My participation" page): totals and the records. */
export function ownParticipation(
  db: Reader,
  personId: number,
  period: Period,
  { page = 1, language = 'en' as Language } = {},
) {
  const map = grouped(db, 'person_id', period, { personId })
  const e = map.get(personId)
  return {
    figures: figures(e?.counts ?? emptyCounts(), e ? 1 : 0, e?.possible ?? 0),
    records: listRecords(db, period, { personId }, { page, language }),
  }
}

/**
 * A period from two calendar days (`to` inclusive), each optional: by default the last
 * twelve months up to today; swapped when given the wrong way round. Days that do not
 * exist are treated as not given (routes check them first; see app/lib/metrics-query.ts).
 */
export function makePeriod(
  fromDay: string | null,
  toDay: string | null,
  now = new Date(),
): Period & { fromText: string; toText: string } {
  const valid = (v: string | null) =>
    v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : null
  const today = now.toISOString().slice(0, 10)
  const yearAgo = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate() + 1))
    .toISOString()
    .slice(0, 10)
  let fromText = valid(fromDay) ?? yearAgo
  let toText = valid(toDay) ?? today
  if (fromText > toText) [fromText, toText] = [toText, fromText]
  const to = new Date(`${toText}T00:00:00Z`)
  to.setUTCDate(to.getUTCDate() + 1)
  return { from: new Date(`${fromText}T00:00:00Z`), to, fromText, toText }
}

/** Records per structure over the period, with what the ranking needs to name and flag each one. */
function structureTotals(db: Reader, period: Period, inactiveMonths: number, now: Date) {
  const totals = new Map(
    db
      .all<{ id: number; n: number }>(
        sql`select r.structure_id as id, count(*) as n from participation_records r where ${where(period)} and r.structure_id is not null group by 1`,
      )
      .map((r) => [r.id, r.n]),
  )
  const cutoff = new Date(now)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - inactiveMonths)
  return db
    .all<{ id: number; name: string; regionCode: RegionCode; lastActivity: number | null }>(
      sql`select s.id, s.name, s.region_code as regionCode,
            (select max(r.occurred_at) from participation_records r where r.structure_id = s.id and r.occurred_at < ${now.getTime()}) as lastActivity
          from structures s`,
    )
    .map((s) => ({
      ...s,
      total: totals.get(s.id) ?? 0,
      inactive: s.lastActivity === null || s.lastActivity < cutoff.getTime(),
    }))
}

/** The overview page: regions, months, the most and least active structures, how many are inactive. */
export function participationOverview(
  db: Reader,
  period: Period & { fromText: string; toText: string },
  now = new Date(),
) {
  const structures = structureTotals(db, period, 6, now)
  const ranked = [...structures].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
  return {
    period: { fromText: period.fromText, toText: period.toText },
    regions: regionMetrics(db, period),
    months: monthlyTrends(db, period),
    most: ranked.slice(0, 5),
    least: ranked.slice(-5).reverse(),
    inactive: structures.filter((s) => s.inactive).length,
    structures: structures.length,
  }
}
