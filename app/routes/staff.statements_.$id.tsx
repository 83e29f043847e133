import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { STATEMENT_STAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { listAudiences } from '~/services/newsletters/audiences.server'
import {
  advanceStatement,
  callForVolunteers,
  choosePenholders,
  getStatement,
  nextStages,
  PIPELINE,
} from '~/services/statements.server'
import { requireViewer } from '~/viewer.server'

export const handle = { i18n: ['participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'staffStatements', data?.statement.text.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const statement = getStatement(db, idParam(params.id), language)
  if (!statement) throw new Response('Not found', { status: 404 })
  return {
    statement,
    next: nextStages(statement.stage),
    pipeline: PIPELINE,
    audiences: statement.stage === 'call_for_volunteers' ? listAudiences(db) : [],
    language,
  }
}

type ActionData = { errors: Record<string, string[]>; queued?: number }

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const statementId = idParam(params.id)
  const form = await readForm(request)
  const here = `/staff/statements/${statementId}`
  const fail = (errors: ActionData['errors'], status = 400) => data<ActionData>({ errors }, { status })
  switch (form.get('intent')) {
    case 'stage': {
      const stage = z.enum(STATEMENT_STAGES).safeParse(form.get('stage'))
      if (!stage.success) return fail({ stage: ['errors.field.invalid'] })
      const result = advanceStatement(db, { statementId, stage: stage.data }, { actorId: staff.id })
      if (!result.ok)
        return fail({ stage: [`errors.statement.${result.error}`] }, result.error === 'notFound' ? 404 : 409)
      return redirectWithNotice(request, here, 'notices.statement.stage')
    }
    case 'call': {
      const audienceId = Number(form.get('audienceId'))
      const result = await callForVolunteers(
        db,
        { statementId, audienceId: Number.isInteger(audienceId) ? audienceId : 0 },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
      if (!result.ok)
        return fail({ audienceId: [`errors.statement.${result.error}`] }, result.error === 'notFound' ? 404 : 400)
      return data<ActionData>({ errors: {}, queued: result.queued })
    }
    case 'penholders': {
      const ids = form
        .getAll('penholderIds')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0)
      const result = choosePenholders(db, { statementId, personIds: ids }, { actorId: staff.id })
      if (!result.ok)
        return fail({ penholderIds: [`errors.statement.${result.error}`] }, result.error === 'notFound' ? 404 : 400)
      return redirectWithNotice(request, here, 'notices.statement.penholders')
    }
  }
  return fail({ form: ['errors.form.rejected'] })
}

/** One statement for staff: its stage and dates, the call for volunteers, and the penholders chosen from them. */
export default function StaffStatement() {
  const { t } = useTranslation('participation')
  const { statement: s, next, pipeline, audiences, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors
  const day = (d: string) => formatDate(new Date(`${d}T12:00:00Z`), language, 'UTC')
  const penholders = new Set(s.penholders.map((p) => p.personId))
  return (
    <>
      <p>
        <Link to="/staff/statements">{t('statements.staffTitle')}</Link>
      </p>
      <div className="page-head">
        <h1 lang={s.text.language}>{s.text.title}</h1>
        <p className="lede">
          {t(`statements.kinds.${s.kind}`)} ·{' '}
          <span className={`badge ${s.stage === 'submitted' ? 'ok' : s.stage === 'withdrawn' ? '' : 'warn'}`}>
            {t(`statements.stages.${s.stage}`)}
          </span>
          {s.deadline ? ` · ${t('statements.deadlineOn', { date: day(s.deadline) })}` : ''}
        </p>
        {s.commentUrl ? (
          <p>
            <a href={s.commentUrl} rel="noopener noreferrer">
              {t('statements.proceeding')}
            </a>
          </p>
        ) : null}
      </div>
      {s.text.summary ? <p className="pre-line">{s.text.summary}</p> : null}

      <section aria-labelledby="stages">
        <h2 id="stages">{t('statements.stage')}</h2>
        <ol className="stage-list">
          {[...pipeline, ...(s.stage === 'withdrawn' ? (['withdrawn'] as const) : [])].map((stage) => (
            <li key={stage} aria-current={stage === s.stage ? 'step' : undefined}>
              <strong>{t(`statements.stages.${stage}`)}</strong>
              {s.stageDates[stage] ? <span className="muted"> · {day(s.stageDates[stage]!)}</span> : null}
            </li>
          ))}
        </ol>
        {next.length ? (
          <Form method="post" className="inline-actions">
            <input type="hidden" name="intent" value="stage" />
            {next.map((stage) => (
              <button
                key={stage}
                type="submit"
                name="stage"
                value={stage}
                className={stage === 'withdrawn' ? 'small danger' : stage === next[0] ? 'small' : 'small secondary'}
              >
                {t(`statements.moveTo.${stage}`)}
              </button>
            ))}
          </Form>
        ) : null}
        {errors?.stage ? (
          <p className="field-error" role="alert">
            {t(`common:${errors.stage[0]}`)}
          </p>
        ) : null}
      </section>

      {s.stage === 'call_for_volunteers' ? (
        <section aria-labelledby="call">
          <h2 id="call">{t('statements.callTitle')}</h2>
          <p className="hint">{t('statements.callHint')}</p>
          {actionData?.queued !== undefined ? (
            <p className="notice" role="status">
              {t('statements.callQueued', { count: actionData.queued, n: formatNumber(actionData.queued, language) })}
            </p>
          ) : null}
          <Form method="post" className="filters">
            <input type="hidden" name="intent" value="call" />
            <Field name="audienceId" label={t('statements.audience')} errors={errors?.audienceId}>
              {(p) => (
                <select {...p}>
                  {audiences.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name} ({formatNumber(a.counts.recipients, language)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div>
              <button type="submit">{t('statements.sendCall')}</button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="volunteers">
        <h2 id="volunteers">
          {t('statements.volunteers')} ({formatNumber(s.volunteers.length, language)})
        </h2>
        {s.volunteers.length ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="penholders" />
            <fieldset aria-describedby={errors?.penholderIds ? 'penholders-error' : undefined}>
              <legend>{t('statements.choosePenholders')}</legend>
              {s.volunteers.map((v) => (
                <label key={v.personId} className="check">
                  <input
                    type="checkbox"
                    name="penholderIds"
                    value={v.personId}
                    defaultChecked={penholders.has(v.personId)}
                  />{' '}
                  {v.name} <span className="muted">{v.regionCode ?? ''}</span>
                </label>
              ))}
              {errors?.penholderIds ? (
                <span id="penholders-error" className="field-error">
                  {t(`common:${errors.penholderIds[0]}`)}
                </span>
              ) : null}
            </fieldset>
            <div>
              <button type="submit">{t('statements.savePenholders')}</button>
            </div>
          </Form>
        ) : (
          <p className="muted">{t('statements.noVolunteers')}</p>
        )}
        <p>
          {t('statements.penholders')}
          {t('common:colon')}
          {s.penholders.map((p) => p.name).join(', ') || '—'}
        </p>
      </section>
    </>
  )
}
