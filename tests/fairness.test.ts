import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { bestSlots, isConvenient, seriesBurden, slotShares, suggestRotation, type ZoneGroup } from '~/lib/fairness'
import * as planner from '~/routes/staff.planner'
import { intendedZones } from '~/services/fairness.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, getRequest, run, statusOf } from './helpers/http'

const at = (iso: string) => new Date(iso).getTime()
// One person per region, in a zone whose daylight saving differs (or is absent).
const groups: ZoneGroup[] = [
  { region: 'EURALO', timeZone: 'Europe/Paris', people: 1 }, // CET +1, CEST +2 from 29 March 2026
  { region: 'NARALO', timeZone: 'America/New_York', people: 1 }, // EST −5, EDT −4 from 8 March 2026
  { region: 'APRALO', timeZone: 'Asia/Tokyo', people: 1 }, // +9, no DST
  { region: 'AFRALO', timeZone: 'Africa/Dakar', people: 1 }, // +0, no DST
  { region: 'LACRALO', timeZone: 'America/Bogota', people: 1 }, // −5, no DST
]
const regions = groups.map((g) => g.region)
const convenientRegions = (iso: string, minutes = 60) =>
  slotShares(groups, at(iso), minutes, regions)
    .regions.filter((r) => r.convenient)
    .map((r) => r.region)

describe('the fairness arithmetic, checked by hand across daylight-saving changes', () => {
  it('counts a slot as reasonable only between 07:00 and 22:00 of one local day', () => {
    // 6 March, 12:00 UTC: Paris 13:00, New York 07:00 (EST), Tokyo 21:00–22:00, Dakar 12:00, Bogotá 07:00.
    expect(convenientRegions('2026-03-06T12:00:00Z')).toEqual(regions)
    // Half an hour earlier: New York and Bogotá start at 06:30.
    expect(convenientRegions('2026-03-06T11:30:00Z')).toEqual(['EURALO', 'APRALO', 'AFRALO'])
    // 20 March, 11:30 UTC: New York is on EDT now (07:30), Bogotá still 06:30.
    expect(convenientRegions('2026-03-20T11:30:00Z')).toEqual(['EURALO', 'NARALO', 'APRALO', 'AFRALO'])
    // 30 March, 12:30 UTC: Paris on CEST (14:30), Tokyo ends at 22:30.
    expect(convenientRegions('2026-03-30T12:30:00Z')).toEqual(['EURALO', 'NARALO', 'AFRALO', 'LACRALO'])
    // A meeting that crosses local midnight is not reasonable, even if it ends "early".
    expect(isConvenient(at('2026-03-06T14:30:00Z'), 60, 'Asia/Tokyo')).toBe(false) // 23:30–00:30
    expect(slotShares(groups, at('2026-03-06T11:30:00Z'), 60, regions).overall).toEqual({
      people: 5,
      convenient: 3,
      share: 0.6,
    })
  })

  it('shares a weekly series’ burden per region, dates counted on their own side of DST', () => {
    // 11:30 UTC on 6, 13 and 20 March: New York 06:30 (EST), then 07:30 twice (EDT); Bogotá 06:30 each time.
    const series = seriesBurden(
      groups,
      ['2026-03-06T11:30:00Z', '2026-03-13T11:30:00Z', '2026-03-20T11:30:00Z'].map(at),
      60,
    )
    const of = (region: string) => series.regions.find((r) => r.region === region)!
    expect(of('NARALO')).toMatchObject({ inconvenientSessions: 1, burden: 1 })
    expect(of('LACRALO')).toMatchObject({ inconvenientSessions: 3, burden: 3 })
    expect(of('EURALO')).toMatchObject({ inconvenientSessions: 0, burden: 0 })
  })

  it('suggests the best slots of a week, each reasonable for everyone when one exists', () => {
    // Tokyo and New York in February (EST): 12:00 UTC works (21:00 / 07:00), as do 22:00–02:00 UTC.
    const pair: ZoneGroup[] = [
      { region: 'APRALO', timeZone: 'Asia/Tokyo', people: 3 },
      { region: 'NARALO', timeZone: 'America/New_York', people: 2 },
    ]
    const best = bestSlots(pair, { weekStart: at('2026-02-02T00:00:00Z'), durationMinutes: 60 })
    expect(best).toHaveLength(3)
    for (const slot of best) {
      expect(slot.overall).toBe(1)
      expect(isConvenient(slot.start, 60, 'Asia/Tokyo') && isConvenient(slot.start, 60, 'America/New_York')).toBe(true)
    }
    // They are real alternatives: times of day at least two hours apart.
    const minutes = best
      .map((b) => new Date(b.start).getUTCHours() * 60 + new Date(b.start).getUTCMinutes())
      .sort((a, b) => a - b)
    for (let i = 1; i < minutes.length; i++) expect(minutes[i] - minutes[i - 1]).toBeGreaterThanOrEqual(120)
  })

  it('rotates a series so no region carries every bad hour', () => {
    const rotation = suggestRotation(groups, {
      weekStart: at('2026-03-02T00:00:00Z'),
      durationMinutes: 90,
      sessions: 6,
    })
    expect(rotation).toHaveLength(6)
    const burden = seriesBurden(groups, rotation, 90).regions
    const fixed = seriesBurden(
      groups,
      Array.from({ length: 6 }, (_, i) => at('2026-03-02T11:30:00Z') + i * 7 * 86400_000),
      90,
    ).regions
    // The same slot every week leaves Bogotá out six times; the rotation spreads the cost.
    expect(Math.max(...burden.map((r) => r.burden))).toBeLessThan(Math.max(...fixed.map((r) => r.burden)))
  })
})

