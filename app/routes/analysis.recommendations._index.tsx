import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '#db/domain'
import { FilterSelect } from '~/components/FilterSelect'
import { RecommendationStatusBadge } from '~/components/RecommendationStatus'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listRecommendations } from '~/services/recommendations.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'recommendations')

export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const raw = new URL(request.url).searchParams.get('status')
  // An unknown status in the address shows everything, like no filter.
  const status = (RECOMMENDATION_STATUSES as readonly string[]).includes(raw ?? '')
    ? (raw as RecommendationStatus)
    : null
  const db = getDb()
  const all = listRecommendations(db, language)
  return {
    language,
    canEdit: person.roles.includes('staff'),
    status,
    counts: RECOMMENDATION_STATUSES.map((s) => ({ status: s, n: all.filter((r) => r.status === s).length })),
    recommendations: (status ? all.filter((r) => r.status === status) : all).map((r) => ({
      id: r.id,
      reference: r.reference,
      text: r.text,
      owner: r.owner,
      status: r.status,
      source: r.source,
      statusSince: r.statusSince,
      milestones: r.milestones.length,
    })),
  }
}

/** Every recommendation with its status, owner and source; staff open one to move it on. */
export default function Recommendations() {
  const { t } = useTranslation('participation')
  const { language, canEdit, status, counts, recommendations } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>{t('recommendations.title')}</h1>
        <p className="lede">{t('recommendations.intro')}</p>
        {canEdit ? (
          <p>
            <Link className="button" to="/analysis/recommendations/new">
              {t('recommendations.new')}
            </Link>
          </p>
        ) : null}
      </div>
      <ul className="status-counts" aria-label={t('recommendations.byStatus')}>
        {counts.map((c) => (
          <li key={c.status}>
            <RecommendationStatusBadge status={c.status} /> {c.n}
          </li>
        ))}
      </ul>
      <Form method="get" className="filters">
        <FilterSelect
          id="status"
          name="status"
          label={t('recommendations.status')}
          value={status}
          anyLabel={t('recommendations.anyStatus')}
          options={counts.map((c) => ({ value: c.status, label: t(`recommendations.statuses.${c.status}`) }))}
        />
        <div>
          <button type="submit" className="secondary">
            {t('tracker.show')}
          </button>
        </div>
      </Form>
      {recommendations.length === 0 ? (
        <p className="muted">{t('recommendations.none')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('recommendations.recommendation')}</th>
                <th scope="col">{t('recommendations.status')}</th>
                <th scope="col">{t('recommendations.owner')}</th>
                <th scope="col">{t('recommendations.source')}</th>
              </tr>
            </thead>
            <tbody>
              {recommendations.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/analysis/recommendations/${r.id}`}>{r.reference}</Link>{' '}
                    <span lang={r.text.language} className="normal">
                      {r.text.text}
                    </span>
                    {r.text.fallback ? <span className="muted"> ({t('common:events.inEnglishOnly')})</span> : null}
                  </th>
                  <td>
                    <RecommendationStatusBadge status={r.status} />
                    <br />
                    <span className="muted small">{formatDate(new Date(r.statusSince), language, 'UTC')}</span>
                  </td>
                  <td>{r.owner}</td>
                  <td>
                    <span className="muted">{t(`recommendations.sources.${r.source.kind}`)}</span>
                    <br />
                    {r.source.label}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  )
}
