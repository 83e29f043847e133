import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { Pager } from '~/components/Pager'
import { FigureCells, FigureHeaders, metricsQuery, ParticipationHeader, RegionFilter } from '~/components/Participation'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { readMetricsQuery } from '~/lib/metrics-query'
import { peopleMetrics } from '~/services/metrics.server'
import { listStructures } from '~/services/people.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'participationPeople')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const params = new URL(request.url).searchParams
  const { period, filters: f } = readMetricsQuery(params)
  return {
    period: { fromText: period.fromText, toText: period.toText },
    ...peopleMetrics(getDb(), period, { regionCode: f.regionCode, structureId: f.structureId, page: f.page }),
    region: f.regionCode,
    structure: f.structureId,
    structures: listStructures(getDb())
      .map((s) => ({ id: s.id, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    page: f.page,
    language,
  }
}

export default function ParticipationPeople() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  const keep = { region: d.region, structure: d.structure }
  return (
    <>
      <ParticipationHeader title={t('participation.peopleTitle')} period={d.period} hidden={keep} />
      <RegionFilter id="people-region" period={d.period} region={d.region} regions={REGION_CODES}>
        <div className="field">
          <label htmlFor="people-structure">{t('participation.structure')}</label>
          <select id="people-structure" name="structure" defaultValue={d.structure ?? ''}>
            <option value="">{t('participation.allStructures')}</option>
            {d.structures.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
      </RegionFilter>
      <p>{t('participation.activePeople', { number: n(d.active) })}</p>
      <ScrollRegion>
        <table className="card-table compact">
          <caption>{t('participation.peopleCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.person')}</th>
              <th scope="col">{t('participation.region')}</th>
              <th scope="col">{t('participation.structure')}</th>
              <FigureHeaders />
            </tr>
          </thead>
          <tbody>
            {d.rows.map((p) => (
              <tr key={p.personId}>
                <th scope="row">{p.name}</th>
                <td data-label={t('participation.region')}>{p.regionCode ?? '—'}</td>
                <td data-label={t('participation.structure')}>{p.structureName ?? '—'}</td>
                <FigureCells row={p} period={d.period} filter={{ person: p.personId }} language={d.language} />
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Pager page={d.page} pages={d.pages} link={(page) => metricsQuery(d.period, { ...keep, page })} />
      <p className="no-print">
        <a href={`/analysis/participation/export/people${metricsQuery(d.period, keep)}`} download>
          {t('participation.csv')}
        </a>
      </p>
    </>
  )
}
