import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import { Icon } from '~/components/Icon'
import { percent } from '~/components/Participation'
import { ScrollRegion } from '~/components/ScrollRegion'
import { QuestionResult, SmallGroupsNote } from '~/components/SurveyResults'
import { formatDate, languageName } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { readSurveyQuery } from '~/lib/survey-query'
import { countFormat, hasFilters } from '~/lib/survey-text'
import { getSurvey, surveyDefinition, surveyState } from '~/services/surveys/builder.server'
import { dashboard, freeText, responseRates } from '~/services/surveys/results.server'
import { surveyMarks, surveyMarksReady } from '~/services/surveys/small-groups.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'surveys'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'surveyResults', data?.survey.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const db = getDb()
  const survey = getSurvey(db, idParam(params.id))
  if (!survey) throw new Response('Not found', { status: 404 })
  const url = new URL(request.url)
  const definition = surveyDefinition(db, survey.id)
  const { questions } = definition
  const { filters, cross, search } = readSurveyQuery(url.searchParams, questions)
  // Which figures this anonymous survey hides, once for the whole page (computed without holding the server).
  await surveyMarksReady(db, survey, questions)
  const marks = surveyMarks(db, survey, questions)
  const board = dashboard(db, { survey, language, filters, cross, definition, marks })
  const texts = !board.textsShown
    ? []
    : questions
        .filter((q) => q.kind === 'short_text' || q.kind === 'long_text')
        .map((q) => ({ id: q.id, ...freeText(db, { survey, questionId: q.id, filters, search, marks }) }))
  return {
    survey: {
      id: survey.id,
      title: loc(survey.title, language),
      anonymous: survey.anonymous,
      mode: survey.mode,
      state: surveyState(survey),
      opensAt: survey.opensAt,
      closesAt: survey.closesAt,
    },
    rates: responseRates(db, survey, marks),
    board,
    texts,
    filters,
    cross,
    search,
    query: url.search,
    language,
    timeZone,
  }
}

const DIMENSIONS = ['region', 'language', 'memberType'] as const

