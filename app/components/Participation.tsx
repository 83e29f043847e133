import { Form, Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export type PeriodValues = { fromText: string; toText: string }

/** Query string for a metrics page: the period plus any filters (empty ones dropped). */
export function metricsQuery(
  period: PeriodValues,
  extra: Record<string, string | number | null | undefined> = {},
): string {
  const params = new URLSearchParams({ from: period.fromText, to: period.toText })
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v))
  return `?${params}`
}

/** The period chooser and the links between the participation pages, keeping the period. */
export function ParticipationHeader({
  title,
  period,
  hidden = {},
}: {
  title: string
  period: PeriodValues
  hidden?: Record<string, string | number | null | undefined>
}) {
  const { t } = useTranslation('participation')
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
        {Object.entries(hidden).map(([k, v]) =>
          v === null || v === undefined || v === '' ? null : <input key={k} type="hidden" name={k} value={String(v)} />,
        )}
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
export function RecordsLink({
  period,
  filters,
  children,
}: {
  period: PeriodValues
  filters: Record<string, string | number | null | undefined>
  children: React.ReactNode
}) {
  return <Link to={`/analysis/participation/records${metricsQuery(period, filters)}`}>{children}</Link>
}

export function percent(rate: number | null, language: string): string {
  return rate === null
    ? '—'
    : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(rate)
}

type FigureRow = {
  counts: Record<
    | 'webinar_attended'
    | 'working_group_meeting_attended'
    | 'drafting_volunteer'
    | 'statement_penholder'
    | 'survey_completed'
    | 'webinar_registered'
    | 'summit_attended'
    | 'working_group_member',
    number
  >
  total: number
  webinarAttendanceRate: number | null
  meetingAttendanceRate: number | null
}

/**
 * The column headers every participation table shares (after its own first columns). Every
 * kind of record has a column (the rarer ones together), so the columns add up to the total.
 */
export function FigureHeaders() {
  const { t } = useTranslation('participation')
  // Short headers, each with its full name for screen readers and on hover: the table fits a laptop.
  const header = (short: string, full: string, rate = false) => (
    <th scope="col" className="num">
      <abbr title={full}>{t(`participation.short.${short}`)}</abbr>
      {rate ? <span className="hint"> ({t('participation.rate')})</span> : null}
    </th>
  )
  return (
    <>
      {header('webinars', t('participation.kinds.webinar_attended'), true)}
      {header('meetings', t('participation.kinds.working_group_meeting_attended'), true)}
      {header('drafting', t('participation.kinds.drafting_volunteer'))}
      {header('penned', t('participation.kinds.statement_penholder'))}
      {header('surveys', t('participation.kinds.survey_completed'))}
      {header('other', t('participation.otherKinds'))}
      {header('total', t('participation.total'))}
    </>
  )
}

/**
 * The matching cells: each count opens the records behind it (same period, this row's
 * filter); labelled, so a table of them becomes cards on a phone.
 */
export function FigureCells({
  row,
  period,
  filter,
  language,
}: {
  row: FigureRow
  period: PeriodValues
  filter: Record<string, string | number | null>
  language: string
}) {
  const { t } = useTranslation('participation')
  const n = (x: number) => new Intl.NumberFormat(language).format(x)
  const count = (kind: keyof FigureRow['counts'], rate?: number | null) => (
    <td className="num" data-label={t(`participation.kinds.${kind}`)}>
      <RecordsLink period={period} filters={{ ...filter, kind }}>
        {n(row.counts[kind])}
      </RecordsLink>
      {rate !== undefined ? <span className="hint"> {percent(rate, language)}</span> : null}
    </td>
  )
  return (
    <>
      {count('webinar_attended', row.webinarAttendanceRate)}
      {count('working_group_meeting_attended', row.meetingAttendanceRate)}
      {count('drafting_volunteer')}
      {count('statement_penholder')}
      {count('survey_completed')}
      <td className="num" data-label={t('participation.otherKinds')}>
        {n(row.counts.webinar_registered + row.counts.summit_attended + row.counts.working_group_member)}
      </td>
      <td className="num" data-label={t('participation.total')}>
        <RecordsLink period={period} filters={filter}>
          {n(row.total)}
        </RecordsLink>
      </td>
    </>
  )
}

/** A region filter for the period pages (a GET form keeping the period). */
export function RegionFilter({
  id,
  period,
  region,
  regions,
  children,
}: {
  id: string
  period: PeriodValues
  region: string | null
  regions: readonly string[]
  children?: React.ReactNode
}) {
  const { t } = useTranslation('participation')
  return (
    <Form method="get" className="filters no-print">
      <input type="hidden" name="from" value={period.fromText} />
      <input type="hidden" name="to" value={period.toText} />
      <div className="field">
        <label htmlFor={id}>{t('participation.region')}</label>
        <select id={id} name="region" defaultValue={region ?? ''}>
          <option value="">{t('participation.allRegions')}</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      {children}
      <div>
        <button type="submit">{t('participation.apply')}</button>
      </div>
    </Form>
  )
}
