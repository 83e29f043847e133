import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { PageQuestion } from '~/lib/survey-page.server'

type Question = PageQuestion

export type SurveyPageData = {
  survey: { title: string; intro: string; anonymous: boolean; summary: string | null }
  blocked: string | null
  page: {
    index: number
    count: number
    sectionTitle: string
    questions: Question[]
    values: Record<string, string[]>
    formToken?: string | null
  } | null
}

/** One section of a survey as a plain form (no script needed), errors next to their fields. */
export function SurveyForm({
  data,
  errors,
  typed,
  submitError,
}: {
  data: SurveyPageData
  errors?: Record<string, string>
  typed?: Record<string, string[]>
  submitError?: string | null
}) {
  const { t } = useTranslation('surveys')
  const { survey, blocked, page } = data
  if (blocked || !page) {
    return (
      <>
        <h1>{survey.title}</h1>
        <p
          className={blocked === 'submitted' ? 'notice' : 'error-summary'}
          role={blocked === 'submitted' ? 'status' : 'alert'}
        >
          {t(`survey.blocked.${blocked}`)}
        </p>
      </>
    )
  }
  const values = typed ?? page.values
  const value = (name: string) => values[name] ?? []
  const last = page.index === page.count
  const errorOf = (q: Question) => errors?.[q.name]
  const describedBy = (q: Question) =>
    [q.help ? `${q.name}-help` : null, errorOf(q) ? `${q.name}-error` : null].filter(Boolean).join(' ') || undefined
  const help = (q: Question) =>
    q.help ? (
      <span id={`${q.name}-help`} className="hint">
        {q.help}
      </span>
    ) : null
  const error = (q: Question) =>
    errorOf(q) ? (
      <span id={`${q.name}-error`} className="field-error">
        {t(`common:errors.survey.${errorOf(q)}`)}
      </span>
    ) : null
  const label = (q: Question) => (
    <>
      {q.text}
      {q.required ? <span className="required"> ({t('survey.required')})</span> : null}
    </>
  )
  const choices = (
    q: Question,
    type: 'radio' | 'checkbox',
    options: { value: string; label: string }[],
    name = q.name,
  ) => (
    <div className={options.length > 5 && type === 'radio' ? 'choices scale' : 'choices'}>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input type={type} name={name} value={o.value} defaultChecked={value(name).includes(o.value)} /> {o.label}
        </label>
      ))}
    </div>
  )
  const numbers = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ value: String(from + i), label: String(from + i) }))
  return (
    <>
      <h1>{survey.title}</h1>
      {page.index === 1 && survey.intro ? <p className="lede">{survey.intro}</p> : null}
      <p className="hint">{t(survey.anonymous ? 'survey.anonymousNote' : 'survey.namedNote')}</p>
      <p>
        <label htmlFor="survey-progress">{t('survey.progress', { index: page.index, count: page.count })}</label>{' '}
        <progress id="survey-progress" max={page.count} value={page.index}>
          {page.index}/{page.count}
        </progress>
      </p>
      <h2>{page.sectionTitle}</h2>
      {errors && Object.keys(errors).length ? (
        <p className="error-summary" role="alert">
          {t('common:errors.form.fix')}
        </p>
      ) : null}
      {submitError ? (
        <p className="error-summary" role="alert">
          {t(submitError.startsWith('errors.') ? `common:${submitError}` : submitError)}
        </p>
      ) : null}
      <Form method="post" className="stack wide survey" noValidate>
        <input type="hidden" name="section" value={page.index} />
        {page.formToken ? <input type="hidden" name="formToken" value={page.formToken} /> : null}
        {page.questions.map((q) => {
          if (q.kind === 'short_text' || q.kind === 'number') {
            return (
              <div className="field" key={q.id}>
                <label htmlFor={q.name}>{label(q)}</label>
                {help(q)}
                <input
                  id={q.name}
                  name={q.name}
                  type={q.kind === 'number' ? 'number' : 'text'}
                  inputMode={q.kind === 'number' ? 'numeric' : undefined}
                  min={q.min ?? undefined}
                  max={q.max ?? undefined}
                  maxLength={q.kind === 'short_text' ? 200 : undefined}
                  defaultValue={value(q.name)[0] ?? ''}
                  aria-invalid={Boolean(errorOf(q))}
                  aria-describedby={describedBy(q)}
                />
                {error(q)}
              </div>
            )
          }
          if (q.kind === 'long_text') {
            return (
              <div className="field" key={q.id}>
                <label htmlFor={q.name}>{label(q)}</label>
                {help(q)}
                <textarea
                  id={q.name}
                  name={q.name}
                  rows={5}
                  maxLength={5000}
                  defaultValue={value(q.name)[0] ?? ''}
                  aria-invalid={Boolean(errorOf(q))}
                  aria-describedby={describedBy(q)}
                />
                {error(q)}
              </div>
            )
          }
          if (q.kind === 'likert') {
            return (
              <fieldset key={q.id} aria-describedby={describedBy(q)} aria-invalid={Boolean(errorOf(q))}>
                <legend>{label(q)}</legend>
                {help(q)}
                {error(q)}
                {q.statements.map((st) => (
                  <fieldset key={st.value} className="likert-row">
                    <legend>{st.label}</legend>
                    {choices(q, 'radio', q.options, st.name)}
                  </fieldset>
                ))}
              </fieldset>
            )
          }
          const options = q.kind === 'rating' ? numbers(1, 5) : q.kind === 'nps' ? numbers(0, 10) : q.options
          return (
            <fieldset key={q.id} aria-describedby={describedBy(q)} aria-invalid={Boolean(errorOf(q))}>
              <legend>{label(q)}</legend>
              {help(q)}
              {q.kind === 'rating' ? <span className="hint">{t('survey.ratingHint')}</span> : null}
              {q.kind === 'nps' ? <span className="hint">{t('survey.npsHint')}</span> : null}
              {choices(q, q.kind === 'multiple' ? 'checkbox' : 'radio', options)}
              {error(q)}
            </fieldset>
          )
        })}
        <div className="actions">
          <button type="submit" name="intent" value={last ? 'submit' : 'next'}>
            {last ? t('survey.submit') : t('survey.next')}
          </button>
          <button type="submit" name="intent" value="save" className="secondary">
            {t('survey.saveForLater')}
          </button>
          {page.index > 1 ? <Link to={`?s=${page.index - 1}`}>{t('survey.back')}</Link> : null}
        </div>
      </Form>
    </>
  )
}
