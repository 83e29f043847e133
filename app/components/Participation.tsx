import { Form, Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export type PeriodValues = { fromText: string; toText: string }

/** Query string for a metrics page: the period plus any filters (empty ones dropped). */
export function metricsQuery(period: PeriodValues, extra: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams({ from: period.fromText, to: period.toText })
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v))
  return `?${params}`
}

/** The period chooser and the links between the participation pages, keeping the period. */
export function ParticipationHeader({ title, period, hidden = {} }: { title: string; period: PeriodValues; hidden?: Record<string, string | number | null | undefined> }) {
  const { t } = useTranslation('staff')
  const q = metricsQuery(period)
  return (
    <>
      <h1>{title}</h1>
      <nav aria-label={t('participation.pages')} className="filters no-print">
        <NavLink to={`/analysis/participation${q}`} end>
          {t('participation.overview')}
        </NavLink>
        <NavLink to={`/analysis/participation/structures${q}`}>{t('participation.structures')}</NavLink>
        <NavLink to={`/analysis/participation/people${q}`}>{t('participation.people')}</NavLink>
        <NavLink to={`/analysis/participation/records${q}`}>{t('participation.records')}</NavLink>
        <Link to="/statements">{t('participation.statements')}</Link>
      </nav>
      <Form method="get" className="period no-print">
        {Object.entries(hidden).map(([k, v]) => (v === null || v === undefined || v === '' ? null : <input key={k} type="hidden" name={k} value={String(v)} />))}
        <div className="field">
          <label htmlFor="period-from">{t('participation.from')}</label>
          <input id="period-from" type="date" name="from" defaultValue={period.fromText} />
        </div>
        <div className="field">
          <label htmlFor="period-to">{t('participation.to')}</label>
          <input id="period-to" type="date" name="to" defaultValue={period.toText} />
        </div>
        <div>
          <button type="submit">{t('participation.apply')}</button>
        </div>
      </Form>
    </>
  )
}

/** A figure that opens the records behind it. */
export function RecordsLink({ period, filters, children }: { period: PeriodValues; filters: Record<string, string | number | null | undefined>; children: React.ReactNode }) {
  return <Link to={`/analysis/participation/records${metricsQuery(period, filters)}`}>{children}</Link>
}

export function percent(rate: number | null, language: string): string {
  return rate === null ? '—' : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(rate)
}
