import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { EventList } from '~/components/EventList'
import { pageTitle } from '~/lib/meta'
import { listUpcomingEvents } from '~/services/events.server'
import { staffOverview } from '~/services/overview.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staff')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return { overview: staffOverview(db), upcoming: listUpcomingEvents(db, language, { limit: 5 }), language, timeZone }
}

export default function StaffHome() {
  const { t } = useTranslation('staff')
  const { overview, upcoming, language, timeZone } = useLoaderData<typeof loader>()
  const stats: [string, number][] = [
    ['people', overview.people],
    ['structures', overview.structures],
    ['upcomingEvents', overview.upcomingEvents],
    ['confirmedRegistrations', overview.confirmedRegistrations],
    ['newsletters', overview.newsletters],
    ['surveys', overview.surveys],
  ]
  return (
    <>
      <h1>{t('home.title')}</h1>
      <div className="cards">
        {stats.map(([key, n]) => (
          <div className="card" key={key}>
            <span className="stat">{n}</span>
            {t(`home.stats.${key}`)}
          </div>
        ))}
        <div className="card">
          <span className="stat">{overview.outbox.pending ?? 0}</span>
          <Link to="/staff/outbox?status=pending">{t('home.stats.outboxPending')}</Link>
          {overview.outbox.failed ? (
            <p>
              <Link to="/staff/outbox?status=failed" className="badge bad">
                {t('home.stats.outboxFailed', { count: overview.outbox.failed })}
              </Link>
            </p>
          ) : null}
        </div>
      </div>
      <h2>{t('home.upcoming')}</h2>
      <EventList events={upcoming} language={language} timeZone={timeZone} />
    </>
  )
}
