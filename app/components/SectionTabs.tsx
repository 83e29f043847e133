import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * The sections of a long staff page as a row of tabs (links, so each section has its own
 * address and works without JavaScript); on a phone the row scrolls sideways by itself.
 */
export function SectionTabs<T extends string>({
  label,
  current,
  tabs,
  href,
}: {
  label: string
  current: T
  tabs: { id: T; label: ReactNode }[]
  href: (id: T) => string
}) {
  return (
    <nav className="section-tabs" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              to={href(tab.id)}
              aria-current={tab.id === current ? 'page' : undefined}
              preventScrollReset
              prefetch="intent"
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
