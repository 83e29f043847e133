import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { EventList } from '~/components/EventList'
import { listPastEvents, listUpcomingEvents } from '~/services/events.server'
import { getViewer } from '~/viewer.server'
import { pageTitle } from '~/lib/meta'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'webinars')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const db = getDb()
  return {
    language,
    timeZone,
    upcoming: listUpcomingEvents(db, language, { kinds: ['webinar'], limit: 100 }),
    past: listPastEvents(db, language, { kinds: ['webinar'], limit: 100 }),
  }
}

export default function Webinars() {
  const { t } = useTranslation()
  const { language, timeZone, upcoming, past } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('webinars.title')}</h1>
      <p className="lede">{t('webinars.intro')}</p>
      <p className="muted">{t('home.timesIn', { zone: timeZone })}</p>
      <h2>{t('webinars.upcoming')}</h2>
      <EventList events={upcoming} language={language} timeZone={timeZone} />
      <h2>{t('webinars.past')}</h2>
      <EventList events={past} language={language} timeZone={timeZone} />
    </>
  )
}
