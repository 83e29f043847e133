import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { FigureCells, FigureHeaders, metricsQuery, ParticipationHeader, RegionFilter } from '~/components/Participation'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { readMetricsQuery } from '~/lib/metrics-query'
import { structureMetrics } from '~/services/metrics.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'participationStructures')

export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const params = new URL(request.url).searchParams
  const { period, filters: f } = readMetricsQuery(params)
  const all = structureMetrics(getDb(), period, { regionCode: f.regionCode, inactiveMonths: f.inactiveMonths })
  return {
    period: { fromText: period.fromText, toText: period.toText },
    rows: f.onlyInactive ? all.filter((s) => s.inactive) : all,
    region: f.regionCode,
    onlyInactive: f.onlyInactive,
    inactiveMonths: f.inactiveMonths,
    /** Staff open a structure's own page from here (analysts cannot reach staff pages). */
    isStaff: person.roles.includes('staff'),
    language,
    timeZone,
  }
}

export default function ParticipationStructures() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  const keep = { region: d.region, inactive: d.onlyInactive ? '1' : null, months: d.inactiveMonths }
  return (
    <>
      <ParticipationHeader title={t('participation.structuresTitle')} period={d.period} hidden={keep} />
      <RegionFilter id="filter-region" period={d.period} region={d.region} regions={REGION_CODES}>
        <div className="field">
          <label htmlFor="filter-months">{t('participation.inactiveMonths')}</label>
          <input id="filter-months" type="number" name="months" min={1} max={60} defaultValue={d.inactiveMonths} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="inactive" value="1" defaultChecked={d.onlyInactive} />{' '}
            {t('participation.onlyInactive')}
          </label>
        </div>
      </RegionFilter>
      <ScrollRegion>
        <table className="card-table compact">
          <caption>{t('participation.structuresCaption', { months: d.inactiveMonths })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.structure')}</th>
              <th scope="col">{t('participation.region')}</th>
              <th scope="col" className="num">
                {t('participation.members')}
              </th>
              <th scope="col" className="num">
                {t('participation.active')}
              </th>
              <FigureHeaders />
              <th scope="col">{t('participation.lastActivity', { zone: d.timeZone })}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((s) => (
              <tr key={s.id} className={s.inactive ? 'inactive' : undefined}>
                <th scope="row">
                  <Link to={`/analysis/participation/people${metricsQuery(d.period, { structure: s.id })}`}>
                    {s.name}
                  </Link>{' '}
                  {d.isStaff ? (
                    <Link to={`/staff/structures/${s.id}`} className="hint">
                      ({t('participation.structurePage')})
                    </Link>
                  ) : null}{' '}
                  {s.inactive ? <span className="badge warn">{t('participation.inactive')}</span> : null}
                </th>
                <td data-label={t('participation.region')}>{s.regionCode}</td>
                <td className="num" data-label={t('participation.members')}>
                  {n(s.members)}
                </td>
                <td className="num" data-label={t('participation.active')}>
                  {n(s.activePeople)}
                </td>
                <FigureCells row={s} period={d.period} filter={{ structure: s.id }} language={d.language} />
                <td className="nowrap" data-label={t('participation.lastActivity', { zone: d.timeZone })}>
                  {s.lastActivity
                    ? formatDate(new Date(s.lastActivity), d.language, d.timeZone)
                    : t('participation.never')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="no-print">
        <a href={`/analysis/participation/export/structures${metricsQuery(d.period, keep)}`} download>
          {t('participation.csv')}
        </a>
      </p>
    </>
  )
}
