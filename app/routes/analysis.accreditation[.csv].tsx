/**
 * The accreditation dashboard's figures as CSV (UTF-8 with BOM): one row per year and
 * region, or (`?table=phases`) the median days of each phase per region.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { fixedT } from '~/i18n.server'
import { YEARLY_STEPS } from '~/lib/accreditation-dashboard'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { regionParam } from '~/lib/validation'
import { accreditationDashboard } from '~/services/structures/dashboard.server'
import { requireViewer } from '~/viewer.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const t = fixedT(language, 'participation')
  const db = getDb()
  const region = regionParam(request.url)
  const regions = region ? [region] : REGION_CODES
  if (new URL(request.url).searchParams.get('table') === 'phases') {
    return csvResponse(
      [
        t('participation.region'),
        t('accreditationDashboard.phase'),
        t('accreditationDashboard.medianDays'),
        t('accreditationDashboard.applications'),
      ],
      regions.flatMap((r) =>
        accreditationDashboard(db, { region: r }).phases.map((p) => [
          r,
          t(`accreditationDashboard.phases.${p.phase}`),
          p.medianDays ?? '',
          p.applications,
        ]),
      ),
      `accreditation-phases-${region ?? 'all'}.csv`,
      csvDelimiter(request, language),
    )
  }
  return csvResponse(
    [
      t('accreditationDashboard.year'),
      t('participation.region'),
      ...YEARLY_STEPS.map((st) => t(`accreditationDashboard.steps.${st}`)),
      t('accreditationDashboard.accreditedAtEnd'),
    ],
    regions.flatMap((r) =>
      accreditationDashboard(db, { region: r }).years.map((y) => [
        y.year,
        r,
        ...YEARLY_STEPS.map((st) => y.counts[st]),
        y.accreditedAtEnd,
      ]),
    ),
    `accreditation-years-${region ?? 'all'}.csv`,
    csvDelimiter(request, language),
  )
}
