import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { Pager } from '~/components/Pager'
import { metricsQuery, ParticipationHeader } from '~/components/Participation'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { readMetricsQuery } from '~/lib/metrics-query'
import { listRecords } from '~/services/metrics.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'participationRecords')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const params = new URL(request.url).searchParams
  const { period, filters: f } = readMetricsQuery(params)
  const filters = { regionCode: f.regionCode, structureId: f.structureId, personId: f.personId, kind: f.kind }
  return {
    period: { fromText: period.fromText, toText: period.toText },
    filters,
    ...listRecords(getDb(), period, filters, { page: f.page, language }),
    page: f.page,
    language,
    timeZone,
  }
}

export default function ParticipationRecords() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const keep = {
    region: d.filters.regionCode,
    structure: d.filters.structureId,
    person: d.filters.personId,
    kind: d.filters.kind,
  }
  const active = [
    d.filters.regionCode ? `${t('participation.region')}: ${d.filters.regionCode}` : null,
    d.filters.kind ? t(`participation.kinds.${d.filters.kind}`) : null,
    d.filters.structureId && d.rows[0] ? `${t('participation.structure')}: ${d.rows[0].structureName ?? ''}` : null,
    d.filters.personId && d.rows[0] ? `${t('participation.person')}: ${d.rows[0].name}` : null,
  ].filter(Boolean)
  return (
    <>
      <ParticipationHeader title={t('participation.recordsTitle')} period={d.period} hidden={keep} />
      <p>
        {t('participation.recordsFound', { number: formatNumber(d.total, d.language) })}
        {active.length ? ` · ${active.join(' · ')}` : ''}{' '}
        {active.length ? <Link to={metricsQuery(d.period)}>{t('participation.clearFilters')}</Link> : null}
      </p>
      <ScrollRegion>
        <table className="card-table">
          <caption className="visually-hidden">{t('participation.recordsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.date', { zone: d.timeZone })}</th>
              <th scope="col">{t('participation.person')}</th>
              <th scope="col">{t('participation.region')}</th>
              <th scope="col">{t('participation.structure')}</th>
              <th scope="col">{t('participation.what')}</th>
              <th scope="col">{t('participation.about')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDate(new Date(r.occurredAt), d.language, d.timeZone)}</td>
                <th scope="row">
                  <Link to={metricsQuery(d.period, { person: r.personId })}>{r.name}</Link>
                </th>
                <td data-label={t('participation.region')}>{r.regionCode ?? '—'}</td>
                <td data-label={t('participation.structure')}>{r.structureName ?? '—'}</td>
                <td data-label={t('participation.what')}>{t(`participation.kinds.${r.kind}`)}</td>
                <td data-label={t('participation.about')}>{r.about ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Pager page={d.page} pages={d.pages} link={(page) => metricsQuery(d.period, { ...keep, page })} />
      <p className="no-print">
        <a href={`/analysis/participation/export/records${metricsQuery(d.period, keep)}`} download>
          {t('participation.csv')}
        </a>
      </p>
    </>
  )
}
