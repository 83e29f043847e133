import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { ParticipationHeader, RecordsLink, metricsQuery, percent } from '~/components/Participation'
import { requireRole } from '~/guards.server'
import { formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { metricsFilters, peopleMetrics, periodFrom } from '~/services/metrics.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'participationPeople')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  const { language } = await getViewer(request)
  const params = new URL(request.url).searchParams
  const period = periodFrom(params)
  const f = metricsFilters(params)
  return {
    period: { fromText: period.fromText, toText: period.toText },
    ...peopleMetrics(getDb(), period, { regionCode: f.regionCode, structureId: f.structureId, page: f.page }),
    region: f.regionCode,
    structure: f.structureId,
    page: f.page,
    language,
  }
}

export default function ParticipationPeople() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  const keep = { region: d.region, structure: d.structure }
  return (
    <>
      <ParticipationHeader title={t('participation.peopleTitle')} period={d.period} hidden={keep} />
      <Form method="get" className="filters no-print">
        <input type="hidden" name="from" value={d.period.fromText} />
        <input type="hidden" name="to" value={d.period.toText} />
        <div className="field">
          <label htmlFor="people-region">{t('participation.region')}</label>
          <select id="people-region" name="region" defaultValue={d.region ?? ''}>
            <option value="">{t('participation.allRegions')}</option>
            {REGION_CODES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t('participation.apply')}</button>
        </div>
      </Form>
      <p>{t('participation.activePeople', { number: n(d.active) })}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('participation.peopleCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.person')}</th>
              <th scope="col">{t('participation.region')}</th>
              <th scope="col">{t('participation.structure')}</th>
              <th scope="col" className="num">{t('participation.kinds.webinar_attended')}</th>
              <th scope="col" className="num">{t('participation.webinarRate')}</th>
              <th scope="col" className="num">{t('participation.kinds.working_group_meeting_attended')}</th>
              <th scope="col" className="num">{t('participation.meetingRate')}</th>
              <th scope="col" className="num">{t('participation.kinds.drafting_volunteer')}</th>
              <th scope="col" className="num">{t('participation.kinds.statement_penholder')}</th>
              <th scope="col" className="num">{t('participation.total')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((p) => (
              <tr key={p.personId}>
                <th scope="row">{p.name}</th>
                <td>{p.regionCode ?? '—'}</td>
                <td>{p.structureName ?? '—'}</td>
                <td className="num">
                  <RecordsLink period={d.period} filters={{ person: p.personId, kind: 'webinar_attended' }}>
                    {n(p.counts.webinar_attended)}
                  </RecordsLink>
                </td>
                <td className="num">{percent(p.webinarAttendanceRate, d.language)}</td>
                <td className="num">
                  <RecordsLink period={d.period} filters={{ person: p.personId, kind: 'working_group_meeting_attended' }}>
                    {n(p.counts.working_group_meeting_attended)}
                  </RecordsLink>
                </td>
                <td className="num">{percent(p.meetingAttendanceRate, d.language)}</td>
                {(['drafting_volunteer', 'statement_penholder'] as const).map((k) => (
                  <td key={k} className="num">
                    <RecordsLink period={d.period} filters={{ person: p.personId, kind: k }}>
                      {n(p.counts[k])}
                    </RecordsLink>
                  </td>
                ))}
                <td className="num">
                  <RecordsLink period={d.period} filters={{ person: p.personId }}>
                    {n(p.total)}
                  </RecordsLink>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.pages > 1 ? (
        <nav className="pager" aria-label={t('newsletters.pages')}>
          {d.page > 1 ? <Link to={metricsQuery(d.period, { ...keep, page: d.page - 1 })}>{t('newsletters.previousPage')}</Link> : null}
          <span>{t('newsletters.pageOf', { page: d.page, pages: d.pages })}</span>
          {d.page < d.pages ? <Link to={metricsQuery(d.period, { ...keep, page: d.page + 1 })}>{t('newsletters.nextPage')}</Link> : null}
        </nav>
      ) : null}
      <p className="no-print">
        <a href={`/analysis/participation/export/people${metricsQuery(d.period, keep)}`} download>
          {t('participation.csv')}
        </a>
      </p>
    </>
  )
}
