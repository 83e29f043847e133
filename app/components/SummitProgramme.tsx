import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { formatDate, formatTime, languageName } from '~/lib/format'
import { utcToZoned } from '~/lib/zoned'

export type ProgrammeEntry = {
  id: number
  title: string
  textLanguage: string
  sessionType: string | null
  startsAt: Date | string
  endsAt: Date | string
  room: string | null
  status: string
  languages: string[]
}

/**
 * A summit's programme by day, with times in the venue's zone (where the
 * participant will be), room, interpretation languages and a calendar link per session.
 */
export function SummitProgramme({
  sessions,
  slug,
  language,
  timeZone,
  headingLevel = 2,
}: {
  sessions: ProgrammeEntry[]
  slug: string
  language: Language
  timeZone: string
  headingLevel?: 2 | 3
}) {
  const { t } = useTranslation('summits')
  if (sessions.length === 0) return <p className="muted">{t('programme.empty')}</p>
  const days = new Map<string, ProgrammeEntry[]>()
  for (const s of sessions) {
    const day = utcToZoned(new Date(s.startsAt), timeZone).date
    days.set(day, [...(days.get(day) ?? []), s])
  }
  const Day = headingLevel === 2 ? 'h3' : 'h4'
  return (
    <div className="programme">
      <p className="hint">{t('programme.zoneNote', { zone: timeZone })}</p>
      {[...days.values()].map((list) => (
        <section key={list[0].id} aria-label={formatDate(new Date(list[0].startsAt), language, timeZone)}>
          <Day>{formatDate(new Date(list[0].startsAt), language, timeZone)}</Day>
          <ul className="event-list">
            {list.map((s) => (
              <li key={s.id}>
                <span className="when">
                  <time dateTime={new Date(s.startsAt).toISOString()}>
                    {formatTime(new Date(s.startsAt), language, timeZone)}
                  </time>
                  –
                  <time dateTime={new Date(s.endsAt).toISOString()}>
                    {formatTime(new Date(s.endsAt), language, timeZone)}
                  </time>
                </span>{' '}
                {s.sessionType ? <span className="badge">{t(`programme.types.${s.sessionType}`)}</span> : null}{' '}
                {s.status === 'cancelled' ? (
                  <span className="badge bad">{t('common:events.status.cancelled')}</span>
                ) : null}{' '}
                <strong lang={s.textLanguage}>{s.title}</strong>
                {s.textLanguage !== language ? (
                  <span className="muted"> ({t('common:events.inEnglishOnly')})</span>
                ) : null}
                <span className="when">
                  {s.room ? t('programme.room', { room: s.room }) : null}
                  {s.room && s.languages.length ? ' · ' : null}
                  {s.languages.length
                    ? t('common:events.interpretationList', {
                        languages: s.languages.map((l) => languageName(l, language)).join(', '),
                      })
                    : null}
                </span>
                {s.status !== 'cancelled' ? (
                  <a
                    href={`/summits/${slug}/programme.ics?session=${s.id}`}
                    download
                    aria-label={`${t('programme.addToCalendar')}: ${s.title}`}
                  >
                    {t('programme.addToCalendar')}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
