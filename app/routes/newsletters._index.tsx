import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listArchive } from '~/services/newsletters.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newsletterArchive')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  return { issues: listArchive(getDb()), language, timeZone }
}

export default function NewsletterArchive() {
  const { t } = useTranslation()
  const { issues, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('archive.title')}</h1>
      <p className="lede">{t('archive.lede')}</p>
      {issues.length === 0 ? <p>{t('archive.none')}</p> : null}
      <ul className="event-list">
        {issues.map((issue) => {
          const own = issue.versions.find((v) => v.language === language) ?? issue.versions.find((v) => v.language === 'en') ?? issue.versions[0]
          return (
            <li key={issue.id}>
              <span className="when">{formatDate(new Date(issue.sendStartedAt), language, timeZone)}</span>
              {own ? (
                <a href={`/newsletters/${issue.slug}/${own.language}`} lang={own.language} hrefLang={own.language}>
                  {own.subject}
                </a>
              ) : (
                issue.slug
              )}
              <span className="muted">
                {' '}
                {t('archive.alsoIn')}{' '}
                {issue.versions.map((v, i) => (
                  <span key={v.language}>
                    {i > 0 ? ' · ' : ''}
                    <a href={`/newsletters/${issue.slug}/${v.language}`} hrefLang={v.language}>
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
