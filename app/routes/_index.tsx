import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { EventList } from '~/components/EventList'
import { formatRange, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listPastEvents, listUpcomingEvents } from '~/services/events.server'
import { listOwnUpcoming } from '~/services/registrations.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, null)

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone, person } = await getViewer(request)
  const db = getDb()
  return {
    language,
    timeZone,
    signedIn: Boolean(person),
    mine: person ? listOwnUpcoming(db, person.id, language) : [],
    upcoming: listUpcomingEvents(db, language, { limit: 10 }),
    summits: listPastEvents(db, language, { kinds: ['summit'], limit: 3 }),
    recent: listPastEvents(db, language, { kinds: ['webinar'], limit: 6 }),
  }
}

export default function Home() {
  const { t } = useTranslation()
  const { language, timeZone, signedIn, mine, upcoming, summits, recent } = useLoaderData<typeof loader>()
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
      {signedIn ? (
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t('home.mine')}</h2>
          {mine.length === 0 ? (
            <p className="muted">{t('home.mineNone')}</p>
          ) : (
            <ul className="event-list">
              {mine.map((r) => (
                <li key={r.eventId}>
                  {/* A cancelled webinar says only that: "registered" beside it would contradict it. */}
                  {r.eventStatus === 'cancelled' ? (
                    <span className="badge bad">{t('events.status.cancelled')}</span>
                  ) : (
                    <span className={r.status === 'confirmed' ? 'badge ok' : 'badge warn'}>
                      {t(`home.myStatus.${r.status}`)}
                    </span>
                  )}{' '}
                  <Link to={r.path}>{r.title}</Link>
                  <span className="when">
                    {formatRange(new Date(r.startsAt), new Date(r.endsAt), language, timeZone)} ·{' '}
                    {t('home.myChannel', { language: languageName(r.channelLanguage, language) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
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
