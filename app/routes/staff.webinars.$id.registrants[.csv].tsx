import type { LoaderFunctionArgs } from '@remix-run/node'
import { stringify } from 'csv-stringify/sync'
import { getDb } from '#db/client'
import { requireRole } from '~/guards.server'
import { idParam } from '~/lib/params.server'
import { fixedT } from '~/i18n.server'
import { languageName } from '~/lib/format'
import { getWebinarForEdit, listRegistrants } from '~/services/webinars-admin.server'
import { getViewer } from '~/viewer.server'

/** Registrants as CSV, UTF-8 with a BOM so spreadsheets read accents right. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  const { language } = await getViewer(request)
  const t = fixedT(language, 'staff')
  const id = idParam(params.id)
  if (!getWebinarForEdit(getDb(), id)) throw new Response('Not found', { status: 404 })
  const rows = listRegistrants(getDb(), id)
  const csv = stringify(
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
    {
      bom: true,
      header: true,
      columns: ['name', 'email', 'region', 'status', 'channel', 'dialOut', 'dialOutDone', 'attended', 'registeredAt'].map((c) => t(`webinars.csv.${c}`)),
      // Cells starting with = + - @ are neutralised so a spreadsheet never runs them as formulas
      // (validated phone numbers such as +33 1 23 45 67 89 are left as they are).
      cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) && !/^\+?[0-9 ().-]+$/.test(value) ? `'${value}` : value) },
    },
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="registrants-${params.id}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
