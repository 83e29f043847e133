/**
 * The shared glossary of acronyms and terms, in the reader's language, searchable (a
 * plain GET form: works without JavaScript and gives a link to share).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { searchGlossary } from '~/services/glossary.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['glossary'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'glossary')

export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language } = await getViewer(request)
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100)
  return {
    q,
    language,
    terms: searchGlossary(getDb(), { q, language }),
    staff: Boolean(person?.roles.includes('staff')),
  }
}

export default function Glossary() {
  const { t } = useTranslation('glossary')
  const { q, language, terms, staff } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <Form method="get" role="search" className="filters">
        <div className="field">
          <label htmlFor="glossary-q">{t('search')}</label>
          <input id="glossary-q" type="search" name="q" defaultValue={q} aria-describedby="glossary-q-hint" />
          <span className="hint" id="glossary-q-hint">
            {t('searchHint')}
          </span>
        </div>
        <div>
          <button type="submit">{t('searchButton')}</button>
        </div>
      </Form>
      <p role="status">
        {q
          ? t('found', { count: terms.length, number: formatNumber(terms.length, language), q })
          : t('all', { count: terms.length, number: formatNumber(terms.length, language) })}
        {q ? (
          <>
            {' '}
            <Link to="/glossary">{t('clear')}</Link>
          </>
        ) : null}
      </p>
      {terms.length ? (
        <dl className="glossary">
          {terms.map((term) => (
            <div key={term.id} id={`term-${term.id}`}>
              <dt>
                <dfn>{term.term}</dfn>
              </dt>
              <dd>
                <strong>{term.expansion}</strong>
                {term.fallback ? <span className="muted"> ({t('inEnglish')})</span> : null}
              </dd>
              <dd>{term.definition}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {staff ? (
        <p>
          <Link to="/staff/glossary">{t('manage')}</Link>
        </p>
      ) : null}
    </>
  )
}
