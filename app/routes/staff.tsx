import type { LoaderFunctionArgs } from '@remix-run/node'
import { useTranslation } from 'react-i18next'

import { SideNavLayout } from '~/components/SideNavLayout'
import { requireRole } from '~/guards.server'
import { skipAfterPreview } from '~/lib/revalidation'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  return null
}

export default function StaffLayout() {
  const { t } = useTranslation('staff')
  return (
    <SideNavLayout
      label={t('nav.label')}
      links={[
        { to: '/staff', label: t('nav.overview'), end: true },
        { to: '/staff/people', label: t('nav.people') },
        { to: '/staff/structures', label: t('nav.structures') },
        { to: '/staff/webinars', label: t('nav.webinars') },
        { to: '/staff/series', label: t('nav.series') },
        { to: '/staff/summits', label: t('nav.summits') },
        { to: '/staff/newsletters', label: t('nav.newsletters') },
        { to: '/staff/surveys', label: t('nav.surveys') },
        { to: '/staff/working-groups', label: t('nav.workingGroups') },
        { to: '/staff/statements', label: t('nav.statements') },
        { to: '/staff/interpreters', label: t('nav.interpreters') },
        { to: '/staff/glossary', label: t('nav.glossary') },
        { to: '/staff/planner', label: t('nav.planner') },
        { to: '/staff/outbox', label: t('nav.outbox') },
        { to: '/analysis', label: t('nav.analysis') },
      ]}
    />
  )
}

/** No reload after the newsletter live preview (see app/lib/revalidation.ts). */
export const shouldRevalidate = skipAfterPreview
