import type { LoaderFunctionArgs } from '@remix-run/node'
import JSZip from 'jszip'

import { getDb } from '#db/client'
import { requirePerson } from '~/guards.server'
import { toCsv } from '~/lib/csv.server'
import { personalData } from '~/services/people/privacy.server'

/**
 * "Download my data": a zip with everything the program holds about the signed-in person,
 * as one JSON file and a CSV per table (in their language where a title has translations).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  const tables = personalData(getDb(), person.id, person.preferredLanguage)
  const zip = new JSZip()
  zip.file('data.json', JSON.stringify(Object.fromEntries(tables.map((t) => [t.name, t.rows])), null, 2))
  for (const t of tables) {
    const columns = t.rows[0] ? Object.keys(t.rows[0]) : ['(none)']
    const rows = t.rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c]))))
    zip.file(`${t.name}.csv`, toCsv(columns, rows))
  }
  const body = await zip.generateAsync({ type: 'arraybuffer', compression: 'DEFLATE' })
  const day = new Date().toISOString().slice(0, 10)
  return new Response(body, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="my-data-${day}.zip"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
