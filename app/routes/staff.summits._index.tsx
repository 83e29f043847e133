import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listSummits } from '~/services/summits/summit.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'summits')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { summits: listSummits(getDb(), language), language, timeZone }
}

export default function StaffSummits() {
  const { t } = useTranslation('summits')
  const { summits, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('summits.title')}</h1>
      <ul className="event-list">
        {summits.map((s) => (
          <li key={s.id}>
            <span className="when">{formatDate(new Date(s.startsAt), language, timeZone)}</span>
            <Link to={`/staff/summits/${s.id}`}>{s.title}</Link>{' '}
            <span className="muted">{t('summits.participantsCount', { count: s.participants })}</span> ·{' '}
            <Link to={`/staff/summits/${s.id}/check-in`}>{t('summits.checkIn')}</Link>
          </li>
        ))}
      </ul>
    </>
  )
}
