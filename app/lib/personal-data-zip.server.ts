/**
 * A person's data as a download: one JSON file and a CSV per table, zipped. The same file
 * whether the person asks (`/profile/data`) or staff answer their request
 * (`/staff/people/:id/data`).
 */
import JSZip from 'jszip'

import type { DataTable } from '~/services/people/privacy.server'

import { toCsv } from './csv.server'

export async function personalDataZip(tables: DataTable[], filename: string): Promise<Response> {
  const zip = new JSZip()
  zip.file('data.json', JSON.stringify(Object.fromEntries(tables.map((t) => [t.name, t.rows])), null, 2))
  for (const t of tables) {
    const columns = t.rows[0] ? Object.keys(t.rows[0]) : ['(none)']
    const rows = t.rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c]))))
    zip.file(`${t.name}.csv`, toCsv(columns, rows))
  }
  const body = await zip.generateAsync({ type: 'arraybuffer', compression: 'DEFLATE' })
  return new Response(body, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
