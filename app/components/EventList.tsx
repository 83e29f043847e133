import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { formatRange, languageName } from '~/lib/format'

export type EventListEntry = {
  slug: string
  kind: string
  title: string
  textLanguage: string
  startsAt: Date
  endsAt: Date
  status: string
  city: string | null
  seriesTitle: string | null
  channelLanguages: string[]
}

export function eventPath(e: { kind: string; slug: string }) {
  return e.kind === 'summit' ? `/summits/${e.slug}` : `/webinars/${e.slug}`
}

export function EventList({
  events,
  language,
  timeZone,
}: {
  events: EventListEntry[]
  language: Language
  timeZone: string
}) {
  const { t } = useTranslation()
  if (events.length === 0) return <p className="muted">{t('events.none')}</p>
  return (
    <ul className="event-list">
      {events.map((e) => (
        <li key={e.slug}>
          <span className="badge">{t(`events.kinds.${e.kind}`)}</span>{' '}
          {e.status === 'cancelled' ? <span className="badge bad">{t('events.status.cancelled')}</span> : null}{' '}
          <Link to={eventPath(e)} lang={e.textLanguage}>
            {e.title}
          </Link>
          {e.textLanguage !== language ? <span className="muted"> ({t('events.inEnglishOnly')})</span> : null}
          <span className="when">
            <time dateTime={new Date(e.startsAt).toISOString()}>
              {formatRange(new Date(e.startsAt), new Date(e.endsAt), language, timeZone)}
            </time>
            {e.city ? ` · ${e.city}` : ''}
            {e.seriesTitle ? ` · ${e.seriesTitle}` : ''}
          </span>
          {e.channelLanguages.length ? (
            <span className="when">
              {t('events.interpretationList', {
                languages: e.channelLanguages.map((l) => languageName(l, language)).join(', '),
              })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
