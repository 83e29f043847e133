import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client'
import { requireRole } from '~/guards.server'
import { fixedT } from '~/i18n.server'
import { csvResponse } from '~/lib/csv.server'
import { languageName } from '~/lib/format'
import { idParam } from '~/lib/params.server'
import { getSummit, roster } from '~/services/summits.server'
import { getViewer } from '~/viewer.server'

/** The roster for the travel team and the hotel: every participant with status and funding. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  const { language } = await getViewer(request)
  const t = fixedT(language, 'staff')
  const db = getDb()
  const id = idParam(params.id)
  const summit = getSummit(db, id, language)
  if (!summit) throw new Response('Not found', { status: 404 })
  return csvResponse(
    [t('summits.name'), t('summits.email'), t('participation.region'), t('participation.structure'), t('summits.language'), t('summits.status'), t('summits.funding'), t('summits.reason'), t('summits.checkedIn')],
    roster(db, id).map((r) => [
      r.name,
      r.email,
      r.regionCode,
      r.structureName,
      languageName(r.language, language),
      t(`summits.statuses.${r.status}`),
      t(`summits.fundings.${r.funding}`),
      r.fundingReason,
      r.checkedInAt ? r.checkedInAt.toISOString() : '',
    ]),
    `roster-${summit.slug}.csv`,
  )
}
