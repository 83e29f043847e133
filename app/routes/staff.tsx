import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '~/guards.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  return null
}

export default function StaffLayout() {
  const { t } = useTranslation('staff')
  return (
    <div className="layout-with-nav">
      <nav className="side-nav" aria-label={t('nav.label')}>
        <ul>
          <li>
            <NavLink to="/staff" end>
              {t('nav.overview')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/staff/webinars">{t('nav.webinars')}</NavLink>
          </li>
          <li>
            <NavLink to="/staff/series">{t('nav.series')}</NavLink>
          </li>
          <li>
            <NavLink to="/staff/outbox">{t('nav.outbox')}</NavLink>
          </li>
          <li>
            <NavLink to="/analysis">{t('nav.analysis')}</NavLink>
          </li>
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  )
}
