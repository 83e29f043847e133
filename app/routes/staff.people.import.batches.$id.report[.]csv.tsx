import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvStreamResponse } from '~/lib/csv.server'
import { idParam } from '~/lib/params.server'
import { batchReportPages, getBatch } from '~/services/people/import-batches.server'
import { requireViewer } from '~/viewer.server'

/**
 * An import's report as CSV, in the viewer's language: one row per person created or updated (with the
 * fields changed) and per row skipped (with its line and reasons). Streamed a page of rows at a time.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const batch = getBatch(db, idParam(params.id))
  if (!batch) throw new Response('Not found', { status: 404 })
  const t = fixedT(language, 'staff')
  const field = (f: string) => t(`import.fields.${f === 'structureId' ? 'structure' : f}`)
  async function* pages() {
    for await (const page of batchReportPages(db, batch!.id)) {
      yield page.map((r): (string | number | null)[] => {
        if (r.outcome === 'create') return [t('import.actions.create'), null, r.email, r.name, null]
        if (r.outcome === 'update')
          return [t('import.actions.update'), null, r.email, r.name, r.fields.map(field).join(', ')]
        return [
          t('import.actions.skip'),
          r.line,
          r.email,
          null,
          r.reasons.map((x) => t(`import.problems.${x}`)).join(' '),
        ]
      })
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
