/**
 * The six-monthly progress update as a printable HTML document in the chosen language
 * (React renders and escapes; no script, so it prints and saves as PDF as it is shown).
 */
import { renderToStaticMarkup } from 'react-dom/server'

import type { Language, RegionCode } from '#db/schema'
import { fixedT } from '~/i18n.server'
import { formatDate, formatNumber } from '~/lib/format'
import type { ProgressReport } from '~/services/progress-report.server'

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;margin:0;padding:1rem;line-height:1.45;max-width:60rem;margin-inline:auto}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #1b4f8a;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.25rem 0 .4rem}
.lede{color:#444}
.muted{color:#555}
.bar{background:#eef3f9;border:1px solid #c9d6e6;padding:.6rem .8rem;border-radius:6px;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ccd3db;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f1f4f8}
td.num,th.num{text-align:right;white-space:nowrap}
.up{color:#0d6b2f}.down{color:#a1260d}
.tag{display:inline-block;font-size:.78rem;padding:0 .4rem;border-radius:4px;background:#fff4d6;border:1px solid #e2c26a}
.tag.new{background:#e3f1ff;border-color:#8cb8e6}
.tag.late{background:#fde4e1;border-color:#e0958a}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;margin:.5rem 0 1rem}
.figures div{border:1px solid #ccd3db;border-radius:6px;padding:.5rem .7rem}
.figures strong{display:block;font-size:1.4rem}
.figures small{font-size:.8rem;font-weight:400}
th[scope=row]{min-width:9rem}
ul.changes li{margin-bottom:.25rem}
@media print{.bar{display:none}body{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
`

/** A signed change shown with its sign (+3, −2, 0). */
function delta(now: number, before: number, language: Language) {
  const d = now - before
  if (d === 0) return <span>±0</span>
  return <span className={d > 0 ? 'up' : 'down'}>{`${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d), language)}`}</span>
}

export function progressReportDocument(report: ProgressReport, now = new Date()): string {
  const language = report.language
  const t = fixedT(language, 'participation')
  const c = fixedT(language, 'common')
  const day = (iso: string | null) => (iso ? formatDate(new Date(`${iso}T00:00:00Z`), language, 'UTC') : '—')
  const when = (d: Date) => formatDate(d, language, 'UTC')
  const n = (v: number) => formatNumber(v, language)
  const period = `${day(report.from)} – ${day(report.to)}`
  const title = t('report.title')
  const milestones = report.tracker.flatMap((i) => i.milestones)
  const completed = milestones.filter((m) => m.after.percentComplete >= 100).length
  const held = milestones.filter((m) => m.after.heldOverBy).length
  const overdue = milestones.filter((m) => m.overdue).length
  const moved = milestones.filter((m) => m.changed).length
  const statuses = Object.keys(report.recommendations.after) as (keyof typeof report.recommendations.after)[]
  const fieldValue = (field: string, v: string | null) =>
    field === 'proposed_end_date' ? day(v) : field === 'held_over' ? (v ?? t('tracker.holdLifted')) : `${v ?? 0} %`
  const body = (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${period}`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <p className="bar">
          <a href="/analysis/tracker">← {t('tracker.title')}</a>
          <span>{t('report.printHint')}</span>
          {(['en', 'fr', 'es'] as const)
            .filter((l) => l !== language)
            .map((l) => (
              <a key={l} href={`?from=${report.from}&to=${report.to}&lang=${l}`} hrefLang={l} lang={l}>
                {fixedT(l, 'participation')('report.inThisLanguage')}
              </a>
            ))}
        </p>
        <main>
          <h1>{title}</h1>
          <p className="lede">{t('report.period', { period })}</p>
          <p className="muted">
            {t('report.basis')} {t('report.prepared', { date: when(now) })}{' '}
            {t('report.previous', { date: day(report.from) })}
          </p>

          <h2>{t('report.summary')}</h2>
          <div className="figures">
            <div>
              {t('report.completed')}
              <strong>{t('report.ofTotal', { n: n(completed), total: n(milestones.length) })}</strong>
            </div>
            <div>
              {t('report.moved')}
              <strong>{n(moved)}</strong>
            </div>
            <div>
              {t('report.heldOver')}
              <strong>{n(held)}</strong>
            </div>
            <div>
              {t('report.overdue')}
              <strong>{n(overdue)}</strong>
            </div>
            <div>
              {t('report.implemented')}
              <strong>
                {t('report.ofTotal', {
                  n: n(report.recommendations.after.implemented),
                  total: n(report.recommendations.total),
                })}
              </strong>
            </div>
            <div>
              {t('report.records')}
              <strong>
                {n(report.participation.total.now)}{' '}
                <small>({delta(report.participation.total.now, report.participation.total.before, language)})</small>
              </strong>
            </div>
          </div>

          <h2>{t('report.trackerTitle')}</h2>
          {report.tracker.map((item) => (
            <section key={item.id}>
              <h3 lang={item.title.language}>{t('tracker.item', { number: item.number, title: item.title.value })}</h3>
              <p className="muted">
                {t('tracker.owner', { owner: item.owner })} ·{' '}
                {t('report.overall', {
                  before: item.percentBefore === null ? '—' : `${item.percentBefore} %`,
                  after: `${item.percentAfter ?? 0} %`,
                })}
              </p>
              <div className="scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('tracker.milestone')}</th>
                      <th scope="col" className="num">
                        {t('report.atStart')}
                      </th>
                      <th scope="col" className="num">
                        {t('report.atEnd')}
                      </th>
                      <th scope="col">{t('tracker.proposedEnd')}</th>
                      <th scope="col">{t('tracker.notes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.milestones.map((m) => (
                      <tr key={m.id}>
                        <th scope="row" lang={m.title.language}>
                          {m.label}) {m.title.value}{' '}
                          {m.isNew ? <span className="tag new">{t('report.new')}</span> : null}
                        </th>
                        <td className="num">{m.before ? `${m.before.percentComplete} %` : '—'}</td>
                        <td className="num">{`${m.after.percentComplete} %`}</td>
                        <td>
                          {day(m.after.proposedEndDate)}
                          {m.before && m.before.proposedEndDate !== m.after.proposedEndDate ? (
                            <span className="muted">
                              {' '}
                              ({t('report.was', { value: day(m.before.proposedEndDate) })})
                            </span>
                          ) : null}{' '}
                          {m.overdue ? <span className="tag late">{t('tracker.overdue')}</span> : null}
                        </td>
                        <td>
                          {m.after.heldOverBy ? (
                            <p>
                              <span className="tag">{t('tracker.heldOverBy', { dependency: m.after.heldOverBy })}</span>
                            </p>
                          ) : null}
                          <span lang={m.notes.language}>{m.notes.value}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}

          <h3>{t('report.changesTitle')}</h3>
          {report.trackerChanges.length === 0 ? (
            <p className="muted">{t('tracker.noChanges')}</p>
          ) : (
            <ul className="changes">
              {report.trackerChanges.map((h) => (
                <li key={h.id}>
                  {when(h.changedAt)} · {t('tracker.itemShort', { number: h.itemNumber })} {h.label}
                  {') '}
                  {t(`tracker.fields.${h.field}`)}
                  {h.field === 'notes'
                    ? ''
                    : h.field === 'created'
                      ? ` (${h.newValue} %)`
                      : `: ${h.field === 'held_over' && !h.oldValue ? '' : `${fieldValue(h.field, h.oldValue)} → `}${fieldValue(h.field, h.newValue)}`}
                  {h.by ? <span className="muted"> · {h.by}</span> : null}
                </li>
              ))}
            </ul>
          )}

          <h2>{t('report.recommendationsTitle')}</h2>
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('recommendations.status')}</th>
                  <th scope="col" className="num">
                    {t('report.atStart')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.atEnd')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {statuses.map((s) => (
                  <tr key={s}>
                    <th scope="row">{t(`recommendations.statuses.${s}`)}</th>
                    <td className="num">{n(report.recommendations.before[s])}</td>
                    <td className="num">{n(report.recommendations.after[s])}</td>
                    <td className="num">
                      {delta(report.recommendations.after[s], report.recommendations.before[s], language)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('report.movesTitle')}</h3>
          {report.recommendations.moves.length === 0 ? (
            <p className="muted">{t('report.noMoves')}</p>
          ) : (
            <ul className="changes">
              {report.recommendations.moves.map((m) => (
                <li key={m.id}>
                  {when(m.changedAt)} · <strong>{m.reference}</strong>{' '}
                  <span lang={m.text.language}>{m.text.value}</span>
                  {' — '}
                  {m.from
                    ? `${t(`recommendations.statuses.${m.from}`)} → ${t(`recommendations.statuses.${m.to}`)}`
                    : t('report.recorded', { status: t(`recommendations.statuses.${m.to}`) })}
                  {m.note ? <span lang={m.note.language}> ({m.note.value})</span> : null}
                </li>
              ))}
            </ul>
          )}

          <h2>{t('report.participationTitle')}</h2>
          <p className="muted">
            {t('report.participationHint', { previous: `${day(report.previousFrom)} – ${day(report.from)}` })}
          </p>
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('report.kind')}</th>
                  <th scope="col" className="num">
                    {t('report.thisPeriod')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.previousPeriod')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.participation.kinds.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row">{t(`participation.kinds.${k.kind}`)}</th>
                    <td className="num">{n(k.now)}</td>
                    <td className="num">{n(k.before)}</td>
                    <td className="num">{delta(k.now, k.before, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('report.region')}</th>
                  <th scope="col" className="num">
                    {t('report.records')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.activePeople')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.participation.regions.map((r) => (
                  <tr key={r.regionCode}>
                    <th scope="row">{c(`regions.${r.regionCode satisfies RegionCode}`)}</th>
                    <td className="num">{n(r.now.total)}</td>
                    <td className="num">{n(r.now.activePeople)}</td>
                    <td className="num">{delta(r.now.total, r.before.total, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </main>
      </body>
    </html>
  )
  return `<!doctype html>${renderToStaticMarkup(body)}`
}
