import { parse } from 'csv-parse/sync'
import { beforeEach, describe, expect, it } from 'vitest'

import { DEMO_ACCOUNTS } from '#db/seed'
import * as participationExport from '~/routes/analysis.participation.export.$table'
import * as surveyExport from '~/routes/analysis.surveys.$id.export.$format'

import { seededDb } from './helpers/db'
import { cookieFor, getRequest, run } from './helpers/http'

let analyst: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  await seededDb()
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
})

const download = async (query: string) => {
  const res = (await run(
    surveyExport.loader,
    getRequest(`/analysis/surveys/2/export/csv${query}`, { cookie: analyst }),
    {
      id: '2',
      format: 'csv',
    },
  )) as Response
  return res.text()
}

describe('a named survey’s CSV export', () => {
  it('says languages and member types in words, gives times in the reader’s zone, and splits as the reader’s Excel does', async () => {
    // The analyst reads French: ";" between columns, as French Excel expects.
    const text = await download('?lang=fr')
    const rows = parse(text, { bom: true, delimiter: ';' }) as string[][]
    const [header, ...body] = rows
    expect(body.length).toBeGreaterThan(10)
    expect(header[1]).toMatch(/^Envoyée \(.+\)$/)
    expect(header[1]).not.toBe('Envoyée (UTC)')
    const languages = new Set(body.map((r) => r[3]))
    const memberTypes = new Set(body.map((r) => r[4]))
    expect(
      [...languages].every((l) => ['Anglais', 'Français', 'Espagnol', 'anglais', 'français', 'espagnol'].includes(l)),
    ).toBe(true)
    for (const raw of ['en', 'fr', 'es']) expect(languages.has(raw)).toBe(false)
    expect(memberTypes.has('als_representative')).toBe(false)
    expect(body.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(r[1]))).toBe(true)
    // Commas when asked.
    const commas = parse(await download('?lang=fr&sep=comma'), { bom: true }) as string[][]
    expect(commas[0]).toEqual(header)
  })
})

describe('the participation exports', () => {
  it('write rates as the reader’s spreadsheet reads numbers, split on ";" in French', async () => {
    const res = (await run(
      participationExport.loader,
      getRequest('/analysis/participation/export/regions?from=2014-01-01&to=2026-12-31', { cookie: analyst }),
      { table: 'regions' },
    )) as Response
    const rows = parse(await res.text(), { bom: true, delimiter: ';' }) as string[][]
    expect(rows[0].length).toBeGreaterThan(5)
    const rateCells = rows.slice(1).flatMap((r) => r.filter((c) => /^\d+[.,]\d$/.test(c)))
    expect(rateCells.length).toBeGreaterThan(0)
    expect(rateCells.every((c) => c.includes(','))).toBe(true)
  })
})
