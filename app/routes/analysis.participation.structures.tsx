import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { ParticipationHeader, RecordsLink, metricsQuery, percent } from '~/components/Participation'
import { requireRole } from '~/guards.server'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { metricsFilters, periodFrom, structureMetrics } from '~/services/metrics.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'participationStructures')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  const { language, timeZone } = await getViewer(request)
  const params = new URL(request.url).searchParams
  const period = periodFrom(params)
  const f = metricsFilters(params)
  const all = structureMetrics(getDb(), period, { regionCode: f.regionCode, inactiveMonths: f.inactiveMonths })
  return {
    period: { fromText: period.fromText, toText: period.toText },
    rows: f.onlyInactive ? all.filter((s) => s.inactive) : all,
    region: f.regionCode,
    onlyInactive: f.onlyInactive,
    inactiveMonths: f.inactiveMonths,
    language,
    timeZone,
  }
}

export default function ParticipationStructures() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  const keep = { region: d.region, inactive: d.onlyInactive ? '1' : null, months: d.inactiveMonths }
  return (
    <>
      <ParticipationHeader title={t('participation.structuresTitle')} period={d.period} hidden={keep} />
      <Form method="get" className="filters no-print">
        <input type="hidden" name="from" value={d.period.fromText} />
        <input type="hidden" name="to" value={d.period.toText} />
        <div className="field">
          <label htmlFor="filter-region">{t('participation.region')}</label>
          <select id="filter-region" name="region" defaultValue={d.region ?? ''}>
            <option value="">{t('participation.allRegions')}</option>
            {REGION_CODES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-months">{t('participation.inactiveMonths')}</label>
          <input id="filter-months" type="number" name="months" min={1} max={60} defaultValue={d.inactiveMonths} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="inactive" value="1" defaultChecked={d.onlyInactive} /> {t('participation.onlyInactive')}
          </label>
        </div>
        <div>
          <button type="submit">{t('participation.apply')}</button>
        </div>
      </Form>
      <div className="table-wrap">
        <table>
          <caption>{t('participation.structuresCaption', { months: d.inactiveMonths })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.structure')}</th>
              <th scope="col">{t('participation.region')}</th>
              <th scope="col" className="num">{t('participation.members')}</th>
              <th scope="col" className="num">{t('participation.active')}</th>
              <th scope="col" className="num">{t('participation.kinds.webinar_attended')}</th>
              <th scope="col" className="num">{t('participation.webinarRate')}</th>
              <th scope="col" className="num">{t('participation.kinds.working_group_meeting_attended')}</th>
              <th scope="col" className="num">{t('participation.kinds.drafting_volunteer')}</th>
              <th scope="col" className="num">{t('participation.kinds.statement_penholder')}</th>
              <th scope="col" className="num">{t('participation.total')}</th>
              <th scope="col">{t('participation.lastActivity', { zone: d.timeZone })}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((s) => (
              <tr key={s.id} className={s.inactive ? 'inactive' : undefined}>
                <th scope="row">
                  {s.name} {s.inactive ? <span className="badge warn">{t('participation.inactive')}</span> : null}
                </th>
                <td>{s.regionCode}</td>
                <td className="num">{n(s.members)}</td>
                <td className="num">{n(s.activePeople)}</td>
                <td className="num">
                  <RecordsLink period={d.period} filters={{ structure: s.id, kind: 'webinar_attended' }}>
                    {n(s.counts.webinar_attended)}
                  </RecordsLink>
                </td>
                <td className="num">{percent(s.webinarAttendanceRate, d.language)}</td>
                {(['working_group_meeting_attended', 'drafting_volunteer', 'statement_penholder'] as const).map((k) => (
                  <td key={k} className="num">
                    <RecordsLink period={d.period} filters={{ structure: s.id, kind: k }}>
                      {n(s.counts[k])}
                    </RecordsLink>
                  </td>
                ))}
                <td className="num">
                  <RecordsLink period={d.period} filters={{ structure: s.id }}>
                    {n(s.total)}
                  </RecordsLink>
                </td>
                <td className="nowrap">{s.lastActivity ? formatDate(new Date(s.lastActivity), d.language, d.timeZone) : t('participation.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="no-print">
        <a href={`/analysis/participation/export/structures${metricsQuery(d.period, keep)}`} download>
          {t('participation.csv')}
        </a>
      </p>
    </>
  )
}
