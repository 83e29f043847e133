import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { languageName } from '~/lib/format'
import { idParam } from '~/lib/params.server'
import { interpretationReport } from '~/services/channel-forecast.server'
import { getWebinarForEdit } from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** Attendance by channel and interpreter hours per booth, as CSV (UTF-8 with a BOM). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const t = fixedT(language, 'staff')
  const id = idParam(params.id)
  if (!getWebinarForEdit(getDb(), id)) throw new Response('Not found', { status: 404 })
  const report = interpretationReport(getDb(), id)!
  return csvResponse(
    ['channel', 'booth', 'registered', 'attended', 'interpreters', 'boothHours', 'interpreterHours'].map((c) =>
      t(`forecast.csvColumns.${c}`),
    ),
    report.channels.map((c) => [
      languageName(c.language, language),
      t(c.cancelled ? 'forecast.decision.cancelled' : 'forecast.held'),
      String(c.registered),
      String(c.attended),
      c.interpreters.join('; '),
      c.boothHours.toFixed(2),
      c.interpreterHours.toFixed(2),
    ]),
    `interpretation-${id}.csv`,
    csvDelimiter(request, language),
  )
}
