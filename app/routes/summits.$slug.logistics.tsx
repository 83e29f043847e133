import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { formatRange, zoneLabel } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { getEventBySlug } from '~/services/events.server'
import { summitLogistics } from '~/services/summits/programme.server'
import { ownSummitPlace } from '~/services/summits/travel.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'logistics', data ? `${data.summit.title}` : undefined)

/** The summit's practical page (venue, city, practical information), public, in the viewer's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await getViewer(request)
  const db = getDb()
  const found = getEventBySlug(db, { slug: params.slug ?? '', kind: 'summit' })
  if (!found) throw new Response('Not found', { status: 404 })
  const summit = summitLogistics(db, found.id, language)!
  const place = person ? ownSummitPlace(db, found.id, person.id, language) : null
  return {
    summit: {
      ...summit,
      whenThere: formatRange(summit.startsAt, summit.endsAt, language, summit.timeZone),
      whenHere: summit.timeZone !== timeZone ? formatRange(summit.startsAt, summit.endsAt, language, timeZone) : null,
    },
    onRoster: Boolean(place),
    visaLetter: place?.status === 'confirmed' && place.visaLetterNeeded,
    language,
    viewerZone: timeZone,
  }
}

export default function Logistics() {
  const { t } = useTranslation('summits')
  const { summit, onRoster, visaLetter, language, viewerZone } = useLoaderData<typeof loader>()
  const paragraphs = summit.practicalInfo
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
  return (
    <>
      <h1>{t('logistics.title', { title: summit.title })}</h1>
      <dl className="details">
        {summit.venue ? (
          <div>
            <dt>{t('logistics.venue')}</dt>
            <dd>{summit.venue}</dd>
          </div>
        ) : null}
        {summit.city ? (
          <div>
            <dt>{t('logistics.city')}</dt>
            <dd>{summit.city}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('logistics.dates')}</dt>
          <dd>
            {summit.whenThere} <span className="muted">({zoneLabel(summit.timeZone)})</span>
            {summit.whenHere ? (
              <>
                <br />
                <span className="muted">{t('logistics.yourZone', { when: summit.whenHere, zone: viewerZone })}</span>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="practical">
        <h2 id="practical">{t('logistics.practical')}</h2>
        {summit.infoLanguage !== language ? (
          <p className="muted" role="note">
            {t('common:events.fallbackNote')}
          </p>
        ) : null}
        {paragraphs.length ? (
          <div lang={summit.infoLanguage} className="prose">
            {paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
        ) : (
          <p className="muted">{t('logistics.none')}</p>
        )}
      </section>
      <p>
        <Link to={`/summits/${summit.slug}`}>{t('logistics.toProgramme')}</Link>
        {onRoster ? (
          <>
            {' · '}
            <Link to={`/summits/${summit.slug}/me`}>{t('mySummit.open')}</Link>
          </>
        ) : null}
        {visaLetter ? (
          <>
            {' · '}
            <Link to={`/summits/${summit.slug}/visa-letter`}>{t('logistics.visaLetter')}</Link>
          </>
        ) : null}
      </p>
    </>
  )
}
