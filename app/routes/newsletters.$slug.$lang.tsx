import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { isLanguage } from '~/i18n'
import { baseUrl } from '~/guards.server'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { archivedIssue } from '~/services/newsletters.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'newsletterArchive', data?.subject)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language: viewerLanguage, timeZone } = await getViewer(request)
  if (!isLanguage(params.lang)) throw new Response('Not found', { status: 404 })
  const issue = archivedIssue(getDb(), params.slug ?? '', params.lang, timeZone, baseUrl())
  if (!issue || !issue.found) throw new Response('Not found', { status: 404 })
  return { ...issue, viewerLanguage, timeZone }
}

export default function ArchivedNewsletter() {
  const { t } = useTranslation()
  const issue = useLoaderData<typeof loader>()
  return (
    <>
      <p className="muted">
        <a href="/newsletters">{t('archive.title')}</a> · {t('archive.sentOn', { date: formatDate(new Date(issue.sentAt), issue.viewerLanguage, issue.timeZone) })} ·{' '}
        {t('archive.timesIn', { zone: issue.timeZone })}
      </p>
      <nav aria-label={t('archive.languages')} className="filters">
        {issue.languages.map((l) => (
          <a key={l} href={`/newsletters/${issue.slug}/${l}`} hrefLang={l} lang={l} aria-current={l === issue.language ? 'page' : undefined}>
            {languageName(l, l)}
          </a>
        ))}
      </nav>
      <article lang={issue.language} className="prose newsletter-issue">
        <h1>{issue.subject}</h1>
        {/* Sanitised when rendered (emails/newsletter.tsx): no script, handlers or javascript: links. */}
        <div dangerouslySetInnerHTML={{ __html: issue.html }} />
      </article>
    </>
  )
}
