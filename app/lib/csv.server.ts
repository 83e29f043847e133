import { stringify } from 'csv-stringify/sync'

/**
 * CSV text, UTF-8 with a BOM so spreadsheets read accents right. Cells starting with
 * = + - @ are neutralised so a spreadsheet never runs them as formulas (phone numbers
 * such as +33 1 23 45 67 89 and negative numbers stay as they are).
 */
export function toCsv(columns: string[], rows: (string | number | null)[][], delimiter: Delimiter = ','): string {
  return stringify(
    rows.map((r) => r.map((v) => (v === null ? '' : v))),
    {
      bom: true,
      header: true,
      columns,
      delimiter,
      cast: {
        string: (value) => (/^[=+\-@\t\r]/.test(value) && !/^[+-]?[0-9 ().-]+$/.test(value) ? `'${value}` : value),
      },
    },
  )
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

/** A CSV download (see toCsv); `delimiter` from csvDelimiter. */
export function csvResponse(
  columns: string[],
  rows: (string | number | null)[][],
  filename: string,
  delimiter: Delimiter = ',',
): Response {
  return new Response(toCsv(columns, rows, delimiter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
