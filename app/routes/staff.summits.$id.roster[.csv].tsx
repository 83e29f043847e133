import type { LoaderFunctionArgs } from '@remix-run/node'

import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { languageName } from '~/lib/format'
import { staffSummit } from '~/lib/staff-summit.server'
import { roster } from '~/services/summits/roster.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

/** The roster for the travel team and the hotel: every participant with status and funding. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  const t = fixedT(language, 'summits')
  return csvResponse(
    [
      t('summits.name'),
      t('summits.email'),
      t('participation:participation.region'),
      t('participation:participation.structure'),
      t('summits.language'),
      t('summits.status'),
      t('summits.funding'),
      t('summits.reason'),
      t('summits.checkedIn'),
    ],
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
    csvDelimiter(request, language),
  )
}
