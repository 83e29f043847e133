import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { idParam } from '~/lib/params.server'
import { batchReportRows, getBatch } from '~/services/people/import.server'
import { requireViewer } from '~/viewer.server'

/**
 * An import's report as CSV, in the viewer's language: one row per person created or updated (with the
 * fields changed) and per row skipped (with its line and reasons).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const batch = getBatch(db, idParam(params.id))
  if (!batch) throw new Response('Not found', { status: 404 })
  const t = fixedT(language, 'staff')
  const { created, updated } = batchReportRows(db, batch.id)
  const field = (f: string) => t(`import.fields.${f === 'structureId' ? 'structure' : f}`)
  const rows: (string | number | null)[][] = [
    ...created.map((p) => [t('import.actions.create'), null, p.email, p.name, null]),
    ...updated.map((p) => [t('import.actions.update'), null, p.email, p.name, p.fields.map(field).join(', ')]),
    ...batch.report.skipped.map((s) => [
      t('import.actions.skip'),
      s.line,
      s.email,
      null,
      s.reasons.map((x) => t(`import.problems.${x}`)).join(' '),
    ]),
  ]
  return csvResponse(
    [
      t('import.outcome'),
      t('import.lineHeader'),
      t('import.fields.email'),
      t('import.fields.name'),
      t('import.details'),
    ],
    rows,
    `import-${batch.id}-report.csv`,
    csvDelimiter(request, language),
  )
}
