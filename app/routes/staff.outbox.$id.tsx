import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDateTime, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { getOutboxMessage, retryOutboxMessage } from '~/services/outbox.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'outbox', data?.message.subject)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const message = getOutboxMessage(getDb(), idParam(params.id))
  if (!message) throw new Response('Not found', { status: 404 })
  const { html: _html, ...rest } = message
  return { message: rest, language, timeZone }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, 'staff')
  await readForm(request) // a retry button: no fields, but the body must be a form
  const id = idParam(params.id)
  const ok = retryOutboxMessage(getDb(), id)
  return redirectWithNotice(request, `/staff/outbox/${id}`, ok ? 'notices.mailRequeued' : 'notices.mailNotRequeued')
}

export default function OutboxMessage() {
  const { t } = useTranslation('staff')
  const { message, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/staff/outbox">← {t('outbox.title')}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="details">
        <dt>{t('outbox.to')}</dt>
        <dd>{message.toAddress}</dd>
        <dt>{t('outbox.language')}</dt>
        <dd>{languageName(message.language, language)}</dd>
        <dt>{t('outbox.kind')}</dt>
        <dd>{message.kind}</dd>
        <dt>{t('outbox.statusLabel')}</dt>
        <dd>
          {t(`outbox.status.${message.status}`)}
          {message.attempts ? ` · ${t('outbox.attempts', { count: message.attempts })}` : ''}
        </dd>
        <dt>{t('outbox.created')}</dt>
        <dd>{formatDateTime(new Date(message.createdAt), language, timeZone)}</dd>
        {message.sentAt ? (
          <>
            <dt>{t('outbox.sent')}</dt>
            <dd>{formatDateTime(new Date(message.sentAt), language, timeZone)}</dd>
          </>
        ) : null}
        {message.lastError ? (
          <>
            <dt>{t('outbox.error')}</dt>
            <dd className="field-error">{message.lastError}</dd>
          </>
        ) : null}
        <dt>Message-ID</dt>
        <dd>
          <code>{message.messageId}</code>
        </dd>
        {message.attachments?.length ? (
          <>
            <dt>{t('outbox.attachments')}</dt>
            <dd>
              {message.attachments.map((a) => `${a.filename}${a.method ? ` (METHOD:${a.method})` : ''}`).join(', ')}
            </dd>
          </>
        ) : null}
      </dl>
      {message.status === 'failed' ? (
        <Form method="post">
          <button type="submit">{t('outbox.retry')}</button>
        </Form>
      ) : null}
      <h2>{t('outbox.htmlPart')}</h2>
      <iframe className="mail-frame" title={t('outbox.htmlPart')} src={`/staff/outbox/${message.id}/html`} sandbox="" />
      <h2>{t('outbox.textPart')}</h2>
      <pre className="mail-text">{message.text}</pre>
    </>
  )
}
