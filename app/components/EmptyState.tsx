import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

/** Nothing to show yet, said plainly, with the next step when there is one. */
export function EmptyState({ children, action }: { children: ReactNode; action?: { to: string; label: string } }) {
  return (
    <div className="empty">
      <p>{children}</p>
      {action ? (
        <p>
          <Link to={action.to} className="button">
            {action.label}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
