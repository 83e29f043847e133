import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES, QUESTION_KINDS } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LineProblems } from '~/components/LineProblems'
import { SurveySettingsFields } from '~/components/SurveySettings'
import { baseUrl, requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { languageName, timeZones } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { linesOf, QuestionSchema, SettingsSchema, usesOptions } from '~/lib/survey-form'
import { optionalLine, requiredLine } from '~/lib/validation'
import { utcToZoned } from '~/lib/zoned'
import { createPeopleFromLines } from '~/services/people/record.server'
import {
  addQuestion,
  addSection,
  copySurvey,
  deleteQuestion,
  getSurvey,
  hasResponses,
  publishSummary,
  renameSection,
  surveyDefinition,
  surveyEvents,
  surveyState,
  updateQuestion,
  updateSettings,
} from '~/services/surveys/builder.server'
import { invitationCounts, invite, sendReminders } from '~/services/surveys/invitations.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'surveys'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'staffSurveys', data?.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const survey = getSurvey(db, idParam(params.id))
  if (!survey) throw new Response('Not found', { status: 404 })
  const { bySection, questions } = surveyDefinition(db, survey.id)
  const editId = idField(new URL(request.url).searchParams.get('edit'))
  const editing = editId ? questions.find((q) => q.id === editId) : undefined
  if (editId && !editing) throw new Response('Not found', { status: 404 })
  const invitations = invitationCounts(db, survey.id)
  const day = (d: Date | null) => (d ? utcToZoned(d, timeZone).date : '')
  const settings: Record<string, string> = {
    slug: survey.slug,
    eventId: survey.eventId ? String(survey.eventId) : '',
    mode: survey.mode,
    anonymous: survey.anonymous ? 'on' : '',
    openAccess: survey.openAccess,
    opensDate: day(survey.opensAt),
    closesDate: day(survey.closesAt),
    timeZone,
  }
  for (const l of LANGUAGES) {
    settings[`title_${l}`] = survey.title[l] ?? ''
    settings[`intro_${l}`] = survey.intro?.[l] ?? ''
  }
  const questionValues = (q: (typeof questions)[number]): Record<string, string> => ({
    sectionId: String(q.sectionId),
    kind: q.kind,
    required: q.required ? 'on' : '',
    ...Object.fromEntries(
      LANGUAGES.flatMap((l) => [
        [`text_${l}`, q.text[l] ?? ''],
        [`help_${l}`, q.help?.[l] ?? ''],
      ]),
    ),
    options: linesOf(q.options),
    statements: linesOf(q.statements),
    showIf: q.showIfQuestionId ? `${q.showIfQuestionId}:${q.showIfValue}` : '',
    minValue: q.minValue === null ? '' : String(q.minValue),
    maxValue: q.maxValue === null ? '' : String(q.maxValue),
  })
  return {
    id: survey.id,
    slug: survey.slug,
    title: loc(survey.title, language),
    mode: survey.mode,
    state: surveyState(survey),
    summaryPublished: survey.summaryPublished,
    reminderRounds: survey.reminderRounds,
    locked: hasResponses(db, survey.id),
    settings,
    sections: bySection.map((s) => ({
      id: s.section.id,
      title: loc(s.section.title, language),
      titles: s.section.title,
      questions: s.questions.map((q) => ({
        id: q.id,
        kind: q.kind,
        required: q.required,
        text: loc(q.text, language),
        condition: q.showIfQuestionId ? { id: q.showIfQuestionId, value: q.showIfValue } : null,
      })),
    })),
    choices: questions
      .filter((q) => q.kind === 'single' || q.kind === 'multiple')
      .map((q) => ({
        id: q.id,
        sectionId: q.sectionId,
        text: loc(q.text, language),
        options: (q.options ?? []).map((o) => ({ value: o.value, label: loc(o.label, language) })),
      })),
    editing: editing ? { id: editing.id, values: questionValues(editing) } : null,
    invited: invitations.invited,
    completed: invitations.completed,
    events: surveyEvents(db, language),
    zones: timeZones(),
    language,
    url: `${baseUrl().replace(/\/$/, '')}/surveys/${survey.slug}`,
  }
}

