import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { POLICY_TOPICS } from '#db/domain'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listPenholders, listStatements, listTopics } from '~/services/participation.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'statements')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const db = getDb()
  const params = new URL(request.url).searchParams
  const topics = listTopics(db, POLICY_TOPICS)
  const penholders = listPenholders(db)
  const topic = topics.includes(params.get('topic') ?? '') ? params.get('topic') : null
  const penholderId = penholders.some((p) => String(p.id) === params.get('penholder'))
    ? Number(params.get('penholder'))
    : null
  return {
    statements: listStatements(db, { topic, penholderId }),
    topics,
    penholders,
    topic,
    penholderId,
    language,
    timeZone,
  }
}

export default function Statements() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('statements.title')}</h1>
      <p className="lede">{t('statements.lede')}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="topic">{t('statements.topic')}</label>
          <select id="topic" name="topic" defaultValue={d.topic ?? ''}>
            <option value="">{t('statements.allTopics')}</option>
            {d.topics.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="penholder">{t('statements.penholder')}</label>
          <select id="penholder" name="penholder" defaultValue={d.penholderId ?? ''}>
            <option value="">{t('statements.anyone')}</option>
            {d.penholders.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t('participation.apply')}</button>
        </div>
      </Form>
      <p role="status">{t('statements.found', { number: formatNumber(d.statements.length, d.language) })}</p>
      <ul className="event-list">
        {d.statements.map((s) => (
          <li key={s.id}>
            <span className="when">{formatDate(new Date(s.publishedAt), d.language, d.timeZone)}</span>
            {s.url ? <a href={s.url}>{s.title}</a> : s.title}
            <br />
            <span className="muted">
              {s.topics.join(', ')} · {t('statements.penholders')}
              {t('common:colon')}
              {s.penholders.map((p) => p.name).join(', ') || '—'} · {t('statements.volunteers')}
              {t('common:colon')}
              {s.volunteers.map((p) => p.name).join(', ') || '—'}
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
