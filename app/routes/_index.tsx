import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { EventList } from '~/components/EventList'
import { listPastEvents, listUpcomingEvents } from '~/services/events.server'
import { getViewer } from '~/viewer.server'
import { pageTitle } from '~/lib/meta'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, null)

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone, person } = await getViewer(request)
  const db = getDb()
  return {
    language,
    timeZone,
    signedIn: Boolean(person),
    upcoming: listUpcomingEvents(db, language, { limit: 10 }),
    summits: listPastEvents(db, language, { kinds: ['summit'], limit: 3 }),
    recent: listPastEvents(db, language, { kinds: ['webinar'], limit: 6 }),
  }
}

export default function Home() {
  const { t } = useTranslation()
  const { language, timeZone, signedIn, upcoming, summits, recent } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lede">{t('home.intro')}</p>
      {!signedIn ? (
        <p>
          <Link to="/signup" className="button">
            {t('nav.signUp')}
          </Link>{' '}
          <Link to="/login" className="button secondary">
            {t('nav.signIn')}
          </Link>
        </p>
      ) : null}
      <p className="muted">{t('home.timesIn', { zone: timeZone })}</p>
      <h2>{t('home.upcoming')}</h2>
      <EventList events={upcoming} language={language} timeZone={timeZone} />
      <h2>{t('home.summits')}</h2>
      <EventList events={summits} language={language} timeZone={timeZone} />
      <h2>{t('home.recent')}</h2>
      <EventList events={recent} language={language} timeZone={timeZone} />
      <p>
        <Link to="/webinars">{t('home.allWebinars')}</Link>
      </p>
    </>
  )
}
