/**
 * The directory's current filter as a file: XLSX or CSV (UTF-8 with BOM), with readable labels in the
 * viewer's language. Both are streamed a page of people at a time (the download starts at once, the
 * directory is never all in memory, and other requests are served between pages).
 */
import { PassThrough } from 'node:stream'

import type { LoaderFunctionArgs } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import ExcelJS from 'exceljs'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvStreamResponse } from '~/lib/csv.server'
import { readDirectoryQuery } from '~/lib/directory-query'
import { languageName } from '~/lib/format'
import { drained, sliceClock, whileWanted, yieldToLoop } from '~/lib/slices.server'
import { exportDirectory } from '~/services/people/directory.server'
import { requireViewer } from '~/viewer.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const format = params.format
  if (format !== 'csv' && format !== 'xlsx') throw new Response('Not found', { status: 404 })
  const { filters, sort } = readDirectoryQuery(new URL(request.url).searchParams)
  const t = fixedT(language, 'staff')
  const c = fixedT(language, 'common')
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
  const db = getDb()
  async function* pages() {
    for await (const page of exportDirectory(db, { filters, sort })) {
      yield page.map((p) => [
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
    }
  }
  const name = `people-${new Date().toISOString().slice(0, 10)}`
  const wanted = whileWanted(request.signal, pages())
  if (format === 'csv') return csvStreamResponse(header, wanted, `${name}.csv`, csvDelimiter(request, language))
  return new Response(xlsxStream(t('people.title'), header, wanted), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}.xlsx"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

/**
 * One sheet written row by row with exceljs's streaming writer: each page of rows is
 * committed (written out and zipped as it goes) before the next is read, and the loop gets
 * a turn every few milliseconds within a page.
 */
function xlsxStream(title: string, header: string[], pages: AsyncIterable<string[][]>) {
  const out = new PassThrough()
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  void (async () => {
    try {
      const sheet = book.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] })
      sheet.columns = header.map((_, i) => ({ width: i < 2 ? 32 : 18 }))
      const head = sheet.addRow(header)
      head.font = { bold: true }
      head.commit()
      const clock = sliceClock()
      for await (const page of pages) {
        if (out.destroyed) return
        // Every cell is a plain string: a name starting with "=" stays a name, never a formula.
        for (const row of page) {
          sheet.addRow(row).commit()
          await clock.turn()
        }
        await drained(out)
        await yieldToLoop()
      }
      sheet.commit()
      await book.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return createReadableStreamFromReadable(out)
}
