import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listArchive } from '~/services/newsletters/archive.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newsletterArchive')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  return { list: listArchive(getDb()), language, timeZone }
}

export default function NewsletterArchive() {
  const { t } = useTranslation('newsletters')
  const { list, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('archive.title')}</h1>
      <p className="lede">{t('archive.lede')}</p>
      {list.length === 0 ? <p>{t('archive.none')}</p> : null}
      <ul className="event-list">
        {list.map((newsletter) => {
          const own =
            newsletter.versions.find((v) => v.language === language) ??
            newsletter.versions.find((v) => v.language === 'en') ??
            newsletter.versions[0]
          return (
            <li key={newsletter.id}>
              <span className="when">{formatDate(new Date(newsletter.sendStartedAt), language, timeZone)}</span>
              {own ? (
                <a href={`/newsletters/${newsletter.slug}/${own.language}`} lang={own.language} hrefLang={own.language}>
                  {own.subject}
                </a>
              ) : (
                newsletter.slug
              )}
              <span className="muted">
                {' '}
                {t('archive.alsoIn')}{' '}
                {newsletter.versions.map((v, i) => (
                  <span key={v.language}>
                    {i > 0 ? ' · ' : ''}
                    <a href={`/newsletters/${newsletter.slug}/${v.language}`} hrefLang={v.language}>
                      {languageName(v.language, language)}
                    </a>
                  </span>
                ))}
              </span>
            </li>
          )
        })}
      </ul>
    </>
  )
}
