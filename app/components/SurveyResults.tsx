import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { ScrollRegion } from '~/components/ScrollRegion'
import { countFormat } from '~/lib/survey-text'
import type { QuestionSummary } from '~/services/surveys/results.server'

import { BarChart, StackedBarChart } from './Charts'
import { percent } from './Participation'

/** A chart's numbers as a table, folded under the chart until asked for (the page stays short). */
function FoldedTable({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation('surveys')
  return (
    <details className="table-fold">
      <summary>{t('surveys.showTable')}</summary>
      <ScrollRegion>{children}</ScrollRegion>
    </details>
  )
}

/** The note an anonymous survey's results carry: why some counts, and some others, are hidden. */
export function SmallGroupsNote() {
  const { t } = useTranslation('surveys')
  return <p className="hint small-groups-note">{t('surveys.smallGroups')}</p>
}

/** One question's results: a chart, and the same numbers in a table. A hidden count arrives as null. */
export function QuestionResult({ q, language }: { q: QuestionSummary; language: string }) {
  const { t } = useTranslation('surveys')
  const c = countFormat(language, t('surveys.hiddenCount'))
  const pct = (n: number | null, of: number | null) =>
    n === null || of === null ? '—' : percent(of ? n / of : null, language)
  const answered = (
    <p className="muted">{t('surveys.answered', { count: q.answered ?? 2, shown: c.show(q.answered) })}</p>
  )
  if (q.kind === 'single' || q.kind === 'multiple') {
    return (
      <>
        {answered}
        {q.kind === 'multiple' ? <p className="hint">{t('surveys.multipleNote')}</p> : null}
        <BarChart
          title={q.text}
          description={t('surveys.chartDescription')}
          data={q.options.map((o) => ({
            label: o.label,
            value: o.count ?? 0,
            valueText: `${c.show(o.count)} · ${pct(o.count, q.answered)}`,
          }))}
        />
        <FoldedTable>
          <table>
            <caption className="visually-hidden">{q.text}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.option')}</th>
                <th scope="col" className="num">
                  {t('surveys.count')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.options.map((o) => (
                <tr key={o.value}>
                  <th scope="row">{o.label}</th>
                  <td className="num">{c.show(o.count)}</td>
                  <td className="num">{pct(o.count, q.answered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </FoldedTable>
      </>
    )
  }
  if (q.kind === 'likert') {
    return (
      <>
        {answered}
        <StackedBarChart
          title={q.text}
          description={t('surveys.chartDescription')}
          segments={q.scale.map((s) => s.label)}
          rows={q.rows.map((r) => ({ label: r.label, values: r.counts.map((n) => n ?? 0) }))}
        />
        <FoldedTable>
          <table>
            <caption className="visually-hidden">{q.text}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.statement')}</th>
                {q.scale.map((s) => (
                  <th scope="col" className="num" key={s.value}>
                    {s.label}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('surveys.mean')}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.rows.map((r) => (
                <tr key={r.value}>
                  <th scope="row">{r.label}</th>
                  {r.counts.map((n, i) => (
                    <td className="num" key={i}>
                      {c.show(n)} <span className="muted">({pct(n, r.answered)})</span>
                    </td>
                  ))}
                  <td className="num">{r.meanHidden ? t('surveys.hiddenCount') : c.num(r.mean, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </FoldedTable>
      </>
    )
  }
  if (q.kind === 'rating' || q.kind === 'number' || q.kind === 'nps') {
    return (
      <>
        {answered}
        {q.kind === 'nps' ? (
          <p className="summary-figure">
            {t('surveys.npsScore', { score: q.scoreHidden ? t('surveys.hiddenCount') : c.num(q.score, 0) })} ·{' '}
            {t('surveys.npsParts', {
              promoters: pct(q.promoters, q.answered),
              passives: pct(q.passives, q.answered),
              detractors: pct(q.detractors, q.answered),
            })}
          </p>
        ) : q.statsHidden ? (
          <p className="hint">{t('surveys.statsHidden')}</p>
        ) : (
          <p className="summary-figure">
            {t('surveys.meanMedian', { mean: c.num(q.mean, 2), median: c.num(q.median, 1) })}
          </p>
        )}
        <BarChart
          title={q.text}
          description={t('surveys.chartDescription')}
          data={q.distribution.map((d) => ({
            label: String(d.value),
            value: d.count ?? 0,
            valueText: `${c.show(d.count)} · ${pct(d.count, q.answered)}`,
          }))}
        />
        <FoldedTable>
          <table>
            <caption className="visually-hidden">{q.text}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.value')}</th>
                <th scope="col" className="num">
                  {t('surveys.count')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.distribution.map((d) => (
                <tr key={d.value}>
                  <th scope="row">{d.value}</th>
                  <td className="num">{c.show(d.count)}</td>
                  <td className="num">{pct(d.count, q.answered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </FoldedTable>
      </>
    )
  }
  return answered
}

/** Pick two surveys to compare (GET /analysis/surveys/compare?a=&b=). */
export function CompareForm({
  surveys,
  chosen,
  heading,
}: {
  surveys: { id: number; title: string }[]
  chosen: [number | undefined, number | undefined]
  heading?: string
}) {
  const { t } = useTranslation('surveys')
  return (
    <Form method="get" action="/analysis/surveys/compare" className="filters no-print">
      {heading ? <h2>{heading}</h2> : null}
      {(['a', 'b'] as const).map((k, i) => (
        <div className="field" key={k}>
          <label htmlFor={`compare-${k}`}>{t(i === 0 ? 'surveys.first' : 'surveys.second')}</label>
          <select id={`compare-${k}`} name={k} defaultValue={chosen[i]}>
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit">{t('surveys.compare')}</button>
    </Form>
  )
}
