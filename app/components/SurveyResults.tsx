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

/** One question's results: a chart, and the same numbers in a table. */
export function QuestionResult({
  q,
  language,
  anonymous,
  narrowed,
}: {
  q: QuestionSummary
  language: string
  anonymous: boolean
  narrowed: boolean
}) {
  const { t } = useTranslation('surveys')
  const c = countFormat(language, anonymous, narrowed)
  const pct = (n: number, of: number) => (c.hide(n) ? '—' : percent(of ? n / of : null, language))
  const answered = <p className="muted">{t('surveys.answered', { count: q.answered, shown: c.show(q.answered) })}</p>
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
            value: c.hide(o.count) ? 0 : o.count,
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
          rows={q.rows.map((r) => ({ label: r.label, values: r.counts.map((n) => (c.hide(n) ? 0 : n)) }))}
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
                  <td className="num">{c.num(r.mean, 2)}</td>
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
            {t('surveys.npsScore', { score: c.num(q.score, 0) })} ·{' '}
            {t('surveys.npsParts', {
              promoters: pct(q.promoters, q.answered),
              passives: pct(q.passives, q.answered),
              detractors: pct(q.detractors, q.answered),
            })}
          </p>
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
            value: c.hide(d.count) ? 0 : d.count,
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
