import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { ACCREDITATION_STATUSES, REGION_CODES } from '#db/domain'
import { GroupedColumnChart } from '~/components/Charts'
import { ScrollRegion } from '~/components/ScrollRegion'
import { YEARLY_STEPS } from '~/lib/accreditation-dashboard'
import { formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { regionParam } from '~/lib/validation'
import { accreditationDashboard } from '~/services/structures/dashboard.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'accreditationDashboard')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const region = regionParam(request.url)
  return { ...accreditationDashboard(getDb(), { region }), region, language }
}

/** The shades of the chart's three series (the table has every step). */
const CHARTED = [
  { step: 'applied', className: 'chart-seg-3' },
  { step: 'accredited', className: 'chart-seg-4' },
  { step: 'decertified', className: 'chart-seg-0' },
] as const

export default function AccreditationDashboard() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  const shown = ACCREDITATION_STATUSES.filter((st) => d.standing.some((r) => r.counts[st] > 0))
  const days = (x: number | null) => (x === null ? '—' : formatNumber(x, d.language))
  return (
    <>
      <h1>{t('accreditationDashboard.title')}</h1>
      <p className="lede">{t('accreditationDashboard.lede')}</p>

      <section aria-labelledby="standing">
        <h2 id="standing">{t('accreditationDashboard.standing')}</h2>
        <ScrollRegion>
          <table>
            <caption>{t('accreditationDashboard.standingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation.region')}</th>
                {shown.map((st) => (
                  <th key={st} scope="col" className="num">
                    {t(`structures.statuses.${st}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.standing.map((r) => (
                <tr key={r.regionCode}>
                  <th scope="row">{r.regionCode}</th>
                  {shown.map((st) => (
                    <td key={st} className="num">
                      {n(r.counts[st])}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t('accreditationDashboard.total')}</th>
                {shown.map((st) => (
                  <td key={st} className="num">
                    <strong>{n(d.standing.reduce((sum, r) => sum + r.counts[st], 0))}</strong>
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="years">
        <h2 id="years">{t('accreditationDashboard.years')}</h2>
        <Form method="get" className="filters no-print">
          <div className="field">
            <label htmlFor="dashboard-region">{t('participation.region')}</label>
            <select id="dashboard-region" name="region" defaultValue={d.region ?? ''}>
              <option value="">{t('participation.allRegions')}</option>
              {REGION_CODES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="secondary">
              {t('accreditationDashboard.show')}
            </button>
          </div>
        </Form>
        <GroupedColumnChart
          title={t('accreditationDashboard.chartTitle', { region: d.region ?? t('participation.allRegions') })}
          description={t('accreditationDashboard.chartDescription')}
          series={CHARTED.map((c) => ({ label: t(`accreditationDashboard.steps.${c.step}`), className: c.className }))}
          groups={d.years.map((y) => ({ label: String(y.year), values: CHARTED.map((c) => y.counts[c.step]) }))}
        />
        <ScrollRegion>
          <table>
            <caption>
              {t('accreditationDashboard.yearsCaption', { region: d.region ?? t('participation.allRegions') })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('accreditationDashboard.year')}</th>
                {YEARLY_STEPS.map((st) => (
                  <th key={st} scope="col" className="num">
                    {t(`accreditationDashboard.steps.${st}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('accreditationDashboard.accreditedAtEnd')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...d.years].reverse().map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  {YEARLY_STEPS.map((st) => (
                    <td key={st} className="num">
                      {n(y.counts[st])}
                    </td>
                  ))}
                  <td className="num">{n(y.accreditedAtEnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="phases">
        <h2 id="phases">{t('accreditationDashboard.phasesTitle')}</h2>
        <ScrollRegion>
          <table>
            <caption>
              {t('accreditationDashboard.phasesCaption', { region: d.region ?? t('participation.allRegions') })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('accreditationDashboard.phase')}</th>
                <th scope="col" className="num">
                  {t('accreditationDashboard.medianDays')}
                </th>
                <th scope="col" className="num">
                  {t('accreditationDashboard.applications')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.phases.map((p) => (
                <tr key={p.phase}>
                  <th scope="row">{t(`accreditationDashboard.phases.${p.phase}`)}</th>
                  <td className="num">{days(p.medianDays)}</td>
                  <td className="num">{n(p.applications)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <p className="no-print actions">
        <a href={`/analysis/accreditation.csv${d.region ? `?region=${d.region}` : ''}`} download>
          {t('accreditationDashboard.csvYears')}
        </a>{' '}
        ·{' '}
        <a href={`/analysis/accreditation.csv?table=phases${d.region ? `&region=${d.region}` : ''}`} download>
          {t('accreditationDashboard.csvPhases')}
        </a>
      </p>
    </>
  )
}
