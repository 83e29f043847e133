import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvStreamResponse } from '~/lib/csv.server'
import { idParam } from '~/lib/params.server'
import { whileWanted } from '~/lib/slices.server'
import { batchReportPages, getBatch } from '~/services/people/import-batches.server'
import { requireViewer } from '~/viewer.server'

/**
 * An import's report as CSV, in the viewer's language: one row per row of the file, in its order, with its
 * line: created, updated (with the fields changed), unchanged, skipped (with its reasons). Streamed a page
 * of rows at a time.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const batch = getBatch(db, idParam(params.id))
  if (!batch) throw new Response('Not found', { status: 404 })
  const t = fixedT(language, 'staff')
  const field = (f: string) => t(`import.fields.${f === 'structureId' ? 'structure' : f}`)
  async function* pages() {
    for await (const page of whileWanted(request.signal, batchReportPages(db, batch!.id))) {
      yield page.map((r): (string | number | null)[] => [
        t(`import.actions.${r.outcome}`),
        r.line,
        r.email || null,
        r.name,
        r.outcome === 'skip'
          ? r.reasons.map((x) => t(`import.problems.${x}`)).join(' ')
          : r.fields.map(field).join(', ') || null,
      ])
    }
  }
  return csvStreamResponse(
    [
      t('import.outcome'),
      t('import.lineHeader'),
      t('import.fields.email'),
      t('import.fields.name'),
      t('import.details'),
    ],
    pages(),
    `import-${batch.id}-report.csv`,
    csvDelimiter(request, language),
  )
}