const SectionSchema = z.object({
  title_en: requiredLine(200),
  title_fr: optionalLine(200),
  title_es: optionalLine(200),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const db = getDb()
  const survey = getSurvey(db, idParam(params.id))
  if (!survey) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]))
  const here = `/staff/surveys/${survey.id}`
  const fail = (errors: Record<string, string[] | undefined>, status = 400, extra: Record<string, unknown> = {}) =>
    data({ errors, values, intent: values.intent, ...extra }, { status })
  const errorKey = (e: string) => `errors.survey.${e}`
  switch (values.intent) {
    case 'settings': {
      const parsed = SettingsSchema.safeParse(values)
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors)
      const r = updateSettings(db, survey.id, parsed.data, staff.id)
      if (!r.ok) return fail({ form: [errorKey(r.error)] }, r.error === 'locked' ? 409 : 400)
      return redirectWithNotice(request, here, 'notices.survey.saved')
    }
    case 'section':
    case 'renameSection': {
      const parsed = SectionSchema.safeParse({
        title_en: values.title_en ?? '',
        title_fr: values.title_fr ?? '',
        title_es: values.title_es ?? '',
      })
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors)
      const title = {
        en: parsed.data.title_en,
        ...(parsed.data.title_fr ? { fr: parsed.data.title_fr } : {}),
        ...(parsed.data.title_es ? { es: parsed.data.title_es } : {}),
      }
      if (values.intent === 'section') addSection(db, survey.id, title)
      else if (!renameSection(db, survey.id, Number(values.sectionId), title))
        return fail({ form: ['errors.survey.notFound'] }, 404)
      return redirectWithNotice(request, here, 'notices.survey.saved')
    }
    case 'question': {
      const parsed = QuestionSchema.safeParse(values)
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors)
      const questionId = Number(values.questionId) || null
      const r = questionId
        ? updateQuestion(db, { surveyId: survey.id, questionId, question: parsed.data }, { actorId: staff.id })
        : addQuestion(db, { surveyId: survey.id, question: parsed.data }, { actorId: staff.id })
      if (!r.ok)
        return fail(
          { form: [errorKey(r.error)] },
          r.error === 'notFound' ? 404 : r.error === 'locked' || r.error === 'structureLocked' ? 409 : 400,
        )
      return redirectWithNotice(
        request,
        `${here}#questions`,
        questionId ? 'notices.survey.questionSaved' : 'notices.survey.questionAdded',
      )
    }
    case 'deleteQuestion': {
      const r = deleteQuestion(db, survey.id, Number(values.questionId), staff.id)
      if (!r.ok) return fail({ form: [errorKey(r.error)] }, r.error === 'locked' ? 409 : 404)
      return redirectWithNotice(request, here, 'notices.survey.questionDeleted')
    }
    case 'invite': {
      if (values.createUnknown === 'yes')
        createPeopleFromLines(db, { text: values.emails ?? '' }, { actorId: staff.id })
      const r = invite(
        db,
        { surveyId: survey.id, fromEvent: values.fromEvent === 'on', pasted: values.emails ?? '' },
        { actorId: staff.id, baseUrl: baseUrl() },
      )!
      if (r.failed.length || (r.invited === 0 && r.already === 0))
        return fail(r.invited + r.already ? {} : { emails: ['errors.survey.nobodyToInvite'] }, 400, {
          invitedResult: r,
        })
      return redirectWithNotice(request, here, 'notices.survey.invited')
    }
    case 'remind': {
      const r = sendReminders(db, { surveyId: survey.id }, { actorId: staff.id, baseUrl: baseUrl() })!
      return redirectWithNotice(request, here, r.queued ? 'notices.survey.reminded' : 'notices.survey.nobodyToRemind')
    }
    case 'publish':
      publishSummary(db, survey.id, values.published === '1', staff.id)
      return redirectWithNotice(
        request,
        here,
        values.published === '1' ? 'notices.survey.published' : 'notices.survey.unpublished',
      )
    case 'copy': {
      const id = copySurvey(db, survey.id, staff.id)!
      return redirectWithNotice(request, `/staff/surveys/${id}`, 'notices.survey.copied')
    }
    default:
      return fail({ form: ['errors.form.rejected'] })
  }
}