export default function SurveyDashboard() {
  const { t } = useTranslation('surveys')
  const { survey, rates, board, texts, filters, cross, search, query, language, timeZone } =
    useLoaderData<typeof loader>()
  const narrowed = hasFilters(filters)
  const c = countFormat(language, t('surveys.hiddenCount'))
  const share = (n: number | null, of: number | null) =>
    n === null || of === null ? null : percent(of ? n / of : null, language)
  const dimLabel = (dim: string, key: string) =>
    dim === 'region'
      ? key
      : dim === 'language'
        ? languageName(key, language)
        : dim === 'memberType'
          ? t(`common:memberTypes.${key}`)
          : key
  const exportQuery = (format: string) =>
    `/analysis/surveys/${survey.id}/export/${format}${query ? `${query}&` : '?'}lang=${language}`
  const textById = new Map(texts.map((x) => [x.id, x]))
  const renderAnswers = (rows: (typeof texts)[number]['rows']) =>
    rows.map((r) => (
      <li key={r.id}>
        <span lang={r.language ?? undefined}>{r.value}</span>{' '}
        <span className="muted">
          (
          {[
            r.regionCode,
            r.language ? languageName(r.language, language) : null,
            r.memberType ? t(`common:memberTypes.${r.memberType}`) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
          )
        </span>
      </li>
    ))
  // The filters carried along by the search and cross-tab forms.
  const keepFilters = Object.entries({
    region: filters.regionCode,
    language: filters.language,
    memberType: filters.memberType,
    answer: filters.answer ? `${filters.answer.questionId}:${filters.answer.value}` : null,
  }).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))
  return (
    <>
      <h1>{survey.title}</h1>
      <p className="lede">
        {t(`surveys.modes.${survey.mode}`)} · {t(survey.anonymous ? 'surveys.anonymous' : 'surveys.named')} ·{' '}
        {t(`surveys.states.${survey.state}`)}
        {survey.closesAt
          ? ` · ${t(new Date(survey.closesAt).getTime() < Date.now() ? 'surveys.closedOn' : 'surveys.closesOn', {
              date: formatDate(new Date(survey.closesAt), language, timeZone),
            })}`
          : ''}
      </p>
      <p className="no-print">
        {board.fileShown ? (
          <>
            <a href={exportQuery('xlsx')} download>
              <Icon name="download" />
              {t('surveys.exportXlsx')}
            </a>{' '}
            ·{' '}
            <a href={exportQuery('csv')} download>
              <Icon name="download" />
              {t('surveys.exportCsv')}
            </a>{' '}
          </>
        ) : (
          <span className="hint">{t('surveys.fileWithheld')} </span>
        )}
        · <Link to={`/analysis/surveys/compare?a=${survey.id}`}>{t('surveys.compare')}</Link> ·{' '}
        <span className="hint">{t('surveys.printHint')}</span>
      </p>

      {/* What the figures below are about, kept in view while reading them. */}
      <div className="summary-bar no-print">
        <p>
          <strong>{t('surveys.viewing')}</strong>{' '}
          {narrowed
            ? [
                filters.regionCode,
                filters.language ? languageName(filters.language, language) : null,
                filters.memberType ? t(`common:memberTypes.${filters.memberType}`) : null,
                filters.answer
                  ? board.choiceQuestions
                      .find((q) => q.id === filters.answer!.questionId)
                      ?.options.find((o) => o.value === filters.answer!.value)?.label
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')
            : t('surveys.everyone')}
        </p>
        <p className="summary-links">
          <a href="#filters-heading">{t('surveys.changeFilters')}</a>
          {board.choiceQuestions.length ? <a href="#cross-heading">{t('surveys.crossTab')}</a> : null}
          {narrowed ? <Link to=".">{t('surveys.clear')}</Link> : null}
        </p>
      </div>

      <Form method="get" className="filters no-print" aria-labelledby="filters-heading" preventScrollReset>
        <h2 id="filters-heading">{t('surveys.filters')}</h2>
        <div className="field">
          <label htmlFor="f-region">{t('participation:participation.region')}</label>
          <select id="f-region" name="region" defaultValue={filters.regionCode ?? ''}>
            <option value="">{t('surveys.all')}</option>
            {REGION_CODES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-language">{t('surveys.language')}</label>
          <select id="f-language" name="language" defaultValue={filters.language ?? ''}>
            <option value="">{t('surveys.all')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-member">{t('surveys.memberType')}</label>
          <select id="f-member" name="memberType" defaultValue={filters.memberType ?? ''}>
            <option value="">{t('surveys.all')}</option>
            {MEMBER_TYPES.map((m) => (
              <option key={m} value={m}>
                {t(`common:memberTypes.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-answer">{t('surveys.answerFilter')}</label>
          <select
            id="f-answer"
            name="answer"
            defaultValue={filters.answer ? `${filters.answer.questionId}:${filters.answer.value}` : ''}
          >
            <option value="">{t('surveys.anyAnswer')}</option>
            {board.choiceQuestions.map((q) => (
              <optgroup key={q.id} label={q.text}>
                {q.options.map((o) => (
                  <option key={o.value} value={`${q.id}:${o.value}`}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {cross ? (
          <>
            <input type="hidden" name="cross" value={cross.questionId} />
            <input type="hidden" name="by" value={cross.by} />
          </>
        ) : null}
        <button type="submit">{t('surveys.apply')}</button> {narrowed ? <Link to=".">{t('surveys.clear')}</Link> : null}
      </Form>

      <section aria-labelledby="rates-heading">
        <h2 id="rates-heading">{t('surveys.rates')}</h2>
        <p className="stat" role="status">
          {t('surveys.respondents', { count: board.respondents ?? 2, shown: c.show(board.respondents) })}
          {narrowed ? ` · ${t('surveys.filtered')}` : ''}
        </p>
        {survey.anonymous ? <SmallGroupsNote /> : null}
        <ScrollRegion>
          <table>
            <caption>{t('surveys.ratesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.group')}</th>
                <th scope="col" className="num">
                  {t('surveys.invited')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.started')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.completed')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.rate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[{ dim: 'all', rows: [rates.overall] }, ...DIMENSIONS.map((dim) => ({ dim, rows: rates[dim] }))].flatMap(
                ({ dim, rows }) =>
                  rows
                    // A group nobody was invited from and nobody answered is left out, unless its figures are hidden.
                    .filter((r) => dim === 'all' || r.invited > 0 || r.started !== 0 || r.completed !== 0)
                    .map((r) => (
                      <tr key={`${dim}-${r.key}`}>
                        <th scope="row">
                          {dim === 'all'
                            ? t('surveys.everyone')
                            : `${t(`surveys.dims.${dim}`)}: ${dimLabel(dim, r.key)}`}
                        </th>
                        <td className="num">{r.invited || '—'}</td>
                        <td className="num">{c.show(r.started)}</td>
                        <td className="num">{c.show(r.completed)}</td>
                        <td className="num">{(r.invited && share(r.completed, r.invited)) || '—'}</td>
                      </tr>
                    )),
              )}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      {board.hidden ? (
        <p className="notice" role="status">
          {t('surveys.tooFew')}
        </p>
      ) : (
        <>
          {board.sections.map((s) => (
            <section key={s.id} aria-labelledby={`section-${s.id}`}>
              <h2 id={`section-${s.id}`}>{s.title}</h2>
              {s.questionIds.map((id) => {
                const q = board.summaries.find((x) => x.id === id)
                if (!q) return null
                const text = textById.get(id)
                return (
                  <div key={id} className="survey-question">
                    <h3>{q.text}</h3>
                    <QuestionResult q={q} language={language} />
                    {!board.textsShown && (q.kind === 'short_text' || q.kind === 'long_text') ? (
                      <p className="hint">{t('surveys.textsHidden')}</p>
                    ) : null}
                    {text ? (
                      <>
                        {search ? (
                          <p className="muted">{t('surveys.matching', { count: text.total, search })}</p>
                        ) : null}
                        {/* The first answers in view, the rest folded (a search opens them all). */}
                        <ul className="free-text">{renderAnswers(text.rows.slice(0, search ? undefined : 5))}</ul>
                        {!search && text.rows.length > 5 ? (
                          <details className="table-fold">
                            <summary>{t('surveys.moreAnswers', { count: text.rows.length - 5 })}</summary>
                            <ul className="free-text">{renderAnswers(text.rows.slice(5))}</ul>
                          </details>
                        ) : null}
                        {text.total > text.rows.length ? (
                          <p className="muted">
                            {t('surveys.moreText', { shown: text.rows.length, count: text.total })}
                          </p>
                        ) : null}
                      </>
                    ) : null}
                  </div>
                )
              })}
            </section>
          ))}
          <Form method="get" className="filters no-print" role="search" preventScrollReset>
            {keepFilters}
            <div className="field">
              <label htmlFor="text-search">{t('surveys.searchText')}</label>
              <input id="text-search" type="search" name="search" defaultValue={search} />
            </div>
            <button type="submit">{t('surveys.search')}</button>
          </Form>

          <section aria-labelledby="cross-heading">
            <h2 id="cross-heading">{t('surveys.crossTab')}</h2>
            <Form method="get" className="filters no-print" preventScrollReset>
              {keepFilters}
              <div className="field">
                <label htmlFor="cross-q">{t('surveys.crossQuestion')}</label>
                <select id="cross-q" name="cross" defaultValue={cross?.questionId}>
                  {board.choiceQuestions.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.text}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="cross-by">{t('surveys.crossBy')}</label>
                <select id="cross-by" name="by" defaultValue={cross?.by}>
                  {DIMENSIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(`surveys.dims.${d}`)}
                    </option>
                  ))}
                  {board.choiceQuestions
                    .filter((q) => q.id !== cross?.questionId)
                    .map((q) => (
                      <option key={q.id} value={`q${q.id}`}>
                        {q.text}
                      </option>
                    ))}
                </select>
              </div>
              <button type="submit">{t('surveys.show')}</button>
            </Form>
            {board.cross ? (
              <ScrollRegion>
                <table>
                  <caption>{t('surveys.crossCaption', { question: board.cross.question.text })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        {board.cross.by.startsWith('q')
                          ? board.choiceQuestions.find((q) => `q${q.id}` === board.cross!.by)?.text
                          : t(`surveys.dims.${board.cross.by}`)}
                      </th>
                      {board.cross.options.map((o) => (
                        <th scope="col" className="num" key={o.value}>
                          {o.label}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t('surveys.rowTotal')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {board.cross.rows.map((r) => (
                      <tr key={r.key}>
                        <th scope="row">
                          {board.cross!.by.startsWith('q') ? r.label : dimLabel(board.cross!.by, r.key)}
                        </th>
                        {r.counts.map((n, i) => (
                          <td className="num" key={i}>
                            {c.show(n)}{' '}
                            {share(n, r.total) === null ? null : <span className="muted">({share(n, r.total)})</span>}
                          </td>
                        ))}
                        <td className="num">{c.show(r.total)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('surveys.allRows')}</th>
                      {board.cross.everyone.counts.map((n, i) => (
                        <td className="num" key={i}>
                          {c.show(n)}{' '}
                          {share(n, board.cross!.everyone.total) === null ? null : (
                            <span className="muted">({share(n, board.cross!.everyone.total)})</span>
                          )}
                        </td>
                      ))}
                      <td className="num">{c.show(board.cross.everyone.total)}</td>
                    </tr>
                  </tfoot>
                </table>
              </ScrollRegion>
            ) : null}
            {survey.anonymous ? <SmallGroupsNote /> : null}
          </section>
        </>
      )}
    </>
  )
}
