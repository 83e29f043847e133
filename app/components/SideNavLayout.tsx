import { NavLink, Outlet } from '@remix-run/react'
import type { ReactNode } from 'react'

import { useFullScreen } from '~/lib/full-screen'

/** An area (staff, analysis) with its own navigation beside the page. */
export function SideNavLayout({
  label,
  links,
}: {
  label: string
  links: { to: string; label: ReactNode; end?: boolean }[]
}) {
  const fullScreen = useFullScreen()
  if (fullScreen) return <Outlet />
  return (
    <div className="layout-with-nav">
      <nav className="side-nav no-print" aria-label={label}>
        <ul>
          {links.map((l) => (
            <li key={l.to}>
              <NavLink to={l.to} end={l.end}>
                {l.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  )
}