export default function ManageSurvey() {
  const { t } = useTranslation('surveys')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errorsFor = (intent: string) =>
    a?.intent === intent ? (a.errors as Record<string, string[] | undefined>) : undefined
  const valuesFor = (intent: string, fallback: Record<string, string>) =>
    a?.intent === intent ? (a.values as Record<string, string>) : fallback
  const formError = a?.errors && 'form' in a.errors ? (a.errors.form as string[]) : null
  const qv = valuesFor(
    'question',
    d.editing?.values ?? { sectionId: String(d.sections.at(-1)?.id ?? ''), kind: 'single' },
  )
  const qe = errorsFor('question')
  // The question form shows only the fields its kind uses; choosing a kind updates that at once.
  const questionCount = d.sections.reduce((n, s) => n + s.questions.length, 0)
  const formKey = d.editing ? `edit-${d.editing.id}` : `new-${questionCount}`
  const [kindChoice, setKindChoice] = useState<{ key: string; kind: string } | null>(null)
  const kind = kindChoice?.key === formKey ? kindChoice.kind : qv.kind
  const setKind = (next: string) => setKindChoice({ key: formKey, kind: next })
  const invited =
    a && 'invitedResult' in a
      ? (a.invitedResult as {
          invited: number
          already: number
          failed: { line: number; text: string; reason: 'noEmail' | 'unknown' }[]
        })
      : null
  return (
    <>
      <h1>{d.title}</h1>
      {questionCount === 0 ? (
        <p className="notice warn" role="status">
          {t('surveys.noQuestionsYet')}
        </p>
      ) : null}
      <p className="lede">
        {t(`surveys.states.${d.state}`)} · {t(`surveys.modes.${d.mode}`)} ·{' '}
        <Link to={`/analysis/surveys/${d.id}`}>{t('surveys.results')}</Link>
        {d.mode === 'open' ? (
          <>
            {' · '}
            {t('surveys.openLink')} <a href={d.url}>{d.url}</a>
          </>
        ) : null}
      </p>
      {formError ? (
        <p className="error-summary" role="alert">
          {formError.map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}
      <div className="actions">
        <Form method="post">
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="published" value={d.summaryPublished ? '0' : '1'} />
          <button type="submit" className="secondary">
            {d.summaryPublished ? t('surveys.unpublish') : t('surveys.publish')}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="copy" />
          <button type="submit" className="secondary">
            {t('surveys.copy')}
          </button>
        </Form>
      </div>

      {d.mode === 'invitation' ? (
        <section aria-labelledby="invitations">
          <h2 id="invitations">{t('surveys.invitations')}</h2>
          <p className="summary-figure">
            {t('surveys.invitationCounts', { invited: d.invited, completed: d.completed, rounds: d.reminderRounds })}
          </p>
          <Form method="post" className="stack wide" noValidate>
            <input type="hidden" name="intent" value="invite" />
            {d.settings.eventId ? (
              <div className="field">
                <label>
                  <input type="checkbox" name="fromEvent" defaultChecked /> {t('surveys.inviteEvent')}
                </label>
              </div>
            ) : null}
            <Field
              name="emails"
              label={t('surveys.invitePasted')}
              hint={t('surveys.invitePastedHint')}
              errors={errorsFor('invite')?.emails}
            >
              {(p) => <textarea {...p} rows={4} defaultValue={valuesFor('invite', {}).emails} />}
            </Field>
            {invited ? (
              <p role="status">{t('surveys.invitedResult', { invited: invited.invited, already: invited.already })}</p>
            ) : null}
            {invited?.failed.length ? (
              <LineProblems failed={invited.failed} createWith={{ intent: 'invite', field: 'emails' }} />
            ) : null}
            <div>
              <button type="submit">{t('surveys.sendInvitations')}</button>
            </div>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="remind" />
            <button type="submit" className="secondary" disabled={d.invited === d.completed}>
              {t('surveys.remind', { count: d.invited - d.completed, round: d.reminderRounds + 1 })}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="questions">
        <h2 id="questions">{t('surveys.questions')}</h2>
        {d.locked ? <p className="notice">{t('surveys.lockedNote')}</p> : null}
        {d.sections.map((s, i) => (
          <section key={s.id} aria-labelledby={`sec-${s.id}`} className="card">
            <h3 id={`sec-${s.id}`}>{t('surveys.sectionN', { n: i + 1, title: s.title })}</h3>
            <ol>
              {s.questions.map((q) => (
                <li key={q.id}>
                  {q.text} <span className="badge">{t(`surveys.kinds.${q.kind}`)}</span>{' '}
                  {q.required ? <span className="badge">{t('surveys.requiredBadge')}</span> : null}
                  {q.condition ? (
                    <span className="muted">
                      {' '}
                      {t('surveys.conditionNote', {
                        question: d.choices.find((c) => c.id === q.condition!.id)?.text ?? '',
                        answer:
                          d.choices
                            .find((c) => c.id === q.condition!.id)
                            ?.options.find((o) => o.value === q.condition!.value)?.label ?? '',
                      })}
                    </span>
                  ) : null}{' '}
                  <Link to={`?edit=${q.id}#question-form`} aria-label={`${t('surveys.edit')}: ${q.text}`}>
                    {t('surveys.edit')}
                  </Link>
                  {!d.locked ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="deleteQuestion" />
                      <input type="hidden" name="questionId" value={q.id} />
                      <button
                        type="submit"
                        className="secondary small"
                        aria-label={`${t('surveys.delete')}: ${q.text}`}
                      >
                        {t('surveys.delete')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ol>
            <details>
              <summary>{t('surveys.renameSection')}</summary>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="renameSection" />
                <input type="hidden" name="sectionId" value={s.id} />
                {LANGUAGES.map((l) => (
                  <Field
                    key={l}
                    name={`title_${l}`}
                    label={t('surveys.titleIn', { language: languageName(l, d.language) })}
                    defaultValue={s.titles[l] ?? ''}
                  />
                ))}
                <div>
                  <button type="submit" className="secondary">
                    {t('surveys.save')}
                  </button>
                </div>
              </Form>
            </details>
          </section>
        ))}
        {!d.locked ? (
          // Keyed by the number of sections: it empties once a section is added.
          <Form method="post" className="stack" noValidate key={`section-${d.sections.length}`}>
            <input type="hidden" name="intent" value="section" />
            <h3>{t('surveys.addSection')}</h3>
            {LANGUAGES.map((l) => (
              <Field
                key={l}
                name={`title_${l}`}
                label={t('surveys.titleIn', { language: languageName(l, d.language) })}
                errors={errorsFor('section')?.[`title_${l}`]}
              />
            ))}
            <div>
              <button type="submit" className="secondary">
                {t('surveys.addSection')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="question-form">
        <h2 id="question-form">{d.editing ? t('surveys.editQuestion') : t('surveys.addQuestion')}</h2>
        {d.locked && !d.editing ? (
          <p className="muted">{t('surveys.lockedNoAdd')}</p>
        ) : (
          // A new key after each question added empties the form (its fields are uncontrolled).
          <Form method="post" className="stack wide" key={formKey} noValidate>
            <input type="hidden" name="intent" value="question" />
            {d.editing ? <input type="hidden" name="questionId" value={d.editing.id} /> : null}
            {d.locked ? <p className="hint">{t('surveys.labelsOnly')}</p> : null}
            <Field name="sectionId" label={t('surveys.section')} errors={qe?.sectionId}>
              {(p) => (
                <select {...p} defaultValue={qv.sectionId}>
                  {d.sections.map((s, i) => (
                    <option key={s.id} value={s.id}>
                      {t('surveys.sectionN', { n: i + 1, title: s.title })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="kind" label={t('surveys.kind')} errors={qe?.kind}>
              {(p) => (
                <select {...p} defaultValue={qv.kind} onChange={(e) => setKind(e.currentTarget.value)}>
                  {QUESTION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`surveys.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="field">
              <label>
                <input type="checkbox" name="required" defaultChecked={qv.required === 'on'} />{' '}
                {t('surveys.requiredLabel')}
              </label>
            </div>
            {LANGUAGES.map((l) => (
              <Field
                key={`t${l}`}
                name={`text_${l}`}
                label={t('surveys.questionIn', { language: languageName(l, d.language) })}
                defaultValue={qv[`text_${l}`]}
                errors={qe?.[`text_${l}`]}
              />
            ))}
            {LANGUAGES.map((l) => (
              <Field
                key={`h${l}`}
                name={`help_${l}`}
                label={t('surveys.helpIn', { language: languageName(l, d.language) })}
                defaultValue={qv[`help_${l}`]}
                errors={qe?.[`help_${l}`]}
              />
            ))}
            <div hidden={!usesOptions(kind)}>
              <Field name="options" label={t('surveys.options')} hint={t('surveys.optionsHint')} errors={qe?.options}>
                {(p) => <textarea {...p} rows={5} defaultValue={qv.options} />}
              </Field>
            </div>
            <div hidden={kind !== 'likert'}>
              <Field
                name="statements"
                label={t('surveys.statements')}
                hint={t('surveys.statementsHint')}
                errors={qe?.statements}
              >
                {(p) => <textarea {...p} rows={4} defaultValue={qv.statements} />}
              </Field>
            </div>
            <Field name="showIf" label={t('surveys.showIf')} hint={t('surveys.showIfHint')} errors={qe?.showIf}>
              {(p) => (
                <select {...p} defaultValue={qv.showIf ?? ''}>
                  <option value="">{t('surveys.always')}</option>
                  {d.choices
                    .filter((c) => c.id !== d.editing?.id)
                    .map((c) => (
                      <optgroup key={c.id} label={c.text}>
                        {c.options.map((o) => (
                          <option key={o.value} value={`${c.id}:${o.value}`}>
                            {o.label}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                </select>
              )}
            </Field>
            <div hidden={kind !== 'number'} className="stack">
              <Field
                name="minValue"
                label={t('surveys.min')}
                type="number"
                defaultValue={qv.minValue}
                errors={qe?.minValue}
              />
              <Field
                name="maxValue"
                label={t('surveys.max')}
                type="number"
                defaultValue={qv.maxValue}
                errors={qe?.maxValue}
              />
            </div>
            <div>
              <button type="submit">{d.editing ? t('surveys.saveQuestion') : t('surveys.addQuestion')}</button>{' '}
              {d.editing ? <Link to=".">{t('surveys.cancelEdit')}</Link> : null}
            </div>
          </Form>
        )}
      </section>

      <section aria-labelledby="settings">
        <h2 id="settings">{t('surveys.settings')}</h2>
        <Form method="post" className="stack wide" noValidate>
          <input type="hidden" name="intent" value="settings" />
          <SurveySettingsFields
            values={valuesFor('settings', d.settings)}
            errors={errorsFor('settings')}
            events={d.events}
            zones={d.zones}
            locked={d.locked}
          />
          <div>
            <button type="submit">{t('surveys.save')}</button>
          </div>
        </Form>
      </section>
    </>
  )
}
