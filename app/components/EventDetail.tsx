import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { ScrollRegion } from '~/components/ScrollRegion'
import { StaffText } from '~/components/StaffText'
import { formatRange, languageName } from '~/lib/format'

export type EventDetailData = {
  kind: string
  status: string
  title: string
  description: string
  agenda: string
  textLanguage: string
  startsAt: Date
  endsAt: Date
  timeZone: string
  platformName: string | null
  platformUrl: string | null
  venue: string | null
  city: string | null
  capacity: number | null
  confirmed: number
  presenters: { name: string; role: string }[]
  channels: { language: string; conferenceId: string; dialInNumbers: string }[]
  materials: { language: string; kind: string; title: string; url: string }[]
}

/** The public page of a webinar or summit, in the viewer's language and zone. */
export function EventDetail({
  event,
  language,
  timeZone,
  aside,
  children,
}: {
  event: EventDetailData
  language: Language
  timeZone: string
  /** Shown under the key facts: the registration panel of a webinar. */
  aside?: ReactNode
  /** Sections after the agenda: a summit's programme. */
  children?: ReactNode
}) {
  const { t } = useTranslation()
  const start = new Date(event.startsAt)
  const end = new Date(event.endsAt)
  // The time where the event takes place matters for a venue; an online event has only the viewer's.
  const showEventZone = event.timeZone !== timeZone && Boolean(event.venue || event.city)
  return (
    <article>
      <p>
        <span className="badge">{t(`events.kinds.${event.kind}`)}</span>{' '}
        {event.status !== 'scheduled' ? (
          <span className={event.status === 'cancelled' ? 'badge bad' : 'badge'}>
            {t(`events.status.${event.status}`)}
          </span>
        ) : null}
      </p>
      <h1 lang={event.textLanguage}>{event.title}</h1>
      {event.textLanguage !== language ? (
        <p className="muted" role="note">
          {t('events.fallbackNote')}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t('events.when')}</dt>
        <dd>
          <time dateTime={start.toISOString()}>{formatRange(start, end, language, timeZone)}</time>
          {showEventZone ? (
            <>
              <br />
              <span className="muted">
                {t('events.localTime')}: {formatRange(start, end, language, event.timeZone)}
              </span>
            </>
          ) : null}
        </dd>
        {event.venue || event.city ? (
          <>
            <dt>{t('events.where')}</dt>
            <dd>{[event.venue, event.city].filter(Boolean).join(', ')}</dd>
          </>
        ) : null}
        {event.platformUrl ? (
          <>
            <dt>{t('events.platform')}</dt>
            <dd>
              <a href={event.platformUrl} rel="noopener noreferrer">
                {event.platformName ?? event.platformUrl}
              </a>
            </dd>
          </>
        ) : null}
        {event.presenters.length ? (
          <>
            <dt>{t('events.presenters')}</dt>
            <dd>
              {event.presenters.map((p) => (
                <span key={p.name} style={{ display: 'block' }}>
                  {p.name}
                  {p.role ? `, ${p.role}` : ''}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {event.capacity ? (
          <>
            <dt>{t('events.seats')}</dt>
            <dd>{t('events.seatsTaken', { confirmed: event.confirmed, capacity: event.capacity })}</dd>
          </>
        ) : null}
      </dl>
      {aside}
      {event.description ? <p className="prose">{event.description}</p> : null}
      {event.channels.length ? (
        <section aria-labelledby="channels-heading">
          <h2 id="channels-heading">{t('events.channels')}</h2>
          <ScrollRegion>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('events.channelLanguage')}</th>
                  <th scope="col">{t('events.conferenceId')}</th>
                  <th scope="col">{t('events.dialIn')}</th>
                </tr>
              </thead>
              <tbody>
                {event.channels.map((c) => (
                  <tr key={c.language}>
                    <td>{languageName(c.language, language)}</td>
                    <td>{c.conferenceId}</td>
                    <td>{c.dialInNumbers ? <StaffText text={c.dialInNumbers} language={language} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p className="muted">{t('events.dialOutNote')}</p>
        </section>
      ) : null}
      {event.agenda ? (
        <section aria-labelledby="agenda-heading">
          <h2 id="agenda-heading">{t('events.agenda')}</h2>
          <p className="prose">{event.agenda}</p>
        </section>
      ) : null}
      {children}
      {event.materials.length ? (
        <section aria-labelledby="materials-heading">
          <h2 id="materials-heading">{t('events.materials')}</h2>
          <ul>
            {event.materials.map((m) => (
              <li key={m.url + m.language}>
                <a href={m.url} rel="noopener noreferrer" hrefLang={m.language}>
                  {t(`events.materialKinds.${m.kind}`)} ({languageName(m.language, language)})
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}
