import { describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as page from '~/routes/analysis.accreditation'
import * as csv from '~/routes/analysis.accreditation[.csv]'
import * as participationStructures from '~/routes/analysis.participation.structures'
import { accreditationDashboard } from '~/services/structures/dashboard.server'

import { freshDb, seededDb } from './helpers/db'
import { cookieFor, dataOf, getRequest, run, statusOf } from './helpers/http'

const at = (iso: string) => new Date(`${iso}T12:00:00Z`)

describe('the accreditation dashboard', () => {
  it('counts each year’s steps, the structures accredited at year end and the median days of each step, as by hand', () => {
    const db: DB = freshDb()
    db.$client.exec(`insert into regions (code, name) values ('AFRALO', 'AFRALO'), ('EURALO', 'EURALO')`)
    const structure = (name: string, regionCode: s.RegionCode, status: s.AccreditationStatus) =>
      db
        .insert(s.structures)
        .values({ name, regionCode, country: 'XX', accreditationStatus: status })
        .returning({ id: s.structures.id })
        .get().id
    const history = (structureId: number, steps: [s.AccreditationStep, s.AccreditationStatus, string][]) => {
      for (const [step, status, day] of steps)
        db.insert(s.accreditationHistory)
          .values({ structureId, step, status, changedAt: at(day) })
          .run()
    }
    // A: applied 2013, accredited 2013 after 10 + 20 + 30 + 40 days; decertified 2015.
    const a = structure('A', 'AFRALO', 'decertified')
    history(a, [
      ['applied', 'applied', '2013-01-01'],
      ['diligence_started', 'due_diligence', '2013-01-11'],
      ['diligence_done', 'ralo_advice', '2013-01-31'],
      ['ralo_advice', 'alac_decision', '2013-03-02'],
      ['accredited', 'accredited', '2013-04-11'],
      ['decertified', 'decertified', '2015-06-01'],
    ])
    // B: applied 2014, accredited 2014 after 2 + 4 + 6 + 8 days; still accredited.
    const b = structure('B', 'AFRALO', 'accredited')
    history(b, [
      ['applied', 'applied', '2014-05-01'],
      ['diligence_started', 'due_diligence', '2014-05-03'],
      ['diligence_done', 'ralo_advice', '2014-05-07'],
      ['ralo_advice', 'alac_decision', '2014-05-13'],
      ['accredited', 'accredited', '2014-05-21'],
    ])
    // C (EURALO): applied 2014 and rejected 2015 after 100 days of waiting + 1 + 1 + 1.
    const c = structure('C', 'EURALO', 'rejected')
    history(c, [
      ['applied', 'applied', '2014-10-01'],
      ['diligence_started', 'due_diligence', '2015-01-09'],
      ['diligence_done', 'ralo_advice', '2015-01-10'],
      ['ralo_advice', 'alac_decision', '2015-01-11'],
      ['rejected', 'rejected', '2015-01-12'],
    ])

    const d = accreditationDashboard(db, { now: at('2016-03-01') })
    expect(d.years.map((y) => y.year)).toEqual([2013, 2014, 2015, 2016])
    const y = Object.fromEntries(d.years.map((x) => [x.year, x]))
    expect(y[2013].counts).toEqual({ applied: 1, accredited: 1, rejected: 0, withdrawn: 0, decertified: 0 })
    expect(y[2014].counts).toEqual({ applied: 2, accredited: 1, rejected: 0, withdrawn: 0, decertified: 0 })
    expect(y[2015].counts).toEqual({ applied: 0, accredited: 0, rejected: 1, withdrawn: 0, decertified: 1 })
    expect(d.years.map((x) => x.accreditedAtEnd)).toEqual([1, 2, 1, 1])
    const phase = Object.fromEntries(d.phases.map((p) => [p.phase, p]))
    // Medians of (10, 2, 100), (20, 4, 1), (30, 6, 1), (40, 8, 1) and of the totals (100, 20, 103).
    expect(phase.waiting).toEqual({ phase: 'waiting', medianDays: 10, applications: 3 })
    expect(phase.diligence.medianDays).toBe(4)
    expect(phase.raloAdvice.medianDays).toBe(6)
    expect(phase.alacDecision.medianDays).toBe(8)
    expect(phase.total.medianDays).toBe(100)
    expect(d.standing.find((r) => r.regionCode === 'AFRALO')!.counts).toMatchObject({ accredited: 1, decertified: 1 })

    // The region filter narrows the counts and durations to that region (the years stay the same).
    const euralo = accreditationDashboard(db, { region: 'EURALO', now: at('2016-03-01') })
    expect(euralo.years.map((x) => x.counts.applied)).toEqual([0, 1, 0, 0])
    expect(euralo.phases.find((p) => p.phase === 'waiting')!.medianDays).toBe(100)
  })

  it('is for analysts and staff, exports CSV with readable headers, and staff reach a structure’s page from the participation view', async () => {
    await seededDb({ participants: 20 })
    const analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    expect(statusOf(await run(page.loader, getRequest('/analysis/accreditation', { cookie: participant })))).toBe(403)
    type Page = Awaited<ReturnType<typeof page.loader>>
    const d = dataOf<Page>(
      await run(page.loader, getRequest('/analysis/accreditation?region=NOWHERE', { cookie: analyst })),
    )
    expect(d.region).toBeNull()
    expect(d.years[0].year).toBeLessThanOrEqual(2014)
    expect(d.years.some((x) => x.counts.decertified > 0)).toBe(true)

    const res = (await run(
      csv.loader,
      getRequest('/analysis/accreditation.csv?region=AFRALO', { cookie: analyst }),
    )) as Response
    const text = await res.text()
    // The analyst reads French: headers in French, one row per year, split on ";" as French Excel expects.
    expect(text.split(/\r?\n/)[0]).toContain('Accréditées en fin d’année')
    expect(text.split(/\r?\n/).filter((l) => l.includes(';AFRALO;')).length).toBe(d.years.length)
    // Asked for commas, it gives commas.
    const commas = await (
      (await run(
        csv.loader,
        getRequest('/analysis/accreditation.csv?region=AFRALO&sep=comma', { cookie: analyst }),
      )) as Response
    ).text()
    expect(commas.split(/\r?\n/).filter((l) => l.includes(',AFRALO,')).length).toBe(d.years.length)
    const phases = await (
      (await run(csv.loader, getRequest('/analysis/accreditation.csv?table=phases', { cookie: analyst }))) as Response
    ).text()
    expect(phases).toContain('Décision de l’ALAC')

    type Structures = Awaited<ReturnType<typeof participationStructures.loader>>
    const forAnalyst = dataOf<Structures>(
      await run(participationStructures.loader, getRequest('/analysis/participation/structures', { cookie: analyst })),
    )
    expect(forAnalyst.isStaff).toBe(false)
    const staff = await cookieFor(DEMO_ACCOUNTS.staff)
    const forStaff = dataOf<Structures>(
      await run(participationStructures.loader, getRequest('/analysis/participation/structures', { cookie: staff })),
    )
    expect(forStaff.isStaff).toBe(true)
  })
})
