import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { POLICY_TOPICS, REGION_CODES, STATEMENT_KINDS, STATEMENT_STAGES } from '#db/domain'
import { Glossed } from '~/components/Glossed'
import { formatDate, formatNumber } from '~/lib/format'
import { glossaryMarker } from '~/lib/glossary'
import { pageTitle } from '~/lib/meta'
import { glossaryFor } from '~/services/glossary.server'
import { listPenholders, listTopics } from '~/services/participation.server'
import { listStatements, statementYears } from '~/services/statements.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'statements')

/** One of `allowed`, or null for anything else (a stale or forged filter shows everything). */
function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return allowed.includes(value as T) ? (value as T) : null
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const db = getDb()
  const params = new URL(request.url).searchParams
  const topics = listTopics(db, POLICY_TOPICS)
  const penholders = listPenholders(db)
  const years = statementYears(db)
  const filters = {
    kind: oneOf(STATEMENT_KINDS, params.get('kind')),
    stage: oneOf(STATEMENT_STAGES, params.get('stage')),
    topic: oneOf(topics, params.get('topic')),
    region: oneOf(REGION_CODES, params.get('region')),
    year: years.includes(Number(params.get('year'))) ? Number(params.get('year')) : null,
    q: (params.get('q') ?? '').trim().slice(0, 100) || null,
    penholderId: penholders.some((p) => String(p.id) === params.get('penholder'))
      ? Number(params.get('penholder'))
      : null,
  }
  return {
    glossary: glossaryFor(db, language),
    statements: listStatements(db, filters, language).map((s) => ({
      id: s.id,
      kind: s.kind,
      stage: s.stage,
      text: s.text,
      topics: s.topics,
      url: s.url,
      commentUrl: s.commentUrl,
      deadline: s.deadline,
      publishedAt: s.publishedAt,
      penholders: s.penholders.map((p) => ({ name: p.name, regionCode: p.regionCode })),
      volunteers: s.volunteers.length,
    })),
    filters,
    topics,
    penholders,
    years,
    language,
    timeZone,
  }
}

export default function Statements() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const f = d.filters
  const select = (name: string, label: string, value: string | number | null, options: [string, string][]) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ''}>
        <option value="">{t('statements.any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <>
      <h1>{t('statements.title')}</h1>
      <p className="lede">{t('statements.lede')}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="filter-q">{t('statements.search')}</label>
          <input id="filter-q" type="search" name="q" defaultValue={f.q ?? ''} />
        </div>
        {select(
          'kind',
          t('statements.kind'),
          f.kind,
          STATEMENT_KINDS.map((k) => [k, t(`statements.kinds.${k}`)]),
        )}
        {select(
          'stage',
          t('statements.stage'),
          f.stage,
          STATEMENT_STAGES.map((k) => [k, t(`statements.stages.${k}`)]),
        )}
        {select(
          'topic',
          t('statements.topic'),
          f.topic,
          d.topics.map((x) => [x, x]),
        )}
        {select(
          'region',
          t('statements.region'),
          f.region,
          REGION_CODES.map((r) => [r, t(`common:regions.${r}`)]),
        )}
        {select(
          'year',
          t('statements.year'),
          f.year,
          d.years.map((y) => [String(y), String(y)]),
        )}
        {select(
          'penholder',
          t('statements.penholder'),
          f.penholderId,
          d.penholders.map((p) => [String(p.id), p.name]),
        )}
        <div>
          <button type="submit">{t('participation.apply')}</button>
        </div>
      </Form>
      <p role="status">{t('statements.found', { number: formatNumber(d.statements.length, d.language) })}</p>
      <ul className="event-list">
        {d.statements.map((s) => (
          <li key={s.id}>
            <span className="when">
              {formatDate(new Date(s.publishedAt), d.language, d.timeZone)} · {t(`statements.kinds.${s.kind}`)}{' '}
              <span className={`badge ${s.stage === 'submitted' ? 'ok' : s.stage === 'withdrawn' ? '' : 'warn'}`}>
                {t(`statements.stages.${s.stage}`)}
              </span>
            </span>
            <span lang={s.text.language}>{s.url ? <a href={s.url}>{s.text.title}</a> : s.text.title}</span>
            {s.text.fallback ? <span className="muted"> ({t('statements.inEnglish')})</span> : null}
            {s.text.summary ? (
              <p className="pre-line" lang={s.text.language}>
                {/* Each statement is its own text: its first occurrence of a term is marked. */}
                <Glossed text={s.text.summary} marker={glossaryMarker(d.glossary)} />
              </p>
            ) : (
              <br />
            )}
            <span className="muted">
              {s.topics.join(', ')} · {t('statements.penholders')}
              {t('common:colon')}
              {s.penholders.map((p) => `${p.name}${p.regionCode ? ` (${p.regionCode})` : ''}`).join(', ') || '—'}
              {s.deadline && s.stage !== 'submitted' && s.stage !== 'withdrawn'
                ? ` · ${t('statements.deadlineOn', { date: formatDate(new Date(`${s.deadline}T12:00:00Z`), d.language, 'UTC') })}`
                : ''}
            </span>
            {s.commentUrl ? (
              <>
                {' · '}
                <a href={s.commentUrl} rel="noopener noreferrer">
                  {t('statements.proceeding')}
                </a>
              </>
            ) : null}
            {s.stage === 'call_for_volunteers' || s.stage === 'drafting' ? (
              <>
                {' · '}
                <Link to={`/statements/${s.id}/volunteer`}>{t('statements.volunteerLink')}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  )
}
