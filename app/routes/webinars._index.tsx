import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { LANGUAGES } from '#db/domain'
import { EventList } from '~/components/EventList'
import { isLanguage } from '~/i18n'
import { languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listSeries, listWebinarSchedule } from '~/services/events.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'webinars')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const url = new URL(request.url)
  const when = url.searchParams.get('when') === 'past' ? 'past' : 'upcoming'
  const seriesId = Number(url.searchParams.get('series')) || null
  const channel = url.searchParams.get('language')
  const channelLanguage = isLanguage(channel) ? channel : null
  const page = Number(url.searchParams.get('page')) || 1
  const db = getDb()
  return {
    language,
    timeZone,
    when,
    filters: { series: seriesId ? String(seriesId) : '', language: channelLanguage ?? '' },
    series: listSeries(db, language),
    schedule: listWebinarSchedule(db, language, { when, seriesId, channelLanguage, page }),
  }
}

export default function Webinars() {
  const { t } = useTranslation()
  const { language, timeZone, when, filters, series, schedule } = useLoaderData<typeof loader>()
  const link = (over: Record<string, string | number>) => {
    const params = new URLSearchParams({
      when,
      ...filters,
      ...Object.fromEntries(Object.entries(over).map(([k, v]) => [k, String(v)])),
    })
    for (const [k, v] of [...params]) if (!v) params.delete(k)
    return `/webinars?${params}`
  }
  return (
    <>
      <h1>{t('webinars.title')}</h1>
      <p className="lede">{t('webinars.intro')}</p>
      <nav aria-label={t('webinars.whenLabel')}>
        <ul className="nav-list">
          <li>
            <Link
              to={link({ when: 'upcoming', page: '' })}
              aria-current={when === 'upcoming' ? 'page' : undefined}
              className={when === 'upcoming' ? 'active' : ''}
            >
              {t('webinars.upcoming')}
            </Link>
          </li>
          <li>
            <Link
              to={link({ when: 'past', page: '' })}
              aria-current={when === 'past' ? 'page' : undefined}
              className={when === 'past' ? 'active' : ''}
            >
              {t('webinars.past')}
            </Link>
          </li>
        </ul>
      </nav>
      <Form method="get" className="filters">
        <input type="hidden" name="when" value={when} />
        <div className="field">
          <label htmlFor="filter-series">{t('webinars.series')}</label>
          <select id="filter-series" name="series" defaultValue={filters.series}>
            <option value="">{t('webinars.allSeries')}</option>
            {series.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-language">{t('webinars.interpretationIn')}</label>
          <select id="filter-language" name="language" defaultValue={filters.language}>
            <option value="">{t('webinars.anyLanguage')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, language)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="secondary">
            {t('webinars.filter')}
          </button>
        </div>
      </Form>
      <p className="muted">
        {t('webinars.count', { count: schedule.total })} · {t('home.timesIn', { zone: timeZone })}
      </p>
      <h2>{when === 'upcoming' ? t('webinars.upcoming') : t('webinars.past')}</h2>
      <EventList events={schedule.items} language={language} timeZone={timeZone} />
      {schedule.pages > 1 ? (
        <nav aria-label={t('webinars.pages')} className="pager">
          {schedule.page > 1 ? (
            <Link to={link({ page: schedule.page - 1 })}>← {t('webinars.previousPage')}</Link>
          ) : null}
          <span>{t('webinars.pageOf', { page: schedule.page, pages: schedule.pages })}</span>
          {schedule.page < schedule.pages ? (
            <Link to={link({ page: schedule.page + 1 })}>{t('webinars.nextPage')} →</Link>
          ) : null}
        </nav>
      ) : null}
    </>
  )
}
