import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { baseUrl } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { archivedNewsletter } from '~/services/newsletters/archive.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'newsletterArchive', data?.subject)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language: viewerLanguage, timeZone } = await getViewer(request)
  if (!isLanguage(params.lang)) throw new Response('Not found', { status: 404 })
  const newsletter = archivedNewsletter(
    getDb(),
    { slug: params.slug ?? '', language: params.lang, timeZone },
    { baseUrl: baseUrl() },
  )
  if (!newsletter || !newsletter.found) throw new Response('Not found', { status: 404 })
  return { ...newsletter, viewerLanguage, timeZone }
}

export default function ArchivedNewsletter() {
  const { t } = useTranslation('newsletters')
  const newsletter = useLoaderData<typeof loader>()
  return (
    <>
      <p className="muted">
        <a href="/newsletters">{t('archive.title')}</a> ·{' '}
        {t('archive.sentOn', {
          date: formatDate(new Date(newsletter.sentAt), newsletter.viewerLanguage, newsletter.timeZone),
        })}{' '}
        · {t('archive.timesIn', { zone: newsletter.timeZone })}
      </p>
      <nav aria-label={t('archive.languages')} className="filters">
        {newsletter.languages.map((l) => (
          <a
            key={l}
            href={`/newsletters/${newsletter.slug}/${l}`}
            hrefLang={l}
            lang={l}
            aria-current={l === newsletter.language ? 'page' : undefined}
          >
            {languageName(l, l)}
          </a>
        ))}
      </nav>
      <article lang={newsletter.language} className="prose newsletter-issue">
        <h1>{newsletter.subject}</h1>
        {/* Sanitised when rendered (emails/newsletter.tsx): no script, handlers or javascript: links. */}
        <div dangerouslySetInnerHTML={{ __html: newsletter.html }} />
      </article>
    </>
  )
}
