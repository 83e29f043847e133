import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { getStatement, volunteer } from '~/services/statements.server'
import { requireViewer } from '~/viewer.server'

export const handle = { i18n: ['participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'statements', data?.statement.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, language } = await requireViewer(request)
  const s = getStatement(getDb(), idParam(params.id), language)
  if (!s) throw new Response('Not found', { status: 404 })
  return {
    statement: {
      id: s.id,
      title: s.text.title,
      summary: s.text.summary,
      language: s.text.language,
      fallback: s.text.fallback,
      stage: s.stage,
      deadline: s.deadline,
      commentUrl: s.commentUrl,
    },
    open: s.stage === 'call_for_volunteers' || s.stage === 'drafting',
    already: s.volunteers.some((v) => v.personId === person.id),
    penholder: s.penholders.some((p) => p.personId === person.id),
    language,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { person } = await requireViewer(request)
  await readForm(request) // one button: no fields, but the body must be a form
  const statementId = idParam(params.id)
  const result = volunteer(getDb(), { statementId, personId: person.id })
  if (!result.ok)
    return data({ error: `errors.statement.${result.error}` }, { status: result.error === 'notFound' ? 404 : 409 })
  return redirectWithNotice(request, `/statements/${statementId}/volunteer`, 'notices.statement.volunteered')
}

/** One click from a call for volunteers: the statement in the reader's language and a button (signed in). */
export default function Volunteer() {
  const { t } = useTranslation('participation')
  const { statement: s, open, already, penholder, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <p>
        <Link to="/statements">{t('statements.title')}</Link>
      </p>
      <h1 lang={s.language}>{s.title}</h1>
      {s.fallback ? (
        <p className="muted" role="note">
          {t('common:events.fallbackNote')}
        </p>
      ) : null}
      {s.summary ? (
        <p className="pre-line" lang={s.language}>
          {s.summary}
        </p>
      ) : null}
      {s.deadline ? (
        <p>{t('statements.deadlineOn', { date: formatDate(new Date(`${s.deadline}T12:00:00Z`), language, 'UTC') })}</p>
      ) : null}
      {s.commentUrl ? (
        <p>
          <a href={s.commentUrl} rel="noopener noreferrer">
            {t('statements.proceeding')}
          </a>
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="error-summary" role="alert">
          {t(`common:${actionData.error}`)}
        </p>
      ) : null}
      {penholder ? (
        <p className="notice">{t('statements.youHoldThePen')}</p>
      ) : already ? (
        <p className="notice">{t('statements.youVolunteered')}</p>
      ) : open ? (
        <Form method="post">
          <button type="submit">{t('statements.volunteerButton')}</button>
        </Form>
      ) : (
        <p className="notice warn">{t('statements.closedForVolunteers')}</p>
      )}
    </>
  )
}
