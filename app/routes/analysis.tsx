import type { LoaderFunctionArgs } from '@remix-run/node'
import { useTranslation } from 'react-i18next'

import { SideNavLayout } from '~/components/SideNavLayout'
import { requireRole } from '~/guards.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  return null
}

export default function AnalysisLayout() {
  const { t } = useTranslation('staff')
  return (
    <SideNavLayout
      label={t('nav.analysis')}
      links={[
        { to: '/analysis', label: t('nav.overviewAnalysis'), end: true },
        { to: '/analysis/participation', label: t('nav.participation') },
        { to: '/analysis/surveys', label: t('nav.surveys') },
        { to: '/analysis/accreditation', label: t('nav.accreditation') },
        { to: '/analysis/tracker', label: t('nav.tracker') },
        { to: '/analysis/recommendations', label: t('nav.recommendations') },
      ]}
    />
  )
}
