import { NavLink, Outlet, useLocation } from '@remix-run/react'
import { type ReactNode, useEffect, useRef } from 'react'

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
  const list = useRef<HTMLUListElement>(null)
  const { pathname } = useLocation()
  // On a phone the menu is one row that scrolls sideways: bring the current page's link into
  // view (moving the row only, never the page).
  useEffect(() => {
    const ul = list.current
    const active = ul?.querySelector<HTMLElement>('a.active')
    if (ul && active && ul.scrollWidth > ul.clientWidth)
      ul.scrollLeft = Math.max(0, active.offsetLeft - ul.offsetLeft - 16)
  }, [pathname])
  if (fullScreen) return <Outlet />
  return (
    <div className="layout-with-nav">
      <nav className="side-nav no-print" aria-label={label}>
        <ul ref={list}>
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
