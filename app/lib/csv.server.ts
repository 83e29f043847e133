import { stringify } from 'csv-stringify/sync'

/**
 * CSV text, UTF-8 with a BOM so spreadsheets read accents right. Cells starting with
 * = + - @ are neutralised so a spreadsheet never runs them as formulas (phone numbers
 * such as +33 1 23 45 67 89 and negative numbers stay as they are).
 */
export function toCsv(columns: string[], rows: (string | number | null)[][]): string {
  return stringify(
    rows.map((r) => r.map((v) => (v === null ? '' : v))),
    {
      bom: true,
      header: true,
      columns,
      cast: {
        string: (value) => (/^[=+\-@\t\r]/.test(value) && !/^[+-]?[0-9 ().-]+$/.test(value) ? `'${value}` : value),
      },
    },
  )
}

/** A CSV download (see toCsv). */
export function csvResponse(columns: string[], rows: (string | number | null)[][], filename: string): Response {
  return new Response(toCsv(columns, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
