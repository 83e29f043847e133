import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { StaffText } from '~/components/StaffText'
import { ACTION_BADGE } from '~/lib/action-items'
import { formatDate } from '~/lib/format'

export type ActionListItem = {
  id: number
  text: string
  dueOn: string | null
  /** Shown as a badge when given (open items lists leave it out). */
  status?: keyof typeof ACTION_BADGE
  /** The owner's name, when the reader may see it. */
  owner?: string | null
  /** The group, on a person's own list. */
  group?: { name: string; slug: string | null }
}

/** Action items as the public pages and a person's participation page show them. */
export function ActionList({ items, language }: { items: ActionListItem[]; language: Language }) {
  const { t } = useTranslation('participation')
  return (
    <ul className="action-list">
      {items.map((a) => (
        <li key={a.id}>
          {a.status ? (
            <>
              <span className={`badge ${ACTION_BADGE[a.status]}`}>{t(`meetings.actionStatus.${a.status}`)}</span>{' '}
            </>
          ) : null}
          <StaffText text={a.text} language={language} />
          <span className="muted">
            {a.group ? (
              <>
                {' — '}
                {a.group.slug ? <Link to={`/working-groups/${a.group.slug}`}>{a.group.name}</Link> : a.group.name}
              </>
            ) : null}
            {a.owner ? ` — ${a.owner}` : ''}
            {a.dueOn
              ? ` — ${t('meetings.due', { date: formatDate(new Date(`${a.dueOn}T12:00:00Z`), language, 'UTC') })}`
              : ''}
          </span>
        </li>
      ))}
    </ul>
  )
}
