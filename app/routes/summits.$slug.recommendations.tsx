import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { RecommendationStatusBadge } from '~/components/RecommendationStatus'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { getEventBySlug } from '~/services/events.server'
import { type RecommendationRow, summitRecommendations } from '~/services/recommendations.server'
import { summitLogistics } from '~/services/summits/programme.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'summitRecommendations', data?.title)

/** A summit's recommendations, public, by thematic group report, each with its status and progress. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await getViewer(request)
  const db = getDb()
  const found = getEventBySlug(db, { slug: params.slug ?? '', kind: 'summit' })
  if (!found) throw new Response('Not found', { status: 404 })
  const summit = summitLogistics(db, found.id, language)!
  return { slug: found.slug, title: summit.title, language, ...summitRecommendations(db, found.id, language) }
}

function Recommendation({ r, language }: { r: RecommendationRow; language: 'en' | 'fr' | 'es' }) {
  const { t } = useTranslation('participation')
  return (
    <li>
      <p>
        <strong>{r.reference}</strong> <span lang={r.text.language}>{r.text.text}</span>
        {r.text.fallback ? <span className="muted"> ({t('common:events.inEnglishOnly')})</span> : null}
      </p>
      <p className="muted">
        <RecommendationStatusBadge status={r.status} />{' '}
        {t('recommendations.since', { date: formatDate(new Date(r.statusSince), language, 'UTC') })} ·{' '}
        {t('recommendations.ownerIs', { owner: r.owner })}
      </p>
      {r.rejectionReason ? (
        <p lang={r.rejectionReason.language}>
          {t('recommendations.reason')}
          {t('common:colon')}
          {r.rejectionReason.text}
        </p>
      ) : null}
      {r.milestones.length ? (
        <ul>
          {r.milestones.map((m) => (
            <li key={m.id}>
              {t('tracker.itemShort', { number: m.itemNumber })} {m.label}) {m.title} · {m.percentComplete} %
              {m.heldOverBy ? ` · ${t('tracker.heldOverBy', { dependency: m.heldOverBy })}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  )
}

export default function SummitRecommendations() {
  const { t } = useTranslation('participation')
  const { slug, title, language, total, counts, groups, others } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to={`/summits/${slug}`}>← {title}</Link>
      </p>
      <div className="page-head">
        <h1>{t('recommendations.publicTitle', { title })}</h1>
        <p className="lede">{t('recommendations.publicIntro')}</p>
      </div>
      {total === 0 ? (
        <p className="muted">{t('recommendations.none')}</p>
      ) : (
        <ul className="status-counts" aria-label={t('recommendations.byStatus')}>
          {(Object.keys(counts) as (keyof typeof counts)[]).map((s) => (
            <li key={s}>
              <RecommendationStatusBadge status={s} /> {counts[s]}
            </li>
          ))}
        </ul>
      )}
      {groups.map((g) => (
        <section key={g.key} aria-labelledby={g.key}>
          <h2 id={g.key}>
            {g.name}
            {t('common:colon')}
            <span lang={g.topic.language}>{g.topic.value}</span>
          </h2>
          {g.reportUrl ? (
            <p>
              <a href={g.reportUrl} rel="noopener noreferrer">
                {t('recommendations.readReport')}
              </a>
            </p>
          ) : null}
          <ul className="recommendation-list">
            {g.recommendations.map((r) => (
              <Recommendation key={r.id} r={r} language={language} />
            ))}
          </ul>
        </section>
      ))}
      {others.length ? (
        <section aria-labelledby="others">
          <h2 id="others">{t('recommendations.otherSources')}</h2>
          <ul className="recommendation-list">
            {others.map((r) => (
              <Recommendation key={r.id} r={r} language={language} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
