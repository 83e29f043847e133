import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { EventList } from '~/components/EventList'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listUpcomingEvents } from '~/services/events.server'
import { staffOverview } from '~/services/overview.server'
import { upcomingDeadlines } from '~/services/statements.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff', 'participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staff')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return {
    overview: staffOverview(db),
    upcoming: listUpcomingEvents(db, language, { limit: 5 }),
    deadlines: upcomingDeadlines(db, language),
    language,
    timeZone,
  }
}

export default function StaffHome() {
  const { t } = useTranslation('staff')
  const { overview, upcoming, deadlines, language, timeZone } = useLoaderData<typeof loader>()
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
          <span className="stat">{overview.affiliationRequests}</span>
          <Link to="/staff/structures?requests=pending">
            {t('home.stats.affiliationRequests', { count: overview.affiliationRequests })}
          </Link>
        </div>
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
      {deadlines.length ? (
        <section aria-labelledby="deadlines">
          <h2 id="deadlines">{t('home.deadlines')}</h2>
          <ul>
            {deadlines.map((d) => (
              <li key={d.id}>
                <Link to={`/staff/statements/${d.id}`}>{d.title}</Link>{' '}
                <span className="muted">
                  · {formatDate(new Date(`${d.deadline}T12:00:00Z`), language, 'UTC')} ·{' '}
                  {t(`participation:statements.stages.${d.stage}`)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t('home.upcoming')}</h2>
      <EventList events={upcoming} language={language} timeZone={timeZone} />
    </>
  )
}
