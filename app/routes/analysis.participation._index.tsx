import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { BarChart, ColumnChart } from '~/components/Charts'
import { FigureCells, FigureHeaders, metricsQuery, ParticipationHeader, RecordsLink } from '~/components/Participation'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatMonth, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { readMetricsQuery } from '~/lib/metrics-query'
import { participationOverview } from '~/services/metrics.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'participation')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  return { ...participationOverview(getDb(), readMetricsQuery(new URL(request.url).searchParams).period), language }
}

export default function ParticipationOverview() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  const q = metricsQuery(d.period)
  return (
    <>
      <ParticipationHeader title={t('participation.title')} period={d.period} />
      <p className="lede">{t('participation.lede')}</p>

      <section aria-labelledby="by-region">
        <h2 id="by-region">{t('participation.byRegion')}</h2>
        <BarChart
          title={t('participation.chartRegions')}
          description={t('participation.chartDescription')}
          data={d.regions.map((r) => ({ label: r.regionCode, value: r.total, valueText: n(r.total) }))}
        />
        <ScrollRegion>
          <table className="card-table compact">
            <caption>{t('participation.byRegionCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation.region')}</th>
                <th scope="col" className="num">
                  {t('participation.members')}
                </th>
                <th scope="col" className="num">
                  {t('participation.active')}
                </th>
                <FigureHeaders />
              </tr>
            </thead>
            <tbody>
              {d.regions.map((r) => (
                <tr key={r.regionCode}>
                  <th scope="row">{r.regionCode}</th>
                  <td className="num" data-label={t('participation.members')}>
                    {n(r.members)}
                  </td>
                  <td className="num" data-label={t('participation.active')}>
                    {n(r.activePeople)}
                  </td>
                  <FigureCells row={r} period={d.period} filter={{ region: r.regionCode }} language={d.language} />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <p className="no-print">
          <a href={`/analysis/participation/export/regions${q}`} download>
            {t('participation.csv')}
          </a>
        </p>
      </section>

      <section aria-labelledby="by-month">
        <h2 id="by-month">{t('participation.byMonth')}</h2>
        <ColumnChart
          title={t('participation.chartMonths')}
          description={t('participation.chartDescription')}
          data={d.months.map((m) => ({
            label: formatMonth(m.month, d.language),
            value: m.total,
            valueText: n(m.total),
          }))}
        />
        <ScrollRegion>
          {/* A time series: rows stay rows (it scrolls sideways on a phone, under its chart). */}
          <table>
            <caption>{t('participation.byMonthCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation.month')}</th>
                <th scope="col" className="num">
                  {t('participation.kinds.webinar_attended')}
                </th>
                <th scope="col" className="num">
                  {t('participation.kinds.working_group_meeting_attended')}
                </th>
                <th scope="col" className="num">
                  {t('participation.kinds.drafting_volunteer')}
                </th>
                <th scope="col" className="num">
                  {t('participation.kinds.statement_penholder')}
                </th>
                <th scope="col" className="num">
                  {t('participation.kinds.survey_completed')}
                </th>
                <th scope="col" className="num">
                  {t('participation.otherKinds')}
                </th>
                <th scope="col" className="num">
                  {t('participation.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.months.map((m) => {
                const [y, mo] = m.month.split('-').map(Number)
                const last = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10)
                const monthPeriod = { fromText: `${m.month}-01`, toText: last }
                return (
                  <tr key={m.month}>
                    <th scope="row" className="nowrap">
                      {formatMonth(m.month, d.language)}
                    </th>
                    {(
                      [
                        'webinar_attended',
                        'working_group_meeting_attended',
                        'drafting_volunteer',
                        'statement_penholder',
                        'survey_completed',
                      ] as const
                    ).map((k) => (
                      <td key={k} className="num" data-label={t(`participation.kinds.${k}`)}>
                        <RecordsLink period={monthPeriod} filters={{ kind: k }}>
                          {n(m.counts[k])}
                        </RecordsLink>
                      </td>
                    ))}
                    {/* Registrations, summits attended, groups joined: so the columns add up to the total. */}
                    <td className="num" data-label={t('participation.otherKinds')}>
                      {n(m.counts.webinar_registered + m.counts.summit_attended + m.counts.working_group_member)}
                    </td>
                    <td className="num" data-label={t('participation.total')}>
                      <RecordsLink period={monthPeriod} filters={{}}>
                        {n(m.total)}
                      </RecordsLink>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollRegion>
        <p className="no-print">
          <a href={`/analysis/participation/export/months${q}`} download>
            {t('participation.csv')}
          </a>
        </p>
      </section>

      <section aria-labelledby="structures-ranking">
        <h2 id="structures-ranking">{t('participation.ranking')}</h2>
        <p>
          <Link to={`/analysis/participation/structures${metricsQuery(d.period, { inactive: '1' })}`}>
            {t('participation.inactiveSummary', { count: d.inactive, total: d.structures, months: 6 })}
          </Link>
        </p>
        <div className="cards">
          {(['most', 'least'] as const).map((which) => (
            <div className="card" key={which}>
              <h3>{t(`participation.${which}`)}</h3>
              <ol>
                {d[which].map((s) => (
                  <li key={s.id}>
                    {s.name} ({s.regionCode}):{' '}
                    <RecordsLink period={d.period} filters={{ structure: s.id }}>
                      {t('participation.recordsCount', { number: n(s.total) })}
                    </RecordsLink>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      </section>
    </>
  )
}
