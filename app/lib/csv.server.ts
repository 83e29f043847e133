import { Readable } from 'node:stream'

import { createReadableStreamFromReadable } from '@remix-run/node'
import { type Options, stringify } from 'csv-stringify/sync'

import { sliceClock, yieldToLoop } from '~/lib/slices.server'

type Cell = string | number | null

/**
 * The CSV options every download shares: UTF-8 with a BOM so spreadsheets read accents
 * right, a header row, and cells starting with = + - @ neutralised so a spreadsheet never
 * runs them as formulas (phone numbers such as +33 1 23 45 67 89 and negative numbers stay
 * as they are).
 */
const options = (columns: string[], delimiter: Delimiter): Options => ({
  bom: true,
  header: true,
  columns,
  delimiter,
  cast: {
    string: (value) => (/^[=+\-@\t\r]/.test(value) && !/^[+-]?[0-9 ().-]+$/.test(value) ? `'${value}` : value),
  },
})

const blank = (r: Cell[]) => r.map((v) => (v === null ? '' : v))

/** CSV text (see `options`). */
export function toCsv(columns: string[], rows: Cell[][], delimiter: Delimiter = ','): string {
  return stringify(rows.map(blank), options(columns, delimiter))
}

/** Rows turned into CSV text at a time: the loop gets a turn between pieces once a slice's time is up. */
const CSV_PIECE_ROWS = 100

/**
 * CSV as a stream, written a page of rows at a time as the reader takes it: the rows are
 * never all in memory, and the event loop gets a turn between pages and, within a page,
 * every few milliseconds (pages come from an async iterable that reads a bounded number of
 * rows each). The header and BOM go out with the first piece. A reader who goes away stops
 * the reading.
 */
export function csvStream(columns: string[], pages: AsyncIterable<Cell[][]>, delimiter: Delimiter = ',') {
  async function* text() {
    let first = true
    const clock = sliceClock()
    for await (const page of pages) {
      for (let at = 0; at < page.length; at += CSV_PIECE_ROWS) {
        const rows = page.slice(at, at + CSV_PIECE_ROWS).map(blank)
        yield Buffer.from(stringify(rows, { ...options(columns, delimiter), bom: first, header: first }))
        first = false
        await clock.turn()
      }
      await yieldToLoop()
    }
    if (first) yield Buffer.from(stringify([], options(columns, delimiter)))
  }
  return createReadableStreamFromReadable(Readable.from(text()))
}

export type Delimiter = ',' | ';'

/**
 * The separator a download uses: `?sep=semicolon` or `?sep=comma` when asked, otherwise the
 * one Excel expects in the reader's language (French and Spanish Excel split on ";", so a
 * comma file opens as one column there). A `sep=` first line would also work in Excel, but
 * it makes Excel ignore the BOM and garble accents, so the separator itself changes.
 */
export function csvDelimiter(request: Request, language: string): Delimiter {
  const asked = new URL(request.url).searchParams.get('sep')
  if (asked === 'semicolon') return ';'
  if (asked === 'comma') return ','
  return language === 'fr' || language === 'es' ? ';' : ','
}

const csvHeaders = (filename: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
  'Cache-Control': 'private, no-store',
})

/** A CSV download (see toCsv); `delimiter` from csvDelimiter. */
export function csvResponse(columns: string[], rows: Cell[][], filename: string, delimiter: Delimiter = ','): Response {
  return new Response(toCsv(columns, rows, delimiter), { headers: csvHeaders(filename) })
}

/** A CSV download streamed a page of rows at a time (see csvStream), for lists of any length. */
export function csvStreamResponse(
  columns: string[],
  pages: AsyncIterable<Cell[][]>,
  filename: string,
  delimiter: Delimiter = ',',
): Response {
  return new Response(csvStream(columns, pages, delimiter), { headers: csvHeaders(filename) })
}