describe('the planner page', () => {
  let db: DB
  beforeAll(async () => {
    db = await seededDb({ participants: 30 })
  })

  it('reads a working group’s members per region and zone, and shows staff the slot, the best three and the series', async () => {
    const group = db
      .select()
      .from(s.workingGroups)
      .all()
      .find((g) => g.slug === 'cpwg')!
    const zones = intendedZones(db, { workingGroupId: group.id })!
    expect(zones.reduce((n, z) => n + z.people, 0)).toBeGreaterThan(3)
    const staff = await cookieFor(DEMO_ACCOUNTS.staff)
    const url = `/staff/planner?group=${group.id}&date=2026-03-18&time=13:00&zone=UTC&duration=60&sessions=4`
    const d = dataOf<{
      result: {
        slot: { overall: { people: number } }
        best: unknown[]
        series: { sessions: unknown[] }
        rotation: { sessions: unknown[] }
      }
    }>(await run(planner.loader, getRequest(url, { cookie: staff })))
    expect(d.result.slot.overall.people).toBe(zones.reduce((n, z) => n + z.people, 0))
    expect(d.result.best).toHaveLength(3)
    expect(d.result.series.sessions).toHaveLength(4)
    expect(d.result.rotation.sessions).toHaveLength(4)
    // Opened from a meeting form with no date yet: the form with the group chosen, no errors.
    const opened = dataOf<{ errors: unknown; values: { group: string } }>(
      await run(planner.loader, getRequest(`/staff/planner?group=${group.id}&duration=90`, { cookie: staff })),
    )
    expect(opened).toMatchObject({ errors: null, values: { group: String(group.id) } })
    // Bad input: a translated error, not a 500.
    const bad = dataOf<{ errors: Record<string, string[]> }>(
      await run(
        planner.loader,
        getRequest('/staff/planner?group=999999&date=2026-02-30&time=25:00', { cookie: staff }),
      ),
    )
    expect(Object.keys(bad.errors).sort()).toEqual(['date', 'intended', 'time'])
    expect(
      statusOf(await run(planner.loader, getRequest(url, { cookie: await cookieFor(DEMO_ACCOUNTS.participant) }))),
    ).toBe(403)
  })
})
