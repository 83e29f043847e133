import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { EventDetail } from '~/components/EventDetail'
import { SummitProgramme } from '~/components/SummitProgramme'
import { pageTitle } from '~/lib/meta'
import { getEventDetail } from '~/services/events.server'
import { summitProgramme } from '~/services/summits/programme.server'
import { ownSummitPlace } from '~/services/summits/travel.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, null, data?.event.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await getViewer(request)
  const db = getDb()
  const event = getEventDetail(db, params.slug ?? '', language)
  if (!event || event.kind !== 'summit') throw new Response('Not found', { status: 404 })
  const onRoster = person ? ownSummitPlace(db, event.id, person.id, language) !== null : false
  return { event, language, timeZone, onRoster, programme: summitProgramme(db, event.id, language) }
}

export default function SummitPage() {
  const { t } = useTranslation('summits')
  const { event, language, timeZone, onRoster, programme } = useLoaderData<typeof loader>()
  return (
    <EventDetail
      event={event}
      language={language}
      timeZone={timeZone}
      aside={
        <p>
          {onRoster ? (
            <>
              <Link to={`/summits/${event.slug}/me`}>{t('mySummit.open')}</Link> ·{' '}
            </>
          ) : null}
          <Link to={`/summits/${event.slug}/logistics`}>{t('logistics.open')}</Link> ·{' '}
          <Link to={`/summits/${event.slug}/recommendations`}>{t('recommendations.open')}</Link> ·{' '}
          <a href={`/summits/${event.slug}/programme.ics`} download>
            {t('mySummit.calendar')}
          </a>
        </p>
      }
    >
      <section aria-labelledby="programme-heading">
        <h2 id="programme-heading">{t('programme.title')}</h2>
        <SummitProgramme sessions={programme} slug={event.slug} language={language} timeZone={event.timeZone} />
      </section>
    </EventDetail>
  )
}
