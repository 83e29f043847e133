import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '~/guards.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  return null
}

export default function AnalysisLayout() {
  const { t } = useTranslation('staff')
  return (
    <div className="layout-with-nav">
      <nav className="side-nav no-print" aria-label={t('nav.analysis')}>
        <ul>
          <li>
            <NavLink to="/analysis" end>
              {t('nav.overviewAnalysis')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/analysis/tracker">{t('nav.tracker')}</NavLink>
          </li>
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  )
}
