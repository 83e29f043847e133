/**
 * The directory's current filter as a file: XLSX or CSV (UTF-8 with BOM), with readable labels in the
 * viewer's language.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { readDirectoryQuery } from '~/lib/directory-query'
import { languageName } from '~/lib/format'
import { exportDirectory } from '~/services/people/directory.server'
import { requireViewer } from '~/viewer.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const format = params.format
  if (format !== 'csv' && format !== 'xlsx') throw new Response('Not found', { status: 404 })
  const { filters, sort } = readDirectoryQuery(new URL(request.url).searchParams)
  const t = fixedT(language, 'staff')
  const c = fixedT(language, 'common')
  const rows = exportDirectory(getDb(), { filters, sort })
  const header = [
    t('people.name'),
    t('people.email'),
    t('people.region'),
    t('people.structure'),
    t('people.memberType'),
    t('people.language'),
    t('people.roles'),
    t('people.state'),
    t('people.phone'),
  ]
  const cells = rows.map((p) => [
    p.name,
    p.email,
    p.regionCode ?? '',
    p.structureName ?? '',
    c(`memberTypes.${p.memberType}`),
    languageName(p.language, language),
    p.roles.map((r) => c(`roles.${r}`)).join(', '),
    t(`people.states.${p.state}`),
    p.phone ?? '',
  ])
  const name = `people-${new Date().toISOString().slice(0, 10)}`
  if (format === 'csv') return csvResponse(header, cells, `${name}.csv`, csvDelimiter(request, language))
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet(t('people.title'))
  sheet.addRow(header).font = { bold: true }
  // Every cell is a plain string: a name starting with "=" stays a name, never a formula.
  for (const r of cells) sheet.addRow(r)
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  sheet.columns.forEach((col, i) => (col.width = i < 2 ? 32 : 18))
  const buffer = await book.xlsx.writeBuffer()
  return new Response(buffer as ArrayBuffer, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}.xlsx"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
