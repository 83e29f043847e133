import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { languageName } from '~/lib/format'
import { idParam } from '~/lib/params.server'
import { getWebinarForEdit, listRegistrants } from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** Registrants as CSV, UTF-8 with a BOM so spreadsheets read accents right. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const t = fixedT(language, 'staff')
  const id = idParam(params.id)
  if (!getWebinarForEdit(getDb(), id)) throw new Response('Not found', { status: 404 })
  const rows = listRegistrants(getDb(), id)
  return csvResponse(
    ['name', 'email', 'region', 'status', 'channel', 'dialOut', 'dialOutDone', 'attended', 'registeredAt'].map((c) =>
      t(`webinars.csv.${c}`),
    ),
    rows.map((r) => [
      r.name,
      r.email,
      r.regionCode ?? '',
      t(`webinars.registrationStatus.${r.status}`),
      languageName(r.channelLanguage, language),
      r.dialOutNumber ?? '',
      r.dialOutDoneAt ? t('webinars.yes') : '',
      r.attended === null ? '' : r.attended ? t('webinars.yes') : t('webinars.no'),
      r.createdAt.toISOString(),
    ]),
    `registrants-${params.id}.csv`,
    csvDelimiter(request, language),
  )
}
